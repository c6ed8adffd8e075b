"""Time expressions of news text resolved to ISO dates at the precision the text gives.

`resolve_date("on Tuesday", "2023-04-06")` -> "2023-04-04"; "last month" -> "2023-03"; "in 2024" -> "2024".
A compiled-regex front end handles the common forms in microseconds; dateparser is only a fallback
for odd absolute dates (it is ~100x slower). Conventions (the gold annotations follow them):

- `tense=None` leans to the past, as news reports do: a weekday is the latest one on or before the
  publication date; a month-day without a year is the latest one no more than ~2 months after it
  ("on January 1" in a 29 December article is the coming one); a bare month is the latest one not
  after the publication month ("in January" in a December article is this year's January).
- `tense="future"` (planned / "will" / "due to" clauses) takes the first occurrence on or after the
  publication date; `tense="past"` the last one on or before it.
- A span ("the fiscal year to March 2024") -> its start, "2023-04"; `resolve_period` gives the whole span.
- "this week", "earlier in the week" -> the month (the contract has no week precision); a decade
  ("the 1990s"), durations ("five years"), and anchors the text does not give ("the next day") -> None.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

Precision = str  # "day" | "month" | "year"

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[5-9]\d\d|2\d\d\d)"
_REL = r"(?P<rel>last|this|next|previous|past|coming)"
_COUNT = r"(?P<count>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_UNIT = r"(?P<unit>day|week|month|year)s?"

# Words around the date that do not change it: prepositions, hedges, parts of a day or period.
_LEADING = re.compile(
    r"^(?:(?:on|in|at|since|by|from|during|until|till|through|as of|of|around|about|circa|"
    r"late|early|earlier|later|mid|the|end of|start of|beginning of|middle of|turn of|course of|"
    r"first half of|second half of|spring of|summer of|autumn of|fall of|winter of)\b[\s-]*)+"
)
_TRAILING = re.compile(r"(?:\s+(?:morning|afternoon|evening|night|noon|midday|local time))+$")

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rx + r"$"))
    for name, rx in [
        ("iso", r"(?P<year>\d{4})-(?P<mnum>\d\d)(?:-(?P<day>\d\d))?(?:t[\d:.]+z?|\s[\d:]+)?"),
        ("year", r"(?:fiscal |the year |fy ?)?" + _YEAR),
        ("dmy", _DAY + r" (?:of )?" + _MONTH + r"\.? ?,? " + _YEAR),
        ("mdy", _MONTH + r"\.? " + _DAY + r",? " + _YEAR),
        ("my", _MONTH + r"\.?,? (?:of )?" + _YEAR),
        ("dm", _DAY + r" (?:of )?" + _MONTH + r"\.?"),
        ("md", _MONTH + r"\.? " + _DAY),
        ("month_rel_year", _MONTH + r"\.? (?:of )?" + r"(?P<ryear>last|this|next) year"),
        ("rel_month_name", _REL + " " + _MONTH),
        ("month", _MONTH + r"\.?"),
        ("weekday", r"(?:(?P<rel>last|this|next|this past|this coming) )?" + _WEEKDAY + r"(?:'s)?"),
        (
            "word",
            r"(?P<word>today|tonight|yesterday|tomorrow|the day before yesterday|"
            r"the day after tomorrow|this (?:morning|afternoon|evening)|last night)",
        ),
        ("ago", _COUNT + " " + _UNIT + r" ago"),
        ("rel_unit", r"(?:(?:the )?" + _REL + r" )?(?P<unit>week|month|year)(?:'s)?"),
        ("weekend", r"(?:(?P<rel>last|this|the past) )?weekend"),
    ]
]
_DURATION = re.compile(
    r"^(?:(?:about|around|nearly|almost|more than|less than|over|some|the|past|last|next|first|"
    r"for|within|after|a few|a couple of|couple of)\s+)*"
    r"(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|"
    r"thirty|forty|fifty|sixty|several|few|many|hundreds of|thousands of)[\s-]*"
    r"(?:days?|weeks?|months?|years?|decades?|centuries|century|hours?)|"
    r"days|weeks|months|years|decades|centuries|hours)(?:[\s-](?:long|old|later|earlier|on))?$"
)
_DATE_LIKE = re.compile(r"\b(?:1[5-9]\d\d|2\d\d\d)\b|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")


class Period(NamedTuple):
    """A span of time: `value` is "2024", "2024-03/2025-01" or a single date; start and end are ISO."""

    value: str
    start: str
    end: str


def date_precision(iso: str) -> Precision:
    """ "day", "month" or "year" for an ISO date, year-month or year; ValueError for anything else."""
    if re.fullmatch(r"\d{4}-\d\d-\d\d", iso):
        date.fromisoformat(iso)
        return "day"
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", iso):
        return "month"
    if re.fullmatch(r"\d{4}", iso):
        return "year"
    raise ValueError(f"{iso!r} is not an ISO date, year-month or year")


def parse_published(published: str | None) -> date | None:
    """The publication day from an ISO date or datetime string; None when missing or malformed."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _normalise(expression: str) -> str:
    text = expression.strip().lower().replace("\u2019", "'")
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"\s+", " ", text).strip(" .,;:()\"'")
    text = _LEADING.sub("", text)
    if not re.fullmatch(r"(?:this|last) (?:morning|afternoon|evening|night)", text):
        text = _TRAILING.sub("", text)
    # "Monday, Dec. 2" / "Tuesday 4 July": the weekday adds nothing once there is a day of month.
    text = re.sub(r"^" + _WEEKDAY.replace("?P<weekday>", "?:") + r",? (?=\d|[a-z]{3,9}\.? \d)", "", text)
    return text.strip(" ,.")


