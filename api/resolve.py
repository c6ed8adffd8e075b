"""One resolver for every parameter that names an entity: a local id, an IRI, a name or an alias.

REST (`subject`, `object`, `from`, `to`, `a`, `b`) and the graph view (`center`) all call
`resolve_entity`, so "Iran", "country/IRN" and the full IRI name the same node everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from werkzeug.exceptions import BadRequest, NotFound

from kg.model import ENTITY_KINDS, entity_id
from kg.rdf import ID

# Resource IRIs are accepted too, so clients can paste what /sparql returns.
RESOURCE_PREFIX = str(ID)

MAX_NAME_LENGTH = 200
# Local ids are `<prefix>/<key>`; anything else never reaches the store as an IRI.
ID_PATTERN = re.compile(r"^(person|country|org|bloc)/[A-Za-z0-9][A-Za-z0-9._~-]{0,150}$")
_SEARCH_LIMIT = 25


def fold(text: str) -> str:
    """Case- and accent-insensitive form used to compare names with labels and aliases."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def check_name(value: str | None, param: str) -> str:
    """The stripped value of an entity parameter, or 400 if it is empty or too long."""
    # ASCII whitespace only: other odd characters just name no entity (404), they are not "empty".
    text = (value or "").strip(" \t\n\r\f\v")
    if not text:
        raise BadRequest(f"parameter '{param}' is empty: give an entity id (e.g. country/IRN) or a name")
    if len(text) > MAX_NAME_LENGTH:
        raise BadRequest(f"parameter '{param}' is longer than {MAX_NAME_LENGTH} characters")
    return text


def _candidate_ids(text: str) -> list[str]:
    """Local ids the value may spell directly: an id, an IRI, or a bare ISO country code."""
    if text.startswith(RESOURCE_PREFIX):
        text = text[len(RESOURCE_PREFIX) :]
    candidates = [text] if ID_PATTERN.fullmatch(text) else []
    if re.fullmatch(r"[A-Za-z]{3}", text):
        candidates.append(entity_id("country", text.upper()))
    return candidates


def _names(hit: dict[str, Any]) -> list[str]:
    names = [hit.get("label") or ""]
    names.extend(hit.get("aliases") or ())
    names.extend(hit.get("labels") or ())
    return [n for n in names if isinstance(n, str) and n]


def resolve_entity(kg: Any, value: str | None, param: str = "entity", kind: str | None = None) -> str:
    """The local id of the entity `value` names; 400 for a malformed value, 404 if nothing matches.

    Order: an existing id or IRI, then an exact (case/accent-insensitive) label or alias among the
    store's ranked search results. No fuzzy fallback: a near miss gets a 404 listing suggestions.
    """
    if kind is not None and kind not in ENTITY_KINDS:
        raise BadRequest(f"unknown kind {kind!r}; expected one of {', '.join(ENTITY_KINDS)}")
    text = check_name(value, param)
    for candidate in _candidate_ids(text):
        found_kind = kg.entity_kind(candidate)
        if found_kind is not None and (kind is None or found_kind == kind):
            return candidate
    wanted = fold(text)
    hits: list[dict[str, Any]] = []
    # The store's search may be accent-sensitive: "Pezeshkián" retries as "pezeshkian".
    for query in dict.fromkeys((text, wanted)):
        found = kg.search_entities(query, kind=kind, limit=_SEARCH_LIMIT)
        for hit in found:
            if any(fold(name) == wanted for name in _names(hit)):
                return str(hit["id"])
        hits = hits or found
    suggestions = ", ".join(f"{h.get('label')} ({h.get('id')})" for h in hits[:5])
    detail = f"no entity named {text!r}"
    if suggestions:
        detail += f"; did you mean: {suggestions}"
    raise NotFound(detail)
