"""Every key figure over the published reports: the pages Nyckeltal, an overview and a page per key figure
with its definition, values, chart and links.

Values are computed with the same comparisons as the reports' tables, for the period of each report that
shows the figure, so the page shows exactly what the reports showed. The chart sets the newest report's
period beside the same months of earlier years, never periods of different length.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath

from jinja2 import Environment

from builder.base import swedish
from builder.read.charts import BAR, ChartData, Point
from builder.compute.observations import Observations
from builder.compute.comparisons import COMPARISONS, Ask, Basis, Cell
from builder.compute.figures import chart_html, source_line, source_named
from builder.read.markdown import slugify
from builder.read.metrics import (
    ACTUAL, FORECAST, HIGHER_IS_BETTER, KEY_FIGURE_URL, LAST, LOWER_IS_BETTER, SUM, Metric, key_figure_page,
)
from builder.read.data import Data
from builder.base.periods import Period
from builder.read.model import Content
from builder.base.problems import FigureError

COLUMNS = ("utfall", "fg-år", "förändring")  # as the reports' comparisons of the same names
POLARITY_TEXT = {HIGHER_IS_BETTER: "Ett högre värde är bättre.", LOWER_IS_BETTER: "Ett lägre värde är bättre."}
AGGREGATION_TEXT = {
    SUM: "Värdet för en period är summan av periodens månader.",
    LAST: "Värdet för en period är värdet i periodens sista månad.",
}


@dataclass(frozen=True)
class Reading:
    """A key figure in one report: its value for the report's period and the same period a year earlier."""

    report_title: str
    report_url: str
    period: Period
    cells: tuple[Cell | None, ...]  # one per COLUMNS
    category: str = ""  # 'kvinnor', when the report has the figure only per category
    published: dt.date | None = None  # the report's publication date


@dataclass(frozen=True)
class Revisions:
    """How the forecast for one year moved: each version by the month it was made, oldest first."""

    year: int
    versions: tuple[tuple[str, str], ...]  # ('juli 2025', '−262 mnkr')
    illustrative: bool
    source: str  # the line under its table: where the forecasts come from, and when the newest was made


@dataclass(frozen=True)
class KeyFigure:
    metric: Metric
    group: str
    readings: tuple[Reading, ...]  # newest report first
    chart: ChartData | None  # the chart over time, when there are at least two periods
    chart_html: str | None
    shown_in: tuple[tuple[str, str], ...]  # (title, url) of the reports that show it, newest first
    forecasts: tuple[Revisions, ...] = ()  # the years whose forecast was made more than once, newest first
    source: str = ""  # the source line under its chart and table: where the numbers come from, how current

    @property
    def url(self) -> str:
        return key_figure_page(self.metric.id)

    @property
    def also_shown_in(self) -> tuple[tuple[str, str], ...]:
        """Reports that show the figure but have no row in its table (no outcome for their period)."""
        in_table = {r.report_url for r in self.readings}
        return tuple((title, url) for title, url in self.shown_in if url not in in_table)

    @property
    def latest(self) -> Reading | None:
        return next((r for r in self.readings if not r.category), None)

    @property
    def definition(self) -> list[tuple[str, str]]:
        metric = self.metric
        terms = [("Enhet", swedish.UNIT_SYMBOLS.get(metric.unit, metric.unit))]
        if metric.description:
            terms.append(("Vad det mäter", metric.description))
        terms.append(("Tolkning", POLARITY_TEXT.get(metric.polarity, "Varken ett högre eller ett lägre värde är i sig bättre.")))
        terms.append(("Period", AGGREGATION_TEXT.get(metric.aggregation, "En andel eller ett genomsnitt för hela perioden.")))
        if metric.is_change:
            terms.append(("Förändring", "Talet är självt en förändring mot samma period året innan."))
        return terms

    @property
    def illustrative(self) -> bool:
        return any(c and c.illustrative for r in self.readings for c in r.cells)


HEADERS = ("Utfall", "Samma period året innan", "Förändring")
OTHER = "Övriga"  # the group of key figures with no observations
YEARS_BACK = 15  # how far the chart over time looks for the same period in earlier years


