"""What a figure shows (`utfall`, `fg-år`, `mot-budget`, `prognos-mot-förra-prognosen` …) for which period and
category, each computed from the outcome, budget and forecast rows of data/, never from another report.

How a figure is written (a comparison, a period, a category) is read by builder.compute.specs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from builder.base import limits, periods, swedish
from builder.base.periods import Month, Period
from builder.base.problems import FigureError
from builder.compute import observations as arithmetic
from builder.compute.observations import Found, Observations
from builder.read.csv_data import Observation
from builder.read.data import Data
from builder.read.metrics import ACTUAL, BUDGET, FORECAST, LAST, TARGET, Metric

PERCENT_CHANGE_DECIMALS = 1


@dataclass(frozen=True)
class Cell:
    text: str  # formatted
    value: Decimal | None = None  # the number behind the text; for a target only when it is one plain number
    unit: str = ""  # the unit of `value` ('procentenheter' for a change in a percentage)
    numeric: bool = True
    illustrative: bool = False
    made: Month | None = None  # when the budget or forecast shown was made, where data has several versions
    note: str = ""  # the data row's note, at the end of `text`
    terms: int = 1  # how many rounded values of data `value` is made of (a sum's tolerance grows with them)

    @property
    def bare(self) -> str:
        """The text without its note."""
        return self.text[: -len(self.note) - 1] if self.note else self.text


@dataclass(frozen=True)
class Ask:
    """One figure to compute: a key figure for a period (and category), and for a change how many years back."""

    metric: Metric
    period: Period
    dimension: tuple[str, str] | None = None
    years: int = 1


@dataclass
class Basis:
    """What a report's figures are computed from: the data, the report's period, and the month its budgets and
    forecasts are as of (the newest made no later than the period's last month)."""

    data: Data
    observations: Observations
    period: Period

    @property
    def as_of(self) -> Month:
        return self.period.end

    def noted(self, rows) -> None:
        """The data rows a figure is being computed from (builder.compute.figures records them)."""

    def value(self, ask: Ask, kind: str, period: Period, what: str) -> Found:
        """The value of `kind` for `period`; FigureError naming the key figure, the period and the file when
        data has none."""
        metric, dimension = ask.metric, ask.dimension
        self._check_period(metric, kind, period, what)
        as_of = self.as_of_for(ask) if kind in (BUDGET, FORECAST) else None
        found = self.observations.value(metric, period, kind, dimension, as_of)
        if found is not None:
            found = self._rounded_parts(ask, kind, period, found, as_of)
            self.noted(found.sources)
            return found
        category = f" ({'='.join(dimension)})" if dimension else ""
        column = f", dimension {'='.join(dimension)}" if dimension else ""
        where = self.file_of(metric)
        later = [o.made for o in self.observations.versions(metric.id, period, kind, dimension) if o.made]
        if later and as_of is not None:
            raise FigureError(
                f"{metric.id}{category}: {what} för {period.label} finns bara lagd efter {as_of.label} "
                f"(lagd {', '.join(str(m) for m in later)})",
                f"en rapport visar den {kind} som gällde vid periodens slut; lägg till den {kind} som var lagd senast "
                f"{as_of} i {where}, eller kontrollera kolumnen lagd", depends_on=self.depends(metric))
        written = period.end if metric.aggregation == LAST and kind == ACTUAL else period  # a stock: its last month
        raise FigureError(
            f"{metric.id}{category}: {what} saknas i data för {period.label}",
            f"lägg till en rad för {metric.id} med period {written}, typ {kind}{column} i {where}",
            depends_on=self.depends(metric),  # not reported when a row or file of data has an error
        )

    def _check_period(self, metric: Metric, kind: str, period: Period, what: str) -> None:
        """A figure is of a period the data can hold, of bounded length, and no outcome is of months after the
        report's period (they are not yet reported); budgets, forecasts and targets may be of the whole year."""
        if period.start.year < periods.YEARS[0]:
            raise FigureError(f"{metric.id}: perioden {period.label} ligger före {periods.YEARS[0]}",
                              "skriv en period inom åren som data kan ha")
        length = period.end.months_since(period.start) + 1
        if length > limits.FIGURE_MONTHS:
            raise FigureError(f"{metric.id}: perioden {period.label} är {length} månader lång; ett tal kan gälla "
                              f"högst {limits.FIGURE_MONTHS} månader", "skriv en kortare period")
        if kind == ACTUAL and period.end > self.period.end:
            raise FigureError(f"{metric.id}: {what} för {period.label} ligger efter rapportens period, "
                              f"{self.period.label}", "en rapport visar utfall till och med sin period; skriv en "
                              "period som slutar senast med rapportens, eller prognos eller budget för helåret")

    def file_of(self, metric: Metric) -> str:
        """The data file that holds the key figure's values, for a hint that says where a row belongs."""
        return self.data.files.get(metric.id, "en CSV-fil i data/")

    def depends(self, metric: Metric) -> tuple[str, str | None]:
        """What a missing value of `metric` depends on (see FigureError)."""
        return ("värden", metric.id)

    def as_of_for(self, ask: Ask) -> Month:
        """The month a budget or forecast is as of: the last month of the figure's period, and never later than the
        report's (the forecast for 2025 in a figure for January–June is the one made by June)."""
        return min(self.as_of, ask.period.end)

    def _rounded_parts(self, ask: Ask, kind: str, period: Period, found: Found, as_of: Month | None) -> Found:
        """A figure the region prints as the sum of its rounded parts is shown as that sum, where every part has
        a value."""
        metric = ask.metric
        if not metric.sum_of_rounded_parts or not metric.parts:
            return found
        parts = [self.observations.value(self.data.metrics[p], period, kind, ask.dimension, as_of)
                 for p in metric.parts if p in self.data.metrics]
        if len(parts) != len(metric.parts) or any(p is None for p in parts):
            return found
        rounded = sum((swedish.round_half_up(p.value, self.data.metrics[name].decimals)
                       for p, name in zip(parts, metric.parts)), Decimal(0))
        return Found(rounded, tuple(o for p in parts for o in p.sources))

    def version(self, ask: Ask, kind: str, period: Period, what: str) -> tuple[Found, Observation | None]:
        """A budget or forecast as in `value`, with the row it came from when it is one row of exactly `period`."""
        found = self.value(ask, kind, period, what)
        row = found.sources[0] if len(found.sources) == 1 and found.sources[0].period == period else None
        return found, row


@dataclass(frozen=True)
class Comparison:
    header: Callable[[Ask], str]  # a column's header, naming the periods it shows
    compute: Callable[[Basis, Ask], Cell]
    description: str  # for the guide and the error hints


def _short(period: Period) -> str:
    return period.short_label


def _year(ask: Ask, offset: int = 0) -> Period:
    return Period.of_year(ask.period.end.year + offset)


def _back(ask: Ask) -> Period:
    return ask.period.shifted(-12 * ask.years)


def _found_cell(ctx: Basis, ask: Ask, found: Found, signed: bool = False) -> Cell:
    metric = ask.metric
    decimals = min(metric.decimals, found.decimals_written)
    text = swedish.format_quantity(found.value, metric.unit, decimals, signed or metric.is_change)
    return Cell(f"{text} {found.note}".strip(), found.value, metric.unit, illustrative=found.illustrative,
                made=_made(ctx, ask, found), note=found.note, terms=len(found.sources))


def _made(ctx: Basis, ask: Ask, found: Found) -> Month | None:
    """The month the value's row was made in, where more than one version of it had been made by the month the
    figure is as of (so that a version entered later does not change what an earlier report says)."""
    if len(found.sources) != 1 or found.sources[0].made is None:
        return None
    row, as_of = found.sources[0], ctx.as_of_for(ask)
    made_by_then = [o for o in ctx.observations.versions(row.metric, row.period, row.kind, row.dimension)
                    if o.made is None or o.made <= as_of]
    return row.made if len(made_by_then) > 1 else None


def _difference(ask: Ask, change: Decimal, *sources: Found, percent_of: Decimal | None = None) -> Cell:
    illustrative = any(s.illustrative for s in sources)
    terms = sum(len(s.sources) for s in sources)
    note = " ".join(dict.fromkeys(s.note for s in sources if s.note))  # a change of a preliminary value is one too
    if percent_of is not None:
        if percent_of == 0:
            raise FigureError(f"förändringen i procent går inte att räkna för {ask.metric.id}: jämförelsevärdet är 0")
        change = swedish.round_half_up(change / abs(percent_of) * 100, PERCENT_CHANGE_DECIMALS)
        text, unit = swedish.format_quantity(change, "%", PERCENT_CHANGE_DECIMALS, signed=True), "%"
    else:
        text = ask.metric.format_change(change)
        unit = swedish.PERCENTAGE_POINTS if ask.metric.is_percentage else ask.metric.unit
    return Cell(f"{text} {note}".strip(), change, unit, illustrative=illustrative, note=note, terms=terms)


def _actual(ctx: Basis, ask: Ask, period: Period | None = None) -> Found:
    period = period or ask.period
    return ctx.value(ask, ACTUAL, period, "utfall")


def _change(ctx: Basis, ask: Ask, before: Period, percent: bool) -> Cell:
    now, then = _actual(ctx, ask), _actual(ctx, ask, before)
    return _difference(ask, arithmetic.change(now.value, then.value), now, then,
                       percent_of=then.value if percent else None)


def _forecast(ctx: Basis, ask: Ask) -> tuple[Found, Observation | None]:
    return ctx.version(ask, FORECAST, _year(ask), "prognos")


def _previous_forecast(ctx: Basis, ask: Ask) -> Found:
    _, row = _forecast(ctx, ask)
    if row is None or row.made is None:
        raise FigureError(f"{ask.metric.id}: ingen tidigare prognos för {_year(ask).label} finns i data, eftersom "
                          "prognosen som visas inte har någon månad i kolumnen lagd",
                          f"skriv i kolumnen lagd i {ctx.file_of(ask.metric)} vilken månad varje prognos gjordes",
                          ("värden", ask.metric.id))
    earlier = [o for o in ctx.observations.versions(row.metric, row.period, row.kind, row.dimension)
               if o.made is not None and o.made < row.made and o.value is not None]
    if not earlier:
        raise FigureError(f"{ask.metric.id}: ingen prognos för {_year(ask).label} lagd före {row.made.label} finns i data",
                          f"lägg till den förra prognosen med lagd (månaden den gjordes) i {row.path}",
                          ("värden", ask.metric.id))
    ctx.noted(earlier[-1:])
    return Found(earlier[-1].value, (earlier[-1],))


def _target_row(ctx: Basis, ask: Ask) -> Observation:
    for period in (_year(ask), ask.period):
        found = ctx.observations.exact(ask.metric.id, period, TARGET, ask.dimension)
        if found is not None:
            ctx.noted((found,))
            return found
    year = ask.period.end.year
    raise FigureError(f"{ask.metric.id}: mål för {year} saknas i data",
                      f"lägg till en rad för {ask.metric.id} med period {year}, typ mål i "
                      f"{ctx.file_of(ask.metric)}", ("värden", ask.metric.id))


def _target(ctx: Basis, ask: Ask) -> Cell:
    row = _target_row(ctx, ask)
    text = f"{row.target.format(ask.metric)} {row.note}".strip()
    plain = row.target.kind == "värde" and not row.note  # a number a spreadsheet can use
    return Cell(text, row.target.low if plain else None, ask.metric.unit, numeric=False, illustrative=row.illustrative)


def _against_target(ctx: Basis, ask: Ask) -> Cell:
    row = _target_row(ctx, ask)
    if row.target.kind != "värde":
        raise FigureError(f"målet för {ask.metric.id} är inget enskilt tal, så avvikelsen går inte att räkna",
                          "använd {" + ask.metric.id + " mål} för att visa målet")
    actual = _actual(ctx, ask)
    return _difference(ask, arithmetic.deviation(actual.value, row.target.low), actual, Found(row.target.low, (row,)))


def _share(ctx: Basis, ask: Ask) -> Cell:
    if ask.dimension is None:
        raise FigureError(f"andel kräver en kategori, till exempel {{{ask.metric.id} andel kön=kvinnor}}")
    part = ctx.value(ask, ACTUAL, ask.period, "utfall för kategorin")
    whole = ctx.value(Ask(ask.metric, ask.period), ACTUAL, ask.period, "utfall totalt")
    share = arithmetic.share_percent(part.value, whole.value)
    if share is None:
        raise FigureError(f"andelen går inte att räkna för {ask.metric.id}: totalen är 0")
    share = swedish.round_half_up(share, 0)
    return Cell(swedish.format_quantity(share, "%", 0), share, "%", illustrative=part.illustrative or whole.illustrative)


def _budget_deviation(ctx: Basis, ask: Ask) -> Cell:
    actual = _actual(ctx, ask)
    budget = ctx.value(ask, BUDGET, ask.period, "budget")
    return _difference(ask, arithmetic.deviation(actual.value, budget.value), actual, budget)


def _forecast_against(ctx: Basis, ask: Ask, other: Found) -> Cell:
    forecast, _ = _forecast(ctx, ask)
    return _difference(ask, arithmetic.deviation(forecast.value, other.value), forecast, other)


def _month_before(ask: Ask) -> Period:
    """The period a month earlier: for one month the month before, for January to a month January to the month
    before, for other periods the same months shifted back one."""
    period = ask.period
    if period.start == period.end:
        return Period(period.end.shifted(-1), period.end.shifted(-1))
    if period.start.month == 1 and period.start.year == period.end.year:
        return periods.year_to_date(period.end.shifted(-1))
    return period.shifted(-1)


# The changes over time, and the period each is against: the levels a phrase 'från … till …' names.
CHANGE_BASE: dict[str, Callable[[Ask], Period]] = {
    "förändring": _back, "förändring-%": _back, "mot-förra-månaden": _month_before,
}

# The deviations of one value from another of the same period: what a phrase writes 'bättre än budget'.
DEVIATIONS = ("mot-budget", "prognos-mot-budget", "prognos-mot-fg-år", "prognos-mot-förra-prognosen", "mot-mål")
# The values a key figure that is itself a change (`forandring` in data/metrics.yml) shows with its sign.
LEVELS = ("utfall", "fg-år", "helår-fg-år", "budget", "budget-helår", "prognos", "förra-prognosen")

# Figures of the whole year whatever the period's months: a table of months shows them once, for its last month.
OF_THE_YEAR = ("helår-fg-år", "budget-helår", "prognos", "förra-prognosen", "prognos-mot-budget", "prognos-mot-fg-år",
               "prognos-mot-förra-prognosen", "mål")

COMPARISONS: dict[str, Comparison] = {
    "utfall": Comparison(lambda a: f"Utfall {_short(a.period)}",
                         lambda c, a: _found_cell(c, a, _actual(c, a)), "utfallet för perioden"),
    "fg-år": Comparison(lambda a: f"Utfall {_short(periods.same_period_last_year(a.period))}",
                        lambda c, a: _found_cell(c, a, _actual(c, a, periods.same_period_last_year(a.period))),
                        "utfallet samma period året innan"),
    "helår-fg-år": Comparison(lambda a: f"Utfall {_short(_year(a, -1))}",
                              lambda c, a: _found_cell(c, a, _actual(c, a, _year(a, -1))),
                              "utfallet för hela året innan"),
    "förändring": Comparison(lambda a: f"Förändring mot {_short(_back(a))}",
                             lambda c, a: _change(c, a, _back(a), percent=False),
                             "utfallet minus utfallet samma period året innan (procentenheter för andelar); "
                             "förändring-2-år, -3-år … mot längre tillbaka"),
    "förändring-%": Comparison(lambda a: f"Förändring mot {_short(_back(a))}, %",
                               lambda c, a: _change(c, a, _back(a), percent=True),
                               "förändringen i procent av värdet samma period året innan; förändring-%-2-år … "
                               "mot längre tillbaka"),
    "mot-förra-månaden": Comparison(lambda a: f"Förändring mot {_short(_month_before(a))}",
                                    lambda c, a: _change(c, a, _month_before(a), percent=False),
                                    "utfallet minus utfallet en månad tidigare: för en månad förra månaden, för "
                                    "perioden hittills i år perioden till och med förra månaden"),
    "budget": Comparison(lambda a: f"Budget {_short(a.period)}",
                         lambda c, a: _found_cell(c, a, c.value(a, BUDGET, a.period, "budget")), "budgeten för perioden"),
    "budget-helår": Comparison(lambda a: f"Budget {_year(a).label}",
                               lambda c, a: _found_cell(c, a, c.value(a, BUDGET, _year(a), "budget")),
                               "budgeten för hela året"),
    "mot-budget": Comparison(lambda a: f"Avvikelse mot budget {_short(a.period)}", _budget_deviation,
                             "utfallet minus budgeten för perioden"),
    "prognos": Comparison(lambda a: f"Prognos {_year(a).label}", lambda c, a: _found_cell(c, a, _forecast(c, a)[0]),
                          "den senaste prognosen för helåret, lagd senast rapportens sista månad"),
    "förra-prognosen": Comparison(lambda a: f"Föregående prognos {_year(a).label}",
                                  lambda c, a: _found_cell(c, a, _previous_forecast(c, a)),
                                  "prognosen för helåret som lades före den senaste"),
    "prognos-mot-budget": Comparison(lambda a: f"Prognos mot budget {_year(a).label}",
                                     lambda c, a: _forecast_against(c, a, c.value(a, BUDGET, _year(a), "budget")),
                                     "helårsprognosen minus helårsbudgeten"),
    "prognos-mot-fg-år": Comparison(lambda a: f"Prognos {_year(a).label} mot utfall {_year(a, -1).label}",
                                    lambda c, a: _forecast_against(c, a, _actual(c, a, _year(a, -1))),
                                    "helårsprognosen minus utfallet för hela året innan"),
    "prognos-mot-förra-prognosen": Comparison(lambda a: f"Prognos {_year(a).label} mot föregående prognos",
                                              lambda c, a: _forecast_against(c, a, _previous_forecast(c, a)),
                                              "helårsprognosen minus prognosen som lades före den"),
    "mål": Comparison(lambda a: f"Mål {a.period.end.year}", _target, "målet för året"),
    "mot-mål": Comparison(lambda a: f"Avvikelse mot mål {_short(a.period)}", _against_target, "utfallet minus målet"),
    "andel": Comparison(lambda a: f"Andel {_short(a.period)}", _share, "kategorins andel av totalen i procent"),
}
