"""Charts as declared in data/charts.yml, and the data of one drawn chart (its points, computed in
builder.compute and drawn by builder.render.charts)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from builder.base import limits, periods
from builder.base.periods import When
from builder.read import fields as f
from builder.read.metrics import unknown_metric_hint
from builder.base.problems import Problems
from builder.read.yamlio import YamlList, read_yaml

CHARTS_FILE = "charts.yml"
BAR, BAR_HORIZONTAL, BAR_DIVERGING = "stapel", "stapel-liggande", "stapel-avvikelse"
BAR_AND_LINE, LINE, STACKED, STACKED_100 = "stapel-och-linje", "linje", "staplad", "staplad-100"
KINDS = (BAR, BAR_HORIZONTAL, BAR_DIVERGING, BAR_AND_LINE, LINE, STACKED, STACKED_100)
TREND = "trend"  # the home page's small line per key figure; not declared in charts.yml
CHART_REFERENCES = ("hänvisning till ett diagram", "hänvisningar till diagram")  # not checked when charts.yml has errors


@dataclass(frozen=True)
class ChartDefinition:
    id: str
    kind: str
    caption: str
    alt: str
    metrics: tuple[str, ...]
    labels: tuple[str, ...]  # one per metric, when the metrics are the categories
    dimension: str | None  # categories from this dimension of a single metric
    comparisons: tuple[str, ...]  # one series each, as written: a comparison and a period
    months: int  # for a line over months: how many, ending with the report's period
    line: int
    period: When | None = None  # the chart's period, when not the section's or the report's
    years: int = 1  # each series for this many years, ending with the chart's period


@dataclass(frozen=True)
class Point:
    category: str
    series: str
    value: float
    text: str  # formatted the Swedish way, for labels, tooltips and the data table
    verdict: str = ""  # of a change or deviation: BETTER or WORSE by its key figure's riktning; "" when it has none


BETTER, WORSE, NO_DIRECTION = "bättre", "sämre", "utan riktning"  # a diverging chart's colours, in its legend


@dataclass(frozen=True)
class ChartData:
    """Everything needed to draw one chart of one report; its hash names the rendered SVG."""

    id: str
    kind: str
    caption: str
    alt: str
    unit: str
    decimals: int
    category_title: str
    categories: tuple[str, ...]
    series: tuple[str, ...]
    points: tuple[Point, ...]
    illustrative: bool
    colours: tuple[str, ...] = ()  # one per series, where the series have colours of their own

    @cached_property
    def key(self) -> str:
        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]  # the repr of frozen values is stable

    def text(self, category: str, series: str) -> str:
        return next((p.text for p in self.points if p.category == category and p.series == series), "")

    @property
    def horizontal(self) -> bool:
        """Its bars lie under each other: declared so, or a stacked chart whose category names are long."""
        return self.kind in (BAR_HORIZONTAL, BAR_DIVERGING) or (
            self.kind in (STACKED, STACKED_100) and any(len(c) > 20 for c in self.categories))

    @property
    def rows(self) -> int:
        """The bars under each other in a horizontal chart (a category's series side by side count each)."""
        if not self.horizontal:
            return 0
        return len(self.categories) * (len(self.series) if self.kind in (BAR_HORIZONTAL, BAR_DIVERGING) else 1)

    def too_large(self) -> tuple[str, str] | None:
        """What makes the chart too large to read, on the site or on a PDF page, and how to fix it; or None."""
        fewer = ("visa färre kategorier eller jämförelser (en kortare period, färre år), dela upp diagrammet i två "
                 "eller visa siffrorna i en tabell")
        if len(self.series) > limits.CHART_SERIES:
            return (f"diagrammet {self.id} har {len(self.series)} serier; högst {limits.CHART_SERIES} går att skilja "
                    "åt med färger och mönster", fewer)
        if self.rows > limits.CHART_ROWS:
            return (f"diagrammet {self.id} har {self.rows} staplar under varandra; högst {limits.CHART_ROWS} får "
                    "plats på en sida i PDF:en", fewer)
        return None


CHART_SCHEMA = {
    "id": f.Field(f.title, example="besok-per-omrade"),
    "typ": f.Field(f.choice(*KINDS), example=BAR_HORIZONTAL),
    "rubrik": f.Field(f.title, example="Förändring av antalet besök per vårdområde"),
    "alt": f.Field(f.text, example="Liggande stapeldiagram som visar …"),
    "nyckeltal": f.Field(f.names, example="besok-forandring"),
    "etiketter": f.Field(f.names, required=False),
    "dimension": f.Field(f.title, required=False, example="område"),
    "jämförelser": f.Field(f.names, required=False, example="[utfall, fg-år]"),
    "månader": f.Field(f.whole_number(2, 60, "månader"), required=False, example="12"),
    "period": f.Field(f.parsed_by(periods.parse_when_words), required=False, example="hittills-förra-månaden"),
    "år": f.Field(f.whole_number(2, periods.MAX_YEARS_BACK, "år"), required=False, example="5"),
}
LINE_SERIES = ("utfall", "prognos", "budget")  # a line over months: outcomes, or versions by month made



def load_charts(data_dir: Path, metrics: dict, series_error: Callable[[str], tuple[str, str] | None],
                problems: Problems) -> dict[str, ChartDefinition]:
    """The charts; `series_error` says why a series as written cannot be drawn and what to write (None when it
    can)."""
    path = data_dir / CHARTS_FILE
    if not path.is_file():
        return {}
    cause = problems.because(path, CHART_REFERENCES)
    data = read_yaml(path, problems)
    items = data.get("diagram") if hasattr(data, "get") else None
    if not isinstance(items, YamlList):  # no chart is known: a {diagram …} is not checked
        if data is not None:  # else read_yaml has said why
            problems.add(path, 1, "filen ska ha en lista under 'diagram:'", "börja filen med raden 'diagram:'")
            problems.cannot_read(path)
        problems.unread("diagram", None, cause)
        return {}
    charts: dict[str, ChartDefinition] = {}
    for index, item in enumerate(items):
        before = len(problems)
        values = f.read_fields(item, CHART_SCHEMA, path, problems, "diagrammet", items.line_of(index))
        if values is None:
            if written := f.written_id(item):
                problems.unread("diagram", written, cause)
            continue
        chart = ChartDefinition(
            id=values["id"], kind=values["typ"], caption=values["rubrik"], alt=values["alt"],
            metrics=values["nyckeltal"], labels=values.get("etiketter", ()), dimension=values.get("dimension"),
            comparisons=tuple(" ".join(c.split()) for c in values.get("jämförelser", ("utfall",))),
            months=values.get("månader", 12), line=item.line, period=values.get("period"), years=values.get("år", 1),
        )
        if not f.ID.fullmatch(chart.id):
            problems.add(path, item.line_of("id"), f"id '{chart.id}' duger inte för ett diagram",
                         "använd små bokstäver a–z, siffror och bindestreck, till exempel besok-per-omrade")
        unread = None  # the cause, when a key figure of the chart cannot be read
        for metric in chart.metrics:
            if metric in metrics:
                continue
            if problems.skip("nyckeltal", metric):
                unread = problems.cause("nyckeltal", metric)
            else:
                problems.add(path, item.line_of("nyckeltal"), f"okänt nyckeltal '{metric}' i diagrammet {chart.id}",
                             unknown_metric_hint(metric, metrics))
        for comparison in chart.comparisons:
            if error := series_error(comparison):
                problems.add(path, item.line_of("jämförelser"), f"diagrammet {chart.id}, serien '{comparison}': "
                             f"{error[0]}", error[1])
        if chart.kind == LINE and (len(chart.comparisons) != 1 or chart.comparisons[0] not in LINE_SERIES):
            problems.add(path, item.line_of("jämförelser"), f"linjediagrammet {chart.id} kan bara rita ett av "
                         f"{', '.join(LINE_SERIES)} per månad, inte {', '.join(chart.comparisons)}",
                         "skriv jämförelser: [utfall], [prognos] eller [budget], eller välj en annan diagramtyp, som stapel")
        if chart.kind == LINE and "år" in values:
            problems.add(path, item.line_of("år"), f"linjediagrammet {chart.id} visar månader, inte år",
                         "ta bort raden år, eller välj en annan diagramtyp, som stapel")
        if chart.labels and len(chart.labels) != len(chart.metrics):
            labels = "en etikett" if len(chart.labels) == 1 else f"{len(chart.labels)} etiketter"
            problems.add(path, item.line_of("etiketter"), f"diagrammet {chart.id} har {labels} "
                         f"men {len(chart.metrics)} nyckeltal", "skriv en etikett per nyckeltal, i samma ordning")
        if chart.dimension and len(chart.metrics) != 1:
            problems.add(path, item.line_of("dimension"), f"diagrammet {chart.id} har en dimension men flera nyckeltal",
                         "en dimension delar upp ett enda nyckeltal i kategorier")
        units = {metrics[m].unit for m in chart.metrics if m in metrics}
        if len(units) > 1:
            problems.add(path, item.line_of("nyckeltal"), f"nyckeltalen i diagrammet {chart.id} har olika enheter "
                         f"({', '.join(sorted(units))})", "ett diagram visar tal med samma enhet")
        if chart.id in charts:
            problems.add(path, item.line_of("id"), f"diagrammet '{chart.id}' finns redan (första gången på rad "
                         f"{charts[chart.id].line})", "ge diagrammen olika id")
            continue
        if len(problems) == before and not unread:  # only a chart without errors can be placed and drawn
            charts[chart.id] = chart
        else:  # placing it is not checked either
            problems.unread("diagram", chart.id, unread if len(problems) == before else cause)
    return charts
