"""The fact types: one spec each, read from the ontology's event classes.

Each event class of ontology/dipkg.ttl with a `skos:notation` is a fact type. Its spec says what the
rest of the code needs to know about it: the shortcut property an asserted fact implies
(`dip:shortcut`), whether that relation is symmetric (the shortcut is an `owl:SymmetricProperty`),
whose act it is (`dip:actsFor`: persons who speak, states, or anyone) and the colour it is drawn in
(`dip:displayColour`). The table lives in kg/fact_types_table.py, generated from the ontology by
`python -m kg.vocab_gen`, so that adding a fact type means its ontology class and its reader module.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.fact_types_table import TABLE


@dataclass(frozen=True)
class FactType:
    name: str  # the contract's fact type ("military_aid")
    event_class: str  # local name of its ontology class ("MilitaryAid")
    shortcut: str | None  # local name of the shortcut property of asserted facts ("suppliedArmsTo")
    symmetric: bool  # both ends play the same part (a meeting, an agreement)
    acts_for: str  # "persons" (stances spoken by persons), "states" (acts of countries) or "any"
    colour: str  # the edge colour of the graph view


SPECS: dict[str, FactType] = {row[0]: FactType(*row) for row in TABLE}
FACT_TYPES: tuple[str, ...] = tuple(SPECS)
SYMMETRIC_TYPES = frozenset(name for name, spec in SPECS.items() if spec.symmetric)
PERSON_ACTS = frozenset(name for name, spec in SPECS.items() if spec.acts_for == "persons")
STATE_ACTS = frozenset(name for name, spec in SPECS.items() if spec.acts_for == "states")
