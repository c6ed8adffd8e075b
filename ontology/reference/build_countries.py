"""Fill the mechanical columns of countries.csv (ISO codes, official name) from pycountry.

Re-runnable and offline: reads countries.csv, keeps every curated column as it is, sets `iso3`,
`iso2`, `iso_assigned` and `official_name` from ISO 3166-1 (via pycountry) for keys that ISO
assigns, and writes the file back sorted by key. Run: `python ontology/reference/build_countries.py`.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
COLUMNS = [
    "key",
    "iso3",
    "iso2",
    "iso_assigned",
    "name",
    "official_name",
    "qid",
    "un_status",
    "variants",
    "demonyms",
    "capital",
    "seats",
]


def build(path: Path = HERE / "countries.csv") -> int:
    """Rewrite `path` with the ISO columns refreshed; return the number of rows."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        key = row["key"].strip()
        iso = pycountry.countries.get(alpha_3=key)
        full = {column: (row.get(column) or "").strip() for column in COLUMNS}
        if iso is None:
            # Not an ISO 3166-1 code (e.g. XKX Kosovo, XSL Somaliland): no ISO columns.
            full.update(iso3="", iso2="", iso_assigned="no", official_name=full["official_name"])
        else:
            official = getattr(iso, "official_name", "") or ""
            full.update(iso3=iso.alpha_3, iso2=iso.alpha_2, iso_assigned="yes")
            # ISO gives the territory name for ESH; keep a curated official name where one is set.
            full["official_name"] = full["official_name"] or official
        out.append(full)
    out.sort(key=lambda r: r["key"])
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    return len(out)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "countries.csv"
    print(f"{build(target)} rows written to {target}")
