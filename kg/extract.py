"""Extraction: articles in, contract Facts out, through the spaCy pipeline of kg.nlp."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from kg import settings
from kg.model import Article, Fact


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
        from kg.nlp import make_doc

        with self._call_lock:
            doc = self.nlp(
                make_doc(self.nlp, article.text, article.id, article.published, article.dateline_place)
            )
        return [Fact.from_dict(d) for d in doc._.facts or []]

    def pipe(
        self,
        articles: Iterable[Article],
        batch_size: int | None = None,
        n_process: int | None = None,
    ) -> Iterator[tuple[Article, list[Fact]]]:
        """Facts per article, in order, through `nlp.pipe` (batched, optionally multi-process)."""
        from kg.nlp import make_doc

        batch = batch_size or settings.get("batch_size")
        processes = n_process or settings.get("processes")
        pending: list[Article] = []

        def docs() -> Iterator:
            for article in articles:
                pending.append(article)
                yield make_doc(self.nlp, article.text, article.id, article.published, article.dateline_place)

        for doc in self.nlp.pipe(docs(), batch_size=batch, n_process=processes):
            article = pending.pop(0)
            yield article, [Fact.from_dict(d) for d in doc._.facts or []]


def extract_facts(article: Article) -> list[Fact]:
    """Facts of one article with the shared extractor."""
    return Extractor.shared().extract(article)
