"""Key-figure tables in a report (a part of builder.compute.figures.FigureContext): `{tabell id}` with the
table of data/tables.yml computed for the report's period (or its section's), a row per key figure or per
category of a dimension, a column per comparison and period, repeated for several years or months, and
subtotal and total rows checked against the rows they sum."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from builder.base import limits, swedish
from builder.base.periods import Period
from builder.base.problems import FigureError
from builder.compute import print_width
from builder.compute.comparisons import CHANGE_BASE, DEVIATIONS, OF_THE_YEAR, Ask, Cell
from builder.compute.downloads import DataRow, Dataset
from builder.compute.specs import Spec, parse_spec
from builder.read.metrics import ACTUAL, PERCENT, Metric, key_figure_page
from builder.read.tables import TOTAL, Table, TableRow, summed_rows

REPORT_TO_ROOT = "../../"  # from a report's page ({series}/{name}/) to the site's root
# Columns whose values add up over rows (levels and differences, not percentages of change or targets).
SUMMED = ("utfall", "fg-år", "helår-fg-år", "förändring", "mot-förra-månaden", "budget", "budget-helår",
          "mot-budget", "prognos", "förra-prognosen", "prognos-mot-budget", "prognos-mot-fg-år",
          "prognos-mot-förra-prognosen")
# Of those, the differences of two values (changes and deviations), shown with their sign.
DIFFERENCES = tuple(c for c in SUMMED if c in CHANGE_BASE or c in DEVIATIONS)


@dataclass(frozen=True)
class Column:
    spec: Spec
    written: str  # as in data/tables.yml, for messages and `tomma`
    years_back: int = 0
    month: int | None = None  # with `månader`: how many months before the period's end (0: its last month)

    def ask(self, metric: Metric | None, report: Period, default: Period | None,
            dimension: tuple[str, str] | None = None) -> Ask:
        ask = self.spec.ask(metric, report, default, dimension)
        if not self.years_back and self.month is None:
            return ask
        period = ask.period.shifted(-12 * self.years_back)
        if self.month is not None:
            end = period.end.shifted(-self.month)
            period = Period(end, end)
        return replace(ask, period=period)


@dataclass(frozen=True)
class Row:
    declared: TableRow
    label: str
    dimension: tuple[str, str] | None = None


class TableFigures:
    """`{tabell id}`: see the module's docstring."""

    def table(self, table_id: str) -> str:
        if table_id not in self.data.tables:
            known = ", ".join(sorted(self.data.tables)) or "inga"
            raise FigureError(f"okänd tabell '{table_id}'", f"tabellerna finns i data/tables.yml: {known}",
                              ("tabell", table_id))
        table = self.data.tables[table_id]
        columns = _columns(table)
        rows = self._rows(table)
        cells, missing, corrected = [], [], []
        for row in rows:
            metric = self.data.metrics[row.declared.metric]
            self.shown.add(metric.id)
            cells.append([])
            for column in columns:
                ask = column.ask(metric, self.period, self.default, row.dimension)
                try:
                    cell, read = self.computed(column.spec, ask)
                    name = f"{row.label}: {column.written} {ask.period}"
                    if note := self.show(f"tabell {table.id}", name, cell, ask.period, column.spec.comparison, read,
                                         metric.id):
                        corrected.append(f"{row.label}, {column.written}: {cell.text} ({note})")
                        cell = replace(cell, text=f"{cell.text} (rättat)")
                    cells[-1].append(cell)
                except FigureError as error:
                    cells[-1].append(None)  # shown as "ingen uppgift"
                    if self.published and column.written not in row.declared.may_be_empty and not (
                            error.depends_on and self.skip(*error.depends_on)):
                        missing.append((row.label, column.written, error))
        headers = with_made([c.spec.header(c.ask(None, self.period, self.default)) for c in columns], cells)
        if missing:
            raise _missing_cells(table.id, missing)
        _check_sums(table, rows, columns, headers, cells, self.data.metrics)
        caption = f"{table.caption}, {self._span(table, columns)}"
        dataset = self._offer(Dataset(
            f"tabell-{table.id}", caption, str(self.period), table.row_header, tuple(headers),
            tuple(DataRow(row.label, row.declared.metric, self.data.metrics[row.declared.metric].unit,
                          tuple(_download_value(c) for c in shown), any(c and c.illustrative for c in shown))
                  for row, shown in zip(rows, cells))))
        width = print_width.table_width_mm([row.label for row in rows], headers,
                                           [[print_width.unbroken(cell) for cell in column] for column in zip(*cells)])
        return self.templates.get_template("partials/key_figure_table.html.j2").render({
            "id": table.id,
            "print_layout": print_width.layout(width),
            "result": _result_column(columns),
            "source": self.source_line([self.data.metrics[row.declared.metric] for row in rows],
                                       self.default or self.period),
            "caption": caption,
            "row_header": table.row_header,
            "headers": [(header, c.spec.comparison != "mål") for header, c in zip(headers, columns)],
            "rows": [{"label": row.label, "cells": shown, "kind": row.declared.kind,
                      "url": REPORT_TO_ROOT + key_figure_page(row.declared.metric)} for row, shown in zip(rows, cells)],
            "illustrative": any(c and c.illustrative for shown in cells for c in shown),
            "corrected": corrected,
            "dataset": dataset,
        })

    def _rows(self, table: Table) -> list[Row]:
        """The table's rows, a row per category where a row is declared `per` a dimension."""
        rows = []
        period = self.default or self.period
        for declared in table.rows:
            if not declared.per:
                rows.append(Row(declared, declared.label))
                continue
            names = declared.categories or tuple(
                self.observations.categories(declared.metric, declared.per, period, ACTUAL))
            if not names:
                raise FigureError(f"tabellen {table.id}: {declared.metric} har inga värden per {declared.per} för "
                                  f"{period.label}", f"lägg till rader med dimension {declared.per}=… och period "
                                  f"{period} i {self.file_of(self.data.metrics[declared.metric])}",
                                  ("värden", declared.metric))
            rows += [Row(declared, name[:1].upper() + name[1:], (declared.per, name)) for name in names]
        if len(rows) > limits.TABLE_ROWS:
            raise FigureError(f"tabellen {table.id} får {len(rows)} rader; högst {limits.TABLE_ROWS} går",
                              "välj kategorierna med kategorier: på raderna med per, eller dela upp tabellen")
        return rows

    def _span(self, table: Table, columns: list[Column]) -> str:
        """The periods a table shows, for its caption: the one period of all its columns ('jan–sep 2025'), else the
        report's (or section's); the months shown ('jul–sep 2025'); or the period and the same period the years
        before."""
        asks = [c.ask(None, self.period, self.default) for c in columns]
        if table.months:
            months = [a for a, c in zip(asks, columns) if c.spec.comparison not in OF_THE_YEAR] or asks
            return Period(min(a.period.start for a in months), max(a.period.end for a in months)).short_label
        shown = {a.period for a in asks[table.years - 1::table.years]}  # the newest year's columns
        period = shown.pop() if len(shown) == 1 else self.default or self.period  # one period, or the report's
        if table.years == 2:
            return f"{period.short_label} och samma period året innan"
        if table.years > 2:
            return f"{period.short_label} och samma period de {table.years - 1} åren innan"
        return period.short_label


