"""A chart's Vega-Lite spec, built with Altair from its points: one spec for the static SVG, the PDF and the
interactive view on the site. Altair is imported only when a spec is built."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import cache

from builder.base import swedish
from builder.read.charts import (BAR, BAR_AND_LINE, BAR_DIVERGING, BAR_HORIZONTAL, BETTER, LINE, NO_DIRECTION, STACKED,
                                  STACKED_100, TREND, WORSE, ChartData, Point)

# Okabe–Ito hues, darkened where needed: told apart with colour blindness, each at least 3:1 on white.
PALETTE = ("#0072B2", "#C75400", "#00805A", "#8A4F9E", "#8F6A00", "#5C5C5C")  # one per series (limits.CHART_SERIES)
FONT = "Open Sans"
WIDTH = 560
# The PDF's text column (A4 less its margins, templates/print/print.css) in CSS pixels: a chart no wider is
# printed at its own size, so its 12 px text prints at 9 pt.
PRINT_WIDTH = 635
ROWS_HEIGHT = 820  # the height of a horizontal chart's bars that, with its legend and axis, fits a PDF page
MIN_ROW = 18  # the narrowest row that holds a bar's 12 px label
CHAR_WIDTH = 7  # about the width of a character of 12 px Open Sans, for deciding how labels fit


_YEAR = re.compile(r"\b(?:19|20)[0-9]{2}\b")
# A diverging chart's colours: better green, worse red, without a direction grey (each 3:1 or more on white).
VERDICT_COLOURS = {BETTER: "#1b7a3d", WORSE: "#b3261e", NO_DIRECTION: "#5C5C5C"}


def series_colours(chart: ChartData) -> list[str]:
    """A colour per series: the chart's own (goal statuses); else, where each series names a year of its own,
    the year's colour, the same on every chart; else the palette in order."""
    if chart.colours:
        return list(chart.colours)
    years = [found[-1] if (found := _YEAR.findall(series)) else "" for series in chart.series]
    colours = [PALETTE[int(year) % len(PALETTE)] for year in years if year]
    if len(colours) == len(chart.series) and len(set(colours)) == len(colours):
        return colours
    return list(PALETTE[: len(chart.series)])


def pattern_colours(chart: ChartData) -> list[str]:
    """The colours that patterns tell apart, in order (the first stays plain): a stacked chart's series and a
    diverging chart's verdicts; none for other charts, whose labels, dashes and symbols do it."""
    if chart.kind == BAR_DIVERGING:
        return list(verdict_colours(chart).values())
    return series_colours(chart) if chart.kind in (STACKED, STACKED_100) else []


def verdict_colours(chart: ChartData) -> dict[str, str]:
    """The verdicts a diverging chart's bars have (better, worse, without a direction), and their colours."""
    present = {point.verdict or NO_DIRECTION for point in chart.points}
    return {verdict: colour for verdict, colour in VERDICT_COLOURS.items() if verdict in present}


def _axis_format(chart: ChartData) -> str:
    return f",.{chart.decimals}~f"


@dataclass(frozen=True)
class Layout:
    """Where a chart is drawn: wide, for the PDF and screens with room, or narrow, for a phone's column (343 px
    at 375), where its 12 px text must not be scaled down. A narrow chart lays its bars horizontally."""

    width: int  # the plot's width to start from
    widest: int  # the drawing's width at most: a plot that makes it wider is drawn again narrower (Renderer)
    narrowest: int  # the plot's width at least: a chart that needs more is scaled down instead
    label_chars: int  # how many characters a line of a category name beside horizontal bars may take
    narrow: bool


WIDE = Layout(WIDTH, PRINT_WIDTH, 240, label_chars=30, narrow=False)
NARROW = Layout(230, 340, 110, label_chars=16, narrow=True)


def layouts(chart: ChartData) -> tuple[Layout, ...]:
    """The layouts a chart is drawn in: a trend's small chart fits a phone as it is."""
    return (WIDE,) if chart.kind == TREND else (WIDE, NARROW)


