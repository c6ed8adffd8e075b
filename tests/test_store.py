"""KnowledgeGraph: article graph round trips, persistence, filters, entities and the read-only SPARQL API."""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.model import Article, Fact
from kg.rdf import entity_iri
from kg.store import (
    KnowledgeGraph,
    QueryError,
    QueryRefused,
    QueryTimeout,
    StoreError,
    TooManyRows,
)
from tests.conftest import SEED_ID

REFERENCE_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH graph:reference { ?s ?p ?o } }"


def reference_size(kg: KnowledgeGraph) -> int:
    return kg.sparql(REFERENCE_COUNT).rows[0]["n"]


def fact_ids(facts: list[Fact]) -> set[str]:
    return {f.id for f in facts}


# -- writing ---------------------------------------------------------------------------------


def test_open_loads_reference_once() -> None:
    with KnowledgeGraph.open("memory:") as kg:
        size = reference_size(kg)
        assert size > 1000
        assert kg.load_reference() == size
        assert reference_size(kg) == size  # replaced, not appended
        assert kg.articles() == []


def test_add_replace_delete_leave_reference_alone(seed_article: Article, seed_facts: list[Fact]) -> None:
    with KnowledgeGraph.open("memory:") as kg:
        before = reference_size(kg)
        kg.add_article(seed_article, seed_facts)
        assert fact_ids(kg.facts()) == fact_ids(seed_facts)
        assert kg.articles()[0]["facts"] == len(fact_ids(seed_facts))

        kept = seed_facts[:3]
        kg.add_article(seed_article, kept)
        assert fact_ids(kg.facts()) == fact_ids(kept)  # the old facts are gone
        ask_gone = "ASK { ?f dip:evidence ?e FILTER(?e = %s) }"
        gone = next(f for f in seed_facts if f.evidence not in {k.evidence for k in kept})
        assert kg.sparql(ask_gone % json.dumps(gone.evidence)).boolean is False
        assert reference_size(kg) == before

        assert kg.delete_article(seed_article.id) is True
        assert kg.delete_article(seed_article.id) is False
        assert kg.facts() == [] and kg.articles() == []
        assert kg.get_article(seed_article.id) is None
        assert reference_size(kg) == before
        assert kg.stats()["triples_by_graph"]["articles"] == 0


def test_add_article_rejects_foreign_facts(seed_article: Article, seed_facts: list[Fact]) -> None:
    with KnowledgeGraph.open("memory:") as kg:
        stranger = replace(seed_facts[0], article="another-article")
        with pytest.raises(ValueError, match="another-article"):
            kg.add_article(seed_article, [stranger])
        assert kg.articles() == []  # nothing half-written


def test_directory_store_persists_and_is_locked(
    tmp_path, seed_article: Article, seed_facts: list[Fact]
) -> None:
    location = str(tmp_path / "kg")
    kg = KnowledgeGraph.open(location)
    kg.add_article(seed_article, seed_facts)
    with pytest.raises(StoreError, match="in use by another process"):
        KnowledgeGraph.open(location)
    kg.close()

    with KnowledgeGraph.open(location) as again:
        assert fact_ids(again.facts()) == fact_ids(seed_facts)
        article = again.get_article(seed_article.id)
        assert article is not None
        assert article["text"] == seed_article.text
        assert article["published"] == "2025-08-20"
        assert article["title"] == seed_article.title


def test_unknown_location_scheme_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="unknown store location"):
        KnowledgeGraph.open("ftp://example.org/kg")


def test_a_file_or_foreign_folder_is_no_store_location(tmp_path) -> None:
    file = tmp_path / "file"
    file.write_text("x")
    with pytest.raises(StoreError, match="not a directory"):
        KnowledgeGraph.open(str(file))
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        KnowledgeGraph.open(str(tmp_path))  # has a file in it, but no store
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # nothing written there


# -- reading ---------------------------------------------------------------------------------


