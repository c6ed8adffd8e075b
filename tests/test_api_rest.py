"""REST API over a real in-memory store holding the reference data and the seed article's gold facts."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from api import create_app
from api.openapi import document
from api.resolve import resolve_entity
from tests.conftest import API_TOKEN, SEED_ID

AUTH = {"Authorization": f"Bearer {API_TOKEN}"}


@pytest.fixture(scope="module")
def ro_app(seed_article, seed_facts):
    """One app for the tests that only read (and the writes refused before they touch the store)."""
    application = create_app({"TESTING": True, "STORE": "memory:", "API_TOKEN": API_TOKEN})
    application.extensions["kg"].add_article(seed_article, seed_facts)
    yield application
    application.extensions["kg"].close()


@pytest.fixture()
def ro_client(ro_app):
    return ro_app.test_client()


def error_of(response, status: int) -> str:
    """The detail of a JSON error answer, after checking its status and shape."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    body = response.get_json()
    assert set(body) == {"error", "detail"}, body
    return body["detail"]


# --- entities ---------------------------------------------------------------------------------------


def test_search_ranks_the_exact_name_first(ro_client):
    body = ro_client.get("/api/entities?q=Lukashenko").get_json()
    assert body["count"] >= 1
    assert body["entities"][0]["id"] == "person/aleksandr-lukashenko"


def test_search_filters_by_kind(ro_client):
    hits = ro_client.get("/api/entities?q=Iran&kind=person").get_json()["entities"]
    assert all(hit["kind"] == "person" for hit in hits)
    countries = ro_client.get("/api/entities?q=Iran&kind=country").get_json()["entities"]
    assert "country/IRN" in [hit["id"] for hit in countries]


@pytest.mark.parametrize(
    "path",
    [
        "/api/entities/country/BLR",
        "/api/entities/country%2FBLR",
        "/api/entities/Belarus",
        "/api/entities/belarusian",
        "/api/entities/" + quote("https://w3id.org/dipkg/id/country/BLR", safe=""),
    ],
)
def test_entity_by_id_iri_name_or_alias(ro_client, path):
    body = ro_client.get(path).get_json()
    assert body["id"] == "country/BLR"
    assert body["kind"] == "country"
    assert body["qid"] == "Q184"
    counts = body["relation_counts"]
    assert counts["trade"] == {"outgoing": 1, "incoming": 2, "total": 3}
    assert counts["cooperation"]["total"] == 1


def test_person_entity_has_positions(ro_client):
    body = ro_client.get("/api/entities/Lukashenko").get_json()
    assert body["id"] == "person/aleksandr-lukashenko"
    assert any(p["country"] == "country/BLR" and p["role"] == "head_of_state" for p in body["positions"])
    assert body["relation_counts"]["opposition"]["outgoing"] == 1


def test_unknown_entity_is_404_saying_so(ro_client):
    detail = error_of(ro_client.get("/api/entities/Atlantis"), 404)
    assert "no entity named 'Atlantis'" in detail


def test_entity_relations_grouped_by_type_both_directions(ro_client):
    body = ro_client.get("/api/entities/Iran/relations").get_json()
    assert body["entity"]["id"] == "country/IRN"
    trade = body["relations"]["trade"]
    assert len(trade["outgoing"]) == 2 and len(trade["incoming"]) == 1
    assert body["relations"]["accusation"]["incoming"][0]["subject"] is None
    assert body["count"] == sum(len(g["outgoing"]) + len(g["incoming"]) for g in body["relations"].values())
    only = ro_client.get("/api/entities/Iran/relations?type=military_aid").get_json()["relations"]
    assert list(only) == ["military_aid"]


# --- relations --------------------------------------------------------------------------------------


def test_relations_by_subject_name_and_type(ro_client):
    body = ro_client.get("/api/relations?subject=Iran&type=trade").get_json()
    assert body["count"] == 2
    for fact in body["relations"]:
        assert fact["subject"]["id"] == "country/IRN"
        assert fact["article"] == SEED_ID
        assert fact["evidence"] and fact["attributes"]["currency"] == "USD"
        assert re.fullmatch(r"[0-9a-f]{16}", fact["id"])


def test_relations_filters_combine(ro_client):
    alleged = ro_client.get("/api/relations?modality=alleged").get_json()["relations"]
    assert {f["type"] for f in alleged} == {"military_aid"} and len(alleged) == 2
    dated = ro_client.get("/api/relations?object=Belarus&since=2024&until=2024-12").get_json()["relations"]
    assert dated and all(f["date"].startswith("2024") for f in dated)
    by_article = ro_client.get(f"/api/relations?article={SEED_ID}&limit=1000").get_json()
    assert by_article["count"] == 22


