"""Swedish number format: examples, and properties that hold for every number (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from builder.base.swedish import (
    MINUS,
    NBSP,
    format_month_span,
    format_number,
    format_period_short,
    format_quantity,
    month_names,
    round_half_up,
)


def test_examples_from_the_reports():
    assert format_quantity(-595, "mnkr") == f"{MINUS}595{NBSP}mnkr"
    assert format_number(7422) == f"7{NBSP}422"
    assert format_number(997547) == f"997{NBSP}547"
    assert format_quantity(Decimal("5.94"), "%", 2) == f"5,94{NBSP}%"
    assert format_quantity(Decimal("0.33"), "procentenheter", 2, signed=True) == f"+0,33{NBSP}procentenheter"
    assert format_quantity(7422, "antal") == f"7{NBSP}422"  # a count prints no unit
    assert format_number(Decimal("-0.004"), 2) == "0,00"  # never '−0,00'
    assert format_number(Decimal("2.5")) == "3" and format_number(Decimal("-2.5")) == f"{MINUS}3"  # half up


def test_months_and_periods():
    assert month_names()[0] == "januari" and month_names()[8] == "september"
    assert all(name == name.lower() for name in month_names())
    assert format_month_span((2025, 1), (2025, 9)) == "januari–september 2025"
    assert format_period_short((2025, 1), (2025, 9)) == "jan–sep 2025"
    assert format_period_short((2024, 11), (2025, 2)) == "nov 2024–feb 2025"
    assert format_period_short((2024, 1), (2024, 12)) == "helår 2024"
    assert format_period_short((2025, 9), (2025, 9)) == "sep 2025"


def parse_back(text: str) -> Decimal:
    """Undo the Swedish format: what a reader of the page reads back."""
    return Decimal(text.replace(NBSP, "").replace(",", ".").replace(MINUS, "-").lstrip("+"))


numbers = st.decimals(min_value=-10**12, max_value=10**12, allow_nan=False, allow_infinity=False, places=4)


@given(numbers, st.integers(min_value=0, max_value=4), st.booleans())
def test_reads_back_as_the_rounded_value(value, decimals, signed):
    assert parse_back(format_number(value, decimals, signed)) == round_half_up(value, decimals)


@given(numbers, st.integers(min_value=0, max_value=4), st.booleans())
def test_characters(value, decimals, signed):
    text = format_number(value, decimals, signed)
    assert "-" not in text and " " not in text and "." not in text  # real minus, no plain space, comma
    integer = text.lstrip("+" + MINUS).split(",")[0]
    groups = integer.split(NBSP)
    assert 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])  # also for four digits
    assert (len(text.split(",")[1]) if "," in text else 0) == decimals


@given(numbers, st.integers(min_value=0, max_value=4))
def test_sign(value, decimals):
    rounded = round_half_up(value, decimals)
    signed = format_number(value, decimals, signed=True)
    plain = format_number(value, decimals)
    assert signed.startswith("+") == (rounded > 0)
    assert signed.startswith(MINUS) == plain.startswith(MINUS) == (rounded < 0)


@given(numbers, st.sampled_from(["mnkr", "%", "årsarbetare", "procentenheter"]))
def test_unit_joined_by_a_non_breaking_space(value, unit):
    number, separator, symbol = format_quantity(value, unit, 1).rpartition(NBSP)
    assert separator == NBSP and symbol == unit
    assert parse_back(number) == round_half_up(value, 1)


@given(st.decimals(min_value=-10**14, max_value=10**14, allow_nan=False, allow_infinity=False, places=6),
       st.integers(min_value=0, max_value=6))
def test_digits_are_grouped_as_babels_swedish_locale_does(value, decimals):
    """format_number groups and writes the decimal comma itself (it is called thousands of times a build);
    it must agree with Babel's sv_SE data on every number."""
    from babel.numbers import format_decimal

    rounded = round_half_up(value, decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    expected = format_decimal(abs(rounded), format=pattern, locale="sv_SE")
    assert format_number(value, decimals).lstrip(MINUS) == expected
