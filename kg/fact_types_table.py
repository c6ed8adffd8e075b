"""The fact types' specs, one row per event class of the ontology, in the ontology's order.

GENERATED FILE: do not edit. Generated from ontology/dipkg.ttl by `python -m kg.vocab_gen`;
kg.fact_types reads it. Row: (fact type, event class, shortcut property, symmetric, acts for, colour).
"""

TABLE: tuple[tuple[str, str, str | None, bool, str, str], ...] = (
    ("visit", "Visit", "visited", False, "any", "#1f77b4"),
    ("meeting", "Meeting", "met", True, "any", "#17becf"),
    ("position", "PositionTenure", "holdsPositionIn", False, "any", "#7f7f7f"),
    ("membership", "Membership", None, False, "states", "#8c564b"),
    ("agreement", "Agreement", "signedAgreementWith", True, "states", "#2ca02c"),
    ("cooperation", "Cooperation", "cooperatesWith", True, "states", "#98df8a"),
    ("trade", "TradeFlow", "exportsTo", False, "states", "#bcbd22"),
    ("support", "Support", "supports", False, "persons", "#9467bd"),
    ("opposition", "Opposition", "opposes", False, "persons", "#ff7f0e"),
    ("accusation", "Accusation", "accused", False, "persons", "#e377c2"),
    ("military_aid", "MilitaryAid", "suppliedArmsTo", False, "states", "#d62728"),
    ("sanction", "Sanction", "sanctioned", False, "states", "#8b0000"),
    ("conflict", "Conflict", "inConflictWith", True, "states", "#000000"),
)
