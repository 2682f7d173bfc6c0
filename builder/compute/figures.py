"""Key figures in a report: references in prose (`{sjukfranvaro förändring}`), declared tables and charts.

Every figure is computed from the observations (builder.compute.comparisons), for the period it names or
else its section's or its report's, and formatted by builder.base.swedish. Editors reach no template
engine: a reference is parsed, never evaluated.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field, replace

from jinja2 import Environment
from markupsafe import Markup, escape

from builder.base import swedish
from builder.compute.downloads import DataRow, Dataset
from builder.compute.goal_figures import GoalFigures
from builder.compute.tables import Column, TableFigures, with_made
from builder.read.charts import BAR_DIVERGING, BETTER, LINE, STACKED, STACKED_100, TREND, WORSE, ChartData, Point
from builder.compute.comparisons import PERCENT_CHANGE_DECIMALS, Ask, Basis, Cell
from builder.compute.specs import parse_spec
from builder.compute.observations import Found, Observations
from builder.compute import phrases
from builder.compute.phrases import capitalised
from builder.read.markdown import REFERENCE, slugify
from builder.read.metrics import ACTUAL, HIGHER_IS_BETTER, LOWER_IS_BETTER, Metric, unknown_metric_hint
from builder.read.record import Figure
from builder.base.periods import Period, When
from builder.base.sentences import BEFORE_CHARS, starts_sentence
from builder.base.problems import FigureError, Problems


@dataclass
class FigureContext(TableFigures, GoalFigures, Basis):
    """A report's figures as they are placed in its prose: references, tables, charts and goal tables."""

    templates: Environment  # for the table and chart partials
    charts: dict[str, ChartData]  # every chart placed in prose, by key, drawn when the site is built
    datasets: dict[str, Dataset] = field(default_factory=dict)  # the report's tables and charts, for download
    shown: set[str] = field(default_factory=set)  # ids of the key figures the report shows
    placed: int = 0  # tables, charts and goal tables placed in the report (limits.FIGURES)
    problems: Problems | None = None  # what could not be read in data/, so that what needs it is skipped
    published: bool = False  # a published report's table may not have an empty cell it does not declare
    default: Period | None = None  # the period of the section being rendered, where it sets one
    without_data: tuple[str, str] | None = None  # what a missing value depends on when the period has no data
    default_source: str = ""  # the source of key figures that name none (`källa` in content/site.yml)
    published_on: dt.date | None = None  # the report's publication date: how current its figures are
    recording: bool = False  # whether to keep every figure shown (builder.read.load says which reports do)
    figures: list[Figure] = field(default_factory=list)  # every figure shown, as a publication records it
    place: str = ""  # where the figures computed next stand: 'avsnitt ekonomi'
    corrected: dict = field(default_factory=dict)  # (place, name) -> (date, text first published): marked where shown
    _read: list = field(default_factory=list, repr=False)  # the data rows read for the figure being computed

    def source_line(self, metrics, period: Period) -> str:
        return source_line(metrics, self.default_source, period, self.published_on)

    def section_period(self, when: When | None) -> None:
        """The default period of the figures of the section rendered next (None: the report's)."""
        self.default = when.resolve(self.period) if when is not None else None

    def noted(self, rows) -> None:
        if self.recording:
            self._read.extend(rows)

    def computed(self, spec, ask: Ask) -> tuple[Cell, tuple[tuple[str, str], ...]]:
        """The spec's cell for `ask`, with the data rows it was computed from where figures are kept."""
        if not self.recording:
            return spec.compute(self, ask), ()
        self._read.clear()
        cell = spec.compute(self, ask)
        return cell, self._recorded_rows(self._read)

    def _recorded_rows(self, rows) -> tuple[tuple[str, str], ...]:
        """Data rows as a publication records them, each once; none where figures are not kept."""
        return tuple(dict.fromkeys(row.recorded for row in rows)) if self.recording else ()

    def show(self, place: str, name: str, cell: Cell, period: Period, comparison: str, rows, metric: str) -> str | None:
        """Record a figure the report shows (builder.read.record), where figures are kept; where a published
        correction changed it, what says so: 'rättat 4 november 2025, tidigare 187'."""
        if self.recording:
            value = None if cell.value is None else format(cell.value, "f")
            self.figures.append(Figure(place, name, cell.text, value, str(period), comparison, tuple(rows), metric,
                                       cell.illustrative))
        if (place, name) not in self.corrected:
            return None
        date, first = self.corrected[place, name]
        return f"rättat {swedish.format_date(date)}, tidigare {first}" if first else f"rättat {swedish.format_date(date)}"

    @property
    def has_data(self) -> bool:
        """Whether data has any outcome for the report's period."""
        return self.observations.has_outcome_for(self.period)

    def depends(self, metric: Metric) -> tuple[str, str | None]:
        return self.without_data or super().depends(metric)

    def skip(self, kind: str, name: str | None) -> bool:
        """Whether a reference that needs `name` of `kind` is left unchecked (and counted) because that could
        not be read, an error reported where it is defined."""
        return self.problems is not None and self.problems.skip(kind, name)

    def metric(self, metric_id: str) -> Metric:
        if metric_id not in self.data.metrics:
            raise FigureError(f"okänt nyckeltal '{metric_id}'", unknown_metric_hint(slugify(metric_id), self.data.metrics),
                              ("nyckeltal", metric_id))
        self.shown.add(metric_id)
        return self.data.metrics[metric_id]

    def reference(self, text: str, before: str | None = None) -> str:
        """`sjukfranvaro förändring` -> '<span class="nyckeltal">+0,33 procentenheter</span>'. `before` is the text
        before it in its paragraph, where there is one: a phrase that starts a sentence starts with a capital
        letter, and words that do not read as Swedish with it are an error (phrases.check_wording)."""
        words = text.split()
        if words[0] in ("tabell", "diagram", "text", "styrmatt", "prognoser", "teckenforklaring", "malfordelning"):
            raise FigureError(f"{{{text}}} ska stå ensamt i ett eget stycke",
                              "sätt en tom rad före och efter, så att raden bara innehåller {" + text + "}")
        metric = self.metric(words[0])
        spec = parse_spec(words[1:], text)
        ask = spec.ask(metric, self.period, self.default)
        cell, rows = self.computed(spec, ask)
        if before is not None:
            phrases.check_wording(text, spec.comparison, spec.form, metric, cell, before)
        if before is not None and starts_sentence(before):
            cell = replace(cell, text=capitalised(cell.text))
        corrected = self.show(self.place, "{" + " ".join(words) + "}", cell, ask.period, spec.comparison, rows,
                              metric.id)
        marker = Markup(' <span class="illustrativ">(illustrativt värde)</span>') if cell.illustrative else ""
        if corrected:
            marker += Markup(f' <span class="rattad">({escape(corrected)})</span>')
        css = "nyckeltal illustrativt" if cell.illustrative else "nyckeltal"
        return Markup(f'<span class="{css}" data-nyckeltal="{escape(metric.id)}">{escape(cell.text)}</span>{marker}')

    def _offer(self, dataset: Dataset) -> Dataset:
        """Register a table's or chart's data as downloads beside the report's page."""
        self.datasets[dataset.name] = dataset
        return dataset

    def plain(self, text: str) -> str:
        """Text with its references replaced by their values, for alt texts and captions."""

        def value(match: re.Match) -> str:  # the reference's HTML as text, keeping its non-breaking spaces
            before = REFERENCE.sub("0", text[: match.start()])[-BEFORE_CHARS:]
            return html.unescape(re.sub(r"<[^>]+>", "", str(self.reference(match.group(1), before))))

        return REFERENCE.sub(value, text)

    def chart(self, chart_id: str) -> str:
        """HTML for a chart; its picture and spec are filled in when the site is built (see builder.render.pages)."""
        if chart_id not in self.data.charts:
            known = ", ".join(sorted(self.data.charts)) or "inga"
            raise FigureError(f"okänt diagram '{chart_id}'", f"diagrammen finns i data/charts.yml: {known}",
                              ("diagram", chart_id))
        return self._place(*self._chart_data(self.data.charts[chart_id]))

    def _place(self, chart: ChartData, exact: dict[tuple[str, str], Cell], source: str,
               rows: dict[tuple[str, str], tuple[str, tuple, str]] | None = None) -> str:
        """Register a chart to be drawn, its figures and its data for download; its figure's HTML."""
        self.charts[chart.key] = chart
        corrected = []
        for (category, serie), cell in exact.items():
            comparison, read, metric = (rows or {}).get((category, serie), ("", (), ""))
            name = f"{category}, {serie}"
            if note := self.show(f"diagram {chart.id}", name, cell, self.default or self.period, comparison, read,
                                 metric):
                corrected.append(f"{name}: {cell.text} ({note})")
        return chart_html(self.templates, chart, self._offer(chart_dataset(chart, exact, str(self.period))), source,
                          corrected)

    def _chart_data(self, definition) -> tuple[ChartData, dict[tuple[str, str], Cell], str, dict]:
        """The chart, the cell (exact value, illustrative or not) behind each (category, series) point, the
        chart's source line, and the data rows behind each point."""
        metrics = [self.data.metrics[m] for m in definition.metrics]
        self.shown.update(definition.metrics)
        period = self._chart_period(definition)
        points: list[Point] = []
        exact: dict[tuple[str, str], Cell] = {}  # one cell per point, in the points' order
        rows: dict[tuple[str, str], tuple[str, tuple, str]] = {}  # each point's comparison, data rows and key figure
        if definition.kind == LINE:
            category_title, categories, series = self._line(definition, metrics, period, points, exact, rows)
        else:
            if definition.dimension:
                metric = metrics[0]
                names = self.observations.categories(metric.id, definition.dimension, period, ACTUAL)
                if not names:
                    raise FigureError(f"diagrammet {definition.id}: {metric.id} har inga värden per {definition.dimension} "
                                      f"för {period.label}", f"lägg till rader med dimension {definition.dimension}=… "
                                      f"och period {period} i data", ("värden", metric.id))
                items = [(name, metric, (definition.dimension, name)) for name in names]
                category_title = definition.dimension.capitalize()
            else:
                labels = definition.labels or tuple(m.label for m in metrics)
                items = [(label, metric, None) for label, metric in zip(labels, metrics)]
                category_title = "Nyckeltal"
            # Each comparison, for each year the chart shows (the oldest first): one series, or one category.
            specs = [parse_spec(c.split(), c, categories=False) for c in definition.comparisons]
            columns = [(spec, years) for spec in specs for years in range(definition.years - 1, -1, -1)]
            computed_rows = [[self.computed(spec, self._chart_ask(spec, years, period, metric, dimension))
                              for spec, years in columns] for _, metric, dimension in items]
            computed = [[cell for cell, _ in cells] for cells in computed_rows]
            headers = with_made([spec.header(self._chart_ask(spec, years, period, None, None)) for spec, years in columns],
                                 computed)
            # A stacked chart, or one figure compared over periods, has the periods as its categories.
            stacked = definition.kind in (STACKED, STACKED_100) or (len(items) == 1 and len(headers) > 1)
            for (name, metric, _), cells in zip(items, computed_rows):
                for header, (spec, _), (cell, read) in zip(headers, columns, cells):
                    category, serie = (header, name) if stacked else (name, header)
                    judged = verdict(metric, cell.value) if definition.kind == BAR_DIVERGING else ""
                    points.append(Point(category, serie, float(cell.value), cell.text, judged))
                    exact[category, serie] = cell
                    rows[category, serie] = spec.comparison, read, metric.id
            names = tuple(name for name, _, _ in items)
            categories, series = (tuple(headers), names) if stacked else (names, tuple(headers))
            if stacked:
                category_title = "Period"
        cells = list(exact.values())
        decimals = max(m.decimals for m in metrics)
        if any(c.unit == "%" and definition.comparisons and definition.comparisons[0].startswith("förändring-%") for c in cells):
            decimals = PERCENT_CHANGE_DECIMALS
        try:
            caption, alt = self.plain(definition.caption), self.plain(definition.alt)
        except FigureError as error:
            raise FigureError(f"diagrammet {definition.id}, i rubrik eller alt (data/charts.yml rad {definition.line}): "
                              f"{error.message}", error.hint, error.depends_on) from None
        chart = ChartData(
            id=definition.id, kind=definition.kind, caption=caption, alt=alt,
            unit=cells[0].unit, decimals=decimals, category_title=category_title, categories=categories,
            series=series, points=tuple(points), illustrative=any(c.illustrative for c in cells),
        )
        if too_large := chart.too_large():
            raise FigureError(*too_large, ("diagram", definition.id))
        return chart, exact, self.source_line(metrics, period), rows

    def _chart_period(self, definition) -> Period:
        """The period a chart shows: its own `period`, or the section's or the report's."""
        return definition.period.resolve(self.period, self.default) if definition.period else self.default or self.period

    def _chart_ask(self, spec, years: int, period: Period, metric, dimension) -> Ask:
        return Column(spec, spec.written, years_back=years).ask(metric, self.period, period, dimension)

    def _line(self, definition, metrics, period: Period, points: list, exact: dict, rows: dict):
        """A line per key figure: the outcome of each of the `månader` months up to the period's end, or the
        versions of the year's forecast or budget by the month they were made. Returns the category title, the
        categories (the months) and the series."""
        kind = definition.comparisons[0] if definition.comparisons else "utfall"
        months = [period.end.shifted(-i) for i in range(definition.months - 1, -1, -1)]
        categories = tuple(swedish.format_period_short((m.year, m.month), (m.year, m.month)) for m in months)
        year = Period.of_year(period.end.year)
        for metric, name in zip(metrics, definition.labels or tuple(m.label for m in metrics)):
            made = {o.made: o for o in self.observations.versions(metric.id, year, kind)
                    if o.made and o.made <= self.as_of}  # none made after the report's period
            for month, category in zip(months, categories):
                if kind == "utfall":
                    found = self.observations.value(metric, Period(month, month))
                else:
                    row = made.get(month)
                    found = Found(row.value, (row,)) if row is not None and row.value is not None else None
                if found is None:
                    continue
                text = metric.format(found.value)
                points.append(Point(category, name, float(found.value), text))
                exact[category, name] = Cell(text, found.value, metric.unit, illustrative=found.illustrative)
                rows[category, name] = kind, self._recorded_rows(found.sources), metric.id
        if not points:
            what = "månadsvärden" if kind == "utfall" else f"värden för {kind} {year.label} med månaden i kolumnen lagd"
            raise FigureError(f"diagrammet {definition.id} har inga {what} för {definition.metrics[0]} "
                              f"de {definition.months} månaderna till och med {period.end.label}",
                              "lägg till värden per månad (period ÅÅÅÅ-MM) i data" if kind == "utfall" else
                              f"lägg till {kind} för {year} med månaden den gjordes i kolumnen lagd",
                              ("värden", definition.metrics[0]))
        return ("Månad" if kind == "utfall" else "Lagd"), categories, tuple(dict.fromkeys(p.series for p in points))
