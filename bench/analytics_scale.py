"""The analytics routes at scale: each /api/analytics endpoint timed against a big embedded store.

The app is created in this process over the store directory (no server: the figures are the
handler's time, JSON included) and each URL is asked several times: the first answer computes
(SPARQL aggregates, then networkx), the later ones come from the per-version cache. Then one
article is deleted and re-added through the store (two writes), and the same URLs are timed once
more: the cold path after a write, which is what a user meets after an ingest.

An Oxigraph directory store is locked by one process: pass a copy (e.g. `cp -r /tmp/kgbench/store-10000
/tmp/analytics-10k`), never a store a server is using. The write step changes the copy only.

Usage: python bench/analytics_scale.py [--store /tmp/analytics-10k] [--repeat 3] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLOOR_SECONDS = 2.0


def urls(a: str, b: str) -> list[str]:
    pair = f"a={a}&b={b}"
    return [
        "/api/analytics/centrality",
        "/api/analytics/centrality?kind=person&top=50",
        "/api/analytics/centrality?type=meeting&type=visit&since=2020",
        "/api/analytics/communities",
        "/api/analytics/communities?modality=asserted&min_confidence=0.8",
        f"/api/analytics/timeline?{pair}",
        f"/api/analytics/timeline?{pair}&granularity=month&type=meeting",
        f"/api/analytics/alignment?{pair}",
        f"/api/analytics/alignment?{pair}&since=2022",
    ]


def timed(client, url: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    response = client.get(url)
    seconds = time.perf_counter() - start
    return seconds, response.status_code, len(response.get_data())


def run(client, targets: list[str], repeat: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {}
    for url in targets:
        times = []
        for _ in range(repeat):
            seconds, status, size = timed(client, url)
            if status != 200:
                raise SystemExit(f"{url} answered {status}: {client.get(url).get_data(as_text=True)[:300]}")
            times.append(seconds)
        figures[url] = times
        print(f"{url:75s} first {times[0]:7.3f} s  then {min(times[1:] or times):7.3f} s  ({size} bytes)")
    return figures


def busiest_countries(client) -> tuple[str, str]:
    body = client.get("/api/analytics/centrality?kind=country&top=2").get_json()
    first, second = (row["id"] for row in body["entities"])
    return first, second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="/tmp/analytics-10k")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="skip the timing after a write")
    args = parser.parse_args()

    from api import create_app  # noqa: PLC0415
    from kg.store import network_analytics as network  # noqa: PLC0415

    print(f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()}")
    start = time.perf_counter()
    app = create_app({"TESTING": True, "STORE": args.store})
    kg = app.extensions["kg"]
    client = app.test_client()
    print(
        f"opened {args.store} in {time.perf_counter() - start:.1f} s; "
        f"facts: {json.dumps(kg.stats().get('facts', {}))[:200]}"
    )
    print(
        f"betweenness exact up to {network.BETWEENNESS_EXACT_NODES} nodes, "
        f"else k={network.BETWEENNESS_SAMPLES}"
    )

    start = time.perf_counter()
    a, b = busiest_countries(client)
    print(
        f"pair: {a} and {b} (the two most central countries; "
        f"first call {time.perf_counter() - start:.2f} s)\n"
    )
    targets = urls(a, b)
    print("-- cold, then cached (the pick of the pair above already computed the plain centrality)")
    figures = run(client, targets, args.repeat)

    if not args.no_write:
        from kg.model import Article  # noqa: PLC0415

        article = kg.article_ids(limit=1)[0]
        facts = kg.facts(article=article)
        stored = kg.get_article(article) or {}
        kg.delete_article(article)
        restored = Article(id=article, text=stored.get("text") or "", published=stored.get("published"))
        kg.add_article(restored, facts)
        print(f"\n-- after deleting and re-adding {article} ({len(facts)} facts): the cache starts over")
        after = run(client, targets, 1)
        figures.update({f"after write {u}": t for u, t in after.items()})

    worst_cold = max(t[0] for t in figures.values())
    worst_warm = max(min(t[1:] or t) for u, t in figures.items() if not u.startswith("after"))
    print(
        f"\nworst first call {worst_cold:.2f} s, worst cached call {worst_warm:.3f} s "
        f"(floor {FLOOR_SECONDS} s)"
    )
    kg.close()


if __name__ == "__main__":
    main()
