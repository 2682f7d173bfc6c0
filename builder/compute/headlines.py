"""The home page's headline figures: the key figures a series names under `startsida_nyckeltal` in its
series.yml, as its newest report gives them. Each is its value, a comparison in words ('har ökat med 120 mnkr
jämfört med januari–september 2024') and, where the key figure has a `riktning`, whether that is for the
better or the worse, in a word and a colour.

An item is written as a reference in prose without its braces: the key figure, then at most a comparison
(a change or a deviation; `förändring`, against the same period a year earlier, where none is named).
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.base import limits
from builder.base.problems import FigureError, Problems
from builder.compute import phrases
from builder.compute.comparisons import CHANGE_BASE, DEVIATIONS, Cell
from builder.compute.figures import FigureContext, verdict
from builder.compute.specs import Spec, parse_spec
from builder.read.charts import BETTER, WORSE
from builder.read.metrics import Metric, unknown_metric_hint
from builder.read.model import SERIES_FILE, Series

FIELD = "startsida_nyckeltal"
DEFAULT_COMPARISON = "förändring"
VERDICT_WORDS = {BETTER: "Bättre", WORSE: "Sämre"}
VERDICT_CLASSES = {BETTER: "battre", WORSE: "samre"}  # for the stylesheet


@dataclass(frozen=True)
class Headline:
    metric: Metric
    value: Cell
    comparison: str  # 'har ökat med 120 mnkr jämfört med januari–september 2024'
    verdict: str  # BETTER, WORSE or '' (no direction, or no change)

    @property
    def verdict_word(self) -> str:
        """'Bättre' or 'Sämre' before the comparison, unless its words say it already ('är 76 mnkr bättre än budget')."""
        word = VERDICT_WORDS.get(self.verdict, "")
        return "" if word.lower() in self.comparison.split() else word

    @property
    def verdict_class(self) -> str:
        return VERDICT_CLASSES.get(self.verdict, "neutral")


def headlines(context: FigureContext | None, series: Series, metrics: dict[str, Metric],
              problems: Problems) -> list[Headline]:
    """The series' headline figures for the period of `context` (its newest report; None without reports, when
    they are only checked). An unknown key figure or a comparison that cannot be shown is a problem at its line
    of series.yml; a figure the report's period has no value for is left out, and one without the value it is
    compared with is shown without the comparison."""
    items = series.headlines
    if items and not limits.HEADLINES_FEWEST <= len(items) <= limits.HEADLINES_MOST:
        problems.add(series.folder / SERIES_FILE, items[0][1],
                     f"{FIELD} har {len(items)} nyckeltal; startsidan visar {limits.HEADLINES_FEWEST}–"
                     f"{limits.HEADLINES_MOST}", "välj de nyckeltal som bäst visar hur det går")
        return []
    found = []
    for written, line in items:
        try:
            metric, spec = _checked(written, metrics)
        except FigureError as error:
            if not (error.depends_on and problems.skip(*error.depends_on)):
                problems.add(series.folder / SERIES_FILE, line, error.message, error.hint)
            continue
        if context is not None and (headline := _headline(context, metric, spec)) is not None:
            found.append(headline)
    return found


def _checked(written: str, metrics: dict[str, Metric]) -> tuple[Metric, Spec]:
    """The key figure and comparison an item names. Raises FigureError."""
    if not written.split():
        raise FigureError(f"en tom punkt under {FIELD}", "skriv ett nyckeltal")
    metric_id, *words = written.split()
    if metric_id not in metrics:
        raise FigureError(f"okänt nyckeltal '{metric_id}'", unknown_metric_hint(metric_id, metrics),
                          ("nyckeltal", metric_id))
    metric, spec = metrics[metric_id], parse_spec(words or [DEFAULT_COMPARISON], written)
    if spec.form or (spec.comparison not in CHANGE_BASE and spec.comparison not in DEVIATIONS):
        raise FigureError(f"'{written}' under {FIELD} jämför inte", "skriv nyckeltalet och en förändring "
                          f"({', '.join(CHANGE_BASE)}) eller en avvikelse ({', '.join(DEVIATIONS)}), "
                          f"till exempel '{metric_id} mot-budget'")
    if metric.is_change and spec.comparison in CHANGE_BASE:
        raise FigureError(f"'{written}' under {FIELD}: {metric_id} är själv en förändring, så den kan inte jämföras "
                          "med året innan", f"skriv bara '{metric_id} mot-budget' eller välj ett nyckeltal som är en nivå")
    return metric, spec


def _headline(context: FigureContext, metric: Metric, spec: Spec) -> Headline | None:
    ask = spec.ask(context.metric(metric.id), context.period)
    try:
        value = parse_spec([], metric.id).compute(context, ask)
    except FigureError:  # no value for the period: the report does not give this figure
        return None
    try:  # the comparison's cell, with its phrase as its text
        change = phrases.phrase(context, ask, spec.comparison, phrases.PHRASE, None)
    except FigureError:  # nothing to compare with: the value alone
        return Headline(metric, value, "", "")
    words = change.bare
    if spec.comparison in CHANGE_BASE:
        words += f" jämfört med {CHANGE_BASE[spec.comparison](ask).label}"
    return Headline(metric, value, words, verdict(metric, change.value))
