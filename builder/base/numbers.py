"""Numbers as editors write them in data: ASCII digits, a decimal point, a hyphen-minus for negatives.

Only the digits 0–9 count (Python's \\d would also take Arabic-Indic and other digits), and a number has at
most limits.NUMBER_DIGITS significant digits, so that every computation with it is exact and cheap.
"""

from __future__ import annotations

import re
from decimal import Decimal

from builder.base import limits

PATTERN = r"-?[0-9]+(?:\.[0-9]+)?"  # for use inside other patterns
_NUMBER = re.compile(PATTERN)
_DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")


def parse_number(text: str) -> Decimal:
    """'-595', '5.94' -> Decimal; ValueError with a Swedish message for anything else."""
    text = text.strip()
    if _NUMBER.fullmatch(text):
        return checked(Decimal(text), text)
    if _DECIMAL_COMMA.fullmatch(text):
        raise ValueError(f"'{text}' har decimalkomma; skriv decimaltal med punkt i CSV, som {text.replace(',', '.')}")
    raise ValueError(f"värdet '{text}' är inget tal; skriv siffror utan mellanrum och enhet, till exempel -595 eller 5.94")


def checked(value: Decimal, written: str) -> Decimal:
    """`value` if it is finite and has at most NUMBER_DIGITS digits (its integer part's and its decimals);
    else ValueError."""
    if not value.is_finite():
        raise ValueError(f"'{_shown(written)}' är inget tal; skriv siffror, till exempel -595 eller 5.94")
    sign, digits, exponent = value.as_tuple()
    digits = len(digits) if exponent >= 0 else max(len(digits), -exponent)
    if digits > limits.NUMBER_DIGITS:
        raise ValueError(f"talet '{_shown(written)}' har {digits} siffror; högst {limits.NUMBER_DIGITS} går att räkna "
                         f"med exakt")
    return value


def _shown(text: str) -> str:
    """A long text cut for a message."""
    return text if len(text) <= 40 else text[:37] + "…"
