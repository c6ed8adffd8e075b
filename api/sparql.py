"""The read-only SPARQL 1.1 Protocol endpoint `/sparql`, with content negotiation and a query page.

Queries arrive by GET, form-encoded POST or `application/sparql-query` POST; the union of all graphs
is the default graph unless `default-graph-uri` / `named-graph-uri` say otherwise. A browser that
prefers HTML gets the query page (api/templates/sparql.html) with the results rendered server-side,
so it works without JavaScript and without internet.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, render_template, request

from api import examples
from api.errors import ApiError

bp = Blueprint("sparql", __name__)

JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
HTML = "text/html"

# What each result kind can be serialized as, default first (the default answers */* and no Accept).
OFFERED: dict[str, tuple[str, ...]] = {
    "bindings": (JSON_RESULTS, XML_RESULTS, CSV, TSV),
    "boolean": (JSON_RESULTS, XML_RESULTS, CSV, TSV),
    "graph": (TURTLE, NTRIPLES, JSONLD, RDFXML),
}
# Other names clients use for the same formats (SPARQLWrapper asks for application/json, for one).
ALIASES: dict[str, dict[str, str]] = {
    "bindings": {"application/json": JSON_RESULTS, "application/xml": XML_RESULTS, "text/xml": XML_RESULTS},
    "graph": {
        "application/turtle": TURTLE,
        "application/x-turtle": TURTLE,
        "text/n3": TURTLE,  # Turtle is a subset of N3, so an N3 parser reads it
        "text/plain": NTRIPLES,
        "application/json": JSONLD,
        "application/xml": RDFXML,
        "text/xml": RDFXML,
    },
}
ALIASES["boolean"] = ALIASES["bindings"]
# The `format` (or `output`) parameter: short names as sent by SPARQLWrapper, Virtuoso-style clients, links.
FORMAT_NAMES: dict[str, dict[str, str]] = {
    "bindings": {"json": JSON_RESULTS, "xml": XML_RESULTS, "csv": CSV, "tsv": TSV},
    "graph": {
        "turtle": TURTLE,
        "ttl": TURTLE,
        "n3": TURTLE,
        "nt": NTRIPLES,
        "ntriples": NTRIPLES,
        "n-triples": NTRIPLES,
        "json-ld": JSONLD,
        "jsonld": JSONLD,
        "json": JSONLD,
        "xml": RDFXML,
        "rdf": RDFXML,
        "rdfxml": RDFXML,
        "rdf+xml": RDFXML,
    },
}
FORMAT_NAMES["boolean"] = FORMAT_NAMES["bindings"]
FORMAT_PARAMS = ("format", "output")

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
READ_ONLY = "This endpoint is read-only: SPARQL Update is not accepted."


@dataclass
class ProtocolRequest:
    """A query request as the protocol defines it, whichever of the three forms it came in."""

    query: str | None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """SPARQL 1.1 Protocol query operation (read-only), or the query page for browsers."""
    req = parse_request()
    html = not req.formats and prefers_html()
    if req.query is None:
        if html:
            return _page(status=200)
        raise ApiError(400, "missing query", "Send a SPARQL query in the `query` parameter or body.")
    if not html and not req.formats and _best(_all_offered()) is None:
        # Refuse before running anything when no format at all could satisfy the client.
        raise ApiError(406, "not acceptable", _not_acceptable_detail())
    try:
        result = run_query(req)
        if html:
            return _page(query=req.query, result=result)
        mime = choose_format(result.kind, req.formats)
        body = result.serialize(mime)
    except ApiError as exc:
        if html:
            return _page(query=req.query, error=exc)
        raise
    return _response(body, mime)


_running: dict[str, int] = {}
_running_lock = threading.Lock()


@contextmanager
def _client_slot() -> Iterator[None]:
    """Count the client's running queries; past KG_QUERY_PER_CLIENT the request is refused with 429."""
    from kg import settings  # noqa: PLC0415

    limit = int(_positive(current_app.config.get("QUERY_PER_CLIENT")) or settings.get("query_per_client"))
    client = request.remote_addr or "?"
    with _running_lock:
        if _running.get(client, 0) >= limit:
            raise ApiError(
                429,
                "too many queries",
                f"This client already has {limit} queries running (setting KG_QUERY_PER_CLIENT); "
                "wait for one to finish.",
                {"Retry-After": "1"},
            )
        _running[client] = _running.get(client, 0) + 1
    try:
        yield
    finally:
        with _running_lock:
            _running[client] -= 1
            if not _running[client]:
                del _running[client]