def test_articles_and_get_article(graph: KnowledgeGraph, seed_article: Article, seed_facts) -> None:
    (listed,) = graph.articles()
    assert listed["id"] == seed_article.id
    assert listed["title"] == seed_article.title
    assert listed["published"] == "2025-08-20"
    assert "text" not in listed
    full = graph.get_article(seed_article.id)
    assert full is not None and full["text"] == seed_article.text
    assert graph.get_article("no-such-article") is None
    assert graph.get_article("") is None


@pytest.mark.parametrize(
    ("filters", "keep"),
    [
        (
            {"subject": "person/masoud-pezeshkian"},
            lambda f: f.subject and f.subject.id == "person/masoud-pezeshkian",
        ),
        ({"object": "country/BLR"}, lambda f: f.object and f.object.id == "country/BLR"),
        ({"type": "trade"}, lambda f: f.type == "trade"),
        ({"modality": "alleged"}, lambda f: f.modality == "alleged"),
        ({"since": "2025-01-01"}, lambda f: f.date is not None and f.date >= "2025"),
        ({"until": "2024-12-31"}, lambda f: f.date is not None and f.date[:4] <= "2024"),
        ({"since": "2024-03-01", "until": "2024-03-31"}, lambda f: f.date in ("2024", "2024-03")),
        (
            {"subject": "country/IRN", "object": "country/BLR"},
            lambda f: (
                f.subject and f.subject.id == "country/IRN" and f.object and f.object.id == "country/BLR"
            ),
        ),
        ({"article": "belarus-iran-2025-08-20", "type": "visit"}, lambda f: f.type == "visit"),
        ({"article": "elsewhere"}, lambda f: False),
        ({"min_confidence": 0.5}, lambda f: True),
        ({"min_confidence": 1.01}, lambda f: False),
    ],
)
def test_fact_filters(graph: KnowledgeGraph, seed_facts: list[Fact], filters, keep) -> None:
    expected = fact_ids([f for f in seed_facts if keep(f)])
    assert fact_ids(graph.facts(**filters)) == expected


def test_fact_paging(graph: KnowledgeGraph) -> None:
    everything = graph.facts()
    assert [f.id for f in graph.facts(limit=5, offset=3)] == [f.id for f in everything[3:8]]
    assert graph.facts(limit=5, offset=len(everything)) == []


def test_facts_read_back_equal_the_stored_ones(graph: KnowledgeGraph, seed_facts: list[Fact]) -> None:
    stored = {f.id: f for f in graph.facts()}
    for fact in seed_facts:
        back = stored[fact.id]
        assert (back.type, back.date, back.modality, back.evidence) == (
            fact.type,
            fact.date,
            fact.modality,
            fact.evidence,
        )


def test_entity_combines_reference_and_extracted(graph: KnowledgeGraph) -> None:
    belarus = graph.entity("country/BLR")
    assert belarus is not None
    assert belarus["label"] == "Belarus" and belarus["kind"] == "country" and belarus["qid"] == "Q184"
    assert belarus["sources"] == ["extracted", "reference"]
    eaeu = [m for m in belarus["memberships"] if m["organization"] == "org/EAEU"]
    assert eaeu and eaeu[0]["status"] == "member" and eaeu[0]["source"] == "reference"
    assert belarus["relation_counts"]["visit"]["incoming"] == 1
    # the article's statement that Lukashenko is head of state confirms the reference's row: one row
    heads = [p for p in belarus["positions"] if p["role"] == "head_of_state"]
    assert len(heads) == 1 and heads[0]["source"] == "reference" and heads[0]["article"] == SEED_ID

    pezeshkian = graph.entity("person/masoud-pezeshkian")
    assert pezeshkian is not None and pezeshkian["kind"] == "person"
    assert {p["country"] for p in pezeshkian["positions"]} == {"country/IRN"}
    assert pezeshkian["relation_counts"]["visit"] == {"outgoing": 2, "incoming": 0, "total": 2}
    assert graph.entity("person/nobody-at-all") is None


