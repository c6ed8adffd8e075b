"""`kg ingest --server URL`: adding news while `kg serve` holds the store.

A real `kg serve` (waitress, extraction workers, the trained pipeline) runs over its own embedded
store; `kg ingest` runs as a separate process, as a user would start it, and sends the articles
through the service's write API. The articles are written for these tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import API_TOKEN, start_kg_serve, stop_process

KG = str(Path(sys.executable).with_name("kg"))

PLAIN = (
    "Mongolia and Kazakhstan sign transit deal\n\n"
    "ULAANBAATAR, March 4 - Kazakhstan's President Kassym-Jomart Tokayev arrived in Mongolia on "
    "Tuesday for a two-day state visit. Tokayev met Mongolian President Ukhnaagiin Khurelsukh in "
    "Ulaanbaatar, and the two governments signed an agreement on rail transit.\n"
)
MARKDOWN = (
    "# Talks in Tashkent\n\n"
    "**Tashkent**, May 12 - Uzbek President Shavkat Mirziyoyev met Turkish President Recep Tayyip "
    "Erdogan in Tashkent on Monday. Uzbekistan and Turkey agreed to expand cooperation in energy.\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A real `kg serve` over an empty embedded store (its store path, locked while it runs)."""
    store = tmp_path_factory.mktemp("served") / "kg"
    process, base = start_kg_serve(store, KG_API_TOKEN=API_TOKEN, KG_EXTRACT_TIMEOUT="300")
    try:
        yield base, store
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("news")
    (folder / "mongolia-kazakhstan.txt").write_text(PLAIN, encoding="utf-8")
    (folder / "tashkent-talks.md").write_text(MARKDOWN, encoding="utf-8")
    return folder


def kg(*args: str, token: str | None = API_TOKEN) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KG_API_TOKEN"}
    if token is not None:
        env["KG_API_TOKEN"] = token
    return subprocess.run([KG, *args], env=env, capture_output=True, text=True, timeout=600)


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def test_articles_go_through_the_running_service_and_a_rerun_resumes(server, news: Path) -> None:
    base, _ = server
    done = kg("ingest", "--server", base, str(news))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ingested 2 articles, ") and f"through {base}" in done.stdout
    listed = {a["id"]: a for a in get(base + "/api/articles")["articles"]}
    assert {"mongolia-kazakhstan", "tashkent-talks"} <= set(listed)
    visits = get(base + "/api/relations?type=visit&object=Mongolia")["relations"]
    assert any(r["subject"]["id"] == "person/kassym-jomart-tokayev" for r in visits), visits
    tashkent = get(base + "/api/articles/tashkent-talks")
    assert {f["type"] for f in tashkent["facts"]} >= {"meeting", "cooperation"}, tashkent["facts"]
    assert all("**" not in f["evidence"] for f in tashkent["facts"])  # read as Markdown

    again = kg("ingest", "--server", base, str(news))
    assert again.returncode == 0, again.stderr
    assert "ingested 0 articles" in again.stdout and "already stored 2" in again.stdout

    stored = get(base + "/api/stats")["articles"]
    forced = kg("ingest", "--server", base, "--force", str(news / "tashkent-talks.md"))
    assert forced.returncode == 0 and forced.stdout.startswith("ingested 1 article,"), forced.stderr
    assert get(base + "/api/stats")["articles"] == stored  # replaced, not added


def test_the_locked_store_points_to_the_server_route(server, news: Path) -> None:
    _, store = server
    done = kg("--store", str(store), "ingest", str(news))
    assert done.returncode != 0
    assert "kg ingest --server URL" in done.stderr and "Traceback" not in done.stderr


def test_a_refused_article_is_reported_and_the_rest_stored(server, tmp_path: Path) -> None:
    base, _ = server
    (tmp_path / "figures.txt").write_text(" ".join(str(n * 7919) for n in range(400)), encoding="utf-8")
    (tmp_path / "short-note.txt").write_text(
        "Chilean President Gabriel Boric visited Argentina on Friday.\n", encoding="utf-8"
    )
    done = kg("ingest", "--server", base, str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "skipped" in done.stderr and "figures.txt" in done.stderr and "422" in done.stderr
    assert done.stdout.startswith("ingested 1 article,")
    assert get(base + "/api/articles/short-note")["id"] == "short-note"


@pytest.mark.parametrize(
    ("args", "token", "message"),
    [
        ((), "wrong-token", "refused the write (401)"),
        ((), None, "needs the server's write token"),
        (("--server", "http://127.0.0.1:9"), API_TOKEN, "cannot reach http://127.0.0.1:9"),
        (("--server", "file:///etc/passwd"), API_TOKEN, "must be an http(s) URL"),
    ],
)
def test_bad_server_or_token_is_one_clear_line(server, news: Path, args, token, message) -> None:
    base, _ = server
    target = args or ("--server", base)
    done = kg("ingest", *target, "--force", str(news / "mongolia-kazakhstan.txt"), token=token)
    assert done.returncode != 0
    assert message in done.stderr and "Traceback" not in done.stderr, done.stderr
