"""Key figures in a report: references in prose (`{sjukfranvaro förändring}`) and declared tables.

Every comparison is computed here from the observations, for the report's own period, and formatted by
builder.base.swedish. Editors reach no template engine: a reference is parsed, never evaluated.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from decimal import Decimal

from jinja2 import Environment
from markupsafe import Markup, escape

from builder.compute import goal_status
from builder.read import goals
from builder.base import swedish
from builder.compute.downloads import DataRow, Dataset
from builder.read.charts import LINE, STACKED, STACKED_100, TREND, ChartData, Point
from builder.compute.comparisons import COMPARISONS, PERCENT_CHANGE_DECIMALS, Basis, Cell
from builder.compute.observations import Observations
from builder.read.markdown import REFERENCE, slugify
from builder.read.metrics import ACTUAL, Metric, unknown_metric_hint
from builder.base.periods import Period
from builder.base.problems import FigureError, Problems


@dataclass
class FigureContext(Basis):
    """A report's figures as they are placed in its prose: references, tables, charts and goal tables."""

    templates: Environment  # for the table and chart partials
    charts: dict[str, ChartData]  # every chart placed in prose, by key, drawn when the site is built
    datasets: dict[str, Dataset] = field(default_factory=dict)  # the report's tables and charts, for download
    shown: set[str] = field(default_factory=set)  # ids of the key figures the report shows
    placed: int = 0  # tables, charts and goal tables placed in the report (limits.FIGURES)
    problems: Problems | None = None  # what could not be read in data/, so that what needs it is skipped

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

    def reference(self, text: str) -> str:
        """`sjukfranvaro förändring` -> '<span class="nyckeltal">+0,33 procentenheter</span>'."""
        words = text.split()
        if words[0] in ("tabell", "diagram", "text", "styrmatt", "prognoser", "teckenforklaring", "malfordelning"):
            raise FigureError(f"{{{text}}} ska stå ensamt i ett eget stycke",
                              "sätt en tom rad före och efter, så att raden bara innehåller {" + text + "}")
        metric = self.metric(words[0])
        comparison, dimension = None, None
        for word in words[1:]:
            if "=" in word:
                if dimension:
                    raise FigureError(f"'{text}' har två kategorier", "ett nyckeltal kan bara visas för en kategori åt gången")
                name, _, category = word.partition("=")
                dimension = (name, category)
            elif word in COMPARISONS:
                if comparison:
                    raise FigureError(f"'{text}' har två jämförelser", "skriv en jämförelse per hänvisning")
                comparison = word
            else:
                near = difflib.get_close_matches(word, COMPARISONS, n=1)
                raise FigureError(f"'{word}' är ingen jämförelse",
                                  (f"menade du '{near[0]}'? " if near else "")
                                  + f"Välj bland {', '.join(COMPARISONS)}, eller skriv en kategori som kön=kvinnor")
        cell = COMPARISONS[comparison or "utfall"].compute(self, metric, dimension)
        marker = Markup(' <span class="illustrativ">(illustrativt värde)</span>') if cell.illustrative else ""
        css = "nyckeltal illustrativt" if cell.illustrative else "nyckeltal"
        return Markup(f'<span class="{css}" data-nyckeltal="{escape(metric.id)}">{escape(cell.text)}</span>{marker}')

    def table(self, table_id: str) -> str:
        if table_id not in self.data.tables:
            known = ", ".join(sorted(self.data.tables)) or "inga"
            raise FigureError(f"okänd tabell '{table_id}'", f"tabellerna finns i data/tables.yml: {known}",
                              ("tabell", table_id))
        table = self.data.tables[table_id]
        rows, data_rows = [], []
        for row in table.rows:
            metric = self.data.metrics[row.metric]
            self.shown.add(metric.id)
            cells = []
            for column in table.columns:
                try:
                    cells.append(COMPARISONS[column].compute(self, metric, None))
                except FigureError:
                    cells.append(None)  # an empty cell, as in the printed tables
            rows.append({"label": row.label, "cells": cells})
            data_rows.append(DataRow(row.label, metric.id, metric.unit, tuple(_download_value(c) for c in cells),
                                     any(c and c.illustrative for c in cells)))
        caption = f"{table.caption}, {self.period.short_label}"
        headers = [COMPARISONS[c].header(self.period) for c in table.columns]
        dataset = self._offer(Dataset(f"tabell-{table.id}", caption, str(self.period), "Nyckeltal", tuple(headers),
                                      tuple(data_rows)))
        return self.templates.get_template("partials/key_figure_table.html.j2").render({
            "id": table.id,
            "caption": caption,
            "headers": [(header, c != "mål") for header, c in zip(headers, table.columns)],
            "rows": rows,
            "illustrative": any(c and c.illustrative for r in rows for c in r["cells"]),
            "dataset": dataset,
        })

    def _offer(self, dataset: Dataset) -> Dataset:
        """Register a table's or chart's data as downloads beside the report's page."""
        self.datasets[dataset.name] = dataset
        return dataset

    def plain(self, text: str) -> str:
        """Text with its references replaced by their values, for alt texts and captions."""

        def value(match: re.Match) -> str:  # the reference's HTML as text, keeping its non-breaking spaces
            return html.unescape(re.sub(r"<[^>]+>", "", str(self.reference(match.group(1)))))

        return REFERENCE.sub(value, text)

    def chart(self, chart_id: str) -> str:
        """HTML for a chart; its picture and spec are filled in when the site is built (see builder.render.pages)."""
        if chart_id not in self.data.charts:
            known = ", ".join(sorted(self.data.charts)) or "inga"
            raise FigureError(f"okänt diagram '{chart_id}'", f"diagrammen finns i data/charts.yml: {known}",
                              ("diagram", chart_id))
        return self._place(*self._chart_data(self.data.charts[chart_id]))

    def _place(self, chart: ChartData, exact: dict[tuple[str, str], Cell]) -> str:
        """Register a chart to be drawn and its data for download; its figure's HTML."""
        self.charts[chart.key] = chart
        return chart_html(self.templates, chart, self._offer(chart_dataset(chart, exact, str(self.period))))

    def _chart_data(self, definition) -> tuple[ChartData, dict[tuple[str, str], Cell]]:
        """The chart, and the cell (exact value, illustrative or not) behind each (category, series) point."""
        metrics = [self.data.metrics[m] for m in definition.metrics]
        self.shown.update(definition.metrics)
        points: list[Point] = []
        exact: dict[tuple[str, str], Cell] = {}  # one cell per point, in the points' order
        if definition.kind == LINE:
            months = [self.period.end.shifted(-i) for i in range(definition.months - 1, -1, -1)]
            categories = tuple(swedish.format_period_short((m.year, m.month), (m.year, m.month)) for m in months)
            for metric, name in zip(metrics, definition.labels or tuple(m.label for m in metrics)):
                for month, category in zip(months, categories):
                    found = self.observations.value(metric, Period(month, month))
                    if found is not None:
                        text = metric.format(found.value)
                        points.append(Point(category, name, float(found.value), text))
                        exact[category, name] = Cell(text, found.value, metric.unit, illustrative=found.illustrative)
            if not points:
                raise FigureError(f"diagrammet {definition.id} har inga månadsvärden för {definition.metrics[0]} "
                                  f"de {definition.months} månaderna fram till {self.period.end}",
                                  "lägg till månadsvärden (period ÅÅÅÅ-MM) i data", ("värden", definition.metrics[0]))
            category_title = "Månad"
            series = tuple(dict.fromkeys(p.series for p in points))
        else:
            if definition.dimension:
                metric = metrics[0]
                names = self.observations.categories(metric.id, definition.dimension, self.period, ACTUAL)
                if not names:
                    raise FigureError(f"diagrammet {definition.id}: {metric.id} har inga värden per {definition.dimension} "
                                      f"för {self.period}", f"lägg till rader med dimension {definition.dimension}=… i data",
                                      ("värden", metric.id))
                items = [(name, metric, (definition.dimension, name)) for name in names]
                category_title = definition.dimension.capitalize()
            else:
                labels = definition.labels or tuple(m.label for m in metrics)
                items = [(label, metric, None) for label, metric in zip(labels, metrics)]
                category_title = "Nyckeltal"
            headers = [COMPARISONS[c].header(self.period) for c in definition.comparisons]
            # A stacked chart, or one figure compared over periods, has the periods as its categories.
            stacked = definition.kind in (STACKED, STACKED_100) or (len(items) == 1 and len(headers) > 1)
            for name, metric, dimension in items:
                for comparison, header in zip(definition.comparisons, headers):
                    cell = COMPARISONS[comparison].compute(self, metric, dimension)
                    category, serie = (header, name) if stacked else (name, header)
                    points.append(Point(category, serie, float(cell.value), cell.text))
                    exact[category, serie] = cell
            names = tuple(name for name, _, _ in items)
            categories, series = (tuple(headers), names) if stacked else (names, tuple(headers))
            if stacked:
                category_title = "Period"
        cells = list(exact.values())
        decimals = max(m.decimals for m in metrics)
        if any(c.unit == "%" and definition.comparisons and definition.comparisons[0] == "förändring-%" for c in cells):
            decimals = PERCENT_CHANGE_DECIMALS
        try:
            caption, alt = self.plain(definition.caption), self.plain(definition.alt)
        except FigureError as error:
            raise FigureError(f"diagrammet {definition.id}, i rubrik eller alt (data/charts.yml rad {definition.line}): "
                              f"{error.message}", error.hint, error.depends_on) from None
        return ChartData(
            id=definition.id, kind=definition.kind, caption=caption, alt=alt,
            unit=cells[0].unit, decimals=decimals, category_title=category_title, categories=categories,
            series=series, points=tuple(points), illustrative=any(c.illustrative for c in cells),
        ), exact

    # Goal fulfilment: tables, forecasts, legend and chart from data/goals/<år>/

    def indicators(self, factor_id: str) -> str:
        plan = _plan(self)
        factor = plan.factor(factor_id)
        if factor is None:
            known = ", ".join(f.id for g in plan.goals for f in g.factors)
            raise FigureError(f"okänd framgångsfaktor '{factor_id}'",
                              f"framgångsfaktorerna i målplan {plan.year} är: {known}",
                              (f"framgångsfaktor {plan.year}", factor_id))
        rows, data_rows = [], []
        for indicator in plan.indicators_of(factor_id):
            result = goal_status.assess(indicator, plan.partly_when_improved)
            target = indicator.target
            data_rows += _indicator_rows(indicator, result, target.value if target.kind == "värde" else
                                         goal_status.format_target(target, indicator.unit))
            outcome = goal_status.format_parts(indicator.outcome, indicator.unit)
            previous = goal_status.format_parts(indicator.previous, indicator.unit)
            rows.append({
                "name": indicator.name, "owner": indicator.owner,
                "target": goal_status.format_target(indicator.target, indicator.unit),
                "outcome": f"{indicator.outcome_prefix} {outcome}".strip() if outcome else indicator.missing_text,
                "previous": f"{previous} ({indicator.previous_label})" if previous and indicator.previous_label else previous,
                "status": result.status, "status_class": STATUS_CLASS[result.status], "reason": result.reason,
                "trend": result.trend, "trend_class": TREND_CLASS.get(result.trend, ""),
            })
        owners = ", ".join(factor.owners)
        dataset = self._offer(Dataset(f"styrmatt-{factor.id}", f"{factor.name} ({owners})", str(self.period), "Styrmått",
                                      ("Styrelse/nämnd", f"Mål {plan.year}", "Utfall", "Föregående", "Måluppfyllelse",
                                       "Utveckling"), tuple(data_rows)))
        return self.templates.get_template("partials/indicator_table.html.j2").render(
            factor=factor, owners=owners, year=plan.year, rows=rows, dataset=dataset)


    def forecasts(self, year: str) -> str:
        plan = _plan(self, year)
        rows = [{"perspective": g.perspective, "goal": g.name, "owners": ", ".join(g.owners), "forecast": g.forecast,
                 "status_class": STATUS_CLASS[g.forecast]} for g in plan.goals]
        return self.templates.get_template("partials/goal_forecasts.html.j2").render(year=plan.year, rows=rows)


    def legend(self, year: str) -> str:
        plan = _plan(self, year)
        entries = [{"word": e.key, "text": e.text, "status_class": STATUS_CLASS.get(e.key, ""),
                    "trend_class": TREND_CLASS.get(e.key, "")} for e in plan.legend]
        return self.templates.get_template("partials/goal_legend.html.j2").render(entries=entries)


    def goal_chart(self, year: str) -> str:
        plan = _plan(self, year)
        points, exact = [], {}
        for goal in plan.goals:
            members = {i.id: i for f in goal.factors for i in plan.indicators_of(f.id)}
            counts = {status: 0 for status in goals.STATUSES}
            for indicator in members.values():
                counts[goal_status.assess(indicator, plan.partly_when_improved).status] += 1
            for status, count in counts.items():
                points.append(Point(goal.name, status, float(count), swedish.format_quantity(count, "st")))
                exact[goal.name, status] = Cell(points[-1].text, Decimal(count), "st")
        readings = "; ".join(
            f"{goal.name}: " + ", ".join(f"{p.text} {p.series}" for p in points if p.category == goal.name and p.value)
            for goal in plan.goals)
        chart = ChartData(
            id=f"malfordelning-{plan.year}", kind=STACKED_100, caption=f"Styrmåtten per bedömning och strategiskt mål, {plan.year}",
            alt=f"Liggande staplar, en per strategiskt mål, som delar styrmåtten efter bedömning. {readings}.",
            unit="st", decimals=0, category_title="Strategiskt mål", categories=tuple(g.name for g in plan.goals),
            series=goals.STATUSES, points=tuple(points), illustrative=False, colours=STATUS_COLOURS,
        )
        return self._place(chart, exact)


