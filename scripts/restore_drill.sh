#!/usr/bin/env bash
# The restore drill (issue #12; docs/operations.md): load a small demo into a fresh database, back it up with
# `manage.py backup`, restore it with `manage.py restore` into a second fresh database, and compare the row count of
# every table, the migration state, and 20 residents' ID numbers and phones decrypted through `reveal()` with the
# restored key file. Exits non-zero on any difference. SQLite always; PostgreSQL too when SHEQU_DRILL_PG_URL is set
# (e.g. postgres://postgres@127.0.0.1:5432: the drill creates and drops shequ_drill_src and shequ_drill_dst there).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-.venv/bin/python}
CITY=${DRILL_CITY:-350200000000}
RESIDENTS=${DRILL_RESIDENTS:-300}
PG_URL=${SHEQU_DRILL_PG_URL:-}
PG_URL=${PG_URL%/}
started=$(date +%s)

work=$(mktemp -d "${TMPDIR:-/tmp}/shequ-drill.XXXXXX")
chmod 700 "$work"
pg_created=""
cleanup() {
    if [ -n "$pg_created" ]; then
        psql "$PG_URL/postgres" -qX -v ON_ERROR_STOP=1 \
            -c "DROP DATABASE IF EXISTS shequ_drill_src WITH (FORCE)" \
            -c "DROP DATABASE IF EXISTS shequ_drill_dst WITH (FORCE)" >/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Nothing from the caller's environment decides where the drill reads or writes.
unset SHEQU_DATABASE_URL SHEQU_DATA_KEY_FILE SHEQU_BACKUP_PASSPHRASE SHEQU_REDIS_URL
export SHEQU_ENV=dev SHEQU_LOG_LEVEL=ERROR PGOPTIONS="--client-min-messages=warning"
"$PY" -c "import secrets; print(secrets.token_urlsafe(24))" >"$work/passphrase"
chmod 600 "$work/passphrase"

manage() { "$PY" manage.py "$@"; }
snapshot() {
    manage shell --verbosity 0 -c "import json; from shequ.core.backup import snapshot; print(json.dumps(snapshot()))" >"$1"
}

drill() {  # drill NAME SOURCE_URL TARGET_URL
    local name=$1 src=$2 dst=$3 t0
    t0=$(date +%s)
    echo "== $name: demo, backup, restore"
    (
        export SHEQU_DATABASE_URL=$src SHEQU_DATA_KEY_FILE=$work/$name-src-keys.json
        manage migrate --verbosity 0
        manage load_divisions --city "$CITY"
        manage seed_population --residents "$RESIDENTS" --city "$CITY" --if-empty
        manage backup "$work/$name-backup" --passphrase-file "$work/passphrase"
        snapshot "$work/$name-src.json"
    )
    (
        # A key file of its own, as on a new machine (dev settings create one; restore keeps it aside).
        export SHEQU_DATABASE_URL=$dst SHEQU_DATA_KEY_FILE=$work/$name-dst-keys.json
        manage restore "$work/$name-backup" --passphrase-file "$work/passphrase"
        snapshot "$work/$name-dst.json"
    )
    "$PY" - "$name" "$work/$name-src.json" "$work/$name-dst.json" <<'PYTHON'
import json
import sys

name, source, target = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
problems = []
for table in sorted(set(source["tables"]) | set(target["tables"])):
    if source["tables"].get(table) != target["tables"].get(table):
        problems.append(f"table {table}: {source['tables'].get(table)} rows before, {target['tables'].get(table)} after")
if source["migrations"] != target["migrations"]:
    problems.append("the migration state differs")
residents = source["protected"].get("people.resident", {})
if len(residents) < 20:
    problems.append(f"only {len(residents)} residents to sample (expected 20)")
if not all(r["has_id_number"] for r in residents.values()) or not any(r["has_phone"] for r in residents.values()):
    problems.append("the sample lacks ID numbers or phones")
for register, records in source["protected"].items():  # every register with protected values
    for pk, values in records.items():
        if target["protected"].get(register, {}).get(pk) != values:
            problems.append(f"{register} {pk}: a decrypted value differs")
    if target["protected"].get(register, {}).keys() != records.keys():
        problems.append(f"the sampled {register} records differ")
if problems:
    print(f"{name}: FAILED", *problems, sep="\n  ")
    sys.exit(1)
rows = sum(source["tables"].values())
phones = sum(r["has_phone"] for r in residents.values())
sampled = sum(len(records) for records in source["protected"].values())
print(
    f"{name}: OK: {len(source['tables'])} tables, {rows} rows identical; {len(residents)} residents' ID numbers "
    f"and {phones} phones, {sampled} records of {len(source['protected'])} protected registers decrypt identically"
)
PYTHON
    echo "== $name: $(($(date +%s) - t0)) s"
}

drill sqlite "sqlite:///$work/source.sqlite3" "sqlite:///$work/restored.sqlite3"

if [ -n "$PG_URL" ]; then
    command -v psql >/dev/null || { echo "psql is not on PATH (needed with SHEQU_DRILL_PG_URL)" >&2; exit 2; }
    psql "$PG_URL/postgres" -qX -v ON_ERROR_STOP=1 \
        -c "DROP DATABASE IF EXISTS shequ_drill_src WITH (FORCE)" \
        -c "DROP DATABASE IF EXISTS shequ_drill_dst WITH (FORCE)" \
        -c "CREATE DATABASE shequ_drill_src" -c "CREATE DATABASE shequ_drill_dst" >/dev/null
    pg_created=1
    drill postgresql "$PG_URL/shequ_drill_src" "$PG_URL/shequ_drill_dst"
fi

echo "Restore drill passed in $(($(date +%s) - started)) s."
