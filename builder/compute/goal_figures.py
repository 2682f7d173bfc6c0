"""Goal fulfilment in a report: the indicator tables, the forecast per goal, the legend and the chart of
statuses, from the goal plans in data/goals/<år>/ (a part of builder.compute.figures.FigureContext)."""

from __future__ import annotations

import re
from decimal import Decimal

from builder.base import swedish
from builder.base.problems import FigureError
from builder.compute import goal_status
from builder.compute.comparisons import Cell
from builder.compute import downloads
from builder.compute.downloads import DataRow, Dataset
from builder.read import goals
from builder.read.charts import STACKED_100, ChartData, Point
from builder.read.record import Figure


class GoalFigures:
    """The goal placements of FigureContext: `{styrmatt …}`, `{prognoser …}`, `{teckenforklaring …}`,
    `{malfordelning …}`."""

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
            shown = _indicator_rows(indicator, result, target.value if target.kind == "värde" else
                                    goal_status.format_target(target, indicator.unit))
            data_rows += shown
            corrected = any((f"styrmått {factor.id}", row.label) in self.corrected for row in shown)
            outcome = goal_status.format_parts(indicator.outcome, indicator.unit)
            previous = goal_status.format_parts(indicator.previous, indicator.unit)
            rows.append({
                "name": indicator.name, "owner": indicator.owner,
                "target": goal_status.format_target(indicator.target, indicator.unit),
                "outcome": (f"{indicator.outcome_prefix} {outcome}".strip() if outcome else indicator.missing_text)
                + (" (rättat)" if corrected else ""),
                "previous": f"{previous} ({indicator.previous_label})" if previous and indicator.previous_label else previous,
                "status": result.status, "status_class": STATUS_CLASS[result.status], "reason": result.reason,
                "trend": result.trend, "trend_class": TREND_CLASS.get(result.trend, ""),
            })
        owners = ", ".join(factor.owners)
        for row in data_rows if self.recording else ():  # as a publication records them: the values in one text
            self.figures.append(Figure(f"styrmått {factor.id}", row.label, " | ".join(
                downloads.cell_text(value, swedish=True) for value in row.values), None, str(self.period), "utfall",
                metric=goal_source(plan.year)))
        dataset = self._offer(Dataset(f"styrmatt-{factor.id}", f"{factor.name} ({owners})", str(self.period), "Styrmått",
                                      ("Styrelse/nämnd", f"Mål {plan.year}", "Utfall", "Föregående", "Måluppfyllelse",
                                       "Utveckling"), tuple(data_rows)))
        return self.templates.get_template("partials/indicator_table.html.j2").render(
            factor=factor, owners=owners, year=plan.year, rows=rows, dataset=dataset,
            source=self.source_line([], self.period))


    def forecasts(self, year: str) -> str:
        plan = _plan(self, year)
        rows = [{"perspective": g.perspective, "goal": g.name, "owners": ", ".join(g.owners), "forecast": g.forecast,
                 "status_class": STATUS_CLASS[g.forecast]} for g in plan.goals]
        return self.templates.get_template("partials/goal_forecasts.html.j2").render(
            year=plan.year, rows=rows, source=self.source_line([], self.period))


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
        return self._place(chart, exact, self.source_line([], self.period),
                           {point: ("bedömning", (), goal_source(plan.year)) for point in exact})


def _indicator_rows(indicator: goals.Indicator, result: goal_status.Assessment, target: Decimal | str) -> list[DataRow]:
    """An indicator as download rows: one per part of its outcome ('kvinnor', 'män'), or one for the whole."""
    previous = dict(indicator.previous)
    rows = []
    for part, value in indicator.outcome or (("", None),):
        label = f"{indicator.name} ({part})" if part else indicator.name
        rows.append(DataRow(label, "", indicator.unit, (indicator.owner, target, value, previous.get(part),
                                                        result.status, result.trend), False))
    return rows


# Goal fulfilment ---------------------------------------------------------------------------------

STATUS_CLASS = {goals.MET: "uppfyllt", goals.PARTLY: "delvis", goals.NOT_MET: "ej-uppfyllt", goals.NOT_ASSESSED: "ej-bedomt"}
TREND_CLASS = {goals.BETTER: "forbattring", goals.SAME: "oforandrat", goals.WORSE: "forsamring"}
# As the status symbols in rapport.css; each at least 3:1 on white, and the chart labels carry the words.
STATUS_COLOURS = ("#1b7a3d", "#8a5a00", "#b3261e", "#6b6b6b")


def goal_source(year: int) -> str:
    """What a correction names for the figures of a goal plan (its `nyckeltal`): 'malplan-2022'."""
    return f"malplan-{year}"


def _plan(ctx: GoalFigures, year: str | None = None) -> goals.Plan:
    wanted = int(year) if year and re.fullmatch("[0-9]{1,4}", year) else ctx.period.end.year
    if wanted not in ctx.data.plans:
        known = ", ".join(str(y) for y in sorted(ctx.data.plans)) or "inga"
        raise FigureError(f"målplan {wanted} saknas", f"målplanerna finns i data/goals/<år>/: {known}",
                          ("målplan", str(wanted)))
    return ctx.data.plans[wanted]
