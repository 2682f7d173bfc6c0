"""Key figures in a report: references in prose (`{sjukfranvaro förändring}`) and declared tables.

Every comparison is computed here from the observations, for the report's own period, and formatted by
builder.swedish. Editors reach no template engine: a reference is parsed, never evaluated.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from jinja2 import Environment
from markupsafe import Markup, escape

from builder import compute, goals, swedish
from builder.downloads import DataRow, Dataset
from builder.charts import LINE, STACKED, STACKED_100, TREND, ChartData, Point
from builder.compute import Found, Observations
from builder.markdown import REFERENCE, slugify
from builder.metrics import ACTUAL, BUDGET, FORECAST, TARGET, Data, Metric, data_period_text, unknown_metric_hint
from builder.model import Period
from builder.problems import FigureError


@dataclass(frozen=True)
class Cell:
    text: str  # formatted
    value: Decimal | None = None  # the number behind the text; for a target only when it is one plain number
    unit: str = ""  # the unit of `value` ('procentenheter' for a change in a percentage)
    numeric: bool = True
    illustrative: bool = False


@dataclass(frozen=True)
class Comparison:
    header: Callable[[Period], str]  # column header for a report period
    compute: Callable[["FigureContext", Metric, tuple | None], Cell]
    description: str


PERCENT_CHANGE_DECIMALS = 1


def _found_cell(metric: Metric, found: Found, signed: bool = False) -> Cell:
    decimals = min(metric.decimals, found.decimals_written)
    text = swedish.format_quantity(found.value, metric.unit, decimals, signed or metric.is_change)
    return Cell(f"{text} {found.note}".strip(), found.value, metric.unit, illustrative=found.illustrative)


def _change_cell(metric: Metric, change: Decimal, illustrative: bool) -> Cell:
    unit = swedish.PERCENTAGE_POINTS if metric.is_percentage else metric.unit
    return Cell(metric.format_change(change), change, unit, illustrative=illustrative)


def _change(ctx: FigureContext, metric: Metric, dimension, percent: bool) -> Cell:
    now = ctx.value(metric, ctx.period, ACTUAL, dimension, "utfall")
    before = ctx.value(metric, compute.same_period_last_year(ctx.period), ACTUAL, dimension, "utfall samma period förra året")
    illustrative = now.illustrative or before.illustrative
    if percent:
        change = compute.change_percent(now.value, before.value)
        if change is None:
            raise FigureError(f"förändringen i procent går inte att räkna för {metric.id}: förra årets värde är 0")
        change = swedish.round_half_up(change, PERCENT_CHANGE_DECIMALS)
        return Cell(swedish.format_quantity(change, "%", PERCENT_CHANGE_DECIMALS, signed=True), change, "%",
                    illustrative=illustrative)
    return _change_cell(metric, compute.change(now.value, before.value), illustrative)


def _actual(ctx, metric, dimension):
    return _found_cell(metric, ctx.value(metric, ctx.period, ACTUAL, dimension, "utfall"))


def _last_year(ctx, metric, dimension):
    period = compute.same_period_last_year(ctx.period)
    return _found_cell(metric, ctx.value(metric, period, ACTUAL, dimension, "utfall samma period förra året"))


def _full_last_year(ctx, metric, dimension):
    period = compute.full_year(ctx.period.end.year - 1)
    return _found_cell(metric, ctx.value(metric, period, ACTUAL, dimension, "utfall för hela förra året"))


def _budget(ctx, metric, dimension):
    return _found_cell(metric, ctx.value(metric, ctx.period, BUDGET, dimension, "budget"))


def _against_budget(ctx, metric, dimension):
    actual = ctx.value(metric, ctx.period, ACTUAL, dimension, "utfall")
    budget = ctx.value(metric, ctx.period, BUDGET, dimension, "budget")
    return _change_cell(metric, compute.deviation(actual.value, budget.value), actual.illustrative or budget.illustrative)


def _forecast(ctx, metric, dimension):
    period = compute.full_year(ctx.period.end.year)
    return _found_cell(metric, ctx.value(metric, period, FORECAST, dimension, "prognos för helåret"))


def _forecast_against_budget(ctx, metric, dimension):
    year = compute.full_year(ctx.period.end.year)
    forecast = ctx.value(metric, year, FORECAST, dimension, "prognos för helåret")
    budget = ctx.value(metric, year, BUDGET, dimension, "budget för helåret")
    return _change_cell(metric, compute.deviation(forecast.value, budget.value),
                        forecast.illustrative or budget.illustrative)


def _target_observation(ctx: FigureContext, metric: Metric, dimension):
    for period in (compute.full_year(ctx.period.end.year), ctx.period):
        found = ctx.observations.exact(metric.id, period, TARGET, dimension)
        if found is not None:
            return found
    raise FigureError(f"mål för {ctx.period.end.year} saknas för {metric.id}",
                      f"lägg till en rad med typ mål och period {ctx.period.end.year} i data")


def _target(ctx, metric, dimension):
    observation = _target_observation(ctx, metric, dimension)
    text = f"{observation.target.format(metric)} {observation.note}".strip()
    plain = observation.target.kind == "värde" and not observation.note  # a number a spreadsheet can use
    return Cell(text, observation.target.low if plain else None, metric.unit, numeric=False,
                illustrative=observation.illustrative)


def _against_target(ctx, metric, dimension):
    observation = _target_observation(ctx, metric, dimension)
    target = observation.target
    if target.kind != "värde":
        raise FigureError(f"målet för {metric.id} är inget enskilt tal, så avvikelsen går inte att räkna",
                          "använd {" + metric.id + " mål} för att visa målet")
    actual = ctx.value(metric, ctx.period, ACTUAL, dimension, "utfall")
    return _change_cell(metric, compute.deviation(actual.value, target.low),
                        actual.illustrative or observation.illustrative)


def _since_previous(ctx, metric, dimension):
    if ctx.previous_period is None:
        raise FigureError("det finns ingen tidigare rapport i serien att jämföra med")
    now = ctx.value(metric, ctx.period, ACTUAL, dimension, "utfall")
    before = ctx.value(metric, ctx.previous_period, ACTUAL, dimension, "utfall i förra rapporten")
    return _change_cell(metric, compute.change(now.value, before.value), now.illustrative or before.illustrative)


def _share(ctx, metric, dimension):
    if dimension is None:
        raise FigureError(f"andel kräver en kategori, till exempel {{{metric.id} andel kön=kvinnor}}")
    part = ctx.value(metric, ctx.period, ACTUAL, dimension, "utfall för kategorin")
    whole = ctx.value(metric, ctx.period, ACTUAL, None, "utfall totalt")
    share = compute.share_percent(part.value, whole.value)
    if share is None:
        raise FigureError(f"andelen går inte att räkna för {metric.id}: totalen är 0")
    share = swedish.round_half_up(share, 0)
    return Cell(swedish.format_quantity(share, "%", 0), share, "%", illustrative=part.illustrative or whole.illustrative)


def _year(period: Period, offset: int = 0) -> int:
    return period.end.year + offset


COMPARISONS: dict[str, Comparison] = {
    "utfall": Comparison(lambda p: f"Utfall perioden {_year(p)}", _actual, "utfallet för rapportens period"),
    "fg-år": Comparison(lambda p: f"Utfall perioden {_year(p, -1)}", _last_year, "utfallet samma period förra året"),
    "helår-fg-år": Comparison(lambda p: f"Utfall helår {_year(p, -1)}", _full_last_year, "utfallet för hela förra året"),
    "förändring": Comparison(lambda p: "Förändring", lambda c, m, d: _change(c, m, d, percent=False),
                             "förändringen mot samma period förra året (procentenheter för andelar)"),
    "förändring-%": Comparison(lambda p: "Förändring, %", lambda c, m, d: _change(c, m, d, percent=True),
                               "förändringen i procent mot samma period förra året"),
    "budget": Comparison(lambda p: f"Budget perioden {_year(p)}", _budget, "budgeten för perioden"),
    "mot-budget": Comparison(lambda p: "Avvikelse mot budget", _against_budget, "utfallet minus budgeten"),
    "prognos": Comparison(lambda p: f"Prognos {_year(p)}", _forecast, "prognosen för helåret"),
    "prognos-mot-budget": Comparison(lambda p: "Prognos mot budget", _forecast_against_budget,
                                     "helårsprognosen minus helårsbudgeten"),
    "mål": Comparison(lambda p: f"Mål {_year(p)}", _target, "målet för året"),
    "mot-mål": Comparison(lambda p: "Avvikelse mot mål", _against_target, "utfallet minus målet"),
    "sedan-förra": Comparison(lambda p: "Förändring sedan förra rapporten", _since_previous,
                              "förändringen sedan förra rapportens period"),
    "andel": Comparison(lambda p: "Andel", _share, "kategorins andel av totalen i procent"),
}

# Comparisons that make sense as a table column (a share needs a category, which a row does not have).
TABLE_COLUMNS = tuple(name for name in COMPARISONS if name != "andel")
# Comparisons a chart can draw: those with a number (a target may be a range or a text).
CHART_COMPARISONS = tuple(name for name in COMPARISONS if name != "mål")


@dataclass
class FigureContext:
    """Everything a report's figures are computed from: the data and the report's period."""

    data: Data
    observations: Observations
    period: Period
    previous_period: Period | None
    templates: Environment  # for the table and chart partials
    charts: dict[str, ChartData]  # every chart placed in prose, by key, drawn when the site is built
    datasets: dict[str, Dataset] = field(default_factory=dict)  # the report's tables and charts, for download
    shown: set[str] = field(default_factory=set)  # ids of the key figures the report shows
    placed: int = 0  # tables, charts and goal tables placed in the report (limits.FIGURES)

    def value(self, metric: Metric, period: Period, kind: str, dimension, what: str) -> Found:
        found = self.observations.value(metric, period, kind, dimension)
        if found is None:
            category = f" ({'='.join(dimension)})" if dimension else ""
            span = period.short_label
            written = data_period_text(period)
            column = f", dimension {'='.join(dimension)}" if dimension else ""
            where = self.data.files.get(metric.id, "en CSV-fil i data/")
            raise FigureError(
                f"{metric.id}{category}: {what} saknas i data för {span}",
                f"lägg till en rad för {metric.id} med period {written}, typ {kind}{column} i {where}",
            )
        return found

    def metric(self, metric_id: str) -> Metric:
        if metric_id not in self.data.metrics:
            raise FigureError(f"okänt nyckeltal '{metric_id}'", unknown_metric_hint(slugify(metric_id), self.data.metrics))
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
            raise FigureError(f"okänd tabell '{table_id}'", f"tabellerna finns i data/tables.yml: {known}")
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
        """HTML for a chart; its picture and spec are filled in when the site is built (see builder.pages)."""
        if chart_id not in self.data.charts:
            known = ", ".join(sorted(self.data.charts)) or "inga"
            raise FigureError(f"okänt diagram '{chart_id}'", f"diagrammen finns i data/charts.yml: {known}")
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
                                  "lägg till månadsvärden (period ÅÅÅÅ-MM) i data")
            category_title = "Månad"
            series = tuple(dict.fromkeys(p.series for p in points))
        else:
            if definition.dimension:
                metric = metrics[0]
                names = self.observations.categories(metric.id, definition.dimension, self.period, ACTUAL)
                if not names:
                    raise FigureError(f"diagrammet {definition.id}: {metric.id} har inga värden per {definition.dimension} "
                                      f"för {self.period}", f"lägg till rader med dimension {definition.dimension}=… i data")
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
                              f"{error.message}", error.hint) from None
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
                              f"framgångsfaktorerna i målplan {plan.year} är: {known}")
        rows, data_rows = [], []
        for indicator in plan.indicators_of(factor_id):
            result = goals.assess(indicator, plan.partly_when_improved)
            target = indicator.target
            data_rows += _indicator_rows(indicator, result, target.value if target.kind == "värde" else
                                         goals.format_target(target, indicator.unit))
            outcome = goals.format_parts(indicator.outcome, indicator.unit)
            previous = goals.format_parts(indicator.previous, indicator.unit)
            rows.append({
                "name": indicator.name, "owner": indicator.owner,
                "target": goals.format_target(indicator.target, indicator.unit),
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
                counts[goals.assess(indicator, plan.partly_when_improved).status] += 1
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


def _indicator_rows(indicator: goals.Indicator, result: goals.Assessment, target: Decimal | str) -> list[DataRow]:
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
            points.append(Point(report.month.label, metric.label, float(found.value), metric.format(found.value)))
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
        raise FigureError(f"målplan {wanted} saknas", f"målplanerna finns i data/goals/<år>/: {known}")
    return ctx.data.plans[wanted]
