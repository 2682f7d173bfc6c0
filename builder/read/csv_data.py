"""Observations from the CSV files in data/: one row per key figure, period, kind and category."""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from functools import cached_property
from decimal import Decimal
from pathlib import Path

from builder.base import limits, numbers
from builder.base.periods import Month, Period
from builder.base.problems import Problems
from builder.read.inputs import read_text
from builder.read.metrics import BUDGET, FORECAST, KINDS, METRIC_REFERENCES, TARGET, Metric, Target, unknown_metric_hint

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
    made: Month | None = None  # the month a budget or forecast was made in; None: not dated

    @property
    def key(self) -> tuple:
        """What the value is of: one row per key in all of data/ (a forecast once per month it was made)."""
        return (self.metric, self.period, self.kind, self.dimension, self.made)

    @property
    def series(self) -> tuple:
        """The key without the month it was made in: the versions of one budget or forecast share it."""
        return (self.metric, self.period, self.kind, self.dimension)

    @cached_property  # once per row: a build records each row for every figure computed from it
    def recorded(self) -> tuple[str, str]:
        """The row as a publication records it (builder.read.record), its key and value:
        ('sjukfranvaro 2025-09 utfall kön=kvinnor', '5.94'); a forecast or budget with the month it was made
        ('… prognos lagd 2025-08'). Never a file's line number."""
        key = f"{self.metric} {self.period} {self.kind}"
        if self.dimension:
            key += f" {'='.join(self.dimension)}"
        if self.made:
            key += f" lagd {self.made}"
        value = format(self.value, "f") if self.value is not None else self.target.written() if self.target else ""
        return key, value


FIRST_LINE = "nyckeltal,period,typ,varde,dimension,illustrativ,text"  # and `,lagd` where versions are dated
CSV_COLUMNS = (*FIRST_LINE.split(","), "lagd")
DATED_KINDS = (BUDGET, FORECAST)  # the kinds that may say when they were made (`lagd`)
CSV_REQUIRED = ("nyckeltal", "period", "typ", "varde")



def load_observations(path: Path, metrics: dict[str, Metric], seen: dict[tuple, Observation],
                       problems: Problems) -> list[Observation]:
    """The file's observations. A file that cannot be read is one error; a value a reference needs that could
    have been in it (or in a row with an error) is then not reported as missing (Problems.unread)."""
    text = read_text(path, problems, limits.CSV_BYTES)
    if text is None:
        _unread_values(path, _written_ids(path), problems, whole=True)
        return []
    # The csv module refuses cells over 128 kB on its own, without a line number; cells are measured below.
    csv.field_size_limit(max(csv.field_size_limit(), limits.CSV_BYTES))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _read_rows(reader, _lines(text), path, metrics, seen, problems)
    except csv.Error as error:  # a cell over the csv module's own limit
        problems.add(path, reader.line_num, f"raden kan inte läsas som CSV ({error})",
                     f"en cell får ha högst {limits.CSV_CELL_CHARS} tecken; kontrollera att varje citattecken stängs")
        _unread_values(path, _first_cells(_lines(text)[1:]), problems, whole=True)
        return []


def _written_ids(path: Path) -> set[str] | None:
    """The key figures a file that cannot be read seems to name (the first cell of each line), or None when
    not even that can be told."""
    try:
        if path.is_symlink() or path.stat().st_size > limits.CSV_BYTES:
            return None
        return _first_cells(_lines(path.read_bytes().decode("utf-8", "replace"))[1:])
    except OSError:
        return None


def _lines(text: str) -> list[str]:
    """The lines as the csv module counts them."""
    return io.StringIO(text, newline="").readlines()


def _first_cells(lines: list[str]) -> set[str]:
    return {re.split(r"[,;\t]", line, maxsplit=1)[0].strip().strip('"').strip() for line in lines} - {""}


def _unread_values(path: Path, ids: set[str] | None, problems: Problems, whole: bool = False) -> None:
    """Values of these key figures (None: of any) may be missing because of the error in `path`."""
    if whole:
        problems.cannot_read(path)
    cause = problems.because(path, METRIC_REFERENCES)
    for metric_id in [None] if ids is None else sorted(ids):
        problems.unread("värden", metric_id, cause)


