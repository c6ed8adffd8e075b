"""kg.dates: time expressions of real news phrasing resolved against the publication date."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.dates import Period, date_precision, parse_published, resolve_date, resolve_period

# (expression, published, tense, expected): most are taken from the dev corpus and its gold dates.
CASES = [
    # absolute forms
    ("in 2024", "2025-08-20", None, "2024"),
    ("2007", "2023-12-21", None, "2007"),
    ("since 2015", "2024-07-04", None, "2015"),
    ("fiscal 2023", "2024-07-04", None, "2023"),
    ("March 2024", "2025-08-20", None, "2024-03"),
    ("in June 2022", "2023-12-14", None, "2022-06"),
    ("in February 2022", "2023-04-04", None, "2022-02"),
    ("October 2019", "2024-10-23", None, "2019-10"),
    ("Sept. 2023", None, None, "2023-09"),
    ("12 December 2024", None, None, "2024-12-12"),
    ("December 12, 2024", None, None, "2024-12-12"),
    ("Dec. 12, 2024", None, None, "2024-12-12"),
    ("the 3rd of March 2024", None, None, "2024-03-03"),
    ("2024-12-12", None, None, "2024-12-12"),
    ("2024-12", None, None, "2024-12"),
    ("2024-12-12T09:30:00Z", None, None, "2024-12-12"),
    ("Monday, Dec. 2", "2024-12-12", None, "2024-12-02"),
    ("early 2016", "2023-04-06", None, "2016"),
    ("mid-2024", "2025-01-10", None, "2024"),
    ("the end of 2023", "2024-01-10", None, "2023"),
    # month-day without a year
    ("on August 20", "2025-08-20", None, "2025-08-20"),
    ("March 10", "2023-04-06", None, "2023-03-10"),
    ("on Nov. 30", "2023-12-21", None, "2023-11-30"),
    ("December 22", "2023-12-29", None, "2023-12-22"),
    ("December 10", "2023-12-29", None, "2023-12-10"),
    ("Dec. 12", "2024-12-12", None, "2024-12-12"),
    ("Sept 9", "2023-09-09", None, "2023-09-09"),
    ("9 September", "2023-09-09", None, "2023-09-09"),
    ("January 1", "2023-12-29", None, "2024-01-01"),  # ~2 months ahead: the coming one
    ("December 25", "2024-01-10", None, "2023-12-25"),  # far ahead: last year's
    ("January 1", "2023-12-29", "past", "2023-01-01"),
    ("March 3", "2024-12-12", "future", "2025-03-03"),
    ("February 30", "2024-12-12", None, None),
    # bare months
    ("in January", "2024-12-12", None, "2024-01"),
    ("in April", "2024-12-12", None, "2024-04"),
    ("in September", "2024-01-28", None, "2023-09"),
    ("the July coup", "2024-01-28", None, None),  # not a time expression by itself
    ("July", "2024-01-28", None, "2023-07"),
    ("in December", "2024-04-06", None, "2023-12"),
    ("the end of February", "2024-12-12", "future", "2025-02"),
    ("the end of February", "2024-12-12", None, "2024-02"),
    ("last September", "2017-01-31", None, "2016-09"),
    ("next March", "2024-12-12", None, "2025-03"),
    ("this May", "2024-12-12", None, "2024-05"),
    ("in May last year", "2023-04-04", None, "2022-05"),
    ("April last year", "2024-11-20", None, "2023-04"),
    ("May of next year", "2024-11-20", None, "2025-05"),
    # weekdays: the latest on or before publication, unless future
    ("on Tuesday", "2023-04-04", None, "2023-04-04"),
    ("Tuesday", "2023-04-06", None, "2023-04-04"),
    ("on Saturday", "2023-09-09", None, "2023-09-09"),
    ("Friday", "2023-09-09", None, "2023-09-08"),
    ("Wednesday night", "2023-04-06", None, "2023-04-05"),
    ("late on Friday", "2024-04-06", None, "2024-04-05"),
    ("Friday night", "2024-04-06", None, "2024-04-05"),
    ("Sunday morning", "2025-10-26", None, "2025-10-26"),
    ("Thursday's", "2023-04-06", None, "2023-04-06"),
    ("Monday", "2023-12-29", "future", "2024-01-01"),
    ("Wednesday", "2025-05-14", "future", "2025-05-14"),
    ("next Tuesday", "2024-12-12", None, "2024-12-17"),
    ("last Tuesday", "2023-04-04", None, "2023-03-28"),
    # words and relative units
    ("today", "2024-12-12", None, "2024-12-12"),
    ("this afternoon", "2020-09-15", None, "2020-09-15"),
    ("yesterday", "2024-03-01", None, "2024-02-29"),
    ("tomorrow", "2024-12-31", None, "2025-01-01"),
    ("last night", "2024-12-12", None, "2024-12-11"),
    ("two days ago", "2024-12-12", None, "2024-12-10"),
    ("three months ago", "2024-01-15", None, "2023-10"),
    ("a year ago", "2024-01-15", None, "2023"),
    ("last month", "2023-04-06", None, "2023-03"),
    ("last month", "2024-01-06", None, "2023-12"),
    ("earlier this month", "2023-03-16", None, "2023-03"),
    ("later this month", "2024-12-12", None, "2024-12"),
    ("next month", "2024-12-12", None, "2025-01"),
    ("last year", "2024-07-04", None, "2023"),
    ("earlier this year", "2025-10-26", None, "2025"),
    ("early next year", "2023-12-14", None, "2024"),
    ("this week", "2024-01-28", None, "2024-01"),
    ("earlier in the week", "2024-04-06", None, "2024-04"),
    ("this week", "2025-04-02", None, "2025"),  # the week straddles March and April
    ("last week", "2024-04-06", None, "2024-03"),
    # spans give their start; an entity that ran on past a comma gives its head
    ("the fiscal year to March 2024", "2024-10-23", None, "2023-04"),
    ("between 2013 and 2018", "2024-04-06", None, "2013"),
    ("the first quarter of 2024", "2024-06-01", None, "2024-01"),
    ("June 2022, months", "2023-12-14", None, "2022-06"),
    # not dates, or anchored to something the expression does not give
    ("the 1990s", "2024-12-12", None, None),
    ("the early 1990s", "2025-08-08", None, None),
    ("five years", "2024-10-23", None, None),
    ("33 years", "2017-01-31", None, None),
    ("a year-long", "2024-12-12", None, None),
    ("more than seven years", "2023-04-06", None, None),
    ("decades", "2023-04-04", None, None),
    ("the same day", "2024-10-23", None, None),
    ("the previous day", "2024-10-23", None, None),
    ("the eve of the summit", "2024-07-04", None, None),
    ("recent years", "2024-07-04", None, None),
    ("", "2024-07-04", None, None),
    # relative forms need a publication date
    ("on Tuesday", None, None, None),
    ("last month", None, None, None),
    ("in January", "not a date", None, None),
]


@pytest.mark.parametrize(("expression", "published", "tense", "expected"), CASES)
def test_resolve_date(
    expression: str, published: str | None, tense: str | None, expected: str | None
) -> None:
    assert resolve_date(expression, published, tense=tense) == expected


def test_dateparser_fallback_reads_odd_absolute_forms() -> None:
    assert resolve_date("12/12/2024", None) == "2024-12-12"
    assert resolve_date("the 4th day of July, 2024", None) == "2024-07-04"


@pytest.mark.parametrize(
    ("iso", "precision"), [("2024-02-29", "day"), ("2024-02", "month"), ("2024", "year"), ("1975", "year")]
)
def test_date_precision(iso: str, precision: str) -> None:
    assert date_precision(iso) == precision


@pytest.mark.parametrize("bad", ["2023-02-29", "2024-13", "24", "2024-1-1", "March 2024", ""])
def test_date_precision_rejects_non_iso(bad: str) -> None:
    with pytest.raises(ValueError):
        date_precision(bad)


def test_parse_published_accepts_datetimes_and_rejects_junk() -> None:
    assert parse_published("2024-03-14T09:30:00+00:00").isoformat() == "2024-03-14"
    assert parse_published("yesterday") is None
    assert parse_published(None) is None


PERIODS = [
    (
        "the ten months between March 2024 and January 2025",
        "2025-08-20",
        ("2024-03/2025-01", "2024-03", "2025-01"),
    ),
    ("in 2024", "2025-08-20", ("2024", "2024", "2024")),
    ("last year", "2024-11-20", ("2023", "2023", "2023")),
    ("January-June", "2024-12-12", ("2024-01/2024-06", "2024-01", "2024-06")),
    ("November-February", "2024-03-20", ("2023-11/2024-02", "2023-11", "2024-02")),
    ("from January to March 2024", None, ("2024-01/2024-03", "2024-01", "2024-03")),
    ("the fiscal year to March 2024", "2024-10-23", ("2023-04/2024-03", "2023-04", "2024-03")),
    ("the first quarter of 2024", None, ("2024-01/2024-03", "2024-01", "2024-03")),
    ("Q3 2023", None, ("2023-07/2023-09", "2023-07", "2023-09")),
    ("the first half of 2024", None, ("2024-01/2024-06", "2024-01", "2024-06")),
    ("in 2023", "2024-07-03", ("2023", "2023", "2023")),
]


@pytest.mark.parametrize(("expression", "published", "expected"), PERIODS)
def test_resolve_period(expression: str, published: str | None, expected: tuple[str, str, str]) -> None:
    assert resolve_period(expression, published) == Period(*expected)


@pytest.mark.parametrize("expression", ["five years", "between them", "the 1990s", ""])
def test_resolve_period_gives_none_without_a_time(expression: str) -> None:
    assert resolve_period(expression, "2024-01-01") is None


def test_common_forms_are_fast() -> None:
    """resolve_date runs for every DATE entity: the regex front end must stay well under 1 ms a call."""
    forms = ["on Tuesday", "March 2024", "last month", "12 December 2024", "Dec. 12", "in 2024", "yesterday"]
    resolve_date.cache_clear()
    start = time.perf_counter()
    for i in range(200):
        for form in forms:
            # a fresh publication date each round defeats the cache
            resolve_date(form, f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}")
    per_call = (time.perf_counter() - start) / (200 * len(forms))
    assert per_call < 0.0005


_ISO = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-\d\d)?)?")


@settings(max_examples=300, deadline=None)
@given(
    expression=st.one_of(
        st.text(max_size=60),
        st.from_regex(
            r"(on |in |last |next |early )?(march|dec\.|tuesday|2024|12|the 3rd of may|two days ago)"
            r"( 2023| 31| last year| night)?",
            fullmatch=True,
        ),
    ),
    published=st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()), st.text(max_size=12)),
    tense=st.sampled_from([None, "past", "future"]),
)
def test_resolve_date_never_raises_and_returns_iso(
    expression: str, published: str | None, tense: str | None
) -> None:
    result = resolve_date(expression, published, tense=tense)
    assert result is None or (_ISO.fullmatch(result) and date_precision(result))
