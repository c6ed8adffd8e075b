"""`kg load` throughput: quads/s of Oxigraph's bulk loader alone and of `kg load` (load + index).

The synthetic corpus of bench/synth.py (N articles, files of 1,000) is loaded into fresh
directory stores under WORK, in the same process, rounds alternating between:

  bulk     the files through Oxigraph's bulk loader, nothing else (the ceiling: no index);
  kg load  KnowledgeGraph.load, what `kg load` runs: the files and the index the read path needs
           (counters, link and degree nodes, link keys, edge records), ready to serve;
  before   (with --before) the way of commit 9d212ff: each file's bulk load, then the SPARQL
           recount (writes.recount_update).

Then the store's own ceilings on this machine, nothing of ours in the loop: `native`, one call of
pyoxigraph's `Store.bulk_load` over all the files' bytes (parsed in Rust, lenient: no
validation), and `oxigraph load --lenient` (the store's command-line loader, when the `oxigraph`
binary is installed beside this Python).

Each figure is quads read from the files / seconds, the best round of each; the ratio to `bulk`
is what to compare across runs on a shared machine. Last, `kg load` is run once as a command (a
new process, as bench/service_scale.py builds its stores) and its own figure is printed. Floor
(issue "Read path at scale"): kg load >= 300,000 quads/s.

Usage: python bench/load_speed.py [--articles 1000] [--nq DIR] [--work DIR] [--repeat 2] [--before]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyoxigraph as ox  # noqa: E402
import synth  # noqa: E402

from kg.store import KnowledgeGraph, writes  # noqa: E402
from kg.store.backends import rdf_format, read_files  # noqa: E402

FLOOR = 300_000


def bulk(graph: KnowledgeGraph, files: list[str]) -> None:
    graph._backend.bulk_load(read_files(files))


def kg_load(graph: KnowledgeGraph, files: list[str]) -> None:
    graph.load(files)


def before(graph: KnowledgeGraph, files: list[str]) -> None:
    store = graph._backend.store  # type: ignore[attr-defined]
    for path in files:
        store.bulk_load(path=path, format=rdf_format(path))
    store.update(writes.recount_update())


def native(graph: KnowledgeGraph, files: list[str]) -> None:
    data = b"".join(Path(path).read_bytes() for path in files)  # N-Quads files concatenate
    graph._backend.store.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)  # type: ignore[attr-defined]


def oxigraph_command(files: list[str], work: Path) -> float | None:
    """Seconds of `oxigraph load --lenient` of the files into a fresh directory, or None without
    the binary."""
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        return None
    location = Path(tempfile.mkdtemp(prefix="oxigraph-", dir=work))
    try:
        began = time.perf_counter()
        command = [str(binary), "load", "--location", str(location), "--lenient", "--file", *files]
        subprocess.run(command, capture_output=True, check=True)
        return time.perf_counter() - began
    finally:
        shutil.rmtree(location, ignore_errors=True)


def timed(step: Callable[[KnowledgeGraph, list[str]], None], files: list[str], work: Path) -> float:
    """Seconds of one step into a fresh store that has the reference graph (as `kg load` opens it)."""
    location = Path(tempfile.mkdtemp(prefix="store-", dir=work))
    try:
        with KnowledgeGraph.open(str(location)) as graph:
            began = time.perf_counter()
            step(graph, files)
            return time.perf_counter() - began
    finally:
        shutil.rmtree(location, ignore_errors=True)


def command_figure(files: list[str], work: Path) -> str:
    """`kg load` as a command in a new process: its own output line."""
    location = Path(tempfile.mkdtemp(prefix="store-", dir=work))
    try:
        # The command of this checkout (an installed `kg` may run another one's code).
        command = [sys.executable, "-c", "from kg.cli import main; main()", "--store", str(location / "kg")]
        command += ["load", *files]
        out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
        return out.strip()
    finally:
        shutil.rmtree(location, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--nq", type=Path, default=None, help="folder of synthetic files (default WORK/nq)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kgbench-load")
    parser.add_argument("--repeat", type=int, default=2, help="rounds; the best of each step counts")
    parser.add_argument("--before", action="store_true", help="also time the way before (slow)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in synth.generate(args.nq or args.work / "nq", args.articles, per_file=1000)]
    quads = sum(1 for _ in read_files(files))
    print(
        f"{args.articles:,} articles, {len(files)} files, {quads:,} quads; nproc {os.cpu_count()}, "
        f"load average {os.getloadavg()[0]:.1f}, pyoxigraph {ox.__version__}"
    )
    steps: dict[str, Callable[[KnowledgeGraph, list[str]], None]] = {"bulk": bulk, "kg load": kg_load}
    if args.before:
        steps["before"] = before
    best: dict[str, float] = {}
    for round_ in range(args.repeat):
        for name, step in steps.items():
            seconds = timed(step, files, args.work)
            best[name] = min(best.get(name, seconds), seconds)
            print(
                f"  round {round_ + 1}: {name:8} {seconds:7.2f} s  {quads / seconds:>10,.0f} quads/s",
                flush=True,
            )
    print(f"load average {os.getloadavg()[0]:.1f}")
    for name, seconds in best.items():
        print(
            f"{name:8} {seconds:7.2f} s  {quads / seconds:>10,.0f} quads/s  "
            f"{best['bulk'] / seconds:5.2f}x of bulk"
        )
    print(f"kg load (command): {command_figure(files, args.work)}")
    ceilings = {
        "native": timed(native, files, args.work),
        "oxigraph load": oxigraph_command(files, args.work),
    }
    for name, ceiling in ceilings.items():
        if ceiling is not None:
            figure = f"{quads / ceiling:>10,.0f} quads/s"
            print(f"{name:13} {ceiling:7.2f} s  {figure}  (the store alone, no index)")
    qps = quads / best["kg load"]
    print(f"floor: kg load >= {FLOOR:,} quads/s: {qps:,.0f} {'yes' if qps >= FLOOR else 'NO'}")
    fastest = min(c for c in ceilings.values() if c is not None)
    if quads / fastest < FLOOR:
        print(f"the floor is above the store's own loader here ({quads / fastest:,.0f} quads/s at best)")


if __name__ == "__main__":
    main()
