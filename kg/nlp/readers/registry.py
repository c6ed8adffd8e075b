"""The reader registry: which rule reads which words, declared where the rule is written.

Each fact type has one module in this package (visit.py, sanction.py, ...) holding a `ReaderBase`
subclass marked `@reader("<fact type>")`. Its rules are methods marked `@on_words(...)`, woken by
trigger words of the lexicon (kg/data/triggers.toml), or `@on_sentence`, reading a whole sentence.
`rules()` imports every module of the package and lists the rules in the order of the fact types
(kg.fact_types), then of their definition, so adding a fact type means adding its module (and its
ontology class), nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from spacy.tokens import Token

from kg.fact_types import FACT_TYPES

T = TypeVar("T")
# What a class marked @reader registers: fact type -> the class.
_READERS: dict[str, type] = {}
# Helper modules of the package that are not readers of a fact type.
_NOT_READERS = frozenset({"base", "frames", "registry"})


@dataclass(frozen=True)
class WordTrigger:
    """The tokens that wake a rule: verbs by lemma and nouns by lemma or word form, from lists of
    the lexicon (`section`, `verbs`/`nouns` keys), and/or any token a test of its own accepts."""

    section: str
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    # another way to wake the rule, e.g. "joint patrols" (a structure rather than a word)
    also: Callable[[Token, dict[str, Any]], bool] | None = None
    # a condition every woken token must also meet (e.g. "host" only as a participle)
    only_if: Callable[[Token], bool] | None = None
    with_pos: bool = False  # the rule takes `is_verb`
    arguments: tuple[tuple[str, Any], ...] = ()  # fixed keyword arguments of the rule

    def words(self, lex: dict[str, Any], keys: tuple[str, ...]) -> set[str]:
        return {w for key in keys for w in lex[self.section][key]}


@dataclass(frozen=True)
class Rule:
    """One registered rule: the reader class's method and what wakes it (None: every sentence)."""

    name: str  # "<module>.<method>", the prefix of a fact's `rule` provenance
    fact_type: str
    owner: type
    method: str
    trigger: WordTrigger | None = field(default=None)


def reader(fact_type: str) -> Callable[[type[T]], type[T]]:
    """Mark a class as the reader of `fact_type` (one per fact type)."""
    if fact_type not in FACT_TYPES:
        raise ValueError(f"unknown fact type {fact_type!r}")

    def register(cls: type[T]) -> type[T]:
        known = _READERS.get(fact_type)
        if known is not None and known.__qualname__ != cls.__qualname__:
            raise ValueError(f"two readers of {fact_type}: {known.__qualname__} and {cls.__qualname__}")
        _READERS[fact_type] = cls
        return cls

    return register


def on_words(
    section: str,
    verbs: tuple[str, ...] = (),
    nouns: tuple[str, ...] = (),
    *,
    also: Callable[[Token, dict[str, Any]], bool] | None = None,
    only_if: Callable[[Token], bool] | None = None,
    with_pos: bool = False,
    **arguments: Any,
) -> Callable[[Callable[..., Iterator[Any]]], Callable[..., Iterator[Any]]]:
    """Mark a method `(self, token, args, ...)` as a rule woken by these words; a method may carry
    several marks (one rule each), e.g. with different `arguments`."""
    trigger = WordTrigger(section, verbs, nouns, also, only_if, with_pos, tuple(arguments.items()))

    def mark(method: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        method.__dict__.setdefault("_triggers", []).insert(0, trigger)  # marks apply bottom-up
        return method

    return mark


def on_sentence(method: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """Mark a method `(self, sent, args)` as a rule that reads every sentence."""
    method.__dict__.setdefault("_triggers", []).append(None)
    return method


def _reader_modules() -> Iterator[str]:
    package = importlib.import_module(__package__ or "kg.nlp.readers")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in _NOT_READERS:
            yield f"{package.__name__}.{info.name}"


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """Every registered rule: by fact type (kg.fact_types order), then in order of definition."""
    for module in _reader_modules():
        importlib.import_module(module)
    found: list[Rule] = []
    for fact_type in sorted(_READERS, key=FACT_TYPES.index):
        cls = _READERS[fact_type]
        module = cls.__module__.rsplit(".", 1)[-1]
        for name, member in vars(cls).items():
            for trigger in getattr(member, "_triggers", ()):
                found.append(Rule(f"{module}.{name}", fact_type, cls, name, trigger))
    return tuple(found)


def readers() -> dict[str, type]:
    """Fact type -> its reader class, after `rules()` has imported the package."""
    rules()
    return dict(_READERS)