def _lies(chart: ChartData, layout: Layout) -> bool:
    """Whether its bars lie under each other: as declared, or long names, or any bar chart on a phone."""
    return chart.horizontal or (layout.narrow and chart.kind in (BAR, STACKED, STACKED_100))


def _wrapped(text: str, chars: int) -> str:
    """A name in lines of about `chars` characters, broken between words (a long word keeps its line)."""
    return "\n".join(textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False)) or text


def _in_lines(names: tuple[str, ...], chars: int) -> dict[str, str]:
    """Each name in lines; two names that wrap alike (differing only in their spaces) stay apart on the
    chart's scale by an invisible zero-width space."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        lines = _wrapped(name, chars)
        while lines in taken:
            lines += "\u200b"
        found[name] = lines
        taken.add(lines)
    return found


def _rows(chart: ChartData, chars: int) -> list[dict]:
    """Points as rows, with stack positions computed here so that labels can sit in the middle, and each
    category's name in lines of `chars` characters (`rader`) and its series' too (`serierader`)."""
    rows = []
    unit = swedish.NBSP + swedish.UNIT_SYMBOLS.get(chart.unit, chart.unit)
    totals = {c: sum(abs(p.value) for p in chart.points if p.category == c) for c in chart.categories}
    order = {c: i for i, c in enumerate(chart.categories)}
    series_order = {s: i for i, s in enumerate(chart.series)}
    start = dict.fromkeys(chart.categories, 0.0)
    shown = _whole_shares(chart, totals)
    category_lines, series_lines = _in_lines(chart.categories, chars), _in_lines(chart.series, NARROW.label_chars)
    for index, point in enumerate(chart.points):
        share = 100 * point.value / totals[point.category] if totals[point.category] else 0.0
        size = share if chart.kind == STACKED_100 else point.value
        row = {"kategori": point.category, "serie": point.series, "varde": point.value, "text": point.text,
               "ordning": order[point.category], "serienummer": series_order[point.series],
               "rader": category_lines[point.category], "serierader": series_lines[point.series],
               "etikett": _label(chart, point, unit), "bedomning": point.verdict or NO_DIRECTION,
               "andel": share, "andel_text": swedish.format_quantity(shown[index], "%", 0),
               "start": start[point.category], "slut": start[point.category] + size}
        row["mitt"] = (row["start"] + row["slut"]) / 2
        start[point.category] += size
        rows.append(row)
    return rows


def _label_heights(chart: ChartData, rows: list[dict], height: int, field: str, line: int = 15) -> dict[int, float]:
    """Where each series' name stands at the end of a line chart, by row index: at its last value, moved apart
    where names would overlap (in the axis' units, estimated from the values' span over the plot's height)."""
    ends = sorted((row["varde"], index) for index, row in enumerate(rows) if row["ordning"] == len(chart.categories) - 1)
    values = [row["varde"] for row in rows]
    per_pixel = (max(values) - min(values) or 1) / height
    placed: dict[int, float] = {}
    below = None  # the top of the name placed last, in the axis' units
    for value, index in ends:
        lines = rows[index][field].count("\n") + 1
        low = value - lines * line / 2 * per_pixel
        if below is not None and low < below:
            value += below - low
        placed[index] = value
        below = value + lines * line / 2 * per_pixel
    return placed


def _whole_shares(chart: ChartData, totals: dict[str, float]) -> list[int]:
    """Each point's share of its category in whole percent, rounded by largest remainder so that a category's
    shares add up to 100 (rounding each alone can give 101: 12,5 + 87,5)."""
    shown = [0] * len(chart.points)
    for category, total in totals.items():
        if not total:
            continue
        members = [i for i, p in enumerate(chart.points) if p.category == category]
        exact = {i: 100 * abs(chart.points[i].value) / total for i in members}
        for i in members:
            shown[i] = int(exact[i])
        for i in sorted(members, key=lambda i: exact[i] - int(exact[i]), reverse=True)[: 100 - sum(shown[i] for i in members)]:
            shown[i] += 1
    return shown


def _label(chart: ChartData, point: Point, unit: str) -> str:
    """A bar's direct label: its value without the unit (the axis title has it); where bars of several
    series stand side by side, also the series' last word (a year), so they differ by more than colour."""
    value = point.text.removesuffix(unit)
    if chart.kind in (BAR, BAR_HORIZONTAL) and len(chart.series) > 1:
        return f"{point.series.split()[-1]}: {value}"
    return value


def _row_step(rows: int, roomy: int) -> int:
    """The height of a bar's row in a horizontal chart: roomy while the chart fits a PDF page, then narrower,
    down to what its 12 px label needs (limits.CHART_ROWS rows fit)."""
    return roomy if rows * roomy <= ROWS_HEIGHT else max(MIN_ROW, ROWS_HEIGHT // rows)


def _longest_line(rows: list[dict], field: str) -> int:
    return max(len(line) for row in rows for line in row[field].split("\n"))


def _series_field(layout: Layout) -> str:  # the rows' field that names a series: in lines on a phone
    return "serierader" if layout.narrow else "serie"


# A name in lines, drawn as lines: the rows' `rader` hold the breaks, so no editor's text enters the expression.
_IN_LINES = "split(datum.label, '\\n')"


def _category_chars(chart: ChartData, layout: Layout) -> int:
    """How many characters a line of a category name may take: beside horizontal bars the layout's own, under
    vertical ones what fits under a bar."""
    if _lies(chart, layout):
        return layout.label_chars
    return max(1, int(0.9 * layout.width / max(1, len(chart.categories)) / CHAR_WIDTH))


def _category_axis(chart: ChartData, chars: int, layout: Layout) -> dict:
    """The category axis below vertical bars or lines: its names in lines that fit under their bar, else
    slanted (upright on a phone, where a slanted name would reach past the chart's left edge). Never cut short."""
    import altair as alt

    if max(len(w) for c in chart.categories for w in c.split() or [""]) <= chars:
        return alt.Axis(labelAngle=0, labelLimit=1000, labelExpr=_IN_LINES, labelLineHeight=14)
    if layout.narrow:
        return alt.Axis(labelAngle=-90, labelAlign="right", labelBaseline="middle", labelLimit=1000)
    return alt.Axis(labelAngle=-40, labelAlign="right", labelBaseline="middle", labelLimit=1000)


def _plot_width(chart: ChartData, rows: list[dict], layout: Layout) -> int:
    """The plot's width: the layout's, less what the names beside horizontal bars or at the ends of lines are
    estimated to need beyond it, so that most charts are drawn once, not drawn and drawn again narrower."""
    if _lies(chart, layout):
        beside = _longest_line(rows, "rader") * CHAR_WIDTH + 16
    elif chart.kind == LINE:
        # the value axis at the left, the names at the right, less the half step a line ends before the plot's edge
        beside = (_longest_line(rows, _series_field(layout)) * CHAR_WIDTH + 58
                  - layout.width // (2 * max(1, len(chart.categories))))
    else:
        return layout.width
    return max(layout.narrowest, min(layout.width, layout.widest - beside))


def _domain(chart: ChartData, rows: list[dict], width: int) -> list[float]:
    """The value axis from zero, with room beyond the longest bar for its label (at least 18 %)."""
    values = [p.value for p in chart.points]
    low, high = min(0.0, *values), max(0.0, *values)
    share = min(0.3, max(0.18, (max(len(row["etikett"]) for row in rows) * CHAR_WIDTH + 8) / width))
    room = share * (high - low or 1) / (1 - share)
    return [low - room if low < 0 else 0.0, high + room if high > 0 else 0.0]


def spec(chart: ChartData, layout: Layout = WIDE) -> dict:
    """The Vega-Lite spec for a chart in a layout: one spec for the site's interactive view and the static SVG.

    Altair checks each object against the schema as it is made (its debug mode): off here, as the tests
    validate every chart kind's spec, it halves the time a spec takes (a build makes two per chart)."""
    import altair as alt

    with alt.utils.schemapi.debug_mode(False):
        return _spec(chart, layout)


def _spec(chart: ChartData, layout: Layout) -> dict:
    import altair as alt

    chars = _category_chars(chart, layout)
    rows = _rows(chart, chars)
    base = alt.Chart()
    categories = list(chart.categories)
    # Categories and series are editors' texts: the spec orders and picks them by their numbers, so that no
    # text is written into a Vega expression (where a line separator, say, would break the chart).
    in_order = alt.EncodingSortField(field="ordning", op="min")
    last_category = alt.datum.ordning == len(categories) - 1
    # In a bar-and-line chart the bars' series is a square and the line's a diamond: as drawn, not colour alone.
    shapes = alt.ExprRef("datum.index === 0 ? 'square' : 'diamond'") if chart.kind == BAR_AND_LINE else alt.Undefined
    # On a phone the legend's names stand in lines, one name under the other where they are many or long.
    one_a_line = layout.narrow and (len(chart.series) > 2 or max(map(len, chart.series)) > 14)
    legend = alt.Legend(title=None, orient="top", symbolSize=200, symbolType=shapes, labelLimit=1000,
                        labelExpr=_IN_LINES if layout.narrow else alt.Undefined,
                        columns=1 if one_a_line else alt.Undefined)
    colour = alt.Color(f"{_series_field(layout)}:N",
                       sort=alt.EncodingSortField(field="serienummer", op="min"),
                       scale=alt.Scale(range=series_colours(chart)),
                       legend=legend if len(chart.series) > 1 else None)
    tooltip = [alt.Tooltip("kategori:N", title=chart.category_title), alt.Tooltip("serie:N", title="Serie"),
               alt.Tooltip("text:N", title="Värde")]
    value_axis = alt.Axis(title=chart.unit if chart.unit != "antal" else "Antal", format=_axis_format(chart),
                          grid=True, tickCount=4 if layout.narrow else 5)
    positive, negative = alt.datum.varde >= 0, alt.datum.varde < 0
    lying = _lies(chart, layout)
    # Beside horizontal bars each category's name stands in lines, and its row is tall enough for them.
    row_axis = alt.Axis(labelLimit=1000, labelExpr=_IN_LINES, labelLineHeight=15)
    bars_per_category = len(chart.series) if chart.kind in (BAR, BAR_HORIZONTAL, BAR_DIVERGING) else 1
    bar_rows = len(categories) * bars_per_category
    roomy = max(40 if chart.kind in (STACKED, STACKED_100) else 34,
                -(-(max(row["rader"].count("\n") + 1 for row in rows) * 15 + 8) // bars_per_category))
    height = max(120, bar_rows * _row_step(bar_rows, roomy))

    if chart.kind in (BAR_HORIZONTAL, BAR_DIVERGING) or (lying and chart.kind == BAR):
        y = alt.Y("rader:N", sort=in_order, title=None, axis=row_axis)
        x = alt.X("varde:Q", axis=value_axis, scale=alt.Scale(domain=_domain(chart, rows, layout.width), nice=True))
        if chart.kind == BAR_DIVERGING:  # for the better or the worse, by the key figure's riktning
            verdicts = verdict_colours(chart)
            colour = alt.Color("bedomning:N", scale=alt.Scale(domain=list(verdicts), range=list(verdicts.values())),
                               legend=legend if len(verdicts) > 1 else None)
        bars = base.mark_bar().encode(y=y, x=x, color=colour, tooltip=tooltip,
                                      **({"yOffset": alt.YOffset("serie:N")} if len(chart.series) > 1 else {}))
        labels = [base.mark_text(align=align, dx=dx, fontSize=12).encode(
            y=y, x=x, text=alt.Text("etikett:N"), **({"yOffset": alt.YOffset("serie:N")} if len(chart.series) > 1 else {}),
        ).transform_filter(condition) for align, dx, condition in (("left", 4, positive), ("right", -4, negative))]
        layers = [bars, *labels, base.mark_rule(color="#4d4d4d").encode(x=alt.datum(0))]
    elif chart.kind in (BAR, BAR_AND_LINE):
        x = alt.X("rader:N", sort=in_order, title=None, axis=_category_axis(chart, chars, layout))
        y = alt.Y("varde:Q", axis=value_axis, scale=alt.Scale(domain=_domain(chart, rows, layout.width), nice=True))
        first = alt.datum.serienummer == 0
        bar_data = base.transform_filter(first) if chart.kind == BAR_AND_LINE else base
        offset = {"xOffset": alt.XOffset("serie:N")} if chart.kind == BAR and len(chart.series) > 1 else {}
        bars = bar_data.mark_bar().encode(x=x, y=y, color=colour, tooltip=tooltip, **offset)
        # Each bar's value above it where it fits over the bar (the table and the tooltip have them all).
        bar_values = len(categories) * (len(chart.series) if offset else 1)
        fits_above = max(len(row["etikett"]) for row in rows) * CHAR_WIDTH <= 0.9 * layout.width / bar_values
        labels = [bar_data.mark_text(baseline=baseline, dy=dy, fontSize=12).encode(
            x=x, y=y, text=alt.Text("etikett:N"), **offset).transform_filter(condition)
            for baseline, dy, condition in (("bottom", -4, positive), ("top", 4, negative))] if fits_above else []
        layers = [bars, *labels, base.mark_rule(color="#4d4d4d").encode(y=alt.datum(0))]
        if chart.kind == BAR_AND_LINE:
            # The line over the bars with a white edge, so that it stands out in print too; the legend shows the
            # bars' series as a square and the line's as a diamond, as drawn, not by colour alone.
            line_data = base.transform_filter(~first)
            edge = line_data.mark_line(strokeWidth=5, color="white").encode(x=x, y=y)
            line = line_data.mark_line(strokeDash=[6, 3], strokeWidth=2.5, point=alt.OverlayMarkDef(
                shape="diamond", size=90, filled=True, stroke="white", strokeWidth=1))
            layers += [edge, line.encode(x=x, y=y, color=colour, tooltip=tooltip)]
        height = 240 if layout.narrow else 300
    elif chart.kind in (STACKED, STACKED_100):
        axis = alt.Axis(title="%", format=",.0f") if chart.kind == STACKED_100 else value_axis
        scale = alt.Scale(domain=[0, 100]) if chart.kind == STACKED_100 else alt.Undefined
        text = alt.Text("andel_text:N" if chart.kind == STACKED_100 else "etikett:N")
        tooltips = [*tooltip, alt.Tooltip("andel_text:N", title="Andel")]
        if lying:
            category = alt.Y("rader:N", sort=in_order, title=None, axis=row_axis)
            bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
                y=category, x=alt.X("start:Q", axis=axis, scale=scale), x2=alt.X2("slut"), color=colour, tooltip=tooltips)
            labels = base.mark_text(color="white", fontSize=12, fontWeight="bold").encode(
                y=category, x=alt.X("mitt:Q"), text=text).transform_filter(alt.datum.andel >= (14 if layout.narrow else 8))
        else:
            category = alt.X("rader:N", sort=in_order, title=None, axis=_category_axis(chart, chars, layout))
            bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
                x=category, y=alt.Y("start:Q", axis=axis, scale=scale), y2=alt.Y2("slut"), color=colour, tooltip=tooltips)
            labels = base.mark_text(color="white", fontSize=12, fontWeight="bold").encode(
                x=category, y=alt.Y("mitt:Q"), text=text).transform_filter(alt.datum.andel >= 8)
            height = 300
        layers = [bars, labels]
    elif chart.kind == TREND:
        x = alt.X("kategori:N", sort=in_order, axis=None)
        y = alt.Y("varde:Q", axis=None, scale=alt.Scale(zero=False, nice=False, padding=8))
        line = base.mark_line(strokeWidth=2, color=PALETTE[0], point=alt.OverlayMarkDef(size=40, filled=True))
        last = base.transform_filter(last_category).mark_text(
            align="left", dx=8, fontSize=13, fontWeight="bold")
        layers = [line.encode(x=x, y=y, tooltip=tooltip), last.encode(x=x, y=y, text=alt.Text("text:N"))]
        chart_spec = alt.layer(*layers, data=alt.Data(values=rows)).properties(width=180, height=48).configure(
            font=FONT, aria=False, background="white", padding={"left": 6, "right": 90, "top": 8, "bottom": 8},
        ).configure_view(stroke=None)
        return _with_locales(chart_spec.to_dict(validate=False))  # validated by the tests, not on every build
    else:  # LINE: each series named at its end, in lines on a phone
        x = alt.X("rader:N", sort=in_order, title=None, axis=_category_axis(chart, chars, layout))
        y = alt.Y("varde:Q", axis=value_axis, scale=alt.Scale(zero=False, nice=True))
        lines = base.mark_line(strokeWidth=2, point=alt.OverlayMarkDef(size=60, filled=True)).encode(
            x=x, y=y, color=colour, strokeDash=alt.StrokeDash("serie:N", legend=None),
            shape=alt.Shape("serie:N", legend=None), tooltip=tooltip)
        height = 240 if layout.narrow else 280
        names = _series_field(layout)
        for index, value in _label_heights(chart, rows, height, names).items():
            rows[index]["namnhojd"] = value
        last = base.transform_filter(last_category).mark_text(align="left", baseline="middle", dx=8, fontSize=12,
                                                              lineBreak="\n")
        layers = [lines, last.encode(x=x, y=alt.Y("namnhojd:Q"), text=alt.Text(f"{names}:N"),
                                     color=colour)]

    # The data stands once, on the layered chart, with every row's field set: every layer built from a chart with
    # its own copy of the values made Altair copy and hash them once per layer (most of a spec's cost).
    data = alt.Data(values=rows)
    chart_spec = alt.layer(*layers, data=data).properties(width=_plot_width(chart, rows, layout), height=height).configure(
        font=FONT, aria=False, background="white",
    ).configure_view(stroke=None).configure_axis(labelFontSize=12, titleFontSize=12, labelColor="#1a1a1a",
                                                 titleColor="#1a1a1a").configure_legend(labelFontSize=12)
    return _with_locales(chart_spec.to_dict(validate=False))  # validated by the tests, not on every build


def _with_locales(chart_spec: dict) -> dict:
    """vega-embed reads its options from the spec: Swedish number and month formats, no action menu, and
    what the site's Content-Security-Policy needs (SECURITY.md): expressions evaluated by Vega's interpreter
    (`ast`) instead of generated code, and no <style> elements (the site's stylesheet styles the tooltip)."""
    chart_spec["usermeta"] = {"embedOptions": {
        "actions": False, "renderer": "svg", "formatLocale": format_locale(), "timeFormatLocale": time_format_locale(),
        "ast": True, "defaultStyle": False, "tooltip": {"disableDefaultStyle": True},
    }}
    return chart_spec


@cache
def format_locale() -> dict:
    return {"decimal": ",", "thousands": swedish.NBSP, "grouping": [3], "currency": ["", "\u00a0kr"],
            "minus": swedish.MINUS}


@cache
def time_format_locale() -> dict:
    import vl_convert

    locale = dict(vl_convert.get_time_format_locale("sv-SE"))
    for key in ("months", "shortMonths", "days", "shortDays"):
        locale[key] = [name.lower() for name in locale[key]]
    return locale
