"""Entity look-ups of the KnowledgeGraph: one entity's record, and label/alias search.

Reference entities come from kg.reference (the data the reference graph is built from); extracted ones
from the stored facts, so an entity only an article mentions is found as well.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.model import Entity, Fact

if TYPE_CHECKING:
    from kg.store.graph import KnowledgeGraph


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, for matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


@dataclass
class _Known:
    """An entity and every name it goes by, with where it is known from."""

    entity: Entity
    names: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)

    def add_names(self, names: list[str]) -> None:
        for name in names:
            if name and name not in self.names:
                self.names.append(name)


@functools.cache
def _reference_entities() -> dict[str, _Known]:
    from kg.reference import load_reference  # noqa: PLC0415

    known: dict[str, _Known] = {}
    for form in load_reference().surface_forms():
        item = known.setdefault(form.entity.id, _Known(form.entity, sources={"reference"}))
        item.add_names([form.entity.label, *form.entity.aliases, form.text])
    return known


def _reference_memberships(entity_id: str) -> list[dict[str, Any]]:
    """Memberships the reference data records for a member (country or organisation) or an organisation."""
    from kg.reference import load_reference  # noqa: PLC0415

    ref = load_reference()
    out = []
    for m in ref.memberships:
        org = ref.org_entity(m.org)
        member = ref.country_entity(m.member) if m.member_kind == "country" else ref.org_entity(m.member)
        if entity_id not in (member.id, org.id):
            continue
        out.append(
            {
                "organization": org.id,
                "organization_label": org.label,
                "member": member.id,
                "member_label": member.label,
                "status": m.status,
                "since": m.since,
                "until": m.until,
                "source": "reference",
            }
        )
    return out


def _reference_positions(entity_id: str) -> list[dict[str, Any]]:
    """Offices the reference data records for a person, or in a country."""
    from kg.reference import load_reference  # noqa: PLC0415

    ref = load_reference()
    out = []
    for holder in ref.office_holders:
        person = ref.person_entity(holder.person)
        country = ref.country_entity(holder.country)
        if person is None or entity_id not in (person.id, country.id):
            continue
        out.append(
            {
                "person": person.id,
                "person_label": person.label,
                "country": country.id,
                "country_label": country.label,
                "role": holder.role,
                "since": holder.start,
                "until": holder.end,
                "source": "reference",
            }
        )
    return out


def _fact_record(fact: Fact, other: Entity, key: str, value_attr: str) -> dict[str, Any]:
    return {
        key: other.id,
        f"{key}_label": other.label,
        value_attr: fact.attributes.get(value_attr),
        "date": fact.date,
        "modality": fact.modality,
        "article": fact.article,
        "fact": fact.id,
        "source": "extracted",
    }


def relation_counts(outgoing: list[Fact], incoming: list[Fact]) -> dict[str, dict[str, int]]:
    """Facts per type as subject (`outgoing`) and as object (`incoming`); a self-loop counts once."""
    out = Counter(f.type for f in outgoing)
    seen = {f.id for f in outgoing}
    inc = Counter(f.type for f in incoming if f.id not in seen)
    return {t: {"outgoing": out[t], "incoming": inc[t], "total": out[t] + inc[t]} for t in sorted(out | inc)}


def describe_entity(kg: KnowledgeGraph, entity_id: str) -> dict[str, Any] | None:
    """Names, kind, qid, country, positions, memberships (reference and extracted) and relation counts."""
    outgoing = kg.facts(subject=entity_id)
    incoming = kg.facts(object=entity_id)
    mentions = [e for f in outgoing + incoming for e in (f.subject, f.object) if e and e.id == entity_id]
    reference = _reference_entities().get(entity_id)
    if reference is None and not mentions:
        return None
    base = reference.entity if reference else next((e for e in mentions if e.qid), mentions[0])
    names = _Known(base)
    names.add_names([base.label, *(reference.names if reference else ())])
    for e in mentions:
        names.add_names([e.label, *e.aliases])
    sources = ({"reference"} if reference else set()) | ({"extracted"} if mentions else set())
    positions = _reference_positions(entity_id)
    positions += [
        _fact_record(f, f.object, "country", "role") for f in outgoing if f.type == "position" and f.object
    ]
    positions += [
        {**_fact_record(f, f.subject, "person", "role"), "country": entity_id}
        for f in incoming
        if f.type == "position" and f.subject
    ]
    memberships = _reference_memberships(entity_id)
    memberships += [
        _fact_record(f, f.object, "organization", "status")
        for f in outgoing
        if f.type == "membership" and f.object
    ]
    return {
        "id": entity_id,
        "label": base.label,
        "kind": base.kind,
        "qid": base.qid or next((e.qid for e in mentions if e.qid), None),
        "country": base.country or next((e.country for e in mentions if e.country), None),
        "aliases": [n for n in names.names if n != base.label],
        "sources": sorted(sources),
        "positions": positions,
        "memberships": memberships,
        "relation_counts": relation_counts(outgoing, incoming),
    }


def search_entities(
    kg: KnowledgeGraph, q: str, kind: str | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """Reference and extracted entities named like `q`: exact, then prefix, then substring matches."""
    wanted = fold(q)
    if not wanted:
        return []
    candidates: dict[str, _Known] = {
        k: _Known(v.entity, list(v.names), set(v.sources)) for k, v in _reference_entities().items()
    }
    for fact in kg.facts():
        for e in (fact.subject, fact.object):
            if e is None:
                continue
            item = candidates.setdefault(e.id, _Known(e))
            item.sources.add("extracted")
            item.add_names([e.label, *e.aliases])
    ranked = []
    for item in candidates.values():
        if kind and item.entity.kind != kind:
            continue
        best = None
        for position, name in enumerate(item.names):
            folded = fold(name)
            if folded == wanted:
                score = 0
            elif folded.startswith(wanted):
                score = 1
            elif wanted in folded:
                score = 2
            else:
                continue
            # The label (first name) beats an alias at the same level.
            key = (score, position != 0, len(folded))
            if best is None or key < best[0]:
                best = (key, name)
        if best is not None:
            ranked.append((best[0], item.entity.label.casefold(), item, best[1]))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [
        {
            "id": item.entity.id,
            "label": item.entity.label,
            "kind": item.entity.kind,
            "qid": item.entity.qid,
            "country": item.entity.country,
            "aliases": [n for n in item.names if n != item.entity.label],
            "sources": sorted(item.sources),
            "match": name,
            "match_type": ("exact", "prefix", "substring")[key[0]],
        }
        for key, _label, item, name in ranked[:limit]
    ]
