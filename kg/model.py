"""The fact contract in code: Entity, Fact and Article records passed between stages.

The JSON form (`Fact.to_dict`) is the line-per-fact contract printed by `kg extract` and scored
against the gold files; keep it stable.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from kg.fact_types import FACT_TYPES, SYMMETRIC_TYPES

ENTITY_KINDS: tuple[str, ...] = ("person", "country", "organization", "bloc")
MODALITIES: tuple[str, ...] = ("asserted", "planned", "alleged", "negated")
ROLES: tuple[str, ...] = (
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "minister",
    "ambassador",
    "other",
)
MEMBERSHIP_STATUSES: tuple[str, ...] = ("member", "observer", "partner", "applicant")

# Kind -> the path segment of an entity's local id (and IRI).
_ID_PREFIX = {"person": "person", "country": "country", "organization": "org", "bloc": "bloc"}


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated form of a name: stable across runs and articles."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def entity_id(kind: str, key: str) -> str:
    """Local id of an entity, e.g. ``country/BLR``, ``org/EAEU``, ``person/masoud-pezeshkian``.

    Countries are keyed by ISO alpha-3 and organisations by their reference key, verbatim;
    persons and blocs by the slug of their label.
    """
    prefix = _ID_PREFIX[kind]
    if kind in ("country", "organization"):
        return f"{prefix}/{key}"
    return f"{prefix}/{slugify(key)}"


@dataclass(frozen=True)
class Entity:
    """A participant of a fact: a person, country, organisation or bloc."""

    label: str
    kind: str
    qid: str | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ENTITY_KINDS:
            raise ValueError(f"unknown entity kind {self.kind!r}")
        if not self.id:
            key = self.country if self.kind == "country" and self.country else self.label
            object.__setattr__(self, "id", entity_id(self.kind, key))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "qid": self.qid,
            "aliases": list(self.aliases),
            "country": self.country,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            label=data["label"],
            kind=data["kind"],
            qid=data.get("qid"),
            aliases=tuple(data.get("aliases") or ()),
            country=data.get("country"),
            id=data.get("id") or "",
        )


@dataclass
class Fact:
    """One extracted relation with its date, modality, attributes and evidence."""

    article: str
    type: str
    subject: Entity | None
    object: Entity | None
    date: str | None = None
    modality: str = "asserted"
    attributes: dict[str, Any] = field(default_factory=dict)
    evidence: str = ""
    confidence: float = 0.5
    # Character offsets of the evidence sentence in the article text (start, end).
    span: tuple[int, int] | None = None
    # Which extraction rule made the fact ("accusation.accusations 'accused'"): provenance for debugging,
    # outside the contract's scoring, outside `id` and outside the RDF.
    rule: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.type not in FACT_TYPES:
            raise ValueError(f"unknown fact type {self.type!r}")
        if self.modality not in MODALITIES:
            raise ValueError(f"unknown modality {self.modality!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside 0..1")

    @property
    def symmetric(self) -> bool:
        return self.type in SYMMETRIC_TYPES

    @property
    def id(self) -> str:
        """Stable id: the same fact of the same article always gets the same IRI."""
        ends = [e.id if e else "-" for e in (self.subject, self.object)]
        if self.symmetric:
            ends.sort()
        attrs = "|".join(f"{k}={self.attributes[k]}" for k in sorted(self.attributes))
        span = f"{self.span[0]}-{self.span[1]}" if self.span else self.evidence
        raw = "\x1f".join([self.article, self.type, *ends, self.date or "", self.modality, attrs, span])
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]

    def to_dict(self, with_rule: bool = False, with_id: bool = False) -> dict[str, Any]:
        """The contract form; `with_id` adds the stable id (the service's JSON), `with_rule` the
        extraction rule (`kg extract --explain`, `kg eval`)."""
        data: dict[str, Any] = {
            "article": self.article,
            "type": self.type,
            "subject": self.subject.to_dict() if self.subject else None,
            "object": self.object.to_dict() if self.object else None,
            "date": self.date,
            "modality": self.modality,
            "attributes": dict(self.attributes),
            "evidence": self.evidence,
            "confidence": round(self.confidence, 3),
        }
        if self.span:
            data["span"] = list(self.span)
        if with_rule and self.rule:
            data["rule"] = self.rule
        if with_id:
            data["id"] = self.id
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        span = data.get("span")
        return cls(
            article=data["article"],
            type=data["type"],
            subject=Entity.from_dict(data["subject"]) if data.get("subject") else None,
            object=Entity.from_dict(data["object"]) if data.get("object") else None,
            date=data.get("date"),
            modality=data.get("modality") or "asserted",
            attributes=dict(data.get("attributes") or {}),
            evidence=data.get("evidence") or "",
            confidence=float(data.get("confidence", 0.5)),
            span=(int(span[0]), int(span[1])) if span else None,
            rule=data.get("rule"),
        )


@dataclass
class Article:
    """A news article after intake: its id, clean main text and publication date."""

    id: str
    text: str
    published: str | None = None
    title: str | None = None
    source: str | None = None
    # Place named in a dateline ("ASTANA, July 3 (Reuters) -"), if any.
    dateline_place: str | None = None
    warnings: list[str] = field(default_factory=list)
    # The dateline prefix as written, cut from `text` by kg.text ("ASTANA, July 3 (Reuters) -").
    dateline: str | None = None
    # The dateline's date resolved against `published` (ISO), if it gives one.
    dateline_date: str | None = None
