"""Frame patterns as data: spaCy `DependencyMatcher` patterns (kg/data/frames.toml), one section per
fact type, for the rules whose whole shape is a fixed piece of parse.

A frame's pattern names its nodes; the node "trigger" is the fact's trigger (date, modality,
evidence), "subject" and "object" are where its two ends are read (a mention headed there with its
conjuncts, or the owner of what that node names: "Quito's proposal"), and "topic", if named, is the
phrase kept as the fact's topic. A frame with `pairs = true` also pairs the subjects with each other
("Lima and Quito exchanged views": a meeting between them). Word lists are not written in the
patterns: `"@section.key"` in an `IN` list stands for that list of kg/data/triggers.toml.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from kg.fact_types import FACT_TYPES
from kg.nlp.args import Arguments
from kg.nlp.lexicon import DATA, triggers
from kg.nlp.mentions import Mention
from kg.nlp.readers.base import Candidate, phrase


@dataclass(frozen=True)
class Frame:
    name: str  # "<fact type>.frame/<name>": the rule provenance of its facts
    fact_type: str
    pattern: list[dict[str, Any]]
    confidence: float = 0.6
    pairs: bool = False  # the subjects are also parties with each other


@lru_cache(maxsize=1)
def frames() -> tuple[Frame, ...]:
    """The frames of kg/data/frames.toml, word-list references resolved, in fact type order."""
    with (DATA / "frames.toml").open("rb") as f:
        return parse_frames(tomllib.load(f), triggers())


def parse_frames(data: dict[str, Any], lex: dict[str, Any]) -> tuple[Frame, ...]:
    """Frames from the parsed TOML: checked (a known fact type, unique names, a trigger and a
    subject node) and with "@section.key" word lists taken from `lex`."""
    found: list[Frame] = []
    for fact_type, entries in data.items():
        if fact_type not in FACT_TYPES:
            raise ValueError(f"frames: unknown fact type {fact_type!r}")
        for entry in entries:
            name = f"{fact_type}.frame/{entry['name']}"
            pattern = [_resolved(node, lex) for node in entry["pattern"]]
            if not {"trigger", "subject"} <= {node["RIGHT_ID"] for node in pattern}:
                raise ValueError(f"frames: {name} needs a 'trigger' and a 'subject' node")
            if any(frame.name == name for frame in found):
                raise ValueError(f"frames: two frames named {name}")
            confidence, pairs = float(entry.get("confidence", 0.6)), bool(entry.get("pairs", False))
            found.append(Frame(name, fact_type, pattern, confidence, pairs))
    return tuple(sorted(found, key=lambda f: FACT_TYPES.index(f.fact_type)))


def _resolved(value: Any, lex: dict[str, Any]) -> Any:
    """The pattern with every "@section.key" in a list replaced by that lexicon list's words."""
    if isinstance(value, dict):
        return {k: _resolved(v, lex) for k, v in value.items()}
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, str) and item.startswith("@"):
                section, key = item[1:].split(".", 1)
                out.extend(lex[section][key])
            else:
                out.append(_resolved(item, lex))
        return out
    return value


class FrameMatcher:
    """Every frame over a Doc, as candidates by sentence start."""

    def __init__(self, vocab: Vocab, declared: tuple[Frame, ...] | None = None) -> None:
        self.matcher = DependencyMatcher(vocab)
        self.frames = {frame.name: frame for frame in (frames() if declared is None else declared)}
        for frame in self.frames.values():
            self.matcher.add(frame.name, [frame.pattern])

    def candidates(self, doc: Doc, args: Arguments) -> dict[int, list[Candidate]]:
        by_sentence: dict[int, list[Candidate]] = {}
        for match_id, token_ids in self.matcher(doc):
            frame = self.frames[doc.vocab.strings[match_id]]
            nodes = {node["RIGHT_ID"]: doc[i] for node, i in zip(frame.pattern, token_ids, strict=True)}
            trigger = nodes["trigger"]
            found = list(self._read(frame, nodes, args))
            by_sentence.setdefault(trigger.sent.start, []).extend(found)
        return by_sentence

    @staticmethod
    def _read(frame: Frame, nodes: dict[str, Token], args: Arguments) -> Iterator[Candidate]:
        def actors(token: Token | None) -> list[Mention]:
            return [] if token is None else (args.at(token) or args.modifiers(token))

        subjects, objects = actors(nodes["subject"]), actors(nodes.get("object"))
        topic = phrase(nodes["topic"].subtree) if "topic" in nodes else None
        pairs = [
            *(itertools.combinations(subjects, 2) if frame.pairs else ()),
            *itertools.product(subjects, objects),
        ]
        for s, o in pairs:
            if s.entity.id != o.entity.id:
                cand = Candidate(frame.fact_type, s, o, nodes["trigger"], {"topic": topic}, frame.confidence)
                cand.rule = frame.name
                yield cand
