"""`rapport publicera SERIE PERIOD`: publish a report, so that what it shows is kept as it was published; and
publish its corrections, each as a new edition with the one before it kept.

The report is checked as strictly as a build for the site, its status and publication date are written into
its report.yml, and its record (builder.read.record) is written to its folder: every figure it shows with
the data rows behind it, "what is new" against the previous published report of the series, a hash of
each section's Markdown, and the PDF itself.

A published report changes only through a correction written under `rattelser:` in its report.yml. Publishing
it checks that the corrections name every key figure and section that changed, raises the report's version,
keeps the PDF as it was (`…-v1.pdf`) and records the new state, whose page and PDF carry the notice and mark
the corrected figures. If anything fails, every file is put back as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from builder.base import atomic
from builder.base.project import Project
from builder.compute.changes import to_record
from builder.compute import frozen
from builder.compute.pipeline import prepare
from builder.read.corrections import FIELD as CORRECTIONS
from builder.read.model import PUBLISHED, REPORT_FILE
from builder.base.problems import Problems
from builder.read.record import (CORRECTION, FILE, FOLDER, PUBLICATION, REISSUE, Correction, Edition, Record, details,
                                 differences, load_record, record_bytes)
from builder.read.sections import section_sources

FILE_MODE = 0o644  # committed with the content, readable by all


class PublishError(Exception):
    pass


@dataclass(frozen=True)
class Published:
    folder: Path  # the report's folder
    date: dt.date
    figures: int
    sections: int
    pdf_bytes: int
    compared_with: str | None  # the report "what is new" compares with, by its label
    edition: int = 1
    version: str | None = None
    corrected: int = 0  # figures changed by the corrections published


def publish(project: Project, series: str, name: str, date: dt.date | None) -> Published:
    """Publish content/<series>/<name>/, or its new corrections; PublishError, or ContentError/BuildError with
    every file as it was."""
    folder = _report_folder(project, series, name)
    path = folder / REPORT_FILE
    text = path.read_bytes().decode("utf-8")  # its line endings as they are
    published = re.search(rf"^status:[ \t]*{PUBLISHED}[ \t]*(#.*)?$", text, re.MULTILINE) is not None
    if (folder / FOLDER).exists() and not published:
        raise PublishError(f"content/{series}/{name}/ är ett utkast men har en mapp {FOLDER}/ (kopierad från en annan "
                           f"rapport?). Åtgärd: ta bort mappen {FOLDER}/ och publicera igen")
    with _Files() as kept:
        existing = load_record(folder, Problems(project.root))  # an unreadable one is reported below
        if existing is not None:
            return _correct(project, folder, existing, date, kept)
        if (folder / FOLDER).exists():
            raise PublishError(f"content/{series}/{name}/{FOLDER}/{FILE} kan inte läsas. Åtgärd: kör rapport check, "
                               "som säger vad som är fel")
        date = date or _written_date(text) or dt.date.today()
        kept.write(path, set_field(set_field(text, "status", PUBLISHED), "publiceringsdatum", date.isoformat()))
        return _first(project, folder, date, kept)


_FOLDER_NAME = re.compile(r"[0-9A-Za-z]+(-[0-9A-Za-z]+)*")  # a series' slug, a report's period or free name


def _report_folder(project: Project, series: str, name: str, command: str = "publicera") -> Path:
    """content/<series>/<name>/, a report of a series; PublishError for anything else (nothing outside content/)."""
    folder = project.content / series / name
    if not (_FOLDER_NAME.fullmatch(series) and _FOLDER_NAME.fullmatch(name) and (folder.parent / "series.yml").is_file()
            and (folder / REPORT_FILE).is_file() and not (folder / REPORT_FILE).is_symlink()):
        raise PublishError(f"det finns ingen rapport {series}/{name} (content/{series}/{name}/{REPORT_FILE}). "
                           "Åtgärd: skriv seriens mapp och rapportens mapp, till exempel "
                           f"rapport {command} regiondirektorens-rapport 2025-10")
    return folder


def _first(project: Project, folder: Path, date: dt.date, kept: _Files) -> Published:
    with atomic.build_lock(project.build):
        prepared, rendered = _prepared(project, folder)
        changes = prepared.changes(rendered)
        pdf = _pdf(prepared, project, rendered)
    report = rendered.report
    previous, changed = to_record(changes)
    digest = hashlib.sha256(pdf).hexdigest()
    record = Record(published=date, version=report.version, pdf=_pdf_name(report), pdf_sha256=digest,
                    sections=section_sources(report.sections, folder), previous=previous, changes=changed,
                    figures=report.figures, editions=(Edition(1, report.version, date, PUBLICATION, "", digest),),
                    details=details(report))
    kept.write(folder / FOLDER / record.pdf, pdf)
    kept.write(folder / FOLDER / FILE, record_bytes(record))
    return Published(folder, date, len(report.figures), len(record.sections), len(pdf),
                     changes.previous.label if changes.previous else None, 1, report.version)


def _correct(project: Project, folder: Path, record: Record, date: dt.date | None, kept: _Files) -> Published:
    """Publish the corrections in report.yml that the record does not have yet, as the report's next edition."""
    where = f"{folder.parent.name}/{folder.name}"
    path = folder / REPORT_FILE
    with atomic.build_lock(project.build):
        prepared, rendered = _prepared(project, folder, republishing=True)
        report = rendered.report
        written = _new_corrections(report, record, where)
        date = date or written[-1].date
        _check_date(date, record, where)
        figures, sections = differences(report, record)
        _check_named(written, figures, sections, where)
        edition = _next_edition(record)
        version = _raised(report.version)
        kept.write(path, set_field(path.read_bytes().decode("utf-8"), "version", f'"{version}"'))
        kept.write(record.superseded_path(folder, edition - 1), _current_pdf(folder, record))
        changed_details = [name for name, _, _ in frozen.changed_details(report, record)]
        corrections = tuple(Correction(c.date, c.what, c.why, edition,
                                       tuple(f.recorded() for f in figures if f.metric in c.metrics
                                             and f.metric not in {m for earlier in written[:i] for m in earlier.metrics}),
                                       tuple(s.id for s in sections if s.id in c.sections)
                                       + (tuple(changed_details) if i == 0 else ()))
                            for i, c in enumerate(written))
        pending = replace(record, version=version, sections=report.section_sources, figures=report.figures,
                          details=report.details, corrections=(*record.corrections, *corrections),
                          editions=(*record.editions, Edition(edition, version, date, CORRECTION,
                                                              " ".join(c.what for c in written), record.pdf_sha256)))
        pdf = _new_edition(project, folder, pending, kept)
    return Published(folder, date, len(report.figures), len(record.sections), len(pdf), None, edition, version,
                     sum(len(c.figures) for c in corrections))


