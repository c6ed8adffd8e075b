"""Hostile requests against a real `kg serve`: none may crash it, starve it or make it reach out.

Each case asserts the status, the JSON error body, and that the server still answers afterwards.
A listening socket on loopback stands for "anywhere the server could reach": no SERVICE spelling may
make the server connect to it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import API_TOKEN, SEED_ID, free_port, populated_graph, start_kg_serve, stop_process

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def trap() -> Iterator[tuple[int, list[str]]]:
    """A loopback listener recording every connection: SSRF would show up here."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    seen: list[str] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            seen.append("connection")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1], seen
    stop.set()
    thread.join(5)
    listener.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory, seed_article, seed_facts) -> Iterator[str]:
    store_dir = tmp_path_factory.mktemp("hostile-store") / "kg"
    populated_graph(str(store_dir), seed_article, seed_facts).close()
    process, base = start_kg_serve(
        store_dir, KG_API_TOKEN=API_TOKEN, KG_QUERY_TIMEOUT="3", KG_THREADS="16", KG_QUERY_PER_CLIENT="16"
    )
    try:
        yield base
        assert process.poll() is None, "the server died during the hostile suite"
    finally:
        stop_process(process)


def call(
    base: str, path: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str = ""
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(base + path, data=data, headers=headers or {}, method=method or None)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read()


def sparql(base: str, query: str) -> tuple[int, dict]:
    status, _, body = call(
        base,
        "/sparql",
        query.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "application/json"},
    )
    return status, json.loads(body) if body else {}


def still_answers(base: str) -> None:
    status, body = sparql(base, "ASK { ?s ?p ?o }")
    assert status == 200 and body["boolean"] is True


def assert_error(status: int, body: dict, expected: int, error: str) -> None:
    assert status == expected, body
    assert body["error"] == error
    assert body["detail"]


def service_spellings(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/x"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f'SELECT * WHERE {{ {{ ?s ?p "a\\\'" }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}',
        f"SELECT * WHERE {{ ?s ?p 'it\\'s' }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # comment }}\n SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p true.SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?s<?o)SERVICE?x#>\n {{ ?a ?b ?c }} VALUES ?x {{ <{url}> }} }}",
        f'SELECT * WHERE {{ ?s ?p """x\\"""" }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }}',
    ]


def test_service_in_every_spelling_is_refused_and_nothing_is_contacted(server, trap):
    port, seen = trap
    for query in service_spellings(port):
        status, body = sparql(server, query)
        assert status in (400, 403), (query, body)
        assert body["error"] in ("query refused", "malformed query"), (query, body)
    time.sleep(0.5)
    assert seen == []
    still_answers(server)


def test_deep_nesting_is_400_before_parsing(server):
    for query in (
        "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        "ASK { FILTER(" + "!" * 5000 + "true) }",
        "ASK " + "{ " * 3000 + "}" * 3000,
    ):
        status, body = sparql(server, query)
        assert_error(status, body, 400, "query too complex")
    still_answers(server)


def test_over_long_query_is_400(server):
    query = "ASK { ?s ?p ?o }" + " " * 200_000
    status, body = sparql(server, query)
    assert_error(status, body, 400, "query too complex")
    still_answers(server)


def test_memory_hog_is_stopped_and_the_service_lives(server):
    status, body = sparql(server, "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1")
    assert status == 503
    assert body["error"] in ("query failed", "query timeout")
    still_answers(server)


def test_string_doubling_is_refused_not_returned(server):
    binds = "".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1}) " for i in range(26))
    status, body = sparql(server, f'SELECT ?x26 WHERE {{ BIND("ab" AS ?x0) {binds} }}')
    assert status in (400, 503), body
    assert body["error"] in ("result too large", "query failed", "query timeout")
    still_answers(server)


def test_timed_out_cartesian_queries_do_not_hold_the_slots(server):
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    results: list[tuple[int, dict]] = []
    threads = [threading.Thread(target=lambda: results.append(sparql(server, cartesian))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [status for status, _ in results] == [503] * 4
    assert all(body["error"] == "query timeout" for _, body in results)
    started = time.monotonic()
    still_answers(server)
    assert time.monotonic() - started < 2  # the killed workers hold nothing


COUNTRIES = "SELECT ?c WHERE { ?c a <https://w3id.org/dipkg/ontology#Country> } LIMIT 3"


def test_benign_queries_answer_while_hostile_ones_run(server):
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    threads = [threading.Thread(target=sparql, args=(server, cartesian)) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    timings = []
    for _ in range(10):
        started = time.monotonic()
        status, body = sparql(
            server, "SELECT ?c WHERE { ?c a <https://w3id.org/dipkg/ontology#Country> } LIMIT 3"
        )
        timings.append(time.monotonic() - started)
        assert status == 200 and len(body["results"]["bindings"]) == 3
    for thread in threads:
        thread.join(60)
    assert sorted(timings)[8] < 1.0, timings


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <a:b> <a:b> <a:b> }",
        "PREFIX x: <a:> DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "LOAD <http://127.0.0.1:9/x>",
        "  # leading comment\n CLEAR DEFAULT",
    ],
)
def test_update_verbs_are_refused(server, query):
    status, body = sparql(server, query)
    assert status in (400, 403), body
    assert body["error"] in ("query refused", "malformed query")
    assert still_answers(server) is None


@pytest.mark.parametrize(
    "query",
    ["SELECT", "SELECT ?x WHERE { ?x ?y }", "ASK { \x00 }", "}}}}", "SELECT * { ?s ?p 'unterminated }"],
)
def test_malformed_queries_are_400(server, query):
    status, body = sparql(server, query)
    assert_error(status, body, 400, "malformed query")
    still_answers(server)


