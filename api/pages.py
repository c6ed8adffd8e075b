"""HTML pages: the index with entity search, the interactive graph view, entity and article pages.

Every asset is served by the app itself (api/static), so the pages work without internet access.
Errors raised here render as HTML pages (400 with the reason, 404 saying what was not found).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.exceptions import BadRequest, HTTPException, NotFound
from werkzeug.wrappers import Response

from api import params
from api.errors import html_error
from api.resolve import ID_PATTERN, resolve_entity
from kg import analytics, viz
from kg.model import FACT_TYPES, MODALITIES, Fact
from kg.store import network, reads

bp = Blueprint("pages", __name__)

GRAPH_PARAMS = ("center", "depth", "types", "since", "until", "modality", "size", "colour")
# Community colours for `colour=community`, one per community in order of size (then repeating).
COMMUNITY_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#ad494a",
)
MAX_DEPTH = 4
DEFAULT_DEPTH = 2
SEARCH_LIMIT = 20
# An entity page lists this many of its facts; the facts table pages through the rest.
ENTITY_FACTS = 500
# Facts drawn on /graph at most (parallel facts collapse into one edge per pair and type group).
GRAPH_EDGE_CAP = 300


def _kg() -> Any:
    return current_app.extensions["kg"]


bp.register_error_handler(HTTPException, html_error)  # pages answer errors as HTML (the API: JSON)


def _multi(args: Any, name: str, choices: tuple[str, ...]) -> list[str]:
    """A repeatable parameter (checkboxes) that may also be comma-separated; 400 for an unknown value."""
    values = [v.strip() for raw in args.getlist(name) for v in raw.split(",") if v.strip()]
    unknown = [v for v in values if v not in choices]
    if unknown:
        raise BadRequest(f"unknown {name} {unknown[0][:40]!r}; expected any of: {', '.join(choices)}")
    return sorted(set(values), key=choices.index)


def graph_filters(args: Any) -> dict[str, Any]:
    """Validated /graph parameters (center still unresolved); BadRequest with the reason otherwise."""
    params.reject_unknown(args, GRAPH_PARAMS)
    since, until = params.date_range(args)
    if since and until and analytics.period_bounds(since)[0] > analytics.period_bounds(until)[1]:
        # The REST API answers an inverted range with nothing; a form user is better told why.
        raise BadRequest(f"'since' ({since}) is after 'until' ({until})")
    return {
        "center": params.text(args, "center"),
        "depth": params.integer(args, "depth", DEFAULT_DEPTH, 1, MAX_DEPTH),
        "types": _multi(args, "types", FACT_TYPES),
        "since": since,
        "until": until,
        "modality": _multi(args, "modality", MODALITIES),
        "size": params.choice(args, "size", ("degree", "centrality")) or "degree",
        "colour": params.choice(args, "colour", ("kind", "community")) or "kind",
    }


def _mark_network(kg: Any, nodes: list[dict[str, Any]], filters: dict[str, Any]) -> None:
    """Give the drawn nodes their store-wide betweenness (`size=centrality`) or their community's
    colour (`colour=community`), both computed on the whole entity graph under the page's filters."""
    from kg.store import network_analytics as network  # noqa: PLC0415  (networkx loads only when asked)
    from kg.store.reads import FactFilter  # noqa: PLC0415

    selection = FactFilter(
        types=tuple(filters["types"]),
        modalities=tuple(filters["modality"]),
        since=filters["since"],
        until=filters["until"],
    )
    if filters["size"] == "centrality":
        scores = network.betweenness_of(kg, selection)
        for node in nodes:
            node["centrality"] = scores.get(str(node["id"]), 0.0)
    if filters["colour"] == "community":
        groups = network.community_of(kg, selection)
        for node in nodes:
            group = groups.get(str(node["id"]))
            if group is not None:
                node["community"] = group + 1
                node["color"] = COMMUNITY_COLOURS[group % len(COMMUNITY_COLOURS)]


def _facts_of(kg: Any, entity_id: str) -> tuple[list[Fact], int]:
    """The entity's facts (either end) in the store's order, at most ENTITY_FACTS, and how many in all."""
    return kg.facts(either=entity_id, limit=ENTITY_FACTS), kg.count_facts(either=entity_id)


