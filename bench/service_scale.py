"""The read path at scale: a real `kg serve` over stores of 1,000 to 50,000 synthetic articles.

For each size: the synthetic corpus (bench/synth.py, N-Quads through the real RDF writer) is
bulk-loaded with `kg load` into WORK/store-SIZE (built once, reused on later runs), a `kg serve`
subprocess is started on a loopback port, and each endpoint is timed at 1 and at 8 concurrent
clients (p50/p95, errors), with the first request after start, the server's RSS and, for each
REST lookup, the same lookup as a hand-written query through /sparql (ratio REST/SPARQL). Then
the store of --remote-size articles is loaded into a real `oxigraph serve`, `kg serve` is pointed
at it (KG_STORE=http://.../query) and the remote/embedded ratios are printed. Last, a table of
the issue's floors and whether each holds.

Usage: python bench/service_scale.py [--sizes 1000,10000,50000] [--work /tmp/kgbench]
                                     [--requests 20] [--remote-size 10000 | --no-remote]
Heavy: 50,000 articles are about 28 million quads. Build once, reuse (WORK is kept).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyoxigraph as ox  # noqa: E402
import synth  # noqa: E402

from kg.model import FACT_TYPES  # noqa: E402
from kg.store import writes  # noqa: E402

BIN = Path(sys.executable).parent
KG = str(BIN / "kg")
OXIGRAPH = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph") or "oxigraph"
PREFIXES = (
    "PREFIX dip: <https://w3id.org/dipkg/ontology#> PREFIX id: <https://w3id.org/dipkg/id/> "
    "PREFIX graph: <https://w3id.org/dipkg/graph/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)
VISITED = PREFIXES + "SELECT ?p ?c WHERE { ?p dip:visited ?c } LIMIT 100"
# Hand-written SPARQL for each REST lookup: what a client would write to get the same answer.
IRAN = "<https://w3id.org/dipkg/id/country/IRN>"
HAND = {
    "/api/stats": PREFIXES
    + "SELECT ?n ?p ?v WHERE { GRAPH graph:index { VALUES ?n { "
    + " ".join(f"<https://w3id.org/dipkg/id/stats/type/{t}>" for t in FACT_TYPES)
    + " <https://w3id.org/dipkg/id/stats/articles> } ?n ?p ?v } }",
    "/api/relations?subject=Iran&limit=20": PREFIXES
    + f"SELECT ?f ?type ?o ?date ?ev WHERE {{ ?f dip:agent {IRAN} ; dip:factType ?type ; "
    "dip:evidenceText ?ev . OPTIONAL { ?f dip:target ?o } OPTIONAL { ?f dip:date ?date } } LIMIT 20",
    # Its description (the reference and entities graphs: in the union, the article graphs' shortcut
    # triples about a hub pass the 10,000-row cap) and its facts per type and direction from the
    # index's degree counters (a count over the fact graphs runs past the query timeout).
    "/api/entities/Iran": PREFIXES
    + f"SELECT ?p ?o ?type ?dir ?n WHERE {{ {{ VALUES ?g {{ graph:reference graph:entities }} "
    f"GRAPH ?g {{ {IRAN} ?p ?o }} }} UNION {{ GRAPH graph:index {{ "
    f"?d dip:degreeOf {IRAN} ; dip:linkType ?type ; dip:direction ?dir ; dip:factCount ?n }} }} }}",
    "/api/entities?q=luk": PREFIXES
    + 'SELECT ?e ?label WHERE { GRAPH graph:index { ?e dip:nameKey ?k FILTER(STRSTARTS(?k, "luk")) } '
    "?e rdfs:label ?label } LIMIT 20",
}
LOOKUPS = tuple(HAND)
PAGES = ("/api/path?from={person}&to=Iran", "/graph?center=Iran", "/")


def endpoints() -> list[str]:
    return [*LOOKUPS, *PAGES, "/sparql?query=" + urllib.parse.quote(VISITED)]


def sparql_url(query: str) -> str:
    return "/sparql?query=" + urllib.parse.quote(query)


# -- processes ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident set of a process, MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def wait_idle(pid: int, limit: float = 120.0) -> float:
    """Wait until a process and its children use under a tenth of a core for two seconds running
    (`kg serve` starts spare query workers after its first requests, an `oxigraph serve` may compact
    its store after opening it: neither should be timed with the endpoints); the seconds waited."""
    began = time.perf_counter()
    ticks = os.sysconf("SC_CLK_TCK")

    def cpu_seconds() -> float:
        """CPU time of the process and its children (`kg serve` starts spare query workers)."""
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat.parent.name == str(pid) or fields[1] == str(pid):  # fields[1]: the parent's pid
                total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / ticks

    quiet = 0
    last = cpu_seconds()
    while quiet < 2 and time.perf_counter() - began < limit:
        time.sleep(1)
        now = cpu_seconds()
        quiet = quiet + 1 if now - last < 0.1 else 0
        last = now
    return time.perf_counter() - began


def get(base: str, path: str, timeout: float) -> tuple[float, int]:
    """Seconds and status of one GET (status 0: no answer)."""
    began = time.perf_counter()
    request = urllib.request.Request(base + path, headers={"Accept": "application/json"})
    if path.startswith("/sparql"):
        request.add_header("Accept", "application/sparql-results+json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    except OSError:
        status = 0
    return time.perf_counter() - began, status


# -- measuring ---------------------------------------------------------------------------------------


@dataclass
class Timing:
    p50: float = float("nan")
    p95: float = float("nan")
    n: int = 0
    errors: int = 0


def percentiles(seconds: list[float], errors: int) -> Timing:
    if not seconds:
        return Timing(errors=errors)
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return Timing(statistics.median(ordered) * 1000, p95 * 1000, len(ordered), errors)


def measure(base: str, path: str, clients: int, requests: int, budget: float, timeout: float) -> Timing:
    """`requests` GETs per client (one warm-up first), stopped early after `budget` seconds."""
    took, status = get(base, path, timeout)  # warm-up, not counted
    if status != 200 or took > budget / 2:
        # Too slow to repeat: abandoned requests would keep the server busy and spoil the next
        # endpoints' figures. The warm-up is the only sample (an error if it failed).
        return Timing(took * 1000, took * 1000, 1, 0) if status == 200 else Timing(errors=clients)
    deadline = time.monotonic() + budget

    def client(_: int) -> tuple[list[float], int]:
        seconds, errors = [], 0
        for _ in range(requests):
            if time.monotonic() > deadline and seconds:
                break
            took, status = get(base, path, timeout)
            if status == 200:
                seconds.append(took)
            else:
                errors += 1
        return seconds, errors

    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(client, range(clients)))
    return percentiles([s for r in results for s in r[0]], sum(r[1] for r in results))


@dataclass
class Run:
    size: int
    backend: str
    load_qps: float | None = None
    quads: int | None = None
    first_request_s: float = float("nan")
    ready_s: float = float("nan")
    rss: tuple[float, float] = (float("nan"), float("nan"))
    one: dict[str, Timing] = field(default_factory=dict)
    eight: dict[str, Timing] = field(default_factory=dict)
    hand: dict[str, Timing] = field(default_factory=dict)


def corpus(size: int, work: Path, seed: int) -> list[Path]:
    """The synthetic files of the first `size` articles (files of 1,000 shared between sizes)."""
    per_file = min(1000, size)
    folder = work / ("nq" if per_file == 1000 else f"nq-{per_file}")
    return synth.generate(folder, size, seed=seed, per_file=per_file)


def build_store(size: int, work: Path, seed: int) -> tuple[Path, int, float]:
    """WORK/store-SIZE loaded by `kg load` from the synthetic files (once); (dir, quads, quads/s)."""
    files = corpus(size, work, seed)
    store = work / f"store-{size}"
    meta = work / f"store-{size}.json"
    if store.exists() and meta.exists():
        data = json.loads(meta.read_text())
        return store, data["quads"], data["quads_per_s"]
    shutil.rmtree(store, ignore_errors=True)
    out = subprocess.run(
        [KG, "--store", str(store), "load", *map(str, files)], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"loaded (\d+) quads .* in ([\d.]+) s", out)
    if not match:
        raise RuntimeError(f"unexpected `kg load` output: {out}")
    quads, seconds = int(match.group(1)), float(match.group(2))
    meta.write_text(json.dumps({"quads": quads, "seconds": seconds, "quads_per_s": quads / seconds}))
    print(f"  kg load: {quads} quads in {seconds:.1f} s", file=sys.stderr)
    return store, quads, quads / seconds


IRAN = "<https://w3id.org/dipkg/id/country/IRN>"


def person_of(base: str) -> str:
    """A person who visited Iran and has no other fact with Iran (for /api/path): their local id.

    The path's answer is then the same at every size (two entities, one fact), so its growth is
    the cost of finding it in a bigger store, not of reading more facts: the first visitor found
    had one fact with Iran at 1,000 articles and twelve at 50,000.
    """
    # Iran's partner counts in the index (one string per partner, "IRI count"): those sharing one fact.
    partners = f"<{writes.partner_node(ox.NamedNode(IRAN[1:-1])).value}>"
    query = (
        PREFIXES + f"SELECT ?p WHERE {{ GRAPH graph:index {{ {partners} dip:partnerCount ?r "
        "FILTER(STRENDS(?r, ' 1') && STRSTARTS(?r, 'https://w3id.org/dipkg/id/person/')) } "
        f"BIND(IRI(STRBEFORE(?r, ' ')) AS ?p) ?p dip:visited {IRAN} }} ORDER BY ?p LIMIT 1"
    )
    request = urllib.request.Request(
        base + sparql_url(query), headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return rows[0]["p"]["value"].split("/id/", 1)[1]


def serve_and_measure(run: Run, store: str, args: argparse.Namespace) -> Run:
    port = free_port()
    env = dict(os.environ, KG_STORE=store)
    began = time.perf_counter()
    process = subprocess.Popen(
        [KG, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_port(port, process)
        run.ready_s = time.perf_counter() - began
        run.first_request_s, status = get(base, "/api/stats", args.timeout)
        if status != 200:
            raise RuntimeError(f"first request answered {status}")
        # steady state: whatever the server does once after starting is not timed with the endpoints
        waited = wait_idle(process.pid)
        print(f"  kg serve ({run.backend}) idle after {waited:.0f} s", file=sys.stderr)
        person = urllib.parse.quote(person_of(base), safe="")
        for template in endpoints():
            path = template.format(person=person)
            label = template.split("?query=")[0] if template.startswith("/sparql") else template
            run.one[label] = measure(base, path, 1, args.requests, args.budget, args.timeout)
            run.eight[label] = measure(base, path, 8, max(1, args.requests // 4), args.budget, args.timeout)
            if template in HAND:
                run.hand[label] = measure(
                    base, sparql_url(HAND[template]), 1, args.requests, args.budget, args.timeout
                )
            one, eight = run.one[label], run.eight[label]
            print(
                f"  {run.backend} {run.size}: {label}: 1 client p50 {one.p50:.1f} ms, "
                f"8 clients p50 {eight.p50:.1f} ms, errors {one.errors + eight.errors}",
                file=sys.stderr,
            )
        run.rss = rss_mb(process.pid)
    finally:
        stop(process)
    return run


def remote_run(size: int, work: Path, args: argparse.Namespace) -> Run:
    """The store of `size` articles in a real `oxigraph serve`, `kg serve` in front of it."""
    from kg.store import KnowledgeGraph  # noqa: PLC0415

    files = corpus(size, work, args.seed)
    location = work / f"oxigraph-{size}"
    if not location.exists():
        began = time.perf_counter()
        subprocess.run(
            [OXIGRAPH, "load", "--location", str(location), "--file", *map(str, files)],
            check=True,
            capture_output=True,
        )
        print(f"  oxigraph load: {time.perf_counter() - began:.1f} s", file=sys.stderr)
    port = free_port()
    server = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(port, server)
        url = f"http://127.0.0.1:{port}/query"
        graph = KnowledgeGraph.open(url)  # loads the reference graph if it is missing
        if graph.stats()["articles"] != size:
            graph.recount()  # the index counters, as `kg load` does, once per server store
        graph.close()
        waited = wait_idle(server.pid)
        print(f"  oxigraph serve idle after {waited:.0f} s", file=sys.stderr)
        return serve_and_measure(Run(size, "remote"), url, args)
    finally:
        stop(server)


# -- report ------------------------------------------------------------------------------------------


def ms(value: float) -> str:
    return "-" if value != value else f"{value:.1f}"


def report(runs: list[Run]) -> str:
    lines = []
    for run in runs:
        lines.append(
            f"\n### {run.size:,} articles, {run.backend}"
            + (f" ({run.quads:,} quads, kg load {run.load_qps:,.0f} quads/s)" if run.load_qps else "")
        )
        lines.append(
            f"listening after {run.ready_s:.2f} s, "
            f"first request (/api/stats) {run.first_request_s * 1000:.0f} ms, "
            f"server RSS {run.rss[0]:.0f} MB (peak {run.rss[1]:.0f} MB)\n"
        )
        lines.append(
            "| endpoint | 1 client p50 / p95 ms | 8 clients p50 / p95 ms | errors "
            "| SPARQL p50 ms | REST/SPARQL |"
        )
        lines.append("|---|---|---|---|---|---|")
        for label, one in run.one.items():
            eight = run.eight[label]
            hand = run.hand.get(label)
            ratio = f"{one.p50 / hand.p50:.1f}x" if hand and hand.p50 == hand.p50 and hand.p50 > 0 else ""
            lines.append(
                f"| {label} | {ms(one.p50)} / {ms(one.p95)} | {ms(eight.p50)} / {ms(eight.p95)} | "
                f"{eight.errors + one.errors} | {ms(hand.p50) if hand else ''} | {ratio} |"
            )
    return "\n".join(lines)


def floors(runs: list[Run]) -> str:
    embedded = {r.size: r for r in runs if r.backend == "embedded"}
    remote = {r.size: r for r in runs if r.backend == "remote"}
    rows: list[tuple[str, str, bool | None]] = []
    if embedded:
        big, small = embedded[max(embedded)], embedded[min(embedded)]
        where = f"{big.size:,}"
        for label in LOOKUPS:
            p50 = big.one[label].p50
            rows.append((f"{where}: {label} p50 <= 50 ms", f"{ms(p50)} ms", p50 <= 50))
        for label in big.one:
            if label.startswith(("/api/path", "/graph")) or label == "/":
                p50 = big.one[label].p50
                rows.append((f"{where}: {label} p50 <= 300 ms", f"{ms(p50)} ms", p50 <= 300))
        if big is not small:
            for label in big.one:
                growth = big.one[label].p50 / small.one[label].p50
                rows.append(
                    (f"growth {small.size:,} -> {where}: {label} <= 2x", f"{growth:.1f}x", growth <= 2)
                )
        rows.append(
            (
                f"{where}: first request after start <= 2 s",
                f"{big.first_request_s:.2f} s",
                big.first_request_s <= 2,
            )
        )
        rows.append((f"{where}: server RSS <= 600 MB", f"{big.rss[1]:.0f} MB", big.rss[1] <= 600))
        for label in LOOKUPS:
            hand = big.hand[label].p50
            ratio = big.one[label].p50 / hand if hand else float("inf")
            rows.append((f"{where}: {label} within 3x of SPARQL", f"{ratio:.1f}x", ratio <= 3))
        qps = min(r.load_qps for r in embedded.values() if r.load_qps)
        rows.append(("kg load >= 300,000 quads/s (slowest size)", f"{qps:,.0f}", qps >= 300_000))
        errors = sum(t.errors for r in runs for t in r.eight.values())
        rows.append(("zero errors at 8 clients (all runs)", str(errors), errors == 0))
    for size, run in remote.items():
        base = embedded.get(size)
        if base is None:
            continue
        worst = max(run.one[label].p50 / base.one[label].p50 for label in run.one)
        rows.append((f"{size:,}: remote within 2x of embedded (worst endpoint)", f"{worst:.1f}x", worst <= 2))
        for label in run.one:
            r = run.one[label].p50 / base.one[label].p50
            rows.append((f"  remote/embedded {label}", f"{r:.1f}x", r <= 2))
    out = ["\n### Floors\n", "| floor | measured | holds |", "|---|---|---|"]
    out += [f"| {name} | {value} | {'yes' if ok else 'NO'} |" for name, value, ok in rows]
    return "\n".join(out)


def machine() -> str:
    import pyoxigraph  # noqa: PLC0415

    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    return (
        f"nproc {os.cpu_count()}, memory {int(memory) / 1024 / 1024:.1f} GB, "
        f"Python {platform.python_version()}, "
        f"pyoxigraph {pyoxigraph.__version__ if hasattr(pyoxigraph, '__version__') else '?'}, "
        f"{platform.platform()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument(
        "--sizes", default="1000,10000,50000", help="Store sizes in articles, comma-separated."
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/kgbench"), help="Corpus and stores (kept).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, default=20, help="Requests per endpoint at one client.")
    parser.add_argument("--budget", type=float, default=30.0, help="Seconds per endpoint and concurrency.")
    parser.add_argument("--timeout", type=float, default=60.0, help="Seconds before a request is an error.")
    parser.add_argument("--remote-size", type=int, default=10000, help="Size run against oxigraph serve.")
    parser.add_argument("--no-remote", action="store_true", help="Skip the remote backend run.")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs = []
    for size in sizes:
        store, quads, qps = build_store(size, args.work, args.seed)
        run = Run(size, "embedded", load_qps=qps, quads=quads)
        runs.append(serve_and_measure(run, str(store), args))
    if not args.no_remote and args.remote_size in sizes:
        runs.append(remote_run(args.remote_size, args.work, args))
    print(f"Machine: {machine()}")
    print(
        f"Requests: {args.requests} per endpoint at 1 client, {max(1, args.requests // 4)} per client at 8 "
        f"clients, each after one warm-up, at most {args.budget:.0f} s per endpoint and concurrency."
    )
    print(report(runs))
    print(floors(runs))


if __name__ == "__main__":
    main()
