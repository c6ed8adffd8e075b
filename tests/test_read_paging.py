"""Fact pages from the store equal what filtering and sorting every fact in Python gives.

Before the read path moved into SPARQL, the service read every fact back and filtered, sorted and
sliced them in Python. These tests keep that algorithm as the oracle (kg.analytics.filter_facts for
types, modalities and partial-date overlap; kg.fact_order for the orders) and compare it with
KnowledgeGraph.facts / count_facts on the dev corpus and all seeds, page by page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import analytics
from kg.fact_order import fact_sort_key
from kg.model import Fact
from kg.store import KnowledgeGraph
from tests.conftest import DEV_CORPUS, corpus_graph

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def corpus() -> tuple[KnowledgeGraph, list[Fact]]:
    kg = corpus_graph(DEV_CORPUS, SEEDS)
    # What the store holds (a fact stated twice in one article is written once): read it whole once.
    stored = kg.facts(order="article")
    yield kg, stored
    kg.close()


def _oracle(facts: list[Fact], **filters) -> list[Fact]:
    kept = analytics.filter_facts(
        facts,
        filters.get("type") and [filters["type"]],
        filters.get("since"),
        filters.get("until"),
        filters.get("modality"),
    )
    for role in ("subject", "object"):
        if filters.get(role):
            kept = [f for f in kept if getattr(f, role) is not None and getattr(f, role).id == filters[role]]
    if filters.get("either"):
        kept = [f for f in kept if filters["either"] in {e.id for e in (f.subject, f.object) if e}]
    if filters.get("other"):
        pair = {filters["either"], filters["other"]}
        kept = [f for f in kept if f.subject and f.object and {f.subject.id, f.object.id} == pair]
    if filters.get("min_confidence") is not None:
        kept = [f for f in kept if f.confidence >= filters["min_confidence"]]
    if filters.get("article"):
        kept = [f for f in kept if f.article == filters["article"]]
    return kept


FILTERS = [
    {},
    {"subject": "country/IRN"},
    {"object": "country/RUS"},
    {"either": "country/CHN"},
    {"type": "visit"},
    {"type": "meeting", "since": "2024"},
    {"since": "2023-06", "until": "2024-03-15"},
    {"modality": "planned"},
    {"min_confidence": 0.9, "either": "country/RUS"},
    {"article": "belarus-iran-2025-08-20"},
    {"subject": "person/masoud-pezeshkian", "object": "country/BLR"},
    {"subject": "country/RUS", "object": "country/CHN"},
    {"either": "country/IRN", "other": "country/RUS"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=[str(f) or "all" for f in FILTERS])
@pytest.mark.parametrize("order", ["article", "date", "-date", "confidence", "-confidence", "type"])
def test_sorted_pages_equal_sorting_every_fact(corpus, filters: dict, order: str) -> None:
    kg, stored = corpus
    expected = [f.id for f in sorted(_oracle(stored, **filters), key=fact_sort_key(order))]
    assert kg.count_facts(**filters) == len(expected)
    assert [f.id for f in kg.facts(**filters, order=order)] == expected
    for offset, limit in ((0, 7), (7, 7), (len(expected) - 3, 10)):
        page = kg.facts(**filters, order=order, limit=limit, offset=max(offset, 0))
        assert [f.id for f in page] == expected[max(offset, 0) : max(offset, 0) + limit]


@pytest.mark.parametrize("filters", FILTERS[:5], ids=[str(f) or "all" for f in FILTERS[:5]])
def test_stored_order_pages_partition_the_matches(corpus, filters: dict) -> None:
    kg, stored = corpus
    expected = {f.id for f in _oracle(stored, **filters)}
    seen: list[str] = []
    offset = 0
    while True:
        page = kg.facts(**filters, limit=9, offset=offset)
        if not page:
            break
        seen += [f.id for f in page]
        offset += 9
    assert len(seen) == len(set(seen)) and set(seen) == expected


def test_the_corpus_is_large_enough_to_mean_something(corpus) -> None:
    kg, stored = corpus
    assert len(stored) > 500 and len({f.article for f in stored}) > 30
    assert {f.id for f in stored} == {f.id for f in kg.facts()}
