"""Load, check and render all content: the one path shared by `check`, `build` and `serve`."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

from jinja2 import Environment

from builder.compute import history
from builder.base import templating
from builder.compute.addresses import ACCESSIBILITY_URL, CORRECTIONS_URL, OPEN_DATA_URL, open_data_paths
from builder.compute.changes import Changes, compare, recorded
from builder.compute.frozen import check_published
from builder.read.charts import ChartData, load_charts
from builder.compute.observations import Observations, check_consistency
from builder.read.goals import load_plans
from builder.compute.specs import NOT_DRAWN, column_error, of_the_year
from builder.compute.figures import FigureContext, chart_html, source_line, trend_chart
from builder.compute.headlines import Headline
from builder.compute.headlines import headlines as compute_headlines
from builder.read.inputs import check_project_files
from builder.read.load import load_content
from builder.read.markdown import Heading, Link, UniqueIds
from builder.read.data import Data, load_data
from builder.read.metrics import unknown_metric_hint
from builder.read.modelcache import ReportCache, fingerprint
from builder.base.periods import Month, Period
from builder.read.model import SERIES_FILE, SITE_FILE, Content, Report, Series
from builder.read.sections import WRITE_HERE, write_here_left
from builder.compute.report import TEMPLATE_IDS, RenderedReport, RenderedSection
from builder.base.problems import Cause, ContentError, Problems
from builder.base.project import Project

@dataclass
class Prepared:
    content: Content  # with drafts only when they were asked for
    reports: dict[str, RenderedReport]  # by page URL
    charts: dict[str, ChartData]  # every chart in the reports, by key
    trends: dict[str, list[str]]  # per series: the home page's trend charts (HTML)
    headlines: dict[str, list[Headline]]  # per series: the home page's headline figures, from its newest report
    data: Data  # data/, for the open data and the page Nyckeltal
    observations: Observations
    templates: Environment  # for the partials of the page Nyckeltal
    _changes: dict[str, Changes] = field(default_factory=dict, repr=False)  # by page URL: for the page and the PDF

    def rendered(self, report: Report) -> RenderedReport:
        return self.reports[report.url]

    # Computed only when the site is written, not by `rapport check`:

    @cached_property
    def key_figures(self) -> list[history.KeyFigure]:
        """Every key figure over the reports, for the page Nyckeltal."""
        return history.key_figures(self.content, self.data, self.observations, self.templates)

    @property
    def every_chart(self) -> list[ChartData]:
        """The reports' and the home page's charts, and those of the page Nyckeltal."""
        return [*self.charts.values(), *(f.chart for f in self.key_figures if f.chart)]

    def changes(self, rendered: RenderedReport) -> Changes:
        """What is new against the previous published report of the series (also in a preview with drafts);
        worked out once for the report's page and its PDF; as recorded for a published report."""
        url = rendered.report.url
        if url not in self._changes and rendered.report.record is not None:
            self._changes[url] = recorded(rendered.report.record)  # as published, whatever was added since
        if url not in self._changes:
            order = rendered.report.order
            previous = next((r for r in rendered.series.reports if not r.is_draft and r.order < order), None)
            self._changes[url] = compare(rendered, self.reports[previous.url] if previous else None)
        return self._changes[url]

    @cached_property
    def corrections(self) -> list:
        """Every published correction on the site, newest first: (rendered report, recorded correction)."""
        found = [(rendered, correction) for rendered in self.reports.values() if rendered.report.record
                 for correction in rendered.report.record.corrections]
        return sorted(found, key=lambda pair: (pair[1].date, pair[0].report.order), reverse=True)

    @property
    def published_until(self) -> Month | None:
        """The last month of the newest published report's period: outcomes after it are not yet public."""
        return max((r.report.period.end for r in self.reports.values() if not r.report.is_draft), default=None)


