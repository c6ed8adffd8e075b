"""Extraction: articles in, contract Facts out, through the spaCy pipeline of kg.nlp."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import replace

from kg import settings
from kg.model import Article, Fact

# A very long article is parsed in blocks of about this many characters, cut at paragraph breaks:
# spaCy refuses texts over nlp.max_length, and the entity ruler's overlap checks and the linker's
# look-ups grow faster than the text. News articles (a few thousand characters) stay whole.
BLOCK_CHARS = 30_000
_PARAGRAPH = re.compile(r"\n\s*\n")


def text_blocks(text: str, limit: int | None = None) -> list[tuple[int, str]]:
    """(offset, block) pieces of at most about `limit` characters, cut at paragraph breaks where
    possible and at a line or space otherwise; one piece for an ordinary article."""
    limit = limit or BLOCK_CHARS
    if len(text) <= limit:
        return [(0, text)]
    blocks: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            window = text[start:end]
            breaks = [m.end() for m in _PARAGRAPH.finditer(window)]
            cut = (
                breaks[-1]
                if breaks and breaks[-1] > limit // 2
                else max(window.rfind("\n"), window.rfind(" "))
            )
            end = start + cut if cut > 0 else end
        blocks.append((start, text[start:end]))
        start = end
    return blocks


class Extractor:
    """A loaded pipeline; `extract` one article or `pipe` many with batching and processes."""

    _shared: Extractor | None = None
    _lock = threading.Lock()

    def __init__(self, model: str | None = None) -> None:
        from kg.nlp import build_pipeline

        self.nlp = build_pipeline(model)
        # One Doc at a time through the stateful components when called from several threads.
        self._call_lock = threading.Lock()

    @classmethod
    def shared(cls) -> Extractor:
        """The process-wide extractor (the model loads once, on first use)."""
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def extract(self, article: Article) -> list[Fact]:
        with self._call_lock:
            return next(self._run([article], batch_size=1, n_process=1))[1]

    def pipe(
        self,
        articles: Iterable[Article],
        batch_size: int | None = None,
        n_process: int | None = None,
    ) -> Iterator[tuple[Article, list[Fact]]]:
        """Facts per article, in order, through `nlp.pipe` (batched, optionally multi-process)."""
        yield from self._run(
            articles, batch_size or settings.get("batch_size"), n_process or settings.get("processes")
        )

    def _run(
        self, articles: Iterable[Article], batch_size: int, n_process: int
    ) -> Iterator[tuple[Article, list[Fact]]]:
        from kg.nlp import make_doc
        from kg.nlp.components import merge_facts

        pending: list[tuple[Article, int, int]] = []  # article, block offset, blocks left after this one

        def docs() -> Iterator:
            for article in articles:
                blocks = text_blocks(article.text)
                for n, (offset, block) in enumerate(blocks):
                    pending.append((article, offset, len(blocks) - n - 1))
                    yield make_doc(self.nlp, block, article.id, article.published, article.dateline_place)

        collected: list[Fact] = []
        for doc in self.nlp.pipe(docs(), batch_size=batch_size, n_process=n_process):
            article, offset, left = pending.pop(0)
            for data in doc._.facts or []:
                fact = Fact.from_dict(data)
                if offset and fact.span:
                    fact = replace(fact, span=(fact.span[0] + offset, fact.span[1] + offset))
                collected.append(fact)
            if left == 0:
                yield article, merge_facts(collected) if offset else collected
                collected = []


def extract_facts(article: Article) -> list[Fact]:
    """Facts of one article with the shared extractor."""
    return Extractor.shared().extract(article)
