"""Read content/ into the model, checking everything and collecting every problem on the way.

content/site.yml                     the site's organisation and accessibility-statement details
content/<series>/series.yml          one report series
content/<series>/<YYYY-MM>/report.yml  one report's metadata and the order of its sections
content/<series>/<YYYY-MM>/<id>.md     one section: front matter (titel) and Markdown prose
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from builder import fields as f
from builder import limits
from builder.inputs import attachment_problem, read_text
from builder.markdown import Figures, Heading, render, slugify, split_front_matter
from builder.model import (
    DRAFT,
    STATUSES,
    Accessibility,
    Attachment,
    Content,
    Month,
    Period,
    Report,
    Section,
    Series,
    SiteSettings,
    Signature,
    SkeletonSection,
    TEXT_BLOCK_FOLDER,
)
from builder.modelcache import ReportCache
from builder.problems import Problems
from builder.yamlio import YamlList, YamlMap, YamlSyntaxError, parse_yaml, read_yaml

SITE_FILE = "site.yml"
SERIES_FILE = "series.yml"
REPORT_FILE = "report.yml"
_REPORT_FOLDER = re.compile(r"[0-9]{4}-[0-9]{2}")

SITE_SCHEMA = {
    "organisation": f.Field(f.title, example="Region Norrbotten"),
    "titel": f.Field(f.title, example="Region Norrbottens rapporter"),
    "tillganglighet": f.Field(f.mapping),
}
ACCESSIBILITY_SCHEMA = {
    "epost": f.Field(f.title, example="region@norrbotten.se"),
    "telefon": f.Field(f.title, example="0920-28 40 00"),
    "bedomningsdatum": f.Field(f.date, example="2026-11-20"),
    "metod": f.Field(f.text, example="egen granskning med automatiska tester"),
    "kanda_brister": f.Field(f.texts, required=False),
}
SERIES_SCHEMA = {
    "titel": f.Field(f.title, example="Regiondirektörens rapport"),
    "beskrivning": f.Field(f.optional_text, required=False),
    "dokument_id_prefix": f.Field(f.title, example="ARBGRP"),
    "galler_for": f.Field(f.title, example="Region Norrbotten"),
    "inledning": f.Field(f.title, required=False, example="inledning"),
    "avsnitt": f.Field(f.sequence, example="en lista med '- id: …' och 'titel: …'"),
    "trender": f.Field(f.sequence, required=False, example="[anstallda, sjukfranvaro]"),
}
SKELETON_SCHEMA = {
    "id": f.Field(f.title, example="ekonomi"),
    "titel": f.Field(f.title, example="Ekonomi"),
}
REPORT_SCHEMA = {
    "period": f.Field(f.parsed_by(Period.parse), example="2025-01..2025-09"),
    "version": f.Field(f.title, example='"0.14"'),
    "dokument_id": f.Field(f.optional_text, example="ARBGRP870-1356963637-182"),
    "publiceringsdatum": f.Field(f.optional_date, required=False, example="2025-10-21"),
    "ansvarig": f.Field(f.title, example="Ulrika Sundquist"),
    "upprattad_av": f.Field(f.title, example="Sophie Hedlund"),
    "underskrift": f.Field(f.mapping),
    "status": f.Field(f.choice(*STATUSES), example="utkast"),
    "avsnitt": f.Field(f.sequence, example="en lista med avsnittens filnamn utan .md"),
    "bilagor": f.Field(f.sequence, required=False),
}
SIGNATURE_SCHEMA = {
    "namn": f.Field(f.title, example="Ulrika Sundquist"),
    "titel": f.Field(f.title, example="Regiondirektör"),
}
ATTACHMENT_SCHEMA = {
    "titel": f.Field(f.title, example="Månadsrapport september 2025"),
    "fil": f.Field(f.optional_text, required=False, example="bilagor/manadsrapport.pdf"),
}
SECTION_SCHEMA = {
    "titel": f.Field(f.title, example="Ekonomi"),
}


FiguresFor = Callable[[Period, "Period | None"], Figures]  # (period, previous report's period) -> figures


def load_content(content_dir: Path, problems: Problems, figures_for: FiguresFor | None = None,
                 cache: ReportCache | None = None) -> Content | None:
    """Load everything under `content_dir`. Returns None when the site settings cannot be read.

    `figures_for` gives each report the key figures for its period, to resolve references in prose.
    """
    settings = _load_settings(content_dir / SITE_FILE, problems)
    series = []
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        loaded = load_series(folder, problems, figures_for, cache)
        if loaded:
            series.append(loaded)
    if not series and not problems:
        problems.add(content_dir, 0, "det finns ingen rapportserie",
                     f"skapa en mapp content/<serie>/ med filen {SERIES_FILE}")
    return Content(settings, series) if settings else None


def _load_settings(path: Path, problems: Problems) -> SiteSettings | None:
    data = read_yaml(path, problems)
    if data is None:
        return None
    values = f.read_fields(data, SITE_SCHEMA, path, problems, "webbplatsens inställningar")
    if values is None:
        return None
    a11y = f.read_fields(values["tillganglighet"], ACCESSIBILITY_SCHEMA, path, problems, "tillganglighet")
    if a11y is None:
        return None
    issues = a11y.get("kanda_brister", ())
    return SiteSettings(
        organisation=values["organisation"],
        title=values["titel"],
        accessibility=Accessibility(
            email=a11y["epost"], phone=a11y["telefon"], assessed=a11y["bedomningsdatum"],
            method=a11y["metod"], known_issues=issues,
        ),
    )


def load_series(folder: Path, problems: Problems, figures_for: FiguresFor | None = None,
                cache: ReportCache | None = None) -> Series | None:
    path = folder / SERIES_FILE
    if not f.ID.fullmatch(folder.name):
        problems.add(folder, 0, f"mappnamnet '{folder.name}' duger inte som adress för en serie",
                     "använd små bokstäver a–z, siffror och bindestreck, till exempel regiondirektorens-rapport")
        return None
    data = read_yaml(path, problems)
    if data is None:
        return None
    values = f.read_fields(data, SERIES_SCHEMA, path, problems, "serien")
    if values is None:
        return None
    skeleton = []
    for index, item in enumerate(values["avsnitt"]):
        entry = f.read_fields(item, SKELETON_SCHEMA, path, problems, "avsnitt", values["avsnitt"].line_of(index))
        if entry:
            skeleton.append(SkeletonSection(entry["id"], entry["titel"]))
    series = Series(
        slug=folder.name,
        title=values["titel"],
        description=values.get("beskrivning", ""),
        document_id_prefix=values["dokument_id_prefix"],
        applies_to=values["galler_for"],
        introduction=values.get("inledning"),
        skeleton=skeleton,
        folder=folder,
        trends=tuple((str(m), values["trender"].line_of(i)) for i, m in enumerate(values.get("trender", ()))),
    )
    previous: Period | None = None
    report_folders = (p for p in folder.iterdir() if p.is_dir() and p.name != TEXT_BLOCK_FOLDER)
    for report_folder in sorted(report_folders):  # oldest first, for `previous`
        if not _REPORT_FOLDER.fullmatch(report_folder.name):
            problems.add(report_folder, 0, f"mappnamnet '{report_folder.name}' är ingen månad",
                         "döp rapportens mapp efter månaden då rapporten läggs fram, som ÅÅÅÅ-MM, till exempel 2025-10")
            continue
        report = cache.load(report_folder, previous) if cache else None
        if report is None:
            before = len(problems)
            report = load_report(report_folder, series, problems, figures_for, previous)
            if report and cache and len(problems) == before:
                cache.store(report_folder, previous, report)
        if report:
            series.reports.insert(0, report)
            previous = report.period
    return series


def load_report(folder: Path, series: Series, problems: Problems, figures_for: FiguresFor | None = None,
                previous: Period | None = None) -> Report | None:
    path = folder / REPORT_FILE
    try:
        month = Month.parse(folder.name)
    except ValueError as error:
        problems.add(folder, 0, str(error))
        return None
    data = read_yaml(path, problems)
    if data is None:
        return None
    values = f.read_fields(data, REPORT_SCHEMA, path, problems, "rapporten")
    # The parts are checked even when other fields have errors, so that one run reports all of them.
    parts = data if isinstance(data, YamlMap) else YamlMap()
    listed, signed, attached = parts.get("avsnitt"), parts.get("underskrift"), parts.get("bilagor")
    period = _readable_period(parts)
    figures = figures_for(period, previous) if figures_for and period else None
    sections = _load_sections(folder, listed, path, problems, figures) if isinstance(listed, YamlList) else None
    signature = f.read_fields(signed, SIGNATURE_SCHEMA, path, problems, "underskrift") if isinstance(signed, YamlMap) else None
    files = published_files(folder, problems)
    attachments = _load_attachments(folder, attached if isinstance(attached, YamlList) else YamlList(), path, problems,
                                    files)
    if values is None:
        return None
    document_id = values["dokument_id"]
    status = values["status"]
    if document_id and not document_id.startswith(series.document_id_prefix):
        problems.add(path, data.line_of("dokument_id"),
                     f"dokument-id '{document_id}' börjar inte med seriens prefix '{series.document_id_prefix}'",
                     f"kontrollera att id:t hör till den här rapporten (kopierat från en annan serie?); prefixet står "
                     f"i {problems.relative(series.folder / SERIES_FILE)}")
    if not document_id and status != DRAFT:
        problems.add(path, data.line_of("dokument_id"), "en publicerad rapport saknar dokument-id",
                     "fyll i dokument-id från dokumenthanteringssystemet, eller sätt status: utkast")
    if period.end > month:
        problems.add(path, data.line_of("period"), f"perioden {period} slutar efter rapportens månad {month}",
                     "perioden är de månader som siffrorna avser; rätta perioden eller mappens namn")
    if signature is None or sections is None or attachments is None:
        return None
    return Report(
        series=series.slug,
        month=month,
        folder=folder,
        period=period,
        version=values["version"],
        document_id=document_id,
        published=values.get("publiceringsdatum"),
        responsible=values["ansvarig"],
        prepared_by=values["upprattad_av"],
        signature=Signature(signature["namn"], signature["titel"]),
        status=status,
        sections=sections,
        attachments=attachments,
        files=files,
        datasets=dict(figures.datasets) if figures else {},
        key_figures=frozenset(figures.shown) if figures else frozenset(),
    )


def _readable_period(report: YamlMap) -> Period | None:
    """The report's period if it can be read, so that prose is checked even when other fields are wrong."""
    try:
        return Period.parse(str(report.get("period")))
    except ValueError:
        return None  # reported by the field check


