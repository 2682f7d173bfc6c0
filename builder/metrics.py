"""Key figures: their definitions (data/metrics.yml), observations (data/*.csv) and tables (data/tables.yml).

A target (kind `mål`) is typed, never forced into a number: a value, a threshold (`>=16`, `<=300`,
`>0`), a range (`1..3`), a direction (`öka`, `minska`, `bibehålla`) or plain text (`text: …`).
"""

from __future__ import annotations

import csv
import io
import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal
from pathlib import Path

from builder import fields as f
from builder import limits, numbers, swedish
from builder.inputs import read_text
from builder.model import Period
from builder.problems import Problems
from builder.yamlio import YamlList, YamlMap, read_yaml

METRICS_FILE = "metrics.yml"
TABLES_FILE = "tables.yml"

SUM, LAST, RATE = "summa", "senaste", "andel"  # flows add up; stocks take the last value; rates do neither
AGGREGATIONS = (SUM, LAST, RATE)
HIGHER_IS_BETTER, LOWER_IS_BETTER, NEUTRAL = "högre är bättre", "lägre är bättre", "neutral"
POLARITIES = (HIGHER_IS_BETTER, LOWER_IS_BETTER, NEUTRAL)
ACTUAL, BUDGET, FORECAST, TARGET = "utfall", "budget", "prognos", "mål"
KINDS = (ACTUAL, BUDGET, FORECAST, TARGET)
PERCENT = "%"


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
    parts: tuple[str, ...] = ()  # this figure is the sum of these
    whole: str | None = None  # this figure is part of that one
    line: int = 0

    @property
    def is_percentage(self) -> bool:
        return self.unit == PERCENT

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



@dataclass(frozen=True)
class Observation:
    metric: str
    period: Period
    kind: str
    value: Decimal | None  # None for a target
    target: Target | None
    dimension: tuple[str, str] | None  # ('kön', 'kvinnor')
    illustrative: bool
    note: str  # shown after the value, e.g. 'i normalfallet'
    path: str
    line: int

    @property
    def key(self) -> tuple:
        return (self.metric, self.period, self.kind, self.dimension)


@dataclass(frozen=True)
class TableRow:
    metric: str
    label: str


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    rows: tuple[TableRow, ...]
    columns: tuple[str, ...]  # comparisons, see builder.figures.COMPARISONS
    line: int


@dataclass
class Data:
    metrics: dict[str, Metric] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict = field(default_factory=dict)  # id -> builder.charts.ChartDefinition
    plans: dict = field(default_factory=dict)  # year -> builder.goals.Plan
    files: dict[str, str] = field(default_factory=dict)  # key figure id -> the data file that holds its values


METRIC_SCHEMA = {
    "id": f.Field(f.title, example="sjukfranvaro"),
    "namn": f.Field(f.title, example="Sjukfrånvaro"),
    "enhet": f.Field(f.title, example="%"),
    "decimaler": f.Field(lambda v, raw: _whole_number(v), example="2"),
    "riktning": f.Field(f.choice(*POLARITIES), example=LOWER_IS_BETTER),
    "ackumulering": f.Field(f.choice(*AGGREGATIONS), example=RATE),
    "beskrivning": f.Field(f.optional_text, required=False),
    "forandring": f.Field(f.yes_no, required=False),
    "summa_av": f.Field(f.sequence, required=False),
    "del_av": f.Field(f.title, required=False),
}
TABLE_SCHEMA = {
    "id": f.Field(f.title, example="finansiella-nyckeltal"),
    "rubrik": f.Field(f.title, example="Finansiella nyckeltal"),
    "rader": f.Field(f.sequence),
    "kolumner": f.Field(f.sequence),
}
ROW_SCHEMA = {
    "nyckeltal": f.Field(f.title, example="soliditet"),
    "rubrik": f.Field(f.title, required=False),
}
CSV_COLUMNS = ("nyckeltal", "period", "typ", "varde", "dimension", "illustrativ", "text")
CSV_REQUIRED = ("nyckeltal", "period", "typ", "varde")



