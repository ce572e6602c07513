#!/usr/bin/env bash
# `make wheelhouse` (issue #18): everything a server without network needs to install Shequ, in var/wheelhouse/:
#   *.whl              every wheel the project needs at run time, at the versions pinned in constraints.txt
#   requirements.txt   those wheels by name and version (pip install --no-index --find-links . -r requirements.txt)
#   shequ-src.tar.gz   the source at HEAD (git archive): code, templates, translations, and the vendored front-end
#                      assets (shequ/static/vendor: Tabler, ECharts, Tom Select — no CDN, no npm on the server)
#   vendor/            those assets again, unpacked, for checking by eye
#   SHA256SUMS         to check the copy on the other side (sha256sum -c SHA256SUMS)
# Built on a machine with network and the same Python minor version and architecture as the server (Debian 12:
# Python 3.11, x86_64). docs/operations.md shows the install.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
OUT=var/wheelhouse
rm -rf "$OUT"
mkdir -p "$OUT"
# The project's own wheel is built only to resolve its dependencies; the server runs the source tree.
"$PYTHON" -m pip wheel --quiet --wheel-dir "$OUT" -c constraints.txt .
rm -f "$OUT"/shequ-*.whl
"$PYTHON" - "$OUT" <<'PY'
import sys
from pathlib import Path

folder = Path(sys.argv[1])
lines = []
for wheel in sorted(folder.glob("*.whl")):
    name, version = wheel.name.split("-")[:2]
    lines.append(f"{name.replace('_', '-')}=={version}")
(folder / "requirements.txt").write_text("\n".join(lines) + "\n")
print(f"{len(lines)} wheels")
PY
git archive --format=tar.gz --prefix=shequ/ -o "$OUT/shequ-src.tar.gz" HEAD
cp -r shequ/static/vendor "$OUT/vendor"
(cd "$OUT" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum > SHA256SUMS)
du -sh "$OUT"
