"""Read content/ into the model, checking everything and collecting every problem on the way.

content/site.yml                         the organisation and the site's framing (builder.read.settings)
content/<series>/series.yml              one report series: its title, the kind of its reports, what they require
content/<series>/<period>/report.yml     one report's metadata and the order of its sections
content/<series>/<period>/<id>.md        one section: front matter (titel) and Markdown prose (builder.read.sections)

A report's folder is named after the period it stands for, in the form of the series' kind: 2025-10 (month),
2025-T2 (tertial), 2025-H1 (half-year), 2024 (year), or freely in a series of kind `fri`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from builder.base import periods
from builder.base.periods import Period
from builder.base.problems import Problems
from builder.read import fields as f
from builder.read.markdown import Figures
from builder.read.metrics import METRIC_REFERENCES
from builder.read.model import (
    DRAFT, METADATA, PUBLISHED, REPORT_FILE, SERIES_FILE, STATUSES, TEXT_BLOCK_FOLDER, Content, Report, Series, Signature,
    SiteSettings, SkeletonSection,
)
from builder.read.modelcache import ReportCache
from builder.read.parallel import load_reports
from builder.read.corrections import FIELD as CORRECTIONS
from builder.read.corrections import load_corrections
from builder.read.record import FILE as RECORD_FILE
from builder.read.record import FOLDER as RECORD_FOLDER
from builder.read.record import as_recorded, details, differences, load_record
from builder.read.sections import load_attachments, load_sections, published_files, section_sources
from builder.read.settings import load_settings
from builder.read.yamlio import YamlList, YamlMap, read_yaml

SERIES_SCHEMA = {
    "titel": f.Field(f.title, example="Månadsrapport"),
    "beskrivning": f.Field(f.optional_text, required=False),
    "rapportperiod": f.Field(f.choice(*periods.ISSUE_KINDS), required=False, example=periods.MONTH),
    "obligatoriskt": f.Field(f.names, required=False, example="[dokument_id, version, ansvarig]"),
    "dokument_id_prefix": f.Field(f.title, required=False, example="RS"),
    "galler_for": f.Field(f.title, required=False, example="Hela organisationen"),
    "mottagare": f.Field(f.title, required=False, example="regionfullmäktige"),
    "inledning": f.Field(f.title, required=False, example="inledning"),
    "avsnitt": f.Field(f.sequence, example="en lista med '- id: …' och 'titel: …'"),
    "trender": f.Field(f.sequence, required=False, example="[anstallda, sjukfranvaro]"),
    "startsida_nyckeltal": f.Field(f.sequence, required=False, example='[anstallda, "resultat mot-budget", sjukfranvaro]'),
    "kapitel": f.Field(f.names, required=False, example="[forvaltningsberattelse, rakenskaper]"),
}
SKELETON_SCHEMA = {
    "id": f.Field(f.title, example="ekonomi"),
    "titel": f.Field(f.title, example="Ekonomi"),
}
REPORT_SCHEMA = {
    "titel": f.Field(lambda v, raw: f.title(v, raw) if v not in (None, "") else "", required=False,
                     example="Årsredovisning 2024 för Exempelkommunen"),
    "period": f.Field(f.parsed_by(Period.parse), required=False, example="2025-01..2025-09"),
    "version": f.Field(f.optional_text, required=False, example='"0.14"'),
    "dokument_id": f.Field(f.optional_text, required=False, example="RS-2025-182"),
    "diarienummer": f.Field(f.optional_text, required=False, example="RS 2025/182"),
    "publiceringsdatum": f.Field(f.optional_date, required=False, example="2025-10-21"),
    "sammantradesdatum": f.Field(f.optional_date, required=False, example="2025-10-28"),
    "ansvarig": f.Field(f.optional_text, required=False, example="Anna Andersson"),
    "upprattad_av": f.Field(f.optional_text, required=False, example="Bo Berg"),
    "underskrift": f.Field(f.mapping, required=False),
    "status": f.Field(f.choice(*STATUSES), example="utkast"),
    "avsnitt": f.Field(f.sequence, example="en lista med avsnittens filnamn utan .md"),
    "bilagor": f.Field(f.sequence, required=False),
    CORRECTIONS: f.Field(f.sequence, required=False),
}
SIGNATURE_SCHEMA = {
    "namn": f.Field(f.title, example="Anna Andersson"),
    "titel": f.Field(f.title, example="Förvaltningschef"),
}
# Metadata that a draft may leave empty: the registry assigns it when the report is filed.
ASSIGNED_AT_PUBLICATION = ("dokument_id", "diarienummer")
# A report's period, when report.yml gives none: the year to date through the period its folder names.
DEFAULT_PERIOD_KINDS = (periods.TERTIAL, periods.HALF_YEAR, periods.YEAR)

FiguresFor = Callable[[Period, bool], Figures]  # (the report's period, whether it is published) -> figures


def load_content(content_dir: Path, problems: Problems, figures_for: FiguresFor | None = None,
                 cache: ReportCache | None = None, publishing: Path | None = None) -> Content | None:
    """Load everything under `content_dir`. Returns None when the site settings cannot be read.

    `figures_for` gives each report the key figures for its period, to resolve references in prose.
    `publishing`: the folder of the report being published, which keeps every figure it shows.
    """
    settings = load_settings(content_dir, problems)
    series, jobs = [], []
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        loaded = read_series(folder, problems)
        if loaded:
            series.append(loaded[0])
            jobs += [(loaded[0], report_folder) for report_folder in loaded[1]]
    if figures_for is not None and settings is not None:
        figures_for = _with_source(figures_for, settings.source)
    _add_reports(jobs, problems, figures_for, cache, publishing)
    if not series and not problems:
        problems.add(content_dir, 0, "det finns ingen rapportserie",
                     f"skapa en mapp content/<serie>/ med filen {SERIES_FILE}")
    if settings is None:
        return None
    return Content(settings, _in_order(series, settings))


def _with_source(figures_for: FiguresFor, source: str) -> FiguresFor:
    """figures_for, with the site's default source for key figures that name none (`källa`)."""
    def with_source(period: Period, published: bool) -> Figures:
        figures = figures_for(period, published)
        figures.default_source = source
        return figures

    return with_source