def group_id(group: str) -> str:
    """The heading id of a group on the overview page: 'omrade-ekonomi'."""
    return f"omrade-{slugify(group)}"


def pages(data: Data) -> dict[str, set[str]]:
    """The overview and one page per key figure, with their heading ids, known without computing them."""
    groups = _groups(data)
    names = set(groups.values()) | ({OTHER} if len(groups) < len(data.metrics) else set())
    return {KEY_FIGURE_URL: {group_id(name) for name in names}, **{key_figure_page(m): set() for m in data.metrics}}


def key_figures(content: Content, data: Data, observations: Observations, templates: Environment) -> list[KeyFigure]:
    """Every key figure, grouped by the data file it is kept in."""
    reports = sorted(((s, r) for s in content.series for r in s.reports), key=lambda sr: (sr[1].period.end, sr[1].order),
                     reverse=True)
    groups = _groups(data)
    forecast_years = _forecast_years(observations)
    order = list(dict.fromkeys(groups.values()))
    figures = []
    for metric in sorted(data.metrics.values(), key=lambda m: order.index(groups[m.id]) if m.id in groups else len(order)):
        shown = [(series, report) for series, report in reports if metric.id in report.key_figures]
        readings, newest = [], None
        for series, report in shown:
            context = Basis(data, observations, report.period)
            total = tuple(_cell(context, column, metric, None) for column in COLUMNS)
            if total[0] or total[1]:
                breakdown = [(None, total)]
                newest = newest or report.period
            else:  # the report shows the figure only per category (kön=kvinnor …)
                breakdown = [(d, tuple(_cell(context, column, metric, d) for column in COLUMNS))
                             for d in observations.dimensions(metric.id, report.period, ACTUAL)]
            readings += [Reading(report.title, report.url, report.period, cells, d[1] if d else "", report.published)
                         for d, cells in breakdown if cells[0] or cells[1]]
        source = (source_line([metric], content.settings.source, readings[0].period, readings[0].published, newest=True)
                  if readings else "")
        chart = _chart(metric, _same_period_each_year(metric, newest, data, observations, templates)) if newest else None
        figures.append(KeyFigure(metric, groups.get(metric.id, OTHER), tuple(readings), chart,
                                 chart_html(templates, chart, source=source) if chart else None,
                                 tuple((r.title, r.url) for _, r in shown),
                                 _forecasts(metric, forecast_years.get(metric.id, []), observations,
                                            content.settings.source), source))
    return figures


def _forecast_years(observations: Observations) -> dict[str, list[Period]]:
    """Per key figure, the years whose forecast for the total (not a category) has a row with the month it was
    made in, newest first: found in one pass over the data, not one per key figure."""
    years: dict[str, set[Period]] = {}
    for o in observations.all:
        if o.kind == FORECAST and o.dimension is None and o.made and o.period == Period.of_year(o.period.end.year):
            years.setdefault(o.metric, set()).add(o.period)
    return {metric: sorted(found, reverse=True) for metric, found in years.items()}


def _forecasts(metric: Metric, years: list[Period], observations: Observations,
               default_source: str) -> tuple[Revisions, ...]:
    """The yearly forecasts of the figure that were made in more than one month."""
    found = []
    for year in years:
        dated = [o for o in observations.versions(metric.id, year, FORECAST) if o.made and o.value is not None]
        if len(dated) > 1:
            found.append(Revisions(year.end.year, tuple((o.made.label, metric.format(o.value)) for o in dated),
                                   any(o.illustrative for o in dated),
                                   f"{source_named([metric], default_source)}Prognoserna för {year.end.year} som de "
                                   f"lades månad för månad, den senaste i {dated[-1].made.label}."))
    return tuple(found)


def _groups(data: Data) -> dict[str, str]:
    """Metric id -> the name of the data file its observations are kept in ('Ekonomi')."""
    groups: dict[str, str] = {}
    for metric, path in data.files.items():  # each key figure's first data file
        groups[metric] = PurePosixPath(path).stem.capitalize()
    return groups


