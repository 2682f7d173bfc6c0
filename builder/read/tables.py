"""The key-figure tables of data/tables.yml: rows of key figures (or one per category of a dimension, and
subtotals and totals), columns as written (a comparison and a period, see builder.compute.specs), and for
several years or months. The figures are computed where a report places the table (builder.compute.tables)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builder.base import limits
from builder.base.problems import Problems
from builder.read import fields as f
from builder.read.metrics import Metric, read_items, unknown_metric_hint
from builder.read.yamlio import YamlMap

TABLES_FILE = "tables.yml"
TABLE_REFERENCES = ("hänvisning till en tabell", "hänvisningar till tabeller")

SUBTOTAL, TOTAL = "delsumma", "summa"  # a table row's `typ`


@dataclass(frozen=True)
class TableRow:
    metric: str
    label: str
    may_be_empty: tuple[str, ...] = ()  # columns whose cell may have no value in a published report (`tomma`)
    per: str | None = None  # a row for each category of this dimension (`per: område`)
    categories: tuple[str, ...] = ()  # which categories, in this order (`kategorier`); all in data when empty
    kind: str = ""  # SUBTOTAL or TOTAL: the sum of the rows above it, checked and set apart (`typ`)


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    rows: tuple[TableRow, ...]
    columns: tuple[str, ...]  # as written: a comparison and a period, see builder.compute.specs
    line: int
    row_header: str = "Nyckeltal"  # the first column's header (`radrubrik`)
    years: int = 1  # each column for this many years, the oldest first (`år`)
    months: int = 0  # each column for each of this many months up to its period's end (`månader`)


TABLE_SCHEMA = {
    "id": f.Field(f.title, example="finansiella-nyckeltal"),
    "rubrik": f.Field(f.title, example="Finansiella nyckeltal"),
    "radrubrik": f.Field(f.title, required=False, example="Område"),
    "rader": f.Field(f.sequence),
    "kolumner": f.Field(f.sequence),
    "år": f.Field(f.whole_number(2, 20, "år"), required=False, example="5"),
    "månader": f.Field(f.whole_number(2, 24, "månader"), required=False, example="6"),
}
ROW_SCHEMA = {
    "nyckeltal": f.Field(f.title, example="soliditet"),
    "rubrik": f.Field(f.title, required=False),
    "tomma": f.Field(f.distinct_names, required=False, example="[mål, prognos]"),
    "per": f.Field(f.title, required=False, example="område"),
    "kategorier": f.Field(f.distinct_names, required=False, example="[primärvård, psykiatri, somatik]"),
    "typ": f.Field(f.choice(SUBTOTAL, TOTAL), required=False, example=TOTAL),
}


def load_tables(path: Path, metrics: dict[str, Metric], column_error: Callable[[str], tuple[str, str] | None],
                problems: Problems, of_the_year: Callable[[str], bool] = lambda column: False) -> dict[str, Table]:
    """The tables; `column_error` says why a column as written cannot be shown and what to write (None when it
    can), `of_the_year` whether it shows a figure of the whole year (once in a table of months)."""
    tables: dict[str, Table] = {}
    cause = problems.because(path, TABLE_REFERENCES)
    for item, values in read_items(path, "tabeller", "tabell", TABLE_SCHEMA, "tabellen", cause, problems):
        rows, row_lines, unread = [], [], None  # unread: the cause of a row whose key figure cannot be read
        for row_index, row in enumerate(values["rader"]):
            line = values["rader"].line_of(row_index)
            if isinstance(row, str):
                row = YamlMap({"nyckeltal": row})
                row.line = line
            spec = f.read_fields(row, ROW_SCHEMA, path, problems, "raden", line)
            if spec is None:
                continue
            if "per" in spec and "rubrik" in spec:  # said, and the row kept: the rows below are checked as written
                problems.add(path, line, f"raden för {spec['nyckeltal']} har både per och rubrik",
                             "en rad per kategori får kategoriernas namn som rubriker; ta bort rubrik")
                del spec["rubrik"]
            if spec["nyckeltal"] not in metrics:
                if problems.skip("nyckeltal", spec["nyckeltal"]):
                    unread = problems.cause("nyckeltal", spec["nyckeltal"])
                else:
                    problems.add(path, line, f"okänt nyckeltal '{spec['nyckeltal']}'",
                                 unknown_metric_hint(spec["nyckeltal"], metrics))
                continue
            row = TableRow(spec["nyckeltal"], spec.get("rubrik") or metrics[spec["nyckeltal"]].label,
                           tuple(" ".join(c.split()) for c in spec.get("tomma", ())), spec.get("per"),
                           spec.get("kategorier", ()), spec.get("typ", ""))
            if error := _row_error(row, rows, metrics):
                problems.add(path, line, *error)
                continue
            rows.append(row)
            row_lines.append(line)
        chosen = []
        for column_index, written in enumerate(values["kolumner"]):
            column = " ".join(str(written).split())
            line = values["kolumner"].line_of(column_index)
            if not column or column in chosen:
                problems.add(path, line, "en kolumn är tom" if not column else f"kolumnen '{column}' står två gånger",
                             "skriv varje kolumn en gång, som en jämförelse och eventuellt en period")
                continue
            if error := column_error(column):
                message, hint = error
                problems.add(path, line, f"kolumnen '{column}': {message}", hint)
                continue
            chosen.append(column)
        for row, line in zip(rows, row_lines):
            for name in row.may_be_empty:
                if name not in chosen:
                    problems.add(path, line, f"'{name}' under tomma är ingen av tabellens "
                                 "kolumner", f"skriv kolumnen som under kolumner: {', '.join(chosen)}")
        if unread:  # shown without a row, the table would not be checked: placing it is skipped too
            problems.unread("tabell", values["id"], unread)
            continue
        if not chosen:  # every column is wrong (each said so above) or none is written
            if not values["kolumner"]:
                problems.add(path, values["kolumner"].line or item.line, f"tabellen {values['id']} har inga kolumner",
                             "skriv kolumnerna under kolumner:, till exempel [utfall, fg-år, förändring]")
            problems.unread("tabell", values["id"], cause)
            continue
        if error := _shape_error(item, values, chosen, of_the_year):
            problems.add(path, *error)
            problems.unread("tabell", values["id"], cause)  # placing it is skipped, not an unknown table
            continue
        tables[values["id"]] = Table(values["id"], values["rubrik"], tuple(rows), tuple(chosen), item.line,
                                     values.get("radrubrik", "Nyckeltal"), values.get("år", 1), values.get("månader", 0))
    return tables


def _shape_error(item: YamlMap, values: dict, columns: list[str],
                 of_the_year: Callable[[str], bool]) -> tuple[int, str, str] | None:
    """What is wrong with a table's years, months and count of columns shown (line, message, hint), or None."""
    table_id, years, months = values["id"], values.get("år", 1), values.get("månader", 1)
    if "år" in values and "månader" in values:
        return (item.line_of("månader"), f"tabellen {table_id} har både år och månader",
                "en tabell visar kolumnerna antingen för flera år eller för flera månader; ta bort det ena")
    if "månader" in values and all(of_the_year(c) for c in columns):
        return (item.line_of("månader"), f"tabellen {table_id} har månader, men alla dess kolumner gäller hela året",
                "ta bort månader, eller lägg till en kolumn som gäller en period, som utfall")
    shown = sum(1 if months > 1 and of_the_year(c) else max(years, months) for c in columns)
    if shown > limits.TABLE_COLUMNS:
        return (values["kolumner"].line or item.line, f"tabellen {table_id} får {shown} kolumner; högst "
                f"{limits.TABLE_COLUMNS} går", "visa färre kolumner, år eller månader, eller dela upp tabellen")
    return None