def _load_sections(folder: Path, listed: YamlList, path: Path, problems: Problems,
                   figures: Figures | None) -> list[Section] | None:
    if len(listed) > limits.SECTIONS:
        problems.add(path, listed.line or 1, f"rapporten har {len(listed)} avsnitt; högst {limits.SECTIONS} går",
                     "slå ihop avsnitt; underrubriker skrivs med ## inne i ett avsnitt")
        return None
    ok = True
    seen: dict[str, int] = {}
    sections = []
    for index, raw_id in enumerate(listed):
        line = listed.line_of(index)
        section_id = str(raw_id).strip() if raw_id is not None else ""
        if section_id.endswith(".md"):
            section_id = section_id[:-3]
        if section_id in seen:
            ok = False
            problems.add(path, line, f"avsnittet '{section_id}' står två gånger i listan avsnitt (första gången på rad {seen[section_id]})",
                         "ta bort den ena raden; varje avsnitt får stå en gång")
            continue
        seen[section_id] = line
        file = folder / f"{section_id}.md"
        if not f.ID.fullmatch(section_id):
            ok = False
            problems.add(path, line, f"'{section_id}' duger inte som avsnittsnamn",
                         f"använd små bokstäver a–z, siffror och bindestreck, och döp filen likadant, till exempel {slugify(section_id)}.md")
            continue
        if not file.is_file():
            ok = False
            problems.add(path, line, f"avsnittet '{section_id}' finns inte som fil ({section_id}.md saknas)",
                         f"skapa filen {folder.name}/{section_id}.md eller rätta namnet i listan")
            continue
        section = load_section(file, problems, figures)
        if section:
            sections.append(section)
        else:
            ok = False
    for file in sorted(folder.glob("*.md")):
        if not f.ID.fullmatch(file.stem):
            ok = False
            problems.add(file, 0, f"filnamnet '{file.name}' duger inte för ett avsnitt",
                         f"döp om filen till {slugify(file.stem)}.md (små bokstäver a–z, siffror och bindestreck)")
        elif file.stem not in seen:
            ok = False
            problems.add(file, 0, f"avsnittet '{file.stem}' saknas i listan avsnitt i {REPORT_FILE}",
                         f"lägg till '- {file.stem}' under avsnitt: på den plats där avsnittet ska stå")
    if not listed:
        ok = False
        problems.add(path, listed.line or 1, "rapporten har inga avsnitt", "lista avsnittens filnamn under avsnitt:")
    headings = sum(isinstance(b, Heading) for s in sections for b in s.rendered.blocks)
    if headings > limits.HEADINGS:
        ok = False
        problems.add(path, listed.line or 1, f"rapporten har {headings} rubriker; högst {limits.HEADINGS} går",
                     "skriv färre underrubriker, eller dela upp rapporten")
    text = sum(len(s.body) + s.rendered.included_chars for s in sections)
    if text > limits.REPORT_TEXT_BYTES:
        ok = False
        problems.add(path, listed.line or 1, f"rapportens text är {limits.size_text(text)} med textblocken; högst "
                     f"{limits.size_text(limits.REPORT_TEXT_BYTES)} går", "dela upp rapporten i flera")
    return sections if ok else None