def test_bad_encodings_are_400(server):
    status, _, body = call(server, "/sparql", b"ASK {\xff}", {"Content-Type": "application/sparql-query"})
    assert status == 400 and json.loads(body)["error"] == "bad encoding"
    still_answers(server)


def test_huge_url_gets_the_json_error_form(server):
    status, headers, body = call(
        server, "/sparql?query=" + "A" * 300_000, headers={"Accept": "application/json"}
    )
    assert status == 431
    assert json.loads(body)["error"] == "request header fields too large"
    still_answers(server)


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles/..%2F..%2Fetc%2Fpasswd",
        "/static/../../../../etc/passwd",
        "/api/entities/%27%3B%20DROP%20GRAPH%20%3Cx%3E",
        "/api/relations?subject=%3E%20%7D%20SERVICE%20%3Chttp%3A%2F%2F127.0.0.1%3A9%3E",
        "/api/relations?limit=-1",
        "/api/relations?since=%00",
        "/api/entities?q=" + "%22" * 200,
        "/api/path?from=%3Cx%3E&to=%7B",
    ],
)
def test_traversal_and_injection_get_clean_answers(server, path):
    status, headers, body = call(server, path, headers={"Accept": "application/json"})
    assert status < 500
    if status >= 400:
        assert "error" in json.loads(body)
    assert b"root:" not in body
    still_answers(server)


def test_headers_protect_pages_and_name_no_server(server):
    status, headers, _ = call(server, "/", headers={"Accept": "text/html"})
    assert status == 200
    assert "Server" not in headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    _, sparql_headers, _ = call(server, "/sparql?query=ASK%7B%7D", headers={"Accept": "application/json"})
    assert "Access-Control-Allow-Origin" not in sparql_headers


def test_writes_need_the_token(server):
    body = json.dumps({"text": "Belarus and Iran signed a deal.", "published": "2025-01-01"}).encode()
    for auth in ("", "Bearer wrong", "Basic " + API_TOKEN):
        status, _, answer = call(
            server, "/api/articles", body, {"Content-Type": "application/json", "Authorization": auth}
        )
        assert status in (401, 403)
        assert "error" in json.loads(answer)
    status, _, _ = call(server, f"/api/articles/{SEED_ID}", method="DELETE")
    assert status in (401, 403)
    still_answers(server)


@pytest.mark.parametrize(
    ("name", "value"), [("KG_QUERY_TIMEOUT", "inf"), ("KG_QUERY_TIMEOUT", "-1"), ("KG_QUERY_MEMORY", "0")]
)
def test_bad_settings_are_refused_at_start(tmp_path, name, value):
    kg_bin = Path(sys.executable).with_name("kg")
    env = dict(os.environ, KG_STORE="memory:", **{name: value})
    result = subprocess.run(
        [str(kg_bin), "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert name in result.stderr


def test_kg_query_survives_a_bracket_bomb(tmp_path):
    kg_bin = Path(sys.executable).with_name("kg")
    query = "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    result = subprocess.run(
        [str(kg_bin), "--store", "memory:", "query", query], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1  # a clean one-line error, not a signal
    assert "KG_QUERY_MAX_DEPTH" in result.stderr


def test_delete_during_reads_leaves_nothing_behind(app, seed_article, seed_facts):
    """Reads racing a DELETE: once it returns, every read says the article is gone."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {API_TOKEN}"}
    for _ in range(5):
        app.extensions["kg"].add_article(seed_article, seed_facts)
        stop = threading.Event()

        def read(stop: threading.Event = stop) -> None:
            reader = app.test_client()
            while not stop.is_set():
                reader.get(f"/api/articles/{SEED_ID}")
                reader.get("/api/relations", query_string={"article": SEED_ID})

        readers = [threading.Thread(target=read) for _ in range(3)]
        for thread in readers:
            thread.start()
        time.sleep(0.05)
        assert client.delete(f"/api/articles/{SEED_ID}", headers=headers).status_code in (200, 204)
        time.sleep(0.05)
        stop.set()
        for thread in readers:
            thread.join(30)
        assert client.get(f"/api/articles/{SEED_ID}").status_code == 404
        relations = client.get("/api/relations", query_string={"article": SEED_ID})
        assert relations.status_code in (200, 404)
        if relations.status_code == 200:
            data = relations.get_json()
            items = data if isinstance(data, list) else data.get("relations", data.get("items", []))
            assert items == []


def test_quoted_urls_are_parsed(server):
    """A query string that is not valid percent-encoding is still answered cleanly."""
    status, _, body = call(server, "/sparql?query=" + urllib.parse.quote("ASK {}") + "%zz&format=json")
    assert status < 500, body


@pytest.mark.model
def test_a_lone_surrogate_does_not_make_an_article_binary(client):
    text = b'"Lukashenko visited Tehran on Monday.\\ud800 He met Pezeshkian."'
    body = b'{"text": ' + text + b', "published": "2025-08-20"}'
    response = client.post(
        "/api/articles",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {API_TOKEN}"},
    )
    assert response.status_code == 201, response.get_json()


def test_extract_fails_when_every_input_was_skipped(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = CliRunner().invoke(cli, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert "skipped" in result.output


def test_token_guessing_is_rate_limited(app):
    client = app.test_client()
    statuses = [
        client.delete(f"/api/articles/{SEED_ID}", headers={"Authorization": f"Bearer guess-{i}"}).status_code
        for i in range(12)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]
    refused = client.delete(f"/api/articles/{SEED_ID}", headers={"Authorization": f"Bearer {API_TOKEN}"})
    assert refused.status_code == 429  # even the right token waits: the address is guessing
    assert refused.get_json()["error"] == "too many failed attempts"
    assert int(refused.headers["Retry-After"]) > 0
