"""`rapport new`: start a series' next report from its latest one, keeping its structure but not its text.

The new report has the latest report's sections in order, each with its front matter, its headings and its
placements (`{tabell …}`, `{diagram …}`, the goal tables, `{text …}`) where they stood; each run of prose
between them becomes the marker WRITE_HERE, which a published report may not keep (builder.read.sections).
Without an earlier report, the series' skeleton (`avsnitt:` in series.yml) is used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from builder.base import limits, periods
from builder.base.periods import KIND_FORMS, Month, Period, parse_issue, year_to_date
from builder.base.problems import Problems
from builder.base.project import Project
from builder.read.fields import ID
from builder.read.inputs import UnreadableFile, check_project_files, load_text
from builder.read.load import DEFAULT_PERIOD_KINDS, load_series
from builder.read.markdown import FIGURE, TEXT_BLOCK, parser, split_front_matter
from builder.read.model import TEXT_BLOCK_FOLDER, Report, Series, Signature
from builder.read.sections import WRITE_HERE

# "välj en annan …" when the folder exists
_ANOTHER = {periods.MONTH: "en annan månad", periods.TERTIAL: "ett annat tertial", periods.HALF_YEAR: "ett annat halvår",
            periods.YEAR: "ett annat år", periods.FREE: "ett annat namn"}


class ScaffoldError(Exception):
    pass


@dataclass(frozen=True)
class Created:
    folder: Path
    source: str | None  # the folder name of the report it was made from; None: from the series' skeleton
    period: Period  # the months its figures cover
    period_written: bool  # False: report.yml leaves `period:` out (the default, the year to date)
    text_blocks: tuple[str, ...]  # the report's own text blocks, created empty


@dataclass(frozen=True)
class _Section:
    id: str
    front: str  # the front matter between the '---' lines, as the editor wrote it
    blocks: list[str]  # headings and placements as written, WRITE_HERE where prose was


def scaffold(project: Project, series_slug: str, period_text: str | None = None) -> Created:
    """Create content/<series>/<period>/ as a draft. Without `period_text`, the period after the newest report."""
    problems = Problems(project.root)
    check_project_files(project.editable, problems)
    if problems:
        raise ScaffoldError("projektet har fel som måste rättas först:\n" + "\n".join(str(p) for p in problems.sorted()))
    known = sorted(p.name for p in project.content.iterdir() if ID.fullmatch(p.name) and (p / "series.yml").is_file()) \
        if project.content.is_dir() else []
    if series_slug not in known:  # also what keeps a name such as ../.. from leaving content/
        raise ScaffoldError(f"serien '{series_slug}' finns inte; välj en av: {', '.join(known) or 'inga (skapa en serie först)'}")
    series = load_series(project.content / series_slug, problems)
    if series is None or problems:
        raise ScaffoldError("serien har fel som måste rättas först:\n" + "\n".join(str(p) for p in problems.sorted()))
    name, issue = _issue(series, period_text)
    target = series.folder / name
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(project.root).as_posix()}/ finns redan; välj {_ANOTHER[series.kind]}")
    if issue is None:  # a free series: the newest report
        latest = series.reports[0] if series.reports else None
    else:
        latest = next((r for r in series.reports if r.issue.end < issue.end), None)
    if latest:
        sections = [_outline(s.id, s.path) for s in latest.sections]
    else:
        sections = [_Section(s.id, f"titel: {_yaml_scalar(s.title)}\n", [WRITE_HERE]) for s in series.skeleton]
        if not sections:
            raise ScaffoldError("serien har varken tidigare rapporter eller standardavsnitt (avsnitt i series.yml)")
    period, written = _period(series, issue, latest)
    blocks = _own_text_blocks(latest, sections)
    try:
        _write(project, series, target, issue, latest, sections, period, written, blocks)
    except OSError as error:
        raise ScaffoldError(f"{target.relative_to(project.root).as_posix()}/ kunde inte skapas ({error.strerror}); "
                            "kontrollera att du får skriva i mappen") from None
    return Created(target, latest.name if latest else None, period, written, blocks)


def _issue(series: Series, text: str | None) -> tuple[str, Period | None]:
    """The new report's folder name and the period it stands for (None in a free series)."""
    kind, newest = series.kind, series.reports[0] if series.reports else None
    if text is None:
        if kind == periods.FREE:
            raise ScaffoldError(f"skriv den nya rapportens mappnamn efter serien: serien '{series.slug}' har "
                                f"rapportperiod: fri, så mappen döps fritt med {KIND_FORMS[kind]}")
        if newest is None:
            raise ScaffoldError(f"serien '{series.slug}' har inga rapporter än; skriv perioden efter serien "
                                f"som {KIND_FORMS[kind]}")
        issue = newest.issue.following()
        return issue.written_as(kind), issue
    text = text.strip()
    try:
        issue = parse_issue(text, kind)
    except ValueError:
        suggestion = f"; nästa rapport är {newest.issue.following().written_as(kind)}" if newest and kind != periods.FREE else ""
        raise ScaffoldError(f"'{text}' passar inte serien '{series.slug}', som har rapportperiod: {kind}; skriv "
                            f"{KIND_FORMS[kind]}{suggestion}") from None
    if text == TEXT_BLOCK_FOLDER:
        raise ScaffoldError(f"'{text}' är mappen för seriens textblock; välj ett annat namn")
    return text, issue


