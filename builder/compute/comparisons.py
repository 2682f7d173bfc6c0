"""The comparisons a key figure can be shown with (`utfall`, `fg-år`, `mot-budget` …), each computed from
the observations for a report's period."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from builder.base import periods, swedish
from builder.base.periods import Period
from builder.base.problems import FigureError
from builder.compute import observations as arithmetic
from builder.compute.observations import Found, Observations
from builder.read.metrics import ACTUAL, BUDGET, FORECAST, TARGET, Metric
from builder.read.data import Data


@dataclass
class Basis:
    """What a report's figures are computed from: the data and the report's period."""

    data: Data
    observations: Observations
    period: Period
    previous_period: Period | None

    def value(self, metric: Metric, period: Period, kind: str, dimension, what: str) -> Found:
        found = self.observations.value(metric, period, kind, dimension)
        if found is None:
            category = f" ({'='.join(dimension)})" if dimension else ""
            span = period.short_label
            written = str(period)
            column = f", dimension {'='.join(dimension)}" if dimension else ""
            where = self.data.files.get(metric.id, "en CSV-fil i data/")
            raise FigureError(
                f"{metric.id}{category}: {what} saknas i data för {span}",
                f"lägg till en rad för {metric.id} med period {written}, typ {kind}{column} i {where}",
                depends_on=("värden", metric.id),  # not reported when a row or file of data has an error
            )
        return found


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
    compute: Callable[[Basis, Metric, tuple | None], Cell]
    description: str


PERCENT_CHANGE_DECIMALS = 1


def _found_cell(metric: Metric, found: Found, signed: bool = False) -> Cell:
    decimals = min(metric.decimals, found.decimals_written)
    text = swedish.format_quantity(found.value, metric.unit, decimals, signed or metric.is_change)
    return Cell(f"{text} {found.note}".strip(), found.value, metric.unit, illustrative=found.illustrative)


def _change_cell(metric: Metric, change: Decimal, illustrative: bool) -> Cell:
    unit = swedish.PERCENTAGE_POINTS if metric.is_percentage else metric.unit
    return Cell(metric.format_change(change), change, unit, illustrative=illustrative)


def _change(ctx: Basis, metric: Metric, dimension, percent: bool) -> Cell:
    now = ctx.value(metric, ctx.period, ACTUAL, dimension, "utfall")
    before = ctx.value(metric, periods.same_period_last_year(ctx.period), ACTUAL, dimension, "utfall samma period förra året")
    illustrative = now.illustrative or before.illustrative
    if percent:
        change = arithmetic.change_percent(now.value, before.value)
        if change is None:
            raise FigureError(f"förändringen i procent går inte att räkna för {metric.id}: förra årets värde är 0")
        change = swedish.round_half_up(change, PERCENT_CHANGE_DECIMALS)
        return Cell(swedish.format_quantity(change, "%", PERCENT_CHANGE_DECIMALS, signed=True), change, "%",
                    illustrative=illustrative)
    return _change_cell(metric, arithmetic.change(now.value, before.value), illustrative)


def _actual(ctx, metric, dimension):
    return _found_cell(metric, ctx.value(metric, ctx.period, ACTUAL, dimension, "utfall"))


def _last_year(ctx, metric, dimension):
    period = periods.same_period_last_year(ctx.period)
    return _found_cell(metric, ctx.value(metric, period, ACTUAL, dimension, "utfall samma period förra året"))


def _full_last_year(ctx, metric, dimension):
    period = Period.of_year(ctx.period.end.year - 1)
    return _found_cell(metric, ctx.value(metric, period, ACTUAL, dimension, "utfall för hela förra året"))


def _budget(ctx, metric, dimension):
    return _found_cell(metric, ctx.value(metric, ctx.period, BUDGET, dimension, "budget"))


def _against_budget(ctx, metric, dimension):
    actual = ctx.value(metric, ctx.period, ACTUAL, dimension, "utfall")
    budget = ctx.value(metric, ctx.period, BUDGET, dimension, "budget")
    return _change_cell(metric, arithmetic.deviation(actual.value, budget.value), actual.illustrative or budget.illustrative)


def _forecast(ctx, metric, dimension):
    period = Period.of_year(ctx.period.end.year)
    return _found_cell(metric, ctx.value(metric, period, FORECAST, dimension, "prognos för helåret"))


def _forecast_against_budget(ctx, metric, dimension):
    year = Period.of_year(ctx.period.end.year)
    forecast = ctx.value(metric, year, FORECAST, dimension, "prognos för helåret")
    budget = ctx.value(metric, year, BUDGET, dimension, "budget för helåret")
    return _change_cell(metric, arithmetic.deviation(forecast.value, budget.value),
                        forecast.illustrative or budget.illustrative)


def _target_observation(ctx: Basis, metric: Metric, dimension):
    for period in (Period.of_year(ctx.period.end.year), ctx.period):
        found = ctx.observations.exact(metric.id, period, TARGET, dimension)
        if found is not None:
            return found
    raise FigureError(f"mål för {ctx.period.end.year} saknas för {metric.id}",
                      f"lägg till en rad med typ mål och period {ctx.period.end.year} i data", ("värden", metric.id))


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
    return _change_cell(metric, arithmetic.deviation(actual.value, target.low),
                        actual.illustrative or observation.illustrative)


def _since_previous(ctx, metric, dimension):
    if ctx.previous_period is None:
        raise FigureError("det finns ingen tidigare rapport i serien att jämföra med")
    now = ctx.value(metric, ctx.period, ACTUAL, dimension, "utfall")
    before = ctx.value(metric, ctx.previous_period, ACTUAL, dimension, "utfall i förra rapporten")
    return _change_cell(metric, arithmetic.change(now.value, before.value), now.illustrative or before.illustrative)


def _share(ctx, metric, dimension):
    if dimension is None:
        raise FigureError(f"andel kräver en kategori, till exempel {{{metric.id} andel kön=kvinnor}}")
    part = ctx.value(metric, ctx.period, ACTUAL, dimension, "utfall för kategorin")
    whole = ctx.value(metric, ctx.period, ACTUAL, None, "utfall totalt")
    share = arithmetic.share_percent(part.value, whole.value)
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
