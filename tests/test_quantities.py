"""kg.quantities: money amounts in news phrasing, with currency, offsets and hedges."""

from __future__ import annotations

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.quantities import Money, currency_forms, find_money, parse_money

CASES = [
    ("$20mn", 20_000_000, "USD", False),
    ("about $20mn", 20_000_000, "USD", True),
    ("around $60mn", 60_000_000, "USD", True),
    ("approximately $80mn", 80_000_000, "USD", True),
    ("$16.5mn", 16_500_000, "USD", False),
    ("$80 million worth", 80_000_000, "USD", False),
    ("US$3 billion", 3_000_000_000, "USD", False),
    ("U.S.$3 billion", 3_000_000_000, "USD", False),
    ("$101.7 billion", 101_700_000_000, "USD", False),
    ("nearly $142 billion", 142_000_000_000, "USD", True),
    ("more than $6bn", 6_000_000_000, "USD", True),
    ("€1.2bn", 1_200_000_000, "EUR", False),
    ("£500m", 500_000_000, "GBP", False),
    ("£1.5 trillion", 1_500_000_000_000, "GBP", False),
    ("¥300bn", 300_000_000_000, "JPY", False),
    ("¥1.5 trillion yuan", 1_500_000_000_000, "CNY", False),
    ("¥20bn (RMB)", 20_000_000_000, "CNY", False),
    ("1.5 trillion yuan", 1_500_000_000_000, "CNY", False),
    ("RMB 10bn", 10_000_000_000, "CNY", False),
    ("Rs 500 crore", 5_000_000_000, "INR", False),
    ("Rs. 2 lakh", 200_000, "INR", False),
    ("Rs 1.5 lakh crore", 1_500_000_000_000, "INR", False),
    ("₹5,000 crore", 50_000_000_000, "INR", False),
    ("250 million rubles", 250_000_000, "RUB", False),
    ("250 million roubles", 250_000_000, "RUB", False),
    ("3 billion Belarusian rubles", 3_000_000_000, "BYN", False),
    ("USD 5 bn", 5_000_000_000, "USD", False),
    ("EUR 700m", 700_000_000, "EUR", False),
    ("5bn dollars", 5_000_000_000, "USD", False),
    ("40 million Australian dollars", 40_000_000, "AUD", False),
    ("A$24.6 billion", 24_600_000_000, "AUD", False),
    ("HK$2.5bn", 2_500_000_000, "HKD", False),
    ("R$1 trillion", 1_000_000_000_000, "BRL", False),
    ("two billion dollars", 2_000_000_000, "USD", False),
    ("a billion euros", 1_000_000_000, "EUR", False),
    ("a planned 50-billion-euro package", 50_000_000_000, "EUR", False),
    ("3,500 euros", 3_500, "EUR", False),
    ("$1,250,000", 1_250_000, "USD", False),
    ("$5-6 billion", 5_000_000_000, "USD", True),
    ("5 trillion won", 5_000_000_000_000, "KRW", False),
    ("10 billion riyals", 10_000_000_000, "SAR", False),
    ("2 billion Swiss francs", 2_000_000_000, "CHF", False),
    ("$4.4 billion", 4_400_000_000, "USD", False),
]


@pytest.mark.parametrize(("text", "value", "currency", "approximate"), CASES)
def test_parse_money(text: str, value: int, currency: str, approximate: bool) -> None:
    money = parse_money(text)
    assert money is not None
    assert (money.value, money.currency, money.approximate) == (value, currency, approximate)
    assert isinstance(money.value, int)


def test_offsets_leave_the_hedge_out() -> None:
    text = "In 2024, Tehran exported about $20mn worth of goods to Belarus."
    money = parse_money(text)
    assert money is not None
    assert text[money.start : money.end] == "$20mn" == money.text
    assert money.approximate


def test_fractional_values_stay_floats() -> None:
    money = parse_money("$0.25")
    assert money is not None and money.value == 0.25 and isinstance(money.value, float)


@pytest.mark.parametrize(
    "text",
    [
        "about 1.1 million barrels of crude a day",
        "a nation of 1.3 million",
        "the party won 5 seats",
        "12 real reasons",
        "In 2024 won't happen",
        "37 agreements",
        "G20",
        "",
    ],
)
def test_no_money_where_there_is_none(text: str) -> None:
    assert find_money(text) == []
    assert parse_money(text) is None


def test_find_money_in_the_seed_paragraph() -> None:
    text = (
        "According to Iranian statistics, in 2024, Tehran exported about $20mn worth of goods to Belarus, "
        "and imported around $60mn from Belarus, resulting in approximately $80mn in direct trade for that "
        "year. For the ten months between March 2024 and January 2025, Iran exported commodities valued at "
        "$16.5mn to Belarus, Tehran Times reported."
    )
    found = find_money(text)
    assert [(m.value, m.currency, m.approximate) for m in found] == [
        (20_000_000, "USD", True),
        (60_000_000, "USD", True),
        (80_000_000, "USD", True),
        (16_500_000, "USD", False),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_find_money_in_dev_corpus_trade_sentence() -> None:
    text = (
        "In the fiscal year to March 2024, India imported goods worth about $101.7 billion from China, while "
        "its exports to its northern neighbour came to only $16.7 billion, commerce ministry data show."
    )
    found = [(m.value, m.approximate) for m in find_money(text)]
    assert found == [(101_700_000_000, True), (16_700_000_000, False)]


def test_equivalents_in_parentheses_are_separate_amounts() -> None:
    found = find_money("¥10bn (about 70 million yuan)")
    assert [(m.value, m.currency) for m in found] == [(10_000_000_000, "JPY"), (70_000_000, "CNY")]


def test_every_currency_in_the_data_file_is_iso_4217() -> None:
    codes = set(currency_forms().values())
    assert {"USD", "EUR", "GBP", "JPY", "CNY", "INR", "RUB"} <= codes
    assert all(pycountry.currencies.get(alpha_3=code) is not None for code in codes)


@given(st.text(max_size=200))
def test_find_money_never_raises(text: str) -> None:
    for money in find_money(text):
        assert isinstance(money, Money)
        assert 0 <= money.start < money.end <= len(text)
        assert money.value >= 0
