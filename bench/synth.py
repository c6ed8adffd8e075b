"""Synthetic articles and facts at scale, written through the real RDF writer to N-Quads files.

The world: the reference countries (about 200) and organisations, 20,000 persons, each with a
country. Countries have a Zipf-like popularity, so a few are hubs as in a real news corpus; persons
inherit it through their country. Each article has 10-25 facts of the 13 types, positions, visits
and meetings most common, dated over 2015-2026, mostly asserted, each with an evidence sentence that
is also part of the article's text. Quads come from `kg.store.writes.article_quads`, the same code as
`kg extract --format nq`, so `kg load` of the files gives the store `kg ingest` would.

The output is deterministic for a seed: article i depends only on (seed, i), so files can be
generated in parts and a store of the first N articles is the first N/PER_FILE files.

Usage: python bench/synth.py OUT_DIR --articles 50000 [--seed 7] [--per-file 1000]
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.model import Article, Entity, Fact, entity_id  # noqa: E402
from kg.store.writes import article_quads  # noqa: E402

REFERENCE = ROOT / "ontology" / "reference"
PERSONS = 20_000
FIRST_DAY, LAST_DAY = 735_599, 739_981  # date(2015,1,1).toordinal(), date(2026,12,31).toordinal()

# Shares of fact types, roughly those of the dev corpus: positions, visits and meetings lead.
TYPE_SHARES = {
    "position": 20,
    "visit": 17,
    "meeting": 17,
    "agreement": 7,
    "cooperation": 7,
    "trade": 5,
    "support": 5,
    "opposition": 4,
    "membership": 5,
    "accusation": 3,
    "sanction": 4,
    "military_aid": 3,
    "conflict": 3,
}
MODALITY_SHARES = {"asserted": 85, "planned": 8, "alleged": 4, "negated": 3}
ROLES = ("head_of_state", "head_of_government", "foreign_minister", "minister", "ambassador", "other")
ROLE_WORDS = {
    "head_of_state": "President",
    "head_of_government": "Prime Minister",
    "foreign_minister": "Foreign Minister",
    "minister": "Minister",
    "ambassador": "Ambassador",
    "other": "envoy",
}
TOPICS = (
    "trade agreement",
    "energy cooperation",
    "security cooperation",
    "visa-free travel",
    "nuclear programme",
    "border demarcation",
    "grain exports",
    "peace talks",
    "investment protection",
    "climate finance",
)
ITEMS = ("arms", "drones", "air defence systems", "ammunition", "armoured vehicles", "artillery shells")
FIRST = (
    "Aleksandr Luka Anna Boris Carlos Dmitri Elena Fatima Gustavo Hassan Ines Jamal Kenji Lukas Maria "
    "Nadia Omar Pedro Qin Rania Samuel Tariq Ursula Viktor Wang Xenia Yusuf Zainab Ahmed Bilal Chen "
    "Daniela Emeka Farid Giorgi Hiroshi Ivan Julia Karim Leila Mehmet Nikos Olga Priya Rashid Sofia"
).split()
LAST = (
    "Lukashenko Lukic Luka Abadi Bakr Costa Dimitrov Erdem Fischer Garcia Haddad Ibrahim Jovanovic Kim "
    "Lopez Mansour Novak Okafor Petrov Qureshi Rahman Santos Tanaka Usman Volkov Weber Xu Yilmaz Zhou "
    "Andersen Banda Chowdhury Diallo Eriksen Fernandes Gomez Hoang Ivanova Jensen Kowalski Lindqvist "
    "Mwangi Nguyen Ortiz Park Rossi Sato Suleiman Tran Varga Wojcik Yamamoto Zapata"
).split()


@dataclass(frozen=True)
class World:
    countries: tuple[Entity, ...]
    weights: tuple[float, ...]  # cumulative Zipf weights of countries
    organizations: tuple[Entity, ...]
    persons: tuple[Entity, ...]
    persons_by_country: dict[str, tuple[int, ...]]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x for x in (cell or "").split("|") if x)


@functools.cache
def world(seed: int) -> World:
    """The entities, from the reference data and a seeded name generator (the same for a seed)."""
    rng = random.Random(f"world-{seed}")
    with (REFERENCE / "countries.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    countries = [
        Entity(
            label=r["name"],
            kind="country",
            qid=r["qid"] or None,
            aliases=tuple(dict.fromkeys(_split(r["demonyms"]) + ((r["capital"],) if r["capital"] else ()))),
            country=r["iso3"] or r["key"],
        )
        for r in rows
    ]
    rng.shuffle(countries)
    # Hubs named in many stories: the usual suspects first, then a shuffled tail, Zipf exponent 1.
    hubs = ("USA", "RUS", "CHN", "IRN", "UKR", "ISR", "TUR", "IND", "DEU", "FRA", "GBR", "BLR")
    countries.sort(key=lambda e: hubs.index(e.country) if e.country in hubs else len(hubs))
    cumulative, total = [], 0.0
    for rank in range(len(countries)):
        total += 1.0 / (rank + 1)
        cumulative.append(total)
    with (REFERENCE / "organizations.csv").open(encoding="utf-8") as f:
        organizations = tuple(
            Entity(
                label=r["name"],
                kind="organization",
                qid=r["qid"] or None,
                aliases=_split(r["aliases"]),
                id=entity_id("organization", r["key"]),
            )
            for r in csv.DictReader(f)
        )
    persons, by_country, seen = [], {}, set()
    while len(persons) < PERSONS:
        label = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if label in seen:
            label = f"{label} {rng.choice(LAST)}"
            if label in seen:
                continue
        seen.add(label)
        home = countries[_zipf(rng, cumulative)]
        surname = label.split()[-1]
        by_country.setdefault(home.country, []).append(len(persons))
        persons.append(Entity(label=label, kind="person", aliases=(surname,), country=home.country))
    return World(
        tuple(countries),
        tuple(cumulative),
        organizations,
        tuple(persons),
        {k: tuple(v) for k, v in by_country.items()},
    )


def _zipf(rng: random.Random, cumulative: list[float] | tuple[float, ...]) -> int:
    import bisect  # noqa: PLC0415

    return min(bisect.bisect(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)


def _pick(rng: random.Random, shares: dict[str, int]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def article(seed: int, index: int) -> tuple[Article, list[Fact]]:
    """Article number `index` of the corpus of `seed`, with its facts (the same every time)."""
    w = world(seed)
    rng = random.Random(f"article-{seed}-{index}")
    article_id = f"synth-{index:06d}"
    day = rng.randint(FIRST_DAY, LAST_DAY)
    import datetime as dt  # noqa: PLC0415

    published = dt.date.fromordinal(day)
    focus = [w.countries[_zipf(rng, w.weights)] for _ in range(3)]

    def country() -> Entity:
        return rng.choice(focus) if rng.random() < 0.6 else w.countries[_zipf(rng, w.weights)]

    def person(of: Entity | None = None) -> Entity:
        home = of or country()
        pool = w.persons_by_country.get(home.country or "")
        return w.persons[rng.choice(pool)] if pool else w.persons[rng.randrange(len(w.persons))]

    facts: list[Fact] = []
    sentences: list[str] = []
    offset = 0
    for _ in range(rng.randint(10, 25)):
        kind = _pick(rng, TYPE_SHARES)
        modality = _pick(rng, MODALITY_SHARES)
        when = dt.date.fromordinal(max(FIRST_DAY, day - rng.randint(0, 30)))
        date = when.isoformat() if rng.random() < 0.8 else when.isoformat()[:7]
        attributes: dict[str, object] = {}
        subject: Entity
        obj: Entity
        if kind == "position":
            subject = person()
            obj = next(c for c in w.countries if c.country == subject.country)
            attributes["role"] = rng.choice(ROLES)
            sentence = f"{ROLE_WORDS[str(attributes['role'])]} {subject.label} of {obj.label} spoke."
        elif kind == "visit":
            subject, obj = person(), country()
            sentence = f"{subject.label} visited {obj.label} on {date}."
            if rng.random() < 0.5:
                host = person(obj)
                attributes["host"] = host.label
                sentence = f"{subject.label} visited {obj.label} where {host.label} hosted the talks."
        elif kind == "meeting":
            subject, obj = person(), person()
            sentence = f"{subject.label} met {obj.label} on {date}."
            if rng.random() < 0.4:
                attributes["location"] = country().label
        elif kind == "membership":
            subject, obj = country(), rng.choice(w.organizations)
            attributes["status"] = rng.choices(("member", "observer", "partner", "applicant"), (8, 1, 1, 1))[
                0
            ]
            sentence = f"{subject.label} is a {attributes['status']} of the {obj.label}."
        else:
            subject = country()
            obj = country() if rng.random() < 0.9 else rng.choice(w.organizations)
            if kind == "trade":
                attributes.update(value=rng.randint(1, 900) * 10_000_000, currency="USD", period=date[:4])
            elif kind == "military_aid":
                attributes["items"] = rng.choice(ITEMS)
            elif kind in ("agreement", "cooperation", "support", "opposition", "accusation", "sanction"):
                attributes["topic"] = rng.choice(TOPICS)
            sentence = f"{subject.label} and {obj.label}: {kind.replace('_', ' ')} on {date}."
        if subject.id == obj.id:
            continue
        span = (offset, offset + len(sentence))
        sentences.append(sentence)
        offset += len(sentence) + 1
        facts.append(
            Fact(
                article=article_id,
                type=kind,
                subject=subject,
                object=obj,
                date=date,
                modality=modality,
                attributes=attributes,
                evidence=sentence,
                confidence=round(rng.uniform(0.5, 1.0), 3),
                span=span,
            )
        )
    title = f"{focus[0].label} and {focus[1].label}: talks ({published.isoformat()})"
    text = " ".join(sentences)
    return Article(id=article_id, text=text, published=published.isoformat(), title=title), facts


def write_file(path: Path, seed: int, start: int, stop: int) -> tuple[int, int]:
    """Articles start..stop-1 as N-Quads in `path`; returns (articles, quads)."""
    quads: list[ox.Quad] = []
    for i in range(start, stop):
        quads += article_quads(*article(seed, i))
    tmp = path.with_suffix(".tmp")
    ox.serialize(quads, str(tmp), format=ox.RdfFormat.N_QUADS)
    tmp.replace(path)
    return stop - start, len(quads)


def generate(out: Path, articles: int, seed: int = 7, per_file: int = 1000) -> list[Path]:
    """Files of `per_file` articles each under `out` (existing ones of the same seed kept)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, start in enumerate(range(0, articles, per_file)):
        stop = min(start + per_file, articles)
        path = out / f"synth-s{seed}-{start:06d}-{stop:06d}.nq"
        if not path.exists():
            began = time.perf_counter()
            n, q = write_file(path, seed, start, stop)
            print(
                f"  {path.name}: {n} articles, {q} quads in {time.perf_counter() - began:.1f} s",
                file=sys.stderr,
            )
        paths.append(path)
        del number
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-file", type=int, default=1000)
    args = parser.parse_args()
    paths = generate(args.out, args.articles, args.seed, args.per_file)
    print(json.dumps({"files": [str(p) for p in paths]}))


if __name__ == "__main__":
    main()
