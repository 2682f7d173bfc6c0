"""A published report's record: what it showed when it was published, kept in its folder (`publicerad/`).

`rapport publicera` writes the record; every later build reads it, serves its PDF and "what is new", and
checks the report's figures and section sources against it (builder.compute.frozen). The record is committed
with the publication and is never published as an attachment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from builder.base import limits
from builder.base.problems import Problems
from builder.read.markdown import TEXT_BLOCK

FOLDER = "publicerad"  # in a report's folder
FILE = "tillstand.json"
FORMAT = 1
TEXT_CHARS = 10_000  # a text in the record: a figure's text, a correction's what and why
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
FIX = ("återställ filen ur versionshanteringen (git checkout -- filen), eller publicera rapporten på nytt med "
       "rapport publicera SERIE PERIOD")


@dataclass(frozen=True)
class Figure:
    """One figure as a report shows it: where, written how, its text and exact value, and the data rows it
    was computed from (each as its key and value)."""

    place: str  # 'avsnitt ekonomi', 'tabell finansiella-nyckeltal', 'diagram personal'
    name: str  # the reference as written, or a table's row and column, or a chart's category and series
    text: str  # as shown
    value: str | None  # the exact number behind the text, or None
    period: str  # the period it is of, as written in data
    comparison: str  # 'utfall', 'förändring', 'mot-budget' …
    rows: tuple[tuple[str, str], ...] = ()  # (row key, value) of every data row it was computed from
    metric: str = ""  # the key figure it shows (in a goal table, its success factor): what a correction names
    illustrative: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return self.place, self.name

    def same(self, other: Figure) -> bool:
        """Whether the two show the same: text, number (however many zeros data writes) and whether illustrative."""
        if self.text != other.text or self.illustrative != other.illustrative:
            return False
        return self.value == other.value or _number_or_text(self.value) == _number_or_text(other.value)


def as_recorded(figures: tuple[Figure, ...], record: Record | None) -> tuple[Figure, ...]:
    """The figures a report shows, each one equal to the figure its record has in its place replaced by that one:
    kept once in memory and in the model cache, and known to be unchanged without comparing them again."""
    if record is None:
        return figures
    recorded = record.figures
    return tuple(recorded[i] if i < len(recorded) and recorded[i] == figure else figure
                 for i, figure in enumerate(figures))


def _number_or_text(value: str | None):
    try:
        return Decimal(value) if value is not None else None
    except InvalidOperation:
        return value


@dataclass(frozen=True)
class SectionSource:
    id: str
    title: str
    sha256: str  # of its Markdown file and the text blocks it takes in


@dataclass(frozen=True)
class Change:
    """A line of "what is new", as builder.compute.changes.SectionChange."""
    id: str
    title: str
    status: str
    changed_percent: int | None = None
    previous_title: str | None = None


@dataclass(frozen=True)
class CorrectedFigure:
    place: str
    name: str
    old: str  # the text shown before the correction ('' for a figure it added)
    new: str  # the text shown after it ('' for a figure it removed)
    rows: tuple[tuple[str, str, str], ...] = ()  # (row key, value before, value after) of the data rows it changed


@dataclass(frozen=True)
class Correction:
    """A correction as recorded when it was published: what report.yml says of it, and what it changed."""
    date: dt.date
    what: str
    why: str
    edition: int  # the edition it made; the one before it is kept as the superseded PDF
    figures: tuple[CorrectedFigure, ...] = ()
    sections: tuple[str, ...] = ()  # ids of the sections whose text it changed


@dataclass(frozen=True)
class Edition:
    """One published PDF of the report: the first publication, a correction or a reissue."""
    edition: int
    version: str | None
    date: dt.date
    kind: str  # PUBLICATION, CORRECTION or REISSUE
    reason: str  # for a correction its `vad`, for a reissue its reason
    pdf_sha256: str


PUBLICATION, CORRECTION, REISSUE = "publicering", "rättelse", "omtryck"


@dataclass(frozen=True)
class Record:
    published: dt.date
    version: str | None
    pdf: str  # the current PDF's file name in the record folder; earlier editions' are superseded_pdf(edition)
    pdf_sha256: str
    sections: tuple[SectionSource, ...]
    previous: tuple[str, str] | None  # the report "what is new" compares with: (folder name, label)
    changes: tuple[Change, ...]
    figures: tuple[Figure, ...]
    editions: tuple[Edition, ...] = ()  # oldest first; the last is the current PDF
    corrections: tuple[Correction, ...] = ()  # oldest first
    withdrawn: tuple[dt.date, str] | None = None  # when and why the report was withdrawn; its files stay
    details: tuple[tuple[str, str], ...] = ()  # what report.yml says of it, and a hash of each file beside its page

    @property
    def reissues(self) -> tuple[Edition, ...]:
        return tuple(e for e in self.editions if e.kind == REISSUE)

    def pdf_path(self, report_folder: Path) -> Path:
        return report_folder / FOLDER / self.pdf

    def superseded_pdf(self, edition: int) -> str:
        """'regiondirektorens-rapport-2025-10-v1.pdf': an earlier edition's PDF, beside the current one."""
        return f"{Path(self.pdf).stem}-v{edition}.pdf"

    def superseded_path(self, report_folder: Path, edition: int) -> Path:
        return report_folder / FOLDER / self.superseded_pdf(edition)

    @property
    def superseded(self) -> tuple[Edition, ...]:
        return self.editions[:-1]

    def corrected(self) -> dict[tuple[str, str], tuple[dt.date, str]]:
        """The figures corrections changed, by place and name: the date of the last that did, and the text first
        published."""
        found: dict[tuple[str, str], tuple[dt.date, str]] = {}
        for correction in self.corrections:
            for figure in correction.figures:
                first = found.get((figure.place, figure.name), (None, figure.old))[1]
                found[figure.place, figure.name] = (correction.date, first)
        return found


