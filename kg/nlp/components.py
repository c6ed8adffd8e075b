"""The relations component and the Doc extensions the extractor's components share."""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from kg.dates import resolve_date
from kg.model import Fact
from kg.reference import load_reference


def register_extensions() -> None:
    for name in ("mentions", "facts"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class RelationsComponent:
    """Reads facts off a linked Doc into doc._.facts, merged within the article."""

    def __init__(self) -> None:
        from kg.nlp.relations import RelationReader

        self.reader = RelationReader(load_reference())

    def __call__(self, doc: Doc) -> Doc:
        article_id = doc.user_data.get("article_id") or "article"
        published = doc.user_data.get("published")
        facts = self.reader.read(doc, article_id, published, resolve_date)
        # Plain data only, so that Docs cross process boundaries (nlp.pipe with n_process > 1):
        # facts as contract dicts, and the linker's working state dropped.
        doc._.facts = [fact.to_dict(with_rule=True) for fact in merge_facts(facts)]
        doc._.mentions = None
        doc.user_data.pop("last_meeting", None)
        doc.user_data.pop("last_expelled", None)
        return doc


def merge_facts(facts: list[Fact]) -> list[Fact]:
    """One fact per relation: an article that repeats a relation states it once. Repeats with the same
    date merge; an undated repeat of a relation the article also dates is taken as the same event."""
    kept: dict[tuple, Fact] = {}
    for fact in facts:
        key = (*_relation_key(fact), fact.date)
        old = kept.get(key)
        if old is None:
            kept[key] = fact
        else:
            for k, v in fact.attributes.items():
                old.attributes.setdefault(k, v)
            old.confidence = max(old.confidence, fact.confidence)
    dated = {_relation_key(f) for f in kept.values() if f.date}
    merged = [f for f in kept.values() if f.date or _relation_key(f) not in dated]
    return _drop_country_echoes(_one_trip(merged))


def _one_trip(facts: list[Fact]) -> list[Fact]:
    """Visits of one person to one country dated a few days apart ("arrived on Wednesday", "signed
    on Thursday") are one trip, dated by its first day."""
    days: dict[tuple, list[date]] = {}
    for f in facts:
        if f.type == "visit" and f.date and len(f.date) == 10:
            days.setdefault(_relation_key(f), []).append(date.fromisoformat(f.date))

    def later_day_of_a_trip(f: Fact) -> bool:
        if f.type != "visit" or not f.date or len(f.date) != 10:
            return False
        day = date.fromisoformat(f.date)
        return any(0 < (day - other).days <= 3 for other in days[_relation_key(f)])

    return [f for f in facts if not later_day_of_a_trip(f)]


def _drop_country_echoes(facts: list[Fact]) -> list[Fact]:
    """A country-level meeting or visit that restates a person-level one of the same article
    ("the leaders of the two countries" beside "Trump met al-Sharaa") is the same event."""
    personal = set()
    for f in facts:
        if f.type in ("meeting", "visit", "support", "opposition", "accusation"):
            ends = tuple(
                e.country if e and e.kind in ("person", "country") else None for e in (f.subject, f.object)
            )
            if any(e and e.kind == "person" for e in (f.subject, f.object)):
                personal.add((f.type, ends))
                personal.add((f.type, ends[::-1]) if f.symmetric else (f.type, ends))
    out = []
    for f in facts:
        if f.type in ("meeting", "visit", "support", "opposition", "accusation") and all(
            e is None or e.kind == "country" for e in (f.subject, f.object)
        ):
            ends = tuple(e.country if e else None for e in (f.subject, f.object))
            if (f.type, ends) in personal:
                continue
        out.append(f)
    return out


def _relation_key(fact: Fact) -> tuple:
    ends = [e.id if e else "-" for e in (fact.subject, fact.object)]
    if fact.symmetric:
        ends.sort()
    # an observer who later became a member holds two relations, not one
    status = fact.attributes.get("status") if fact.type == "membership" else None
    return (fact.type, *ends, fact.modality, status)


@Language.factory("dipkg_relations")
def make_relations(nlp: Language, name: str) -> RelationsComponent:
    register_extensions()
    return RelationsComponent()
