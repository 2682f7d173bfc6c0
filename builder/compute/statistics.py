"""How many of a report's numbers come from data: what `rapport check --statistik` counts.

Counted in the Markdown source of the report's sections and of the text blocks they take in, parsed the way
the site parses it, so that code, link addresses, HTML comments and the front matter are left out:

- references: each `{nyckeltal …}` in the prose (not a table, chart, text block or goal table placed);
- computed table cells: the rows × columns (× years or months) of each `{tabell id}` placed, a row declared
  `per` a dimension counting its named categories (or one);
- typed numbers: numbers written with digits in the prose, its headings and its Markdown tables. A group of
  thousands (997 547), a decimal (1,1), a sign (−82) and a range (12–13) make one number each. Years (a
  four-digit 1900–2099, or a range of them) and dates (25 april, 1 november 2025, vecka 42, 2025-10-21) are
  counted apart and not as typed numbers. Numbers written as words (två, sju) are not counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.token import Token

from builder.base import limits, swedish
from builder.read.inputs import UnreadableFile, load_text
from builder.read.markdown import FIGURE, TEXT_BLOCK, parser
from builder.read.tables import Table
from builder.read.model import Report
from builder.read.sections import find_text_block

_SPACE = "[ \u00a0\u202f]"  # also the no-break spaces in 997 547 and 25 april
_MONTHS = (f"(?:{'|'.join(swedish.month_names())}"  # the words of builder.base.swedish, and their short forms
           f"|(?:{'|'.join(swedish.short_month_name(m) for m in range(1, 13))}|sept)\\.?)(?!\\w)")
_YEAR = r"(?:19|20)\d\d"
_ISO_DATE = _YEAR + r"-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?(?!\d)"
_DAY_DATE = rf"\d{{1,2}}(?:[–-]\d{{1,2}})?{_SPACE}{_MONTHS}(?:{_SPACE}{_YEAR}(?!\d))?"
_WEEK = rf"(?:vecka|veckorna|v\.){_SPACE}?\d{{1,2}}(?:{_SPACE}?[–-]{_SPACE}?\d{{1,2}})?(?!\d)"
_UNSIGNED = rf"(?:\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d)|\d+)(?:[,.:]\d+)?"
_RANGE = rf"(?:[–/-]|{_SPACE}–{_SPACE})"
_NUMBER = rf"[-−–+]?{_UNSIGNED}(?:{_RANGE}[-−]?{_UNSIGNED})?(?!\w)"
# Not inside a word or a code (covid-19, RS-2025-182, km2, 5G), nor the decimals of a number already read.
_START = r"(?<![\w,.])(?<!\w[-–/])"
FOUND = re.compile(rf"{_START}(?:(?P<date>{_ISO_DATE}|{_DAY_DATE}|{_WEEK})|(?P<number>{_NUMBER}))", re.IGNORECASE)
YEARS = re.compile(rf"{_YEAR}(?:{_RANGE}(?:{_YEAR}|\d\d))?")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
_MASK = "\x00"  # what stands in for text that is not counted, so that offsets into the text still hold
CONTEXT_WORDS = 3  # words shown on either side of a typed number


@dataclass(frozen=True)
class Number:
    """A number written by hand, where it stands."""

    path: Path
    line: int
    text: str  # as written: '997 547', '1,1', '12–13'
    context: str  # the number with a few words on either side


@dataclass(frozen=True)
class Statistics:
    references: int  # key-figure references in the prose
    table_cells: int  # cells of the key-figure tables placed
    tables: int  # key-figure tables placed
    typed: tuple[Number, ...]  # numbers written by hand
    dates: tuple[Number, ...]  # years and dates, not counted as typed numbers

    @property
    def share(self) -> int | None:
        """References as a whole percentage of references and typed numbers; None when there are neither."""
        total = self.references + len(self.typed)
        return (200 * self.references + total) // (2 * total) if total else None


def statistics(report: Report, tables: dict[str, Table]) -> Statistics:
    """Count the report's references, computed table cells and typed numbers (`tables`: data/tables.yml)."""
    counter = _Counter(tables)
    for section in report.sections:
        folder = section.path.parent
        counter.read(section.body, section.path, section.body_line, lambda block_id: find_text_block(folder, block_id))
    return Statistics(counter.references, counter.cells, counter.tables_placed, tuple(counter.typed),
                      tuple(counter.dates))


