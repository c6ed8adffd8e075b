"""The example queries (api/queries/*.rq and the README's SPARQL blocks) answer each row once.

Each entity is described in one graph and each fact lives in its article's graph only, so the
union default graph repeats no row: a query over fact nodes needs no DISTINCT (the README's is
run as written, without one). Shortcut triples that several articles state (and the reference)
are one row per source, which is why the .rq files over shortcuts say DISTINCT. Checked on a store
of every seed article's gold facts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.examples import example_queries
from kg.store import KnowledgeGraph
from tests.conftest import corpus_graph

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sparql\n(.*?)```", text, re.S)


@pytest.fixture(scope="module")
def seeded() -> KnowledgeGraph:
    kg = corpus_graph(SEEDS)
    yield kg
    kg.close()


def _queries() -> list[tuple[str, str]]:
    found = [(f"api/queries {q.name}", q.text) for q in example_queries()]
    found += [(f"README block {i}", q) for i, q in enumerate(_readme_queries())]
    return found


def test_there_are_examples_to_check() -> None:
    assert len(example_queries()) >= 3 and _readme_queries()
    assert all("DISTINCT" not in q.upper() for q in _readme_queries())


@pytest.mark.parametrize(("name", "query"), _queries(), ids=[n for n, _ in _queries()])
def test_example_answers_each_row_once(seeded: KnowledgeGraph, name: str, query: str) -> None:
    result = seeded.sparql(query)
    rows = [tuple(sorted((k, str(v)) for k, v in row.items() if v is not None)) for row in result.rows]
    assert rows, f"{name} found nothing in the seeds"
    repeated = {row for row in rows if rows.count(row) > 1}
    assert not repeated, f"{name} repeats rows: {sorted(repeated)[:3]}"


def test_article_facts_example_names_each_party_from_its_one_description(seeded: KnowledgeGraph) -> None:
    query = next(q.text for q in example_queries() if q.name == "article-facts-with-evidence")
    rows = seeded.sparql(query).rows
    facts = {str(r["fact"]) for r in rows}
    assert len(rows) == len(facts)  # one row per fact: one label per party
    names = {str(r.get("subjectName")) for r in rows}
    assert "Masoud Pezeshkian" in names
