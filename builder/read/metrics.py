"""Key figures: their definitions (data/metrics.yml) and tables (data/tables.yml).

A target (kind `mål`) is typed, never forced into a number: a value, a threshold (`>=16`, `<=300`,
`>0`), a range (`1..3`), a direction (`öka`, `minska`, `bibehålla`) or plain text (`text: …`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from builder.read import fields as f
from builder.base import numbers, swedish
from builder.base.problems import Cause, Problems
from builder.read.yamlio import YamlList, YamlMap, read_yaml

METRICS_FILE = "metrics.yml"
# What is not checked when a key figure or a table cannot be read (Problems.unread), as the note says it.
METRIC_REFERENCES = ("hänvisning till nyckeltal", "hänvisningar till nyckeltal")

SUM, LAST, RATE = "summa", "senaste", "andel"  # flows add up; stocks take the last value; rates do neither
AGGREGATIONS = (SUM, LAST, RATE)
HIGHER_IS_BETTER, LOWER_IS_BETTER, NEUTRAL = "högre är bättre", "lägre är bättre", "neutral"
POLARITIES = (HIGHER_IS_BETTER, LOWER_IS_BETTER, NEUTRAL)
ACTUAL, BUDGET, FORECAST, TARGET = "utfall", "budget", "prognos", "mål"
KINDS = (ACTUAL, BUDGET, FORECAST, TARGET)
PERCENT = "%"
KEY_FIGURE_URL = "nyckeltal/"  # the overview of key figures on the site; each has its own page under it


def key_figure_page(metric_id: str) -> str:
    """A key figure's page, from the site's root."""
    return f"{KEY_FIGURE_URL}{metric_id}/"

# How a key figure's data are given (avrundning): exact, rounded to a number of decimals (absent: to `decimaler`),
# or, for a sum, printed by the region as the sum of its rounded parts (counts as rounded to `decimaler`).
EXACT, SUM_OF_ROUNDED_PARTS = "exakt", "delarnas summa"
HALF = Decimal("0.5")


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    unit: str
    decimals: int
    polarity: str
    aggregation: str
    description: str
    is_change: bool = False  # the figure is itself a change, always shown with + or −
    against: str = ""  # for a figure that is itself a deviation (`forandring: mot-budget`): that comparison
    parts: tuple[str, ...] = ()  # this figure is the sum of these
    whole: str | None = None  # this figure is part of that one
    line: int = 0
    exact: bool = False  # avrundning: exakt, the data are exact (kronor, counts)
    data_decimals: int | None = None  # avrundning: n, the data are rounded to n decimals (None: to `decimals`)
    sum_of_rounded_parts: bool = False  # avrundning: delarnas summa, printed as the sum of its rounded parts
    source: str | None = None  # where its numbers come from (`källa`); else the site's default

    @property
    def is_percentage(self) -> bool:
        return self.unit == PERCENT

    @property
    def rounded_to(self) -> int | None:
        """The decimals the data are rounded to; None when they are exact."""
        if self.exact:
            return None
        return self.decimals if self.data_decimals is None else self.data_decimals

    def half_unit(self) -> Decimal:
        """How far a value in the data may lie from the true one: half a unit of the last decimal it is rounded
        to (0,005 for two decimals), 0 when the data are exact."""
        return Decimal(0) if self.rounded_to is None else HALF.scaleb(-self.rounded_to)

    def format(self, value: Decimal, signed: bool = False) -> str:
        return swedish.format_quantity(value, self.unit, self.decimals, signed or self.is_change)

    def format_change(self, value: Decimal) -> str:
        """A difference: for a percentage in procentenheter, otherwise in the figure's own unit."""
        unit = swedish.PERCENTAGE_POINTS if self.is_percentage else self.unit
        return swedish.format_quantity(value, unit, self.decimals, signed=True)