def test_relations_paging(ro_client):
    first = ro_client.get("/api/relations?limit=5").get_json()["relations"]
    second = ro_client.get("/api/relations?limit=5&offset=5").get_json()["relations"]
    assert len(first) == len(second) == 5
    assert not {f["id"] for f in first} & {f["id"] for f in second}


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("since=2024-13", "since"),
        ("since=20240101", "since"),
        ("until=2023-02-29", "until"),
        ("until=yesterday", "until"),
        ("limit=0", "limit"),
        ("limit=-1", "limit"),
        ("limit=100000", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("type=hug", "hug"),
        ("modality=maybe", "maybe"),
        ("min_confidence=2", "min_confidence"),
        ("min_confidence=nan", "min_confidence"),
        ("min_confidence=1_0", "min_confidence"),
        ("since=0000", "since"),
        ("since=%D9%A2%D9%A0%D9%A2%D9%A4", "since"),
        ("subjekt=Iran", "subjekt"),
        ("subject=", "subject"),
        ("subject=" + "x" * 5000, "subject"),
    ],
)
def test_bad_relation_parameters_are_400_with_detail(ro_client, query, needle):
    assert needle in error_of(ro_client.get("/api/relations?" + query), 400)


def test_bad_search_parameters_are_400(ro_client):
    assert "planet" in error_of(ro_client.get("/api/entities?q=x&kind=planet"), 400)
    assert "without a value: q" in error_of(ro_client.get("/api/entities?q=%20"), 400)
    assert "'q' is required" in error_of(ro_client.get("/api/entities?kind=country"), 400)
    assert "more than once" in error_of(ro_client.get("/api/entities?q=Iran&q=Iraq"), 400)


@pytest.mark.parametrize(
    "value",
    ['"} . ?s ?p ?o {', "Iran' OR '1'='1", "<http://evil/>", "Ирáн 🇮🇷", "\\u0000", "%00", "country/IRN>"],
)
def test_hostile_entity_values_are_clean_404s(ro_client, value):
    for url in (
        "/api/relations?subject=" + quote(value),
        "/api/path?from=Iran&to=" + quote(value),
        "/api/entities/" + quote(value, safe="") + "/relations",
    ):
        assert "no entity named" in error_of(ro_client.get(url), 404)


def test_unknown_article_filter_is_404(ro_client):
    assert "no article" in error_of(ro_client.get("/api/relations?article=nope"), 404)
    assert "no article" in error_of(ro_client.get("/api/relations?article=../../etc"), 404)


# --- paths ------------------------------------------------------------------------------------------


def test_path_connects_two_entities_with_evidence(ro_client):
    body = ro_client.get("/api/path?from=Lukashenko&to=Ukraine").get_json()
    assert body["found"] is True
    assert body["from"] == "person/aleksandr-lukashenko" and body["to"] == "country/UKR"
    hops = body["hops"]
    assert hops[0]["source"] == body["from"] and hops[-1]["target"] == body["to"]
    for left, right in zip(hops, hops[1:], strict=False):
        assert left["target"] == right["source"]
    assert all(hop["facts"] and hop["facts"][0]["evidence"] for hop in hops)


def test_path_respects_max_hops(ro_client):
    body = ro_client.get("/api/path?from=Lukashenko&to=Ukraine&max_hops=1").get_json()
    assert body == {**body, "found": False, "hops": []}


@pytest.mark.parametrize(
    ("query", "status", "needle"),
    [
        ("to=Iran", 400, "from"),
        ("from=Iran&to=Atlantis", 404, "Atlantis"),
        ("from=Iran&to=Belarus&max_hops=0", 400, "max_hops"),
        ("from=Iran&to=Belarus&max_hops=7", 400, "max_hops"),
    ],
)
def test_path_errors(ro_client, query, status, needle):
    assert needle in error_of(ro_client.get("/api/path?" + query), status)


# --- articles ---------------------------------------------------------------------------------------


def test_articles_list_and_detail(ro_client):
    listing = ro_client.get("/api/articles").get_json()
    assert listing["total"] == 1 and listing["articles"][0]["id"] == SEED_ID
    article = ro_client.get(f"/api/articles/{SEED_ID}").get_json()
    assert article["published"] == "2025-08-20"
    assert "Pezeshkian" in article["text"]
    assert len(article["facts"]) == 22