def _read_rows(reader: csv.DictReader, lines: list[str], path: Path, metrics: dict[str, Metric],
               seen: dict[tuple, Observation], problems: Problems) -> list[Observation]:
    observations: list[Observation] = []
    header = reader.fieldnames or []
    missing = [c for c in CSV_REQUIRED if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if missing or unknown:
        what = "; ".join(filter(None, [
            f"kolumnerna {', '.join(missing)} saknas" if missing else "",
            f"okända kolumner {', '.join(_with_guess(c) for c in unknown)}" if unknown else "",
        ]))
        problems.add(path, 1, f"första raden ska namnge kolumnerna: {what}",
                     f"skriv första raden som {FIRST_LINE}, med ,lagd sist där budgetar eller prognoser är daterade")
        _unread_values(path, _first_cells(lines[1:]), problems, whole=True)
        return []
    relative = problems.relative(path)
    cause = problems.because(path, METRIC_REFERENCES)
    end = reader.line_num
    for row in reader:
        start, end = end + 1, reader.line_num
        while start < end and not lines[start - 1].strip():  # the blank lines the reader passed over
            start += 1
        line = end
        if start < end:  # a quote that does not close on its line takes in the lines after it
            problems.add(path, start, f"ett citattecken stängs inte på samma rad, så raderna {start}–{end} läses "
                         "som en enda cell", 'sätt ett " sist i cellen, eller ta bort citattecknet')
            _unread_values(path, _first_cells(lines[start - 1:end]), problems)
            continue
        longest = max((len(c) for c in _cells(row)), default=0)
        if longest > limits.CSV_CELL_CHARS:
            problems.add(path, line, f"en cell har {longest} tecken; högst {limits.CSV_CELL_CHARS} tillåts",
                         "korta texten; en längre förklaring hör hemma i nyckeltalets beskrivning i metrics.yml")
            _unread_values(path, _first_cells(lines[line - 1:line]), problems)
            continue
        extra = [c for c in row.get(None) or [] if c.strip()]
        if extra:
            hint = ("lägg till ,lagd sist på första raden, så att kolumnen med månaden då prognosen eller budgeten "
                    "lades finns" if "lagd" not in header and len(extra) == 1 else
                    "ta bort cellerna för mycket; ett tal skrivs med decimalpunkt, och en text med kommatecken "
                    "sätts inom citattecken")
            problems.add(path, line, f"raden har {len(header) + len(row[None])} celler, men första raden namnger "
                         f"{len(header)} kolumner", hint)
            _unread_values(path, _first_cells(lines[line - 1:line]), problems)
            continue
        observation = _observation(row, relative, line, metrics, path, problems)
        if observation is None:
            metric_id = (row.get("nyckeltal") or "").strip()
            if metric_id in metrics:  # a reference to it may need the value the row was meant to give
                problems.unread("värden", metric_id, cause)
            continue
        if observation.key in seen:
            first = seen[observation.key]
            where = f"rad {first.line}" if first.path == relative else f"{first.path} rad {first.line}"
            made = f", lagd {observation.made}" if observation.made else ""
            problems.add(path, line, f"{observation.metric} {observation.period} ({observation.kind}"
                         f"{', ' + '='.join(observation.dimension) if observation.dimension else ''}{made}) "
                         f"finns redan på {where}",
                         "ta bort den ena raden" + ("" if observation.kind not in DATED_KINDS or observation.made else
                                                    ", eller skriv i kolumnen lagd vilken månad varje version gjordes"))
            continue
        seen[observation.key] = observation
        observations.append(observation)
    return observations


def _with_guess(column: str) -> str:
    """An unknown column's name, with the column it was probably meant to be ('Lagd (menade du lagd?)')."""
    near = difflib.get_close_matches(column.strip().lower(), CSV_COLUMNS, n=1)
    return f"{column} (menade du {near[0]}?)" if near else column


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
        if not problems.skip("nyckeltal", metric_id):  # unless metrics.yml could not say
            problems.add(path, line, f"okänt nyckeltal '{metric_id}'", unknown_metric_hint(metric_id, metrics))
        ok = False
    try:
        period = Period.parse(cells["period"])
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
    made = None
    if cells["lagd"]:
        if kind not in DATED_KINDS:
            problems.add(path, line, f"kolumnen lagd gäller bara budget och prognos, inte {kind or 'en tom typ'}",
                         "lämna lagd tom på den här raden")
            ok = False
        else:
            try:
                made = Month.parse(cells["lagd"])
            except ValueError as error:
                problems.add(path, line, f"lagd: {error}", "skriv månaden då budgeten eller prognosen gjordes")
                ok = False
    if cells["illustrativ"] not in ("", "ja"):
        problems.add(path, line, f"illustrativ ska vara 'ja' eller tom, inte '{cells['illustrativ']}'")
        ok = False
    if not ok:
        return None
    return Observation(metric_id, period, kind, value, target, dimension, cells["illustrativ"] == "ja",
                       cells["text"], relative, line, made)