def prepare(project: Project, include_drafts: bool, publishing: Path | None = None,
            republishing: bool = False) -> Prepared:
    """Everything needed to write the site, or ContentError with every problem found. `publishing`: the folder
    of the report being published, which keeps every figure it shows; `republishing`: it is published again
    (a correction), and not checked against its record."""
    problems = Problems(project.root)
    check_project_files(project.editable, problems)
    if problems:  # nothing is read through a link, not even to report errors in what it points at
        raise ContentError(problems.sorted())
    figures = _FigureSource.load(project, problems)
    cache = None
    if not problems:  # data with errors is not cached against
        inputs = fingerprint(project.data, project.templates / "partials", Path(__file__).parents[1],
                             project.content / SITE_FILE)  # its default source (`källa`) is in reports' figures
        cache = ReportCache(project.build / "cache" / "model", inputs, figures.charts, fresh=publishing)
    content = load_content(project.content, problems, figures.for_report, cache, publishing)
    if content is None:
        raise ContentError(problems.sorted())
    if not include_drafts:
        content = content.without_drafts()
    trends = {series.slug: figures.trends(series, problems, content.settings.source) for series in content.series}
    headlines = {series.slug: compute_headlines(
        figures.for_report(series.current.period, not series.current.is_draft) if series.current else None,
        series, figures.data.metrics, problems) for series in content.series}
    reports: dict[str, RenderedReport] = {}
    links: list[tuple[Report, Path, Link]] = []
    for series in content.series:
        for report in series.reports:
            if report.record is not None and not _republished(report, publishing if republishing else None):
                check_published(report, problems)
            rendered, report_links = _render_report(report, series, problems)
            reports[report.url] = rendered
            links += [(report, path, link) for path, link in report_links]
    _check_links(links, content, reports, history.pages(figures.data), problems)
    if problems:
        raise ContentError(problems.sorted())
    return Prepared(content, reports, figures.charts, trends, headlines, figures.data, figures.observations,
                    figures.templates)


def _republished(report: Report, republishing: Path | None) -> bool:
    """While a correction is published: the report it is in, and every report with a correction not yet
    published (one change in data may need a correction in several reports, each published in turn)."""
    return republishing is not None and (report.folder == republishing
                                         or len(report.corrections) > len(report.record.corrections))


@dataclass
class _FigureSource:
    """The loaded data/, from which every report gets the key figures for its period."""

    data: Data
    observations: Observations
    templates: Environment
    charts: dict[str, ChartData]  # every chart placed in prose, drawn when the site is built
    problems: Problems | None = None  # what in data/ could not be read: references that need it are skipped

    @classmethod
    def load(cls, project: Project, problems: Problems) -> _FigureSource:
        data = load_data(project.data, problems, column_error, of_the_year)
        data.charts = load_charts(project.data, data.metrics, lambda text: column_error(text, NOT_DRAWN), problems)
        data.plans = load_plans(project.data / "goals", problems)
        observations = Observations(data.observations)
        for violation in check_consistency(data.metrics, observations):
            problems.add(project.root / violation.observation.path, violation.observation.line,
                         violation.message, violation.hint)
        return cls(data, observations, templating.environment(project.templates), {}, problems)

    def for_report(self, period: Period, published: bool) -> FigureContext:
        return FigureContext(self.data, self.observations, period, self.templates, self.charts,
                             problems=self.problems, published=published)

    def trends(self, series: Series, problems: Problems, default_source: str) -> list[str]:
        """HTML of the small trend charts the series asks for on the home page, each with its source line."""
        figures = []
        for metric_id, line in series.trends:
            if metric_id not in self.data.metrics:
                if problems.skip("nyckeltal", metric_id):  # metrics.yml has an error where it is defined
                    continue
                problems.add(series.folder / SERIES_FILE, line, f"okänt nyckeltal '{metric_id}' under trender",
                             unknown_metric_hint(metric_id, self.data.metrics))
                continue
            metric = self.data.metrics[metric_id]
            chart = trend_chart(metric, self.observations, list(reversed(series.reports)))
            if chart is not None:
                self.charts[chart.key] = chart
                newest = next(r for r in series.reports if self.observations.value(metric, r.period) is not None)
                source = source_line([metric], default_source, newest.period, newest.published, newest=True)
                figures.append(chart_html(self.templates, chart, source=source))
        return figures