def _cell(context: Basis, column: str, metric: Metric, dimension: tuple[str, str] | None) -> Cell | None:
    try:
        return COMPARISONS[column].compute(context, Ask(metric, context.period, dimension))
    except FigureError:
        return None


def _same_period_each_year(metric: Metric, newest: Period, data: Data, observations: Observations,
                           templates: Environment) -> list[tuple[Period, Cell]]:
    """The outcome for the newest report's period and for the same months of each earlier year with a value:
    periods of one length, so that the bars compare like with like."""
    found = []
    for years in range(YEARS_BACK, -1, -1):
        period = Period(newest.start.shifted(-12 * years), newest.end.shifted(-12 * years))
        cell = _cell(Basis(data, observations, period), "utfall", metric, None)
        if cell is not None:
            found.append((period, cell))
    return found


def _chart(metric: Metric, points: list[tuple[Period, Cell]]) -> ChartData | None:
    if len(points) < 2:
        return None
    chart_points = tuple(Point(p.short_label, metric.label, float(c.value), c.text) for p, c in points)
    readings = ", ".join(f"{p.text} ({p.category})" for p in chart_points)
    months = points[-1][0].short_label.rsplit(" ", 1)[0]  # 'jan–sep', 'helår', 'sep'
    return ChartData(
        id=f"nyckeltal-{metric.id}", kind=BAR, caption=f"{metric.label}, {months} varje år",
        alt=f"Stapeldiagram över {metric.label[0].lower() + metric.label[1:]}, {months} varje år: {readings}.",
        unit=metric.unit, decimals=metric.decimals, category_title="Period",
        categories=tuple(p.category for p in chart_points), series=(metric.label,), points=chart_points,
        illustrative=any(c.illustrative for _, c in points),
    )


@dataclass(frozen=True)
class OverviewTable:
    """Key figures whose newest value is for the same period, with the line that says where they come from."""

    period: Period
    figures: tuple[KeyFigure, ...]
    source: str


@dataclass(frozen=True)
class OverviewGroup:
    """A group of key figures on the overview page: those the newest reports give first, then those last given
    in older reports, apart and under the period they were last given for. A figure without a value in any
    report has no row (its page says so)."""

    title: str
    id: str
    current: OverviewTable | None  # the figures of the newest reports' period
    older: tuple[OverviewTable, ...]  # newest period first
    by_category: tuple[KeyFigure, ...]  # given in the reports only per category (kvinnor, män …): on their pages
    without: tuple[KeyFigure, ...]


def overview(figures: list[KeyFigure], default_source: str) -> list[OverviewGroup]:
    """The key figures by group, in the order of the figures, with each figure's newest value set apart by
    whether it is for the newest reports' period."""
    def table(period: Period, members: list[KeyFigure]) -> OverviewTable:
        published = [f.latest.published for f in members if f.latest.published]
        return OverviewTable(period, tuple(members), source_line([f.metric for f in members], default_source, period,
                                                                 max(published, default=None)))

    newest = max((f.latest.period for f in figures if f.latest), key=_recency, default=None)
    groups: dict[str, list[KeyFigure]] = {}
    for figure in figures:
        groups.setdefault(figure.group, []).append(figure)
    found = []
    for title, members in groups.items():
        by_period: dict[Period, list[KeyFigure]] = {}
        for figure in (f for f in members if f.latest):
            by_period.setdefault(figure.latest.period, []).append(figure)
        older = sorted((p for p in by_period if p != newest), key=_recency, reverse=True)
        found.append(OverviewGroup(title, group_id(title), table(newest, by_period[newest]) if newest in by_period else None,
                                   tuple(table(p, by_period[p]) for p in older),
                                   tuple(f for f in members if f.readings and not f.latest),
                                   tuple(f for f in members if not f.readings)))
    return found


def _recency(period: Period) -> tuple:
    return period.end, period.start


def period_lengths_differ(figure: KeyFigure) -> bool:
    """Whether sums over periods of different length stand side by side (worth a note to the reader)."""
    lengths = {r.period.end.months_since(r.period.start) for r in figure.readings}
    return figure.metric.aggregation == SUM and len(lengths) > 1