def details(report) -> tuple[tuple[str, str], ...]:
    """What a published report's page and PDF say of it besides its sections (builder.read.model.Report): the fields
    of its report.yml but the version (a correction raises it) and a hash of each file published beside it."""
    signature = f"{report.signature.name}, {report.signature.title}" if report.signature else ""
    fields = (("titel", report.title), ("dokument_id", report.document_id or ""),
              ("diarienummer", report.case_number or ""), ("publiceringsdatum", str(report.published or "")),
              ("sammantradesdatum", str(report.meeting or "")), ("ansvarig", report.responsible or ""),
              ("upprattad_av", report.prepared_by or ""), ("underskrift", signature),
              ("avsnitt", ", ".join(s.id for s in report.sections)),
              ("bilagor", "; ".join(f"{a.title} ({a.file or 'ingen fil'})" for a in report.attachments)))
    files = tuple((f"fil {name}", hashlib.sha256((report.folder / name).read_bytes()).hexdigest())
                  for name in report.files)
    return (*fields, *files)


def section_hash(path: Path, body: str, text_block) -> str:
    """A hash of a section's Markdown file and of each text block it takes in (`text_block(id)` -> its file),
    as text: a checkout that writes other line endings, or a byte order mark, changes no hash."""
    digest = hashlib.sha256(_as_text(path))
    for block_id in dict.fromkeys(TEXT_BLOCK.findall(body)):
        block = text_block(block_id)
        digest.update(f"\0{block_id}\0".encode())
        if block is not None:
            digest.update(_as_text(block))
    return digest.hexdigest()


def _as_text(path: Path) -> bytes:
    return path.read_bytes().removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")


def record_bytes(record: Record) -> bytes:
    document = {"format": FORMAT, **asdict(record)}
    return (json.dumps(document, ensure_ascii=False, indent=1, default=_date_text) + "\n").encode("utf-8")


def _date_text(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not recorded")


def load_record(report_folder: Path, problems: Problems) -> Record | None:
    """The report's record, None when it has none; a damaged one is a problem at its file."""
    path = report_folder / FOLDER / FILE
    if not path.exists() and not path.is_symlink():
        return None
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > limits.YAML_BYTES:
            raise ValueError(f"är ingen vanlig fil under {limits.size_text(limits.YAML_BYTES)}")
        record = _parsed(json.loads(path.read_text(encoding="utf-8")))
        if "/" in record.pdf or record.pdf.startswith(".") or not record.pdf.endswith(".pdf"):
            raise ValueError(f"PDF:ens namn '{record.pdf}' är inget filnamn")
        _check_editions(record)
        for pdf in (record.pdf_path(report_folder), *(record.superseded_path(report_folder, e.edition)
                                                       for e in record.superseded)):
            if pdf.is_symlink() or not pdf.is_file():
                raise ValueError(f"den publicerade PDF:en {FOLDER}/{pdf.name} saknas")
        return record
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, UnicodeDecodeError, RecursionError,
            OSError) as error:
        problems.add(path, 0, f"rapportens publicerade tillstånd kan inte läsas: {str(error)[:200]}", FIX)
        return None


def _check_editions(record: Record) -> None:
    """Editions numbered 1, 2, … in order, each correction naming the one it made."""
    numbers = [e.edition for e in record.editions]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"utgåvorna är numrerade {numbers[:5]}, inte 1, 2, …")
    kinds = {e.edition: e.kind for e in record.editions}
    if any(kinds.get(c.edition) != CORRECTION for c in record.corrections):
        raise ValueError("en rättelse hör inte till någon utgåva")
    if record.editions and record.editions[-1].pdf_sha256 != record.pdf_sha256:
        raise ValueError("den senaste utgåvan är inte PDF:en som visas")