def test_unknown_article_is_404(ro_client):
    assert "no article" in error_of(ro_client.get("/api/articles/nope"), 404)
    assert "no article" in error_of(ro_client.get("/api/articles/" + quote('a b"{', safe="")), 404)


@pytest.fixture()
def tokenless_client(seed_article, seed_facts):
    """An app with no API token configured: every write must be refused."""
    application = create_app({"TESTING": True, "STORE": "memory:", "API_TOKEN": ""})
    application.extensions["kg"].add_article(seed_article, seed_facts)
    yield application.test_client()
    application.extensions["kg"].close()


def test_writes_refused_without_a_configured_token(tokenless_client):
    for response in (
        tokenless_client.post("/api/articles", json={"text": "x"}, headers=AUTH),
        tokenless_client.delete(f"/api/articles/{SEED_ID}", headers=AUTH),
    ):
        assert "KG_API_TOKEN" in error_of(response, 403)
    assert tokenless_client.get(f"/api/articles/{SEED_ID}").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": API_TOKEN}, {"Authorization": "Basic x"}],
)
def test_writes_need_the_right_token(client, headers):
    for response in (
        client.post("/api/articles", json={"text": "Iran and Belarus met."}, headers=headers),
        client.delete(f"/api/articles/{SEED_ID}", headers=headers),
    ):
        error_of(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get(f"/api/articles/{SEED_ID}").status_code == 200


def test_delete_with_token_removes_the_article_and_its_facts(client):
    body = client.delete(f"/api/articles/{SEED_ID}", headers=AUTH).get_json()
    assert body == {"id": SEED_ID, "deleted": True}
    assert client.get(f"/api/articles/{SEED_ID}").status_code == 404
    assert client.get("/api/relations?subject=Iran&type=trade").get_json()["count"] == 0
    assert "no article" in error_of(client.delete(f"/api/articles/{SEED_ID}", headers=AUTH), 404)


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ([1, 2], "JSON object"),
        ({"published": "2025-01-01"}, "exactly one of"),
        ({"text": "a", "html": "<p>a</p>"}, "exactly one of"),
        ({"text": 42}, "exactly one of"),
        ({"text": "Iran.", "published": "2025-02-30"}, "published"),
        ({"text": "Iran.", "published": "20 May 2025"}, "published"),
        ({"text": "Iran.", "id": "../etc/passwd"}, "id"),
        ({"text": "Iran.", "title": 7}, "title"),
        ({"text": "Iran.", "author": "me"}, "author"),
        ({"text": "   \n "}, "empty"),
        ({"text": "\x00\x01\x02\x03\x04\x05 binary"}, "binary"),
        ({"text": "Iran.", "format": "docx"}, "'format'"),
        ({"html": "<p>Iran.</p>", "format": "md"}, "only with 'text'"),
        ({"text": "Iran.", "format": 3}, "'format'"),
    ],
)
def test_post_rejects_bad_bodies(client, body, needle):
    assert needle in error_of(client.post("/api/articles", json=body, headers=AUTH), 400)


def test_post_rejects_non_json(client):
    response = client.post("/api/articles", data="text=hello", headers=AUTH, content_type="text/plain")
    assert "JSON object" in error_of(response, 400)


def test_post_refuses_oversized_articles(seed_article, seed_facts):
    application = create_app(
        {"TESTING": True, "STORE": "memory:", "API_TOKEN": API_TOKEN, "MAX_ARTICLE_BYTES": 100}
    )
    client = application.test_client()
    assert "100" in error_of(client.post("/api/articles", json={"text": "Iran. " * 50}, headers=AUTH), 413)
    huge = {"text": "x" * (application.config["MAX_CONTENT_LENGTH"] + 10)}
    error_of(client.post("/api/articles", json=huge, headers=AUTH), 413)
    application.extensions["kg"].close()


def test_post_without_an_installed_model_is_503(client, monkeypatch):
    from kg.extract import Extractor

    # A fresh process-wide extractor that must load a pipeline which does not exist.
    monkeypatch.setattr(Extractor, "_shared", None)
    monkeypatch.setenv("KG_SPACY_MODEL", "no_such_pipeline_xyz")
    response = client.post("/api/articles", json={"text": "Iran and Belarus met in Minsk."}, headers=AUTH)
    assert "no_such_pipeline_xyz" in error_of(response, 503)
    assert client.get("/api/articles").get_json()["total"] == 1