def test_search_ranks_exact_prefix_words(graph: KnowledgeGraph) -> None:
    hits = graph.search_entities("belarus")
    assert hits[0]["id"] == "country/BLR" and hits[0]["match_type"] == "exact"
    prefix = graph.search_entities("Bela")
    assert prefix[0]["id"] == "country/BLR" and prefix[0]["match_type"] == "prefix"
    kinds = [h["match_type"] for h in graph.search_entities("an", limit=50)]
    assert kinds == sorted(kinds, key=("exact", "prefix", "words").index)
    # A later word of a name is found by its beginning, with the words in any order.
    assert graph.search_entities("lukash")[0]["id"] == "person/aleksandr-lukashenko"
    assert graph.search_entities("lukashenko aleks")[0]["match_type"] == "words"
    assert graph.search_entities("BLR")[0]["id"] == "country/BLR"  # by ISO code
    assert graph.search_entities("EAEU")[0]["id"] == "org/EAEU"  # by abbreviation
    assert all(h["kind"] == "person" for h in graph.search_entities("ma", kind="person"))
    assert len(graph.search_entities("a", limit=3)) == 3
    assert graph.search_entities("   ") == []


def test_search_finds_extracted_only_entities(graph: KnowledgeGraph) -> None:
    # The seed's Pezeshkian has no Wikidata id in the gold file: he is known from the article.
    hits = graph.search_entities("pezeshkian")
    assert hits and hits[0]["id"] == "person/masoud-pezeshkian"
    assert "extracted" in hits[0]["sources"]


def test_stats(graph: KnowledgeGraph, seed_facts: list[Fact]) -> None:
    data = graph.stats()
    assert data["articles"] == 1
    assert data["facts"] == len(fact_ids(seed_facts))
    assert data["facts_by_type"]["trade"] == 3
    assert data["entities_by_kind"]["person"] == 3
    by_graph = data["triples_by_graph"]
    assert by_graph["reference"] > 1000 and by_graph["articles"] > 100
    assert data["triples"] == sum(by_graph.values())
    # The counters the writes keep equal what a full count finds.
    counted = graph.sparql(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/dipkg/graph/article/')) }"
    )
    assert counted.rows[0]["n"] == by_graph["articles"]
    mentioned = graph.sparql(
        "SELECT (COUNT(?e) AS ?n) WHERE { GRAPH graph:index { ?e dip:mentionCount ?c } }"
    )
    assert mentioned.rows[0]["n"] == data["entities"] == sum(data["entities_by_kind"].values())
    assert graph.count_facts() == data["facts"]


def test_entity_counts_per_kind_follow_writes_and_recount(seed_article, seed_facts) -> None:
    with KnowledgeGraph.open("memory:") as kg:
        kg.load_reference()
        kg.add_article(seed_article, seed_facts)
        counted = kg.stats()["entities_by_kind"]
        assert counted["person"] == 3 and counted["country"] >= 2
        kg.add_article(seed_article, seed_facts)  # a rewrite names the same entities: no change
        assert kg.stats()["entities_by_kind"] == counted
        kg.recount()
        assert kg.stats()["entities_by_kind"] == counted
        kg.delete_article(seed_article.id)
        assert kg.stats()["entities_by_kind"] == {} and kg.stats()["entities"] == 0


# -- SPARQL ----------------------------------------------------------------------------------

VISITS = "SELECT DISTINCT ?who ?where WHERE { ?p dip:visited ?c . ?p rdfs:label ?who . ?c rdfs:label ?where }"


