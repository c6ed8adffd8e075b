"""The linker's records: a Mention of an entity in a Doc, and a Person cluster of mentions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.model import Entity


@dataclass
class Mention:
    """A span of the doc that refers to an entity; `role`/`country` when the text states an office."""

    start: int
    end: int
    entity: Entity
    via: str
    role: str | None = None
    stated_country: str | None = None
    former: bool = False

    @property
    def kind(self) -> str:
        return self.entity.kind


@dataclass
class Person:
    """A cluster of person mentions, finalised into one Entity."""

    names: list[str]
    reference: Entity | None = None
    country: str | None = None
    titles: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)

    @property
    def surname(self) -> str:
        return self.label.split()[-1]

    @property
    def label(self) -> str:
        if self.reference:
            return self.reference.label
        return max(self.names, key=lambda n: (len(n.split()), len(n)))

    def entity(self) -> Entity:
        if self.reference:
            ref = self.reference
            return Entity(ref.label, "person", ref.qid, ref.aliases, self.country or ref.country, ref.id)
        aliases = tuple(dict.fromkeys(n for n in [*self.names, self.surname] if n != self.label))
        return Entity(self.label, "person", None, aliases, self.country)


def office_before(earlier: Sequence[Mention], sentence_start: int) -> str | None:
    """The office of the last titled person named earlier in the sentence: "Peru's foreign minister
    met his Chilean counterpart" -> foreign_minister, the office a counterpart holds."""
    for mention in reversed(earlier):
        if mention.start >= sentence_start and mention.kind == "person" and mention.role:
            return mention.role
    return None
