"""Crash safety of ingest: `kg ingest` SIGKILLed at random points leaves every article whole or absent,
and a re-run completes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.store import KnowledgeGraph
from tests.conftest import DEV_CORPUS

pytestmark = [pytest.mark.model, pytest.mark.server]

KG = str(Path(sys.executable).with_name("kg"))


def _article_graphs(store: str) -> dict[str, int]:
    """Triples per article graph, by article id."""
    with KnowledgeGraph.open(store) as graph:
        return {a: len(graph._backend.graph_triples(graph._article_graph(a))) for a in graph.article_ids()}


def test_sigkill_during_ingest_leaves_articles_whole_or_absent(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(DEV_CORPUS.glob("*.txt"))[:8]:
        shutil.copy(path, corpus / path.name)
    if (DEV_CORPUS / "articles.jsonl").exists():
        shutil.copy(DEV_CORPUS / "articles.jsonl", corpus / "articles.jsonl")
    reference = str(tmp_path / "reference")
    done = subprocess.run([KG, "--store", reference, "ingest", str(corpus)], capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr
    whole = _article_graphs(reference)
    assert len(whole) == 8

    rng = random.Random(8)
    for attempt in range(3):
        store = str(tmp_path / f"killed-{attempt}")
        process = subprocess.Popen(
            [KG, "--store", store, "ingest", str(corpus)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(2.0, 8.0))  # model loading, then somewhere among the writes
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
        stored = _article_graphs(store)
        for article, triples in stored.items():
            assert triples == whole[article], f"article {article} is half-written after SIGKILL"
        rerun = subprocess.run(
            [KG, "--store", store, "ingest", str(corpus)], capture_output=True, timeout=600
        )
        assert rerun.returncode == 0, rerun.stderr
        assert _article_graphs(store) == whole