def test_select_rows_and_formats(graph: KnowledgeGraph) -> None:
    result = graph.sparql(VISITS + " ORDER BY ?where")
    assert result.kind == "bindings" and result.variables == ["who", "where"]
    assert result.rows == [
        {"who": "Masoud Pezeshkian", "where": "Armenia"},
        {"who": "Masoud Pezeshkian", "where": "Belarus"},
    ]
    data = json.loads(result.serialize("application/sparql-results+json"))
    assert data["results"]["bindings"][1]["where"] == {"type": "literal", "value": "Belarus"}
    xml = ox.parse_query_results(
        result.serialize("application/sparql-results+xml"), ox.QueryResultsFormat.XML
    )
    assert [s["where"].value for s in xml] == ["Armenia", "Belarus"]
    rows = list(csv.DictReader(io.StringIO(result.serialize("text/csv").decode())))
    assert rows[1] == {"who": "Masoud Pezeshkian", "where": "Belarus"}
    tsv = result.serialize("text/tab-separated-values").decode().splitlines()
    assert tsv[0] == "?who\t?where" and tsv[2] == '"Masoud Pezeshkian"\t"Belarus"'
    with pytest.raises(ValueError):
        result.serialize("text/turtle")


def test_typed_values_in_rows(graph: KnowledgeGraph) -> None:
    count = graph.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s dip:visited ?o }").rows
    assert count == [{"n": 2}]
    row = graph.sparql(
        'SELECT ?x ?b ?y ?u WHERE { VALUES (?x ?b ?y) { (1.5 true "2024"^^xsd:gYear) } '
        "OPTIONAL { ?x dip:noSuchProperty ?u } }"
    ).rows[0]
    assert row == {"x": 1.5, "b": True, "y": "2024", "u": None}


def test_ask_and_construct(graph: KnowledgeGraph) -> None:
    ask = graph.sparql("ASK { ?p dip:visited ?c }")
    assert ask.kind == "boolean" and ask.boolean is True
    assert json.loads(ask.serialize("application/sparql-results+json"))["boolean"] is True
    assert b"<boolean>true</boolean>" in ask.serialize("application/sparql-results+xml")
    assert ask.serialize("text/csv").decode().split() == ["boolean", "true"]

    graph_result = graph.sparql("CONSTRUCT { ?p dip:visited ?c } WHERE { ?p dip:visited ?c }")
    assert graph_result.kind == "graph" and len(graph_result) == 2
    # rdflib's JSON-LD parser warns about its own deprecated ConjunctiveGraph: pyoxigraph reads that one.
    for mime, rdflib_format in {
        "text/turtle": "turtle",
        "application/n-triples": "nt",
        "application/rdf+xml": "xml",
    }.items():
        parsed = rdflib.Graph().parse(data=graph_result.serialize(mime), format=rdflib_format)
        assert len(parsed) == 2, mime
    assert len(list(ox.parse(graph_result.serialize("application/ld+json"), ox.RdfFormat.JSON_LD))) == 2
    with pytest.raises(ValueError):
        graph_result.serialize("text/csv")


