"""Name folding and search keys: how entity names are compared and indexed for search.

Search looks names up by key instead of scanning them: each name gives its folded form and the
prefixes of each of its words, written to the store beside the entity, so
a query's cost follows the number of entities it finds, not the number stored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MIN_PREFIX = 1
MAX_PREFIX = 24
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, for matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def words(text: str) -> list[str]:
    """The folded words of a name or query (letters and digits; punctuation splits)."""
    return _WORD.findall(fold(text))


def name_keys(names: Iterable[str]) -> set[str]:
    """Search keys of names: each folded name, and every prefix (up to 24 characters) of each word."""
    keys: set[str] = set()
    for name in names:
        folded = fold(name)
        if not folded:
            continue
        keys.add(folded[:200])
        for word in words(folded):
            for end in range(MIN_PREFIX, min(len(word), MAX_PREFIX) + 1):
                keys.add(word[:end])
    return keys


def query_keys(query: str) -> list[str]:
    """The keys a search must find all of: each word of the query as a prefix (cut to the longest key).

    One-letter words are left out (they are no key) unless the query has nothing else, which then
    only matches a whole folded name.
    """
    found = [w[:MAX_PREFIX] for w in words(query) if len(w) >= MIN_PREFIX]
    return list(dict.fromkeys(found)) or ([fold(query)[:200]] if fold(query) else [])
