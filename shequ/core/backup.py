"""Backup and restore of the database and the data-key file (issue #12, GB/T 22239 level 3 recovery, PIPL).

A backup directory holds:

* the database copy: ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the site runs, WAL
  included) or ``database.pgdump`` (``pg_dump`` in its custom format, taken in the same snapshot as the counts);
* ``data-keys.enc``: the data-key file (``SHEQU_DATA_KEY_FILE``) encrypted with SM4-GCM under a key derived from a
  passphrase by scrypt. Without the passphrase the copy's personal data stays ciphertext;
* ``manifest.json``: the time, engine, Django migration state, the row count of every table and the SHA-256 of every
  file. ``restore`` verifies every checksum before it touches anything and the counts after.
"""

import base64
import hashlib
import json
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.db import connections, transaction

__all__ = [
    "BackupError",
    "backup",
    "decrypt_key_file",
    "encrypt_key_file",
    "read_passphrase",
    "restore",
    "snapshot",
    "verify",
]

FORMAT = 1
MANIFEST = "manifest.json"
KEY_ENVELOPE = "data-keys.enc"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
PASSPHRASE_ENV = "SHEQU_BACKUP_PASSPHRASE"
MIN_PASSPHRASE = 12
# scrypt at 2**15 × 8: 32 MiB and about a tenth of a second per try, for the one derivation a backup needs.
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
KEY_AAD = b"shequ-backup:data-keys:v1"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# ---------------------------------------------------------------------------------------------------------------------
# Passphrase and the encrypted key file
# ---------------------------------------------------------------------------------------------------------------------


def read_passphrase(passphrase_file: str | None) -> bytes:
    """The passphrase from `passphrase_file` (its first line) or the environment variable SHEQU_BACKUP_PASSPHRASE."""
    if passphrase_file:
        try:
            text = Path(passphrase_file).read_text().splitlines()[0] if Path(passphrase_file).stat().st_size else ""
        except OSError as error:
            raise BackupError(f"Cannot read the passphrase file {passphrase_file}: {error.strerror}.") from error
    else:
        text = os.environ.get(PASSPHRASE_ENV, "")
    if not text:
        raise BackupError(f"No passphrase: give --passphrase-file or set {PASSPHRASE_ENV}.")
    if len(text) < MIN_PASSPHRASE:
        raise BackupError(f"The passphrase must be at least {MIN_PASSPHRASE} characters.")
    return text.encode()


def _derive(passphrase: bytes, salt: bytes, params: dict) -> bytes:
    return Scrypt(salt=salt, length=16, n=params["n"], r=params["r"], p=params["p"]).derive(passphrase)


