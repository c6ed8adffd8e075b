"""User SPARQL evaluated in worker processes that can be killed: one anonymous query cannot crash,
starve or reach out from the service.

pyoxigraph cannot cancel a query, its parser recurses on nesting, and an ORDER BY or a string doubling
allocates without bound; in a thread all three take the serving process with them. So each user query
runs in a worker process (`python -m kg.store.workers`): an address-space cap (KG_QUERY_MEMORY) makes a
runaway allocation kill the worker, a query past its deadline gets the worker SIGKILLed, a parser stack
overflow kills only the worker, and each costs that one query an error while the service answers on.
Local workers also drop into their own network namespace where the kernel allows it (unprivileged user
namespaces), so a SERVICE that slipped past the checks has nowhere to connect to.

Workers never open the live store: the parent hands them a snapshot. A directory store is snapshotted
with `Store.backup` (RocksDB checkpoint, hard links, milliseconds) whenever it changed since the last
query, and the workers open it with `Store.read_only`; a `memory:` store is dumped to an N-Quads file
that workers load. A remote store is queried over HTTP by the worker itself, so a kill also cuts the
connection (and `oxigraph serve` stops producing the answer).

Messages are length-prefixed JSON headers plus raw bytes, never pickles: a worker is fed hostile input.
The pool and the framing also serve the extraction of posted articles (kg.extract_workers), whose
workers subclass `_Worker` and are started by a `WorkerPool` subclass.
"""

from __future__ import annotations

import glob
import json
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

_LEN = struct.Struct(">II")  # header length, body length
_NICE_AFTER = 0.25  # seconds: a query running longer yields the CPU to short ones
_OPEN_SECONDS = 120.0  # most a worker may take to open a store snapshot


class WorkerCrashed(Exception):
    """The worker process died during the query (memory cap, stack overflow, or a crash)."""


class WorkerTimeout(Exception):
    """The query was still running at its deadline; its worker was killed."""


class WorkersBusy(Exception):
    """Every worker stayed busy until the deadline."""


class WorkerUnavailable(WorkerCrashed):
    """A new worker could not start; its message says why (e.g. a pipeline that is not installed)."""


# -- framing ---------------------------------------------------------------------------------------


def _write_message(fd: int, header: dict[str, Any], body: bytes = b"") -> None:
    head = json.dumps(header).encode()
    data = _LEN.pack(len(head), len(body)) + head + body
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    chunks = []
    while size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise WorkerTimeout()
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise WorkerCrashed()
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read_message(fd: int, deadline: float | None) -> tuple[dict[str, Any], bytes]:
    head_len, body_len = _LEN.unpack(_read_exact(fd, _LEN.size, deadline))
    header = json.loads(_read_exact(fd, head_len, deadline))
    return header, _read_exact(fd, body_len, deadline)


# -- the parent's side -----------------------------------------------------------------------------


class _Worker:
    """One worker process (`python -m <module> <args>`) that answers framed messages on its stdout."""

    module = "kg.store.workers"
    ready_seconds = 60.0  # most a new worker may take to import what it needs

    def __init__(self, *args: str) -> None:
        command = [sys.executable, "-m", self.module, *args]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin = self.process.stdin
        self.stdout = self.process.stdout
        self.reniced = False
        self.spent = False  # set when the worker must not take another job (e.g. after a MemoryError)
        try:  # the worker says when its imports are done, so start-up never eats a query's time
            header, _ = _read_message(self.stdout.fileno(), time.monotonic() + self.ready_seconds)
        except (WorkerCrashed, WorkerTimeout, struct.error):
            self.kill()
            raise WorkerCrashed() from None
        if header.get("status") == "error":
            self.kill()
            raise WorkerUnavailable(str(header.get("message") or "the worker could not start"))

    def ask(self, header: dict[str, Any], body: bytes, deadline: float) -> tuple[dict[str, Any], bytes]:
        started = time.monotonic()
        try:
            _write_message(self.stdin.fileno(), header, body)
        except OSError:
            raise WorkerCrashed() from None
        fd = self.stdout.fileno()
        # Opening a new snapshot is not the query's time: its clock starts once the worker has it open.
        _read_message(fd, time.monotonic() + _OPEN_SECONDS)
        deadline += time.monotonic() - started
        wait = min(_NICE_AFTER, deadline - time.monotonic())
        if wait > 0 and not select.select([fd], [], [], wait)[0] and time.monotonic() < deadline:
            self._renice()  # still running: let short queries have the CPU first
        return _read_message(fd, deadline)

    def open(self, source: dict[str, Any]) -> None:
        """Open `source` now (a spare worker), so its first query does not wait for that."""
        _write_message(self.stdin.fileno(), {"source": source, "open_only": True})
        header, _ = _read_message(self.stdout.fileno(), time.monotonic() + _OPEN_SECONDS)
        if header.get("status") != "opened":
            raise WorkerCrashed()

    def _renice(self) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 19)
            self.reniced = True
        except OSError:
            pass

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.stdin.close()
        self.stdout.close()


