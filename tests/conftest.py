"""Shared fixtures: the seed article and its gold facts in a store, the Flask app, a live server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.model import Article, Fact

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV_CORPUS = Path(__file__).resolve().parent / "corpus" / "dev"
DEV2_CORPUS = Path(__file__).resolve().parent / "corpus" / "dev2"
SEED_ID = "belarus-iran-2025-08-20"
API_TOKEN = "test-token"


def load_gold(path: Path) -> list[Fact]:
    with path.open(encoding="utf-8") as f:
        return [Fact.from_dict(json.loads(line)) for line in f if line.strip()]


@pytest.fixture(scope="session")
def seed_article() -> Article:
    text = (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    return Article(id=SEED_ID, text=text, published="2025-08-20", title=text.splitlines()[0])


@pytest.fixture(scope="session")
def seed_facts() -> list[Fact]:
    """The gold facts of the original seed article only (seeds/gold.jsonl holds every seed article's)."""
    return [f for f in load_gold(SEEDS / "gold.jsonl") if f.article == SEED_ID]


def populated_graph(location: str, article: Article, facts: list[Fact]):
    from kg.store import KnowledgeGraph

    graph = KnowledgeGraph.open(location)  # a new store loads the reference graph by itself
    graph.add_article(article, facts)
    return graph


def corpus_graph(*folders: Path):
    """An in-memory store with the reference graph and the gold facts of every article of the folders
    (each holding gold.jsonl and the articles' .txt files)."""
    from kg.store import KnowledgeGraph

    graph = KnowledgeGraph.open("memory:")
    for folder in folders:
        facts = load_gold(folder / "gold.jsonl")
        for article_id in sorted({f.article for f in facts}):
            text = (folder / f"{article_id}.txt").read_text(encoding="utf-8")
            graph.add_article(
                Article(id=article_id, text=text), [f for f in facts if f.article == article_id]
            )
    return graph


@pytest.fixture()
def graph(seed_article: Article, seed_facts: list[Fact]):
    """An in-memory store with the reference knowledge and the seed article's gold facts."""
    kg = populated_graph("memory:", seed_article, seed_facts)
    yield kg
    kg.close()


@pytest.fixture()
def app(seed_article: Article, seed_facts: list[Fact]):
    from api import create_app

    application = create_app({"TESTING": True, "STORE": "memory:", "API_TOKEN": API_TOKEN})
    kg = application.extensions["kg"]
    kg.load_reference()
    kg.add_article(seed_article, seed_facts)
    yield application
    kg.close()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not answer within {timeout}s")


def stop_process(process: subprocess.Popen) -> None:
    """Terminate a server started by a fixture, killing it if it will not stop, and close its pipes."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()  # else an unclosed-file ResourceWarning fails the run


def start_kg_serve(
    store: Path, stderr: int | None = subprocess.DEVNULL, **settings: str
) -> tuple[subprocess.Popen, str]:
    """A real `kg serve` (waitress) over `store` on a free loopback port, answering; its base URL.

    `settings` are KG_* environment variables (KG_API_TOKEN is unset unless given); the caller
    stops it with stop_process.
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "KG_API_TOKEN"}
    env.update(KG_STORE=str(store), **settings)
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("kg")), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/api/stats", process)
    except BaseException:
        stop_process(process)
        raise
    return process, base


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, seed_article: Article, seed_facts: list[Fact]) -> Iterator[str]:
    """A real `kg serve` (waitress) on a free loopback port over an embedded store holding the seed."""
    store_dir = tmp_path_factory.mktemp("live-store") / "kg"
    populated_graph(str(store_dir), seed_article, seed_facts).close()
    process, base = start_kg_serve(store_dir, stderr=subprocess.PIPE, KG_API_TOKEN=API_TOKEN)
    try:
        yield base
    finally:
        stop_process(process)


@pytest.fixture(scope="session")
def extractor():
    """The trained extraction pipeline, loaded once per test session (~2 s)."""
    from kg.extract import Extractor

    return Extractor.shared()


CHROME_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,900",
)
BROWSER_WAIT_SECONDS = 30


def _browser_binary(path: str, name: str) -> str:
    import shutil

    found = path if Path(path).is_file() else shutil.which(name)
    if not found:
        pytest.fail(
            f"{name} not found at {path} or on PATH: the browser tests need headless Chromium; "
            "install it with `make browser-deps` (apt-get install chromium chromium-driver)"
        )
    return found


@pytest.fixture()
def chromium(tmp_path: Path):
    """Headless Debian Chromium through chromedriver, with its network and console logs kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _browser_binary("/usr/bin/chromium", "chromium")
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service(executable_path=_browser_binary("/usr/bin/chromedriver", "chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(BROWSER_WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture()
def oxigraph_server(tmp_path) -> Iterator[str]:
    """A real `oxigraph serve` on a free loopback port; its query endpoint URL."""
    port = free_port()
    binary = Path(sys.executable).with_name("oxigraph")
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/", process)
        yield base + "/query"
    finally:
        stop_process(process)
