"""Reference entity ruler: every name, variant, demonym, capital, seat and abbreviation of the
reference knowledge as a spaCy pattern whose `id` is the entity's local id.

Placed after the trained NER with `overwrite_ents`, so that reference knowledge wins where the
model is wrong ("Yerevan" as PERSON, "Minsk" as ORG, "Pezeshkian" as NORP).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span

from kg.model import Entity
from kg.reference import Reference, load_reference

# Entity kind -> the label the ruler gives its spans.
KIND_LABEL = {"country": "COUNTRY", "organization": "ORG", "person": "PERSON", "bloc": "BLOC"}
LABEL_KIND = {v: k for k, v in KIND_LABEL.items()}

_MIN_SURNAME = 4


def _strip_article(text: str) -> str:
    return re.sub(r"^(the|The)\s+", "", text.strip())


def _variants(text: str) -> set[str]:
    """Surface variants worth matching: as written, without a leading article, possessive-free."""
    base = _strip_article(text)
    out = {base}
    if base.isupper() or len(base) <= 3:
        return out
    out.add(base.replace("’", "'"))
    return {v for v in out if v}


def reference_patterns(ref: Reference) -> list[dict]:
    """Entity-ruler patterns for the reference's surface forms, plus unambiguous leader surnames."""
    patterns: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def add(text: str, label: str, ent_id: str) -> None:
        for variant in _variants(text):
            key = (variant, ent_id)
            if key in seen or not variant:
                continue
            seen.add(key)
            patterns.append({"label": label, "pattern": variant, "id": ent_id})

    surnames: dict[str, set[str]] = {}
    people: dict[str, Entity] = {}
    for form in ref.surface_forms():
        entity = form.entity
        if form.form == "surname":
            surnames.setdefault(form.text, set()).add(entity.id)
            people[entity.id] = entity
            continue
        add(form.text, KIND_LABEL[entity.kind], entity.id)
    for surname, ids in surnames.items():
        # A bare surname shared by several office holders, or a short one, is too ambiguous to tag.
        if len(ids) == 1 and len(surname) >= _MIN_SURNAME and surname[0].isupper():
            add(surname, "PERSON", next(iter(ids)))
    return patterns


class ReferenceRuler:
    """The EntityRuler of the reference's patterns, keeping the regions the model tagged as a whole:
    "Latin America", "the South China Sea", "the Korean Peninsula" are places of their own, not the
    country a word inside them names (a LOC span no pattern matches whole keeps its words)."""

    def __init__(self, ruler: EntityRuler) -> None:
        self.ruler = ruler

    def __call__(self, doc: Doc) -> Doc:
        regions = [e for e in doc.ents if e.label_ == "LOC" and len(e) > 1]
        doc = self.ruler(doc)
        if not regions:
            return doc
        ents = list(doc.ents)
        for region in regions:
            inside = [
                e
                for e in ents
                if region.start <= e.start
                and e.end <= region.end
                and (e.start, e.end) != (region.start, region.end)
                and e.label_ in ("COUNTRY", "NORP", "GPE")
            ]
            if not inside or any(
                e.start < region.start < e.end or e.start < region.end < e.end for e in ents
            ):
                continue  # a pattern reaching out of the region: the reference's reading stands
            ents = [
                e for e in ents if e not in inside and not (e.start == region.start and e.end == region.end)
            ]
            ents.append(Span(doc, region.start, region.end, label="LOC"))
        doc.ents = sorted(ents, key=lambda e: e.start)
        return doc


@Language.factory(
    "dipkg_reference_ruler",
    default_config={"overwrite_ents": True},
)
def make_reference_ruler(nlp: Language, name: str, overwrite_ents: bool) -> ReferenceRuler:
    """An EntityRuler loaded with the reference knowledge's patterns (case-sensitive phrases)."""
    ruler = EntityRuler(nlp, name=name, phrase_matcher_attr="ORTH", overwrite_ents=overwrite_ents)
    ruler.add_patterns(reference_patterns(load_reference()))
    return ReferenceRuler(ruler)
