"""The timeline view at /timeline?entity=&with=: an entity's (or a pair's) facts per month, by type.

The store counts the facts per month and type (KnowledgeGraph.fact_months); a click on a bar asks
/api/relations for that month's facts, so the page costs its bars, not the entity's facts.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from api import params
from api.errors import html_error
from api.resolve import resolve_entity
from kg import viz
from kg.model import FACT_TYPES

bp = Blueprint("timeline", __name__)


def _described(kg: Any, entity_id: str) -> dict[str, Any]:
    return kg.describe_many([entity_id]).get(entity_id) or {"id": entity_id, "label": entity_id}


bp.register_error_handler(HTTPException, html_error)  # pages answer errors as HTML


def monthly(counts: dict[str, dict[str, int]]) -> tuple[list[dict[str, Any]], int]:
    """Every month between the first and the last dated one (empty ones included) with its facts per
    type, from KnowledgeGraph.fact_months; and how many facts are dated only to a year or not at all."""
    vague = sum(counts.get("", {}).values())
    dated = sorted(m for m in counts if m)
    months = []
    if dated:
        year, month = int(dated[0][:4]), int(dated[0][5:7])
        while f"{year:04d}-{month:02d}" <= dated[-1]:
            key = f"{year:04d}-{month:02d}"
            by_type = counts.get(key, {})
            months.append({"month": key, "counts": {t: by_type[t] for t in FACT_TYPES if by_type.get(t)}})
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months, vague


@bp.get("/timeline")
def timeline() -> str:
    """Bars per month stacked by fact type; clicking a bar lists its facts."""
    params.reject_unknown(request.args, ("entity", "with"))
    kg = current_app.extensions["kg"]
    entity = other = None
    months: list[dict[str, Any]] = []
    vague = 0
    if params.text(request.args, "entity"):
        entity_id = resolve_entity(kg, request.args.get("entity"), param="entity")
        entity = _described(kg, entity_id)
        filters = {"either": entity_id}
        if params.text(request.args, "with"):
            other_id = resolve_entity(kg, request.args.get("with"), param="with")
            other = _described(kg, other_id)
            filters["other"] = other_id
        months, vague = monthly(kg.fact_months(**filters))
    return render_template(
        "timeline.html",
        entity=entity,
        other=other,
        months=months,
        vague=vague,
        data=viz.script_json(
            {
                "months": months,
                "colors": viz.TYPE_COLORS,
                "types": list(FACT_TYPES),
                "entity": entity["id"] if entity else None,
                "with": other["id"] if other else None,
            }
        ),
        type_colors=viz.TYPE_COLORS,
        type_label=viz.type_label,
    )
