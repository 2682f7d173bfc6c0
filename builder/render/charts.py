"""Drawing charts: Altair builds a Vega-Lite spec from a chart's points; vl-convert renders it to SVG with
the site's own font. The same spec runs interactively on the site (vega-embed, served from the site
itself) and the SVG is what shows without JavaScript and in print. Rendering is cached by a hash of the
chart's data, the fonts and the versions.

Altair and vl-convert are imported only when a chart is drawn, so `rapport check` stays fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from functools import cache, cached_property
from importlib.metadata import version
from pathlib import Path

from builder.base import atomic, swedish
from builder.base.problems import BuildError
from builder.render import chart_svg
from builder.read.charts import (BAR, BAR_AND_LINE, BAR_DIVERGING, BAR_HORIZONTAL, BETTER, NO_DIRECTION, STACKED, STACKED_100,
                                  TREND, WORSE, ChartData, Point)

# Okabe–Ito hues, darkened where needed: told apart with colour blindness, each at least 3:1 on white.
PALETTE = ("#0072B2", "#C75400", "#00805A", "#8A4F9E", "#8F6A00", "#5C5C5C")  # one per series (limits.CHART_SERIES)
FONT = "Open Sans"
WIDTH = 560
# The PDF's text column (A4 less its margins, templates/print/print.css) in CSS pixels: a chart no wider is
# printed at its own size, so its 12 px text prints at 9 pt.
PRINT_WIDTH = 635
MIN_PLOT_WIDTH = 240  # a plot narrower than this would say too little; its chart is scaled down instead
ROWS_HEIGHT = 820  # the height of a horizontal chart's bars that, with its legend and axis, fits a PDF page
MIN_ROW = 18  # the narrowest row that holds a bar's 12 px label
CHAR_WIDTH = 7  # about the width of a character of 12 px Open Sans, for deciding how labels fit


# Drawing ---------------------------------------------------------------------------------------

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


def _rows(chart: ChartData) -> list[dict]:
    """Points as rows, with stack positions computed here so that labels can sit in the middle."""
    rows = []
    unit = swedish.NBSP + swedish.UNIT_SYMBOLS.get(chart.unit, chart.unit)
    totals = {c: sum(abs(p.value) for p in chart.points if p.category == c) for c in chart.categories}
    order = {c: i for i, c in enumerate(chart.categories)}
    series_order = {s: i for i, s in enumerate(chart.series)}
    start = dict.fromkeys(chart.categories, 0.0)
    shown = _whole_shares(chart, totals)
    for index, point in enumerate(chart.points):
        share = 100 * point.value / totals[point.category] if totals[point.category] else 0.0
        size = share if chart.kind == STACKED_100 else point.value
        row = {"kategori": point.category, "serie": point.series, "varde": point.value, "text": point.text,
               "ordning": order[point.category], "serienummer": series_order[point.series],
               "etikett": _label(chart, point, unit), "bedomning": point.verdict or NO_DIRECTION,
               "andel": share, "andel_text": swedish.format_quantity(shown[index], "%", 0),
               "start": start[point.category], "slut": start[point.category] + size}
        row["mitt"] = (row["start"] + row["slut"]) / 2
        start[point.category] += size
        rows.append(row)
    return rows


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


def _category_axis(chart: ChartData) -> dict:
    """The category axis below vertical bars or lines: its names on one line where they fit under their bar,
    else a word a line, else slanted."""
    import altair as alt

    room = 0.9 * WIDTH / max(1, len(chart.categories))
    if max(len(c) for c in chart.categories) * CHAR_WIDTH <= room:
        return alt.Axis(labelAngle=0, labelLimit=160)
    if max(len(w) for c in chart.categories for w in c.split() or [""]) * CHAR_WIDTH <= room:
        return alt.Axis(labelAngle=0, labelLimit=160, labelExpr="split(datum.label, ' ')", labelLineHeight=14)
    return alt.Axis(labelAngle=-40, labelAlign="right", labelBaseline="middle", labelLimit=160)


def _domain(chart: ChartData) -> list[float]:
    """The value axis from zero, with room beyond the longest bar for its label."""
    values = [p.value for p in chart.points]
    low, high = min(0.0, *values), max(0.0, *values)
    room = 0.18 * (high - low or 1)
    return [low - room if low < 0 else 0.0, high + room if high > 0 else 0.0]


def spec(chart: ChartData) -> dict:
    """The Vega-Lite spec for a chart: one spec for the site and for the static SVG."""
    import altair as alt

    # The data stands once, on the layered chart: every layer built from a chart with its own copy of the values
    # made Altair copy and hash them once per layer (most of a spec's cost).
    data = alt.Data(values=_rows(chart))
    base = alt.Chart()
    categories = list(chart.categories)
    # Categories and series are editors' texts: the spec orders and picks them by their numbers, so that no
    # text is written into a Vega expression (where a line separator, say, would break the chart).
    in_order = alt.EncodingSortField(field="ordning", op="min")
    last_category = alt.datum.ordning == len(categories) - 1
    # In a bar-and-line chart the bars' series is a square and the line's a diamond: as drawn, not colour alone.
    shapes = alt.ExprRef("datum.index === 0 ? 'square' : 'diamond'") if chart.kind == BAR_AND_LINE else alt.Undefined
    legend = alt.Legend(title=None, orient="top", symbolSize=200, symbolType=shapes)
    colour = alt.Color("serie:N", sort=alt.EncodingSortField(field="serienummer", op="min"),
                       scale=alt.Scale(range=series_colours(chart)),
                       legend=legend if len(chart.series) > 1 else None)
    tooltip = [alt.Tooltip("kategori:N", title=chart.category_title), alt.Tooltip("serie:N", title="Serie"),
               alt.Tooltip("text:N", title="Värde")]
    value_axis = alt.Axis(title=chart.unit if chart.unit != "antal" else "Antal", format=_axis_format(chart),
                          grid=True, tickCount=5)
    positive, negative = alt.datum.varde >= 0, alt.datum.varde < 0
    height = max(120, chart.rows * _row_step(chart.rows, 34))

    if chart.kind in (BAR_HORIZONTAL, BAR_DIVERGING):
        y = alt.Y("kategori:N", sort=in_order, title=None, axis=alt.Axis(labelLimit=220))
        x = alt.X("varde:Q", axis=value_axis, scale=alt.Scale(domain=_domain(chart), nice=True))
        if chart.kind == BAR_DIVERGING:  # for the better or the worse, by the key figure's riktning
            verdicts = verdict_colours(chart)
            colour = alt.Color("bedomning:N", scale=alt.Scale(domain=list(verdicts), range=list(verdicts.values())),
                               legend=legend if len(verdicts) > 1 else None)
        bars = base.mark_bar().encode(y=y, x=x, color=colour, tooltip=tooltip,
                                      **({"yOffset": "serie:N"} if len(chart.series) > 1 else {}))
        labels = [base.mark_text(align=align, dx=dx, fontSize=12).encode(
            y=y, x=x, text="etikett:N", **({"yOffset": "serie:N"} if len(chart.series) > 1 else {}),
        ).transform_filter(condition) for align, dx, condition in (("left", 4, positive), ("right", -4, negative))]
        layers = [bars, *labels, base.mark_rule(color="#4d4d4d").encode(x=alt.datum(0))]
    elif chart.kind in (BAR, BAR_AND_LINE):
        x = alt.X("kategori:N", sort=in_order, title=None, axis=_category_axis(chart))
        y = alt.Y("varde:Q", axis=value_axis, scale=alt.Scale(domain=_domain(chart), nice=True))
        first = alt.datum.serienummer == 0
        bar_data = base.transform_filter(first) if chart.kind == BAR_AND_LINE else base
        offset = {"xOffset": "serie:N"} if chart.kind == BAR and len(chart.series) > 1 else {}
        bars = bar_data.mark_bar().encode(x=x, y=y, color=colour, tooltip=tooltip, **offset)
        labels = [bar_data.mark_text(baseline=baseline, dy=dy, fontSize=12).encode(
            x=x, y=y, text="etikett:N", **offset).transform_filter(condition)
            for baseline, dy, condition in (("bottom", -4, positive), ("top", 4, negative))]
        layers = [bars, *labels, base.mark_rule(color="#4d4d4d").encode(y=alt.datum(0))]
        if chart.kind == BAR_AND_LINE:
            # The line over the bars with a white edge, so that it stands out in print too; the legend shows the
            # bars' series as a square and the line's as a diamond, as drawn, not by colour alone.
            line_data = base.transform_filter(~first)
            edge = line_data.mark_line(strokeWidth=5, color="white").encode(x=x, y=y)
            line = line_data.mark_line(strokeDash=[6, 3], strokeWidth=2.5, point=alt.OverlayMarkDef(
                shape="diamond", size=90, filled=True, stroke="white", strokeWidth=1))
            layers += [edge, line.encode(x=x, y=y, color=colour, tooltip=tooltip)]
        height = 300
    elif chart.kind in (STACKED, STACKED_100):
        axis = alt.Axis(title="%", format=",.0f") if chart.kind == STACKED_100 else value_axis
        scale = alt.Scale(domain=[0, 100]) if chart.kind == STACKED_100 else alt.Undefined
        text = "andel_text:N" if chart.kind == STACKED_100 else "etikett:N"
        tooltips = [*tooltip, alt.Tooltip("andel_text:N", title="Andel")]
        # Long category names (strategic goals, say) read better as horizontal bars.
        category = alt.X("kategori:N", sort=in_order, title=None, axis=_category_axis(chart))
        if chart.horizontal:
            category = alt.Y("kategori:N", sort=in_order, title=None, axis=alt.Axis(labelLimit=240))
            bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
                y=category, x=alt.X("start:Q", axis=axis, scale=scale), x2="slut:Q", color=colour, tooltip=tooltips)
            labels = base.mark_text(color="white", fontSize=12, fontWeight="bold").encode(
                y=category, x="mitt:Q", text=text).transform_filter(alt.datum.andel >= 8)
            height = chart.rows * _row_step(chart.rows, 40)
        else:
            bars = base.mark_bar(stroke="white", strokeWidth=1).encode(
                x=category, y=alt.Y("start:Q", axis=axis, scale=scale), y2="slut:Q", color=colour, tooltip=tooltips)
            labels = base.mark_text(color="white", fontSize=12, fontWeight="bold").encode(
                x=category, y="mitt:Q", text=text).transform_filter(alt.datum.andel >= 8)
            height = 300
        layers = [bars, labels]
    elif chart.kind == TREND:
        x = alt.X("kategori:N", sort=in_order, axis=None)
        y = alt.Y("varde:Q", axis=None, scale=alt.Scale(zero=False, nice=False, padding=8))
        line = base.mark_line(strokeWidth=2, color=PALETTE[0], point=alt.OverlayMarkDef(size=40, filled=True))
        last = base.transform_filter(last_category).mark_text(
            align="left", dx=8, fontSize=13, fontWeight="bold")
        layers = [line.encode(x=x, y=y, tooltip=tooltip), last.encode(x=x, y=y, text="text:N")]
        chart_spec = alt.layer(*layers, data=data).properties(width=180, height=48).configure(
            font=FONT, aria=False, background="white", padding={"left": 6, "right": 90, "top": 8, "bottom": 8},
        ).configure_view(stroke=None)
        return _with_locales(chart_spec.to_dict(validate=False))  # validated by the tests, not on every build
    else:  # LINE
        x = alt.X("kategori:N", sort=in_order, title=None, axis=_category_axis(chart))
        y = alt.Y("varde:Q", axis=value_axis, scale=alt.Scale(zero=False, nice=True))
        lines = base.mark_line(strokeWidth=2, point=alt.OverlayMarkDef(size=60, filled=True)).encode(
            x=x, y=y, color=colour, strokeDash=alt.StrokeDash("serie:N", legend=None),
            shape=alt.Shape("serie:N", legend=None), tooltip=tooltip)
        last = base.transform_filter(last_category).mark_text(align="left", dx=8, fontSize=12)
        layers = [lines, last.encode(x=x, y=y, text="serie:N", color=colour)]
        height = 280

    chart_spec = alt.layer(*layers, data=data).properties(width=WIDTH, height=height).configure(
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


# Rendering -------------------------------------------------------------------------------------

class Renderer:
    """Draws charts: the spec with Altair, the SVG with vl-convert, both cached by the chart's data.

    The cache key is the chart's own hash (its data, texts and kind) with the versions of Altair,
    vl-convert, the fonts, this module and chart_svg, so a rebuild with nothing changed imports neither library.
    """

    def __init__(self, cache_dir: Path, font_dir: Path):
        self.cache_dir = cache_dir
        self.font_dir = font_dir
        self.rendered = 0  # how many charts this renderer actually drew

    @cached_property
    def _stamp(self) -> str:
        digest = hashlib.sha256(Path(__file__).read_bytes() + Path(chart_svg.__file__).read_bytes())
        for package in ("altair", "vl-convert-python"):
            digest.update(version(package).encode())
        for font in sorted(self.font_dir.glob("*.ttf")):
            digest.update(font.read_bytes())
        return digest.hexdigest()[:16]

    def drawn(self, charts: list[ChartData]) -> dict[str, tuple[str, str]]:
        """Each chart's accessible SVG and its spec as JSON, by chart key; missing ones drawn in
        parallel threads (vl-convert releases the GIL while it renders)."""
        paths = {c.key: self.cache_dir / f"{c.key}-{self._stamp}.diagram" for c in charts}
        drawn = {c.key: found for c in charts if (found := _cached_drawing(paths[c.key])) is not None}
        missing = list({c.key: c for c in charts if c.key not in drawn}.values())
        if missing:
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                # Each chart is drawn while the next one's spec is built: Altair holds the GIL, vl-convert not.
                started = [(chart, pool.submit(self._render, spec(chart))) for chart in missing]
                for chart, drawing in started:
                    try:
                        svg, chart_spec = drawing.result()
                    except ValueError as error:  # vl-convert could not draw it
                        reason = str(error).splitlines()[1:2] or [str(error)]
                        raise BuildError(f"diagrammet {chart.id} kunde inte ritas ({reason[0].strip()}); "
                                         "kontrollera texterna i data/charts.yml och kategorierna i data") from None
                    drawn[chart.key] = (chart_svg.with_patterns(svg, chart.key, pattern_colours(chart)),
                                        chart_svg.spec_json(chart_spec))
                    atomic.store(paths[chart.key], json.dumps(drawn[chart.key], ensure_ascii=False).encode("utf-8"))
            self.rendered += len(missing)
        return {c.key: (chart_svg.accessible_svg(drawn[c.key][0], c.alt), drawn[c.key][1]) for c in charts}

    def _render(self, chart_spec: dict) -> tuple[str, dict]:
        """The SVG and the spec it was drawn from. A chart whose axis labels make it wider than the PDF's text
        column is drawn again with a narrower plot, so that print never scales its text down."""
        import vl_convert

        _register_fonts(str(self.font_dir))
        svg = vl_convert.vegalite_to_svg(chart_spec, format_locale=format_locale(),
                                         time_format_locale=time_format_locale())
        excess = chart_svg.svg_width(svg) - PRINT_WIDTH
        if excess > 0 and isinstance(chart_spec.get("width"), (int, float)):
            chart_spec = {**chart_spec, "width": max(MIN_PLOT_WIDTH, chart_spec["width"] - excess)}
            svg = vl_convert.vegalite_to_svg(chart_spec, format_locale=format_locale(),
                                             time_format_locale=time_format_locale())
        return svg, chart_spec

    def bundle(self) -> str:
        """vega, vega-lite and vega-embed in one file, served from the site (no CDN)."""
        target = self.cache_dir / f"vega-embed-{version('vl-convert-python')}.js"
        data = atomic.fetch(target)
        if data is None:
            import vl_convert

            data = vl_convert.javascript_bundle().encode("utf-8")
            atomic.store(target, data)
        return data.decode("utf-8")


def _cached_drawing(path: Path) -> tuple[str, str] | None:
    """(SVG, spec as JSON) from the cache, or None."""
    data = atomic.fetch(path)
    return tuple(json.loads(data)) if data is not None else None


@cache
def _register_fonts(folder: str) -> None:
    import vl_convert

    vl_convert.register_font_directory(folder)