def _parsed(data: dict) -> Record:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"okänt format (väntade format {FORMAT})")
    previous = data["previous"]
    return Record(
        published=dt.date.fromisoformat(_text(data["published"])),
        version=None if data["version"] is None else _text(data["version"]),
        pdf=_text(data["pdf"]), pdf_sha256=_text(data["pdf_sha256"]),
        sections=tuple(SectionSource(_text(s["id"]), _text(s["title"]), _text(s["sha256"])) for s in data["sections"]),
        previous=None if previous is None else (_text(previous[0]), _text(previous[1])),
        changes=tuple(Change(_text(c["id"]), _text(c["title"]), _text(c["status"]), _number(c["changed_percent"]),
                             None if c["previous_title"] is None else _text(c["previous_title"]))
                      for c in data["changes"]),
        figures=tuple(_figure(f) for f in data["figures"]),
        editions=tuple(Edition(_number(e["edition"]), None if e["version"] is None else _text(e["version"]),
                               dt.date.fromisoformat(_text(e["date"])), _text(e["kind"]), _text(e["reason"]),
                               _text(e["pdf_sha256"])) for e in data.get("editions", [])),
        corrections=tuple(Correction(
            dt.date.fromisoformat(_text(c["date"])), _text(c["what"]), _text(c["why"]), _number(c["edition"]),
            tuple(CorrectedFigure(_text(f["place"]), _text(f["name"]), _text(f["old"]), _text(f["new"]),
                                  tuple((_text(k), _text(o), _text(n)) for k, o, n in f["rows"])) for f in c["figures"]),
            tuple(_text(i) for i in c["sections"])) for c in data.get("corrections", [])),
        details=tuple((_text(k), _text(v)) for k, v in data.get("details", [])),
        withdrawn=None if data.get("withdrawn") is None else (dt.date.fromisoformat(_text(data["withdrawn"][0])),
                                                              _text(data["withdrawn"][1])),
    )


def _figure(data: dict) -> Figure:
    """A recorded figure, its texts checked together: a record holds some hundred figures, a check loads them all."""
    rows = tuple((key, value) for key, value in data["rows"])
    texts = (data["place"], data["name"], data["text"], data["period"], data["comparison"], data["metric"],
             *(text for row in rows for text in row))
    try:
        joined = "\n".join(texts)
    except TypeError:
        raise ValueError(f"väntade texter, fann {json.dumps(data)[:80]}") from None
    if _CONTROL.search(joined) or max(map(len, texts)) > TEXT_CHARS:
        raise ValueError(f"en text i '{joined[:40]}…' är för lång eller har ett styrtecken")
    value = None if data["value"] is None else _text(data["value"])
    return Figure(*texts[:3], value, texts[3], texts[4], rows, texts[5], _flag(data["illustrative"]))


def _text(value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"väntade en text, fann {json.dumps(value)[:40]}")
    if len(value) > TEXT_CHARS or _CONTROL.search(value):
        raise ValueError(f"texten '{value[:40]}…' är för lång eller har ett styrtecken")
    return value


def _flag(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"väntade true eller false, fann {json.dumps(value)[:40]}")
    return value


def _number(value) -> int | None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 10_000):
        raise ValueError(f"väntade ett heltal 1–9999, fann {json.dumps(value)[:40]}")
    return value


@dataclass(frozen=True)
class FigureChange:
    before: Figure | None  # None: a figure the report did not show when published
    after: Figure | None  # None: a figure it no longer shows

    @property
    def shown(self) -> Figure:
        return self.after or self.before

    @property
    def metric(self) -> str:
        """The key figure it shows (for a goal table's or chart's, its goal plan): what a correction names."""
        return self.shown.metric

    def recorded(self) -> CorrectedFigure:
        before, after = dict(self.before.rows if self.before else ()), dict(self.after.rows if self.after else ())
        rows = tuple((key, before.get(key, ""), after.get(key, "")) for key in dict.fromkeys([*before, *after])
                     if before.get(key) != after.get(key))
        return CorrectedFigure(self.shown.place, self.shown.name, self.before.text if self.before else "",
                               self.after.text if self.after else "", rows)


@dataclass(frozen=True)
class SectionChange:
    id: str
    title: str
    path: Path | None  # its file; None for a section no longer in the report


def differences(report, record: Record) -> tuple[list[FigureChange], list[SectionChange]]:
    """What the report (builder.read.model.Report) would show now that it did not show when its record was written:
    the figures and the sections that differ."""
    figures = []
    if len(report.figures) != len(record.figures) or any(
            now is not old for now, old in zip(report.figures, record.figures)):  # see record.as_recorded
        now, before = _numbered(report.figures), _numbered(record.figures)
        figures = [FigureChange(old, now.get(key)) for key, old in before.items() if now.get(key) is None
                   or not now[key].same(old)]
        figures += [FigureChange(None, new) for key, new in now.items() if key not in before]
    recorded = {s.id: s for s in record.sections}
    sections = []
    for section, source in zip(report.sections, report.section_sources):
        was = recorded.pop(section.id, None)
        if was is None or source.sha256 != was.sha256:
            sections.append(SectionChange(section.id, section.title, section.path))
    sections += [SectionChange(gone.id, gone.title, None) for gone in recorded.values()]
    return figures, sections


def _numbered(figures) -> dict[tuple[str, str, int], Figure]:
    """Figures by place and name, the same one shown twice told apart by its turn."""
    seen: Counter = Counter()
    numbered = {}
    for figure in figures:
        seen[figure.key] += 1
        numbered[(*figure.key, seen[figure.key])] = figure
    return numbered
