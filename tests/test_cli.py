"""The `kg` command line on a temporary directory store (click's CliRunner; one real second process)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import populated_graph

from kg.cli import cli
from kg.store import KnowledgeGraph

VISITED = (
    "SELECT DISTINCT ?who ?where WHERE { ?p dip:visited ?c . ?p rdfs:label ?who . ?c rdfs:label ?where } "
    "ORDER BY ?where"
)
# Members of three organisations with their status, straight from the reference graph.
MEMBERS = """
SELECT DISTINCT ?org ?member (STRAFTER(STR(?s), "#") AS ?status) WHERE {
  GRAPH graph:reference {
    ?m a dip:Membership ; dip:agent ?c ; dip:target ?o ; dip:status ?s .
    ?o dip:abbreviation|rdfs:label ?org . FILTER(?org IN ("EAEU", "SCO", "BRICS"))
    ?c rdfs:label ?member .
  }
} ORDER BY ?org ?member
"""


@pytest.fixture(scope="module")
def template_store(tmp_path_factory, seed_article, seed_facts) -> Path:
    location = tmp_path_factory.mktemp("cli-template") / "kg"
    populated_graph(str(location), seed_article, seed_facts).close()
    return location


@pytest.fixture()
def store(tmp_path, template_store: Path) -> str:
    """A directory store holding the reference graph and the seed article's gold facts (closed).

    A copy of one built per module: writing a RocksDB store takes seconds on a busy machine.
    """
    location = tmp_path / "kg"
    shutil.copytree(template_store, location)
    return str(location)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def assert_one_line_error(result, text: str) -> None:
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and text in lines[0], result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["ingest"],
        ["extract"],
        ["eval"],
        ["query"],
        ["stats"],
        ["export"],
        ["delete"],
        ["load"],
        ["reference"],
        ["reference", "load"],
        ["serve"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: ")
    assert "--help" in result.output


def test_done_when_visited_shortcut(store: str) -> None:
    result = run("--store", store, "query", VISITED)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["who", "where"]
    assert any(line.split("  ")[0] == "Masoud Pezeshkian" and line.endswith("Belarus") for line in lines)
    assert lines[-1] == "(2 rows)"


def test_reference_members_with_status(store: str) -> None:
    result = run("--store", store, "query", "--format", "csv", MEMBERS)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["org"] for r in rows} == {"EAEU", "SCO", "BRICS"}
    assert {r["status"] for r in rows} <= {"Member", "Observer", "Partner", "Applicant"}
    assert {"org": "EAEU", "member": "Belarus", "status": "Member"} in rows
    assert {"org": "BRICS", "member": "Iran", "status": "Member"} in rows
    assert len({r["status"] for r in rows if r["org"] == "SCO"}) > 1  # members and others


def test_query_json_and_file(store: str, tmp_path: Path) -> None:
    result = run("--store", store, "query", "--format", "json", VISITED)
    assert json.loads(result.stdout) == [
        {"who": "Masoud Pezeshkian", "where": "Armenia"},
        {"who": "Masoud Pezeshkian", "where": "Belarus"},
    ]
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK { ?p dip:visited ?c }", encoding="utf-8")
    result = run("--store", store, "query", "--format", "json", f"@{query_file}")
    assert json.loads(result.stdout) == [{"boolean": True}]
    assert_one_line_error(run("--store", store, "query", "@/no/such/file.rq"), "cannot read the query file")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT ?x WHERE { ?x }", "error at"),
        ("INSERT DATA { <http://e.org/a> <http://e.org/b> <http://e.org/c> }", "read-only"),
        ("SELECT * WHERE { SERVICE <http://e.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ],
)
def test_bad_queries_are_one_line(store: str, query: str, message: str) -> None:
    assert_one_line_error(run("--store", store, "query", query), message)


def test_stats(store: str, seed_facts) -> None:
    text = run("--store", store, "stats")
    assert text.exit_code == 0
    assert "articles: 1" in text.stdout.splitlines()
    data = json.loads(run("--store", store, "stats", "--json").stdout)
    assert data["facts"] == len({f.id for f in seed_facts})
    assert data["triples_by_graph"]["reference"] > 1000


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [
        ("ttl", ox.RdfFormat.TURTLE),
        ("nq", ox.RdfFormat.N_QUADS),
        ("trig", ox.RdfFormat.TRIG),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_export_to_file(store: str, tmp_path: Path, fmt: str, rdf_format) -> None:
    out = tmp_path / f"dump.{fmt}"
    result = run("--store", store, "export", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    quads = list(ox.parse(out.read_bytes(), rdf_format))
    assert len(quads) > 1000
    graphs = {q.graph_name for q in quads}
    assert len(graphs) == (1 if fmt == "ttl" else 4)  # reference, entities, index, the article


def test_export_to_stdout(store: str) -> None:
    result = run("--store", store, "export", "--format", "nq")
    assert result.exit_code == 0
    assert len(list(ox.parse(result.stdout_bytes, ox.RdfFormat.N_QUADS))) > 1000


def test_delete(store: str, seed_article) -> None:
    result = run("--store", store, "delete", seed_article.id)
    assert result.exit_code == 0 and seed_article.id in result.stdout
    assert json.loads(run("--store", store, "stats", "--json").stdout)["articles"] == 0
    assert_one_line_error(run("--store", store, "delete", seed_article.id), "no article")


def test_reference_load(store: str) -> None:
    result = run("--store", store, "reference", "load")
    assert result.exit_code == 0
    count = int(result.stdout.split()[1])
    with KnowledgeGraph.open(store) as kg:
        assert kg.stats()["triples_by_graph"]["reference"] == count


def test_locked_store_is_one_line(store: str) -> None:
    with KnowledgeGraph.open(store):
        assert_one_line_error(run("--store", store, "stats"), "in use by another process")
        # The same from a second process, through the installed console script.
        kg_bin = Path(sys.executable).with_name("kg")
        done = subprocess.run(
            [str(kg_bin), "--store", store, "stats"], capture_output=True, text=True, timeout=60
        )
        assert done.returncode != 0
        assert done.stderr.strip().count("\n") == 0 and "in use by another process" in done.stderr
        assert "Traceback" not in done.stderr


def test_unknown_store_scheme(tmp_path: Path) -> None:
    assert_one_line_error(run("--store", "ftp://example.org/x", "stats"), "unknown store location")


def test_extract_and_ingest_skip_bad_files(store: str, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    # extract never opens the store: it works while the store is locked.
    with KnowledgeGraph.open(store):
        result = run("--store", store, "extract", str(folder))
    assert result.exit_code == 1  # nothing could be extracted: a failure, not an empty success
    assert result.stdout == ""
    assert result.stderr.count("skipped ") == 2
    assert "no article could be read" in result.stderr
    result = run("--store", store, "ingest", str(folder))
    assert result.exit_code == 0
    assert result.stdout.strip() == "ingested 0 articles, 0 facts; skipped 2"


def test_bad_option_values(store: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    result = run("--store", store, "ingest", "--published", "20-08-2025", str(tmp_path / "a.txt"))
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    assert run("--store", store, "ingest", str(tmp_path / "missing.txt")).exit_code == 2
    assert run("--store", store, "export", "--format", "csv").exit_code == 2


@pytest.mark.server
def test_serve_answers_sparql(live_server: str) -> None:
    request = urllib.request.Request(
        live_server + "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert json.loads(response.read())["boolean"] is True


@pytest.mark.model
def test_ingest_goes_on_past_bad_files_and_says_why(tmp_path: Path) -> None:
    """Empty, binary and non-UTF-8 files in a batch: each reported on stderr, the rest ingested."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(Path(__file__).resolve().parent.parent / "seeds" / "belarus-iran-2025-08-20.txt", folder)
    (folder / "empty.txt").write_text("   \n\n  ")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes(
        "Belarus and Iran signed a trade agreement in Minsk, ré.".encode("cp1252")
    )
    result = CliRunner().invoke(
        cli, ["--store", "memory:", "ingest", str(folder), "--published", "2025-08-20"]
    )
    assert result.exit_code == 0, result.output
    assert "ingested 2 articles" in result.stdout
    assert "skipped 2" in result.stdout
    assert "empty.txt: article is empty" in result.stderr
    assert "binary.txt: looks like binary data" in result.stderr
    assert "latin1.txt: not valid UTF-8" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.model
