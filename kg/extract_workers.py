"""Extraction of posted articles in worker processes, each article with a time and a memory budget.

A spaCy parse cannot be interrupted and its memory grows with the text, so `POST /api/articles` does
not extract in the serving process: each article goes to a worker process (`python -m
kg.extract_workers`) that loaded the pipeline once. The worker caps its own address space
(KG_EXTRACT_MEMORY) once the pipeline is loaded, and an article still being extracted at its deadline
(KG_EXTRACT_TIMEOUT) gets its worker SIGKILLed and replaced, so a costly article costs itself an error
and nothing else. Up to KG_EXTRACT_WORKERS articles are extracted at once: a small article goes to an
idle worker while a large one still occupies another, instead of queueing behind it. Storing stays in
the serving process, one transaction per article under the store's lock.

The process machinery (framing, killing, warm spares) is kg.store.workers', shared with SPARQL queries.
Messages are JSON, never pickles.
"""

from __future__ import annotations

import dataclasses
import os
import struct
import sys
import threading
import time
from typing import Any

from kg.model import Article, Fact
from kg.store.workers import (
    WorkerCrashed,
    WorkerPool,
    WorkersBusy,
    WorkerTimeout,
    WorkerUnavailable,
    _limit_memory,
    _read_message,
    _Worker,
    _write_message,
)

__all__ = [
    "ExtractionBusy",
    "ExtractionFailed",
    "ExtractionTimeout",
    "ExtractorUnavailable",
    "close_pools",
    "extract_in_worker",
    "warm_up",
]

# An article this large (UTF-8 bytes; news articles are a few thousand) takes seconds to extract:
# such articles share all workers but one, which stays free for the small ones.
LARGE_ARTICLE_BYTES = 50_000

# Extracted by each new worker before it takes articles, so lazily built tables are not an article's cost.
WARM_UP_TEXT = "The foreign minister of France met his German counterpart in Berlin on Monday."


class ExtractionError(Exception):
    """Extraction of one article did not produce facts; the message says why, for the client."""


class ExtractionTimeout(ExtractionError):
    """The article was still being extracted at its deadline; its worker was killed."""


class ExtractionFailed(ExtractionError):
    """The worker ran out of memory or died while extracting the article."""


class ExtractionBusy(ExtractionError):
    """Every extraction worker stayed busy until the deadline."""


class ExtractorUnavailable(ExtractionError):
    """No worker could load the pipeline (a deployment problem, not the client's)."""


class _ExtractWorker(_Worker):
    """A worker holding the spaCy pipeline: one article in, its facts out."""

    module = "kg.extract_workers"
    ready_seconds = 180.0  # loading a large pipeline on a busy machine

    def ask(self, header: dict[str, Any], body: bytes, deadline: float) -> tuple[dict[str, Any], bytes]:
        try:
            _write_message(self.stdin.fileno(), header, body)
        except OSError:
            raise WorkerCrashed() from None
        answer = _read_message(self.stdout.fileno(), deadline)
        if answer[0].get("status") != "ok":
            self.spent = True  # after a MemoryError or a failure the worker's state is doubtful
        return answer


class ExtractionPool(WorkerPool):
    """Worker processes with the pipeline `model` loaded, each capped at `memory` bytes."""

    thread_name = "extract-worker-start"

    def __init__(self, size: int, memory: int, model: str) -> None:
        super().__init__(size, memory, isolate=False, spare=size)
        self.model = model
        # Large articles may hold all workers but one, so a small article always finds one soon.
        self.large_slots = threading.BoundedSemaphore(max(1, size - 1))

    def run_sized(self, header: dict[str, Any], body: bytes, timeout: float) -> tuple[dict[str, Any], bytes]:
        """`run`, with a large article first waiting (up to `timeout`) for one of the large slots."""
        if len(body) < LARGE_ARTICLE_BYTES:
            return self.run(header, body, timeout)
        if not self.large_slots.acquire(timeout=timeout):
            raise WorkersBusy()
        try:
            return self.run(header, body, timeout)
        finally:
            self.large_slots.release()

    def _new_worker(self) -> _Worker:
        return _ExtractWorker(str(self.memory), self.model)

    def warm(self) -> None:
        """Start the spare workers now, so the first article does not wait for a pipeline to load."""
        with self._cond:
            self._top_up()