def test_dataset_of_a_query(graph: KnowledgeGraph, seed_article: Article) -> None:
    from kg import rdf

    article_graph = str(rdf.article_graph_iri(seed_article.id))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    only_article = graph.sparql(count, default_graphs=[article_graph]).rows[0]["n"]
    assert 100 < only_article < graph.triples_count()
    named = graph.sparql("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[article_graph])
    assert [r["g"] for r in named.rows] == [article_graph]
    from_clause = f"SELECT (COUNT(*) AS ?n) FROM <{article_graph}> WHERE {{ ?s ?p ?o }}"
    assert graph.sparql(from_clause).rows[0]["n"] == only_article
    with pytest.raises(QueryError, match="graph IRI"):
        graph.sparql(count, default_graphs=["not an iri"])


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
        "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }",
        "# comment\nDROP ALL",
        "LOAD <http://example.org/data.ttl>",
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service   <http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_writes_and_service_are_refused(graph: KnowledgeGraph, query: str) -> None:
    before = graph.triples_count()
    with pytest.raises(QueryRefused):
        graph.sparql(query)
    assert graph.triples_count() == before


def test_service_inside_a_literal_or_name_is_fine(graph: KnowledgeGraph) -> None:
    query = 'SELECT ?service WHERE { BIND("SERVICE <x>" AS ?service) } # SERVICE'
    assert graph.sparql(query).rows == [{"service": "SERVICE <x>"}]


def test_syntax_error_has_the_parser_message(graph: KnowledgeGraph) -> None:
    with pytest.raises(QueryError) as caught:
        graph.sparql("SELECT ?x WHERE { ?x ?y }")
    assert "1:" in str(caught.value)  # the parser's position


def test_too_many_rows(graph: KnowledgeGraph) -> None:
    with pytest.raises(TooManyRows, match="more than 5 rows"):
        graph.sparql("SELECT * WHERE { ?s ?p ?o }", max_rows=5)
    assert len(graph.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 5", max_rows=5).rows) == 5


def _warm_workers(graph: KnowledgeGraph) -> set[int]:
    """Run a first query (starting the worker processes is not part of a query's time) and wait until
    the spare workers are up; returns the pids of the worker processes."""
    graph.sparql("ASK { ?s ?p ?o }", timeout=30)
    pool = graph._workers
    deadline = time.monotonic() + 30
    while pool._starting and time.monotonic() < deadline:
        time.sleep(0.05)
    return {w.process.pid for w in pool._idle}


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] not in "ZX"
    except (OSError, IndexError):
        return False


def test_streaming_query_times_out_and_stops(graph: KnowledgeGraph) -> None:
    # A cross product over the reference graph: ~10^8 rows, produced one by one.
    query = "SELECT ?a ?c WHERE { GRAPH graph:reference { ?a ?p ?b . ?c ?q ?d } }"
    workers = _warm_workers(graph)
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        graph.sparql(query, timeout=0.5, max_rows=10**9)
    assert time.monotonic() - started < 1.5
    killed = workers - {w.process.pid for w in graph._workers._idle}
    assert killed and not any(_running(pid) for pid in killed)  # the evaluation was killed, not left running


def test_eager_query_times_out(graph: KnowledgeGraph, seed_article: Article) -> None:
    # An aggregate is computed inside one native call (~5M joined rows here, a few seconds): the caller
    # still gets its answer in time, and the worker evaluating it is killed.
    from kg import rdf

    _warm_workers(graph)
    article_graph = rdf.article_graph_iri(seed_article.id).n3()
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH graph:reference { ?a ?p ?b } "
        f"GRAPH {article_graph} {{ ?c ?q ?d }} }}"
    )
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        graph.sparql(query, timeout=0.2)
    assert time.monotonic() - started < 1.2
    # Other queries are not blocked by the one still finishing in the background.
    assert graph.sparql("ASK { ?s ?p ?o }", timeout=5).boolean is True


# -- export ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [
        ("ttl", ox.RdfFormat.TURTLE),
        ("nq", ox.RdfFormat.N_QUADS),
        ("trig", ox.RdfFormat.TRIG),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_export_parses_back(graph: KnowledgeGraph, fmt: str, rdf_format) -> None:
    quads = list(ox.parse(graph.export(fmt), rdf_format))
    if fmt == "ttl":
        assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in quads)
        assert 0 < len(quads) <= graph.triples_count()
    else:
        assert len(quads) == graph.triples_count()
        # reference, entities, index and the article
        assert len({q.graph_name for q in quads}) == 4


def test_export_refuses_unknown_format(graph: KnowledgeGraph) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        graph.export("csv")


# -- remote SPARQL server ----------------------------------------------------------------------


