"""An upload's life after its job: deleted, or kept sealed for the annotated report (issue #12)."""

import os
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, modes

__all__ = ["SEALED_SUFFIX", "release_upload", "unseal_upload"]

# The upload of a finished job is deleted; one with bad rows is kept sealed (SM4-GCM under the data key, bound to
# its job) for SHEQU_IMPORT_REPORT_HOURS, only so that its owner can download the annotated report (issue #12).
SEALED_SUFFIX = ".sealed"
_SEALED_MAGIC = b"shequ-sealed-upload:1\n"


def release_upload(path: Path, job_id: int, *, keep: bool) -> str:
    """Delete the plaintext upload at `path`; if `keep`, first seal it. Returns the path to store on the job."""
    if not path.exists():
        return ""
    if not keep:
        path.unlink()
        return ""
    from shequ.core.crypto import keyring

    ring = keyring()
    nonce = os.urandom(12)
    encryptor = Cipher(ring.algorithms[ring.active], modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(f"import-upload:{job_id}".encode())
    sealed = path.with_name(path.name + SEALED_SUFFIX)
    with (
        path.open("rb") as source,
        os.fdopen(os.open(sealed, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out,
    ):
        out.write(_SEALED_MAGIC + ring.active.encode() + b"\n" + nonce)
        for block in iter(lambda: source.read(1 << 20), b""):
            out.write(encryptor.update(block))
        out.write(encryptor.finalize() + encryptor.tag)
    path.unlink()
    return str(sealed)


def unseal_upload(sealed: Path, job_id: int, target: Path) -> None:
    """Decrypt a sealed upload into `target` (created owner-only); raises DecryptionError if it does not verify."""
    from shequ.core.crypto import DecryptionError, keyring

    data = sealed.read_bytes()
    if not data.startswith(_SEALED_MAGIC):
        raise DecryptionError("Not a sealed upload.")
    kid, _newline, rest = data[len(_SEALED_MAGIC) :].partition(b"\n")
    ring = keyring()
    if kid.decode() not in ring.algorithms:
        raise DecryptionError(f"Unknown key id {kid.decode()!r}.")
    nonce, body, tag = rest[:12], rest[12:-16], rest[-16:]
    decryptor = Cipher(ring.algorithms[kid.decode()], modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(f"import-upload:{job_id}".encode())
    with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
        out.write(decryptor.update(body))
        try:
            decryptor.finalize()
        except Exception as error:  # cryptography's InvalidTag
            out.close()
            target.unlink()
            raise DecryptionError("The sealed upload does not authenticate.") from error
