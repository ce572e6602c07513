"""Field encryption and blind indexes with the Chinese commercial algorithms (DESIGN.md §5, reliability-security §4).

* SM4-GCM (GB/T 32907 block cipher in GCM) encrypts each personal-data field. The stored text is
  ``<key id>:<base64(nonce ‖ ciphertext ‖ tag)>``; the field name is bound in as associated data, so a ciphertext
  copied into another field does not decrypt.
* HMAC-SM3 (GB/T 32905) over the normalised value gives the blind index: equality search, uniqueness and
  idempotent import without decrypting anything.

Keys come from the key file named by ``SHEQU_DATA_KEY_FILE`` (created in ``var/`` for development), never the repo:
``{"active": "k1", "keys": {"k1": "<32 hex>"}, "index_key": "<64 hex>"}``.
"""

import base64
import json
import os
import secrets
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

__all__ = ["DecryptionError", "KeyRing", "blind_index", "decrypt", "encrypt", "keyring", "sm3_hex"]

NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(ValueError):
    """Ciphertext that does not authenticate: wrong key, wrong field or tampering."""


class KeyRing:
    def __init__(self, active: str, keys: dict[str, bytes], index_key: bytes):
        if active not in keys:
            raise ValueError(f"Active key {active!r} is not in the key file.")
        if any(len(key) != 16 for key in keys.values()):
            raise ValueError("SM4 keys are 128 bits (32 hex digits).")
        self.active, self.keys, self.index_key = active, keys, index_key
        # One cipher algorithm object per key: building it (and checking the key) was a third of each encryption.
        self.algorithms = {kid: algorithms.SM4(key) for kid, key in keys.items()}

    @classmethod
    def load(cls, path: str | Path) -> "KeyRing":
        data = json.loads(Path(path).read_text())
        return cls(
            data["active"],
            {kid: bytes.fromhex(key) for kid, key in data["keys"].items()},
            bytes.fromhex(data["index_key"]),
        )


@cache
def keyring() -> KeyRing:
    return KeyRing.load(settings.DATA_KEY_FILE)


def add_key(path: str | Path) -> str:
    """Add a new SM4 key to the key file and make it active; returns its id (used by `rotate_data_key`)."""
    path = Path(path)
    data = json.loads(path.read_text())
    number = max(int(kid.lstrip("k")) for kid in data["keys"]) + 1
    kid = f"k{number}"
    data["keys"][kid] = secrets.token_hex(16)
    data["active"] = kid
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data))
    temporary.chmod(0o600)
    os.replace(temporary, path)
    keyring.cache_clear()
    return kid


def encrypt(plaintext: str, *, field: str, ring: KeyRing | None = None) -> str:
    ring = ring or keyring()
    nonce = secrets.token_bytes(NONCE_BYTES)
    encryptor = Cipher(ring.algorithms[ring.active], modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(field.encode())
    body = encryptor.update(plaintext.encode()) + encryptor.finalize()
    return f"{ring.active}:{base64.b64encode(nonce + body + encryptor.tag).decode()}"


def decrypt(token: str, *, field: str, ring: KeyRing | None = None) -> str:
    ring = ring or keyring()
    kid, _sep, payload = token.partition(":")
    if kid not in ring.keys:
        raise DecryptionError(f"Unknown key id {kid!r}.")
    raw = base64.b64decode(payload)
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(ring.algorithms[kid], modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(field.encode())
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except Exception as error:  # cryptography raises InvalidTag
        raise DecryptionError("Ciphertext does not authenticate.") from error


def key_id_of(token: str) -> str:
    return token.partition(":")[0]


def blind_index(value: str, *, kind: str, ring: KeyRing | None = None) -> str:
    """HMAC-SM3 of `kind` and the normalised value, hex; the same person's ID number always gives the same index."""
    ring = ring or keyring()
    mac = hmac.HMAC(ring.index_key, hashes.SM3())
    mac.update(f"{kind}\x00{value}".encode())
    return mac.finalize().hex()


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()