def source_named(metrics, default_source: str) -> str:
    """'Källa: …. ': each key figure's own `källa`, else the default; '' where there is none."""
    sources = [m.source or default_source for m in metrics] or [default_source]
    sources = list(dict.fromkeys(s for s in sources if s))
    return f"Källa: {'; '.join(sources)}. " if sources else ""


def source_line(metrics, default_source: str, period: Period, published_on: dt.date | None,
                newest: bool = False) -> str:
    """Under a table or chart: where its numbers come from, and how current they are (the period, and the
    publication date of the report that gave them where it has one; the build reads no clock). `newest`: the
    numbers span the periods of several reports, and the line says how current the newest is."""
    line = source_named(metrics, default_source) + f"{'Det senaste värdet' if newest else 'Uppgifterna'} avser {period.label}"
    return line + (f" och publicerades {swedish.format_date(published_on)}." if published_on else ".")


def chart_html(templates: Environment, chart: ChartData, dataset: Dataset | None = None, source: str = "",
               corrected: list[str] | None = None) -> str:
    """A chart's figure: caption, placeholders for its picture and spec, its data as a table, the values a
    correction changed, its source line, and its data for download when it belongs to a report."""
    rows = [{"label": c, "cells": [chart.text(c, s) for s in chart.series]} for c in chart.categories]
    return templates.get_template("partials/chart.html.j2").render(chart=chart, rows=rows, dataset=dataset,
                                                                    source=source, corrected=corrected or [])


