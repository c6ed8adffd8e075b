"""Small things users tripped over: favicon, `kg serve` on a busy port, its access log, plural words."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port, wait_for_http

KG = str(Path(sys.executable).with_name("kg"))


def test_every_page_names_a_favicon_that_is_served(client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in html
    for path in ("/static/favicon.svg", "/favicon.ico"):
        with client.get(path) as response:
            assert response.status_code == 200 and b"<svg" in response.data


def test_ingest_words_its_counts(tmp_path: Path) -> None:
    from kg.cli import _count

    assert (
        _count(1, "article") == "1 article"
        and _count(2, "fact") == "2 facts"
        and _count(0, "fact") == "0 facts"
    )


@pytest.mark.server
def test_serve_on_a_busy_port_says_so_without_claiming_to_serve(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        env = dict(os.environ, KG_STORE="memory:")
        done = subprocess.run(
            [KG, "serve", "--port", str(port)], env=env, capture_output=True, text=True, timeout=120
        )
    assert done.returncode != 0
    assert "serving on" not in done.stderr
    assert "--port" in done.stderr and "KG_PORT" in done.stderr


@pytest.mark.server
def test_serve_prints_an_access_log_line_per_request(tmp_path: Path) -> None:
    port = free_port()
    env = dict(os.environ, KG_STORE="memory:", KG_ACCESS_LOG="1")
    process = subprocess.Popen(
        [KG, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/api/stats", process)
        with urllib.request.urlopen(base + "/api/entities?q=Belarus", timeout=10) as response:
            assert response.status == 200
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert "GET /api/entities?q=Belarus 200" in err


@pytest.mark.server
def test_serve_does_not_warn_when_requests_queue_briefly(tmp_path: Path) -> None:
    """Requests arriving together wait for a thread (one thread here): no "Task queue depth" noise."""
    from concurrent.futures import ThreadPoolExecutor

    port = free_port()
    process = subprocess.Popen(
        [KG, "serve", "--port", str(port), "--threads", "1"],
        env=dict(os.environ, KG_STORE="memory:"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"

    def fetch(_: int) -> int:
        with urllib.request.urlopen(base + "/api/entities?q=Belarus", timeout=30) as response:
            return int(response.status)

    try:
        wait_for_http(base + "/api/stats", process)
        with ThreadPoolExecutor(12) as pool:
            assert set(pool.map(fetch, range(36))) == {200}
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert "serving on" in err and "Task queue depth" not in err


def test_select_star_lists_columns_in_the_querys_order(client) -> None:
    from kg.store.sparql import select_star_order

    query = "# ?first in a comment\nSELECT * WHERE { ?zeta a ?alpha . ?zeta ?mid ?b } LIMIT 1"
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.get_json()["head"]["vars"] == ["zeta", "alpha", "mid", "b"]
    explicit = "SELECT ?b ?zeta WHERE { ?zeta ?p ?b }"
    assert select_star_order(explicit, ["b", "zeta"]) == ["b", "zeta"]
    distinct = "PREFIX dip: <https://w3id.org/dipkg/ontology#>\nSELECT DISTINCT * { ?y dip:visited ?x }"
    assert select_star_order(distinct, ["x", "y"]) == ["y", "x"]
