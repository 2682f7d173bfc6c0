"""Data for download, in three formats: CSV for Swedish spreadsheets, CSV with comma and decimal point, JSON.

The Swedish CSV is what Excel in Swedish opens correctly with a double click: UTF-8 with a byte order
mark, semicolons, decimal comma. Numbers in every format are plain: hyphen-minus, no digit grouping,
no unit, and the full value behind the formatted figure.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal

Value = Decimal | str | None  # a number; a text (such as a target written in words); or no value

SWEDISH, INTERNATIONAL, JSON = "sv.csv", "csv", "json"
FORMATS = (SWEDISH, INTERNATIONAL, JSON)
FOLDER = "data/"  # beside the report's page


@dataclass(frozen=True)
class DataRow:
    label: str
    metric: str  # the key figure's id, or '' when the row is not one key figure
    unit: str
    values: tuple[Value, ...]  # one per column
    illustrative: bool


@dataclass(frozen=True)
class Dataset:
    """The data behind one table or chart of a report."""

    name: str  # file name without extension: 'tabell-finansiella-nyckeltal'
    title: str
    period: str  # the report's period as written in data: '2025-01..2025-09'
    row_header: str
    columns: tuple[str, ...]
    rows: tuple[DataRow, ...]

    def file_name(self, form: str) -> str:
        return file_name(self.name, form)

    def files(self) -> dict[str, bytes]:
        """File name -> contents, for each format."""
        return {self.file_name(form): encode(self, form) for form in FORMATS}

    @property
    def has_metrics(self) -> bool:
        return any(row.metric for row in self.rows)


def file_name(stem: str, form: str) -> str:
    """'observationer-sv.csv' (Swedish spreadsheets), 'observationer.csv', 'observationer.json'."""
    return f"{stem}-sv.csv" if form == SWEDISH else f"{stem}.{form}"


def number_text(value: Decimal, swedish: bool) -> str:
    text = format(value, "f")
    return text.replace(".", ",") if swedish else text


def cell_text(value: Value, swedish: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number_text(value, swedish)
    return value.replace("\u00a0", " ").replace("\u2212", "-")  # a text such as a target, for any spreadsheet


_NUMBER = {False: re.compile(r"-?[0-9]+(\.[0-9]+)?"), True: re.compile(r"-?[0-9]+(,[0-9]+)?")}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A formula character after a comma or semicolon starts a cell when the file is opened with the other
# separator (a Swedish Excel reads the comma file with ';').
_FORMULA_INSIDE = re.compile(r"([,;]\s*)(?=[=+\-@])")


def spreadsheet_safe(text: str, swedish: bool) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula (=, +, -, @, tab, carriage return;
    spaces before them too) gets a leading apostrophe, unless it is a number as this file writes numbers
    (-5.94, or -5,94 in the Swedish files); so does each part of it after a comma or a semicolon. Texts
    come from editors, and a cell such as =HYPERLINK(…) would otherwise run."""
    if _NUMBER[swedish].fullmatch(text):
        return text
    text = _FORMULA_INSIDE.sub(r"\1'", text)
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_START) else text


def csv_bytes(header: list[str], rows: list[list[Value]], swedish: bool) -> bytes:
    """RFC 4180 CSV; for Swedish spreadsheets with BOM, ';' and decimal comma. Every cell spreadsheet-safe."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if swedish else ",", lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(h, swedish) for h in header])
    writer.writerows([spreadsheet_safe(cell_text(v, swedish), swedish) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig" if swedish else "utf-8")


def json_bytes(document: object) -> bytes:
    """JSON, indented, with every Decimal written as the number it is, digit for digit (not via a float)."""
    return (_json(document, "") + "\n").encode("utf-8")


def _json(node: object, indent: str) -> str:
    inner = indent + "  "
    if isinstance(node, Decimal):
        return format(node, "f")
    if isinstance(node, dict):
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_json(v, inner)}" for k, v in node.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}" if items else "{}"
    if isinstance(node, (list, tuple)):
        items = [inner + _json(v, inner) for v in node]
        return "[\n" + ",\n".join(items) + f"\n{indent}]" if items else "[]"
    return json.dumps(node, ensure_ascii=False)


def encode(dataset: Dataset, form: str) -> bytes:
    if form == JSON:
        return json_bytes({
            "titel": dataset.title,
            "period": dataset.period,
            "kolumner": list(dataset.columns),
            "rader": [{
                "rubrik": row.label,
                **({"nyckeltal": row.metric} if dataset.has_metrics else {}),
                "enhet": row.unit,
                "varden": dict(zip(dataset.columns, row.values)),
                "illustrativ": row.illustrative,
            } for row in dataset.rows],
        })
    header = [dataset.row_header, *(["Nyckeltal-id"] if dataset.has_metrics else []), "Enhet", *dataset.columns,
              "Illustrativ"]
    rows = [[row.label, *([row.metric] if dataset.has_metrics else []), row.unit, *row.values,
             "ja" if row.illustrative else "nej"] for row in dataset.rows]
    return csv_bytes(header, rows, swedish=form == SWEDISH)
