"""Word lists of the extractor, loaded once from kg/data (curated knowledge lives in data files)."""

from __future__ import annotations

import csv
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.fact_types import FACT_TYPES

DATA = Path(__file__).resolve().parent.parent / "data"

# Seniority of roles, highest first: a person titled "Crown Prince and Prime Minister" is head of government.
ROLE_RANK = ("head_of_state", "head_of_government", "foreign_minister", "minister", "ambassador", "other")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.lstrip().startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def title_roles() -> dict[str, str]:
    """Title phrase (lower-case) -> role, e.g. "prime minister" -> head_of_government: the curated
    kg/data/roles.csv, with the phrases derived from PETRARCH-2's agents dictionary
    (kg/data/petrarch_roles.csv, `kg.nlp.build_lexicon`) it lacks; a curated phrase keeps its role."""
    derived = {row["phrase"]: row["role"] for row in _rows("petrarch_roles.csv")}
    return derived | {row["phrase"]: row["role"] for row in _rows("roles.csv")}


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Every word that occurs in a title phrase."""
    return frozenset(word for phrase in title_roles() for word in phrase.split())


@lru_cache(maxsize=1)
def role_nouns() -> dict[str, str]:
    """Nouns standing for a person already in the story -> the role they imply ('' for any)."""
    return {row["noun"]: row["role"] for row in _rows("role_nouns.csv")}


@lru_cache(maxsize=1)
def anaphora() -> dict[str, str]:
    """Definite nouns pointing back to an entity ("the bloc") -> the kind they stand for."""
    return {row["noun"]: row["kind"] for row in _rows("anaphora.csv")}


@lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    """Regional adjective ("Gulf") -> key of the organisation whose members it picks ("GCC")."""
    return {row["word"]: row["organization"] for row in _rows("regions.csv")}


@lru_cache(maxsize=1)
def cities() -> dict[str, str]:
    """City name -> ISO alpha-3 of its country (ontology/reference/cities.csv, GeoNames)."""
    path = DATA.parent.parent / "ontology" / "reference" / "cities.csv"
    with path.open(encoding="utf-8") as f:
        return {row["name"]: row["country"] for row in csv.DictReader(f)}


def _folded(name: str) -> str:
    return name.replace("\u2019", "'").casefold()


@lru_cache(maxsize=1)
def _cities_folded() -> dict[str, str]:
    folded: dict[str, str] = {}
    for name, country in cities().items():
        folded.setdefault(_folded(name), country)
    return folded


def city_country(name: str) -> str | None:
    """The country of a city named in any case or apostrophe ("XI'AN", "Xi'an" and "Xi’an")."""
    return cities().get(name) or _cities_folded().get(_folded(name))


@lru_cache(maxsize=1)
def triggers() -> dict[str, Any]:
    """Relation triggers by fact type: the curated kg/data/triggers.toml, with the words derived from
    PETRARCH-2's CAMEO dictionary (kg/data/petrarch_triggers.toml, `kg.nlp.build_lexicon`) added to
    the same lists; a word curated for a fact type keeps its curated place."""
    with (DATA / "triggers.toml").open("rb") as f:
        curated = tomllib.load(f)
    with (DATA / "petrarch_triggers.toml").open("rb") as f:
        derived = tomllib.load(f)
    # a word curated for a fact type keeps its place; the other tables (modality, proxies, ...) do not
    # keep a derived word from its fact type ("charge" is a modality word and a complaint noun)
    known = {
        w
        for name, section in curated.items()
        if name in FACT_TYPES
        for words in section.values()
        for w in words
    }
    for section, lists in derived.items():
        for key, words in lists.items():
            curated.setdefault(section, {}).setdefault(key, [])
            curated[section][key] += [w for w in words if w not in known]
    return curated


def best_role(roles: set[str]) -> str | None:
    for role in ROLE_RANK:
        if role in roles:
            return role
    return None