def run_query(req: ProtocolRequest) -> Any:
    """Run the query on the store with the configured time and row limits; store errors -> ApiError."""
    from kg import settings  # noqa: PLC0415
    from kg.store import QueryError, QueryRefused, QueryTimeout, StoreError, TooManyRows  # noqa: PLC0415
    from kg.store.sparql import QueryFailed, QueryTooComplex, ResultTooLarge, ServiceBusy  # noqa: PLC0415

    config = current_app.config
    timeout = _positive(config.get("QUERY_TIMEOUT")) or float(settings.get("query_timeout"))
    max_rows = int(_positive(config.get("RESULT_LIMIT")) or settings.get("result_limit"))
    store = current_app.extensions["kg"]
    try:
        with _client_slot():
            return store.sparql(
                req.query,
                default_graphs=req.default_graphs or None,
                named_graphs=req.named_graphs or None,
                timeout=timeout,
                max_rows=max_rows,
            )
    except QueryTooComplex as exc:
        raise ApiError(400, "query too complex", _message(exc, "The query is too long or too deep.")) from exc
    except ResultTooLarge as exc:
        detail = (
            f"{_message(exc, 'The result is too large')} (setting KG_RESULT_MAX_BYTES); narrow the query."
        )
        raise ApiError(400, "result too large", detail) from exc
    except QueryFailed as exc:
        raise ApiError(503, "query failed", _message(exc, "The query could not be evaluated.")) from exc
    except ServiceBusy as exc:
        raise ApiError(
            503, "busy", _message(exc, "Every query worker is busy."), {"Retry-After": "5"}
        ) from exc
    except QueryRefused as exc:
        raise ApiError(403, "query refused", _message(exc, "This endpoint is read-only.")) from exc
    except QueryTimeout as exc:
        detail = (
            f"Stopped after {timeout:g} s (setting KG_QUERY_TIMEOUT): {_message(exc, 'time limit reached')}. "
            "Narrow the query or add a LIMIT."
        )
        raise ApiError(503, "query timeout", detail) from exc
    except TooManyRows as exc:
        detail = (
            f"The result has more than {max_rows} rows (setting KG_RESULT_LIMIT); "
            "add a LIMIT (and OFFSET to page through it)."
        )
        raise ApiError(400, "too many results", detail) from exc
    except QueryError as exc:
        raise ApiError(400, "malformed query", _message(exc, "The query could not be parsed.")) from exc
    except StoreError as exc:  # e.g. a remote store that does not answer
        raise ApiError(503, "store unavailable", _message(exc, "The graph store did not answer.")) from exc


def parse_request() -> ProtocolRequest:
    """Read query, graph URIs and format from a GET, a form POST or a `sparql-query` POST."""
    params = request.args
    if request.method == "POST":
        ctype = request.mimetype
        if ctype == UPDATE_TYPE:
            raise ApiError(403, "update refused", READ_ONLY)
        if ctype == QUERY_TYPE:
            if "query" in request.args:
                raise ApiError(400, "ambiguous query", "Send the query in the body or in `query`, not both.")
            return _collect(request.args, _body_text())
        if ctype not in FORM_TYPES:
            detail = (
                f"POST a query as {QUERY_TYPE} or form-encoded ({FORM_TYPES[0]}), not {ctype or 'no type'}."
            )
            raise ApiError(415, "unsupported media type", detail)
        params = request.values  # form fields, plus any in the query string
    if "update" in params:
        raise ApiError(403, "update refused", READ_ONLY)
    queries = params.getlist("query")
    if len(queries) > 1:
        raise ApiError(400, "ambiguous query", "Send exactly one `query` parameter.")
    return _collect(params, queries[0] if queries else None)


def _collect(params: Any, query: str | None) -> ProtocolRequest:
    if query is not None and not query.strip():
        raise ApiError(400, "missing query", "The `query` parameter is empty.")
    formats = [v.strip().lower() for name in FORMAT_PARAMS for v in params.getlist(name) if v.strip()]
    return ProtocolRequest(
        query=query,
        default_graphs=[_graph_uri(u, "default-graph-uri") for u in params.getlist("default-graph-uri")],
        named_graphs=[_graph_uri(u, "named-graph-uri") for u in params.getlist("named-graph-uri")],
        formats=formats,
    )


def _body_text() -> str:
    try:
        return request.get_data(cache=True).decode(request.mimetype_params.get("charset", "utf-8"))
    except (UnicodeDecodeError, LookupError) as exc:
        raise ApiError(400, "bad encoding", f"The query body is not valid text: {exc}.") from exc


def _graph_uri(value: str, name: str) -> str:
    """Graph names must be absolute IRIs; anything else is a client error, not an empty result."""
    value = value.strip()
    parts = urlsplit(value)
    if not parts.scheme or any(c in value for c in ' <>"{}|\\^`'):
        raise ApiError(400, "bad graph uri", f"`{name}` must be an absolute IRI, got {value!r}.")
    return value


def prefers_html() -> bool:
    """True for browsers: text/html ranks above every SPARQL result format in their Accept header."""
    accept = request.accept_mimetypes
    if not accept:
        return False
    return _best((*_all_offered(), HTML)) == HTML