def _in_order(series: list[Series], settings: SiteSettings) -> list[Series]:
    """The series in the order of `serier:`, the others after them by name."""
    by_slug = {s.slug: s for s in series}
    ordered = [by_slug[s] for s in settings.series_order if s in by_slug]
    return ordered + [s for s in series if s not in ordered]


def load_series(folder: Path, problems: Problems, figures_for: FiguresFor | None = None,
                cache: ReportCache | None = None) -> Series | None:
    """The series with its reports."""
    loaded = read_series(folder, problems)
    if loaded is None:
        return None
    _add_reports([(loaded[0], report_folder) for report_folder in loaded[1]], problems, figures_for, cache)
    return loaded[0]


def _add_reports(jobs: list[tuple[Series, Path]], problems: Problems, figures_for: FiguresFor | None,
                 cache: ReportCache | None, publishing: Path | None = None) -> None:
    """Load the reports of (series, folder) and add them to their series, newest first."""
    reports = load_reports(jobs, lambda series, folder: load_report(folder, series, problems, figures_for, publishing),
                           problems, cache)
    for (series, _), report in zip(jobs, reports):
        if report:
            series.reports.append(report)
    for series in {id(series): series for series, _ in jobs}.values():
        series.reports.sort(key=lambda r: r.order, reverse=True)  # newest first


def read_series(folder: Path, problems: Problems) -> tuple[Series, list[Path]] | None:
    """The series, and its reports' folders in the order of their periods."""
    path = folder / SERIES_FILE
    if not f.ID.fullmatch(folder.name):
        problems.add(folder, 0, f"mappnamnet '{folder.name}' duger inte som adress för en serie",
                     "använd små bokstäver a–z, siffror och bindestreck, till exempel manadsrapport")
        return None
    data = read_yaml(path, problems)
    if data is None:
        return None
    values = f.read_fields(data, SERIES_SCHEMA, path, problems, "serien")
    if values is None:
        return None
    required = values.get("obligatoriskt", ())
    unknown = [name for name in required if name not in METADATA]
    if unknown:
        problems.add(path, data.line_of("obligatoriskt"), f"'{unknown[0]}' kan inte vara obligatoriskt",
                     f"välj bland {', '.join(METADATA)}")
        return None
    skeleton = []
    for index, item in enumerate(values["avsnitt"]):
        entry = f.read_fields(item, SKELETON_SCHEMA, path, problems, "avsnitt", values["avsnitt"].line_of(index))
        if entry:
            skeleton.append(SkeletonSection(entry["id"], entry["titel"]))
    chapters = tuple(values.get("kapitel", ()))
    if unknown := [c for c in chapters if c not in {s.id for s in skeleton}]:
        problems.add(path, data.line_of("kapitel"), f"kapitlet '{unknown[0]}' är inget av seriens avsnitt",
                     f"skriv id:n för avsnitt under avsnitt: {', '.join(s.id for s in skeleton)}")
        chapters = tuple(c for c in chapters if c not in unknown)
    series = Series(
        slug=folder.name,
        title=values["titel"],
        description=values.get("beskrivning", ""),
        kind=values.get("rapportperiod", periods.MONTH),
        required=frozenset(required),
        document_id_prefix=values.get("dokument_id_prefix"),
        applies_to=values.get("galler_for"),
        recipient=values.get("mottagare"),
        introduction=values.get("inledning"),
        skeleton=skeleton,
        folder=folder,
        trends=tuple((str(m), values["trender"].line_of(i)) for i, m in enumerate(values.get("trender", ()))),
        headlines=tuple((str(m), values["startsida_nyckeltal"].line_of(i))
                        for i, m in enumerate(values.get("startsida_nyckeltal", ()))),
        chapters=chapters,
    )
    named = []
    for report_folder in (p for p in folder.iterdir() if p.is_dir() and p.name != TEXT_BLOCK_FOLDER):
        try:
            named.append((periods.parse_issue(report_folder.name, series.kind), report_folder))
        except ValueError as error:
            problems.add(report_folder, 0, str(error), _folder_hint(series))
    ordered = sorted(named, key=lambda n: (n[0].end, n[0].start, n[1].name) if n[0] else (n[1].name,))
    return series, [report_folder for _, report_folder in ordered]