@pytest.mark.server
def test_remote_round_trip(oxigraph_server: str, seed_article: Article, seed_facts: list[Fact]) -> None:
    with KnowledgeGraph.open(oxigraph_server) as kg:
        before = reference_size(kg)
        assert before > 1000  # loaded on first open, through the update endpoint
        kg.add_article(seed_article, seed_facts)
        assert fact_ids(kg.facts()) == fact_ids(seed_facts)
        assert fact_ids(kg.facts(subject="country/IRN", type="trade")) == fact_ids(
            [f for f in seed_facts if f.type == "trade" and f.subject and f.subject.id == "country/IRN"]
        )
        assert kg.get_article(seed_article.id)["text"] == seed_article.text

        kg.add_article(seed_article, seed_facts[:2])
        assert fact_ids(kg.facts()) == fact_ids(seed_facts[:2])
        assert kg.sparql(VISITS).rows == [{"who": "Masoud Pezeshkian", "where": "Belarus"}]
        assert kg.sparql("ASK { ?p dip:visited ?c }").boolean is True
        construct = kg.sparql("CONSTRUCT { ?p dip:visited ?c } WHERE { ?p dip:visited ?c }")
        assert construct.kind == "graph" and len(construct) == 1
        with pytest.raises(QueryRefused):
            kg.sparql("DROP ALL")
        with pytest.raises(QueryError):
            kg.sparql("SELECT ?x WHERE {")
        with pytest.raises(TooManyRows):
            kg.sparql("SELECT * WHERE { ?s ?p ?o }", max_rows=10)
        quads = list(ox.parse(kg.export("nq"), ox.RdfFormat.N_QUADS))
        assert len(quads) == kg.triples_count()

        assert kg.delete_article(seed_article.id) is True
        assert kg.delete_article(seed_article.id) is False
        assert kg.articles() == [] and reference_size(kg) == before
        # What only the deleted article named is gone from the entities and index graphs too.
        left = kg.sparql(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        ).rows
        assert [r["g"] for r in left] == [
            "https://w3id.org/dipkg/graph/index",
            "https://w3id.org/dipkg/graph/reference",
        ]
        assert left[0]["n"] == 1  # the reference graph's triple counter

    with KnowledgeGraph.open(oxigraph_server) as again:  # not loaded twice
        assert again.stats()["triples_by_graph"] == {"reference": before, "articles": 0}


@pytest.mark.server
def test_remote_store_read_with_rdflib(oxigraph_server: str, seed_article: Article, seed_facts) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    from kg import rdf
    from kg.vocab import DIP

    with KnowledgeGraph.open(oxigraph_server) as kg:
        kg.add_article(seed_article, seed_facts)
    store = SPARQLStore(oxigraph_server, returnFormat="json")
    article = rdflib.Graph(store=store, identifier=rdf.article_graph_iri(seed_article.id))
    visited = set(article.objects(rdf.entity_iri("person/masoud-pezeshkian"), DIP.visited))
    assert visited == {rdf.entity_iri("country/BLR"), rdf.entity_iri("country/ARM")}
    store.close()


@pytest.mark.server
def test_remote_timeout(oxigraph_server: str) -> None:
    with KnowledgeGraph.open(oxigraph_server) as kg:
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            kg.sparql("SELECT * WHERE { ?a ?p ?b . ?c ?q ?d }", timeout=0.5, max_rows=10**9)
        assert time.monotonic() - started < 2
        assert kg.sparql("ASK { ?s ?p ?o }").boolean is True


@pytest.mark.server
def test_remote_queries_reuse_their_connections(oxigraph_server: str) -> None:
    """Each request to the server is a round trip on a kept-alive connection, not a new handshake."""
    with KnowledgeGraph.open(oxigraph_server) as kg:
        backend = kg._backend
        for _ in range(30):
            assert bool(backend.query("ASK { ?s ?p ?o }")) is True
        with pytest.raises(QueryError, match="(?i)parse|expect|syntax"):  # the server's own message
            kg.sparql("SELECT ?x WHERE { ?x ?y }")
        pools = list(backend._http.pools._container.values())  # type: ignore[union-attr]
        assert pools and sum(pool.num_connections for pool in pools) <= 2
        assert sum(pool.num_requests for pool in pools) >= 30


def test_unreachable_remote_store() -> None:
    from conftest import free_port

    from kg.store.backends import BackendTimeout, RemoteBackend

    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint .*Connection refused") as opened:
        KnowledgeGraph.open(url)
    assert opened.value.args[0].count("cannot reach") == 1
    # a server gone after opening: refused, not a time-out (urllib3 files the two together)
    with pytest.raises(StoreError, match="cannot reach") as asked:
        RemoteBackend(url, check=False).query("ASK { ?s ?p ?o }", timeout=5)
    assert not isinstance(asked.value, BackendTimeout)


