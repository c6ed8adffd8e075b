"""Analytics over REST under /api/analytics: centrality, communities, a pair's timeline and alignment.

The store computes them from SPARQL aggregates (kg.store.network_analytics) and caches each answer until the
next write. Parameters are checked in api/params.py, entities resolved by api/resolve.py, so bad
input is a 400 and an unknown entity a 404, as on the other REST routes.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import BadRequest

from api import params
from api.resolve import resolve_entity
from kg.model import ENTITY_KINDS, FACT_TYPES, MODALITIES
from kg.store import network_analytics as network
from kg.store.reads import FactFilter

bp = Blueprint("analytics_api", __name__)

FILTERS = ("type", "modality", "since", "until", "min_confidence")
MAX_TOP = 200
MAX_COMMUNITIES = 200
MAX_MEMBERS = 1000


def _kg() -> Any:
    return current_app.extensions["kg"]


def _selection(allowed: tuple[str, ...]) -> FactFilter:
    """Check every parameter (only `type` may repeat) and build the facts filter all four share."""
    args = request.args
    params.reject_unknown(args, (*FILTERS, *allowed))
    params.reject_repeated(args, repeatable=("type",))
    params.reject_empty(args)
    types = []
    for value in args.getlist("type"):
        if value.strip() not in FACT_TYPES:
            raise BadRequest(f"unknown type {value[:40]!r}; expected one of: {', '.join(FACT_TYPES)}")
        types.append(value.strip())
    modality = params.choice(args, "modality", MODALITIES)
    since, until = params.date_range(args)
    return FactFilter(
        types=tuple(sorted(set(types))),
        modalities=(modality,) if modality else (),
        since=since,
        until=until,
        min_confidence=params.number(args, "min_confidence", 0.0, 1.0),
    )


def _filters_json(selection: FactFilter) -> dict[str, Any]:
    return {
        "type": list(selection.types),
        "modality": selection.modalities[0] if selection.modalities else None,
        "since": selection.since,
        "until": selection.until,
        "min_confidence": selection.min_confidence,
    }


def _pair() -> tuple[str, str]:
    """The two entities `a` and `b`, resolved; 400 when they are the same entity."""
    kg = _kg()  # resolve_entity checks existence with the store's one-query kind look-up
    a = resolve_entity(kg, request.args.get("a"), "a")
    b = resolve_entity(kg, request.args.get("b"), "b")
    if a == b:
        raise BadRequest(f"'a' and 'b' name the same entity ({a}): give two different entities")
    return a, b


@bp.get("/api/analytics/centrality")
def centrality() -> Response:
    selection = _selection(("top", "kind"))
    top = params.integer(request.args, "top", 20, 1, MAX_TOP)
    kind = params.choice(request.args, "kind", ENTITY_KINDS)
    result = network.centrality(_kg(), selection, kind=kind, top=top)
    return jsonify(filters=_filters_json(selection), kind=kind, top=top, **result)


@bp.get("/api/analytics/communities")
def communities() -> Response:
    selection = _selection(("limit", "members"))
    limit = params.integer(request.args, "limit", 20, 1, MAX_COMMUNITIES)
    members = params.integer(request.args, "members", 50, 1, MAX_MEMBERS)
    result = network.communities(_kg(), selection, limit=limit, members=members)
    return jsonify(filters=_filters_json(selection), limit=limit, **result)


@bp.get("/api/analytics/timeline")
def timeline() -> Response:
    selection = _selection(("a", "b", "granularity"))
    granularity = params.choice(request.args, "granularity", ("year", "month")) or "year"
    a, b = _pair()
    result = network.timeline(_kg(), selection, a, b, granularity)
    return jsonify(a=a, b=b, filters=_filters_json(selection), **result)


@bp.get("/api/analytics/alignment")
def alignment() -> Response:
    selection = _selection(("a", "b"))
    a, b = _pair()
    result = network.alignment(_kg(), selection, a, b)
    return jsonify(filters=_filters_json(selection), **result)
