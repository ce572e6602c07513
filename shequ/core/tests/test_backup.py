"""Backup and restore (issue #12, recovery): the encrypted key file, SQLite's online copy, the checks restore makes
before it writes, and the two commands end to end on a real database file in a separate process."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from shequ.core import backup as backups
from shequ.core.backup import BackupError

ROOT = Path(__file__).resolve().parents[3]
PASSPHRASE = b"correct horse battery staple"


# ---------------------------------------------------------------------------------------------------------------------
# The key envelope and the passphrase
# ---------------------------------------------------------------------------------------------------------------------


def test_key_file_round_trips_and_holds_no_plaintext():
    keys = b'{"active": "k1", "keys": {"k1": "00112233445566778899aabbccddeeff"}, "index_key": "ab"}'
    envelope = backups.encrypt_key_file(keys, PASSPHRASE)
    data = json.loads(envelope)
    assert (data["cipher"], data["kdf"]["name"], data["kdf"]["n"], data["kdf"]["r"]) == ("SM4-GCM", "scrypt", 2**15, 8)
    # The key id as the key file writes it, quoted: base64 has no quotes, so a bare "k1" may occur in the
    # ciphertext by chance (about one run in fifty), a quoted one never.
    assert b"00112233445566778899aabbccddeeff" not in envelope
    assert b'"k1"' not in envelope and b'"active"' not in envelope
    assert backups.decrypt_key_file(envelope, PASSPHRASE) == keys
    # A fresh salt and nonce each time: two envelopes of the same file differ.
    assert backups.encrypt_key_file(keys, PASSPHRASE) != envelope


def test_wrong_passphrase_or_tampered_envelope_is_refused():
    envelope = backups.encrypt_key_file(b"{}", PASSPHRASE)
    refusal = r"^The passphrase does not open the backup's key file \(wrong passphrase\?\)\.$"
    with pytest.raises(BackupError, match=refusal):
        backups.decrypt_key_file(envelope, b"another passphrase!")
    data = json.loads(envelope)
    data["kdf"]["salt"] = "AAAAAAAAAAAAAAAAAAAAAA=="
    with pytest.raises(BackupError, match="wrong passphrase"):
        backups.decrypt_key_file(json.dumps(data).encode(), PASSPHRASE)
    with pytest.raises(BackupError, match=r"^data-keys.enc is not a key envelope this version can read\.$"):
        backups.decrypt_key_file(b"not json", PASSPHRASE)


def test_passphrase_from_file_or_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("SHEQU_BACKUP_PASSPHRASE", raising=False)
    with pytest.raises(BackupError, match=r"^No passphrase: give --passphrase-file or set SHEQU_BACKUP_PASSPHRASE\.$"):
        backups.read_passphrase(None)
    monkeypatch.setenv("SHEQU_BACKUP_PASSPHRASE", "short")
    with pytest.raises(BackupError, match=r"^The passphrase must be at least 12 characters\.$"):
        backups.read_passphrase(None)
    monkeypatch.setenv("SHEQU_BACKUP_PASSPHRASE", "from the environment")
    assert backups.read_passphrase(None) == b"from the environment"
    path = tmp_path / "passphrase"
    path.write_text("from a file, first line\nignored\n")
    assert backups.read_passphrase(str(path)) == b"from a file, first line"
    with pytest.raises(BackupError, match=r"^Cannot read the passphrase file .*/missing: No such file or directory\.$"):
        backups.read_passphrase(str(tmp_path / "missing"))


def test_missing_pg_dump_is_named(monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda program: None)
    with pytest.raises(BackupError) as caught:
        backups._pg_command("pg_dump", {"NAME": "shequ"})
    assert str(caught.value) == (
        "pg_dump is not on PATH. Install the PostgreSQL client of the server's major version "
        "(Debian: apt-get install postgresql-client) and run again."
    )


def test_pg_command_passes_the_password_in_the_environment(monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda program: f"/usr/bin/{program}")
    args, env = backups._pg_command(
        "pg_dump", {"NAME": "shequ", "HOST": "db", "PORT": 5433, "USER": "shequ", "PASSWORD": "s3cret"}
    )
    assert args == ["/usr/bin/pg_dump", "--host=db", "--port=5433", "--username=shequ"]
    assert env["PGPASSWORD"] == "s3cret"


# ---------------------------------------------------------------------------------------------------------------------
# SQLite's online copy
# ---------------------------------------------------------------------------------------------------------------------


def _wal_database(path: Path, rows: int) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")  # committed rows stay in the -wal file
    db.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)")
    db.executemany("INSERT INTO item (name) VALUES (?)", [(f"row {n}",) for n in range(rows)])
    return db


def test_sqlite_copy_includes_committed_wal_rows_and_not_an_open_write(tmp_path):
    """The site keeps writing during a backup: the copy holds exactly what was committed, the writer is not
    blocked, and the copy is one self-contained file."""
    live = _wal_database(tmp_path / "live.sqlite3", 100)
    assert (tmp_path / "live.sqlite3-wal").stat().st_size > 0
    writer = sqlite3.connect(tmp_path / "live.sqlite3", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.executemany("INSERT INTO item (name) VALUES (?)", [(f"pending {n}",) for n in range(50)])
    counts, migrations = backups._backup_sqlite(tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3")
    writer.execute("INSERT INTO item (name) VALUES ('written during the backup')")
    writer.execute("COMMIT")
    assert (counts, migrations) == ({"item": 100}, {})
    assert not (tmp_path / "copy.sqlite3-wal").exists()
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert copy.execute("SELECT COUNT(*), MAX(name) FROM item").fetchone() == (100, "row 99")
    assert live.execute("SELECT COUNT(*) FROM item").fetchone() == (151,)


def test_sqlite_restore_copies_every_page_owner_only(tmp_path):
    _wal_database(tmp_path / "live.sqlite3", 10).close()
    backups._backup_sqlite(tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3")
    backups._restore_sqlite(tmp_path / "copy.sqlite3", tmp_path / "new" / "restored.sqlite3")
    restored = sqlite3.connect(tmp_path / "new" / "restored.sqlite3")
    assert restored.execute("SELECT COUNT(*) FROM item").fetchone() == (10,)
    assert (tmp_path / "new" / "restored.sqlite3").stat().st_mode & 0o777 == 0o600


# ---------------------------------------------------------------------------------------------------------------------
# What restore checks before it writes
# ---------------------------------------------------------------------------------------------------------------------


def _fake_backup(directory: Path, engine: str = "sqlite") -> None:
    directory.mkdir()
    (directory / backups.DATABASE_FILES[engine]).write_bytes(b"database")
    (directory / "data-keys.enc").write_bytes(backups.encrypt_key_file(b"{}", PASSPHRASE))
    manifest = {
        "format": 1,
        "engine": engine,
        "database": backups.DATABASE_FILES[engine],
        "key_file": "data-keys.enc",
        "tables": {},
        "migrations": {},
        "files": {
            name: {"sha256": backups._sha256(directory / name), "bytes": 0}
            for name in (backups.DATABASE_FILES[engine], "data-keys.enc")
        },
    }
    (directory / "manifest.json").write_text(json.dumps(manifest))


def test_verify_names_the_file_whose_checksum_differs(tmp_path):
    _fake_backup(tmp_path / "b")
    assert backups.verify(tmp_path / "b")["engine"] == "sqlite"
    (tmp_path / "b" / "database.sqlite3").write_bytes(b"databasf")
    with pytest.raises(BackupError, match=r"^Checksum mismatch for database.sqlite3: manifest [0-9a-f]{64}, file "):
        backups.verify(tmp_path / "b")
    (tmp_path / "b" / "data-keys.enc").unlink()
    with pytest.raises(BackupError, match=r"^data-keys.enc is missing from the backup\.$"):
        backups.verify(tmp_path / "b")
    with pytest.raises(BackupError, match=r"holds no manifest.json: not a backup directory\.$"):
        backups.verify(tmp_path)


@pytest.mark.django_db
def test_restore_refuses_another_engine_before_writing(tmp_path, settings):
    """The test database is SQLite or PostgreSQL; a backup of the other engine is refused with a clear message,
    and the key file is left alone."""
    from django.db import connection

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    _fake_backup(tmp_path / "b", other)
    settings.DATA_KEY_FILE = str(tmp_path / "keys.json")
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    with pytest.raises(BackupError) as caught:
        backups.restore(tmp_path / "b", PASSPHRASE)
    assert str(caught.value) == (
        f"This backup is of a {names[other]} database; the configured database is {names[connection.vendor]}. "
        f"Restore it into a {names[other]} database (set SHEQU_DATABASE_URL accordingly)."
    )
    assert not (tmp_path / "keys.json").exists()


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(tmp_path, settings):
    from django.db import connection

    _fake_backup(tmp_path / "b", connection.vendor)
    settings.DATA_KEY_FILE = str(tmp_path / "keys.json")
    with pytest.raises(BackupError, match=r"^The configured database is not empty \(\d+ tables\)\. Restore into an "):
        backups.restore(tmp_path / "b", PASSPHRASE)
    assert not (tmp_path / "keys.json").exists()


def test_an_existing_different_key_file_is_kept_aside(tmp_path):
    key_file = tmp_path / "keys.json"
    key_file.write_text("old keys")
    with override_settings(DATA_KEY_FILE=str(key_file)):
        assert backups._install_key_file(b"old keys") is None
        moved = backups._install_key_file(b"new keys")
    assert moved.name.startswith("keys.json.before-restore-")
    assert (moved.read_text(), key_file.read_text()) == ("old keys", "new keys")
    assert key_file.stat().st_mode & 0o777 == 0o600


# ---------------------------------------------------------------------------------------------------------------------
# The commands end to end, in a separate process on a real SQLite file
# ---------------------------------------------------------------------------------------------------------------------


class Site:
    def __init__(self, root: Path):
        self.root = root

    def manage(self, name: str, *args: str, check: bool = True, passphrase: str = PASSPHRASE.decode()):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SHEQU_", "PYTEST", "DJANGO_SETTINGS"))}
        env.update(
            SHEQU_ENV="dev",
            SHEQU_DATABASE_URL=f"sqlite:///{self.root / f'{name}.sqlite3'}",
            SHEQU_DATA_KEY_FILE=str(self.root / f"{name}-keys.json"),
            SHEQU_BACKUP_PASSPHRASE=passphrase,
            SHEQU_LOG_LEVEL="ERROR",
        )
        completed = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        if check and completed.returncode != 0:
            raise AssertionError(completed.stderr[-3000:])
        return completed

    def snapshot(self, name: str) -> dict:
        code = "import json; from shequ.core.backup import snapshot; print(json.dumps(snapshot(5)))"
        return json.loads(self.manage(name, "shell", "--verbosity", "0", "-c", code).stdout)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("site"))
    site.manage("source", "migrate", "--verbosity", "0")
    site.manage("source", "load_divisions", "--city", "350200000000")
    site.manage("source", "seed_population", "--residents", "30", "--city", "350200000000")
    return site


def test_backup_and_restore_commands_end_to_end(site):
    root = site.root
    made = site.manage("source", "backup", str(root / "nightly"))
    manifest = json.loads((root / "nightly" / "manifest.json").read_text())
    assert made.stdout.startswith(f"Backed up sqlite: {len(manifest['tables'])} tables, ")
    assert sorted(os.listdir(root / "nightly")) == ["data-keys.enc", "database.sqlite3", "manifest.json"]
    assert {p.name: p.stat().st_mode & 0o777 for p in (root / "nightly").iterdir()} == dict.fromkeys(
        ["data-keys.enc", "database.sqlite3", "manifest.json"], 0o600
    )
    assert (root / "nightly").stat().st_mode & 0o777 == 0o700
    assert (manifest["engine"], manifest["database"], manifest["key_file"]) == (
        "sqlite",
        "database.sqlite3",
        "data-keys.enc",
    )
    assert manifest["tables"]["people_resident"] == 30
    assert "0001_initial" in manifest["migrations"]["core"]
    for name, entry in manifest["files"].items():
        assert entry["sha256"] == backups._sha256(root / "nightly" / name)
    keys = (root / "source-keys.json").read_bytes()
    assert keys not in (root / "nightly" / "data-keys.enc").read_bytes()
    assert backups.decrypt_key_file((root / "nightly" / "data-keys.enc").read_bytes(), PASSPHRASE) == keys

    # A second backup into the same directory is refused.
    again = site.manage("source", "backup", str(root / "nightly"), check=False)
    assert again.returncode == 1
    assert f"CommandError: {root / 'nightly'} is not empty: give a new directory for each backup." in again.stderr

    # A wrong passphrase: nothing is written.
    wrong = site.manage("target", "restore", str(root / "nightly"), check=False, passphrase="not the passphrase")
    assert wrong.returncode == 1
    assert "The passphrase does not open the backup's key file" in wrong.stderr
    assert not (root / "target.sqlite3").exists() or sqlite3.connect(root / "target.sqlite3").execute(
        "SELECT COUNT(*) FROM sqlite_master"
    ).fetchone() == (0,)

    restored = site.manage("target", "restore", str(root / "nightly"))
    rows = sum(manifest["tables"].values())
    assert restored.stdout.endswith(
        f"Restored the sqlite backup of {manifest['created']}: {len(manifest['tables'])} tables, {rows} rows, "
        f"counts verified.\n"
    )
    assert (root / "target-keys.json").read_bytes() == keys
    source, target = site.snapshot("source"), site.snapshot("target")
    assert target == source
    residents = source["protected"]["people.resident"]
    assert len(residents) == 5 and all(r["has_id_number"] for r in residents.values())

    # Restoring again over the now full database needs --force.
    refused = site.manage("target", "restore", str(root / "nightly"), check=False)
    assert "CommandError: The configured database is not empty" in refused.stderr
    assert site.manage("target", "restore", "--force", str(root / "nightly")).returncode == 0

    # One changed byte in the copy: refused before anything is written.
    damaged = root / "damaged"
    damaged.mkdir()
    for name in ("manifest.json", "data-keys.enc", "database.sqlite3"):
        (damaged / name).write_bytes((root / "nightly" / name).read_bytes())
    with (damaged / "database.sqlite3").open("r+b") as handle:
        handle.seek(5000)
        byte = handle.read(1)
        handle.seek(5000)
        handle.write(bytes([byte[0] ^ 1]))
    mismatch = site.manage("fresh", "restore", str(damaged), check=False)
    assert "CommandError: Checksum mismatch for database.sqlite3: manifest " in mismatch.stderr
    assert not (root / "fresh.sqlite3").exists() or sqlite3.connect(root / "fresh.sqlite3").execute(
        "SELECT COUNT(*) FROM sqlite_master"
    ).fetchone() == (0,)