def _links(kg: KnowledgeGraph) -> set[tuple[str, str, str, int]]:
    rows = kg.sparql(
        "SELECT ?l ?a ?b ?t ?n WHERE { GRAPH graph:index { ?l dip:linkEnd ?a , ?b ; dip:linkType ?t ; "
        "dip:factCount ?n FILTER(STR(?a) < STR(?b)) } }"
    ).rows
    return {(str(r["l"]), str(r["a"]), str(r["b"]), f"{r['t']}:{r['n']}") for r in rows}


def test_link_counters_follow_writes_and_equal_a_recount(seed_article, seed_facts) -> None:
    """The index's link counters (facts per pair of actors and type) after writes equal a full
    recount, and equal the facts between each pair counted directly."""
    with KnowledgeGraph.open("memory:") as kg:
        kg.load_reference()
        kg.add_article(seed_article, seed_facts)
        other = Article(id="other", text=seed_article.text, published=seed_article.published)
        kg.add_article(other, [replace(f, article="other") for f in seed_facts if f.type == "visit"])
        kept = _links(kg)
        assert kept and all(int(x.split(":")[1]) > 0 for *_, x in kept)
        a, b = "person/masoud-pezeshkian", "country/BLR"
        visits = [x for _l, s, o, x in kept if {s, o} == {str(entity_iri(a)), str(entity_iri(b))}]
        direct = kg.count_facts(subject=a, object=b, type="visit") + kg.count_facts(
            subject=b, object=a, type="visit"
        )
        assert visits == [f"visit:{direct}"] and direct >= 2
        kg.recount()
        assert _links(kg) == kept
        kg.delete_article("other")
        after = _links(kg)
        assert after != kept
        kg.recount()
        assert _links(kg) == after
        kg.delete_article(seed_article.id)
        assert _links(kg) == set()


def _counted_relations(kg: KnowledgeGraph, entity_id: str) -> dict[str, dict[str, int]]:
    """Facts per type and end counted over the article graphs themselves (the oracle)."""
    node = f"<{entity_iri(entity_id)}>"
    rows = kg.sparql(
        f"SELECT ?dir ?type (COUNT(?f) AS ?n) WHERE {{ "
        f"{{ ?f dip:agent {node} BIND('outgoing' AS ?dir) }} UNION "
        f"{{ ?f dip:target {node} FILTER NOT EXISTS {{ ?f dip:agent {node} }} BIND('incoming' AS ?dir) }} "
        f"?f dip:factType ?type }} GROUP BY ?dir ?type"
    ).rows
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        entry = counts.setdefault(str(row["type"]), {"outgoing": 0, "incoming": 0, "total": 0})
        entry[str(row["dir"])] = int(row["n"])
        entry["total"] = entry["outgoing"] + entry["incoming"]
    return dict(sorted(counts.items()))


def test_degree_counters_equal_counting_the_facts(seed_article, seed_facts) -> None:
    people = ("person/masoud-pezeshkian", "country/BLR", "country/IRN", "person/aleksandr-lukashenko")
    with KnowledgeGraph.open("memory:") as kg:
        kg.load_reference()
        kg.add_article(seed_article, seed_facts)
        other = Article(id="other", text=seed_article.text, published=seed_article.published)
        kg.add_article(
            other, [replace(f, article="other") for f in seed_facts if f.type in ("visit", "meeting")]
        )
        for step in ("written", "recounted", "deleted"):
            if step == "recounted":
                kg.recount()
            if step == "deleted":
                kg.delete_article("other")
            for entity in people:
                assert kg.entity(entity)["relation_counts"] == _counted_relations(kg, entity), (step, entity)
        assert kg.entity("person/masoud-pezeshkian")["relation_counts"]["visit"]["outgoing"] == 2