def _new_edition(project: Project, folder: Path, pending: Record, kept: _Files) -> bytes:
    """Write the record of a new edition, render its PDF with it (so that its cover says what changed), and
    record the PDF. The edition's entry holds the old PDF's hash until the new one is made."""
    kept.write(folder / FOLDER / FILE, record_bytes(pending))
    prepared, rendered = _prepared(project, folder, republishing=True)
    pdf = _pdf(prepared, project, rendered)
    digest = hashlib.sha256(pdf).hexdigest()
    final = replace(pending, pdf_sha256=digest, editions=(*pending.editions[:-1],
                                                           replace(pending.editions[-1], pdf_sha256=digest)))
    kept.write(pending.pdf_path(folder), pdf)
    kept.write(folder / FOLDER / FILE, record_bytes(final))
    return pdf


def _new_corrections(report, record: Record, where: str):
    """The corrections in report.yml after the published ones, which must stand as they were published."""
    for written, published in frozen.rewritten_corrections(report, record)[:1]:
        raise PublishError(f"content/{where}/{REPORT_FILE}:{written.line if written else 1}: rättelsen "
                           f"{published.date.isoformat()} är publicerad och står fast, men står inte som den "
                           f"publicerades under {CORRECTIONS}:. Åtgärd: återställ den och skriv det nya som en ny "
                           "rättelse sist")
    written = report.corrections[len(record.corrections):]
    if not written:
        raise PublishError(
            f"{where} är redan publicerad {record.published.isoformat()} och har inga nya rättelser. En publicerad "
            f"rapport ändras bara genom en rättelse. Åtgärd: skriv rättelsen under {CORRECTIONS}: i {REPORT_FILE} "
            "(datum, vad, varfor och de nyckeltal eller avsnitt den rättar) och kör kommandot igen")
    return written