def _render_report(report: Report, series: Series, problems: Problems) -> tuple[RenderedReport, list]:
    unique = UniqueIds({*TEMPLATE_IDS, *(s.id for s in report.sections)})
    sections, links = [], []
    for section in report.sections:
        result = section.rendered
        if not result.has_prose and not report.is_draft:
            problems.add(section.path, section.body_line, f"avsnittet '{section.title}' har ingen text",
                         "skriv avsnittets text, ta bort avsnittet ur listan i report.yml, eller sätt status: utkast")
        for path, line in [] if report.is_draft else write_here_left(section):
            problems.add(path, line, f"markeringen {WRITE_HERE} står kvar i en publicerad rapport",
                         "skriv texten i stället för markeringen, eller sätt status: utkast tills rapporten är klar")
        blocks = [
            replace(b, id=unique(b.id)) if isinstance(b, Heading) else b for b in result.blocks
        ]
        heading = Heading(2, section.title, section.id, 1)
        sections.append(RenderedSection(section.title, section.id, [heading, *blocks]))
        links += [(link.path or section.path, link) for link in result.internal_links]
    return RenderedReport(report, series, sections, list(report.files)), links


def site_path(page_url: str, target: str) -> str:
    """Where a relative link on the page `page_url` leads, as a path from the site root ('' for the home
    page); a link cannot climb above the root."""
    return posixpath.normpath(posixpath.join("/" + page_url, target)).lstrip("/")


def site_pages(content: Content, reports: dict[str, RenderedReport],
               key_figure_pages: dict[str, set[str]]) -> dict[str, set[str]]:
    """Every page of the site by URL, with the anchors it has."""
    pages: dict[str, set[str]] = {"": set(), ACCESSIBILITY_URL: set(), OPEN_DATA_URL: set(), CORRECTIONS_URL: set(),
                                  **key_figure_pages}
    for series in content.series:
        pages[f"{series.slug}/"] = set()
    for url, rendered in reports.items():
        pages[url] = rendered.anchors
    return pages


def _check_links(links, content: Content, reports: dict[str, RenderedReport],
                 key_figure_pages: dict[str, set[str]], problems: Problems) -> None:
    pages = site_pages(content, reports, key_figure_pages)
    anchor_lists: dict[str, str] = {}  # per page, the ids a hint lists (sorted once, however many links miss)
    files = {f"{url}{name}" for url, rendered in reports.items() for name in rendered.files} | set(open_data_paths())
    for report, path, link in links:
        shown = unquote(link.target)
        target, _, anchor = link.target.partition("#")
        target = target.partition("?")[0]
        if not target:
            key = report.url
        else:
            key = site_path(report.url, target)
            if key.endswith("index.html"):
                key = key[: -len("index.html")]
        if key in files and not anchor:
            continue
        page = key if key in pages else f"{key}/" if f"{key}/" in pages else None
        if page is None and (cause := _not_loaded(key, pages, problems)):  # one cause, one message
            problems.skip_because(cause)
        elif page is None:
            what = "bilden" if link.is_image else "länken"
            hint = ("lägg bildfilen i rapportens mapp" if link.is_image else
                    "länka till en rapport som ../2025-10/, till ett avsnitt som #ekonomi, eller till en fil i rapportens mapp")
            if target.endswith(".md"):
                hint = f"länka till avsnittets rubrik med #{Path(target).stem} i stället för till filen"
            problems.add(path, link.line, f"{what} '{shown}' pekar på något som inte finns på webbplatsen", hint)
        elif anchor and anchor not in pages[page]:
            if page not in anchor_lists:
                anchor_lists[page] = ", ".join(sorted(pages[page])[:12])
            known = anchor_lists[page]
            problems.add(path, link.line, f"länken '{shown}' pekar på en rubrik som inte finns",
                         f"kontrollera ankaret efter #; rubrikerna på sidan har id {known}" if known else
                         "ta bort delen efter # eller länka till en rapport")


_LINKS_TO = {2: ("länk till rapporten", "länkar till rapporten"), 1: ("länk till serien", "länkar till serien")}


def _not_loaded(key: str, pages: dict[str, set[str]], problems: Problems) -> Cause | None:
    """When a link leads into a report or series that is there but was not loaded because of its errors: the
    file of its first error, where the link is counted as not checked instead of reported."""
    parts = key.strip("/").split("/")
    for depth in (2, 1):
        folder = "/".join(parts[:depth]) + "/"
        if len(parts) >= depth and folder not in pages and (problems.root / "content" / folder).is_dir():
            first = min((p for p in problems.items if p.path.startswith(f"content/{folder}")), default=None)
            if first is not None:
                return problems.because(first.path, _LINKS_TO[depth])
    return None
