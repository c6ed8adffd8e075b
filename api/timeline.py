"""The timeline view at /timeline?entity=&with=: an entity's (or a pair's) facts per month, by type.

Facts come from KnowledgeGraph.facts (the latest TIMELINE_FACTS); grouping happens here, like
kg.analytics.timeline but for one entity too and always by month.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from api import params
from api.resolve import resolve_entity
from kg import analytics, viz
from kg.model import FACT_TYPES, Fact

bp = Blueprint("timeline", __name__)
# The latest facts drawn (per direction for a pair): a bounded read however busy the entity is.
TIMELINE_FACTS = 2000


def _described(kg: Any, entity_id: str) -> dict[str, Any]:
    return kg.describe_many([entity_id]).get(entity_id) or {"id": entity_id, "label": entity_id}


@bp.errorhandler(HTTPException)
def _html_error(exc: HTTPException) -> tuple[str, int]:
    code = exc.code or 500
    return render_template("error.html", code=code, name=exc.name, detail=exc.description), code


def monthly(facts: list[Fact]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Facts dated to a month or day, grouped by month (every month between the first and the last,
    empty ones included) with counts per type; and the facts dated only to a year or not at all."""
    by_month: dict[str, list[Fact]] = {}
    vague = []
    for fact in facts:
        if fact.date and len(fact.date) >= 7:
            by_month.setdefault(fact.date[:7], []).append(fact)
        else:
            vague.append(analytics.fact_record(fact))
    months = []
    if by_month:
        first, last = min(by_month), max(by_month)
        year, month = int(first[:4]), int(first[5:7])
        while f"{year:04d}-{month:02d}" <= last:
            key = f"{year:04d}-{month:02d}"
            group = sorted(by_month.get(key, []), key=lambda f: (f.date or "", f.type, f.id))
            counts = {t: sum(1 for f in group if f.type == t) for t in FACT_TYPES}
            months.append(
                {
                    "month": key,
                    "counts": {t: n for t, n in counts.items() if n},
                    "facts": [analytics.fact_record(f) for f in group],
                }
            )
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months, vague


@bp.get("/timeline")
def timeline() -> str:
    """Bars per month stacked by fact type; clicking a bar lists its facts."""
    params.reject_unknown(request.args, ("entity", "with"))
    kg = current_app.extensions["kg"]
    entity = other = None
    months: list[dict[str, Any]] = []
    vague: list[dict[str, Any]] = []
    if params.text(request.args, "entity"):
        entity_id = resolve_entity(kg, request.args.get("entity"), param="entity")
        entity = _described(kg, entity_id)
        if params.text(request.args, "with"):
            other_id = resolve_entity(kg, request.args.get("with"), param="with")
            other = _described(kg, other_id)
            chosen = kg.facts(subject=entity_id, object=other_id, limit=TIMELINE_FACTS, order="-date")
            chosen += kg.facts(subject=other_id, object=entity_id, limit=TIMELINE_FACTS, order="-date")
            chosen = list({f.id: f for f in chosen}.values())
        else:
            chosen = kg.facts(either=entity_id, limit=TIMELINE_FACTS, order="-date")
        months, vague = monthly(chosen)
    return render_template(
        "timeline.html",
        entity=entity,
        other=other,
        months=months,
        vague=vague,
        data=viz.script_json({"months": months, "colors": viz.TYPE_COLORS, "types": list(FACT_TYPES)}),
        type_colors=viz.TYPE_COLORS,
        type_label=viz.type_label,
    )
