"""/sparql: protocol forms, content negotiation, refusals, limits, graph selection, the query page."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph

from api import create_app, examples
from kg.rdf import REFERENCE_GRAPH, article_graph_iri
from kg.vocab import DIP, ID

SEED_ID = "belarus-iran-2025-08-20"

DIP_PREFIX = f"PREFIX dip: <{DIP._NS}>\n"
COUNTRY_IRI = str(ID["country/"])
SELECT_COUNTRIES = DIP_PREFIX + "SELECT ?c WHERE { ?c a dip:Country } LIMIT 3"
ASK_ANY = "ASK { ?s ?p ?o }"
CONSTRUCT_FACTS = DIP_PREFIX + "CONSTRUCT { ?f dip:factType ?t } WHERE { ?f dip:factType ?t }"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
# A join of every triple with every other (13k x 13k) that yields rows steadily: the store cancels a
# timed-out query between rows, so it stops at once. (An aggregate such as COUNT over a cross product
# would time out too, but keep burning a core inside pyoxigraph after the answer.)
SLOW_STREAM = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(STR(?c) = STR(?f)) }"
SPARQL_JSON = "application/sparql-results+json"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture()
def seeded_app(seed_article, seed_facts):
    """Build apps like conftest's `app` with extra settings (tiny timeouts, row caps); closed afterwards."""
    built = []

    def build(**config):
        application = create_app({"TESTING": True, "STORE": "memory:", **config})
        kg = application.extensions["kg"]
        kg.load_reference()
        kg.add_article(seed_article, seed_facts)
        built.append(application)
        return application

    yield build
    for application in built:
        application.extensions["kg"].close()


@pytest.fixture(scope="module")
def client(seed_article, seed_facts):
    """One seeded app for this module's read-only tests (none of them writes): saves a load per test."""
    application = create_app({"TESTING": True, "STORE": "memory:"})
    kg = application.extensions["kg"]
    kg.load_reference()
    kg.add_article(seed_article, seed_facts)
    yield application.test_client()
    kg.close()


def count(response) -> int:
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(response.get_json(force=True)["results"]["bindings"][0]["n"]["value"])