def encrypt_key_file(plaintext: bytes, passphrase: bytes) -> bytes:
    """The key file as a JSON envelope: scrypt parameters and salt, SM4-GCM nonce, ciphertext and tag."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    encryptor = Cipher(algorithms.SM4(_derive(passphrase, salt, SCRYPT)), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(KEY_AAD)
    body = encryptor.update(plaintext) + encryptor.finalize() + encryptor.tag
    envelope = {
        "format": FORMAT,
        "kdf": {"name": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode()},
        "cipher": "SM4-GCM",
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(body).decode(),
    }
    return json.dumps(envelope, indent=1).encode()


def decrypt_key_file(envelope: bytes, passphrase: bytes) -> bytes:
    try:
        data = json.loads(envelope)
        kdf, body = data["kdf"], base64.b64decode(data["ciphertext"])
        if data["cipher"] != "SM4-GCM" or kdf["name"] != "scrypt":
            raise BackupError(f"Unknown key envelope ({data['cipher']}, {kdf['name']}).")
        key = _derive(passphrase, base64.b64decode(kdf["salt"]), kdf)
        nonce = base64.b64decode(data["nonce"])
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{KEY_ENVELOPE} is not a key envelope this version can read.") from error
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, body[-16:])).decryptor()
    decryptor.authenticate_additional_data(KEY_AAD)
    try:
        return decryptor.update(body[:-16]) + decryptor.finalize()
    except InvalidTag as error:
        raise BackupError("The passphrase does not open the backup's key file (wrong passphrase?).") from error


# ---------------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_private(path: Path, data: bytes) -> None:
    """Write `data` readable by the owner only (0600), atomically."""
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups cover SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _counts_and_migrations(cursor, tables: list[str], quote) -> tuple[dict[str, int], dict[str, list[str]]]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return counts, migrations


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall()
    return [name for (name,) in rows]


def _pg_command(program: str, settings_dict: dict) -> tuple[list[str], dict]:
    """`program` from PATH with the connection arguments of `settings_dict`; the password goes in the environment."""
    binary = shutil.which(program)
    if binary is None:
        raise BackupError(
            f"{program} is not on PATH. Install the PostgreSQL client of the server's major version "
            f"(Debian: apt-get install postgresql-client) and run again."
        )
    args = [binary]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args.append(f"{flag}={settings_dict[key]}")
    env = os.environ.copy()
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    if (settings_dict.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    return args, env


def _run(args: list[str], env: dict, what: str) -> None:
    completed = subprocess.run(args, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        raise BackupError(f"{what} failed ({completed.returncode}): {completed.stderr.strip()[-2000:]}")


def _live_counts(alias: str = "default") -> tuple[dict[str, int], dict[str, list[str]]]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return _counts_and_migrations(cursor, tables, connection.ops.quote_name)


# ---------------------------------------------------------------------------------------------------------------------
# Backup
# ---------------------------------------------------------------------------------------------------------------------


def backup(destination: str | Path, passphrase: bytes, *, alias: str = "default") -> dict:
    """Copy the database and the encrypted key file into `destination` (new or empty); returns the manifest."""
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty: give a new directory for each backup.")
    key_file = Path(settings.DATA_KEY_FILE)
    if not key_file.is_file():
        raise BackupError(f"The data-key file {key_file} does not exist.")
    engine = _engine(alias)
    destination.mkdir(mode=0o700, parents=True, exist_ok=True)
    destination.chmod(0o700)
    started = datetime.now(UTC)
    database_file = destination / DATABASE_FILES[engine]
    if engine == "sqlite":
        counts, migrations = _backup_sqlite(connections[alias].settings_dict["NAME"], database_file)
    else:
        counts, migrations = _backup_postgresql(alias, database_file)
    database_file.chmod(0o600)
    _write_private(destination / KEY_ENVELOPE, encrypt_key_file(key_file.read_bytes(), passphrase))
    manifest = {
        "format": FORMAT,
        "created": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": socket.gethostname(),
        "engine": engine,
        "database": DATABASE_FILES[engine],
        "key_file": KEY_ENVELOPE,
        "migrations": migrations,
        "tables": counts,
        "files": {
            name: {"sha256": _sha256(destination / name), "bytes": (destination / name).stat().st_size}
            for name in (DATABASE_FILES[engine], KEY_ENVELOPE)
        },
    }
    _write_private(destination / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return manifest


def _backup_sqlite(source: str | Path, target: Path):
    """SQLite's online backup API in one step: a read snapshot that includes committed WAL frames and lets the
    site's writers go on. The copy is switched to a rollback journal so that it is one self-contained file."""
    if not Path(source).is_file():
        raise BackupError(f"The SQLite database {source} does not exist.")
    live = sqlite3.connect(source, timeout=60)
    copy = sqlite3.connect(target)
    try:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        problem = copy.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise BackupError(f"The copy fails SQLite's quick_check: {problem}")
        return _counts_and_migrations(copy.cursor(), _sqlite_tables(copy), _sqlite_quote)
    finally:
        copy.close()
        live.close()


def _backup_postgresql(alias: str, target: Path):
    """pg_dump in the custom format, from a snapshot exported by a REPEATABLE READ transaction in which the row
    counts and the migration state are read too: the manifest describes exactly the dump."""
    connection = connections[alias]
    settings_dict = connection.settings_dict
    args, env = _pg_command("pg_dump", settings_dict)
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        _run(
            [*args, "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}", settings_dict["NAME"]],
            env,
            "pg_dump",
        )
        tables = connection.introspection.table_names(cursor)
        return _counts_and_migrations(cursor, tables, connection.ops.quote_name)


# ---------------------------------------------------------------------------------------------------------------------
# Restore
# ---------------------------------------------------------------------------------------------------------------------


