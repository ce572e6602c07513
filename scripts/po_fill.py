"""Extract the UI strings, fill translations from JSON files, compile the catalogue.

    flock /tmp/shequ-po.lock .venv/bin/python scripts/po_fill.py [translations.json ...]

Each JSON file maps an English msgid to its Simplified Chinese msgstr. Entries that are empty or fuzzy (a guess
by makemessages) take the file's translation; fuzzy entries without one are listed, so that no guess ships.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "shequ/locale/zh_Hans/LC_MESSAGES/django.po"
DJANGO_ADMIN = ROOT / ".venv/bin/django-admin"


def _unquote(lines: list[str]) -> str:
    return "".join(json.loads(line[line.index('"') :]) for line in lines if '"' in line and not line.startswith("#"))


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _fill(entry: list[str], translations: dict[str, str], unresolved: list[str]) -> list[str]:
    keys = [i for i, line in enumerate(entry) if line.startswith(("msgid ", "msgid_plural ", "msgstr", "msgctxt "))]
    if not keys or not any(entry[i].startswith("msgid ") for i in keys):
        return entry
    start = next(i for i in keys if entry[i].startswith("msgid "))
    end = next((i for i in keys if i > start), len(entry))
    msgid = _unquote(entry[start:end])
    if msgid == "":
        return entry  # the header
    stri = next(i for i in keys if entry[i].startswith("msgstr"))
    msgstr = _unquote(entry[stri:])
    fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in entry)
    if msgid in translations and (fuzzy or not msgstr):
        head = [line for line in entry[:stri] if not (line.startswith("#,") and "fuzzy" in line)]
        flags = [line for line in entry[:stri] if line.startswith("#,") and "fuzzy" in line]
        for line in flags:
            rest = ", ".join(f for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy")
            if rest:
                head.insert(0, "#, " + rest.strip())
        head = [line for line in head if not line.startswith("#|")]
        tag = entry[stri].split(" ", 1)[0]
        return [*head, f"{tag} {_quote(translations[msgid])}"]
    if fuzzy or not msgstr:
        unresolved.append(msgid)
    return entry


def main(paths: list[str]) -> int:
    translations: dict[str, str] = {}
    for path in paths:
        translations.update(json.loads(Path(path).read_text(encoding="utf-8")))
    subprocess.run(
        [str(DJANGO_ADMIN), "makemessages", "-l", "zh_Hans", "--no-obsolete", "--ignore", "static/*"],
        cwd=ROOT / "shequ",
        check=True,
    )
    text = PO.read_text(encoding="utf-8")
    unresolved: list[str] = []
    entries = [_fill(block.split("\n"), translations, unresolved) for block in text.split("\n\n")]
    PO.write_text("\n\n".join("\n".join(entry) for entry in entries), encoding="utf-8")
    subprocess.run([str(DJANGO_ADMIN), "compilemessages", "-l", "zh_Hans"], cwd=ROOT / "shequ", check=True)
    for msgid in unresolved:
        print(f"untranslated or fuzzy: {msgid!r}", file=sys.stderr)
    return 1 if unresolved else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