@bp.get("/")
def index() -> str:
    """Start page: search entities by name, and links to the graph, SPARQL and the API docs."""
    query = params.text(request.args, "q")
    kg = _kg()
    results = kg.search_entities(query, limit=SEARCH_LIMIT) if query else []
    central = network.central_entities(kg, 10)
    return render_template("index.html", query=query or "", results=results, central=central)


@bp.get("/graph")
def graph() -> str:
    """The neighbourhood of `center` (or the whole graph up to the node cap) as an interactive network."""
    filters = graph_filters(request.args)
    kg = _kg()
    center = None
    if filters["center"]:
        center_id = resolve_entity(kg, filters["center"], param="center")
        center = kg.describe_many([center_id]).get(center_id) or {"id": center_id, "label": center_id}
    cap = int(current_app.config.get("GRAPH_NODE_CAP") or 300)
    nodes, edges, trimmed = network.drawn_neighbourhood(
        kg,
        center["id"] if center else None,
        depth=filters["depth"],
        selection=reads.fact_filter(
            type=filters["types"] or None,
            since=filters["since"],
            until=filters["until"],
            modality=filters["modality"] or None,
        ),
        cap=cap,
        edge_cap=int(current_app.config.get("GRAPH_EDGE_CAP") or GRAPH_EDGE_CAP),
    )
    if center and not nodes:
        # A known entity with no relation passing the filters is still drawn, alone.
        nodes = [{"id": center["id"], "label": center.get("label"), "kind": center.get("kind"), "degree": 0}]
    data = viz.network_data(nodes, edges, center["id"] if center else None)
    if filters["size"] != "degree" or filters["colour"] != "kind":
        _mark_network(kg, data["nodes"], filters)
    return render_template(
        "graph.html",
        center=center,
        filters=filters,
        fact_types=FACT_TYPES,
        modalities=MODALITIES,
        max_depth=MAX_DEPTH,
        cap=cap,
        trimmed=trimmed,
        node_count=len(nodes),
        edge_count=len(edges),
        graph_json=viz.script_json(data),
        kind_style=viz.KIND_STYLE,
        type_colors=viz.TYPE_COLORS,
    )


@bp.get("/entity/<path:entity_id>")
def entity(entity_id: str) -> str | Response:
    """Labels, positions, memberships and relations of one entity, each relation with its evidence."""
    kg = _kg()
    record = kg.entity(entity_id) if ID_PATTERN.match(entity_id) else None
    if record is None:
        # A name, alias or IRI gets redirected to the canonical id's page (404 if nothing matches).
        resolved = resolve_entity(kg, entity_id, param="entity")
        if resolved == entity_id:
            raise NotFound(f"no entity with id {entity_id!r}")
        return redirect(url_for("pages.entity", entity_id=resolved))
    facts, total = _facts_of(kg, entity_id)
    groups: dict[str, list[dict[str, Any]]] = {}
    for fact in sorted(facts, key=lambda f: (FACT_TYPES.index(f.type), f.date or "9999", f.id)):
        row = analytics.fact_record(fact)
        row["outgoing"] = row["subject"] == entity_id
        row["other"], row["other_label"] = (
            (row["object"], row["object_label"])
            if row["outgoing"]
            else (row["subject"], row["subject_label"])
        )
        groups.setdefault(fact.type, []).append(row)
    return render_template(
        "entity.html",
        entity=record,
        groups=groups,
        shown=len(facts),
        total=total,
        summary=_summary_rows(record),
        type_label=viz.type_label,
    )


def _summary_rows(record: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Positions and memberships of the store's entity record, each seen from this entity's side."""
    me = record["id"]
    positions = []
    for row in record.get("positions") or []:
        key = "country" if row.get("country") and row.get("country") != me else "person"
        positions.append(
            {**row, "other": row.get(key), "other_label": row.get(f"{key}_label"), "value": row.get("role")}
        )
    memberships = []
    for row in record.get("memberships") or []:
        key = "organization" if row.get("organization") and row.get("organization") != me else "member"
        memberships.append(
            {**row, "other": row.get(key), "other_label": row.get(f"{key}_label"), "value": row.get("status")}
        )
    return {"positions": positions, "memberships": memberships}


@bp.get("/article/<path:article_id>")
def article(article_id: str) -> str:
    """An article's text with its facts' evidence marked in place (rendered by api/articles_page.py)."""
    from api.articles_page import render_article  # noqa: PLC0415

    return render_article(article_id)
