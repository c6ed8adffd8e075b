"""The facts table at /facts: filter, sort and page the stored facts, or download them as CSV, JSON or Turtle.

Every filter is a KnowledgeGraph.facts argument; the entity filter (either end) asks the store twice
(as subject, as object) and merges the two ordered pages, so a page costs what it shows.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.exceptions import BadRequest, HTTPException, NotFound

from api import params
from api.errors import html_error
from api.resolve import resolve_entity
from kg import analytics, viz
from kg.model import FACT_TYPES, MODALITIES, Article, Fact

bp = Blueprint("facts", __name__)

FILTERS = ("entity", "role", "type", "modality", "since", "until", "article", "min_confidence")
ROLES = ("any", "subject", "object")
ORDERS = {
    "date": "date, oldest first",
    "-date": "date, newest first",
    "-confidence": "confidence, highest first",
    "confidence": "confidence, lowest first",
    "type": "type",
    "article": "article, in text order",
}
PAGE_SIZES = (25, 50, 100, 200)
FORMATS = ("html", "csv", "json", "ttl")
EXPORT_LIMIT = 10_000
CSV_COLUMNS = (
    "id",
    "type",
    "subject",
    "subject_label",
    "object",
    "object_label",
    "date",
    "modality",
    "confidence",
    "attributes",
    "evidence",
    "article",
)


def _kg() -> Any:
    return current_app.extensions["kg"]


bp.register_error_handler(HTTPException, html_error)  # pages answer errors as HTML


def table_filters(args: Any) -> dict[str, Any]:
    """Validated /facts parameters; empty form fields count as absent, anything malformed is a 400."""
    params.reject_unknown(args, (*FILTERS, "order", "limit", "offset", "format"))
    params.reject_repeated(args)
    since, until = params.date_range(args)
    article = params.text(args, "article")
    return {
        "entity": params.text(args, "entity"),
        "role": params.choice(args, "role", ROLES) or "any",
        "type": params.choice(args, "type", FACT_TYPES),
        "modality": params.choice(args, "modality", MODALITIES),
        "since": since,
        "until": until,
        "article": params.article_id(article) if article else None,
        "min_confidence": params.number(args, "min_confidence", 0.0, 1.0),
    }


def _store_filters(filters: dict[str, Any]) -> dict[str, Any]:
    return {k: filters[k] for k in ("type", "modality", "since", "until", "article", "min_confidence")}


def fact_page(
    kg: Any, filters: dict[str, Any], entity_id: str | None, order: str, limit: int, offset: int
) -> tuple[list[Fact], int]:
    """One ordered page of the matching facts and how many match in all."""
    store = _store_filters(filters)
    role = filters["role"]
    if entity_id is None:
        return kg.facts(limit=limit, offset=offset, order=order, **store), kg.count_facts(**store)
    side = "either" if role == "any" else role
    return (
        kg.facts(**{side: entity_id}, limit=limit, offset=offset, order=order, **store),
        kg.count_facts(**{side: entity_id}, **store),
    )


ARTICLE_CHOICES = 200  # articles offered in the filter's list; any other id can be typed in the URL


def _article_choices(kg: Any, chosen: str | None) -> list[dict[str, Any]]:
    """The first stored articles for the filter's list, and the chosen one if it is not among them."""
    found = kg.articles(limit=ARTICLE_CHOICES, with_counts=False)
    if chosen and all(a["id"] != chosen for a in found):
        found += [a for a in [kg.get_article(chosen)] if a]
    return found


@bp.get("/facts")
def facts() -> str | Response:
    """The facts table (HTML), or every matching fact as CSV, JSON or Turtle with `format=`."""
    args = request.args
    filters = table_filters(args)
    order = params.choice(args, "order", tuple(ORDERS)) or "date"
    fmt = params.choice(args, "format", FORMATS) or "html"
    kg = _kg()
    entity = None
    entity_id: str | None = None
    if filters["entity"]:
        entity_id = resolve_entity(kg, filters["entity"], param="entity")
        entity = kg.describe_many([entity_id]).get(entity_id) or {"id": entity_id, "label": entity_id}
    if filters["article"] and kg.get_article(filters["article"]) is None:
        raise NotFound(f"no article with id {filters['article']!r}")
    if fmt != "html":
        rows, total = fact_page(kg, filters, entity_id, order, EXPORT_LIMIT, 0)
        return _export(rows, total, fmt)
    limit = params.integer(args, "limit", 50, 1, max(PAGE_SIZES))
    offset = params.integer(args, "offset", 0, 0, 10_000_000)
    rows, total = fact_page(kg, filters, entity_id, order, limit, offset)
    query = {k: v for k, v in args.items() if v.strip() and k not in ("offset", "format")}

    def page_url(**changes: Any) -> str:
        merged = {**query, **{k: str(v) for k, v in changes.items()}}
        if merged.get("offset") == "0":
            del merged["offset"]
        return "/facts?" + urlencode(merged)

    return render_template(
        "facts.html",
        filters=filters,
        entity=entity,
        order=order,
        orders=ORDERS,
        limit=limit,
        offset=offset,
        total=total,
        rows=[analytics.fact_record(f) for f in rows],
        fact_types=FACT_TYPES,
        modalities=MODALITIES,
        roles=ROLES,
        page_sizes=PAGE_SIZES,
        articles=_article_choices(kg, filters["article"]),
        type_label=viz.type_label,
        prev_url=page_url(offset=max(offset - limit, 0)) if offset > 0 else None,
        next_url=page_url(offset=offset + limit) if offset + limit < total else None,
        export_urls={f: page_url(format=f) for f in ("csv", "json", "ttl")},
    )


def facts_csv(rows: list[Fact]) -> str:
    """Facts as CSV, one row each (attributes as a JSON object), the columns of CSV_COLUMNS."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for fact in rows:
        record = analytics.fact_record(fact)
        record["attributes"] = json.dumps(record["attributes"], ensure_ascii=False, sort_keys=True)
        writer.writerow(record)
    return out.getvalue()


def facts_turtle(rows: list[Fact]) -> bytes:
    """The facts' event nodes, entities and provenance as Turtle, one article graph's triples per article."""
    from kg import rdf  # noqa: PLC0415

    by_article: dict[str, list[Fact]] = {}
    for fact in rows:
        by_article.setdefault(fact.article, []).append(fact)
    graph = rdf.new_graph()
    for article_id, facts_of in by_article.items():
        graph += rdf.article_graph(Article(id=article_id, text=""), facts_of)
    return graph.serialize(format="turtle").encode("utf-8")


def _export(rows: list[Fact], total: int, fmt: str) -> Response:
    headers = {"X-Total-Count": str(total)}
    if total > len(rows):
        headers["X-Truncated"] = f"first {len(rows)} of {total}"
    if fmt == "csv":
        body: str | bytes = facts_csv(rows)
        mimetype = "text/csv"
    elif fmt == "json":
        body = json.dumps(
            {"total": total, "count": len(rows), "facts": [f.to_dict(with_id=True) for f in rows]}
        )
        mimetype = "application/json"
    elif fmt == "ttl":
        body = facts_turtle(rows)
        mimetype = "text/turtle"
    else:  # pragma: no cover  (table_filters validated the format)
        raise BadRequest(f"unknown format {fmt!r}")
    headers["Content-Disposition"] = f'attachment; filename="facts.{fmt}"'
    return Response(body, mimetype=mimetype, headers=headers)
