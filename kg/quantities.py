"""Money amounts in news text: "$20mn" -> Money(20000000, "USD"), "Rs 500 crore" -> 5e9 INR.

Symbols, codes and currency names live in kg/data/currencies.csv. A hedge before the amount
("about", "nearly", "more than") is kept out of the number and sets `approximate`; so does a range
("$5-6 billion", whose value is the lower bound).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data" / "currencies.csv"

_MAGNITUDES = {
    "thousand": 10**3, "k": 10**3, "lakh": 10**5, "lakhs": 10**5, "million": 10**6, "millions": 10**6,
    "mn": 10**6, "mln": 10**6, "m": 10**6, "crore": 10**7, "crores": 10**7, "cr": 10**7,
    "billion": 10**9, "billions": 10**9, "bn": 10**9, "bln": 10**9, "b": 10**9,
    "trillion": 10**12, "tn": 10**12, "trn": 10**12, "lakh crore": 10**12,
}  # fmt: skip
_NUMBER_WORDS: dict[str, int | Decimal] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "a hundred": 100, "half a": Decimal("0.5"),
}  # fmt: skip
_HEDGE = re.compile(
    r"(?:about|around|approximately|approx\.|roughly|some|nearly|almost|close to|more than|over|"
    r"up to|at least|less than|under|(?:an )?estimated|circa|just over|just under|as much as|"
    r"upwards of|in excess of|~)\s*$",
    re.IGNORECASE,
)
_CNY_AFTER = re.compile(r"\s*\(?\s*(?:yuan|rmb|renminbi)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Money:
    """An amount of money found in text: value in units of `currency` (ISO 4217), text offsets."""

    value: int | float
    currency: str
    start: int
    end: int
    approximate: bool = False
    text: str = ""


@dataclass(frozen=True)
class _Tables:
    symbols: dict[str, str]
    prefixes: dict[str, str]
    names: dict[str, str]
    # Names that are also common words; read only after a magnitude ("5 trillion won").
    needs_magnitude: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]


def _alternation(forms: list[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    symbols: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    names: dict[str, str] = {}
    needs_magnitude: set[str] = set()
    with _DATA.open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        for row in rows:
            kind = row["kind"]
            if kind == "name_mag":
                needs_magnitude.add(row["form"].lower())
            table = {"symbol": symbols, "prefix": prefixes, "name": names, "name_mag": names}[kind]
            table[row["form"].lower() if kind.startswith("name") else row["form"]] = row["code"]
    words = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    number = (
        r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        r"(?:\s?(?:-|\u2013|to)\s?(?P<num2>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))?"
    )
    mags = "|".join(sorted(map(re.escape, _MAGNITUDES), key=len, reverse=True))
    magnitude = rf"(?:[\s-]?(?P<mag>(?i:{mags}))\b)"
    name = rf"(?P<name>(?i:{_alternation(list(names))}))\b"
    worded = rf"(?P<word>(?i:{words}))[\s-](?P<wmag>(?i:thousand|million|billion|trillion))"
    patterns = (
        # $20mn, US$3 billion, €1.2bn, ¥1.5 trillion yuan
        re.compile(
            rf"(?<![A-Za-z])(?P<sym>{_alternation(list(symbols))})\s?{number}{magnitude}?(?:[\s-]{name})?"
        ),
        # USD 5 bn, Rs 500 crore
        re.compile(rf"(?<![\w$])(?P<pre>{_alternation(list(prefixes))})\s?{number}{magnitude}?"),
        # 250 million rubles, 5bn dollars, a 50-billion-euro package
        re.compile(rf"(?<![\w.,$])(?<![\w.,]-){number}{magnitude}?[\s-](?:of\s)?{name}"),
        # two billion dollars
        re.compile(rf"(?<![\w-]){worded}[\s-](?:of\s)?{name}"),
    )
    return _Tables(symbols, prefixes, names, frozenset(needs_magnitude), patterns)


def currency_forms() -> dict[str, str]:
    """Every symbol, prefix and name the finder knows, with its ISO 4217 code (for tests and docs)."""
    t = _tables()
    return {**t.symbols, **t.prefixes, **t.names}


def _number(text: str | None) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _money(m: re.Match[str], source: str, tables: _Tables) -> Money | None:
    g = m.groupdict()
    if g.get("word"):
        value = Decimal(_NUMBER_WORDS[g["word"].lower()]) * _MAGNITUDES[g["wmag"].lower()]
        second = None
    else:
        first = _number(g["num"])
        if first is None:
            return None
        second = _number(g.get("num2"))
        if second is not None and second < first:
            return None  # "$2020-21" style codes, not a range
        value = first * _MAGNITUDES.get((g.get("mag") or "").lower(), 1)
    currency = None
    if g.get("name") and g["name"].lower() in tables.needs_magnitude and not (g.get("mag") or g.get("wmag")):
        return None
    if g.get("name"):
        currency = tables.names[g["name"].lower()]
    if g.get("sym"):
        symbol_code = tables.symbols[g["sym"]]
        if g["sym"] == "\u00a5" and (currency == "CNY" or _CNY_AFTER.match(source, m.end())):
            symbol_code = "CNY"
        currency = symbol_code if currency is None or g["sym"] != "\u00a5" else currency
    elif g.get("pre"):
        currency = tables.prefixes[g["pre"]]
    if currency is None:
        return None
    hedged = bool(_HEDGE.search(source, max(0, m.start() - 30), m.start()))
    number: int | float = int(value) if value == value.to_integral_value() else float(value)
    return Money(number, currency, m.start(), m.end(), hedged or second is not None, m.group(0))


def find_money(text: str) -> list[Money]:
    """Every money amount in `text`, in order; overlapping readings keep the longest."""
    if not isinstance(text, str) or not text:
        return []
    tables = _tables()
    found: list[Money] = []
    for pattern in tables.patterns:
        for m in pattern.finditer(text):
            money = _money(m, text, tables)
            if money is not None:
                found.append(money)
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[Money] = []
    for money in found:
        if kept and money.start < kept[-1].end:
            continue
        kept.append(money)
    return kept


def parse_money(text: str) -> Money | None:
    """The first money amount in `text` (e.g. a spaCy MONEY entity like "about $20mn"), or None."""
    found = find_money(text)
    return found[0] if found else None