def bindings(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json(force=True)["results"]["bindings"]


# --- protocol forms ---------------------------------------------------------------------------


def test_get_with_query_parameter_answers_json_by_default(client):
    response = client.get("/sparql", query_string={"query": SELECT_COUNTRIES})
    assert response.mimetype == SPARQL_JSON
    data = response.get_json(force=True)
    assert data["head"]["vars"] == ["c"]
    assert len(data["results"]["bindings"]) == 3


def test_post_form_encoded(client):
    response = client.post("/sparql", data={"query": SELECT_COUNTRIES})
    assert len(bindings(response)) == 3


def test_post_sparql_query_body(client):
    response = client.post(
        "/sparql", data=SELECT_COUNTRIES.encode(), content_type="application/sparql-query; charset=utf-8"
    )
    assert len(bindings(response)) == 3


def test_post_sparql_query_with_query_parameter_too_is_ambiguous(client):
    response = client.post(
        "/sparql", query_string={"query": ASK_ANY}, data=ASK_ANY, content_type="application/sparql-query"
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "ambiguous query"


def test_post_other_media_type_is_415(client):
    response = client.post("/sparql", data=b'{"query": "ASK {}"}', content_type="application/json")
    assert response.status_code == 415
    assert "application/sparql-query" in response.get_json()["detail"]


@pytest.mark.parametrize("query_string", [{}, {"query": "   "}])
def test_missing_or_empty_query_is_400_for_programs(client, query_string):
    response = client.get("/sparql", query_string=query_string, headers={"Accept": SPARQL_JSON})
    assert response.status_code == 400
    assert response.get_json()["error"] == "missing query"


def test_undecodable_body_is_400(client):
    response = client.post("/sparql", data=b"ASK {\xff}", content_type="application/sparql-query")
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad encoding"


# --- content negotiation ----------------------------------------------------------------------


def parse_results(mime: str, body: bytes) -> list[str]:
    """The values of column `c`, whatever the results format."""
    text = body.decode("utf-8")
    if mime == SPARQL_JSON:
        return [b["c"]["value"] for b in json.loads(text)["results"]["bindings"]]
    if mime == "application/sparql-results+xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        return [e.text or "" for e in ET.fromstring(text).findall(".//r:binding[@name='c']/r:uri", ns)]
    if mime == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["c"]
        return [r[0] for r in rows[1:]]
    lines = text.strip().split("\n")
    assert lines[0] == "?c"
    return [line.strip("<>") for line in lines[1:]]


@pytest.mark.parametrize(
    "mime", [SPARQL_JSON, "application/sparql-results+xml", "text/csv", "text/tab-separated-values"]
)
def test_select_in_every_results_format(client, mime):
    response = client.get("/sparql", query_string={"query": SELECT_COUNTRIES}, headers={"Accept": mime})
    assert response.status_code == 200
    assert response.mimetype == mime
    assert "Accept" in response.headers["Vary"]
    values = parse_results(mime, response.data)
    assert len(values) == 3
    assert all(v.startswith(COUNTRY_IRI) for v in values)


# rdflib's JSON-LD parser itself still uses its deprecated ConjunctiveGraph.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize(
    ("mime", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_in_every_rdf_format(client, seed_facts, mime, rdflib_format):
    response = client.post("/sparql", data={"query": CONSTRUCT_FACTS}, headers={"Accept": mime})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == mime
    graph = Graph().parse(data=response.data, format=rdflib_format)
    assert len(graph) == len({f.id for f in seed_facts})


def test_construct_defaults_to_turtle_and_select_to_json(client):
    construct = client.get("/sparql", query_string={"query": CONSTRUCT_FACTS}, headers={"Accept": "*/*"})
    select = client.get("/sparql", query_string={"query": SELECT_COUNTRIES})
    assert construct.mimetype == "text/turtle"
    assert select.mimetype == SPARQL_JSON


def test_ask_as_json_and_xml(client):
    as_json = client.get("/sparql", query_string={"query": ASK_ANY})
    as_xml = client.get(
        "/sparql", query_string={"query": ASK_ANY}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert as_json.get_json(force=True)["boolean"] is True
    assert ET.fromstring(as_xml.data).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


def test_plain_json_accept_and_format_parameter_aliases(client):
    plain = client.get(
        "/sparql", query_string={"query": SELECT_COUNTRIES}, headers={"Accept": "application/json"}
    )
    as_csv = client.get("/sparql", query_string={"query": SELECT_COUNTRIES, "format": "csv"})
    as_nt = client.get("/sparql", query_string={"query": CONSTRUCT_FACTS, "format": "nt"})
    assert plain.mimetype == SPARQL_JSON
    assert as_csv.mimetype == "text/csv"
    assert as_nt.mimetype == "application/n-triples"


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (SELECT_COUNTRIES, "image/png"),
        (SELECT_COUNTRIES, "text/turtle"),
        (CONSTRUCT_FACTS, SPARQL_JSON),
        (CONSTRUCT_FACTS, "text/csv"),
    ],
)
def test_unservable_accept_is_406(client, query, accept):
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    body = response.get_json()
    assert body["error"] == "not acceptable"
    assert accept in body["detail"]


def test_unknown_format_parameter_is_406(client):
    response = client.get("/sparql", query_string={"query": SELECT_COUNTRIES, "format": "yaml"})
    assert response.status_code == 406
    assert "format=yaml" in response.get_json()["detail"]


# --- read-only ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "content_type": "application/sparql-update"},
        {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {"data": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {"data": {"query": "PREFIX x: <urn:x#>\nDROP ALL"}},
    ],
)
def test_updates_are_refused_and_change_nothing(client, request_kwargs):
    before = count(client.get("/sparql", query_string={"query": COUNT_ALL}))
    response = client.post("/sparql", **request_kwargs)
    assert response.status_code == 403
    body = response.get_json()
    assert "refused" in body["error"]
    assert "read-only" in body["detail"]
    assert count(client.get("/sparql", query_string={"query": COUNT_ALL})) == before


def test_service_clause_is_refused(client):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert "SERVICE" in response.get_json()["detail"]


def test_malformed_query_is_400_with_the_parser_message(client):
    response = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "malformed query"
    # The parser's own words (position and expectation), not a generic text.
    assert body["detail"] != "The query could not be parsed."
    assert any(ch.isdigit() for ch in body["detail"])


# --- dataset selection --------------------------------------------------------------------------


def test_default_graph_is_the_union_of_all_graphs(client):
    total = count(client.get("/sparql", query_string={"query": COUNT_ALL}))
    graph_query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert total == count(client.get("/sparql", query_string={"query": graph_query}))
    assert total > 0


def test_default_graph_uri_restricts_the_default_graph_to_one_article(client, seed_facts):
    article = str(article_graph_iri(SEED_ID))
    only_article = client.get("/sparql", query_string={"query": COUNT_ALL, "default-graph-uri": article})
    everything = client.get("/sparql", query_string={"query": COUNT_ALL})
    in_article = count(only_article)
    assert 0 < in_article < count(everything)
    facts = DIP_PREFIX + "SELECT ?f WHERE { ?f a dip:Fact }"
    article_facts = client.post("/sparql", data={"query": facts, "default-graph-uri": article})
    reference_facts = client.post("/sparql", data={"query": facts, "default-graph-uri": str(REFERENCE_GRAPH)})
    assert len(bindings(article_facts)) == len({f.id for f in seed_facts})
    assert bindings(reference_facts) == []


def test_named_graph_uri_limits_the_named_graphs(client):
    article = str(article_graph_iri(SEED_ID))
    response = client.get("/sparql", query_string={"query": GRAPHS, "named-graph-uri": article})
    assert [b["g"]["value"] for b in bindings(response)] == [article]
    all_graphs = {b["g"]["value"] for b in bindings(client.get("/sparql", query_string={"query": GRAPHS}))}
    assert {article, str(REFERENCE_GRAPH)} <= all_graphs


def test_graph_uris_on_a_sparql_query_post_come_from_the_url(client):
    article = str(article_graph_iri(SEED_ID))
    response = client.post(
        "/sparql",
        query_string={"named-graph-uri": article},
        data=GRAPHS,
        content_type="application/sparql-query",
    )
    assert [b["g"]["value"] for b in bindings(response)] == [article]


def test_relative_graph_uri_is_400(client):
    response = client.get("/sparql", query_string={"query": COUNT_ALL, "default-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad graph uri"


# --- limits ---------------------------------------------------------------------------------------


def test_timeout_answers_clearly_and_the_server_stays_responsive(seeded_app):
    application = seeded_app(QUERY_TIMEOUT=0.5, RESULT_LIMIT=1_000_000)
    outcome: dict = {}

    def slow() -> None:
        started = time.monotonic()
        outcome["response"] = application.test_client().get("/sparql", query_string={"query": SLOW_STREAM})
        outcome["seconds"] = time.monotonic() - started

    worker = threading.Thread(target=slow)
    worker.start()
    time.sleep(0.1)
    # While the runaway query is being cut off, another request still answers.
    quick = application.test_client().get("/sparql", query_string={"query": ASK_ANY})
    worker.join(30)
    assert quick.status_code == 200
    assert quick.get_json(force=True)["boolean"] is True
    response = outcome["response"]
    assert response.status_code == 503
    body = response.get_json()
    assert body["error"] == "query timeout"
    assert "KG_QUERY_TIMEOUT" in body["detail"]
    assert outcome["seconds"] < 5
    after = application.test_client().get("/sparql", query_string={"query": SELECT_COUNTRIES})
    assert len(bindings(after)) == 3


def test_row_cap_refuses_larger_results(seeded_app):
    application = seeded_app(RESULT_LIMIT=5)
    client = application.test_client()
    too_many = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert too_many.status_code == 400
    body = too_many.get_json()
    assert body["error"] == "too many results"
    assert "KG_RESULT_LIMIT" in body["detail"]
    within = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
    assert len(bindings(within)) == 5


# --- the query page -------------------------------------------------------------------------------


def test_browser_gets_the_query_page_with_prefixes_and_examples(client):
    response = client.get("/sparql", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<textarea" in page
    for name, namespace in examples.prefixes():
        assert f"{name}:" in page and namespace in page
    assert str(DIP._NS) in dict(examples.prefixes()).values()
    for example in examples.example_queries():
        assert example.title in page
    # Every asset is the app's own: no CDN, so the page works offline.
    assert re.findall(r'(?:src|href)="(?:https?:)?//', page) == []
    for asset in ("/static/sparql/sparql.css", "/static/sparql/editor.js"):
        assert asset in page
        with client.get(asset) as served:  # `with` closes the static file handle
            assert served.status_code == 200 and served.data


def test_browser_query_renders_a_results_table(client):
    response = client.post("/sparql", data={"query": SELECT_COUNTRIES}, headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "3 rows" in page
    assert page.count(COUNTRY_IRI) >= 3
    assert "format=csv" in page  # download links in the other formats


def test_browser_ask_and_construct_render_on_the_page(client):
    ask = client.post("/sparql", data={"query": ASK_ANY}, headers={"Accept": BROWSER_ACCEPT})
    construct = client.post("/sparql", data={"query": CONSTRUCT_FACTS}, headers={"Accept": BROWSER_ACCEPT})
    assert ask.status_code == construct.status_code == 200
    assert '<span class="boolean">true</span>' in ask.get_data(as_text=True)
    page = construct.get_data(as_text=True)
    assert "Graph (Turtle)" in page
    assert "dip:factType" in page and "format=nt" in page


def test_browser_malformed_query_shows_the_error_on_the_page(client):
    response = client.post("/sparql", data={"query": "SELECT nonsense"}, headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "malformed query" in page
    assert "SELECT nonsense" in page  # the query stays in the editor


# --- examples -------------------------------------------------------------------------------------

# One value each example must return on the seed store: the example really answers its question.
EXPECTED_IN_EXAMPLE = {
    "leaders-visited-eeu-members-2025": "Masoud Pezeshkian",
    "sco-members-heads-of-state": "Aleksandr Lukashenko",
    "article-facts-with-evidence": "Shahed drones",
}


def test_every_example_is_listed_and_expected():
    assert {e.name for e in examples.example_queries()} == set(EXPECTED_IN_EXAMPLE)


@pytest.mark.parametrize("name", sorted(EXPECTED_IN_EXAMPLE))
def test_example_query_returns_rows_on_the_seed_store(client, name):
    example = next(e for e in examples.example_queries() if e.name == name)
    response = client.post("/sparql", data={"query": example.text})
    rows = bindings(response)
    assert rows, f"example {name} returned no rows"
    values = {term["value"] for row in rows for term in row.values()}
    assert any(EXPECTED_IN_EXAMPLE[name] in value for value in values)


def test_example_prefixes_come_from_the_ontology():
    declared = dict(examples.prefixes())
    for example in examples.example_queries():
        for line in example.text.splitlines():
            if line.startswith("PREFIX"):
                name, iri = line.split()[1:3]
                assert declared[name.rstrip(":")] == iri.strip("<>")


# --- real clients against a live `kg serve` ---------------------------------------------------------


@pytest.mark.server
def test_sparqlwrapper_select_ask_and_construct(live_server):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    endpoint = SPARQLWrapper(live_server + "/sparql")
    endpoint.setQuery(SELECT_COUNTRIES)
    endpoint.setReturnFormat(JSON)
    rows = endpoint.query().convert()["results"]["bindings"]
    assert len(rows) == 3
    assert all(row["c"]["value"].startswith(COUNTRY_IRI) for row in rows)

    endpoint.setQuery(DIP_PREFIX + "ASK { ?v a dip:Visit }")
    assert endpoint.query().convert()["boolean"] is True

    endpoint.setQuery(CONSTRUCT_FACTS)
    endpoint.setReturnFormat(TURTLE)
    endpoint.setMethod("POST")
    turtle = endpoint.query().convert()
    graph = Graph().parse(data=turtle, format="turtle")
    assert len(graph) > 0
    assert {str(o) for o in graph.objects()} >= {"visit", "meeting", "trade"}


@pytest.mark.server
def test_sparqlwrapper_sees_refusals_as_errors(live_server):
    from SPARQLWrapper import JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    endpoint = SPARQLWrapper(live_server + "/sparql")
    endpoint.setReturnFormat(JSON)
    endpoint.setQuery("SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(QueryBadFormed) as raised:
        endpoint.query()
    assert "malformed query" in str(raised.value)
    raised.value.__context__.close()  # SPARQLWrapper leaves the HTTP error response open


@pytest.mark.server
def test_rdflib_sparqlstore_reads_the_graph(live_server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(live_server + "/sparql")  # its default: XML results, RDF/XML graphs
    graph = Graph(store=store)
    rows = list(graph.query(SELECT_COUNTRIES))
    assert len(rows) == 3
    assert all(str(row.c).startswith(COUNTRY_IRI) for row in rows)
    # Triple pattern access, as code written against any rdflib Graph uses it.
    fact_types = {str(o) for o in graph.objects(predicate=DIP.factType)}
    assert {"visit", "meeting", "trade"} <= fact_types
    ask = graph.query(DIP_PREFIX + "ASK { ?v a dip:Visit }")
    assert ask.askAnswer is True
    constructed = graph.query(CONSTRUCT_FACTS)
    assert len(constructed.graph) > 0
    store.close()


def test_accept_quality_values_decide(client):
    accept = "text/csv;q=0.5, application/sparql-results+xml"
    response = client.get("/sparql", query_string={"query": SELECT_COUNTRIES}, headers={"Accept": accept})
    assert response.mimetype == "application/sparql-results+xml"
    assert "Access-Control-Allow-Origin" not in response.headers  # CORS is off unless configured


def test_sparql_query_body_over_the_size_limit_is_413(seeded_app):
    client = seeded_app(MAX_CONTENT_LENGTH=200).test_client()
    response = client.post("/sparql", data="ASK {}" + " " * 300, content_type="application/sparql-query")
    assert response.status_code == 413
    assert response.get_json()["error"] == "request entity too large"