def test_extract_explain_names_the_rule_of_each_fact(tmp_path: Path) -> None:
    article = tmp_path / "trip.txt"
    article.write_text(
        "President Emmanuel Macron visited India on Monday and met Prime Minister Narendra Modi.\n"
    )
    result = run("extract", "--explain", "--published", "2024-01-22", str(article))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    visit = next(line for line in lines if "visit(Emmanuel Macron -> India)" in line)
    assert "<- visit.visits 'visited'" in visit
    assert any("meeting(" in line and "<- meeting." in line for line in lines)
    # the sentence follows each fact, and the JSON form stays the contract (no rule in it)
    assert any(line.startswith("    President Emmanuel Macron visited India") for line in lines)
    plain = run("extract", "--published", "2024-01-22", str(article))
    assert all("rule" not in json.loads(line) for line in plain.stdout.splitlines())


def test_load_nquads_gives_the_store_ingest_gives(tmp_path: Path, seed_article, seed_facts) -> None:
    """`kg load` of an article's quads (writes.article_quads): same facts and stats as add_article."""
    from kg.store.writes import article_quads

    bulk = tmp_path / "seed.nq"
    ox.serialize(article_quads(seed_article, seed_facts), str(bulk), format=ox.RdfFormat.N_QUADS)
    loaded = tmp_path / "loaded"
    result = run("--store", str(loaded), "load", str(bulk))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"loaded {len(article_quads(seed_article, seed_facts))} quads")
    assert "quads/s" in result.stdout
    with KnowledgeGraph.open(str(loaded)) as got, KnowledgeGraph.open("memory:") as want:
        want.add_article(seed_article, seed_facts)
        assert got.stats() == want.stats()
        assert {f.id for f in got.facts()} == {f.id for f in want.facts()}
        assert got.search_entities("luk") == want.search_entities("luk")