def _check_date(date: dt.date, record: Record, where: str) -> None:
    """A new edition is dated no earlier than the one before it, and not in the future."""
    last = record.editions[-1].date if record.editions else record.published
    if date < last or date > dt.date.today():
        raise PublishError(f"{where}: datumet {date.isoformat()} ligger före den senaste utgåvan, {last.isoformat()}, "
                           "eller efter i dag. Åtgärd: skriv dagens datum i rättelsen eller med --datum")


def _check_named(written, figures, sections, where: str) -> None:
    """The corrections name every key figure and section that changed, and nothing that did not."""
    named = {m for c in written for m in c.metrics}
    named_sections = {s for c in written for s in c.sections}
    line = f"content/{where}/{REPORT_FILE}:{written[0].line}"
    missed = [f"{c.shown.name} ({c.shown.place}, nyckeltal {c.metric or 'okänt'}): {c.before.text if c.before else 'nytt'}"
              f" → {c.after.text if c.after else 'visas inte'}" for c in figures if c.metric not in named]
    missed += [f"avsnittet {s.id}" for s in sections if s.id not in named_sections]
    if missed:
        raise PublishError(f"{line}: rättelsen nämner inte allt som ändrats: {'; '.join(missed)}. Åtgärd: skriv "
                           "nyckeltalen under nyckeltal: och avsnitten under avsnitt: i rättelsen, eller "
                           "återställ det som inte ska ändras")
    unchanged = sorted(named - {c.metric for c in figures}) + sorted(named_sections - {s.id for s in sections})
    if unchanged:
        raise PublishError(f"{line}: rättelsen nämner {', '.join(unchanged)}, men inget tal eller avsnitt av det "
                           "har ändrats. Åtgärd: stryk det ur rättelsen, eller rätta först värdet i data eller texten")


def _prepared(project: Project, folder: Path, republishing: bool = False):
    prepared = prepare(project, include_drafts=False, publishing=folder, republishing=republishing)
    rendered = prepared.reports.get(f"{folder.parent.name}/{folder.name}/")
    if rendered is None:
        raise PublishError(f"{folder.parent.name}/{folder.name} hör inte till någon serie i content/site.yml. "
                           "Åtgärd: skriv en serie som finns")
    return prepared, rendered


def _pdf(prepared, project: Project, rendered) -> bytes:
    from builder.render.pages import report_pdf

    return report_pdf(prepared, project, rendered)


def _current_pdf(folder: Path, record: Record) -> bytes:
    """The PDF as published, kept as the edition before the new one: one changed since is refused."""
    from builder.render.pages import checked_pdf

    return checked_pdf(f"{folder.parent.name}/{folder.name}/", record.pdf_path(folder), record.pdf_sha256)


def _pdf_name(report) -> str:
    from builder.render.pages import pdf_name

    return pdf_name(report)


def _raised(version: str | None) -> str:
    """The version after a correction: '0.14' -> '0.15', '3' -> '4'; a report without one was version 1."""
    if not version:
        return "2"
    match = re.fullmatch(r"(.*?)([0-9]+)", version.strip())
    if match is None:
        return f"{version.strip()}.1"
    return f"{match.group(1)}{int(match.group(2)) + 1}"


def _written_date(text: str) -> dt.date | None:
    """The publication date report.yml already gives (a report published before its record was kept)."""
    match = re.search(r"^publiceringsdatum:[ \t]*([0-9]{4}-[0-9]{2}-[0-9]{2})[ \t]*(#.*)?$", text, re.MULTILINE)
    try:
        return dt.date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        return None