@dataclass
class _Counter:
    tables: dict[str, Table]
    references: int = 0
    cells: int = 0
    tables_placed: int = 0
    typed: list[Number] = field(default_factory=list)
    dates: list[Number] = field(default_factory=list)

    def read(self, text: str, path: Path, first_line: int, textblocks: Callable[[str], Path | None] | None) -> None:
        """Count one Markdown text (`first_line`: its first line in `path`); `textblocks` finds a text block it
        takes in (None inside a text block, which cannot take in another)."""
        text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)  # lines keep their numbers
        tokens = parser().parse(text)
        lines = text.splitlines()
        for index, token in enumerate(tokens):
            if token.type != "inline" or not token.map:
                continue
            if tokens[index - 1].type == "paragraph_open" and self._placed(token.content.strip(), textblocks):
                continue
            # a cell of a Markdown table is shown with its row
            row = lines[token.map[0]] if tokens[index - 1].type in ("th_open", "td_open") else None
            self._inline(token, path, first_line + token.map[0], row)

    def _placed(self, paragraph: str, textblocks: Callable[[str], Path | None] | None) -> bool:
        """Count a paragraph that places a table, chart, goal table or text block; False for any other."""
        if figure := FIGURE.fullmatch(paragraph):
            kind, name = figure.groups()
            if kind == "tabell" and name in self.tables:
                table = self.tables[name]
                self.tables_placed += 1
                rows = sum(len(r.categories) or 1 for r in table.rows)  # a row per category: the ones named
                self.cells += rows * len(table.columns) * max(table.years, table.months)
            return True
        if include := TEXT_BLOCK.fullmatch(paragraph):
            path = textblocks(include.group(1)) if textblocks else None
            if path is not None:
                try:
                    self.read(load_text(path, limits.MARKDOWN_BYTES), path, 1, None)
                except UnreadableFile:
                    pass  # reported by the check
            return True
        return False

    def _inline(self, inline: Token, path: Path, line: int, row: str | None) -> None:
        shown, scanned = [], []  # the text as written, and the same with what is not prose masked

        def add(piece: str, counted: bool) -> None:
            shown.append(piece)
            scanned.append(piece if counted else _mask(piece))

        in_address = False  # the text of an autolink <https://…>, or of a link to an e-mail address or phone
        for child in inline.children or []:
            if child.type in ("softbreak", "hardbreak"):
                add("\n", True)
            elif child.type in ("text", "text_special"):
                add(child.content, not in_address)
            elif child.type == "nyckeltal":  # in a sentence it is a reference (the check allows no figure there)
                self.references += 1
                add(child.markup, False)
            elif child.type == "code_inline":
                add(f"`{child.content}`", False)
            elif child.type == "link_open":
                in_address = child.markup == "autolink" or str(child.attrs.get("href", "")).startswith(("tel:", "mailto:"))
            elif child.type == "link_close":
                in_address = False
        text = "".join(shown)
        scan = _ADDRESS.sub(lambda m: _mask(m.group()), "".join(scanned))
        for match in FOUND.finditer(scan):
            written = text[match.start():match.end()]
            context = " ".join(row.split()) if row is not None else _context(text, match.start(), match.end())
            number = Number(path, line + scan.count("\n", 0, match.start()), written, context)
            is_date = match.group("date") or YEARS.fullmatch(written)
            (self.dates if is_date else self.typed).append(number)


def _mask(text: str) -> str:
    return re.sub(r"[^\n]", _MASK, text)


def _context(text: str, start: int, end: int) -> str:
    """The words around text[start:end], with … where the text goes on."""
    before = re.search(rf"(?:\S+\s+){{0,{CONTEXT_WORDS}}}\S*\Z", text[:start])
    after = re.match(rf"\S*(?:\s+\S+){{0,{CONTEXT_WORDS}}}", text[end:])
    words = " ".join((before.group() + text[start:end] + after.group()).split())
    return ("…" if before.start() > 0 else "") + words + ("…" if after.end() < len(text) - end else "")
