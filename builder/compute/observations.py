"""Comparisons, accumulation and consistency rules: pure functions over the observations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from builder.read.metrics import ACTUAL, LAST, SUM, Metric
from builder.read.csv_data import Observation
from builder.base.periods import Month, Period
from builder.base.swedish import decimals_written, format_number


def change(current: Decimal, previous: Decimal) -> Decimal:
    """Absolute change; for percentages this is the change in procentenheter."""
    return current - previous


def change_percent(current: Decimal, previous: Decimal) -> Decimal | None:
    """Relative change in percent of the previous value; None when the previous value is zero."""
    if previous == 0:
        return None
    return (current - previous) / abs(previous) * 100


def share_percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return part / whole * 100


def deviation(value: Decimal, reference: Decimal) -> Decimal:
    """Deviation from a budget or a target value: positive when the outcome is above it."""
    return value - reference


def sum_tolerance(parts: Iterable[Metric], total: Metric) -> Decimal:
    """How far values of `parts` may add up to more or less than a value of `total` (one part per value, so
    a key figure listed twice counts twice): each value's half-unit of rounding, 0 for exact data. Exact parts
    and an exact total must match exactly; 2,53 + 3,42 against 5,94, all rounded to two decimals, may miss by
    0,015. Every check of a sum or of a part against its whole uses this."""
    return sum((part.half_unit() for part in parts), total.half_unit())


def _decimals_shown(metric: Metric) -> int:
    """The decimals a consistency message shows a value with: enough to see what the rounding is about."""
    return max(metric.decimals, metric.rounded_to or 0)


@dataclass(frozen=True)
class Found:
    """A value for a metric and period: read directly, or accumulated from monthly observations."""

    value: Decimal
    sources: tuple[Observation, ...]

    @property
    def illustrative(self) -> bool:
        return any(o.illustrative for o in self.sources)

    @property
    def decimals_written(self) -> int:
        """The most decimals any source value was written with (44 is shown as 44, not 44,0)."""
        return max(decimals_written(o.value) for o in self.sources)

    @property
    def note(self) -> str:
        return self.sources[0].note if len(self.sources) == 1 else ""


class Observations:
    """Look-up of observations by metric, period, kind and dimension."""

    def __init__(self, observations: list[Observation]):
        self._by_key = {o.key: o for o in observations}
        self.all = observations
        self._dimensions: dict[tuple, list[tuple[str, str]]] | None = None
        self._outcome_spans: set[tuple[Month, Month]] | None = None
        self._values: dict[tuple, Found | None] = {}
        versions: dict[tuple, list[Observation]] = {}
        for o in observations:
            versions.setdefault(o.series, []).append(o)
        # Each budget's or forecast's versions, the undated one first, then by the month they were made.
        self._versions = {key: sorted(found, key=_made_order) for key, found in versions.items()}

    def dimensions(self, metric: str, period: Period, kind: str) -> list[tuple[str, str]]:
        """The dimensions ('kön', 'kvinnor') that have a value for the metric, period and kind, in the data's
        order (indexed once, so a chart or a page per category costs no pass over all the data)."""
        if self._dimensions is None:
            index: dict[tuple, dict[tuple[str, str], None]] = {}
            for o in self.all:
                if o.dimension:
                    index.setdefault((o.metric, o.period, o.kind), {})[o.dimension] = None
            self._dimensions = {key: list(found) for key, found in index.items()}
        return self._dimensions.get((metric, period, kind), [])

    def categories(self, metric: str, dimension: str, period: Period, kind: str) -> list[str]:
        """The categories of `dimension` that have a value for the metric, period and kind, in the data's order."""
        return [category for name, category in self.dimensions(metric, period, kind) if name == dimension]

    def exact(self, metric: str, period: Period, kind: str, dimension=None, as_of: Month | None = None) -> Observation | None:
        """The row for exactly this period. Of a budget's or forecast's versions, the newest made no later than
        `as_of` (any month when None), or else the undated one."""
        versions = self._versions.get((metric, period, kind, dimension))
        if not versions:
            return None
        dated = [o for o in versions if o.made is not None and (as_of is None or o.made <= as_of)]
        if dated:
            return dated[-1]
        return versions[0] if versions[0].made is None else None

    def has_outcome_for(self, period: Period) -> bool:
        """Whether any key figure has an outcome within `period` that ends with it (for the period, year to date, or
        its last month)."""
        if self._outcome_spans is None:
            self._outcome_spans = {(o.period.start, o.period.end) for o in self.all if o.kind == ACTUAL}
        return any(end == period.end and start >= period.start for start, end in self._outcome_spans)

    def versions(self, metric: str, period: Period, kind: str, dimension=None) -> list[Observation]:
        """Every version of a budget or forecast for exactly this period: the undated first, then by month made."""
        return self._versions.get((metric, period, kind, dimension), [])

    def as_made(self, metric: str, like: Observation) -> Observation | None:
        """The row of another key figure for the same period, kind and category as `like`, as it stood when `like`
        was made (the newest version made no later, or else the undated one); for an undated row the undated one."""
        if like.made is None:
            return self._by_key.get((metric, like.period, like.kind, like.dimension, None))
        return self.exact(metric, like.period, like.kind, like.dimension, like.made)

    def value(self, metric: Metric, period: Period, kind: str = ACTUAL, dimension=None,
              as_of: Month | None = None) -> Found | None:
        """The value for `period`: an observation for exactly that period, or else one accumulated from
        monthly observations (sum for flows, last month for stocks; rates are never accumulated). A budget or
        forecast is the version made no later than `as_of` (see `exact`). Remembered: reports ask for the same
        values again and again."""
        key = (metric.id, period, kind, dimension, as_of)
        if key not in self._values:
            self._values[key] = self._value(metric, period, kind, dimension, as_of)
        return self._values[key]

    def _value(self, metric: Metric, period: Period, kind: str, dimension, as_of: Month | None) -> Found | None:
        direct = self.exact(metric.id, period, kind, dimension, as_of)
        if direct is not None and direct.value is not None:
            return Found(direct.value, (direct,))
        if period.start == period.end:
            return None
        if metric.aggregation == LAST:
            last = self.exact(metric.id, Period(period.end, period.end), kind, dimension, as_of)
            return Found(last.value, (last,)) if last is not None and last.value is not None else None
        if metric.aggregation == SUM:
            monthly = []
            for month in period.months:
                row = self.exact(metric.id, Period(month, month), kind, dimension, as_of)
                if row is None or row.value is None:
                    return None  # a missing month: no sum
                monthly.append(row)
            return Found(sum((o.value for o in monthly), Decimal(0)), tuple(monthly))
        return None