@pytest.mark.model
def test_post_extracts_and_stores_an_article(client, seed_article):
    body = {"text": seed_article.text, "published": "2025-08-20", "id": "posted-seed", "title": "Posted"}
    response = client.post("/api/articles", json=body, headers=AUTH)
    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json()
    assert created["id"] == "posted-seed" and created["replaced"] is False
    assert created["count"] == len(created["facts"]) > 0
    assert response.headers["Location"].endswith("/api/articles/posted-seed")
    stored = client.get("/api/articles/posted-seed").get_json()
    assert stored["published"] == "2025-08-20" and len(stored["facts"]) == created["count"]
    again = client.post("/api/articles", json=body, headers=AUTH).get_json()
    assert again["replaced"] is True


@pytest.mark.model
def test_post_reads_markdown_when_told(client):
    text = "# Summit\n\n**Hanoi** - Vietnam's President met [Lao leaders](https://example.org) in Hanoi.\n"
    body = {"text": text, "format": "md", "id": "md-note", "published": "2026-03-02"}
    response = client.post("/api/articles", json=body, headers=AUTH)
    assert response.status_code == 201, response.get_data(as_text=True)
    stored = client.get("/api/articles/md-note").get_json()
    assert "**" not in stored["text"] and "](" not in stored["text"] and "Lao leaders" in stored["text"]


# --- stats, resolver --------------------------------------------------------------------------------


def test_stats(ro_client):
    stats = ro_client.get("/api/stats").get_json()
    flat = repr(stats)
    assert "trade" in flat and "country" in flat
    assert "unknown parameter" in error_of(ro_client.get("/api/stats?x=1"), 400)


def test_resolver_accepts_ids_codes_names_and_accents(graph):
    assert resolve_entity(graph, "country/BLR") == "country/BLR"
    assert resolve_entity(graph, "blr") == "country/BLR"
    assert resolve_entity(graph, "  LUKASHENKO ") == "person/aleksandr-lukashenko"
    assert resolve_entity(graph, "Masoud Pezeshkián") == "person/masoud-pezeshkian"


def test_resolver_404_suggests_near_names(graph):
    from werkzeug.exceptions import NotFound

    with pytest.raises(NotFound, match="no entity named 'Lukash'"):
        resolve_entity(graph, "Lukash")


# --- OpenAPI and /docs ------------------------------------------------------------------------------


def _flask_operations(app) -> set[tuple[str, str]]:
    ops = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") or rule.rule == "/api":
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            ops |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return ops


def test_openapi_documents_exactly_the_api_routes(ro_app, ro_client):
    served = ro_client.get("/openapi.json").get_json()
    assert served["openapi"].startswith("3.")
    documented = {(path, method) for path, item in served["paths"].items() for method in item}
    assert documented == _flask_operations(ro_app)


def test_docs_page_loads_every_asset_from_the_app(ro_client):
    response = ro_client.get("/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)

    class Assets(HTMLParser):
        urls: list[str] = []

        def handle_starttag(self, tag, attrs):
            found = dict(attrs)
            for key in ("src", "href", "data-spec-url"):
                if found.get(key):
                    self.urls.append(found[key])

    parser = Assets()
    parser.urls = []
    parser.feed(html)
    assert len(parser.urls) >= 4
    bodies = {}
    for url in parser.urls:
        assert url.startswith("/"), f"{url} is not served by the app"
        with ro_client.get(url) as asset:  # file responses must be closed (ResourceWarning is an error)
            assert asset.status_code == 200, url
            bodies[url] = asset.get_data(as_text=url.endswith(".js"))
        assert len(bodies[url]) > 100, url
    init = next(body for url, body in bodies.items() if url.endswith("init.js"))
    assert "SwaggerUIBundle" in init and "http" not in init
    with ro_client.get("/docs/assets/index.html") as hidden:
        assert hidden.status_code == 404


# --- schemathesis -----------------------------------------------------------------------------------


# The schema comes from the document itself (no app needed at collection); every call goes to the
# `app` fixture in-process through its WSGI interface. (schemathesis.pytest.from_fixture would load it
# from the app, but breaks on pytest 9's Function nodes.)
openapi_schema = schemathesis.openapi.from_dict(document())


@openapi_schema.hook
def filter_query(ctx, query):
    # JSON Schema cannot say "a real calendar date": keep 2023-02-30 out of the valid examples.
    return not query or all(_real_date(query.get(k)) for k in ("since", "until"))


def _real_date(value) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", value):
        return True  # not date-shaped at all: the server must answer 400, let it through
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


@openapi_schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_openapi_conformance_and_no_server_errors(case, ro_app):
    """Every documented operation: no 5xx, status codes and bodies as documented (sent without a token)."""
    case.call_and_validate(app=ro_app)
