"""Swedish formatting, in one place: month names, periods and dates as the reports write them."""

from __future__ import annotations

import datetime as dt
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
