"""Cleaning of an article's text: boilerplate lines out, headline apart, dateline parsed, language checked.

Boilerplate patterns are data (kg/data/boilerplate.txt); kg.text applies these steps on intake.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from kg.dates import resolve_date

_DATA = Path(__file__).resolve().parent / "data"


class Dateline(NamedTuple):
    """A parsed dateline: `raw` is the prefix as written, `end` its length including the separator."""

    place: str
    date: str | None
    agency: str | None
    raw: str
    end: int


# ------------------------------------------------------------------------------------- boilerplate


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    """(line patterns, inline patterns) compiled from kg/data/boilerplate.txt."""
    sections: dict[str, list[re.Pattern[str]]] = {"line": [], "inline": []}
    current = "line"
    for raw in (_DATA / "boilerplate.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in ("[line]", "[inline]"):
            current = line[1:-1]
            continue
        sections[current].append(re.compile(line, re.IGNORECASE))
    return tuple(sections["line"]), tuple(sections["inline"])


_MAX_BOILERPLATE_LINE = 300


def is_boilerplate(line: str) -> bool:
    """True for a short line matching a boilerplate pattern (captions, paywall, share prompts...)."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_BOILERPLATE_LINE:
        return False
    return any(p.match(stripped) for p in boilerplate_patterns()[0])


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean_text(raw: str) -> str:
    """Normalised newlines and spaces, boilerplate lines and inline photo credits removed.

    Paragraph breaks (blank lines) are kept, as the sentence splitter uses them; runs of blank lines
    collapse to one.
    """
    text = unicodedata.normalize("NFC", raw).translate(_ZERO_WIDTH)
    text = re.sub(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]", "\n", text)
    for pattern in boilerplate_patterns()[1]:
        text = pattern.sub("", text)
    lines: list[str] = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if is_boilerplate(line):
            continue
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip()


# ---------------------------------------------------------------------------------- title, dateline

_SENTENCE_END = re.compile(r"""[.;,:]["'\u201d\u2019)]*$""")


def looks_like_headline(line: str) -> bool:
    """A short line without the final period of a sentence: how headlines are written."""
    words = line.split()
    return 0 < len(words) <= 30 and len(line) <= 200 and not _SENTENCE_END.search(line)