def set_field(text: str, key: str, value: str) -> str:
    """report.yml with the top-level `key: value`, its comments and other lines as they were: the key's line
    replaced where it stands, else added before `status:` (or at the end)."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    line = f"{key}: {value}{newline}"
    pattern = re.compile(rf"^{re.escape(key)}:(?:\s|$)")
    for i, old in enumerate(lines):
        if pattern.match(old):
            lines[i] = line
            return "".join(lines)
    at = next((i for i, old in enumerate(lines) if old.startswith("status:")), len(lines))
    if at == len(lines) and lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    lines.insert(at, line)
    return "".join(lines)


class _Files:
    """The files a publication writes, each kept as it was so that a failure (an exception out of the `with`)
    puts every one back."""

    def __init__(self):
        self.before: dict[Path, tuple[bytes, int] | None] = {}
        self.folders: list[Path] = []  # made for the files, removed with them

    def __enter__(self) -> _Files:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is not None:
            self.restore()

    def write(self, path: Path, data: str | bytes) -> None:
        if path not in self.before:
            self.before[path] = (path.read_bytes(), path.stat().st_mode & 0o777) if path.is_file() else None
        if not path.parent.exists():
            self.folders.append(path.parent)
        mode = self.before[path][1] if self.before[path] else FILE_MODE
        atomic.write_atomic(path, data.encode("utf-8") if isinstance(data, str) else data, mode)

    def restore(self) -> None:
        for path, was in self.before.items():
            if was is None:
                path.unlink(missing_ok=True)
            else:
                atomic.write_atomic(path, *was)
        for folder in self.folders:
            with contextlib.suppress(OSError):
                folder.rmdir()


def reissue(project: Project, series: str, name: str, reason: str, date: dt.date | None) -> Published:
    """A new edition of a published report's PDF for a reason that changes none of its content (an accessibility
    fix, a leaked path): the report must show what its record holds; the PDF before it is kept."""
    folder, record = _published(project, series, name, "omtryck")
    date = date or dt.date.today()
    _check_date(date, record, f"{series}/{name}")
    with _Files() as kept, atomic.build_lock(project.build):
        _prepared(project, folder)  # checked against its record: nothing may differ
        edition = _next_edition(record)
        kept.write(record.superseded_path(folder, edition - 1), _current_pdf(folder, record))
        pending = replace(record, editions=(*record.editions, Edition(edition, record.version, date, REISSUE,
                                                                      reason, record.pdf_sha256)))
        pdf = _new_edition(project, folder, pending, kept)
    return Published(folder, date, len(record.figures), len(record.sections), len(pdf), None, edition, record.version)


def withdraw(project: Project, series: str, name: str, reason: str, date: dt.date | None) -> Published:
    """Withdraw a published report: its page says so and why; its page and its PDFs stay."""
    folder, record = _published(project, series, name, "dra-tillbaka")
    if record.withdrawn is not None:
        raise PublishError(f"{series}/{name} drogs tillbaka {record.withdrawn[0].isoformat()}. Åtgärd: ingen; en "
                           "tillbakadragen rapport står kvar som den är")
    date = date or dt.date.today()
    _check_date(date, record, f"{series}/{name}")
    with _Files() as kept:
        kept.write(folder / FOLDER / FILE, record_bytes(replace(record, withdrawn=(date, reason))))
        with atomic.build_lock(project.build):
            _prepared(project, folder)  # the project still builds
    return Published(folder, date, len(record.figures), len(record.sections), 0, None, _next_edition(record) - 1,
                     record.version)


def _published(project: Project, series: str, name: str, command: str) -> tuple[Path, Record]:
    folder = _report_folder(project, series, name, command)
    record = load_record(folder, Problems(project.root))  # an unreadable one: `rapport check` says why
    if record is None:
        raise PublishError(f"{series}/{name} är inte publicerad med rapport publicera (mappen {FOLDER}/ saknas eller kan "
                           "inte läsas). Åtgärd: publicera den först, eller kör rapport check")
    return folder, record


def _next_edition(record: Record) -> int:
    return record.editions[-1].edition + 1 if record.editions else 2