def load_section(file: Path, problems: Problems, figures: Figures | None = None) -> Section | None:
    text = read_text(file, problems, limits.MARKDOWN_BYTES)
    if text is None:
        return None
    parts = split_front_matter(text)
    if parts is None:
        problems.add(file, 1, "avsnittet börjar inte med ett huvud mellan två rader '---'",
                     "börja filen med raderna '---', 'titel: Avsnittets rubrik' och '---'")
        return None
    front, front_line, body, body_line = parts
    try:
        data = parse_yaml(front, first_line=front_line)
    except YamlSyntaxError as error:
        problems.add(file, error.line, error.message)
        return None
    values = f.read_fields(data, SECTION_SCHEMA, file, problems, "avsnittets huvud", line=front_line)
    if values is None:
        return None
    rendered = render(body, body_line, figures, textblocks=lambda block_id: _find_text_block(file.parent, block_id))
    for line, message, hint in rendered.problems:
        problems.add(file, line, message, hint)
    for path, line, message, hint in rendered.included_problems:
        problems.add(path, line, message, hint)
    return Section(id=file.stem, title=values["titel"], path=file, body=body, body_line=body_line, rendered=rendered)


def _find_text_block(report_folder: Path, block_id: str) -> Path | None:
    """A text block from the report's own textblock/ folder, or else from the series' one."""
    for folder in (report_folder / TEXT_BLOCK_FOLDER, report_folder.parent / TEXT_BLOCK_FOLDER):
        if (folder / f"{block_id}.md").is_file():
            return folder / f"{block_id}.md"
    return None


