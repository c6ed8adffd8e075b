"""The store's network reads (kg.store.network) agree with networkx over every fact in memory.

A store of all seed articles' gold facts (a connected graph of about sixty entities) is asked for
links, neighbourhoods and shortest chains; the same questions are answered by kg.analytics over the
facts read back whole, the way the service answered them before it asked the store.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import networkx as nx
import pytest

from kg import analytics
from kg.store import KnowledgeGraph, network, reads
from tests.conftest import corpus_graph

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeded() -> KnowledgeGraph:
    kg = corpus_graph(SEEDS)
    yield kg
    kg.close()


def _projection(kg: KnowledgeGraph, **filters) -> nx.Graph:
    return analytics.undirected_projection(analytics.build_graph(kg.facts(**filters)))


def test_indexed_links_equal_links_counted_from_facts(seeded: KnowledgeGraph) -> None:
    simple = _projection(seeded)
    hubs = sorted(simple, key=lambda n: -simple.degree(n))[:6]
    indexed = network.links(seeded, hubs)
    counted = network.links(seeded, hubs, reads.FactFilter(min_confidence=0.0))  # forces the fact query
    assert indexed == counted and len(indexed) > 20
    for (here, there), n in indexed.items():
        assert simple[here][there]["weight"] == n
    visits = network.links(seeded, hubs, reads.fact_filter(type="visit"))
    assert visits == network.links(seeded, hubs, reads.fact_filter(type="visit", min_confidence=0.0))
    assert 0 < len(visits) < len(indexed)


def test_shortest_chains_are_as_long_as_networkx_finds(seeded: KnowledgeGraph) -> None:
    simple = _projection(seeded)
    nodes = sorted(simple)[::5]
    tried = 0
    for source, target in itertools.combinations(nodes, 2):
        try:
            expected = nx.shortest_path_length(simple, source, target)
        except nx.NetworkXNoPath:
            expected = None
        chain = network.shortest_chain(seeded, source, target, max_hops=6)
        if expected is None or expected > 6:
            assert chain == []
            continue
        tried += 1
        assert len(chain) - 1 == expected and chain[0] == source and chain[-1] == target
        assert all(simple.has_edge(a, b) for a, b in itertools.pairwise(chain))
        if expected > 1:
            assert network.shortest_chain(seeded, source, target, max_hops=expected - 1) == []
    assert tried > 20


def test_neighbourhood_distances_match_breadth_first_search(seeded: KnowledgeGraph) -> None:
    simple = _projection(seeded)
    found = network.neighbourhood(seeded, "country/IRN", 2, reads.FactFilter(), cap=1000)
    assert found.distance == nx.single_source_shortest_path_length(simple, "country/IRN", cutoff=2)
    assert not found.trimmed
    capped = network.neighbourhood(seeded, "country/IRN", 2, reads.FactFilter(), cap=5)
    assert capped.trimmed and len(capped.distance) == 5
    # the nearest come first: every first-hop neighbour kept before any second-hop one
    assert sorted(capped.distance.values()) == list(capped.distance.values())


def test_most_mentioned_ranks_by_articles_naming_the_entity(seeded: KnowledgeGraph) -> None:
    ranked = network.most_mentioned(seeded, 5)
    counts = [n for _, n in ranked]
    assert counts == sorted(counts, reverse=True) and len(ranked) == 5
    top, n = ranked[0]
    articles = {f.article for f in seeded.facts(either=top)}
    assert n >= len(articles) > 3
    countries = network.most_mentioned(seeded, 3, kind="country")
    assert countries and all(e.startswith("country/") for e, _ in countries)


def test_drawing_records_equal_the_facts_they_draw(seeded: KnowledgeGraph) -> None:
    nodes, edges, trimmed = network.drawn_neighbourhood(
        seeded, "country/IRN", 1, reads.FactFilter(), cap=1000, edge_cap=10_000
    )
    assert not trimmed and len(edges) > 20
    ids = {n["id"] for n in nodes}
    expected = [
        analytics.fact_record(f)
        for f in seeded.facts()
        if f.subject and f.object and f.subject.id in ids and f.object.id in ids
    ]
    assert {e["id"] for e in edges} == {r["id"] for r in expected}
    by_id = {r["id"]: r for r in expected}
    for edge in edges:
        want = by_id[edge["id"]]
        for key in (
            "type",
            "subject",
            "object",
            "date",
            "modality",
            "confidence",
            "evidence",
            "article",
            "symmetric",
            "subject_label",
            "object_label",
        ):
            assert edge[key] == want[key], (key, edge["id"])
        assert {k: v for k, v in want["attributes"].items() if k in ("role", "status", "value")} == edge[
            "attributes"
        ]
    _, few, cut = network.drawn_neighbourhood(
        seeded, "country/IRN", 1, reads.FactFilter(), cap=1000, edge_cap=5
    )
    assert cut and len(few) == 5


@pytest.mark.parametrize(("fact_type", "attribute"), [("position", "role"), ("membership", "status")])
def test_stated_offices_and_memberships_equal_grouping_all_facts(
    seeded: KnowledgeGraph, fact_type: str, attribute: str
) -> None:
    """Whichever side kg.store.entities.stated starts from, its groups are those of all the facts."""
    from kg.store import entities

    checked = 0
    for entity_id, _ in network.most_mentioned(seeded, 40):
        node = entities.entity_node(entity_id)
        rows = entities.stated(seeded, node, fact_type, attribute)
        got = {(r["subject"], r["object"], r[attribute], r["modality"], r["facts"]) for r in rows}
        facts = [
            f
            for f in seeded.facts(either=entity_id, type=fact_type)
            if f.subject and f.object and f.subject.id != f.object.id
        ]
        want: dict[tuple, list] = {}
        for f in facts:
            key = (f.subject.id, f.object.id, f.attributes.get(attribute), f.modality)
            want.setdefault(key, []).append(f)
        assert got == {(*k, len(v)) for k, v in want.items()}, entity_id
        for r in rows:  # the latest date, and a fact of the group to read, with its own article
            group = want[(r["subject"], r["object"], r[attribute], r["modality"])]
            assert r["date"] == max((f.date for f in group if f.date), default=None)
            assert (r["fact"], r["article"]) in {(f.id, f.article) for f in group}
        checked += bool(got)
    assert checked > 5