def _result_column(columns: list[Column]) -> int:
    """The column a phone keeps in view beside the row headers: the outcome of the report's period (of its last
    month in a table by month), else the last column."""
    return next((i for i, c in enumerate(columns) if c.spec.comparison == "utfall" and not c.years_back
                 and not c.month), len(columns) - 1)


def _columns(table: Table) -> list[Column]:
    """Each written column, for each year (the oldest first) or each month the table shows (a figure of the whole
    year once, as of the last month)."""
    specs = [(parse_spec(written.split(), written, categories=False), written) for written in table.columns]
    if table.months:
        return [Column(spec, written, month=m) for spec, written in specs
                for m in ((0,) if spec.comparison in OF_THE_YEAR else range(table.months - 1, -1, -1))]
    return [Column(spec, written, years_back=y) for spec, written in specs for y in range(table.years - 1, -1, -1)]


def _check_sums(table: Table, rows: list[Row], columns: list[Column], headers: list[str],
                cells: list[list[Cell | None]], metrics: dict[str, Metric]) -> None:
    """Every subtotal and total equals the sum of the rows it sums, within the rounding of the data: half a unit
    of each rounded value that a cell is made of (a change of two values, January to September of nine months;
    exact data must match exactly)."""
    declared = [row.declared for row in rows]
    unique = list(dict.fromkeys(declared))  # a row declared `per` a dimension stands for all its categories
    for index, row in enumerate(rows):
        if not row.declared.kind:
            continue
        total_metric = metrics[row.declared.metric]
        if total_metric.unit == PERCENT:
            continue  # shares and rates do not add up
        summed = set(summed_rows(unique, unique.index(row.declared)))
        parts = [i for i in range(index) if declared[i] in summed]
        for c, column in enumerate(columns):
            if column.spec.comparison not in SUMMED or cells[index][c] is None:
                continue
            values = [cells[i][c] for i in parts]
            if any(v is None or v.value is None for v in values):
                continue
            total = cells[index][c].value
            added = sum((v.value for v in values), Decimal(0))
            tolerance = sum((metrics[declared[i].metric].half_unit() * cells[i][c].terms for i in parts),
                            total_metric.half_unit() * cells[index][c].terms)
            if abs(total - added) > tolerance:
                what = "summan" if row.declared.kind == TOTAL else "delsumman"
                shown = (total_metric.format_change if column.spec.comparison in DIFFERENCES else total_metric.format)(added)
                raise FigureError(
                    f"tabellen {table.id}: {what} på raden {row.label} är {cells[index][c].text} i kolumnen "
                    f"{headers[c]}, men raderna den summerar ({_labels([rows[i].label for i in parts])}) blir {shown}",
                    "rätta värdena i data, eller ta bort typ: på raden om den inte är summan av raderna ovanför",
                    ("värden", total_metric.id))