def load_report(folder: Path, series: Series, problems: Problems, figures_for: FiguresFor | None = None,
                publishing: Path | None = None) -> Report | None:
    """The report in `folder`, None where it cannot be read (the problems say why). Its figures are kept as a
    publication records them if it is being published (`publishing`) or has a record to be compared with."""
    path = folder / REPORT_FILE
    try:
        issue = periods.parse_issue(folder.name, series.kind)
    except ValueError as error:
        problems.add(folder, 0, str(error), _folder_hint(series))
        return None
    data = read_yaml(path, problems)
    if data is None:
        return None
    values = f.read_fields(data, REPORT_SCHEMA, path, problems, "rapporten")
    # The parts are checked even when other fields have errors, so that one run reports all of them.
    parts = data if isinstance(data, YamlMap) else YamlMap()
    listed, signed, attached = parts.get("avsnitt"), parts.get("underskrift"), parts.get("bilagor")
    period = _readable_period(parts, issue, series.kind)
    if period and issue and period.end > issue.end:
        problems.add(path, data.line_of("period"), f"perioden {period} slutar efter rapportens period {folder.name}",
                     "perioden är de månader som siffrorna avser; rätta perioden eller mappens namn")
        period = None  # its figures are not computed: each would only repeat this error
    published = parts.get("status") == PUBLISHED
    record = load_record(folder, problems) if published else None
    kept = folder / RECORD_FOLDER
    if published and record is None and kept.exists() and not (kept / RECORD_FILE).exists():
        problems.add(kept, 0, f"mappen {RECORD_FOLDER}/ saknar {RECORD_FILE}, rapportens publicerade "
                     "tillstånd", f"återställ {RECORD_FOLDER}/{RECORD_FILE} ur versionshanteringen (git checkout -- "
                     "filen)")
    if not published and kept.exists():
        problems.add(kept, 0, f"utkastet har en mapp {RECORD_FOLDER}/ med en publicerad rapports "
                     "tillstånd (kopierad från en annan rapport?)", f"ta bort mappen {RECORD_FOLDER}/; rapport publicera "
                     "sparar den när rapporten publiceras")
    figures = figures_for(period, published) if figures_for and period else None
    if figures is not None:
        figures.published_on = values.get("publiceringsdatum") if values else None
        figures.corrected = record.corrected() if record else {}
        figures.recording = record is not None or folder == publishing
    without_data = figures is not None and published and not figures.has_data
    if without_data:  # one error for the report (below), not one per figure
        figures.without_data = ("rapportperiod", str(folder))
        problems.unread("rapportperiod", str(folder), problems.because(path, METRIC_REFERENCES))
    sections = load_sections(folder, listed, path, problems, figures) if isinstance(listed, YamlList) else None
    if without_data and figures.shown:
        problems.add(path, parts.line_of("period") if "period" in parts else parts.line_of("status"),
                     f"rapporten är publicerad, men data har inga utfall för dess period, {period.label}",
                     f"lägg till utfallen för {period.label} i data/ (period {period}, eller värden per månad till och "
                     f"med {period.end}), eller sätt status: utkast tills de finns")
    signature = f.read_fields(signed, SIGNATURE_SCHEMA, path, problems, "underskrift") if isinstance(signed, YamlMap) else None
    corrections = parts.get(CORRECTIONS)
    corrections = load_corrections(corrections, path, problems) if isinstance(corrections, YamlList) else ()
    if corrections and parts.get("status") != PUBLISHED:
        problems.add(path, parts.line_of(CORRECTIONS), "ett utkast har rättelser",
                     "en rättelse hör till en publicerad rapport; ta bort rattelser: ur utkastet")
    files = published_files(folder, problems)
    attachments = load_attachments(folder, attached if isinstance(attached, YamlList) else YamlList(), path, problems,
                                   files)
    if values is None:
        return None
    if period is None:
        if "period" not in values:
            problems.add(path, data.line, "fältet 'period' saknas i rapporten",
                         "lägg till raden 'period: …' med de månader siffrorna avser, till exempel period: 2025-01..2025-09")
        return None
    if not _metadata_ok(values, data, series, path, problems):
        return None
    if values["status"] == PUBLISHED and not values.get("publiceringsdatum"):
        problems.add(path, data.line_of("publiceringsdatum") if "publiceringsdatum" in data else data.line_of("status"),
                     "rapporten är publicerad men har inget publiceringsdatum",
                     f"sätt status: utkast och publicera den sedan med rapport publicera {series.slug} {folder.name} "
                     "(--datum ÅÅÅÅ-MM-DD för en dag som passerat), som sätter status och datum och sparar vad "
                     "rapporten visar")
    issue = issue or period
    if sections is None or attachments is None or corrections is None or ("underskrift" in values and signature is None):
        return None
    label = series.label(issue, period)
    report = Report(
        series=series.slug,
        name=folder.name,
        issue=issue,
        folder=folder,
        period=period,
        title=values.get("titel") or f"{series.title} {label}",
        label=label,
        version=values.get("version") or None,
        document_id=values.get("dokument_id") or None,
        published=values.get("publiceringsdatum"),
        responsible=values.get("ansvarig") or None,
        prepared_by=values.get("upprattad_av") or None,
        signature=Signature(signature["namn"], signature["titel"]) if signature else None,
        status=values["status"],
        sections=sections,
        attachments=attachments,
        case_number=values.get("diarienummer") or None,
        meeting=values.get("sammantradesdatum"),
        files=files,
        datasets=dict(figures.datasets) if figures else {},
        key_figures=frozenset(figures.shown) if figures else frozenset(),
        figures=as_recorded(tuple(figures.figures), record) if figures else (),
        record=record,
        corrections=corrections,
    )
    if record is not None:  # what a build checks against the record; publishing works it out itself
        report.section_sources, report.details = section_sources(report.sections, folder), details(report)
        report.unlike_record = differences(report, record)
        if folder != publishing:  # compared: what the model cache keeps, and every check loads, is what differs
            report.figures, report.record = (), replace(record, figures=())
    return report


