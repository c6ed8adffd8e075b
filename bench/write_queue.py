"""Small-POST latency while a large article is being extracted: a real `kg serve` on loopback, one
client posting a ~1 MB article, another timing small POSTs meanwhile.

    .venv/bin/python bench/write_queue.py [--large-bytes 1000000] [--small 5]
    .venv/bin/python bench/write_queue.py --code /tmp/before    # the server from another source tree

`--code DIR` runs the server from DIR (e.g. `git archive <commit> | tar -x -C DIR`), so the same
measurement compares versions. The articles are synthetic (bench/synth.py), the large one many of
them joined. Prints each small POST's latency and status and the large POST's time and status.
"""

from __future__ import annotations

import argparse
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
TOKEN = "bench-token"


def post(base: str, body: dict[str, str], timeout: float = 900) -> int:
    request = urllib.request.Request(
        base + "/api/articles",
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        with exc:
            exc.read()
            return int(exc.code)
    except OSError:
        return 0


def articles(large_bytes: int) -> tuple[str, list[str]]:
    """The large article's text and the small articles' texts (synthetic news, bench/synth.py)."""
    from bench.synth import article

    parts, size, index = [], 0, 0
    while size < large_bytes:
        text = article(7, index)[0].text
        parts.append(text)
        size += len(text.encode("utf-8")) + 2
        index += 1
    small = [article(7, 100_000 + n)[0].text for n in range(50)]
    return "\n\n".join(parts), small


def start_server(store: str, code: Path | None) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, KG_STORE=store, KG_API_TOKEN=TOKEN, KG_EXTRACT_TIMEOUT="900", KG_ACCESS_LOG="0")
    if code is not None:
        env["PYTHONPATH"] = str(code)
    command = [sys.executable, "-c", "from kg.cli import main; main()", "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, env=env, cwd=code or ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(base + "/api/stats", timeout=2):
                return server, base
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large-bytes", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=5, help="small POSTs timed while the large one runs")
    parser.add_argument("--code", type=Path, help="run the server from this source tree")
    args = parser.parse_args()
    large, small = articles(args.large_bytes)

    with tempfile.TemporaryDirectory() as tmp:
        server, base = start_server(str(Path(tmp) / "kg"), args.code)
        try:
            print(f"warm-up POST: {post(base, {'text': small[-1], 'id': 'warm-up'})}")  # pipeline loaded
            result: dict[str, float] = {}

            def post_large() -> None:
                started = time.monotonic()
                result["status"] = post(base, {"text": large, "id": "large"})
                result["seconds"] = time.monotonic() - started

            thread = threading.Thread(target=post_large)
            thread.start()
            time.sleep(2)  # the large article is being extracted
            latencies = []
            for n in range(args.small):
                started = time.monotonic()
                status = post(base, {"text": small[n], "id": f"small-{n}"})
                latencies.append(time.monotonic() - started)
                running = thread.is_alive()
                print(f"small POST {n}: {status} in {latencies[-1]:.2f} s (large still running: {running})")
            thread.join()
            size = len(large.encode("utf-8"))
            print(f"large POST ({size:,} bytes): {result['status']} in {result['seconds']:.1f} s")
            print(f"small POSTs: median {statistics.median(latencies):.2f} s, max {max(latencies):.2f} s")
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main()
