"""The orders of fact listings (kg.store.reads.ORDERS) stated in Python, for facts already in hand
(tests check the store's pages against them)."""

from __future__ import annotations

from typing import Any

from kg.model import Fact

FACT_ORDERS = ("article", "date", "-date", "confidence", "-confidence", "type")


def fact_sort_key(order: str) -> Any:
    """The sort key of a fact order; undated facts sort last both ways, ties by article position."""

    def position(f: Fact) -> tuple[Any, ...]:
        return (f.article, f.span or (0, 0), f.type, f.id)

    def by_date_desc(f: Fact) -> tuple[Any, ...]:
        # The exact reverse of the ascending string order, ties kept in text order: negated code
        # points, ended by 0 so "2024" (a coarser date) follows "2024-03" as it precedes it ascending.
        return (f.date is None, (*(-ord(c) for c in (f.date or "")), 0), *position(f))

    keys: dict[str, Any] = {
        "article": position,
        "date": lambda f: (f.date is None, f.date or "", *position(f)),
        "-date": by_date_desc,
        "confidence": lambda f: (f.confidence, *position(f)),
        "-confidence": lambda f: (-f.confidence, *position(f)),
        "type": lambda f: (f.type, f.article, f.span or (0, 0), f.id),
    }
    return keys[order]
