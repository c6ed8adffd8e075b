"""The index `kg load` builds as it loads, and the one `kg recount` builds in Python, equal the
index of the SPARQL recount (writes.recount_update) over the same stored graphs."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.model import Article, Fact
from kg.store import KnowledgeGraph, recount, writes


def _articles(article: Article, facts: list[Fact], count: int) -> list[tuple[Article, list[Fact]]]:
    """`count` articles sharing entities: the seed article and copies holding part of its facts."""
    out = [(article, facts)]
    for n in range(1, count):
        copy = replace(article, id=f"copy-{n}")
        out.append((copy, [replace(f, article=copy.id) for f in facts[n % 3 :: 1 + n % 2]]))
    return out


def _write_nq(path: Path, articles: list[tuple[Article, list[Fact]]]) -> Path:
    quads = [q for article, facts in articles for q in writes.article_quads(article, facts)]
    ox.serialize(quads, str(path), format=ox.RdfFormat.N_QUADS)
    return path


def _index(kg: KnowledgeGraph) -> set[ox.Quad]:
    return set(kg._backend.store.quads_for_pattern(None, None, None, writes.INDEX))  # type: ignore[attr-defined]


def _sparql_recount(kg: KnowledgeGraph) -> set[ox.Quad]:
    kg._backend.update(writes.recount_update())
    return _index(kg)


def _load(store: Path, *files: Path) -> str:
    result = CliRunner().invoke(
        cli, ["--store", str(store), "load", *map(str, files)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_kg_load_builds_the_index_a_recount_builds(tmp_path: Path, seed_article, seed_facts) -> None:
    articles = _articles(seed_article, seed_facts, 6)
    first = _write_nq(tmp_path / "a.nq", articles[:4])
    second = _write_nq(tmp_path / "b.nq", articles[4:])
    out = _load(tmp_path / "kg", first, second)
    quads = sum(len(writes.article_quads(a, f)) for a, f in articles)
    assert out.startswith(f"loaded {quads} quads from 2 files")
    with KnowledgeGraph.open(str(tmp_path / "kg")) as kg:
        loaded = _index(kg)
        stats = kg.stats()
        assert stats["articles"] == 6 and stats["facts"] > len(seed_facts)
        assert {writes.EDGE_RECORD, writes.IN_LINK, writes.LINK_KEY, writes.STATED_RECORD} <= {
            q.predicate for q in loaded
        }
        assert _sparql_recount(kg) == loaded
        kg.recount()
        assert _index(kg) == loaded
    with KnowledgeGraph.open("memory:") as written:  # the same store as the writes keep
        for article, facts in articles:
            written.add_article(article, facts)
        assert written.stats() == stats


def test_values_in_records_are_spelled_as_the_store_writes_them(
    tmp_path: Path, seed_article, seed_facts
) -> None:
    """A file may spell a decimal "0.90"; the store (and so the SPARQL recount) writes "0.9"."""
    bulk = _write_nq(tmp_path / "seed.nq", [(seed_article, seed_facts)])
    text = bulk.read_text(encoding="utf-8")
    padded = re.sub(r'(confidence> "[0-9.]+)(")', r"\g<1>00\2", text)
    assert padded != text
    bulk.write_text(padded, encoding="utf-8")
    _load(tmp_path / "kg", bulk)
    with KnowledgeGraph.open(str(tmp_path / "kg")) as kg:
        loaded = _index(kg)
        assert _sparql_recount(kg) == loaded


@pytest.mark.parametrize("case", ["graph split across files", "store holds articles"])
def test_what_the_stream_cannot_count_is_recounted(tmp_path: Path, seed_article, seed_facts, case) -> None:
    articles = _articles(seed_article, seed_facts, 3)
    quads = [q for article, facts in articles for q in writes.article_quads(article, facts)]
    if case == "graph split across files":
        seed_graph = quads[0].graph_name
        files = [tmp_path / "a.nq", tmp_path / "b.nq"]
        rest = [q for q in quads if q.graph_name != seed_graph]
        ox.serialize(rest, str(files[0]), format=ox.RdfFormat.N_QUADS)
        ox.serialize(quads[:40] + quads, str(files[1]), format=ox.RdfFormat.N_QUADS)  # duplicates too
    else:
        files = [_write_nq(tmp_path / "a.nq", articles[:1]), _write_nq(tmp_path / "b.nq", articles)]
        _load(tmp_path / "kg", files[0])
        files = files[1:]
    _load(tmp_path / "kg", *files)
    with KnowledgeGraph.open(str(tmp_path / "kg")) as kg:
        loaded = _index(kg)
        assert kg.stats()["articles"] == 3
        assert _sparql_recount(kg) == loaded


def test_the_tally_knows_when_a_graph_comes_back(seed_article, seed_facts) -> None:
    quads = writes.article_quads(seed_article, seed_facts)
    once = recount.LoadTally()
    streamed = list(once.follow(quads))
    assert once.complete and once.quads_read == len(quads) and len(streamed) > len(quads)
    assert any(q.predicate == writes.FACT_COUNT for q in streamed)
    again = recount.LoadTally()
    streamed = list(again.follow(quads + quads[:1]))
    assert not again.complete and again.quads_read == len(quads) + 1
    assert not any(q.predicate == writes.FACT_COUNT for q in streamed)  # no counters: a recount follows


def test_recount_of_a_memory_store_equals_the_sparql_recount(seed_article, seed_facts) -> None:
    with KnowledgeGraph.open("memory:") as kg:
        for article, facts in _articles(seed_article, seed_facts, 4):
            kg.add_article(article, facts)
        kept = _index(kg)
        kg._backend.update(f"DELETE WHERE {{ GRAPH {writes.INDEX} {{ ?n {writes.FACT_COUNT} ?c }} }}")
        kg.recount()
        assert _index(kg) == kept
        assert _sparql_recount(kg) == kept


@pytest.mark.server
def test_kg_load_into_a_remote_store(oxigraph_server: str, tmp_path: Path, seed_article, seed_facts) -> None:
    articles = _articles(seed_article, seed_facts, 3)
    bulk = _write_nq(tmp_path / "a.nq", articles)
    with KnowledgeGraph.open(oxigraph_server) as remote, KnowledgeGraph.open(str(tmp_path / "kg")) as local:
        assert remote.load([str(bulk)]) == local.load([str(bulk)])
        assert remote.stats() == local.stats()
        index = f"SELECT ?s ?p ?o WHERE {{ GRAPH {writes.INDEX} {{ ?s ?p ?o }} }}"
        rows = {(r["s"], r["p"], r["o"]) for r in remote._backend.query(index, union=False)}  # type: ignore[union-attr]
        assert rows == {(q.subject, q.predicate, q.object) for q in _index(local)}
