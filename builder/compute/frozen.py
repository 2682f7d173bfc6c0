"""A published report stays as published: its figures and section sources are checked against its record.

The record (builder.read.record) holds every figure the report showed when it was published, with the data
rows behind it, and a hash of each section's Markdown. Each build computes the report again and compares:
a figure that data now gives another value, or a section whose Markdown changed, is an error that names the
report, the figure and both values. The way forward is to put data back, or to publish a correction
(`rattelser:` in report.yml, then `rapport publicera`), which records the new state as a new edition.
"""

from __future__ import annotations

from pathlib import Path

from builder.base.problems import Problems
from builder.read.corrections import FIELD as CORRECTIONS
from builder.read.model import REPORT_FILE, Report, WrittenCorrection
from builder.read.record import Correction, Figure, FigureChange, Record


def changed_details(report: Report, record: Record) -> list[tuple[str, str, str]]:
    """(name, as recorded, as now) of each field of report.yml and each file beside the page that changed."""
    if not record.details:
        return []  # recorded before details were
    before, now = dict(record.details), dict(report.details)
    return [(name, before.get(name, ""), now.get(name, "")) for name in dict.fromkeys([*before, *now])
            if before.get(name) != now.get(name)]


def check_published(report: Report, problems: Problems) -> None:
    """Every difference between the report as it is computed now and its record, as problems."""
    record: Record = report.record
    where = f"{report.series}/{report.name}"
    path = report.folder / REPORT_FILE
    publish = f"rapport publicera {report.series} {report.name}"
    if _unpublished_corrections(report, record, path, publish, problems):
        return  # what they correct is reported when they are published
    fix = (f"återställ det som ändrats, så att rapporten visar det den visade när den publicerades; eller rätta "
           f"rapporten: skriv en rättelse under {CORRECTIONS}: i {REPORT_FILE} (datum, vad, varfor och de nyckeltal "
           f"eller avsnitt den rättar) och kör {publish}")
    figures, sections = report.unlike_record
    for section in sections:
        if section.path is None:
            problems.add(path, 0, f"avsnittet '{section.title}' ({section.id}) fanns i den publicerade rapporten "
                         f"{where} men finns inte längre", fix)
        else:
            problems.add(section.path, 1, f"texten i avsnittet '{section.title}' har ändrats efter att rapporten "
                         f"{where} publicerades", f"{fix} (git diff visar ändringen)")
    for change in figures:
        problems.add(path, 0, f"den publicerade rapporten {where} {_described(change)}", fix)
    for name, old, new in changed_details(report, record):
        if name.startswith("fil "):
            problems.add(report.folder / name[4:], 0, f"filen har ändrats, lagts till eller tagits bort efter att "
                         f"rapporten {where} publicerades", fix)
        else:
            problems.add(path, 0, f"fältet '{name}' i den publicerade rapporten {where} var '{old}' och är nu "
                         f"'{new}'", fix)


def rewritten_corrections(report: Report, record: Record) -> list[tuple[WrittenCorrection | None, Correction]]:
    """Each published correction that report.yml no longer has as it was published: (what stands in its place,
    None when nothing does; the correction as published)."""
    found = []
    for index, published in enumerate(record.corrections):
        written = report.corrections[index] if index < len(report.corrections) else None
        if written is None or (written.date, written.what, written.why) != (published.date, published.what,
                                                                            published.why):
            found.append((written, published))
    return found


def _unpublished_corrections(report: Report, record: Record, path: Path, publish: str, problems: Problems) -> bool:
    """Corrections written in report.yml but not yet published, or published ones written differently."""
    pending = report.corrections[len(record.corrections):]
    for written in pending:
        problems.add(path, written.line, f"rättelsen {written.date.isoformat()} är inte publicerad",
                     f"kör {publish}, som sparar den rättade rapporten som en ny utgåva och behåller PDF:en "
                     "som den var före rättelsen")
    rewritten = rewritten_corrections(report, record)
    for written, published in rewritten:
        if written is not None:
            problems.add(path, written.line, f"rättelsen {published.date.isoformat()} har ändrats efter att den "
                         "publicerades", "en publicerad rättelse står fast; återställ den, och skriv en ny rättelse "
                         "för det som ska rättas nu")
    if len(report.corrections) < len(record.corrections):
        problems.add(path, 0, f"{len(record.corrections) - len(report.corrections)} publicerade rättelser saknas under "
                     f"{CORRECTIONS}:", "en publicerad rättelse står fast; lägg tillbaka den")
    return bool(pending or rewritten)


def _described(change: FigureChange) -> str:
    old, new = change.before, change.after
    if new is None:
        return f"visade {_named(old)}: {old.text}; det talet visas inte längre"
    if old is None:
        return f"visar ett nytt tal, {_named(new)}: {new.text}"
    return f"visade {_named(old)}: {old.text}, men med data som den är nu blir det {new.text}{_rows_changed(change)}"


def _named(figure: Figure) -> str:
    return f"{figure.name} ({figure.place}, {figure.period})"


def _rows_changed(change: FigureChange) -> str:
    """' (ändrat i data: sjukfranvaro 2025-09 utfall 5.94 → 6.10)', where the rows tell."""
    rows = change.recorded().rows
    described = [f"{key} {old or 'saknas'} → {new or 'saknas'}" for key, old, new in rows]
    return f" (ändrat i data: {'; '.join(described)})" if described else ""