_pools: dict[tuple[int, int, str], ExtractionPool] = {}
_pools_lock = threading.Lock()


def _pool(workers: int, memory: int, model: str) -> ExtractionPool:
    """The process-wide pool for these settings (tests and apps share it: a pipeline loads once)."""
    with _pools_lock:
        key = (workers, memory, model)
        if key not in _pools:
            _pools[key] = ExtractionPool(workers, memory, model)
        return _pools[key]


def warm_up(workers: int, memory: int, model: str) -> None:
    """Start the workers for these settings in the background (`kg serve` does at start)."""
    _pool(workers, memory, model).warm()


def close_pools() -> None:
    """Stop every extraction worker (at exit, or in a test that wants a clean slate)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


def extract_in_worker(
    article: Article, *, timeout: float, memory: int, workers: int, model: str
) -> list[Fact]:
    """The facts of `article`, extracted in a worker within `timeout` seconds and `memory` bytes.

    Raises an ExtractionError subclass whose message names the setting that stopped the article.
    Waiting for a free worker may take up to `timeout` too (and, for a large article, for one of
    the KG_EXTRACT_WORKERS - 1 slots large articles share); the extraction then has `timeout`."""
    data = dataclasses.asdict(article)
    text = data.pop("text").encode("utf-8")
    try:
        header, body = _pool(workers, memory, model).run_sized({"article": data}, text, timeout)
    except WorkerTimeout:
        raise ExtractionTimeout(
            f"extracting this article took longer than {timeout:g} s and was stopped (KG_EXTRACT_TIMEOUT); "
            "split it into smaller articles"
        ) from None
    except WorkersBusy:
        raise ExtractionBusy(
            f"every extraction worker stayed busy for {timeout:g} s (KG_EXTRACT_WORKERS); try again later"
        ) from None
    except WorkerUnavailable as exc:
        raise ExtractorUnavailable(f"the extractor is unavailable (KG_SPACY_MODEL): {exc}") from None
    except WorkerCrashed:
        raise ExtractionFailed(_MEMORY_MESSAGE.format(memory=memory)) from None
    if header.get("status") == "ok":
        import json  # noqa: PLC0415

        return [Fact.from_dict(item) for item in json.loads(body)]
    raise ExtractionFailed(_MEMORY_MESSAGE.format(memory=memory))


_MEMORY_MESSAGE = (
    "extracting this article stopped its worker process: it needed more than {memory:,} bytes of memory "
    "(KG_EXTRACT_MEMORY) or could not be processed"
)


# -- the worker's side -----------------------------------------------------------------------------


def _fact_data(fact: Fact) -> dict[str, Any]:
    """Everything of a fact, unrounded, so the parent rebuilds exactly what the extractor made."""
    return {**fact.to_dict(with_rule=True), "confidence": fact.confidence}


def _extract(extractor: Any, header: dict[str, Any], body: bytes) -> tuple[dict[str, Any], bytes]:
    import json  # noqa: PLC0415

    article = Article(**header["article"], text=body.decode("utf-8"))
    try:
        facts = extractor.extract(article)
    except MemoryError:
        return {"status": "error", "type": "memory", "message": "out of memory"}, b""
    return {"status": "ok"}, json.dumps([_fact_data(f) for f in facts]).encode("utf-8")


def main(argv: list[str]) -> None:
    """Load the pipeline, then extract articles from stdin until it closes."""
    memory, model = int(argv[0]), argv[1]
    out_fd = os.dup(1)
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the answer stream
    try:
        from kg.extract import Extractor  # noqa: PLC0415

        extractor = Extractor(model)
        extractor.extract(Article(id="warm-up", text=WARM_UP_TEXT))
    except Exception as exc:  # noqa: BLE001  (reported to the parent, which tells the client)
        _write_message(out_fd, {"status": "error", "message": str(exc)})
        return
    _limit_memory(memory)
    _write_message(out_fd, {"status": "ready", "loaded": time.time()})
    while True:
        try:
            header, body = _read_message(0, None)
        except (WorkerCrashed, struct.error):
            return
        try:
            answer = _extract(extractor, header, body)
        except Exception as exc:  # noqa: BLE001  (one article's failure is its own error)
            answer = ({"status": "error", "type": "crash", "message": f"{type(exc).__name__}: {exc}"}, b"")
        _write_message(out_fd, *answer)


if __name__ == "__main__":
    main(sys.argv[1:])