def choose_format(kind: str, formats: list[str]) -> str:
    """The media type to answer a `kind` result with: the `format` parameter first, else Accept."""
    if formats:
        names = FORMAT_NAMES[kind]
        offered = OFFERED[kind]
        for value in formats:
            mime = names.get(value) or ALIASES[kind].get(value) or (value if value in offered else None)
            if mime:
                return mime
        raise ApiError(406, "not acceptable", _not_acceptable_detail(kind, f"format={formats[0]}"))
    offered_and_aliases = (*OFFERED[kind], *ALIASES[kind])
    best = _best(offered_and_aliases)
    if best is None:
        raise ApiError(406, "not acceptable", _not_acceptable_detail(kind))
    return ALIASES[kind].get(best, best)


def _best(candidates: tuple[str, ...]) -> str | None:
    accept = request.accept_mimetypes
    if not accept:  # no Accept header means anything goes: the first (default) candidate
        return candidates[0]
    return accept.best_match(candidates)


def _all_offered() -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for kind in OFFERED:
        seen.update(dict.fromkeys(OFFERED[kind]))
        seen.update(dict.fromkeys(ALIASES[kind]))
    return tuple(seen)


def _not_acceptable_detail(kind: str | None = None, asked: str | None = None) -> str:
    asked = asked or f"Accept: {request.headers.get('Accept', '')}"
    kinds = [kind] if kind else ["bindings", "graph"]
    lines = {
        "bindings": "SELECT/ASK: " + ", ".join(OFFERED["bindings"]),
        "boolean": "ASK: " + ", ".join(OFFERED["boolean"]),
        "graph": "CONSTRUCT/DESCRIBE: " + ", ".join(OFFERED["graph"]),
    }
    return f"Cannot answer {asked}. Offered for " + "; ".join(lines[k] for k in kinds) + "."


def _response(body: bytes, mime: str) -> Response:
    content_type = mime if mime == JSONLD else f"{mime}; charset=utf-8"
    response = Response(body, content_type=content_type)
    response.vary.add("Accept")
    # Scripts of other sites may read results only where the operator allows it (KG_CORS_ORIGIN): a page a
    # local user opens must not be able to drive a service bound to loopback.
    origin = _cors_origin()
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        if origin != "*":
            response.vary.add("Origin")
    return response


def _cors_origin() -> str:
    from kg import settings  # noqa: PLC0415

    configured = current_app.config.get("CORS_ORIGIN")
    return str(configured if configured is not None else settings.get("cors_origin")).strip()


def _page(
    *, query: str | None = None, result: Any = None, error: ApiError | None = None, status: int | None = None
) -> Response:
    """The query page: editor, prefixes, examples and (if a query ran) its results or error."""
    table = rendered_result(result) if result is not None else None
    prefix_block = examples.prefix_block()
    html = render_template(
        "sparql.html",
        query=query if query is not None else prefix_block + "\nSELECT * WHERE { ?s ?p ?o } LIMIT 10\n",
        prefixes=examples.prefixes(),
        examples=examples.example_queries(),
        table=table,
        error=error,
        downloads=_download_formats(result.kind) if result is not None else [],
    )
    code = status or (error.code if error is not None else 200)
    response = Response(html, status=code, content_type="text/html; charset=utf-8")
    response.vary.add("Accept")
    return response


def _download_formats(kind: str) -> list[tuple[str, str]]:
    labels = {JSON_RESULTS: "JSON", XML_RESULTS: "XML", CSV: "CSV", TSV: "TSV"}
    labels |= {TURTLE: "Turtle", NTRIPLES: "N-Triples", JSONLD: "JSON-LD", RDFXML: "RDF/XML"}
    names = {mime: name for name, mime in reversed(FORMAT_NAMES[kind].items())}
    return [(labels[m], names[m]) for m in OFFERED[kind]]


def rendered_result(result: Any) -> dict[str, Any]:
    """Result as the template shows it: a table of compacted terms, a boolean, or Turtle text."""
    if result.kind == "graph":
        return {"kind": "graph", "text": result.serialize(TURTLE).decode("utf-8")}
    data = json.loads(result.serialize(JSON_RESULTS))
    if result.kind == "boolean":
        return {"kind": "boolean", "value": bool(data.get("boolean"))}
    columns = list(data["head"].get("vars", []))
    rows = [[_cell(binding.get(var)) for var in columns] for binding in data["results"]["bindings"]]
    return {"kind": "bindings", "columns": columns, "rows": rows}


def _cell(term: dict[str, Any] | None) -> dict[str, str]:
    if term is None:
        return {"text": "", "title": "unbound"}
    if term["type"] == "uri":
        return {"text": examples.compact(term["value"]), "title": term["value"]}
    if term["type"] == "bnode":
        return {"text": "_:" + term["value"], "title": "blank node"}
    title = term.get("datatype") or (f"@{term['xml:lang']}" if "xml:lang" in term else "string")
    return {"text": term["value"], "title": examples.compact(title)}


def _positive(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _message(exc: Exception, fallback: str) -> str:
    text = str(exc).strip()
    return text or fallback