def test_recount_restores_a_damaged_index(tmp_path: Path, seed_article, seed_facts) -> None:
    """`kg recount` rebuilds counters and edge records a change behind the service's back broke."""
    store = str(tmp_path / "kg")
    with populated_graph(store, seed_article, seed_facts) as graph:
        want = graph.stats()
        graph._backend.update(
            "DELETE WHERE { GRAPH <https://w3id.org/dipkg/graph/index> { ?n "
            "<https://w3id.org/dipkg/ontology#factCount> ?c } }"
        )
        assert graph.stats() != want
    result = run("--store", store, "recount")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("recounted the index of ")
    with KnowledgeGraph.open(store) as graph:
        assert graph.stats() == want


def test_load_refuses_other_formats(tmp_path: Path) -> None:
    bad = tmp_path / "data.ttl"
    bad.write_text("<a:b> <a:c> <a:d> .\n", encoding="utf-8")
    assert_one_line_error(run("--store", str(tmp_path / "kg"), "load", str(bad)), "N-Quads (.nq) or TriG")


def test_shards_partition_the_corpus_exactly() -> None:
    from kg.cli import in_shard

    ids = [f"article-{i}" for i in range(2000)]
    for count in (1, 3, 8):
        shards = [{i for i in ids if in_shard(i, (k, count))} for k in range(1, count + 1)]
        assert sum(len(s) for s in shards) == len(ids)
        assert set().union(*shards) == set(ids)
        if count > 1:
            assert all(len(s) > len(ids) / count / 2 for s in shards)  # roughly even
    assert run("extract", "--shard", "0/4", str(Path(__file__).parent)).exit_code == 2
    assert run("extract", "--shard", "x", str(Path(__file__).parent)).exit_code == 2


@pytest.mark.model
def test_extract_nq_then_load_equals_ingest_and_ingest_resumes(tmp_path: Path) -> None:
    seeds = str(Path(__file__).resolve().parent.parent / "seeds")
    bulk = tmp_path / "seeds.nq"
    extracted = run("extract", "--format", "nq", seeds)
    assert extracted.exit_code == 0, extracted.output
    bulk.write_bytes(extracted.stdout_bytes)
    assert run("--store", str(tmp_path / "loaded"), "load", str(bulk)).exit_code == 0
    ingested = run("--store", str(tmp_path / "ingested"), "ingest", seeds)
    assert ingested.exit_code == 0, ingested.output
    assert "already stored" not in ingested.stdout
    with (
        KnowledgeGraph.open(str(tmp_path / "loaded")) as a,
        KnowledgeGraph.open(str(tmp_path / "ingested")) as b,
    ):
        assert a.stats() == b.stats() and a.stats()["facts"] > 0
        assert {f.id for f in a.facts()} == {f.id for f in b.facts()}
        assert a.search_entities("luk") == b.search_entities("luk")
        articles = a.stats()["articles"]
    again = run("--store", str(tmp_path / "ingested"), "ingest", seeds)
    assert f"ingested 0 articles, 0 facts; skipped 0; already stored {articles}" in again.stdout
    forced = run("--store", str(tmp_path / "ingested"), "ingest", "--force", seeds)
    assert f"ingested {articles} articles" in forced.stdout


def test_export_nq_then_load_gives_an_isomorphic_dataset(store: str, tmp_path: Path) -> None:
    exported = tmp_path / "all.nq"
    assert run("--store", store, "export", "--format", "nq", "-o", str(exported)).exit_code == 0
    copy = tmp_path / "copy"
    assert run("--store", str(copy), "load", str(exported)).exit_code == 0
    again = tmp_path / "again.nq"
    assert run("--store", str(copy), "export", "--format", "nq", "-o", str(again)).exit_code == 0
    datasets = []
    for path in (exported, again):
        dataset = ox.Dataset(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)  # blank nodes, if any
        datasets.append(set(dataset))
    assert datasets[0] == datasets[1] and len(datasets[0]) > 1000
    assert len({q.graph_name for q in datasets[0]}) > 3
    with KnowledgeGraph.open(store) as a, KnowledgeGraph.open(str(copy)) as b:
        assert a.stats() == b.stats()


def test_progress_lines_without_a_terminal(capsys) -> None:
    from kg.cli import progress_lines

    assert list(progress_lines(iter(range(25)), 25, 10)) == list(range(25))
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(",")[0] for line in lines] == [
        "progress 10/25 articles",
        "progress 20/25 articles",
        "progress 25/25 articles",
    ]
    assert all("/s, ETA " in line for line in lines)
