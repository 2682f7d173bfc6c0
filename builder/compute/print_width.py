"""How wide a key-figure table is set in the PDF, estimated from its texts, so that a table too wide for a
portrait page gets a landscape one (templates/print/print.css: 9 pt Open Sans, 5 pt padding each side of a
cell; numbers do not wrap, row headers and column headers wrap between words)."""

from __future__ import annotations

PORTRAIT_MM = 168  # A4's 210 mm less the page margins
LANDSCAPE_MM = 255  # 297 mm less the margins
CHARACTER_MM = 1.85  # a character of 9 pt Open Sans, on the generous side (digits are 1.8 mm)
PADDING_MM = 3.6
ROW_HEADER_MM = 45  # a row header wraps once it is wider than this

LANDSCAPE = "liggande"  # the class of a table set on a landscape page
TOO_WIDE = "for-bred"  # and of one too wide even for that: its numbers may then wrap too


def _longest_word(text: str) -> str:
    return max(text.split(), key=len, default="")


def unbroken(cell) -> str:
    """What of a table cell cannot wrap: a number with its unit whole, of a text (a target) its longest word."""
    if cell is None:
        return "–"
    return cell.text if cell.numeric else _longest_word(cell.text)


def table_width_mm(row_labels: list[str], headers: list[str], columns: list[list[str]]) -> float:
    """The width the table needs: its row headers (wrapped) and each column's widest number or header word."""
    row_header = max(min(max((len(t) for t in row_labels), default=0) * CHARACTER_MM, ROW_HEADER_MM),
                     max((len(_longest_word(t)) for t in row_labels), default=0) * CHARACTER_MM)
    widths = [max(max((len(t) for t in texts), default=0), len(_longest_word(header))) * CHARACTER_MM
              for header, texts in zip(headers, columns)]
    return row_header + sum(widths) + PADDING_MM * (1 + len(widths))


def layout(width_mm: float) -> str:
    """The table's print classes: none on a portrait page, a landscape page, or that and wrapping numbers."""
    if width_mm <= PORTRAIT_MM:
        return ""
    return LANDSCAPE if width_mm <= LANDSCAPE_MM else f"{LANDSCAPE} {TOO_WIDE}"