def _iso(d: date, precision: Precision) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _month_day(month: int, day: int, base: date, tense: str | None) -> date | None:
    """The year for a month-day without one: the latest within ~2 months ahead, or by tense."""
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    if tense == "future":
        ahead = [c for c in candidates if c >= base]
        return min(ahead) if ahead else None
    limit = base if tense == "past" else base + timedelta(days=62)
    behind = [c for c in candidates if c <= limit]
    return max(behind) if behind else None


def _month_only(month: int, base: date, tense: str | None, strict: bool = False) -> date:
    """The year for a bare month: the latest not after the publication month, or by tense."""
    if tense == "future":
        after = month > base.month if strict else month >= base.month
        return date(base.year if after else base.year + 1, month, 1)
    before = month < base.month if strict else month <= base.month
    return date(base.year if before else base.year - 1, month, 1)


def _week_month(start: date, end: date) -> str | None:
    """A week collapses to its month, or its year when it straddles two months."""
    if start.month == end.month:
        return _iso(end, "month")
    return _iso(end, "year") if start.year == end.year else None


def _resolve_match(name: str, m: re.Match[str], base: date | None, tense: str | None) -> str | None:
    g = m.groupdict()
    if name == "iso":
        month = int(g["mnum"])
        if g.get("day"):
            return date(int(g["year"]), month, int(g["day"])).isoformat()
        return _iso(date(int(g["year"]), month, 1), "month")
    if name == "year":
        return g["year"]
    month = _MONTHS.get(g.get("month") or "", 0)
    if name in ("dmy", "mdy"):
        return date(int(g["year"]), month, int(g["day"])).isoformat()
    if name == "my":
        return _iso(date(int(g["year"]), month, 1), "month")
    if base is None:
        return None
    if name in ("dm", "md"):
        found = _month_day(month, int(g["day"]), base, tense)
        return found.isoformat() if found else None
    if name == "month_rel_year":
        shift = {"last": -1, "this": 0, "next": 1}[g["ryear"]]
        return _iso(date(base.year + shift, month, 1), "month")
    if name == "rel_month_name":
        if g["rel"] == "this":
            return _iso(date(base.year, month, 1), "month")
        future = g["rel"] in ("next", "coming")
        return _iso(_month_only(month, base, "future" if future else "past", strict=True), "month")
    if name == "month":
        return _iso(_month_only(month, base, tense), "month")
    if name == "weekday":
        return _weekday(_WEEKDAYS[g["weekday"]], g.get("rel"), base, tense).isoformat()
    if name == "word":
        offsets = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2}
        offsets["the day after tomorrow"] = 2
        return (base + timedelta(days=offsets.get(g["word"], 0))).isoformat()
    if name == "ago":
        count = int(g["count"]) if g["count"].isdigit() else _NUMBER_WORDS[g["count"]]
        unit = g["unit"]
        if unit == "day":
            return (base - timedelta(days=count)).isoformat()
        if unit == "week":
            return _iso(base - timedelta(weeks=count), "month")
        if unit == "month":
            return _iso(_add_months(base, -count), "month")
        return _iso(date(base.year - count, 1, 1), "year")
    if name == "rel_unit":
        return _relative_unit(g.get("rel") or "this", g["unit"], base)
    if name == "weekend":
        saturday = base - timedelta(days=(base.weekday() - 5) % 7)
        return _week_month(saturday, saturday + timedelta(days=1) if saturday < base else saturday)
    return None


