"""The OpenAPI 3.0 document of the REST API, served at /openapi.json and rendered by Swagger UI at /docs.

Hand-written (the API is small); tests/test_api_rest.py checks that every Flask rule under /api is
documented here and vice versa, and runs schemathesis against it. OpenAPI 3.0 rather than 3.1
because the bundled Swagger UI (swagger-ui-bundle, 4.x) renders 3.0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import swagger_ui_bundle
from flask import Blueprint, Response, jsonify, render_template, send_from_directory
from werkzeug.exceptions import NotFound

from kg.model import ENTITY_KINDS, FACT_TYPES, MODALITIES

bp = Blueprint("openapi", __name__)

SWAGGER_DIR = Path(swagger_ui_bundle.swagger_ui_path)
# Only what /docs loads is served: the bundle directory also holds source maps and demo pages.
DOCS_ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png", "favicon-16x16.png"})

ENTITY_DESC = (
    "An entity id (`country/IRN`, `person/aleksandr-lukashenko`), its IRI, or a name or alias ('Iran')."
)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _query(name: str, description: str, schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _ok(schema: str, description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _entity_param(name: str, example: str, required: bool = False) -> dict[str, Any]:
    schema = {"type": "string", "pattern": r"\S", "maxLength": 200}
    return {**_query(name, ENTITY_DESC, schema, required), "example": example}


DATE = {
    "type": "string",
    "pattern": r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
    "description": "YYYY, YYYY-MM or YYYY-MM-DD (a real date); a partial date covers its whole period.",
    "example": "2024-03",
}
NULLABLE_STRING = {"type": "string", "nullable": True}
QUERY_TEXT = {"type": "string", "pattern": r"\S", "maxLength": 200}
LIMIT_OFFSET = [
    _query("limit", "Most results to return.", {"type": "integer", "minimum": 1, "maximum": 1000}),
    _query(
        "offset", "Results to skip (for paging).", {"type": "integer", "minimum": 0, "maximum": 10_000_000}
    ),
]
FILTERS = [
    _query("type", "Fact type.", {"type": "string", "enum": list(FACT_TYPES)}),
    _query("modality", "Modality.", {"type": "string", "enum": list(MODALITIES)}),
    _query("since", "Facts dated in or after this (partial) ISO date.", DATE),
    _query("until", "Facts dated in or before this (partial) ISO date.", DATE),
]
# The analytics routes take several types (`type=meeting&type=visit`) and a lowest confidence too.
ANALYTICS_FILTERS = [
    {
        **_query(
            "type",
            "Only facts of these types (repeat the parameter for several).",
            {"type": "array", "items": {"type": "string", "enum": list(FACT_TYPES)}},
        ),
        "style": "form",
        "explode": True,
    },
    *FILTERS[1:],
    _query("min_confidence", "Lowest confidence.", {"type": "number", "minimum": 0, "maximum": 1}),
]
# The sample article shipped in seeds/ (what `make run` loads): the docs' examples work against it.
SAMPLE_ARTICLE = "belarus-iran-2025-08-20"
ENTITY_PATH = {
    "name": "entity",
    "in": "path",
    "required": True,
    "description": ENTITY_DESC + " The slash of an id may be sent as is or as %2F.",
    "schema": {"type": "string", "pattern": r"\S", "maxLength": 200},
    "example": "country/IRN",
}
ARTICLE_PATH = {
    "name": "article",
    "in": "path",
    "required": True,
    "description": "Article id (its file name without extension).",
    "schema": {"type": "string", "maxLength": 128},
    "example": SAMPLE_ARTICLE,
}
BAD = _error("Invalid parameter (the detail says which and why)")
UNKNOWN_ENTITY = _error("No entity with that id, name or alias")
UNKNOWN_ARTICLE = _error("No article with that id")

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "detail"],
        "properties": {"error": {"type": "string"}, "detail": {"type": "string"}},
    },
    "EntityRef": {
        "type": "object",
        "nullable": True,
        "required": ["id", "label", "kind"],
        "properties": {
            "id": {"type": "string"},
            "label": {"type": "string"},
            "kind": {"type": "string", "enum": list(ENTITY_KINDS)},
            "qid": NULLABLE_STRING,
            "aliases": {"type": "array", "items": {"type": "string"}},
            "country": NULLABLE_STRING,
        },
    },
    "Fact": {
        "type": "object",
        "required": [
            "id",
            "article",
            "type",
            "subject",
            "object",
            "date",
            "modality",
            "evidence",
            "confidence",
        ],
        "properties": {
            "id": {"type": "string"},
            "article": {"type": "string"},
            "type": {"type": "string", "enum": list(FACT_TYPES)},
            "subject": _ref("EntityRef"),
            "object": _ref("EntityRef"),
            "date": NULLABLE_STRING,
            "modality": {"type": "string", "enum": list(MODALITIES)},
            "attributes": {"type": "object"},
            "evidence": {"type": "string"},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "span": {"type": "array", "items": {"type": "integer"}},
        },
    },
    "EntityHit": {
        "type": "object",
        "required": ["id", "label", "kind"],
        "properties": {"id": {"type": "string"}, "label": {"type": "string"}, "kind": {"type": "string"}},
    },
    "EntitySearch": {
        "type": "object",
        "required": ["query", "count", "entities"],
        "properties": {
            "query": {"type": "string"},
            "kind": NULLABLE_STRING,
            "count": {"type": "integer"},
            "entities": {"type": "array", "items": _ref("EntityHit")},
        },
    },
    "EntityDetail": {
        "type": "object",
        "required": ["id", "positions", "memberships", "relation_counts"],
        "properties": {
            "id": {"type": "string"},
            "label": {"type": "string"},
            "kind": {"type": "string"},
            "qid": NULLABLE_STRING,
            "country": NULLABLE_STRING,
            "positions": {"type": "array", "items": {"type": "object"}},
            "memberships": {"type": "array", "items": {"type": "object"}},
            "relation_counts": {
                "type": "object",
                "description": "Per fact type: as subject (outgoing) and as object (incoming).",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "outgoing": {"type": "integer"},
                        "incoming": {"type": "integer"},
                        "total": {"type": "integer"},
                    },
                },
            },
        },
    },
    "EntityRelations": {
        "type": "object",
        "required": ["entity", "count", "relations"],
        "properties": {
            "entity": {"type": "object"},
            "count": {"type": "integer"},
            "relations": {
                "type": "object",
                "description": "Per fact type: as subject (outgoing) and as object (incoming).",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "outgoing": {"type": "array", "items": _ref("Fact")},
                        "incoming": {"type": "array", "items": _ref("Fact")},
                    },
                },
            },
        },
    },
    "FactList": {
        "type": "object",
        "required": ["count", "limit", "offset", "relations"],
        "properties": {
            "count": {"type": "integer"},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "relations": {"type": "array", "items": _ref("Fact")},
        },
    },
    "Path": {
        "type": "object",
        "required": ["from", "to", "found", "hops"],
        "properties": {
            "from": {"type": "string"},
            "to": {"type": "string"},
            "max_hops": {"type": "integer"},
            "found": {"type": "boolean"},
            "hops": {
                "type": "array",
                "description": "Consecutive hops source -> target, each with every fact between them.",
                "items": {
                    "type": "object",
                    "required": ["source", "target", "facts"],
                    "properties": {
                        "source": {"type": "string"},
                        "target": {"type": "string"},
                        "facts": {"type": "array", "items": {"type": "object"}},
                    },
                },
            },
        },
    },
    "ArticleSummary": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string"},
            "title": NULLABLE_STRING,
            "published": NULLABLE_STRING,
            "source": NULLABLE_STRING,
            "facts": {"type": "integer"},
        },
    },
    "ArticleList": {
        "type": "object",
        "required": ["total", "count", "articles"],
        "properties": {
            "total": {"type": "integer"},
            "count": {"type": "integer"},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "articles": {"type": "array", "items": _ref("ArticleSummary")},
        },
    },
    "ArticleDetail": {
        "type": "object",
        "required": ["id", "text", "facts"],
        "properties": {
            "id": {"type": "string"},
            "title": NULLABLE_STRING,
            "published": NULLABLE_STRING,
            "text": {"type": "string"},
            "facts": {"type": "array", "items": _ref("Fact")},
        },
    },
    "ArticleInput": {
        "type": "object",
        "description": "Exactly one of `text` or `html`.",
        "properties": {
            "text": {"type": "string"},
            "html": {"type": "string"},
            "format": {
                "type": "string",
                "enum": ["txt", "md"],
                "description": "The markup of `text`: plain (default) or Markdown.",
            },
            "published": {"type": "string", "format": "date", "example": "2025-08-20"},
            "id": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$"},
            "title": {"type": "string"},
            "source": {"type": "string"},
        },
        "additionalProperties": False,
    },
    "ArticleCreated": {
        "type": "object",
        "required": ["id", "count", "facts", "replaced"],
        "properties": {
            "id": {"type": "string"},
            "replaced": {"type": "boolean", "description": "True if an article with this id was replaced."},
            "count": {"type": "integer"},
            "facts": {"type": "array", "items": _ref("Fact")},
        },
    },
    "Deleted": {
        "type": "object",
        "required": ["id", "deleted"],
        "properties": {"id": {"type": "string"}, "deleted": {"type": "boolean"}},
    },
    "Stats": {"type": "object", "description": "Counts by fact type and entity kind, articles and triples."},
    "AnalyticsFilters": {
        "type": "object",
        "description": "The filters the answer was computed under, as understood.",
        "required": ["type", "modality", "since", "until", "min_confidence"],
        "properties": {
            "type": {"type": "array", "items": {"type": "string", "enum": list(FACT_TYPES)}},
            "modality": {"type": "string", "enum": list(MODALITIES), "nullable": True},
            "since": NULLABLE_STRING,
            "until": NULLABLE_STRING,
            "min_confidence": {"type": "number", "nullable": True},
        },
    },
    "Centrality": {
        "type": "object",
        "required": ["filters", "kind", "top", "nodes", "edges", "betweenness_samples", "entities"],
        "properties": {
            "filters": _ref("AnalyticsFilters"),
            "kind": {"type": "string", "enum": list(ENTITY_KINDS), "nullable": True},
            "top": {"type": "integer"},
            "nodes": {"type": "integer", "description": "Entities in the filtered entity graph."},
            "edges": {"type": "integer", "description": "Related pairs of entities in it."},
            "betweenness_samples": {
                "type": "integer",
                "nullable": True,
                "description": "Sources betweenness was estimated from on a large graph; null when exact.",
            },
            "entities": {
                "type": "array",
                "description": "Most central first: by degree centrality, then betweenness, then facts.",
                "items": {
                    "type": "object",
                    "required": [
                        "id",
                        "label",
                        "kind",
                        "degree",
                        "facts",
                        "degree_centrality",
                        "betweenness",
                    ],
                    "properties": {
                        "id": {"type": "string"},
                        "label": {"type": "string"},
                        "kind": {"type": "string", "nullable": True},
                        "degree": {"type": "integer", "description": "Entities directly related."},
                        "facts": {"type": "integer", "description": "Facts relating it to others."},
                        "degree_centrality": {"type": "number", "minimum": 0},
                        "betweenness": {"type": "number", "minimum": 0},
                    },
                },
            },
        },
    },
    "Member": {
        "type": "object",
        "required": ["id", "label", "kind"],
        "properties": {
            "id": {"type": "string"},
            "label": {"type": "string"},
            "kind": {"type": "string", "nullable": True},
        },
    },
    "Communities": {
        "type": "object",
        "required": ["filters", "limit", "nodes", "edges", "count", "communities"],
        "properties": {
            "filters": _ref("AnalyticsFilters"),
            "limit": {"type": "integer"},
            "nodes": {"type": "integer"},
            "edges": {"type": "integer"},
            "count": {"type": "integer", "description": "Communities found (all, not only those listed)."},
            "communities": {
                "type": "array",
                "description": "Largest first.",
                "items": {
                    "type": "object",
                    "required": ["rank", "size", "facts", "members"],
                    "properties": {
                        "rank": {"type": "integer", "minimum": 1},
                        "size": {"type": "integer", "minimum": 1},
                        "facts": {"type": "integer", "description": "Facts between its members."},
                        "members": {
                            "type": "array",
                            "description": "Its first `members` members, most related first.",
                            "items": _ref("Member"),
                        },
                    },
                },
            },
        },
    },
    "Timeline": {
        "type": "object",
        "required": ["a", "b", "filters", "granularity", "total", "periods"],
        "properties": {
            "a": {"type": "string"},
            "b": {"type": "string"},
            "filters": _ref("AnalyticsFilters"),
            "granularity": {"type": "string", "enum": ["year", "month"]},
            "total": {"type": "integer", "description": "Facts between a and b (the sum of the counts)."},
            "periods": {
                "type": "array",
                "description": (
                    "Ascending; a fact dated only to a coarser period counts under it ('2024' among "
                    "months); undated facts last, under period null."
                ),
                "items": {
                    "type": "object",
                    "required": ["period", "count", "types"],
                    "properties": {
                        "period": NULLABLE_STRING,
                        "count": {"type": "integer", "minimum": 1},
                        "types": {"type": "object", "additionalProperties": {"type": "integer"}},
                    },
                },
            },
        },
    },
    "Actor": {
        "type": "object",
        "required": ["id", "label", "kind", "side"],
        "properties": {
            "id": {"type": "string"},
            "label": {"type": "string"},
            "kind": {"type": "string", "nullable": True},
            "side": {
                "type": "array",
                "items": {"type": "string"},
                "description": "The actor and, for a country, persons stated to hold office in it.",
            },
        },
    },
    "Shared": {
        "type": "object",
        "required": ["id", "label", "kind", "facts_a", "facts_b"],
        "properties": {
            "id": {"type": "string"},
            "label": {"type": "string"},
            "kind": {"type": "string", "nullable": True},
            "facts_a": {"type": "integer", "minimum": 1},
            "facts_b": {"type": "integer", "minimum": 1},
        },
    },
    "Between": {
        "type": "object",
        "required": ["subject", "object", "subject_label", "object_label", "type", "facts", "first", "last"],
        "properties": {
            "subject": {"type": "string"},
            "object": {"type": "string"},
            "subject_label": {"type": "string"},
            "object_label": {"type": "string"},
            "type": {"type": "string", "enum": list(FACT_TYPES)},
            "facts": {"type": "integer", "minimum": 1},
            "first": NULLABLE_STRING,
            "last": NULLABLE_STRING,
        },
    },
    "Alignment": {
        "type": "object",
        "required": [
            "a",
            "b",
            "filters",
            "summary",
            "shared_memberships",
            "meetings",
            "agreements",
            "common_opponents",
            "common_partners",
        ],
        "properties": {
            "a": _ref("Actor"),
            "b": _ref("Actor"),
            "filters": _ref("AnalyticsFilters"),
            "summary": {
                "type": "object",
                "description": (
                    "Counts of each kind of evidence, and `score`: the mean over the five kinds of "
                    "n / (n + 1), in [0, 1); 0 is nothing in common, one of each kind gives 0.5."
                ),
                "required": [
                    "shared_memberships",
                    "meetings",
                    "agreements",
                    "common_opponents",
                    "common_partners",
                    "score",
                ],
                "properties": {
                    "shared_memberships": {"type": "integer"},
                    "meetings": {"type": "integer"},
                    "agreements": {"type": "integer"},
                    "common_opponents": {"type": "integer"},
                    "common_partners": {"type": "integer"},
                    "score": {"type": "number", "minimum": 0, "maximum": 1},
                },
            },
            "shared_memberships": {"type": "array", "items": _ref("Shared")},
            "meetings": {"type": "array", "items": _ref("Between")},
            "agreements": {"type": "array", "items": _ref("Between")},
            "common_opponents": {"type": "array", "items": _ref("Shared")},
            "common_partners": {"type": "array", "items": _ref("Shared")},
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/entities": {
        "get": {
            "summary": "Search entities by name or alias, best match first",
            "operationId": "searchEntities",
            "tags": ["entities"],
            "parameters": [
                {
                    **_query("q", "Name, alias or part of one.", QUERY_TEXT, True),
                    "example": "Lukash",
                },
                _query("kind", "Entity kind.", {"type": "string", "enum": list(ENTITY_KINDS)}),
                _query("limit", "Most results.", {"type": "integer", "minimum": 1, "maximum": 100}),
            ],
            "responses": {"200": _ok("EntitySearch"), "400": BAD},
        }
    },
    "/api/entities/{entity}": {
        "get": {
            "summary": "One entity: labels, kind, QID, country, positions, memberships, relation counts",
            "operationId": "getEntity",
            "tags": ["entities"],
            "parameters": [ENTITY_PATH],
            "responses": {"200": _ok("EntityDetail"), "400": BAD, "404": UNKNOWN_ENTITY},
        }
    },
    "/api/entities/{entity}/relations": {
        "get": {
            "summary": "An entity's facts grouped by type, in both directions",
            "operationId": "getEntityRelations",
            "tags": ["entities"],
            "parameters": [
                ENTITY_PATH,
                *FILTERS,
                _query(
                    "limit", "Most facts per direction.", {"type": "integer", "minimum": 1, "maximum": 5000}
                ),
            ],
            "responses": {"200": _ok("EntityRelations"), "400": BAD, "404": UNKNOWN_ENTITY},
        }
    },
    "/api/relations": {
        "get": {
            "summary": "Facts: participants, date, modality, attributes, confidence, evidence, article",
            "operationId": "listRelations",
            "tags": ["relations"],
            "parameters": [
                _entity_param("subject", "Iran"),
                _entity_param("object", "country/BLR"),
                {
                    **_entity_param("entity", "Iran"),
                    "description": "Entity on either end (id, IRI or name).",
                },
                {
                    **_entity_param("with", "Belarus"),
                    "description": "With `entity`: the facts between the two (alone: as `entity`).",
                },
                *FILTERS,
                {
                    **_query(
                        "article", "Article id.", {"type": "string", "pattern": r"\S", "maxLength": 128}
                    ),
                    "example": SAMPLE_ARTICLE,
                },
                _query(
                    "min_confidence", "Lowest confidence.", {"type": "number", "minimum": 0, "maximum": 1}
                ),
                *LIMIT_OFFSET,
                _query(
                    "format",
                    "`csv` for one row per fact (also chosen by `Accept: text/csv`); JSON otherwise.",
                    {"type": "string", "enum": ["json", "csv"]},
                ),
            ],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {
                        "application/json": {"schema": _ref("FactList")},
                        "text/csv": {"schema": {"type": "string"}},
                    },
                },
                "400": BAD,
                "404": _error("Unknown entity or article"),
            },
        }
    },
    "/api/path": {
        "get": {
            "summary": "How two entities are connected: a shortest chain of facts with evidence",
            "operationId": "connectionPath",
            "tags": ["relations"],
            "parameters": [
                _entity_param("from", "Lukashenko", required=True),
                _entity_param("to", "Ukraine", required=True),
                _query(
                    "max_hops", "Longest chain considered.", {"type": "integer", "minimum": 1, "maximum": 6}
                ),
            ],
            "responses": {"200": _ok("Path"), "400": BAD, "404": UNKNOWN_ENTITY},
        }
    },
    "/api/articles": {
        "get": {
            "summary": "Articles in the graph, with their fact counts",
            "operationId": "listArticles",
            "tags": ["articles"],
            "parameters": LIMIT_OFFSET,
            "responses": {"200": _ok("ArticleList"), "400": BAD},
        },
        "post": {
            "summary": "Add (or replace) an article: extract its facts and store them",
            "operationId": "createArticle",
            "tags": ["articles"],
            "security": [{"bearerAuth": []}],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("ArticleInput")}},
            },
            "responses": {
                "201": _ok("ArticleCreated", "Stored; the body lists the extracted facts"),
                "400": _error("Invalid body, or text that is empty or not text"),
                "401": _error("Missing or wrong bearer token"),
                "429": _error("Too many wrong tokens from this address; see Retry-After"),
                "403": _error("Writes are disabled (no KG_API_TOKEN configured)"),
                "413": _error("Article or request too large"),
                "422": _error(
                    "Not extracted, nothing stored: the text is not prose (mostly not letters, or long runs "
                    "without spaces), or its extraction passed KG_EXTRACT_TIMEOUT or KG_EXTRACT_MEMORY"
                ),
                "503": _error(
                    "The extraction model could not be loaded, or every extraction worker stayed busy "
                    "(see Retry-After)"
                ),
            },
        },
    },
    "/api/articles/{article}": {
        "get": {
            "summary": "One article: text, published date and its facts",
            "operationId": "getArticle",
            "tags": ["articles"],
            "parameters": [ARTICLE_PATH],
            "responses": {"200": _ok("ArticleDetail"), "400": BAD, "404": UNKNOWN_ARTICLE},
        },
        "delete": {
            "summary": "Remove an article and its facts",
            "operationId": "deleteArticle",
            "tags": ["articles"],
            "security": [{"bearerAuth": []}],
            "parameters": [ARTICLE_PATH],
            "responses": {
                "200": _ok("Deleted"),
                "400": BAD,
                "401": _error("Missing or wrong bearer token"),
                "429": _error("Too many wrong tokens from this address; see Retry-After"),
                "403": _error("Writes are disabled (no KG_API_TOKEN configured)"),
                "404": UNKNOWN_ARTICLE,
            },
        },
    },
    "/api/stats": {
        "get": {
            "summary": "Counts by fact type and entity kind, articles and triples",
            "operationId": "stats",
            "tags": ["stats"],
            "responses": {"200": _ok("Stats"), "400": BAD},
        }
    },
    "/api/analytics/centrality": {
        "get": {
            "summary": "The most central entities of the (filtered) entity graph",
            "operationId": "analyticsCentrality",
            "tags": ["analytics"],
            "parameters": [
                _query("top", "How many entities.", {"type": "integer", "minimum": 1, "maximum": 200}),
                _query("kind", "Only entities of this kind.", {"type": "string", "enum": list(ENTITY_KINDS)}),
                *ANALYTICS_FILTERS,
            ],
            "responses": {"200": _ok("Centrality"), "400": BAD},
        }
    },
    "/api/analytics/communities": {
        "get": {
            "summary": "Communities of densely related entities (Leiden, weighted by facts), largest first",
            "operationId": "analyticsCommunities",
            "tags": ["analytics"],
            "parameters": [
                _query(
                    "limit", "Most communities listed.", {"type": "integer", "minimum": 1, "maximum": 200}
                ),
                _query(
                    "members",
                    "Most members listed per community.",
                    {"type": "integer", "minimum": 1, "maximum": 1000},
                ),
                *ANALYTICS_FILTERS,
            ],
            "responses": {"200": _ok("Communities"), "400": BAD},
        }
    },
    "/api/analytics/timeline": {
        "get": {
            "summary": "Facts between two entities per year or month",
            "operationId": "analyticsTimeline",
            "tags": ["analytics"],
            "parameters": [
                _entity_param("a", "Iran", required=True),
                _entity_param("b", "Belarus", required=True),
                _query(
                    "granularity",
                    "Period length (default year).",
                    {"type": "string", "enum": ["year", "month"]},
                ),
                *ANALYTICS_FILTERS,
            ],
            "responses": {"200": _ok("Timeline"), "400": BAD, "404": UNKNOWN_ENTITY},
        }
    },
    "/api/analytics/alignment": {
        "get": {
            "summary": "How aligned two actors are: shared memberships, meetings, agreements, common "
            "opponents and partners",
            "operationId": "analyticsAlignment",
            "tags": ["analytics"],
            "parameters": [
                _entity_param("a", "Iran", required=True),
                _entity_param("b", "Belarus", required=True),
                *ANALYTICS_FILTERS,
            ],
            "responses": {"200": _ok("Alignment"), "400": BAD, "404": UNKNOWN_ENTITY},
        }
    },
    "/api/backup": {
        "post": {
            "summary": "Write a consistent copy of the served store under KG_BACKUP_DIR",
            "operationId": "backup",
            "tags": ["admin"],
            "security": [{"bearerAuth": []}],
            "responses": {
                "201": {
                    "description": "Where the copy was written",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"path": {"type": "string"}},
                                "required": ["path"],
                            }
                        }
                    },
                },
                "401": _error("Missing or wrong bearer token"),
                "429": _error("Too many wrong tokens from this address; see Retry-After"),
                "403": _error("Writes or backups are disabled (no KG_API_TOKEN or KG_BACKUP_DIR)"),
                "409": _error("The store cannot be backed up (e.g. not a directory store)"),
            },
        }
    },
}


def document() -> dict[str, Any]:
    """The OpenAPI 3.0 document (a fresh dict: callers may modify it)."""
    import copy  # noqa: PLC0415

    return {
        "openapi": "3.0.3",
        "info": {
            "title": "dipkg REST API",
            "version": "0.1.0",
            "description": (
                'Diplomatic relations extracted from news, as JSON. Errors are `{"error", "detail"}`. '
                "Wherever a parameter names an entity it takes an id, an IRI, or a name or alias. "
                "The SPARQL 1.1 endpoint is at `/sparql`."
            ),
        },
        "paths": copy.deepcopy(PATHS),
        "components": {
            "schemas": copy.deepcopy(SCHEMAS),
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The server's KG_API_TOKEN.",
                }
            },
        },
    }


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(document())


@bp.get("/docs")
def docs() -> str:
    return render_template("docs.html")


@bp.get("/docs/assets/<path:filename>")
def docs_asset(filename: str) -> Response:
    if filename not in DOCS_ASSETS:
        raise NotFound(f"no documentation asset {filename[:60]!r}")
    return send_from_directory(SWAGGER_DIR, filename)