def _labels(labels: list[str], shown: int = 5) -> str:
    """'A, B, C' or 'A, B, C, D, E och 7 till': a message stays short however many rows a total sums."""
    more = len(labels) - shown
    return ", ".join(labels[:shown]) + (f" och {more} till" if more > 0 else "")


def with_made(headers: list[str], rows: list[list[Cell | None]]) -> list[str]:
    """A column of budgets or forecasts made in several versions says when they were made: 'Prognos 2025 per
    augusti' when every value of the column was made then, or else each such value itself ('−178 mnkr (per
    oktober)', changed in `rows`). Returns the headers."""
    labelled = []
    for i, header in enumerate(headers):
        shown = [row[i] for row in rows if row[i] is not None]
        made = {c.made for c in shown}
        if len(made) == 1 and None not in made:
            header = f"{header} {_per(made.pop(), header)}"
        elif made - {None}:
            for row in rows:
                if row[i] is not None and row[i].made:
                    row[i] = replace(row[i], text=f"{row[i].text} ({_per(row[i].made, header)})")
        labelled.append(header)
    return labelled


def _per(month, header: str) -> str:
    """'per augusti', or 'per december 2024' when the header does not already name that year."""
    return f"per {swedish.month_name(month.month)}" + (f" {month.year}" if str(month.year) not in header else "")


def _missing_cells(table_id: str, missing: list) -> FigureError:
    """One error for a published report's table with cells that have no value: the first of them, and how many."""
    label, column, error = missing[0]
    others = len(missing) - 1
    more = f" (och {others} {'cell' if others == 1 else 'celler'} till)" if others else ""
    return FigureError(
        f"tabellen {table_id} saknar värde på raden {label}, i kolumnen {column}{more}: {error.message}",
        f"{error.hint}; eller, om cellen ska stå tom, skriv {column} under tomma på raden i data/tables.yml",
        error.depends_on)


def _download_value(cell: Cell | None):
    if cell is None:
        return None
    return cell.value if cell.value is not None else cell.text