def _made_order(observation: Observation) -> tuple:
    return (observation.made is not None, observation.made or Month(0, 1))


@dataclass(frozen=True)
class Violation:
    observation: Observation  # where the error is reported
    message: str
    hint: str


def check_consistency(metrics: dict[str, Metric], observations: Observations) -> list[Violation]:
    """Totals equal the sum of their parts, and no part exceeds its whole in magnitude or has the opposite sign,
    within the rounding of the data (`sum_tolerance`; exact data must match exactly)."""
    violations = []
    for total in observations.all:
        metric = metrics[total.metric]
        if not metric.parts or total.value is None:
            continue
        parts = [observations.as_made(p, total) for p in metric.parts]
        if any(p is None or p.value is None for p in parts):
            continue
        decimals = max(_shown(metrics[p.metric], p.value) for p in parts)
        parts_sum = sum((p.value for p in parts), Decimal(0))
        tolerance = sum_tolerance((metrics[p.metric] for p in parts), metric)
        if abs(total.value - parts_sum) > tolerance:
            terms = " + ".join(f"{p.metric} {format_number(p.value, decimals)} ({_row(p, total)})" for p in parts)
            allowed = tolerance.normalize()
            violations.append(Violation(
                total,
                f"{total.metric} {total.period} ({_kind(total)}) är {format_number(total.value, _shown(metric, total.value))} "
                f"men delarna ger {terms} = {format_number(parts_sum, decimals)}",
                "rätta totalen eller delarna så att de stämmer ("
                + ("delarna och totalen är exakta, så summan måste stämma exakt" if tolerance == 0 else
                   f"skillnader inom avrundningen, här högst {format_number(allowed, decimals_written(allowed))}, godtas")
                + ")",
            ))
    for part in observations.all:
        metric = metrics[part.metric]
        if not metric.whole or part.value is None:
            continue
        whole = observations.as_made(metric.whole, part)
        if whole is None or whole.value is None:
            continue
        violation = _part_against_whole(part, metric, whole, metrics[whole.metric])
        if violation is not None:
            violations.append(violation)
    return violations


def _shown(metric: Metric, value: Decimal) -> int:
    """Decimals to show a value of data with in a message: never fewer than it was written with."""
    return max(_decimals_shown(metric), decimals_written(value))


def _kind(row: Observation) -> str:
    return f"{row.kind}, lagd {row.made}" if row.made else row.kind


def _row(row: Observation, beside: Observation) -> str:
    """Where a row is, said from the row of the message: 'rad 9', or 'data/ekonomi.csv rad 9' in another file."""
    return f"rad {row.line}" if row.path == beside.path else f"{row.path} rad {row.line}"


def _part_against_whole(part: Observation, metric: Metric, whole: Observation, of: Metric) -> Violation | None:
    """A part is no larger than its whole in magnitude (a part of −122 may be −23, not −150), within the two
    values' rounding, and has the whole's sign when both are surely non-zero."""
    surely_non_zero = abs(part.value) > metric.half_unit() and abs(whole.value) > of.half_unit()
    opposite = surely_non_zero and (part.value > 0) != (whole.value > 0)
    if not opposite and abs(part.value) <= abs(whole.value) + sum_tolerance([metric], of):
        return None
    signed = opposite  # the signs are the point: +12 against −122
    stated = (f"{part.metric} {part.period} ({_kind(part)}) är "
              f"{format_number(part.value, _shown(metric, part.value), signed or metric.is_change)}")
    whole_stated = (f"helheten {whole.metric} {format_number(whole.value, _shown(of, whole.value), signed or of.is_change)} "
                    f"({whole.path}:{whole.line})")
    if not opposite:
        return Violation(part, f"{stated}, till beloppet större än {whole_stated}",
                         "en del kan inte vara till beloppet större än sin helhet; rätta något av värdena")
    if metric.is_change or of.is_change:
        rule = ("en del av en minskning kan inte vara en ökning" if part.value > 0 else
                "en del av en ökning kan inte vara en minskning")
    else:
        rule = ("en del av ett negativt tal kan inte vara positiv" if part.value > 0 else
                "en del av ett positivt tal kan inte vara negativ")
    return Violation(part, f"{stated}, med motsatt tecken mot {whole_stated}", f"{rule}; rätta tecknet på något av värdena")
