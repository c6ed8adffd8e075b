"""REST API under /api: entities, relations, paths, articles and stats as JSON (documented in api/openapi.py).

Every parameter is validated in api/params.py, every entity parameter goes through
api/resolve.py, and values reach the store as arguments it binds as RDF terms.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
import time
from collections import defaultdict
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from werkzeug.exceptions import (
    BadRequest,
    Forbidden,
    NotFound,
    RequestEntityTooLarge,
    ServiceUnavailable,
    Unauthorized,
)

from api import openapi, params
from api.errors import ApiError
from api.resolve import resolve_entity
from kg.model import ENTITY_KINDS, FACT_TYPES, MODALITIES, Fact, slugify

bp = Blueprint("rest", __name__)
bp.register_blueprint(openapi.bp)

MAX_RELATIONS = 1000
MAX_ENTITY_RELATIONS = 5000
MAX_HOPS = 6
PATH_HOP_FACTS = 25  # facts listed per hop of a path and direction
POST_FIELDS = ("text", "html", "format", "published", "id", "title", "source")


def _kg() -> Any:
    return current_app.extensions["kg"]


def _check_args(allowed: tuple[str, ...]) -> None:
    """Every REST query parameter is known, given at most once, and not empty."""
    params.reject_unknown(request.args, allowed)
    params.reject_repeated(request.args)
    params.reject_empty(request.args)


@bp.after_request
def _challenge(response: Response) -> Response:
    # RFC 6750: a 401 names the scheme the client should use, whoever rendered the error body.
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="dipkg"'
    return response


# --- entities ---------------------------------------------------------------------------------------


@bp.get("/api/entities")
def search_entities() -> Response:
    _check_args(("q", "kind", "limit"))
    query = params.text(request.args, "q")
    if query is None:
        raise BadRequest("parameter 'q' is required: a name, alias or part of one")
    kind = params.choice(request.args, "kind", ENTITY_KINDS)
    limit = params.integer(request.args, "limit", 20, 1, 100)
    hits = _kg().search_entities(query, kind=kind, limit=limit)
    return jsonify(query=query, kind=kind, count=len(hits), entities=hits)


@bp.get("/api/entities/<path:entity>")
def get_entity(entity: str) -> Response:
    _check_args(())
    kg = _kg()
    entity_id = resolve_entity(kg, entity, "id")
    return jsonify(kg.entity(entity_id) or {"id": entity_id})


@bp.get("/api/entities/<path:entity>/relations")
def entity_relations(entity: str) -> Response:
    _check_args(("type", "modality", "since", "until", "limit"))
    kg = _kg()
    entity_id = resolve_entity(kg, entity, "id")
    filters = {
        "type": params.choice(request.args, "type", FACT_TYPES),
        "modality": params.choice(request.args, "modality", MODALITIES),
    }
    filters["since"], filters["until"] = params.date_range(request.args)
    limit = params.integer(request.args, "limit", 500, 1, MAX_ENTITY_RELATIONS)
    outgoing = kg.facts(subject=entity_id, limit=limit, **filters)
    incoming = kg.facts(object=entity_id, limit=limit, **filters)
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: {"outgoing": [], "incoming": []}
    )
    seen: set[str] = set()
    for direction, facts in (("outgoing", outgoing), ("incoming", incoming)):
        for fact in facts:
            if fact.id in seen:
                continue  # a self-loop is listed once, as outgoing
            seen.add(fact.id)
            grouped[fact.type][direction].append(fact.to_dict(with_id=True))
    info = kg.describe_many([entity_id]).get(entity_id, {})
    return jsonify(
        entity={"id": entity_id, "label": info.get("label"), "kind": info.get("kind")},
        count=len(seen),
        relations={t: grouped[t] for t in sorted(grouped)},
    )


# --- relations and paths ----------------------------------------------------------------------------


@bp.get("/api/relations")
def relations() -> Response:
    allowed = ("subject", "object", "type", "since", "until", "modality", "article", "min_confidence")
    _check_args((*allowed, "entity", "with", "limit", "offset", "format"))
    kg = _kg()
    args = request.args
    filters: dict[str, Any] = {
        "type": params.choice(args, "type", FACT_TYPES),
        "modality": params.choice(args, "modality", MODALITIES),
        "min_confidence": params.number(args, "min_confidence", 0.0, 1.0),
    }
    filters["since"], filters["until"] = params.date_range(args)
    for role in ("subject", "object"):
        if args.get(role) is not None:
            filters[role] = resolve_entity(kg, args.get(role), role)
    # `entity` and `with`: the facts between the two; either one alone: its facts, at either end.
    ends = [
        resolve_entity(kg, args.get(name), name) for name in ("entity", "with") if args.get(name) is not None
    ]
    if ends:
        filters["either"] = ends[0]
        if len(ends) == 2:
            filters["other"] = ends[1]
    if args.get("article") is not None:
        article = _known_article(args.get("article", ""))
        if kg.get_article(article) is None:
            raise NotFound(f"no article with id {article!r}")
        filters["article"] = article
    limit = params.integer(args, "limit", 100, 1, MAX_RELATIONS)
    offset = params.integer(args, "offset", 0, 0, 10_000_000)
    fmt = params.choice(args, "format", ("json", "csv")) or _preferred_format()
    facts = kg.facts(limit=limit, offset=offset, **filters)
    if fmt == "csv":
        return _csv_response(facts)
    return jsonify(
        count=len(facts), limit=limit, offset=offset, relations=[f.to_dict(with_id=True) for f in facts]
    )


def _preferred_format() -> str:
    """`csv` when the Accept header prefers text/csv to JSON, else `json`."""
    best = request.accept_mimetypes.best_match(["application/json", "text/csv"], default="application/json")
    return "csv" if best == "text/csv" else "json"


def _csv_response(facts: list[Fact]) -> Response:
    from api.facts_page import facts_csv  # noqa: PLC0415  (one CSV layout for the table and the API)

    return Response(facts_csv(facts), mimetype="text/csv", headers={"Vary": "Accept"})


@bp.get("/api/path")
def path() -> Response:
    from kg.analytics import connection_path  # noqa: PLC0415  (networkx loads only when asked)
    from kg.store.network import shortest_chain  # noqa: PLC0415

    _check_args(("from", "to", "max_hops"))
    kg = _kg()
    source = resolve_entity(kg, request.args.get("from"), "from")
    target = resolve_entity(kg, request.args.get("to"), "to")
    max_hops = params.integer(request.args, "max_hops", 4, 1, MAX_HOPS)
    # An entity is trivially connected to itself: found, with no hops.
    chain = shortest_chain(kg, source, target, max_hops)
    # The facts of each hop (both directions, the most confident first), then the chain they make.
    hop_facts = [
        fact
        for a, b in zip(chain, chain[1:], strict=False)
        for s, o in ((a, b), (b, a))
        for fact in kg.facts(subject=s, object=o, limit=PATH_HOP_FACTS, order="-confidence")
    ]
    hops = [] if source == target else connection_path(hop_facts, source, target, max_hops)
    found = source == target or bool(hops)
    return jsonify(**{"from": source, "to": target}, max_hops=max_hops, found=found, hops=hops)


# --- articles ---------------------------------------------------------------------------------------


@bp.get("/api/articles")
def list_articles() -> Response:
    _check_args(("limit", "offset"))
    limit = params.integer(request.args, "limit", 100, 1, 1000)
    offset = params.integer(request.args, "offset", 0, 0, 10_000_000)
    kg = _kg()
    page = kg.articles(limit=limit, offset=offset)
    return jsonify(total=kg.count_articles(), count=len(page), limit=limit, offset=offset, articles=page)


def _known_article(value: str) -> str:
    """The article id in the URL, or 404: a malformed id cannot name a stored article."""
    try:
        return params.article_id(value, "id")
    except BadRequest:
        raise NotFound(f"no article with id {value[:60]!r}") from None


@bp.get("/api/articles/<path:article>")
def get_article(article: str) -> Response:
    _check_args(())
    kg = _kg()
    article_id = _known_article(article)
    data = kg.get_article(article_id)
    if data is None:
        raise NotFound(f"no article with id {article_id!r}")
    # The store counts the facts; the API lists them.
    data = {**data, "facts": [f.to_dict(with_id=True) for f in kg.facts(article=article_id)]}
    return jsonify(data)


def require_token() -> None:
    """Writes need `Authorization: Bearer <KG_API_TOKEN>`; with no token configured they are refused."""
    expected = str(current_app.config.get("API_TOKEN") or "")
    if not expected:
        raise Forbidden("writes are disabled: the server has no API token configured (set KG_API_TOKEN)")
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("this endpoint needs the header 'Authorization: Bearer <KG_API_TOKEN>'")
    client = request.remote_addr or "?"
    _refuse_guessing(client)  # only presented tokens count: a guesser has to present them
    if not hmac.compare_digest(token.strip().encode("utf-8"), expected.encode("utf-8")):
        _count_failure(client)
        raise Unauthorized("invalid API token")


# Failed token attempts per client address in the last TOKEN_WINDOW seconds: past TOKEN_FAILURES the
# client is refused (429) until the window has passed, so a token cannot be guessed at line speed.
TOKEN_FAILURES = 10
TOKEN_WINDOW = 60.0
_failures_lock = threading.Lock()


def _failures() -> dict[str, list[float]]:
    """This app's failed attempts by client address (per app, so tests and apps do not share them)."""
    with _failures_lock:
        return current_app.extensions.setdefault("token_failures", {})  # type: ignore[no-any-return]