def _row_error(row: TableRow, above: list[TableRow], metrics: dict[str, Metric]) -> tuple[str, str] | None:
    """What is wrong with a table row as declared, after the rows `above` it (message and hint), or None."""
    if any((r.metric, r.per, r.kind) == (row.metric, row.per, row.kind) for r in above):
        return f"raden för {row.metric} står två gånger i tabellen", "ta bort den ena raden"
    if row.categories and not row.per:
        return "kategorier kräver per", "skriv vilken dimension kategorierna hör till, till exempel per: område"
    if row.kind and row.per:
        return (f"en rad med typ: {row.kind} kan inte ha per", "en summa är en rad; skriv summan på en egen rad utan "
                "per, under raderna per kategori")
    if row.kind:
        parts = summed_rows(above + [row], len(above))
        if not parts:
            return f"raden {row.label} är en {row.kind} men har inga rader ovanför att summera", \
                "sätt raderna som ska summeras ovanför den"
        units = {metrics[r.metric].unit for r in parts} - {metrics[row.metric].unit}
        if units:
            return (f"raden {row.label} är en {row.kind} i {metrics[row.metric].unit}, men raderna ovanför är i "
                    f"{', '.join(sorted(units))}", "en summa summerar rader i samma enhet")
    return None


def summed_rows(rows: list[TableRow], index: int) -> list[TableRow]:
    """The rows that the subtotal or total at `index` sums: for a subtotal the rows since the previous subtotal
    or total; for a total the subtotals since the previous total and the rows after the last of them (every row
    since the previous total when there is no subtotal)."""
    since = []
    for row in reversed(rows[:index]):
        if row.kind == TOTAL:
            break
        since.append(row)
    since.reverse()
    if rows[index].kind == SUBTOTAL:
        start = max((i for i, r in enumerate(since) if r.kind == SUBTOTAL), default=-1) + 1
        return since[start:]
    last = max((i for i, r in enumerate(since) if r.kind == SUBTOTAL), default=-1)
    return [r for r in since[:last] if r.kind == SUBTOTAL] + since[last:] if last >= 0 else since
