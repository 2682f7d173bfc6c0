"""Periods: one type for reports, data, tables and charts, and its arithmetic.

A period is a run of whole months: a month, a range of months, a tertial, a half-year or a year. It is
written the same way everywhere (data, report.yml, folder names):

    2025-09             a month
    2025-01..2025-09    a range of months
    2025-T2             a tertial (May–August)
    2025-H1             a half-year (January–June)
    2024                a year

Report series name their reports' folders after a period of the series' kind (`ISSUE_KINDS`).

A figure in a report may name its period relative to the report's (`RELATIVE`): `förra-månaden`,
`hittills-i-år`, `helår` …, and any of them N years back (`för-2-år-sedan`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from builder.base import swedish

MONTH, RANGE, TERTIAL, HALF_YEAR, YEAR = "månad", "period", "tertial", "halvår", "år"
FREE = "fri"  # a series whose reports are named freely, each with its own period
ISSUE_KINDS = (MONTH, TERTIAL, HALF_YEAR, YEAR, FREE)  # what a series' `rapportperiod:` may be
KIND_FORMS = {MONTH: "ÅÅÅÅ-MM, till exempel 2025-10", TERTIAL: "ÅÅÅÅ-T1, -T2 eller -T3, till exempel 2025-T2",
              HALF_YEAR: "ÅÅÅÅ-H1 eller -H2, till exempel 2025-H1", YEAR: "ÅÅÅÅ, till exempel 2024",
              FREE: "små bokstäver a–z, siffror och bindestreck, till exempel budget-2026"}
NOT_A = {MONTH: "ingen månad", TERTIAL: "inget tertial", HALF_YEAR: "inget halvår", YEAR: "inget år"}
_LENGTH = {TERTIAL: 4, HALF_YEAR: 6, YEAR: 12}

# ASCII digits only (\d takes any script).
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_PART = re.compile(r"([0-9]{4})-([TH])([0-9])")
_YEAR = re.compile(r"[0-9]{4}")
_ABSOLUTE = re.compile(r"[0-9]{4}(-|\.\.|$)")  # how every absolute period starts: a year, then '-' or '..'
_FREE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
FORMS = "ÅÅÅÅ-MM, ÅÅÅÅ-MM..ÅÅÅÅ-MM, ÅÅÅÅ-T1 (tertial), ÅÅÅÅ-H1 (halvår) eller ÅÅÅÅ (år)"
YEARS = range(1900, 3000)  # what a report or an observation can be about; also keeps folder names at four digits
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(13))  # a month's number as written, without formatting it each time


def _year(text: str, whole: str) -> int:
    year = int(text)
    if year not in YEARS:
        raise ValueError(f"'{whole}' ligger utanför åren {YEARS[0]}–{YEARS[-1]}; kontrollera årtalet")
    return year


@dataclass(frozen=True, order=True, slots=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """'2025-09' -> Month(2025, 9); raises ValueError with a Swedish message."""
        match = _MONTH.fullmatch(text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"'{text}' är ingen månad; skriv år och månad som ÅÅÅÅ-MM, till exempel 2025-09")
        return cls(_year(match.group(1), text.strip()), int(match.group(2)))

    def __hash__(self) -> int:  # figures are looked up by period many thousand times a build
        return self.year * 12 + self.month

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def months_since(self, other: Month) -> int:
        return (self.year - other.year) * 12 + self.month - other.month

    @property
    def label(self) -> str:
        return swedish.format_month(self.year, self.month)

    def __str__(self) -> str:
        return f"{self.year}-{_TWO_DIGITS[self.month]}"


@dataclass(frozen=True, order=True, slots=True)
class Period:
    """A run of whole months, from `start` to `end`; ordered by start, then end."""

    start: Month
    end: Month

    @classmethod
    def parse(cls, text: str) -> Period:
        """Any written form (see the module's docstring); raises ValueError with a Swedish message."""
        return _parse(text.strip())

    def __hash__(self) -> int:
        return hash(self.start) * 40_000 + hash(self.end)

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(Month(year, 1), Month(year, 12))

    @property
    def kind(self) -> str:
        """MONTH, TERTIAL, HALF_YEAR, YEAR or RANGE: the shortest name the period has."""
        length = self.end.months_since(self.start) + 1
        if length == 1:
            return MONTH
        for kind in (YEAR, HALF_YEAR, TERTIAL):
            if length == _LENGTH[kind] and (self.start.month - 1) % length == 0:
                return kind
        return RANGE

    @property
    def months(self) -> list[Month]:
        return [self.start.shifted(i) for i in range(self.end.months_since(self.start) + 1)]

    def shifted(self, months: int) -> Period:
        return Period(self.start.shifted(months), self.end.shifted(months))

    def rolled_forward(self, months: int) -> Period:
        """The same kind of period `months` later: year to date stays year to date."""
        end = self.end.shifted(months)
        if self.start.month == 1 and self.start.year == self.end.year:
            return Period(Month(end.year, 1), end)
        return self.shifted(months)

    def following(self) -> Period:
        """The next period of the same length: the next month, tertial, half-year or year."""
        return self.shifted(self.end.months_since(self.start) + 1)

    @property
    def label(self) -> str:
        """'oktober 2025', 'januari–september 2025', '2024'."""
        if self.kind == YEAR:
            return str(self.end.year)
        return swedish.format_month_span((self.start.year, self.start.month), (self.end.year, self.end.month))

    @property
    def short_label(self) -> str:
        """'jan–sep 2025', 'helår 2024'."""
        return swedish.format_period_short((self.start.year, self.start.month), (self.end.year, self.end.month))

    def written_as(self, kind: str) -> str:
        """The period's name in the form of `kind` (a folder name): '2025-10', '2025-T2', '2025-H1', '2024'."""
        if kind in (TERTIAL, HALF_YEAR):
            letter = "T" if kind == TERTIAL else "H"
            return f"{self.end.year:04d}-{letter}{(self.end.month - 1) // _LENGTH[kind] + 1}"
        if kind == YEAR:
            return f"{self.end.year:04d}"
        return str(self)

    def __str__(self) -> str:
        """As written in data: '2025-09', '2025-01..2025-09', and a calendar year as '2024'."""
        start, end = self.start, self.end  # a build writes some hundred thousand: compared field by field
        if start.year == end.year:
            if start.month == end.month:
                return str(start)
            if start.month == 1 and end.month == 12:
                return str(end.year)
        return f"{start}..{end}"


@lru_cache(maxsize=4096)  # a data file repeats a handful of periods on thousands of rows
def _parse(text: str) -> Period:
    if _YEAR.fullmatch(text):
        return Period.of_year(_year(text, text))
    part = _PART.fullmatch(text)
    if part:
        kind = TERTIAL if part.group(2) == "T" else HALF_YEAR
        number, count = int(part.group(3)), 12 // _LENGTH[kind]
        if not 1 <= number <= count:
            raise ValueError(f"'{text}' finns inte: ett år har {count} {'tertial' if kind == TERTIAL else 'halvår'}, "
                             f"skriv {part.group(1)}-{part.group(2)}1 till {part.group(1)}-{part.group(2)}{count}")
        start = Month(_year(part.group(1), text), (number - 1) * _LENGTH[kind] + 1)
        return Period(start, start.shifted(_LENGTH[kind] - 1))
    first, dots, last = text.partition("..")
    if not all(_MONTH.fullmatch(part.strip()) for part in ((first, last) if dots else (first,))):
        raise ValueError(f"'{text}' är ingen period; skriv den som {FORMS}")
    start = Month.parse(first)
    end = Month.parse(last) if dots else start
    if end < start:
        raise ValueError(f"perioden '{text}' slutar före den börjar; skriv den tidigare månaden först")
    return Period(start, end)


def parse_issue(name: str, kind: str) -> Period | None:
    """The period a report folder's name stands for in a series of `kind`; None for a free series.
    Raises ValueError when the name is not of that kind (the form to use is KIND_FORMS[kind])."""
    if kind == FREE:
        if not _FREE_NAME.fullmatch(name):
            raise ValueError(f"mappnamnet '{name}' duger inte som adress för en rapport")
        return None
    try:
        period = _parse(name)
    except ValueError:
        period = None
    if period is None or period.kind != kind or period.written_as(kind) != name:
        raise ValueError(f"mappnamnet '{name}' är {NOT_A[kind]}")
    return period


def same_period_last_year(period: Period) -> Period:
    return period.shifted(-12)


def year_to_date(month: Month) -> Period:
    return Period(Month(month.year, 1), month)



def _last_whole(period: Period, length: int) -> Period:
    """The last whole tertial (4) or half-year (6) that ends no later than the period does."""
    end = period.end.shifted(-(period.end.month % length))
    return Period(end.shifted(1 - length), end)


# Periods named relative to a report's period, each with what it is (for the guide and error hints).
RELATIVE = {
    "perioden": (lambda p: p, "rapportens period"),
    "månaden": (lambda p: Period(p.end, p.end), "periodens sista månad för sig"),
    "förra-månaden": (lambda p: Period(p.end.shifted(-1), p.end.shifted(-1)), "månaden före periodens sista månad, för sig"),
    "hittills-i-år": (lambda p: year_to_date(p.end), "januari till och med periodens sista månad"),
    "hittills-förra-månaden": (lambda p: year_to_date(p.end.shifted(-1)),
                               "januari till och med månaden före periodens sista månad"),
    "tertialet": (lambda p: _last_whole(p, 4), "det senaste hela tertialet som slutar senast med perioden"),
    "halvåret": (lambda p: _last_whole(p, 6), "det senaste hela halvåret som slutar senast med perioden"),
    "helår": (lambda p: Period.of_year(p.end.year), "hela det kalenderår som perioden slutar i"),
}
_YEARS_BACK = re.compile(r"för-([0-9]{1,2})-år-sedan")
MAX_YEARS_BACK = 50


def years_back(word: str) -> int | None:
    """'för-2-år-sedan' -> 2; None when the word is not of that form. Raises ValueError for 0 or too many."""
    match = _YEARS_BACK.fullmatch(word)
    if not match:
        return None
    years = int(match.group(1))
    if not 1 <= years <= MAX_YEARS_BACK:
        raise ValueError(f"'{word}': skriv ett antal år mellan 1 och {MAX_YEARS_BACK}")
    return years


@dataclass(frozen=True)
class When:
    """The period of a figure as written: a period, or a word of RELATIVE, and how many years back."""

    base: Period | str | None = None  # None: the default (the section's or the report's period)
    years: int = 0

    def resolve(self, report: Period, default: Period | None = None) -> Period:
        if self.base is None:
            period = default or report
        elif isinstance(self.base, str):
            period = RELATIVE[self.base][0](report)
        else:
            period = self.base
        return period.shifted(-12 * self.years)

    def __str__(self) -> str:
        words = [str(self.base)] if self.base is not None else []
        return " ".join(words + ([f"för-{self.years}-år-sedan"] if self.years else []))


def combined(first: When | None, then: When) -> When:
    """Two words of one figure's period ('förra-månaden', 'för-1-år-sedan') as one; ValueError for two periods."""
    if first is None:
        return then
    if first.base is not None and then.base is not None or first.years and then.years:
        raise ValueError("har två perioder; skriv en period, till exempel förra-månaden eller 2025-T2, och högst "
                         "en gång för-N-år-sedan")
    return When(first.base if first.base is not None else then.base, first.years or then.years)


def parse_when_words(text: str) -> When:
    """A period written as words ('hittills-förra-månaden', '2025-T2', 'månaden för-1-år-sedan')."""
    when = None
    for word in text.split():
        found = parse_when(word)
        if found is None:
            raise ValueError(f"'{word}' är ingen period; skriv den som {FORMS}, eller som "
                             f"{', '.join(RELATIVE)}, eventuellt följt av för-N-år-sedan")
        when = combined(when, found)
    if when is None:
        raise ValueError("perioden är tom")
    return when


def parse_when(word: str) -> When | None:
    """A word that names a period (see RELATIVE and the module's docstring), or None when it names none.
    Raises ValueError when it looks like a period but is not one ('2025-13')."""
    if word in RELATIVE:
        return When(word)
    if (years := years_back(word)) is not None:
        return When(None, years)
    if _ABSOLUTE.match(word):
        return When(Period.parse(word))
    return None