class WorkerPool:
    """Worker processes for user queries: at most `size` busy at once, a few idle ones kept warm."""

    thread_name = "sparql-worker-start"

    def __init__(self, size: int, memory: int, isolate: bool, spare: int = 3) -> None:
        self.size = max(1, size)
        self.memory = memory
        self.isolate = isolate
        self.spare = min(spare, self.size)
        self._idle: list[_Worker] = []
        self._busy = 0
        self._starting = 0
        self._closed = False
        self._source: dict[str, Any] | None = None  # what the last query read: spares open it ahead
        self._cond = threading.Condition()

    def run(self, header: dict[str, Any], body: bytes, timeout: float) -> tuple[dict[str, Any], bytes]:
        """Send one query to a worker and return its answer, or raise WorkerTimeout/Crashed/Busy.

        Waiting for a worker (or starting one) may take up to `timeout`; the query then has `timeout`."""
        self._source = header.get("source")
        worker = self._acquire(time.monotonic() + timeout)
        deadline = time.monotonic() + timeout
        healthy = False
        try:
            answer = worker.ask(header, body, deadline)
            healthy = not (worker.reniced or worker.spent)  # a reniced worker would stay slow: replace it
            return answer
        finally:
            self._release(worker, healthy)

    def _acquire(self, deadline: float) -> _Worker:
        with self._cond:
            while True:
                if self._closed:
                    raise WorkersBusy()
                while self._idle and self._idle[-1].process.poll() is not None:
                    self._idle.pop().kill()  # died while idle (killed from outside)
                if self._idle:
                    worker = self._idle.pop()
                    self._busy += 1
                    self._top_up()
                    return worker
                if self._busy + self._starting < self.size:
                    self._busy += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise WorkersBusy()
                self._cond.wait(remaining)
        try:
            worker = self._new_worker()
        except BaseException:
            with self._cond:
                self._busy -= 1
                self._cond.notify()
            raise
        with self._cond:
            self._top_up()
        return worker

    def _release(self, worker: _Worker, healthy: bool) -> None:
        with self._cond:
            self._busy -= 1
            keep = healthy and not self._closed and worker.process.poll() is None
            if keep:
                self._idle.append(worker)
            self._cond.notify()
        if not keep:
            worker.kill()
            with self._cond:
                self._top_up()

    def _new_worker(self) -> _Worker:
        """Start one worker process (a pool of another kind of worker overrides this)."""
        return _Worker(str(self.memory), "1" if self.isolate else "0")

    def _top_up(self) -> None:
        """Start idle workers in the background until `spare` are warm (called holding the lock)."""
        missing = self.spare - len(self._idle) - self._starting
        room = self.size - self._busy - len(self._idle) - self._starting
        for _ in range(max(0, min(missing, room))):
            self._starting += 1
            threading.Thread(target=self._start_spare, name=self.thread_name, daemon=True).start()

    def _start_spare(self) -> None:
        worker: _Worker | None = None
        try:
            worker = self._new_worker()
            if self._source is not None:
                worker.open(self._source)
        except (WorkerCrashed, WorkerTimeout, OSError):
            if worker is not None:
                worker.kill()
            worker = None
        finally:
            with self._cond:
                self._starting -= 1
                if worker is not None and not self._closed:
                    self._idle.append(worker)
                    worker = None
                self._cond.notify()
            if worker is not None:
                worker.kill()

    def close(self) -> None:
        """Stop the idle workers; busy ones are stopped as their queries return."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._cond.notify_all()
            starting = self._starting
        for worker in idle:
            worker.kill()
        deadline = time.monotonic() + 10
        while starting and time.monotonic() < deadline:
            time.sleep(0.02)
            with self._cond:
                starting = self._starting
                idle, self._idle = self._idle, []
            for worker in idle:
                worker.kill()


class Snapshots:
    """Read-only copies of an embedded store for the workers, one per store version, made on demand."""

    def __init__(self, store: Any, location: str) -> None:
        self.store = store
        self.location = location
        self._lock = threading.Lock()
        self._version: int | None = None
        self._current: dict[str, str] | None = None
        self._made: list[Path] = []
        self._dir: Path | None = None

    def source(self, version: int) -> dict[str, str]:
        """Where a worker finds the store as of `version` (a snapshot directory or an N-Quads file)."""
        with self._lock:
            if self._current is not None and self._version == version:
                return self._current
            base = self._base()
            if self.location == "memory:":
                import pyoxigraph as ox  # noqa: PLC0415

                target = base / f"v{version}-{time.monotonic_ns()}.nq"
                self.store.dump(str(target), format=ox.RdfFormat.N_QUADS)
                self._current = {"kind": "nquads", "path": str(target)}
            else:
                target = base / f"v{version}-{time.monotonic_ns()}"
                self.store.backup(str(target))
                self._current = {"kind": "directory", "path": str(target)}
            self._version = version
            self._made.append(target)
            # Keep a few: a worker still reading an older one finishes before it is removed.
            while len(self._made) > 3:
                _remove(self._made.pop(0))
            return self._current

    def _base(self) -> Path:
        if self._dir is None:
            parent = None
            prefix = "kg-query-snapshots-"
            if self.location != "memory:":
                # Beside the store, so the checkpoint hard-links its files instead of copying them,
                # named after it: this process holds the store's lock, so a directory of that name
                # is one a killed process left (its old store files would stay on disk for ever).
                store = Path(self.location).resolve()
                parent, prefix = str(store.parent), f".{store.name}-query-snapshots-"
                for stale in store.parent.glob(f"{glob.escape(prefix)}*"):
                    shutil.rmtree(stale, ignore_errors=True)
            try:
                self._dir = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
            except OSError:
                self._dir = Path(tempfile.mkdtemp(prefix="kg-query-snapshots-"))
        return self._dir

    def close(self) -> None:
        with self._lock:
            if self._dir is not None:
                shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
            self._made = []
            self._current = None


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


# -- the worker's side -----------------------------------------------------------------------------


def _limit_memory(limit: int) -> None:
    """Cap the worker's address space. glibc gives each thread that contends for malloc an arena of
    64 MB of address space (up to 8 per core): under the cap, the store's own threads could then
    fail to start ("Resource temporarily unavailable") on a busy machine, so the worker keeps to
    two arenas first."""
    import ctypes  # noqa: PLC0415
    import resource  # noqa: PLC0415

    if limit <= 0:
        return
    try:
        m_arena_max = -8  # glibc's M_ARENA_MAX
        ctypes.CDLL(None).mallopt(m_arena_max, 2)
    except (OSError, AttributeError):  # not glibc: its allocator has no such arenas
        pass
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _isolate_network() -> None:
    """Own user and network namespace: no interface but a downed loopback, so nothing to connect to."""
    import ctypes  # noqa: PLC0415

    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.unshare(clone_newuser | clone_newnet)  # fails quietly where the kernel forbids it
    except (OSError, AttributeError):
        pass


def main(argv: list[str]) -> None:
    """Serve queries on stdin/stdout until stdin closes."""
    memory, isolate = int(argv[0]), argv[1] == "1"
    if isolate:
        _isolate_network()
    out_fd = os.dup(1)
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the answer stream
    in_fd = 0
    sys.setrecursionlimit(100_000)
    threading.stack_size(64 << 20)  # deep (but admitted) nesting parses instead of overflowing
    from rdflib.plugins.sparql.parser import parseQuery  # noqa: PLC0415

    parseQuery("ASK { ?s ?p ?o }")  # pyparsing builds its grammar on first use: not in a query's time
    from kg.store import sparql  # noqa: PLC0415

    state: dict[str, Any] = {}
    _limit_memory(memory)
    _write_message(out_fd, {"status": "ready"})
    while True:
        try:
            header, _body = _read_message(in_fd, None)
        except (WorkerCrashed, struct.error):
            return
        try:
            sparql.open_in_worker(header, state)
        except Exception as exc:  # noqa: BLE001  (reported as the query's store error)
            state.clear()
            if not header.get("open_only"):
                _write_message(out_fd, {"status": "opened"})
            _write_message(out_fd, {"status": "error", "type": "store", "message": f"cannot open: {exc}"})
            continue
        _write_message(out_fd, {"status": "opened"})
        if not header.get("open_only"):
            _write_message(out_fd, *_answer(sparql.evaluate_in_worker, header, state))


def _answer(evaluate: Any, header: dict[str, Any], state: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """Evaluate in a thread with a large stack (the main thread's is fixed at 8 MB)."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["answer"] = evaluate(header, state)
        except MemoryError:
            box["answer"] = ({"status": "error", "type": "memory", "message": "out of memory"}, b"")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    failed = {"status": "error", "type": "crash", "message": "the evaluation failed"}
    return box.get("answer") or (failed, b"")


if __name__ == "__main__":
    main(sys.argv[1:])
