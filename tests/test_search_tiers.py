"""Name search reads a common key's matches by ranked key (dip:rankedKey), tier by tier from the most
mentioned; it must find what ranking every match finds, and writes, deletes and recounts must keep
the ranked keys equal to the name keys and tiers they are made of."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import corpus_graph

from kg.store import KnowledgeGraph, search, writes

DEV = Path(__file__).parent / "corpus" / "dev"
QUERIES = ["a", "m", "ir", "sa", "pr", "al", "be", "ch", "ru", "u", "sh", "uni", "x"]


@pytest.fixture(scope="module")
def dev_graph():
    graph = corpus_graph(DEV)
    yield graph
    graph.close()


def _counts(kg: KnowledgeGraph, nodes: list[ox.NamedNode]) -> list[int]:
    rows = kg._backend.query(  # type: ignore[union-attr]
        f"SELECT ?e ?c WHERE {{ VALUES ?e {{ {writes.values(nodes)} }} "
        f"OPTIONAL {{ GRAPH {writes.INDEX} {{ ?e {writes.MENTION_COUNT} ?c }} }} }}",
        union=False,
    )
    return sorted((int(r["c"].value) if r["c"] else 0 for r in rows), reverse=True)


def _expected_ranked_keys(kg: KnowledgeGraph) -> set[tuple[str, str]]:
    """Every word-prefix name key of every mentioned entity, qualified by its tier, computed here."""
    tiers = _tiers(kg)
    expected = set()
    for graph in (writes.INDEX, writes.REFERENCE):
        for q in kg._backend.store.quads_for_pattern(None, writes.NAME_KEY, None, graph):  # type: ignore[attr-defined]
            key = q.object.value  # type: ignore[union-attr]
            if tiers.get(q.subject.value, 0) >= writes.RANKED_FROM_TIER and " " not in key:
                expected.add((q.subject.value, writes.ranked_key(tiers[q.subject.value], key)))
    return expected


iran_iri = "https://w3id.org/dipkg/id/country/IRN"


def _tiers(kg: KnowledgeGraph) -> dict[str, int]:
    return {
        q.subject.value: int(q.object.value)  # type: ignore[union-attr]
        for q in kg._backend.store.quads_for_pattern(None, writes.MENTION_TIER, None, writes.INDEX)  # type: ignore[attr-defined]
    }


def _ranked_keys(kg: KnowledgeGraph) -> set[tuple[str, str]]:
    return {
        (q.subject.value, q.object.value)  # type: ignore[union-attr]
        for q in kg._backend.store.quads_for_pattern(None, writes.RANKED_KEY, None, writes.INDEX)  # type: ignore[attr-defined]
    }


@pytest.mark.parametrize("q", QUERIES)
def test_reading_by_tier_finds_what_ranking_every_match_finds(dev_graph, monkeypatch, q) -> None:
    everything = [dev_graph.search_entities(q, kind=kind, limit=100) for kind in (None, "person", "country")]
    # Any key matching more than one search's candidates is "common": read tier by tier.
    monkeypatch.setattr(search, "SEARCH_PROBE", search.SEARCH_CANDIDATES)
    walked = [dev_graph.search_entities(q, kind=kind, limit=100) for kind in (None, "person", "country")]
    assert walked == everything
    assert everything[0]


@pytest.mark.parametrize("q", ["a", "m", "s", "r"])
def test_the_tier_walk_keeps_the_most_mentioned(dev_graph, monkeypatch, q) -> None:
    monkeypatch.setattr(search, "SEARCH_CANDIDATES", 4)
    ranked_all = search.candidates(dev_graph, q)
    monkeypatch.setattr(search, "SEARCH_PROBE", 4)
    walked = search.candidates(dev_graph, q)
    assert len(walked) == 4
    assert _counts(dev_graph, walked) == _counts(dev_graph, ranked_all)
    assert min(_counts(dev_graph, walked)) >= 1


def test_writes_deletes_and_recounts_keep_the_ranked_keys(seed_article, seed_facts) -> None:
    from dataclasses import replace

    with KnowledgeGraph.open("memory:") as kg:
        kg.add_article(seed_article, seed_facts)
        for n in range(1, 12):  # the seed's entities climb through tiers 11..21
            copy = replace(seed_article, id=f"copy-{n}")
            kg.add_article(copy, [replace(f, article=copy.id) for f in seed_facts[: 4 + n]])
            assert _ranked_keys(kg) == _expected_ranked_keys(kg), n
        assert any(key.startswith("21 ") for _, key in _ranked_keys(kg))
        # A new name for an entity whose tier stays (counts 10-19 are one tier): its keys join the tier.
        iran = next(f.subject for f in seed_facts if f.subject and f.subject.id == "country/IRN")
        renamed = replace(iran, label="Persia Nova", aliases=())
        facts = [replace(f, article="renamed", subject=renamed) for f in seed_facts if f.subject == iran]
        tiers_before = _tiers(kg)
        kg.add_article(replace(seed_article, id="renamed"), facts[:1])
        assert _tiers(kg)[iran_iri] == tiers_before[iran_iri]
        assert (iran_iri, f"{tiers_before[iran_iri]} nova") in _ranked_keys(kg)
        assert _ranked_keys(kg) == _expected_ranked_keys(kg)
        for n in (11, 3, 7):
            kg.delete_article(f"copy-{n}")
            assert _ranked_keys(kg) == _expected_ranked_keys(kg), n
        written = _ranked_keys(kg)
        kg.recount()
        assert _ranked_keys(kg) == written
        kg._backend.update(writes.recount_update())
        assert _ranked_keys(kg) == written
        assert (iran_iri, f"{_tiers(kg)[iran_iri]} iran") in written