@dataclass(frozen=True)
class Target:
    kind: str  # värde, minst, högst, över, under, intervall, riktning, text
    low: Decimal | None = None
    high: Decimal | None = None
    text: str = ""  # the direction, or the whole target for kind text

    _SYNTAX = (
        (re.compile(rf"(?:>=|≥)\s*({numbers.PATTERN})"), "minst"),
        (re.compile(rf"(?:<=|≤)\s*({numbers.PATTERN})"), "högst"),
        (re.compile(rf">\s*({numbers.PATTERN})"), "över"),
        (re.compile(rf"<\s*({numbers.PATTERN})"), "under"),
        (re.compile(rf"({numbers.PATTERN})"), "värde"),
    )
    DIRECTIONS = ("öka", "minska", "bibehålla")

    @classmethod
    def parse(cls, text: str) -> Target:
        text = text.strip()
        if text in cls.DIRECTIONS:
            return cls("riktning", text=text)
        if text.startswith("text:") and text[5:].strip():
            return cls("text", text=text[5:].strip())
        if match := re.fullmatch(rf"({numbers.PATTERN})\s*\.\.\s*({numbers.PATTERN})", text):
            low, high = numbers.parse_number(match.group(1)), numbers.parse_number(match.group(2))
            if low > high:
                raise ValueError(f"intervallet '{text}' börjar med det större talet; skriv det mindre först")
            return cls("intervall", low, high)
        for pattern, kind in cls._SYNTAX:
            if match := pattern.fullmatch(text):
                value = numbers.parse_number(match.group(1))
                return cls(kind, low=value if kind in ("värde", "minst", "över") else None,
                           high=value if kind in ("värde", "högst", "under") else None)
        raise ValueError(
            f"'{text}' är inget mål; skriv ett tal (16), en gräns (>=16, <=300, >0, <0), ett intervall (1..3), "
            f"en riktning ({', '.join(cls.DIRECTIONS)}) eller 'text: …'"
        )

    def is_met(self, value: Decimal) -> bool | None:
        """Whether `value` meets the target; None when the target cannot say (direction, text)."""
        match self.kind:
            case "värde":
                return value == self.low
            case "minst":
                return value >= self.low
            case "högst":
                return value <= self.high
            case "över":
                return value > self.low
            case "under":
                return value < self.high
            case "intervall":
                return self.low <= value <= self.high
        return None

    def written(self) -> str:
        """The target as written in data ('>=16', '1..3', 'öka', 'text: …'): `parse` reads it back."""
        match self.kind:
            case "värde":
                return str(self.low)
            case "minst":
                return f">={self.low}"
            case "högst":
                return f"<={self.high}"
            case "över":
                return f">{self.low}"
            case "under":
                return f"<{self.high}"
            case "intervall":
                return f"{self.low}..{self.high}"
            case "text":
                return f"text: {self.text}"
        return self.text

    def format(self, metric: Metric) -> str:
        """'16 % eller högre', '1–3 %': a target shows its numbers as written in the data."""

        def number(value: Decimal) -> str:
            return swedish.format_quantity(value, metric.unit, swedish.decimals_written(value))

        match self.kind:
            case "värde":
                return number(self.low)
            case "minst":
                return f"{number(self.low)} eller högre"
            case "högst":
                return f"{number(self.high)} eller lägre"
            case "över":
                return f"över {number(self.low)}"
            case "under":
                return f"under {number(self.high)}"
            case "intervall":
                low = swedish.format_number(self.low, swedish.decimals_written(self.low))
                return f"{low}–{number(self.high)}"
        return self.text



METRIC_SCHEMA = {
    "id": f.Field(f.title, example="sjukfranvaro"),
    "namn": f.Field(f.title, example="Sjukfrånvaro"),
    "enhet": f.Field(f.title, example="%"),
    "decimaler": f.Field(lambda v, raw: _whole_number(v), example="2"),
    "riktning": f.Field(f.choice(*POLARITIES), example=LOWER_IS_BETTER),
    "ackumulering": f.Field(f.choice(*AGGREGATIONS), example=RATE),
    "beskrivning": f.Field(f.optional_text, required=False),
    "forandring": f.Field(lambda v, raw: _change_kind(v), required=False, example="ja"),
    "summa_av": f.Field(f.sequence, required=False),
    "del_av": f.Field(f.title, required=False),
    "avrundning": f.Field(lambda v, raw: _rounding(v, raw), required=False),
    "källa": f.Field(f.title, required=False, example="Ekonomisystemet"),
}
STORED_DEVIATIONS = ("mot-budget", "mot-mål")  # what a figure that is itself a deviation may be against


def _change_kind(value: object) -> bool | str:
    """`forandring`: ja (a change over time), nej, or what the figure is a deviation from (mot-budget)."""
    if value in STORED_DEVIATIONS:
        return value
    try:
        return f.yes_no(value)
    except ValueError:
        raise ValueError(f"'{value}' ska vara ja, nej, {' eller '.join(STORED_DEVIATIONS)}") from None


