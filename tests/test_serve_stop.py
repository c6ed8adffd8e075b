"""`kg serve` stopped as a service manager stops it (SIGTERM) leaves nothing beside its store.

User queries run on snapshots of the store (checkpoints in a directory beside it). A server that
ended without removing them left gigabytes of old store files behind; one killed outright cannot
remove them, so the next server over the same store removes what an earlier one left.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from conftest import populated_graph, start_kg_serve, stop_process

KG = str(Path(sys.executable).with_name("kg"))
QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _serve(store: Path) -> tuple[subprocess.Popen, str]:
    return start_kg_serve(store, stderr=subprocess.PIPE)


def _query(base: str) -> None:
    url = f"{base}/sparql?{urllib.parse.urlencode({'query': QUERY})}"
    with urllib.request.urlopen(url, timeout=60) as response:
        assert response.status == 200


def _snapshot_dirs(store: Path) -> list[Path]:
    return [p for p in store.parent.iterdir() if "query-snapshots" in p.name]


def test_sigterm_removes_the_query_snapshots(tmp_path: Path, seed_article, seed_facts) -> None:
    store = tmp_path / "kg"
    populated_graph(str(store), seed_article, seed_facts).close()
    process, base = _serve(store)
    try:
        _query(base)
        assert _snapshot_dirs(store)  # the query ran on a snapshot beside the store
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert process.stderr is not None and b"Traceback" not in process.stderr.read()
    finally:
        stop_process(process)
    assert not _snapshot_dirs(store)


def test_a_killed_servers_snapshots_go_with_the_next_server(tmp_path: Path, seed_article, seed_facts) -> None:
    store = tmp_path / "kg"
    other = tmp_path / "other-store"
    populated_graph(str(store), seed_article, seed_facts).close()
    process, base = _serve(store)
    try:
        _query(base)
        process.kill()  # no chance to clean up
        process.wait(timeout=30)
    finally:
        stop_process(process)
    left = _snapshot_dirs(store)
    assert left
    foreign = tmp_path / f".{other.name}-query-snapshots-x"  # another store's, in the same folder
    foreign.mkdir()
    process, base = _serve(store)
    try:
        _query(base)
        assert not any(p.exists() for p in left)
        assert foreign.exists()
    finally:
        stop_process(process)
