"""A figure as written, the same way in a reference (`{sjukfranvaro förändring hittills-förra-månaden}`), a
table column (`förändring hittills-förra-månaden`) and a chart series: a comparison (builder.compute.comparisons),
a period (builder.base.periods.parse_when) and, in a reference, a category (`kön=kvinnor`) and a phrase
(`fras` or `från-till`, optionally with its verb: builder.compute.phrases), each at most once, in any order."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from builder.base import periods
from builder.base.periods import Period, When
from builder.base.problems import FigureError
from builder.compute import phrases
from builder.compute.comparisons import COMPARISONS, OF_THE_YEAR, Ask, Basis, Cell
from builder.read.metrics import Metric

# Comparisons that count years back: `förändring-2-år` is `förändring` against two years before.
_YEARS_BACK = re.compile(r"(förändring|förändring-%)-([0-9]{1,2})-år")
RETIRED = {
    "sedan-förra": ("'sedan-förra' jämförde med seriens förra rapport och har tagits bort, eftersom svaret ändrades "
                    "när en äldre rapport lades till",
                    "skriv mot-förra-månaden (förändringen mot en månad tidigare) eller förändring (mot samma "
                    "period året innan); båda räknas ur data"),
}
NOT_A_COLUMN = ("andel",)  # a share needs a category, which a table row or chart series does not have
NOT_DRAWN = ("mål",)  # a target may be a range or a text


@dataclass(frozen=True)
class Spec:
    """A figure as written: its comparison, period and category (see the module's docstring)."""

    comparison: str = "utfall"
    years: int = 1
    when: When = When()
    dimension: tuple[str, str] | None = None
    written: str = ""
    form: str | None = None  # a phrase instead of a number (phrases.FORMS)
    word: str | None = None  # the phrase's verb or comparative as the editor chose it (phrases.WORDS)

    def ask(self, metric: Metric, report: Period, default: Period | None = None,
            dimension: tuple[str, str] | None = None) -> Ask:
        return Ask(metric, self.when.resolve(report, default), dimension or self.dimension, self.years)

    def header(self, ask: Ask) -> str:
        return COMPARISONS[self.comparison].header(ask)

    def compute(self, basis: Basis, ask: Ask) -> Cell:
        if self.form:
            return phrases.phrase(basis, ask, self.comparison, self.form, self.word)
        return COMPARISONS[self.comparison].compute(basis, ask)


@lru_cache(maxsize=4096)  # the same references, columns and series recur in report after report
def _parsed(words: tuple[str, ...], written: str, categories: bool) -> Spec | FigureError:
    try:
        return _parse_spec(words, written, categories)
    except FigureError as error:
        return error


def parse_spec(words: list[str], written: str, categories: bool = True) -> Spec:
    """The words of a reference after its key figure, or of a table column or chart series. Raises FigureError."""
    found = _parsed(tuple(words), written, categories)
    if isinstance(found, FigureError):
        raise FigureError(found.message, found.hint, found.depends_on)
    return found


def _parse_spec(words: tuple[str, ...], written: str, categories: bool) -> Spec:
    comparison, years, when, dimension, form, chosen = None, 1, None, None, None, None
    for word in words:
        if word in phrases.FORMS or word in phrases.WORDS:
            if not categories:
                raise FigureError(f"'{written}' har en fras", "en fras skrivs i en hänvisning i texten; en kolumn "
                                  "eller serie visar talet")
            if (form if word in phrases.FORMS else chosen):
                raise FigureError(f"'{written}' har två {'fraser' if word in phrases.FORMS else 'ord för frasen'}",
                                  "skriv en fras per hänvisning, med högst ett eget ord")
            form, chosen = (word, chosen) if word in phrases.FORMS else (form, word)
            continue
        if "=" in word:
            if not categories:
                raise FigureError(f"'{written}' har en kategori", "här kan bara jämförelse och period skrivas")
            if dimension:
                raise FigureError(f"'{written}' har två kategorier", "ett nyckeltal kan bara visas för en kategori åt gången")
            name, _, category = word.partition("=")
            dimension = (name, category)
            continue
        name, count = _comparison(word)
        if name:
            if comparison:
                raise FigureError(f"'{written}' har två jämförelser", "skriv en jämförelse per hänvisning, kolumn "
                                  "eller serie")
            comparison, years = name, count
            continue
        try:
            found = periods.parse_when(word)
        except ValueError as error:
            raise FigureError(f"'{written}': {error}") from None
        if found is None:
            raise FigureError(f"'{word}' är ingen jämförelse och ingen period", _hint(word, categories))
        try:
            when = periods.combined(when, found)
        except ValueError as error:
            raise FigureError(f"'{written}' {error}") from None
    if chosen and not form:  # a verb or comparative alone asks for the phrase it belongs in
        form = phrases.PHRASE
    return Spec(comparison or "utfall", years, when or When(), dimension, written, form, chosen)


def _comparison(word: str) -> tuple[str | None, int]:
    if word in COMPARISONS:
        return word, 1
    if word in RETIRED:
        raise FigureError(*RETIRED[word])
    if match := _YEARS_BACK.fullmatch(word):
        years = int(match.group(2))
        if not 1 <= years <= periods.MAX_YEARS_BACK:
            raise FigureError(f"'{word}': skriv ett antal år mellan 1 och {periods.MAX_YEARS_BACK}")
        return match.group(1), years
    return None, 1


def _hint(word: str, categories: bool) -> str:
    words = [*COMPARISONS, *periods.RELATIVE, *((*phrases.FORMS, *phrases.WORDS) if categories else ())]
    near = difflib.get_close_matches(word, words, n=1)
    return ((f"menade du '{near[0]}'? " if near else "") + f"Jämförelserna är {', '.join(COMPARISONS)}; en period "
            "skrivs som 2025-08, 2025-T2, 2024, förra-månaden, hittills-i-år eller för-1-år-sedan (alla står i "
            "handboken under Perioderna)" + ("; en kategori som kön=kvinnor; en fras som fras eller från-till, "
                                             "med ett eget ord som ökat eller bättre (handboken, Fraser)"
                                             if categories else ""))


def column_error(text: str, allowed_out: tuple[str, ...] = NOT_A_COLUMN) -> tuple[str, str] | None:
    """Why a table column or chart series as written cannot be shown, and what to write (None when it can)."""
    try:
        spec = parse_spec(text.split(), text, categories=False)
    except FigureError as error:
        return error.message, error.hint
    if spec.comparison in allowed_out:
        return (f"'{spec.comparison}' kan inte vara en kolumn eller serie här",
                "andel kräver en kategori, som bara en hänvisning har" if spec.comparison == "andel" else
                "ett mål kan vara ett intervall eller en text och går inte att rita")
    return None


def of_the_year(text: str) -> bool:
    """Whether a table column as written shows a figure of the whole year (shown once in a table of months)."""
    try:
        return parse_spec(text.split(), text, categories=False).comparison in OF_THE_YEAR
    except FigureError:
        return False