def _weekday(target: int, rel: str | None, base: date, tense: str | None) -> date:
    back = (base.weekday() - target) % 7
    forward = (target - base.weekday()) % 7
    if rel == "next" or rel == "this coming":
        return base + timedelta(days=forward or 7)
    if rel == "last" or rel == "this past":
        return base - timedelta(days=back or 7)
    if tense == "future":
        return base + timedelta(days=forward)
    return base - timedelta(days=back)


def _relative_unit(rel: str, unit: str, base: date) -> str | None:
    shift = {"last": -1, "previous": -1, "past": 0, "this": 0, "next": 1, "coming": 1}[rel]
    if unit == "year":
        return _iso(date(base.year + shift, 1, 1), "year")
    if unit == "month":
        return _iso(_add_months(base.replace(day=1), shift), "month")
    monday = base - timedelta(days=base.weekday()) + timedelta(weeks=shift)
    if shift == 0:
        return _week_month(monday, base)
    return _week_month(monday, monday + timedelta(days=6))


@lru_cache(maxsize=8192)
def resolve_date(expression: str, published: str | None, *, tense: str | None = None) -> str | None:
    """ISO date, year-month or year of a time expression, resolved against `published`; else None.

    `tense` ("past", "future" or None) picks among the possible years or weeks; see the module doc.
    Never raises: an expression it cannot read gives None.
    """
    try:
        return _resolve(expression, parse_published(published), tense)
    except (ValueError, OverflowError, KeyError):
        return None


def _resolve(expression: str, base: date | None, tense: str | None) -> str | None:
    if not isinstance(expression, str) or len(expression) > 200:
        return None
    text = _normalise(expression)
    if not text or _DURATION.match(text) or re.search(r"\d0s\b", text):
        return None
    for name, pattern in _PATTERNS:
        m = pattern.match(text)
        if m:
            return _resolve_match(name, m, base, tense)
    # A span ("the fiscal year to March 2024", "between 2013 and 2018") is dated by its start.
    span = _period(expression, base.isoformat() if base else None, tense, single=False)
    if span is not None:
        return span.start
    head = text.split(",")[0]  # "June 2022, months" (an entity that ran on)
    if head != text and len(head) >= 3:
        found = _resolve(head, base, tense)
        if found is not None:
            return found
    if _DATE_LIKE.search(text) or re.search(r"\b" + _MONTH + r"\b", text):
        return _dateparser_fallback(text, base, tense)
    return None


