"""Comparisons, accumulation and consistency rules: pure functions over the observations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from builder.read.metrics import ACTUAL, LAST, SUM, Metric
from builder.read.csv_data import Observation
from builder.base.periods import Period
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


def rounding_tolerance(terms: int, decimals: int) -> Decimal:
    """How far a sum of `terms` values, each rounded to `decimals`, may miss its rounded total."""
    return terms * Decimal("0.5") * Decimal(1).scaleb(-decimals)


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

    def exact(self, metric: str, period: Period, kind: str, dimension=None) -> Observation | None:
        return self._by_key.get((metric, period, kind, dimension))

    def value(self, metric: Metric, period: Period, kind: str = ACTUAL, dimension=None) -> Found | None:
        """The value for `period`: an observation for exactly that period, or else one accumulated from
        monthly observations (sum for flows, last month for stocks; rates are never accumulated)."""
        direct = self.exact(metric.id, period, kind, dimension)
        if direct is not None and direct.value is not None:
            return Found(direct.value, (direct,))
        if period.start == period.end:
            return None
        if metric.aggregation == LAST:
            last = self.exact(metric.id, Period(period.end, period.end), kind, dimension)
            return Found(last.value, (last,)) if last is not None and last.value is not None else None
        if metric.aggregation == SUM:
            monthly = [self.exact(metric.id, Period(m, m), kind, dimension) for m in period.months]
            if all(o is not None and o.value is not None for o in monthly):
                return Found(sum((o.value for o in monthly), Decimal(0)), tuple(monthly))
        return None


@dataclass(frozen=True)
class Violation:
    observation: Observation  # where the error is reported
    message: str
    hint: str


def check_consistency(metrics: dict[str, Metric], observations: Observations) -> list[Violation]:
    """Totals equal the sum of their parts, and no part exceeds its whole, within rounding."""
    violations = []
    for total in observations.all:
        metric = metrics[total.metric]
        if not metric.parts or total.value is None:
            continue
        parts = [observations.exact(p, total.period, total.kind, total.dimension) for p in metric.parts]
        if any(p is None or p.value is None for p in parts):
            continue
        decimals = max(metrics[p.metric].decimals for p in parts)
        parts_sum = sum((p.value for p in parts), Decimal(0))
        if abs(total.value - parts_sum) > rounding_tolerance(len(parts), decimals):
            terms = " + ".join(f"{p.metric} {format_number(p.value, decimals)} (rad {p.line})" for p in parts)
            violations.append(Violation(
                total,
                f"{total.metric} {total.period} ({total.kind}) är {format_number(total.value, metric.decimals)} men "
                f"delarna ger {terms} = {format_number(parts_sum, decimals)}",
                "rätta totalen eller delarna så att de stämmer (skillnader inom avrundningen godtas)",
            ))
    for part in observations.all:
        metric = metrics[part.metric]
        if not metric.whole or part.value is None:
            continue
        whole = observations.exact(metric.whole, part.period, part.kind, part.dimension)
        if whole is None or whole.value is None:
            continue
        if part.value > whole.value + rounding_tolerance(1, metric.decimals):
            violations.append(Violation(
                part,
                f"{part.metric} {part.period} ({part.kind}) är {format_number(part.value, metric.decimals)}, större än "
                f"helheten {whole.metric} {format_number(whole.value, metrics[whole.metric].decimals)} ({whole.path}:{whole.line})",
                "en del kan inte vara större än sin helhet; rätta något av värdena",
            ))
    return violations
