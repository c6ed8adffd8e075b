"""Benign query latency while hostile queries run: a real `kg serve` on loopback, 8 hostile clients
keeping runaway SPARQL queries in flight, one benign client timing point queries.

    .venv/bin/python bench/hostile.py [--seconds 30] [--hostile 8]

Bounded in time and count, against 127.0.0.1 only. Prints the benign latencies (p50, p95, max), the
hostile answers by status, and whether the server survived.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOSTILE = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",  # three-way cartesian
    "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",  # memory
    'SELECT ?x26 WHERE { BIND("ab" AS ?x0) '
    + "".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1}) " for i in range(26))
    + "}",  # doubling
    "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",  # parser recursion
]
BENIGN = "SELECT ?c WHERE { ?c a <https://w3id.org/dipkg/ontology#Country> } LIMIT 3"


def post(base: str, query: str, timeout: float = 60) -> int:
    req = urllib.request.Request(
        base + "/sparql",
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        with exc:
            exc.read()
            return exc.code
    except OSError:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--hostile", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=5, help="KG_QUERY_TIMEOUT of the server")
    args = parser.parse_args()

    from kg.model import Article, Fact
    from kg.store import KnowledgeGraph

    seed = ROOT / "seeds" / "belarus-iran-2025-08-20.txt"
    text = seed.read_text(encoding="utf-8")
    article = Article(id=seed.stem, text=text, published="2025-08-20", title=text.splitlines()[0])
    gold = (ROOT / "seeds" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    facts = [Fact.from_dict(json.loads(line)) for line in gold if line.strip()]
    facts = [f for f in facts if f.article == article.id]  # seeds/gold.jsonl holds every seed's facts

    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "kg")
        with KnowledgeGraph.open(store) as graph:
            graph.add_article(article, facts)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = dict(
            os.environ,
            KG_STORE=store,
            KG_QUERY_TIMEOUT=str(args.timeout),
            KG_THREADS=str(args.hostile * 2 + 8),
            KG_QUERY_PER_CLIENT=str(args.hostile + 4),
        )
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("kg")), "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                if post(base, "ASK {}", timeout=2) == 200:
                    break
                time.sleep(0.2)
            for _ in range(5):
                post(base, BENIGN)  # warm: worker processes started
            time.sleep(2)
            run(base, args)
            alive = server.poll() is None and post(base, "ASK {}") == 200
            print(f"server alive afterwards: {alive}")
        finally:
            server.terminate()
            server.wait(30)


def run(base: str, args: argparse.Namespace) -> None:
    stop = time.monotonic() + args.seconds
    hostile_statuses: collections.Counter[int] = collections.Counter()
    lock = threading.Lock()

    def attack(index: int) -> None:
        n = index
        while time.monotonic() < stop:
            status = post(base, HOSTILE[n % len(HOSTILE)])
            n += 1
            with lock:
                hostile_statuses[status] += 1

    attackers = [threading.Thread(target=attack, args=(i,)) for i in range(args.hostile)]
    for thread in attackers:
        thread.start()
    time.sleep(1)  # hostile queries in flight
    latencies, statuses = [], collections.Counter()
    while time.monotonic() < stop - 0.5:
        started = time.monotonic()
        statuses[post(base, BENIGN)] += 1
        latencies.append((time.monotonic() - started) * 1000)
        time.sleep(0.05)
    for thread in attackers:
        thread.join(args.timeout * 3 + 30)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"hostile clients: {args.hostile}, {args.seconds:g} s, KG_QUERY_TIMEOUT={args.timeout:g}")
    print(f"hostile answers by status: {dict(sorted(hostile_statuses.items()))}")
    print(f"benign queries: {len(latencies)}, statuses {dict(statuses)}")
    print(
        f"benign latency ms: p50 {statistics.median(latencies):.1f}, p95 {p95:.1f}, max {latencies[-1]:.1f}"
    )


if __name__ == "__main__":
    main()