def _indicator_rows(indicator: goals.Indicator, result: goal_status.Assessment, target: Decimal | str) -> list[DataRow]:
    """An indicator as download rows: one per part of its outcome ('kvinnor', 'män'), or one for the whole."""
    previous = dict(indicator.previous)
    rows = []
    for part, value in indicator.outcome or (("", None),):
        label = f"{indicator.name} ({part})" if part else indicator.name
        rows.append(DataRow(label, "", indicator.unit, (indicator.owner, target, value, previous.get(part),
                                                        result.status, result.trend), False))
    return rows


def chart_html(templates: Environment, chart: ChartData, dataset: Dataset | None = None) -> str:
    """A chart's figure: caption, placeholders for its picture and spec, its data as a table, and its
    data for download when it belongs to a report."""
    rows = [{"label": c, "cells": [chart.text(c, s) for s in chart.series]} for c in chart.categories]
    return templates.get_template("partials/chart.html.j2").render(chart=chart, rows=rows, dataset=dataset)


def chart_dataset(chart: ChartData, exact: dict[tuple[str, str], Cell], period: str) -> Dataset:
    """A chart's data as on its data table: a row per category, a column per series."""
    rows = []
    for category in chart.categories:
        cells = [exact.get((category, s)) for s in chart.series]
        rows.append(DataRow(category, "", chart.unit, tuple(c.value if c else None for c in cells),
                            any(c and c.illustrative for c in cells)))
    return Dataset(f"diagram-{chart.id}", chart.caption, period, chart.category_title, chart.series, tuple(rows))


def _download_value(cell: Cell | None):
    if cell is None:
        return None
    return cell.value if cell.value is not None else cell.text


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


# Goal fulfilment ---------------------------------------------------------------------------------

STATUS_CLASS = {goals.MET: "uppfyllt", goals.PARTLY: "delvis", goals.NOT_MET: "ej-uppfyllt", goals.NOT_ASSESSED: "ej-bedomt"}
TREND_CLASS = {goals.BETTER: "forbattring", goals.SAME: "oforandrat", goals.WORSE: "forsamring"}
# As the status symbols in rapport.css; each at least 3:1 on white, and the chart labels carry the words.
STATUS_COLOURS = ("#1b7a3d", "#8a5a00", "#b3261e", "#6b6b6b")


def _plan(ctx: FigureContext, year: str | None = None) -> goals.Plan:
    wanted = int(year) if year and re.fullmatch("[0-9]{1,4}", year) else ctx.period.end.year
    if wanted not in ctx.data.plans:
        known = ", ".join(str(y) for y in sorted(ctx.data.plans)) or "inga"
        raise FigureError(f"målplan {wanted} saknas", f"målplanerna finns i data/goals/<år>/: {known}",
                          ("målplan", str(wanted)))
    return ctx.data.plans[wanted]