def _whole_number(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise ValueError(f"'{value}' är inget heltal mellan 0 och 6")
    return value


def load_data(data_dir: Path, problems: Problems, table_columns: tuple[str, ...]) -> Data:
    data = Data()
    metrics_file = data_dir / METRICS_FILE
    if not metrics_file.is_file():
        for orphan in sorted(data_dir.glob("*.csv")) if data_dir.is_dir() else []:
            problems.add(orphan, 0, f"det finns inga nyckeltal definierade för värdena i {orphan.name}",
                         f"skapa data/{METRICS_FILE} med nyckeltalen")
        return data
    data.metrics = _load_metrics(metrics_file, problems)
    seen: dict[tuple, Observation] = {}  # across all files: the same value may stand only once
    for csv_file in sorted(data_dir.glob("*.csv")):
        data.observations += _load_observations(csv_file, data.metrics, seen, problems)
    for observation in data.observations:
        data.files.setdefault(observation.metric, observation.path)
    tables_file = data_dir / TABLES_FILE
    if tables_file.is_file():
        data.tables = _load_tables(tables_file, data.metrics, table_columns, problems)
    return data


def _list_under(data: object, key: str, path: Path, problems: Problems) -> YamlList:
    if not isinstance(data, YamlMap) or not isinstance(data.get(key), YamlList):
        problems.add(path, getattr(data, "line", 1) or 1, f"filen ska ha en lista under '{key}:'",
                     f"börja filen med raden '{key}:' och lista posterna under den med '- '")
        return YamlList()
    unknown = [k for k in data if k != key]
    for k in unknown:
        problems.add(path, data.line_of(k), f"okänt fält '{k}'", f"filen har bara listan '{key}:'")
    return data[key]


def _load_metrics(path: Path, problems: Problems) -> dict[str, Metric]:
    metrics: dict[str, Metric] = {}
    items = _list_under(read_yaml(path, problems), "nyckeltal", path, problems)
    for index, item in enumerate(items):
        values = f.read_fields(item, METRIC_SCHEMA, path, problems, "nyckeltalet", items.line_of(index))
        if values is None:
            continue
        metric_id = values["id"]
        if not f.ID.fullmatch(metric_id):
            problems.add(path, item.line_of("id"), f"id '{metric_id}' duger inte",
                         "använd små bokstäver a–z, siffror och bindestreck, till exempel sjukfranvaro-kort")
            continue
        if metric_id in metrics:
            problems.add(path, item.line_of("id"), f"nyckeltalet '{metric_id}' är definierat två gånger "
                         f"(första gången på rad {metrics[metric_id].line})", "ta bort eller döp om det ena")
            continue
        parts = tuple(str(p) for p in values.get("summa_av", ()))
        metrics[metric_id] = Metric(
            id=metric_id, label=values["namn"], unit=values["enhet"], decimals=values["decimaler"],
            polarity=values["riktning"], aggregation=values["ackumulering"],
            description=values.get("beskrivning", ""), is_change=values.get("forandring", False), parts=parts, whole=values.get("del_av"), line=item.line,
        )
    for metric in metrics.values():
        for other in (*metric.parts, *([metric.whole] if metric.whole else [])):
            if other not in metrics:
                problems.add(path, metric.line, f"nyckeltalet '{metric.id}' hänvisar till okänt nyckeltal '{other}'",
                             unknown_metric_hint(other, metrics))
    return metrics


def unknown_metric_hint(name: str, known: dict) -> str:
    """The hint for an unknown key figure: the closest known id, and where key figures are defined (the cause
    may be a changed id there)."""
    near = difflib.get_close_matches(name, known, n=1)
    return (f"menade du '{near[0]}'? " if near else "") + f"Nyckeltalen definieras i data/{METRICS_FILE}."


def _load_observations(path: Path, metrics: dict[str, Metric], seen: dict[tuple, Observation],
                       problems: Problems) -> list[Observation]:
    text = read_text(path, problems, limits.CSV_BYTES)
    if text is None:
        return []
    # The csv module refuses cells over 128 kB on its own, without a line number; cells are measured below.
    csv.field_size_limit(max(csv.field_size_limit(), limits.CSV_BYTES))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _read_rows(reader, path, metrics, seen, problems)
    except csv.Error as error:  # a cell over the csv module's own limit, or a quote that never closes
        problems.add(path, reader.line_num, f"raden kan inte läsas som CSV ({error})",
                     f"en cell får ha högst {limits.CSV_CELL_CHARS} tecken; kontrollera att varje citattecken stängs")
        return []


def _read_rows(reader: csv.DictReader, path: Path, metrics: dict[str, Metric], seen: dict[tuple, Observation],
               problems: Problems) -> list[Observation]:
    observations: list[Observation] = []
    header = reader.fieldnames or []
    missing = [c for c in CSV_REQUIRED if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if missing or unknown:
        what = "; ".join(filter(None, [
            f"kolumnerna {', '.join(missing)} saknas" if missing else "",
            f"okända kolumner {', '.join(unknown)}" if unknown else "",
        ]))
        problems.add(path, 1, f"första raden ska namnge kolumnerna: {what}",
                     f"skriv första raden som {','.join(CSV_COLUMNS)}")
        return []
    relative = problems.relative(path)
    for row in reader:
        line = reader.line_num
        longest = max((len(c) for c in _cells(row)), default=0)
        if longest > limits.CSV_CELL_CHARS:
            problems.add(path, line, f"en cell har {longest} tecken; högst {limits.CSV_CELL_CHARS} tillåts",
                         "korta texten; en längre förklaring hör hemma i nyckeltalets beskrivning i metrics.yml")
            continue
        observation = _observation(row, relative, line, metrics, path, problems)
        if observation is None:
            continue
        if observation.key in seen:
            first = seen[observation.key]
            where = f"rad {first.line}" if first.path == relative else f"{first.path} rad {first.line}"
            problems.add(path, line, f"{observation.metric} {observation.period} ({observation.kind}"
                         f"{', ' + '='.join(observation.dimension) if observation.dimension else ''}) "
                         f"finns redan på {where}", "ta bort den ena raden")
            continue
        seen[observation.key] = observation
        observations.append(observation)
    return observations


def _cells(row: dict) -> list[str]:
    """Every cell of a DictReader row, the ones beyond the header too."""
    extra = row.get(None) or []
    return [c for k, c in row.items() if k is not None and isinstance(c, str)] + list(extra)


def _observation(row: dict, relative: str, line: int, metrics: dict[str, Metric], path: Path,
                 problems: Problems) -> Observation | None:
    cells = {key: (row.get(key) or "").strip() for key in CSV_COLUMNS}
    ok = True
    metric_id = cells["nyckeltal"]
    if metric_id not in metrics:
        problems.add(path, line, f"okänt nyckeltal '{metric_id}'", unknown_metric_hint(metric_id, metrics))
        ok = False
    try:
        period = parse_data_period(cells["period"])
    except ValueError as error:
        problems.add(path, line, f"perioden: {error}")
        ok = False
    kind = cells["typ"]
    if kind not in KINDS:
        problems.add(path, line, f"typen '{kind}' finns inte", f"välj {', '.join(KINDS)}")
        ok = False
    value = target = None
    if kind == TARGET:
        try:
            target = Target.parse(cells["varde"])
        except ValueError as error:
            problems.add(path, line, f"målet {error}")
            ok = False
    else:
        try:
            value = numbers.parse_number(cells["varde"])
        except ValueError as error:
            problems.add(path, line, str(error))
            ok = False
    dimension = None
    if cells["dimension"]:
        name, equals, category = cells["dimension"].partition("=")
        if not equals or not name.strip() or not category.strip():
            problems.add(path, line, f"dimensionen '{cells['dimension']}' ska skrivas namn=kategori",
                         "till exempel kön=kvinnor eller ort=Gällivare")
            ok = False
        else:
            dimension = (name.strip(), category.strip())
    if cells["illustrativ"] not in ("", "ja"):
        problems.add(path, line, f"illustrativ ska vara 'ja' eller tom, inte '{cells['illustrativ']}'")
        ok = False
    if not ok:
        return None
    return Observation(metric_id, period, kind, value, target, dimension, cells["illustrativ"] == "ja",
                       cells["text"], relative, line)


@lru_cache(maxsize=4096)  # a data file repeats a handful of periods on thousands of rows
def parse_data_period(text: str) -> Period:
    """'2025-09', '2025-01..2025-09', or '2024' for the whole calendar year."""
    if re.fullmatch(r"[0-9]{4}", text.strip()):
        return Period.parse(f"{text.strip()}-01..{text.strip()}-12")
    return Period.parse(text)


def data_period_text(period: Period) -> str:
    """The period as written in data, which parse_data_period reads back: a whole calendar year as '2024'."""
    if period.start.month == 1 and period.end.month == 12 and period.start.year == period.end.year:
        return str(period.end.year)
    return str(period)


def _load_tables(path: Path, metrics: dict[str, Metric], columns: tuple[str, ...], problems: Problems) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    items = _list_under(read_yaml(path, problems), "tabeller", path, problems)
    for index, item in enumerate(items):
        values = f.read_fields(item, TABLE_SCHEMA, path, problems, "tabellen", items.line_of(index))
        if values is None:
            continue
        rows = []
        for row_index, row in enumerate(values["rader"]):
            line = values["rader"].line_of(row_index)
            if isinstance(row, str):
                row = YamlMap({"nyckeltal": row})
                row.line = line
            spec = f.read_fields(row, ROW_SCHEMA, path, problems, "raden", line)
            if spec is None:
                continue
            if spec["nyckeltal"] not in metrics:
                problems.add(path, line, f"okänt nyckeltal '{spec['nyckeltal']}'", unknown_metric_hint(spec["nyckeltal"], metrics))
                continue
            rows.append(TableRow(spec["nyckeltal"], spec.get("rubrik") or metrics[spec["nyckeltal"]].label))
        chosen = []
        for column_index, column in enumerate(values["kolumner"]):
            if column not in columns:
                problems.add(path, values["kolumner"].line_of(column_index), f"okänd kolumn '{column}'",
                             f"välj bland {', '.join(columns)}")
                continue
            chosen.append(column)
        tables[values["id"]] = Table(values["id"], values["rubrik"], tuple(rows), tuple(chosen), item.line)
    return tables