def _same_title(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", unicodedata.normalize("NFKC", s)).strip().casefold()

    return norm(a) == norm(b)


def split_title(text: str, title: str | None = None, *, guess: bool = True) -> tuple[str | None, str]:
    """(headline, body): the first line is the headline when it equals `title`, or (`guess`) looks like one.

    Markdown and HTML give the title in markup, so their callers pass guess=False.
    """
    first, sep, rest = text.partition("\n")
    rest = rest.strip()
    if not sep or not rest or parse_dateline(first) is not None:
        return title, text
    if (title and _same_title(first, title)) or (guess and looks_like_headline(first.strip())):
        return title or first.strip(), rest
    return title, text


_DL_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
_DL_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DL_DATE = rf"(?P<date>{_DL_MONTH} {_DL_DAY}(?:,? \d{{4}})?|{_DL_DAY} {_DL_MONTH}(?:,? \d{{4}})?)"
_CAPS_WORD = r"[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de.'\u2019-]+"
_TITLE_WORD = r"[A-Z\u00c0-\u00de][a-z\u00df-\u00ff.'\u2019-]+"
_REGION = r"(?:, (?P<region>[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,2}))"
_AGENCY = r"\((?P<agency>[A-Z][^()\n]{0,40})\)"
# "Riyadh, December 09, 2022, SPA --": state agencies put their name after the date, unbracketed
_AGENCY_WORD = r"(?:, (?P<agency_word>[A-Z][A-Za-z]{1,11}))"
_AGENCIES = rf"(?: ?{_AGENCY}|{_AGENCY_WORD})?"
_SEP = r"[ \t]*(?P<sep>-{1,2}|\u2013|\u2014|:)[ \t]+"
_DATELINES = (
    # ASTANA, July 3 (Reuters) -   /   MOSCOW (AP) —   /   KYIV, Ukraine (AP) —   /   WASHINGTON —
    re.compile(
        rf"(?P<place>{_CAPS_WORD}(?: {_CAPS_WORD}){{0,3}}){_REGION}?(?:,? {_DL_DATE})?{_AGENCIES}{_SEP}"
    ),
    # Beijing, Oct 23:   /   Beijing (Xinhua) -
    re.compile(
        rf"(?P<place>{_TITLE_WORD}(?: {_TITLE_WORD}){{0,2}}){_REGION}?(?:, {_DL_DATE}){_AGENCIES}{_SEP}"
    ),
    re.compile(rf"(?P<place>{_TITLE_WORD}(?: {_TITLE_WORD}){{0,2}})(?: ?{_AGENCY}){_SEP}"),
    # ST. PETERSBURG, July 28. /TASS/.   (the agency between slashes ends the dateline)
    re.compile(
        rf"(?P<place>{_CAPS_WORD}(?: {_CAPS_WORD}){{0,3}}|{_TITLE_WORD}(?: {_TITLE_WORD}){{0,2}}),? "
        rf"{_DL_DATE}\.? ?/(?P<agency>[A-Z][A-Za-z-]{{1,15}})/\.?[ \t]+"
    ),
    # United Nations, Nov 2 (Prensa Latina) The ...   (dated, the bracketed agency ends it)
    re.compile(
        rf"(?P<place>{_CAPS_WORD}(?: {_CAPS_WORD}){{0,3}}|{_TITLE_WORD}(?: {_TITLE_WORD}){{0,2}}), "
        rf"{_DL_DATE} {_AGENCY}[ \t]+(?=[A-Z])"
    ),
    # Tehran, IRNA -   (a state agency's initials, unbracketed and undated)
    re.compile(rf"(?P<place>{_TITLE_WORD}(?: {_TITLE_WORD}){{0,2}}), (?P<agency_word>[A-Z]{{2,8}}){_SEP}"),
)


def _place_name(place: str) -> str:
    """ "NEW DELHI" -> "New Delhi", "ST. PETERSBURG" -> "St. Petersburg"; mixed case is kept."""
    if not place.isupper():
        return place
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), place.lower())


def parse_dateline(text: str, published: str | None = None) -> Dateline | None:
    """The dateline at the start of `text`, its date resolved against `published`; None if none."""
    for index, pattern in enumerate(_DATELINES):
        m = pattern.match(text)
        if not m:
            continue
        agency = m.groupdict().get("agency") or m.groupdict().get("agency_word")
        has_detail = bool(
            m.groupdict().get("date") or m.groupdict().get("agency")
        )  # an unbracketed agency only with a date
        # A bare place ("WASHINGTON \u2014") needs a long dash and length: "NATO - the alliance" is prose.
        if index == 0 and not has_detail and (m["sep"] in ("-", ":") or len(m["place"]) < 4):
            continue
        date_text = m.groupdict().get("date")
        resolved = resolve_date(date_text, published) if date_text else None
        raw = text[: m.end()].rstrip()
        return Dateline(_place_name(m["place"]), resolved, agency, raw, m.end())
    return None


# -------------------------------------------------------------------------------------- language

_FUNCTION_WORDS = frozenset(
    "the of and to in a an is was were are be been has have had for on that with by as at from it its "
    "he she his her they their them this these those which who whom not but or will would said says "
    "after before into over than also more about there while".split()
)


def looks_english(text: str) -> bool:
    """Cheap check: English news text has ~30-45% common function words; other languages far fewer."""
    words = re.findall(r"[^\W\d_]+", text[:20000].lower())
    if len(words) < 20:
        return True
    return sum(w in _FUNCTION_WORDS for w in words) / len(words) >= 0.12