def _period(series: Series, issue: Period | None, latest: Report | None) -> tuple[Period, bool]:
    """The months the new report's figures cover, and whether report.yml says so (or leaves the default).

    Month: the latest report's period rolled forward (the year to date stays the year to date); without one,
    the year to date before the month. Tertial, half-year and year: the default (the year to date through the
    period) unless the latest report gave other months, which are rolled forward. Free: the period after the
    latest report's (a year to date: the same months a year later); without one, the year to date before today.
    """
    if series.kind == periods.FREE:
        if latest is None:
            today = dt.date.today()
            return year_to_date(Month(today.year, today.month).shifted(-1)), True
        before = latest.period
        year_to_date_range = before.start.month == 1 and before.start.year == before.end.year and before.kind != periods.MONTH
        return (before.rolled_forward(12) if year_to_date_range else before.following()), True
    months = issue.end.months_since(latest.issue.end) if latest else 0
    if series.kind in DEFAULT_PERIOD_KINDS:
        default = year_to_date(issue.end)
        if latest is None or latest.period == year_to_date(latest.issue.end):
            return default, False
        rolled = latest.period.rolled_forward(months)
        return rolled, rolled != default
    if latest:
        return latest.period.rolled_forward(months), True
    return year_to_date(issue.end.shifted(-1)), True


def _outline(section_id: str, path: Path) -> _Section:
    """A section of the latest report with its prose emptied: front matter, headings and placements kept."""
    try:
        parts = split_front_matter(load_text(path, limits.MARKDOWN_BYTES))
    except UnreadableFile:
        parts = None
    if parts is None:  # it was read a moment ago; only a file changed since then gets here
        raise ScaffoldError(f"avsnittet {path.name} kunde inte läsas; kör 'rapport check' och försök igen")
    front, _, body, _ = parts
    tokens = parser().parse(body)
    blocks: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            heading = tokens[index + 1].content.replace("\n", " ")  # a setext heading may span lines
            blocks.append(f"{'#' * int(token.tag[1])} {heading}")
            index += 3  # heading_open, inline, heading_close
            continue
        if token.type == "paragraph_open" and _is_placement(tokens[index + 1].content):
            blocks.append(tokens[index + 1].content.strip())
            index += 3
            continue
        is_prose = token.type == "hr" or (token.type in ("inline", "fence", "code_block", "html_block")
                                          and token.content.strip())
        if is_prose and (not blocks or blocks[-1] != WRITE_HERE):
            blocks.append(WRITE_HERE)
        index += 1
    return _Section(section_id, front if front.endswith("\n") else front + "\n", blocks or [WRITE_HERE])


def _is_placement(text: str) -> bool:
    return bool(FIGURE.fullmatch(text.strip()) or TEXT_BLOCK.fullmatch(text.strip()))


def _own_text_blocks(latest: Report | None, sections: list[_Section]) -> tuple[str, ...]:
    """The text blocks the kept placements take from the latest report's own textblock/ folder."""
    if latest is None:
        return ()
    placed = [m.group(1) for s in sections for b in s.blocks if (m := TEXT_BLOCK.fullmatch(b))]
    own = latest.folder / TEXT_BLOCK_FOLDER
    return tuple(b for b in dict.fromkeys(placed) if (own / f"{b}.md").is_file())


def _write(project: Project, series: Series, target: Path, issue: Period | None, latest: Report | None,
           sections: list[_Section], period: Period, written: bool, text_blocks: tuple[str, ...]) -> None:
    env = Environment(loader=FileSystemLoader(project.templates / "scaffold"), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["value"] = lambda text: f" {_yaml_scalar(text)}" if text else ""  # after the colon
    uses = {name for name, value in _metadata(latest).items() if value} | set(series.required)
    signature = (latest.signature if latest else None) or Signature("", "")
    report_yml = env.get_template("report.yml.j2").render(
        title=f"{series.title} {series.label(issue or period, period)}",
        source=f"rapporten {latest.name}" if latest else "seriens standardavsnitt (avsnitt i series.yml)",
        marker=WRITE_HERE, period=period if written else None, default_period=period.label, uses=uses,
        prefix=series.document_id_prefix or "", responsible=(latest.responsible if latest else None) or "",
        prepared_by=(latest.prepared_by if latest else None) or "", signature=signature,
        sections=[s.id for s in sections], publish=f"rapport publicera {series.slug} {target.name}",
    )
    section_template = env.get_template("section.md.j2")
    target.mkdir(parents=True)
    (target / "report.yml").write_text(report_yml, encoding="utf-8")
    for section in sections:
        (target / f"{section.id}.md").write_text(section_template.render(front=section.front, blocks=section.blocks),
                                                 encoding="utf-8")
    for block in text_blocks:
        (target / TEXT_BLOCK_FOLDER).mkdir(exist_ok=True)
        (target / TEXT_BLOCK_FOLDER / f"{block}.md").write_text(WRITE_HERE + "\n", encoding="utf-8")


def _metadata(report: Report | None) -> dict[str, object]:
    """The metadata fields (model.METADATA) the report has filled in."""
    if report is None:
        return {}
    return {"dokument_id": report.document_id, "diarienummer": report.case_number, "version": report.version, "ansvarig": report.responsible,
            "upprattad_av": report.prepared_by, "underskrift": report.signature}


def _yaml_scalar(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).removesuffix("\n...\n").strip()
