"""Swedish formatting, in one place: numbers, units, month names, periods and dates as the reports write them.

Tables, prose and charts all format through this module. (CSV for spreadsheets is the exception: plain
digits and hyphen-minus, written by the data export.)
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel.dates import get_month_names

LOCALE = "sv_SE"


@cache
def month_names() -> tuple[str, ...]:
    """Lower-case month names, January first ('januari' … 'december')."""
    names = get_month_names("wide", locale=LOCALE)
    return tuple(names[m].lower() for m in range(1, 13))


def month_name(month: int) -> str:
    return month_names()[month - 1]


def format_month(year: int, month: int) -> str:
    """'oktober 2025'."""
    return f"{month_name(month)} {year}"


def format_month_span(start: tuple[int, int], end: tuple[int, int]) -> str:
    """'januari–september 2025', 'november 2024–februari 2025', or 'september 2025'."""
    if start == end:
        return format_month(*end)
    if start[0] == end[0]:
        return f"{month_name(start[1])}–{format_month(*end)}"
    return f"{format_month(*start)}–{format_month(*end)}"


def format_date(value: dt.date | None, empty: str = "ej angivet") -> str:
    """'14 mars 2023'; an absent date prints as `empty`."""
    if value is None:
        return empty
    return f"{value.day} {month_name(value.month)} {value.year}"


# Numbers ---------------------------------------------------------------------------------------
# Swedish numbers group by threes with U+00A0 (also four digits) and have a decimal comma, as Babel's
# sv_SE data says; negatives take U+2212, which Swedish typography and screen readers want (Babel writes
# a hyphen-minus).

NBSP = "\u00a0"
MINUS = "\u2212"
PERCENTAGE_POINTS, PERCENTAGE_POINT = "procentenheter", "procentenhet"


def decimals_written(value: Decimal) -> int:
    """How many decimals a number was written with: Decimal('44') -> 0, Decimal('40.8') -> 1."""
    return max(0, -value.as_tuple().exponent)


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: Decimal | int | float, decimals: int = 0, signed: bool = False) -> str:
    """7422 -> '7 422'; -595 -> '−595'; 0.33 with signed -> '+0,33' (non-breaking spaces).

    The value is rounded half up first; the digits are then grouped by threes with U+00A0 and the decimal
    point becomes a comma, as Babel's sv_SE pattern '#,##0.00' does (tests compare the two), at a fraction
    of the cost: a report formats thousands of numbers."""
    rounded = round_half_up(Decimal(str(value)), decimals)
    if rounded == 0:
        rounded = abs(rounded)  # no '−0'
    text = format(abs(rounded), f",.{decimals}f").replace(",", NBSP).replace(".", ",")
    if rounded < 0:
        return MINUS + text
    return ("+" + text) if signed and rounded > 0 else text


UNIT_SYMBOLS = {"procent": "%"}


def format_quantity(value: Decimal | int | float, unit: str, decimals: int = 0, signed: bool = False) -> str:
    """A number with its unit: '−595 mnkr', '5,94 %', '+0,33 procentenheter'; 'antal' prints no unit."""
    number = format_number(value, decimals, signed)
    symbol = UNIT_SYMBOLS.get(unit, unit)
    if symbol == PERCENTAGE_POINTS and number.lstrip("+" + MINUS) == "1":
        symbol = PERCENTAGE_POINT  # '1 procentenhet', '1,0 procentenheter'
    return number if symbol in ("", "antal") else f"{number}{NBSP}{symbol}"


def short_month_name(month: int) -> str:
    """'jan', 'feb', … 'dec' (no trailing dot, unlike Babel's abbreviations)."""
    return month_name(month)[:3]


def format_period_short(start: tuple[int, int], end: tuple[int, int]) -> str:
    """'jan–sep 2025', 'nov 2024–feb 2025', 'sep 2025', or 'helår 2024' for a whole calendar year."""
    if start == end:
        return f"{short_month_name(end[1])} {end[0]}"
    if start[0] == end[0]:
        if start[1] == 1 and end[1] == 12:
            return f"helår {end[0]}"
        return f"{short_month_name(start[1])}–{short_month_name(end[1])} {end[0]}"
    return f"{short_month_name(start[1])} {start[0]}–{short_month_name(end[1])} {end[0]}"