def _dateparser_fallback(text: str, base: date | None, tense: str | None) -> str | None:
    """Odd absolute forms ("12/12/2024", "the 3rd of March, 2024") through dateparser."""
    from dateparser.date import DateDataParser  # slow import, needed only here

    settings: dict[str, object] = {"PREFER_DATES_FROM": "future" if tense == "future" else "past"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data.date_obj is None:
        return None
    if base is None and not re.search(r"\b\d{4}\b", text):
        return None  # dateparser would fill in today's year
    period = {"time": "day", "day": "day", "week": "month", "month": "month"}.get(data.period or "", "year")
    return _iso(data.date_obj.date(), period)


# ---------------------------------------------------------------------------------------- periods

_PERIOD_RANGE = re.compile(
    r"(?:between|from)\s+(?P<a>.+?)\s+(?:and|to|until|through|-)\s+(?P<b>.+)$|^(?P<a2>[a-z]+\.?(?: \d{4})?)"
    r"\s*[-\u2013/]\s*(?P<b2>[a-z]+\.?(?: \d{4})?)$"
)
_FISCAL_TO = re.compile(r"(?:fiscal|financial) year (?:to|ending|ended|through) (?P<end>.+)$")
_PART = re.compile(
    r"(?P<which>first|second|third|fourth|1st|2nd|3rd|4th) (?P<part>quarter|half) (?:of )?(?P<rest>.*)$|"
    r"q(?P<q>[1-4]) (?P<qrest>.*)$|h(?P<h>[12]) (?P<hrest>.*)$"
)
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def resolve_period(expression: str, published: str | None, *, tense: str | None = None) -> Period | None:
    """A span for trade-style periods: "the ten months between March 2024 and January 2025" ->
    Period("2024-03/2025-01", "2024-03", "2025-01"); "in 2024" -> Period("2024", "2024", "2024")."""
    try:
        return _period(expression, published, tense)
    except (ValueError, OverflowError, KeyError):
        return None


def _period(expression: str, published: str | None, tense: str | None, single: bool = True) -> Period | None:
    if not isinstance(expression, str) or len(expression) > 200:
        return None
    text = re.sub(r"\s+", " ", expression.strip().lower().replace("\u2013", "-"))
    text = re.sub(r"^(?:in|for|during|over|of)\s+", "", text)
    m = _FISCAL_TO.search(text)
    if m:
        end = resolve_date(m["end"], published, tense=tense)
        if end and date_precision(end) == "month":
            start = _iso(_add_months(date.fromisoformat(end + "-01"), -11), "month")
            return Period(f"{start}/{end}", start, end)
    m = _PART.search(re.sub(r"^the\s+", "", text))
    if m:
        rest = m["rest"] if m["rest"] is not None else (m["qrest"] if m["q"] else m["hrest"])
        year = resolve_date(rest or "this year", published, tense=tense)
        if year and date_precision(year) == "year":
            if m["q"] or m["part"] == "quarter":
                index = int(m["q"]) if m["q"] else _ORDINAL[m["which"]]
                first, size = 3 * index - 2, 3
            else:
                index = int(m["h"]) if m["h"] else _ORDINAL[m["which"]]
                if index > 2:
                    return None
                first, size = 6 * index - 5, 6
            start, end = f"{year}-{first:02d}", f"{year}-{first + size - 1:02d}"
            return Period(f"{start}/{end}", start, end)
    m = _PERIOD_RANGE.search(text)
    if m:
        a, b = (m["a"], m["b"]) if m["a"] else (m["a2"], m["b2"])
        upper = resolve_date(b, published, tense=tense)  # the end may carry the year the start lacks
        lower = _range_start(a, upper, published, tense) if upper else None
        return Period(f"{lower}/{upper}", lower, upper) if lower and upper else None
    if not single:
        return None
    day = resolve_date(text, published, tense=tense)
    return Period(day, day, day) if day else None


def _range_start(a: str, end: str, published: str | None, tense: str | None) -> str | None:
    """The start of a range whose year may come only with its end ("January-June 2024")."""
    if not re.search(r"\d{4}", a):
        month = _MONTHS.get(_normalise(a))
        if month is not None:
            end_year = int(end[:4])
            end_month = int(end[5:7]) if len(end) >= 7 else 12
            year = end_year if month <= end_month else end_year - 1
            return f"{year}-{month:02d}"
    return resolve_date(a, published, tense=tense)