def _folder_hint(series: Series) -> str:
    what = "månaden då rapporten läggs fram" if series.kind == periods.MONTH else "perioden rapporten gäller"
    return (f"döp rapportens mapp efter {what}, som {periods.KIND_FORMS[series.kind]} (serien har rapportperiod: "
            f"{series.kind} i {SERIES_FILE})")


def _metadata_ok(values: dict, data: YamlMap, series: Series, path: Path, problems: Problems) -> bool:
    """The metadata the series requires is there (a document id only once the report is published), and a
    document id has the series' prefix."""
    ok = True
    series_file = problems.relative(series.folder / SERIES_FILE)
    for name in sorted(series.required, key=METADATA.index):
        if values.get(name) or (name in ASSIGNED_AT_PUBLICATION and values["status"] == DRAFT):
            continue
        ok = False
        if name in ASSIGNED_AT_PUBLICATION and name in values:
            what = "dokument-id" if name == "dokument_id" else "diarienummer"
            problems.add(path, data.line_of(name), f"en publicerad rapport saknar {what}",
                         f"fyll i {what} från dokumenthanteringssystemet, eller sätt status: utkast")
        elif name in data:
            problems.add(path, data.line_of(name), f"fältet '{name}' är tomt",
                         f"fyll i det; serien kräver det (obligatoriskt i {series_file})")
        else:
            problems.add(path, data.line, f"fältet '{name}' saknas i rapporten",
                         f"lägg till raden '{name}: …'; serien kräver det (obligatoriskt i {series_file})")
    document_id = values.get("dokument_id")
    prefix = series.document_id_prefix
    if document_id and prefix and not document_id.startswith(prefix):
        problems.add(path, data.line_of("dokument_id"),
                     f"dokument-id '{document_id}' börjar inte med seriens prefix '{prefix}'",
                     f"kontrollera att id:t hör till den här rapporten (kopierat från en annan serie?); prefixet står "
                     f"i {series_file}")
    return ok


def _readable_period(report: YamlMap, issue: Period | None, kind: str) -> Period | None:
    """The report's period if it can be read, so that prose is checked even when other fields are wrong; for
    a tertial, half-year or annual report without one, the year to date through its folder's period."""
    if "period" not in report:
        return periods.year_to_date(issue.end) if issue and kind in DEFAULT_PERIOD_KINDS else None
    try:
        return Period.parse(str(report.get("period")))
    except ValueError:
        return None  # reported by the field check