def verify(source: str | Path) -> dict:
    """The manifest of the backup in `source`, after checking that every file it lists has its checksum."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{source} holds no {MANIFEST}: not a backup directory.") from error
    except ValueError as error:
        raise BackupError(f"{source / MANIFEST} is not valid JSON.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')!r} is not one this version reads ({FORMAT}).")
    expected = {manifest["database"], manifest["key_file"]}
    if set(manifest["files"]) != expected:
        raise BackupError(f"The manifest lists {sorted(manifest['files'])}, expected {sorted(expected)}.")
    for name, entry in sorted(manifest["files"].items()):
        path = source / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup.")
        actual = _sha256(path)
        if actual != entry["sha256"]:
            raise BackupError(f"Checksum mismatch for {name}: manifest {entry['sha256']}, file {actual}.")
    return manifest


def restore(source: str | Path, passphrase: bytes, *, force: bool = False, alias: str = "default") -> dict:
    """Restore the backup in `source` into the configured database (which must be empty unless `force`) and key
    file. Checksums, the engine and the passphrase are all checked before anything is written."""
    source = Path(source)
    manifest = verify(source)
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {ENGINE_NAMES.get(manifest['engine'], manifest['engine'])} database; the configured "
            f"database is {ENGINE_NAMES[engine]}. Restore it into a {ENGINE_NAMES.get(manifest['engine'])} database "
            f"(set SHEQU_DATABASE_URL accordingly)."
        )
    keys = decrypt_key_file((source / manifest["key_file"]).read_bytes(), passphrase)
    connection = connections[alias]
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
    if existing and not force:
        raise BackupError(
            f"The configured database is not empty ({len(existing)} tables). Restore into an empty database, or "
            f"give --force to replace its contents."
        )
    database_file = source / manifest["database"]
    if engine == "sqlite":
        connection.close()
        _restore_sqlite(database_file, connection.settings_dict["NAME"])
    else:
        _restore_postgresql(alias, database_file, existing)
    replaced = _install_key_file(keys)
    connection.close()
    counts, migrations = _live_counts(alias)
    if counts != manifest["tables"] or migrations != manifest["migrations"]:
        differing = sorted(
            t for t in set(counts) | set(manifest["tables"]) if counts.get(t) != manifest["tables"].get(t)
        )
        raise BackupError(f"Restored, but the database differs from the manifest: tables {differing[:20]}.")
    from shequ.core.crypto import keyring

    keyring.cache_clear()
    return {"manifest": manifest, "replaced_key_file": replaced}


def _restore_sqlite(copy_path: Path, target: str | Path) -> None:
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    copy = sqlite3.connect(f"file:{copy_path}?mode=ro", uri=True)
    live = sqlite3.connect(target, timeout=60)
    try:
        copy.backup(live)
    finally:
        live.close()
        copy.close()
    Path(target).chmod(0o600)


def _restore_postgresql(alias: str, dump: Path, existing: list[str]) -> None:
    connection = connections[alias]
    args, env = _pg_command("pg_restore", connection.settings_dict)
    if existing:
        quote = connection.ops.quote_name
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS " + ", ".join(quote(t) for t in existing) + " CASCADE")
    connection.close()
    _run(
        [
            *args,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env,
        "pg_restore",
    )


def _install_key_file(keys: bytes) -> Path | None:
    """Write the restored key file. A different key file already there is kept beside it, never overwritten: it may
    be the only copy of another database's keys. Returns where it was moved, if it was."""
    key_file = Path(settings.DATA_KEY_FILE)
    key_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    replaced = None
    if key_file.exists():
        if key_file.read_bytes() == keys:
            return None
        replaced = key_file.with_name(f"{key_file.name}.before-restore-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
        os.replace(key_file, replaced)
    _write_private(key_file, keys)
    return replaced


# ---------------------------------------------------------------------------------------------------------------------
# The restore drill's view of a database
# ---------------------------------------------------------------------------------------------------------------------


def snapshot(sample: int = 20) -> dict:
    """Row counts of every table and, for the first `sample` records of every register with protected values
    (ID numbers, phones, addresses: DESIGN.md §5), digests of their decrypted values (through `reveal()`): what the
    drill compares between the source and the restored database. Digests, not values, so that no personal data is
    written to the drill's files. The registers are found, not named: core knows no domain app (ADR 0010)."""
    from django.apps import apps

    from shequ.core.models import ProtectedValuesMixin

    counts, migrations = _live_counts()
    protected: dict[str, dict] = {}
    for model in apps.get_models():
        if not issubclass(model, ProtectedValuesMixin):
            continue
        names = [
            f.name.removesuffix("_encrypted") for f in model._meta.concrete_fields if f.name.endswith("_encrypted")
        ]
        rows = {}
        for record in model._base_manager.order_by("pk")[:sample]:
            plain = {name: record.reveal(name) for name in names}
            rows[str(record.pk)] = {
                "digest": hashlib.sha256("|".join(plain.values()).encode()).hexdigest(),
                **{f"has_{name}": bool(value) for name, value in plain.items()},
            }
        protected[model._meta.label_lower] = rows
    return {"tables": counts, "migrations": migrations, "protected": protected}