def _recent(failures: dict[str, list[float]], client: str, now: float) -> list[float]:
    times = [t for t in failures.get(client, ()) if now - t < TOKEN_WINDOW]
    if times:
        failures[client] = times
    else:
        failures.pop(client, None)
    return times


def _refuse_guessing(client: str) -> None:
    now = time.monotonic()
    failures = _failures()
    with _failures_lock:
        times = _recent(failures, client, now)
    if len(times) >= TOKEN_FAILURES:
        wait = int(TOKEN_WINDOW - (now - times[0])) + 1
        raise ApiError(
            429,
            "too many failed attempts",
            f"{len(times)} wrong tokens from this address in {TOKEN_WINDOW:g} s; try again in {wait} s.",
            {"Retry-After": str(wait)},
        )


def _count_failure(client: str) -> None:
    now = time.monotonic()
    failures = _failures()
    with _failures_lock:
        failures[client] = [*_recent(failures, client, now), now]


@bp.post("/api/articles")
def create_article() -> tuple[Response, int, dict[str, str]]:
    require_token()
    _check_args(())
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest(
            'the body must be a JSON object: {"text": ..., "published": "YYYY-MM-DD"} or {"html": ...}'
        )
    params.reject_unknown(body, POST_FIELDS)
    article = _read_body({k: _valid_unicode(v) for k, v in body.items()})
    facts = _extract(article)
    kg = _kg()
    replaced = kg.get_article(article.id) is not None
    kg.add_article(article, facts)
    location = url_for("rest.get_article", article=article.id)
    payload = jsonify(
        id=article.id, replaced=replaced, count=len(facts), facts=[f.to_dict(with_id=True) for f in facts]
    )
    return payload, 201, {"Location": location}