def _load_attachments(folder: Path, listed: YamlList, path: Path, problems: Problems,
                      published: tuple[str, ...]) -> list[Attachment] | None:
    if len(listed) > limits.ATTACHMENTS:
        problems.add(path, listed.line or 1, f"rapporten har {len(listed)} bilagor; högst {limits.ATTACHMENTS} går",
                     "samla bilagorna i färre filer")
        return None
    attachments = []
    ok = True
    for index, item in enumerate(listed):
        line = listed.line_of(index)
        values = f.read_fields(item, ATTACHMENT_SCHEMA, path, problems, "bilagan", line)
        if values is None:
            ok = False
            continue
        file = values.get("fil") or None
        if file:
            file = posixpath.normpath(file.replace("\\", "/"))
            if file not in published:  # missing, outside the folder, or a file the builder reads itself
                ok = False
                problems.add(path, item.line_of("fil"), f"bilagans fil '{values['fil']}' finns inte i rapportens mapp",
                             f"lägg filen i {folder.name}/ (till exempel {folder.name}/bilagor/) och skriv sökvägen från rapportens mapp")
                continue
        attachments.append(Attachment(values["titel"], file, line))
    return attachments if ok else None


def published_files(folder: Path, problems: Problems) -> tuple[str, ...]:
    """The files in a report's folder that are published beside its page: all but the ones the builder reads
    itself (report.yml, the sections, textblock/) and hidden ones. Each must be of a type the site may serve."""
    files = []
    for base, dirs, names in os.walk(folder):
        here = Path(base)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink()
                         and not (here == folder and d == TEXT_BLOCK_FOLDER))
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or path.is_symlink() or (here == folder and (name == REPORT_FILE or name.endswith(".md"))):
                continue
            relative = path.relative_to(folder).as_posix()
            problem = attachment_problem(relative, path.stat().st_size)
            if problem:
                problems.add(path, 0, *problem)
            else:
                files.append(relative)
    return tuple(files)