def chart_dataset(chart: ChartData, exact: dict[tuple[str, str], Cell], period: str) -> Dataset:
    """A chart's data as on its data table: a row per category, a column per series."""
    rows = []
    for category in chart.categories:
        cells = [exact.get((category, s)) for s in chart.series]
        rows.append(DataRow(category, "", chart.unit, tuple(c.value if c else None for c in cells),
                            any(c and c.illustrative for c in cells)))
    return Dataset(f"diagram-{chart.id}", chart.caption, period, chart.category_title, chart.series, tuple(rows))


def trend_chart(metric: Metric, observations: Observations, reports: list) -> ChartData | None:
    """A small line of one key figure over the reports of a series (oldest first), for the home page."""
    points = []
    for report in reports:
        found = observations.value(metric, report.period)
        if found is not None:
            points.append(Point(report.label, metric.label, float(found.value), metric.format(found.value)))
    if not points:
        return None
    readings = ", ".join(f"{p.text} ({p.category})" for p in points)
    return ChartData(
        id=f"trend-{metric.id}", kind=TREND, caption=metric.label, alt=f"Linjediagram över {metric.label.lower()} "
        f"i seriens rapporter: {readings}.", unit=metric.unit, decimals=metric.decimals, category_title="Rapport",
        categories=tuple(p.category for p in points), series=(metric.label,), points=tuple(points),
        illustrative=False,
    )


def verdict(metric: Metric, value) -> str:
    """Whether a change or deviation of the key figure is for the better or the worse, by its `riktning`;
    "" for none, or for a key figure without a direction."""
    if not value or metric.polarity not in (HIGHER_IS_BETTER, LOWER_IS_BETTER):
        return ""
    return BETTER if (value > 0) == (metric.polarity == HIGHER_IS_BETTER) else WORSE
