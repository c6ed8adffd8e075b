"""Query-parameter validation for the REST API: every bad value becomes a 400 with a detail saying why.

Values are only checked and converted here; they reach the store as arguments (bound as RDF terms
there), never spliced into query text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from werkzeug.exceptions import BadRequest

MAX_TEXT_LENGTH = 200
# What JSON Schema's `\S` (and so the OpenAPI patterns) treats as space; other characters are content.
ASCII_SPACE = " \t\n\r\f\v"
_NUMBER = re.compile(r"[+-]?([0-9]{1,20}(\.[0-9]{0,20})?|\.[0-9]{1,20})([eE][+-]?[0-9]{1,3})?")
_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
# Article ids are file names without extension; they become one IRI path segment and one URL segment.
ARTICLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$")


def reject_unknown(args: Mapping[str, str], allowed: Iterable[str]) -> None:
    """400 for a parameter the route does not take: a typo should not silently widen a query."""
    known = set(allowed)
    unknown = sorted(k for k in args if k not in known)
    if unknown:
        expected = ", ".join(sorted(known)) or "none"
        raise BadRequest(f"unknown parameter(s): {', '.join(unknown)}; this route takes: {expected}")


def reject_empty(args: Mapping[str, str]) -> None:
    """400 for `name=` with no value. The API is strict here; HTML forms (pages) send empty fields
    and the helpers below read those as absent."""
    empty = sorted(k for k in args if not str(args.get(k, "")).strip(ASCII_SPACE))
    if empty:
        raise BadRequest(f"parameter(s) given without a value: {', '.join(empty)}")


def reject_repeated(args: Mapping[str, str], repeatable: Iterable[str] = ()) -> None:
    """400 for a single-valued parameter given twice: silently taking the first would hide a mistake."""
    getlist = getattr(args, "getlist", None)
    allowed = set(repeatable)
    repeated = sorted(k for k in args if getlist is not None and k not in allowed and len(getlist(k)) > 1)
    if repeated:
        raise BadRequest(f"parameter(s) given more than once: {', '.join(repeated)}")


def text(args: Mapping[str, str], name: str, max_length: int = MAX_TEXT_LENGTH) -> str | None:
    """An optional free-text parameter, stripped; empty means absent."""
    value = args.get(name)
    value = None if value is None else value.strip(ASCII_SPACE)
    if not value:
        return None
    if len(value) > max_length:
        raise BadRequest(f"parameter '{name}' is longer than {max_length} characters")
    return value


def integer(args: Mapping[str, str], name: str, default: int, minimum: int, maximum: int) -> int:
    """An integer parameter within [minimum, maximum]."""
    raw = args.get(name)
    if raw is None or raw.strip() == "":
        return default
    raw = raw.strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,12}", raw):
        raise BadRequest(f"parameter '{name}' must be an integer, got {raw[:40]!r}")
    value = int(raw)
    if not minimum <= value <= maximum:
        raise BadRequest(f"parameter '{name}' must be between {minimum} and {maximum}, got {value}")
    return value


def number(args: Mapping[str, str], name: str, minimum: float, maximum: float) -> float | None:
    """An optional finite float parameter within [minimum, maximum]."""
    raw = args.get(name)
    if raw is None or raw.strip() == "":
        return None
    # A plain decimal only: float() would also take "1_0", "inf" and non-ASCII digits.
    if not _NUMBER.fullmatch(raw.strip()):
        raise BadRequest(f"parameter '{name}' must be a number, got {raw[:40]!r}")
    value = float(raw.strip())
    if not minimum <= value <= maximum:
        raise BadRequest(f"parameter '{name}' must be between {minimum} and {maximum}, got {raw[:40]!r}")
    return value


def choice(args: Mapping[str, str], name: str, choices: Iterable[str]) -> str | None:
    """An optional parameter that must be one of `choices`."""
    value = text(args, name)
    options = tuple(choices)
    if value is not None and value not in options:
        raise BadRequest(f"unknown {name} {value[:40]!r}; expected one of: {', '.join(options)}")
    return value


def iso_date(value: str | None, name: str) -> str | None:
    """Validate `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real calendar date); None passes through."""
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    match = _DATE.fullmatch(value)
    if not match:
        raise BadRequest(f"parameter '{name}' must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {value[:40]!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        date(year or 0, month or 1, day or 1)  # year 0000 is no year: ValueError
    except ValueError:
        raise BadRequest(f"parameter '{name}' is not a calendar date: {value!r}") from None
    return value


def date_range(args: Mapping[str, str]) -> tuple[str | None, str | None]:
    """`since` and `until`, each a partial ISO date (an inverted range simply matches nothing)."""
    return iso_date(args.get("since"), "since"), iso_date(args.get("until"), "until")


def article_id(value: str | None, name: str = "article") -> str:
    """A syntactically valid article id, or 400."""
    value = (value or "").strip()
    if not ARTICLE_ID.fullmatch(value):
        raise BadRequest(
            f"'{name}' must be an article id (letters, digits, '.', '_', '~', '-'; at most 128), "
            f"got {value[:40]!r}"
        )
    return value