def _whole_number(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise ValueError(f"'{value}' är inget heltal mellan 0 och 6")
    return value


def _rounding(value: object, raw: str | None) -> int | str:
    """avrundning: exakt, a whole number 0–6 (the decimals the data are rounded to) or delarnas summa."""
    options = f"skriv {EXACT}, {SUM_OF_ROUNDED_PARTS} eller ett heltal 0–6 (antalet decimaler som värdena är avrundade till)"
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value <= 6:
            return value
        raise ValueError(f"'{value}' är inte tillåtet; {options}")
    if value is None or (raw is not None and not raw.strip()):
        raise ValueError(f"är tomt; {options}")
    written = f.text(value, raw)
    if written not in (EXACT, SUM_OF_ROUNDED_PARTS):
        raise ValueError(f"'{written}' är inte tillåtet; {options}")
    return written


def list_under(data: object, key: str, path: Path, problems: Problems) -> YamlList | None:
    """The list under `key`, or None when the file cannot be read or has no such list (one error, already
    recorded or recorded here)."""
    if data is None:  # read_yaml has said why
        return None
    if not isinstance(data, YamlMap) or not isinstance(data.get(key), YamlList):
        problems.add(path, getattr(data, "line", 1) or 1, f"filen ska ha en lista under '{key}:'",
                     f"börja filen med raden '{key}:' och lista posterna under den med '- '")
        problems.cannot_read(path)
        return None
    unknown = [k for k in data if k != key]
    for k in unknown:
        problems.add(path, data.line_of(k), f"okänt fält '{k}'", f"filen har bara listan '{key}:'")
    return data[key]


def read_items(path: Path, key: str, kind: str, schema: dict, what: str, cause: Cause, problems: Problems):
    """Each item of the list under `key` that reads against `schema`, with its values (`what` names an item in
    messages). What cannot be read is marked unread as `kind` because of `cause`, so that nothing that refers
    to it is checked: every one when the list cannot be read, else the id an unreadable item was written with."""
    items = list_under(read_yaml(path, problems), key, path, problems)
    if items is None:
        problems.unread(kind, None, cause)
        return
    for index, item in enumerate(items):
        values = f.read_fields(item, schema, path, problems, what, items.line_of(index))
        if values is None:
            if written := f.written_id(item):
                problems.unread(kind, written, cause)
            continue
        yield item, values


def load_metrics(path: Path, problems: Problems) -> dict[str, Metric]:
    metrics: dict[str, Metric] = {}
    cause = problems.because(path, METRIC_REFERENCES)
    for item, values in read_items(path, "nyckeltal", "nyckeltal", METRIC_SCHEMA, "nyckeltalet", cause, problems):
        metric_id = values["id"]
        if not f.ID.fullmatch(metric_id):
            problems.add(path, item.line_of("id"), f"id '{metric_id}' duger inte",
                         "använd små bokstäver a–z, siffror och bindestreck, till exempel sjukfranvaro-kort")
            problems.unread("nyckeltal", metric_id, cause)
            continue
        if metric_id in metrics:
            problems.add(path, item.line_of("id"), f"nyckeltalet '{metric_id}' är definierat två gånger "
                         f"(första gången på rad {metrics[metric_id].line})", "ta bort eller döp om det ena")
            continue
        parts = tuple(str(p) for p in values.get("summa_av", ()))
        rounding = values.get("avrundning")
        if rounding == SUM_OF_ROUNDED_PARTS and not parts:
            problems.add(path, item.line_of("avrundning"), f"fältet 'avrundning' är '{SUM_OF_ROUNDED_PARTS}', men "
                         f"nyckeltalet '{metric_id}' har ingen summa_av",
                         f"'{SUM_OF_ROUNDED_PARTS}' gäller bara en summa: lägg till summa_av med delarna, eller skriv "
                         f"avrundning: {EXACT} eller antalet decimaler")
        metrics[metric_id] = Metric(
            id=metric_id, label=values["namn"], unit=values["enhet"], decimals=values["decimaler"],
            polarity=values["riktning"], aggregation=values["ackumulering"],
            description=values.get("beskrivning", ""), is_change=bool(values.get("forandring", False)),
            against=values["forandring"] if values.get("forandring") in STORED_DEVIATIONS else "", parts=parts, whole=values.get("del_av"), line=item.line,
            exact=rounding == EXACT, data_decimals=rounding if isinstance(rounding, int) else None,
            sum_of_rounded_parts=rounding == SUM_OF_ROUNDED_PARTS and bool(parts), source=values.get("källa"),
        )
    for metric in metrics.values():
        for other in (*metric.parts, *([metric.whole] if metric.whole else [])):
            if other not in metrics and not problems.skip("nyckeltal", other):
                problems.add(path, metric.line, f"nyckeltalet '{metric.id}' hänvisar till okänt nyckeltal '{other}'",
                             unknown_metric_hint(other, metrics))
    return metrics


def unknown_metric_hint(name: str, known: dict) -> str:
    """The hint for an unknown key figure: the closest known id, and where key figures are defined (the cause
    may be a changed id there)."""
    near = difflib.get_close_matches(name, known, n=1)
    return (f"menade du '{near[0]}'? " if near else "") + f"Nyckeltalen definieras i data/{METRICS_FILE}."