def _extract(article: Any) -> list[Fact]:
    """The article's facts from an extraction worker process (kg.extract_workers), within the
    KG_EXTRACT_TIMEOUT / KG_EXTRACT_MEMORY budget; the request waits, so the answer stays 201 + facts."""
    from kg import extract_workers as ew  # noqa: PLC0415
    from kg import settings  # noqa: PLC0415

    config = current_app.config
    try:
        return ew.extract_in_worker(
            article,
            timeout=float(config["EXTRACT_TIMEOUT"]),
            memory=int(config["EXTRACT_MEMORY"]),
            workers=int(config["EXTRACT_WORKERS"]),
            model=str(settings.get("spacy_model")),
        )
    except (ew.ExtractionTimeout, ew.ExtractionFailed) as exc:
        raise ApiError(422, "article over the extraction budget", str(exc)) from None
    except ew.ExtractionBusy as exc:
        raise ApiError(503, "extraction workers busy", str(exc), {"Retry-After": "10"}) from None
    except ew.ExtractorUnavailable as exc:  # model not installed: a deployment problem, not the client's
        current_app.logger.error("the extraction pipeline failed to load: %s", exc)
        raise ServiceUnavailable(str(exc)) from None


def _valid_unicode(value: Any) -> Any:
    """JSON may carry lone surrogates ("\\ud800"); they cannot be stored, so each becomes one U+FFFD
    (not three, which made a short article with one stray escape look like binary data)."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _read_body(body: dict[str, Any]) -> Any:
    """The Article a POST body describes; 400/413 with the reason when it cannot be read."""
    from kg.text import ArticleError, check_prose, read_article  # noqa: PLC0415

    present = [k for k in ("text", "html") if body.get(k) is not None]
    if len(present) != 1 or not isinstance(body[present[0]], str):
        raise BadRequest("give exactly one of 'text' or 'html', as a string")
    fmt = "txt" if present[0] == "text" else "html"
    content: str = body[present[0]]
    for name in ("format", "published", "id", "title", "source"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise BadRequest(f"'{name}' must be a string")
    if body.get("format") is not None:  # the text's markup: plain text or Markdown
        if present[0] != "text" or body["format"] not in ("txt", "md"):
            raise BadRequest("'format' is \"txt\" or \"md\", and only with 'text'")
        fmt = body["format"]
    published = body.get("published")
    if published is not None and (len(published) != 10 or params.iso_date(published, "published") is None):
        raise BadRequest(f"'published' must be a date YYYY-MM-DD, got {published[:40]!r}")
    article_id = body.get("id") or _derived_id(content if fmt != "html" else "", content, published)
    article_id = params.article_id(article_id, "id")
    limit = int(current_app.config.get("MAX_ARTICLE_BYTES") or 0)
    if limit and len(content.encode("utf-8")) > limit:
        raise RequestEntityTooLarge(f"the article is larger than {limit} bytes (KG_MAX_ARTICLE_BYTES)")
    try:
        article = read_article(
            content, article_id=article_id, published=published, fmt=fmt, title=body.get("title")
        )
    except ArticleError as exc:
        # kg.text words the size refusal as "... over the limit of N (KG_MAX_ARTICLE_BYTES)".
        if "KG_MAX_ARTICLE_BYTES" in str(exc):
            raise RequestEntityTooLarge(str(exc)) from None
        raise BadRequest(str(exc)) from None
    try:  # random Unicode or a data dump would cost a worker minutes to yield nothing: refuse it now
        check_prose(article.text)
    except ArticleError as exc:
        raise ApiError(422, "article is not prose", f"{exc}; nothing was extracted or stored") from None
    if body.get("source"):
        article.source = body["source"][:500]
    return article


def _derived_id(text: str, content: str, published: str | None) -> str:
    """An id for an article posted without one: first words, date and a content hash (same text, same id)."""
    words = slugify(" ".join(text.split()[:6]))[:60].strip("-") if text.strip() else "article"
    digest = hashlib.sha1(content.encode("utf-8")).hexdigest()[:8]
    return "-".join(part for part in (words, published, digest) if part)


@bp.delete("/api/articles/<path:article>")
def delete_article(article: str) -> Response:
    require_token()
    _check_args(())
    article_id = _known_article(article)
    if not _kg().delete_article(article_id):
        raise NotFound(f"no article with id {article_id!r}")
    return jsonify(id=article_id, deleted=True)


# --- stats ------------------------------------------------------------------------------------------


@bp.get("/api/stats")
def stats() -> Response:
    _check_args(())
    return jsonify(_kg().stats())
