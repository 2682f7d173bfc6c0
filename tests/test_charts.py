"""Charts: declared in data, static SVG and interactive spec on the page, accessible, Swedish, cached."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from browser import dump_dom, render_charts, serve, small_chart_texts
from conftest import SERIES, run, write, write_minimal_project
from htmlpage import parse
from test_check import errors, line_of, replace
from test_figures import METRICS

from builder.base import limits
from builder.read.charts import KINDS, TREND
from builder.render import chart_spec, charts

# The fixture's report pages (tests/fixtures/fjallregionen), each with one chart: resor-per-linje.
REPORTS = ["styrelserapport/2024-05", "styrelserapport/2024-06", "delarsrapport/2024-T1", "arsredovisning/2023"]


def figures(site: Path, report: str):
    return parse(site / f"{report}/index.html").find("article").find_all("figure", class_="diagram")


@pytest.mark.parametrize("report", REPORTS)
def test_each_report_shows_charts_with_static_svg_spec_and_data_table(fixture_site, report):
    found = figures(fixture_site, report)
    assert [f.attrs["id"] for f in found] == ["diagram-resor-per-linje"]
    for figure in found:
        assert figure.find("figcaption").text.strip() == "Resor per linje"
        svg = figure.find("div", class_="diagram-bild").find("svg")
        assert svg.attrs["role"] == "img"
        label = svg.attrs["aria-label"]
        assert label == "Liggande stapeldiagram över resorna per linje från årets början."
        assert svg.find("title").text == label  # the title is the alt text in print (PDF)
        specs = json.loads(figure.find("script", class_="diagram-spec").text)
        assert sorted(specs) == ["bred", "smal"]  # drawn wide and narrow
        for spec in specs.values():
            assert spec["config"]["aria"] is False  # no English ARIA labels from Vega
            assert spec["usermeta"]["embedOptions"]["formatLocale"]["decimal"] == ","
        table = figure.find("details", class_="diagram-data").find("table")
        assert table.find("caption").text == figure.find("figcaption").text.strip()
        assert table.find("tbody").find_all("td")


@pytest.mark.parametrize(("report", "cells"), [
    ("styrelserapport/2024-05", ["30\u00a0100", "21\u00a0100"]),  # January–April 2024
    ("styrelserapport/2024-06", ["39\u00a0000", "27\u00a0400"]),  # January–May 2024
    ("delarsrapport/2024-T1", ["30\u00a0100", "21\u00a0100"]),  # the first tertial: January–April 2024
    ("arsredovisning/2023", ["88\u00a0700", "62\u00a0600"]),  # the year 2023
])
def test_numbers_come_from_the_data_of_the_reports_period(fixture_site, report, cells):
    (figure,) = figures(fixture_site, report)
    texts = [t.text for t in figure.find("svg").find_all("text")]
    assert {"Fjällexpressen", "Dalbussen", *cells} <= set(texts)  # the categories and their direct labels
    assert [td.text for td in figure.find("table").find_all("td")] == cells


SIGNED_METRICS = """
    nyckeltal:
      - id: besok-forandring
        namn: Förändring av antalet besök
        enhet: antal
        decimaler: 0
        riktning: neutral
        ackumulering: summa
        forandring: ja
"""
SIGNED_DATA = """
    nyckeltal,period,typ,varde,dimension,illustrativ,text
    besok-forandring,2025-01..2025-09,utfall,12480,område=öppenvård,,
    besok-forandring,2025-01..2025-09,utfall,-3215,område=slutenvård,,
    besok-forandring,2025-01..2025-09,utfall,806,område=tandvård,,
"""
SIGNED_CHART = """
    diagram:
      - id: besok-per-omrade
        typ: stapel-avvikelse
        rubrik: Förändring av antalet besök per område
        alt: >-
          Liggande stapeldiagram över hur antalet besök har förändrats: öppenvården
          {besok-forandring område=öppenvård}, slutenvården {besok-forandring område=slutenvård}
          och tandvården {besok-forandring område=tandvård}.
        nyckeltal: besok-forandring
        dimension: område
"""


@pytest.fixture(scope="module")
def signed_chart_page(tmp_path_factory) -> Path:
    """A project with a chart of changes, one of them negative, built once; returns its report page."""
    root = write_minimal_project(tmp_path_factory.mktemp("forandring") / "projekt")
    write(root / "data/metrics.yml", SIGNED_METRICS)
    write(root / "data/besok.csv", SIGNED_DATA)
    write(root / "data/charts.yml", SIGNED_CHART)
    write(root / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\nText.\n\n{diagram besok-per-omrade}\n")
    assert run(root, "build", "--quiet", "--no-pdf") == 0
    return root / f"site/{SERIES}/2025-10/index.html"


def test_alt_text_and_numbers_come_from_data(signed_chart_page):
    figure = parse(signed_chart_page).find("figure", class_="diagram")
    assert figure.attrs["id"] == "diagram-besok-per-omrade"
    label = figure.find("svg").attrs["aria-label"]
    assert label == ("Liggande stapeldiagram över hur antalet besök har förändrats: öppenvården +12\u00a0480, "
                     "slutenvården \u22123\u00a0215 och tandvården +806.")  # references resolved into the alt text
    texts = [t.text for t in figure.find("svg").find_all("text")]
    assert "+12\u00a0480" in texts and "\u22123\u00a0215" in texts  # direct labels, Swedish format
    assert "\u22125\u00a0000" in texts  # the axis too
    assert not [t for t in texts if re.fullmatch(r"-\d.*", t)]  # no hyphen-minus numbers, also on the axis
    cells = [td.text for td in figure.find("table").find_all("td")]
    assert cells == ["+12\u00a0480", "\u22123\u00a0215", "+806"]


def test_no_text_is_clipped(fixture_site, signed_chart_page, tmp_path):
    """Every text element of every chart lies inside its chart, measured by Chromium with the site's font."""
    svgs = []
    for page in [*(fixture_site / f"{report}/index.html" for report in REPORTS), fixture_site / "index.html",
                 signed_chart_page]:
        svgs += re.findall(r"<svg\b.*?</svg>", page.read_text(encoding="utf-8"), flags=re.S)
    svgs = [s for s in svgs if 'role="img"' in s]
    # the reports' four, the home page's three (a trend, and a chart in each of two series' introductions) and the
    # chart with a negative bar, each drawn wide and narrow but the trend, which fits a phone as it is
    assert len(svgs) == 2 * 8 - 1
    fonts = (fixture_site / "assets/fonts").as_uri()
    page = tmp_path / "bounds.html"
    page.write_text(f"""<!doctype html><html><head><meta charset="utf-8"><style>
        @font-face {{ font-family: "Open Sans"; src: url("{fonts}/OpenSans-Regular.ttf"); }}
        @font-face {{ font-family: "Open Sans"; font-weight: 700; src: url("{fonts}/OpenSans-Bold.ttf"); }}
        </style></head><body>{''.join(f'<div>{s}</div>' for s in svgs)}<pre id="result"></pre><script>
        document.fonts.ready.then(() => {{
          const result = [];
          document.querySelectorAll("svg[role=img]").forEach((svg, index) => {{
            const box = svg.getBoundingClientRect();
            svg.querySelectorAll("text").forEach((text) => {{
              if (!text.textContent.trim()) return;
              const r = text.getBoundingClientRect();
              result.push([index, text.textContent, r.left - box.left, r.top - box.top,
                           box.right - r.right, box.bottom - r.bottom]);
            }});
          }});
          document.getElementById("result").textContent = JSON.stringify(result);
        }});
        </script></body></html>""", encoding="utf-8")
    dom = dump_dom(page, tmp_path / "profil")
    measured = json.loads(re.search(r'<pre id="result">(.*?)</pre>', dom, re.S).group(1))
    assert len(measured) > 50  # labels, axes and legends of all charts
    outside = [m for m in measured if min(m[2:]) < -0.5]
    assert outside == []


def test_palette_contrast_against_white():
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in chart_spec.PALETTE:
        assert (1.05) / (luminance(colour) + 0.05) >= 3, colour


CHART = """
    diagram:
      - id: resultat
        typ: stapel
        rubrik: Resultat
        alt: Stapeldiagram över periodens resultat, {periodens-resultat}.
        nyckeltal: periodens-resultat
        jämförelser: [budget, utfall]
"""


@pytest.fixture
def with_chart(minimal: Path) -> Path:
    write(minimal / "data/metrics.yml", METRICS)
    write(minimal / "data/ekonomi.csv", """
        nyckeltal,period,typ,varde,dimension,illustrativ,text
        periodens-resultat,2025-01..2025-09,utfall,-595,,,
        periodens-resultat,2025-01..2025-09,budget,258,,ja,
    """)
    write(minimal / "data/charts.yml", CHART)
    report = minimal / f"content/{SERIES}/2025-10/ekonomi.md"
    write(report, "---\ntitel: Ekonomi\n---\nText.\n\n{diagram resultat}\n")
    return minimal


def test_missing_alt_text_is_an_error_with_file_and_line(with_chart, capsys):
    replace(with_chart / "data/charts.yml", "    alt: Stapeldiagram över periodens resultat, {periodens-resultat}.\n", "")
    line = line_of(with_chart / "data/charts.yml", "- id: resultat")
    capsys.readouterr()
    assert run(with_chart, "check") == 1
    assert (f"data/charts.yml:{line}: fältet 'alt' saknas i diagrammet Åtgärd: lägg till raden 'alt: …'."
            in capsys.readouterr().err)


def test_unknown_chart_is_an_error_at_the_editors_line(with_chart, capsys):
    write(with_chart / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\nText.\n\n{diagram finns-inte}\n")
    assert errors(with_chart, capsys) == [
        f"content/{SERIES}/2025-10/ekonomi.md:6: okänt diagram 'finns-inte' Åtgärd: diagrammen finns i data/charts.yml: resultat"
    ]


def test_illustrative_values_are_marked_on_the_chart(with_chart):
    assert run(with_chart, "build", "--quiet") == 0
    figure = parse(with_chart / f"site/{SERIES}/2025-10/index.html").find("figure", class_="diagram")
    assert "illustrativa värden" in figure.find("figcaption").text


def test_a_rebuild_with_nothing_changed_renders_no_chart(with_chart, monkeypatch, capsys):
    drawn = []
    real = charts.Renderer._render
    monkeypatch.setattr(charts.Renderer, "_render", lambda self, *drawing: drawn.append(1) or real(self, *drawing))
    assert run(with_chart, "build", "--quiet") == 0
    assert len(drawn) == 2  # wide and narrow
    assert run(with_chart, "build", "--quiet") == 0
    assert len(drawn) == 2  # from the cache
    replace(with_chart / "data/ekonomi.csv", "-595", "-596")
    assert run(with_chart, "build", "--quiet") == 0
    assert len(drawn) == 4  # the data changed, so the chart is drawn again


def test_vega_is_served_from_the_site(fixture_site):
    bundle = fixture_site / "assets/javascripts/vega-embed.js"
    assert bundle.is_file() and "vegaEmbed" in bundle.read_text(encoding="utf-8")
    script = (fixture_site / "assets/javascripts/diagram.js").read_text(encoding="utf-8")
    assert "vega-embed.js" in script and "http" not in script


@pytest.fixture(scope="module")
def fixture_url(fixture_site):
    server = serve(fixture_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("report", REPORTS)
def test_charts_turn_interactive_in_a_browser(fixture_url, visit, report):
    """Scrolled to, the static picture is replaced by vega-embed's view, rendered from the site's own bundle."""
    page = visit(fixture_url + report + "/").page
    assert render_charts(page) == 1
    dom = page.content()
    views = re.findall(r'<div class="diagram-interaktiv[^"]*"[^>]*>', dom)
    assert len(views) == 1
    for view in views:
        assert 'role="img"' in view and "Vega visualization" not in view and "aria-roledescription" not in view
        assert 'aria-label="Liggande stapeldiagram över resorna per linje från årets början."' in view
    pictures = re.findall(r'<div class="diagram-bild"[^>]*>', dom)
    assert len(pictures) == 1 and all("hidden" in p for p in pictures)  # replaced by the views
    assert "mark container" not in dom  # Vega's English role descriptions, even where hidden


def test_the_chart_runtime_loads_only_when_a_chart_comes_near(fixture_url, visit):
    """A page without charts loads no chart script; on a page whose chart is far below, the picture shows and
    the runtime is fetched only when the reader scrolls towards it."""
    def scripts(seen):
        return sorted({Path(u).name for u in seen.requests if u.endswith(".js") and ("diagram" in u or "vega" in u)})

    assert scripts(visit(fixture_url + "tillganglighetsredogorelse/")) == []
    seen = visit(fixture_url + "styrelserapport/2024-06/", {"width": 375, "height": 300})
    below = seen.page.evaluate("() => document.querySelector('figure.diagram').getBoundingClientRect().top")
    assert below > 3 * 300  # the test's premise: the chart is more than a screen away
    assert scripts(seen) == ["diagram.js"]
    render_charts(seen.page)
    assert scripts(seen) == ["diagram.js", "vega-embed.js"]


def test_on_a_phone_the_narrow_drawing_shows_before_the_runtime_and_without_javascript(fixture_site, fixture_url,
                                                                                           chromium_browser):
    """Each chart is drawn wide and narrow; without JavaScript a phone shows the narrow one, a desktop the wide."""
    narrow_shown = {}
    for width in (375, 1280):
        context = chromium_browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)
        page = context.new_page()
        page.goto(fixture_url + "styrelserapport/2024-06/")
        narrow_shown[width] = page.evaluate("""() => [...document.querySelectorAll('.diagram-bild')].map(b =>
            [b.querySelector('.diagram-smal svg').checkVisibility(), b.querySelector('.diagram-bred svg').checkVisibility()])""")
        assert small_chart_texts(page) == []
        context.close()
    assert narrow_shown == {375: [[True, False]], 1280: [[False, True]]}


KINDS_DATA = """
    nyckeltal,period,typ,varde,dimension,illustrativ,text
    anstallda,2025-07,utfall,7400,,,
    anstallda,2025-08,utfall,7410,,,
    anstallda,2025-09,utfall,7422,,,
    anstallda,2025-09,utfall,4000,kön=kvinnor,,
    anstallda,2025-09,utfall,3422,kön=män,,
    anstallda,2024-09,utfall,3900,kön=kvinnor,,
    anstallda,2024-09,utfall,3395,kön=män,,
"""


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_chart_renders(minimal, kind):
    write(minimal / "data/metrics.yml", METRICS)
    write(minimal / "data/personal.csv", KINDS_DATA)
    spec = {"linje": "nyckeltal: anstallda\n        månader: 3",
            "stapel-och-linje": "nyckeltal: anstallda\n        dimension: kön\n        jämförelser: [utfall, fg-år]",
            }.get(kind, "nyckeltal: anstallda\n        dimension: kön\n        jämförelser: [fg-år, utfall]")
    write(minimal / "data/charts.yml", f"""
        diagram:
          - id: prov
            typ: {kind}
            rubrik: Anställda
            alt: Diagram över de anställda, sammanlagt {{anstallda}}.
            {spec}
    """)
    write(minimal / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\nText.\n\n{diagram prov}\n")
    assert run(minimal, "build", "--quiet") == 0
    svg = parse(minimal / f"site/{SERIES}/2025-10/index.html").find("figure", class_="diagram").find("svg")
    assert svg.attrs["aria-label"] == "Diagram över de anställda, sammanlagt 7\u00a0422."
    marks = {g.attrs.get("class", "") for g in svg.iter() if g.tag == "g"}
    assert any("mark-rect" in m or "mark-line" in m for m in marks)


def test_home_page_shows_key_figures_over_time(fixture_site):
    """The main series' trender (medarbetare): one value per report, from the data of its period."""
    trends = parse(fixture_site / "index.html").find("div", class_="trender").find_all("figure", class_="diagram")
    assert [t.find("figcaption").text for t in trends] == ["Medarbetare"]
    label = trends[0].find("svg").attrs["aria-label"]
    assert label == "Linjediagram över medarbetare i seriens rapporter: 212 (maj 2024), 215 (juni 2024)."
    assert [td.text for td in trends[0].find("table").find_all("td")] == ["212", "215"]


def test_unknown_trend_metric_is_an_error(minimal, capsys):
    path = minimal / f"content/{SERIES}/series.yml"
    path.write_text(path.read_text(encoding="utf-8") + "trender: [finns-inte]\n", encoding="utf-8")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"content/{SERIES}/series.yml:{line_of(path, 'trender')}: okänt nyckeltal 'finns-inte' under trender")


@pytest.mark.parametrize("kind", [*KINDS, TREND])
def test_every_kind_of_spec_is_valid_vega_lite(kind):
    """A build does not validate its specs (it costs a quarter of building one): the schema is checked here."""
    import altair as alt

    from builder.read.charts import ChartData, Point
    from builder.render.chart_spec import spec

    points = tuple(Point(c, s, float(i - j), f"{i - j}") for i, c in enumerate(("a", "b", "c"))
                   for j, s in enumerate(("x", "y")))
    chart = ChartData(id="prov", kind=kind, caption="Prov", alt="Prov", unit="mnkr", decimals=0, category_title="K",
                      categories=("a", "b", "c"), series=("x", "y"), points=points, illustrative=False)
    alt.LayerChart.from_dict(spec(chart), validate=True)  # raises SchemaValidationError when it is not


FONTS = Path(__file__).parents[1] / "templates/assets/fonts"


def drawn_svg(tmp_path: Path, kind: str, series: tuple[str, ...], colours: tuple[str, ...] = (),
              categories: tuple[str, ...] = ("Första kategorin", "Andra kategorin")):
    from builder.read.charts import ChartData, Point

    points = tuple(Point(c, s, float(1 + i + j), f"{1 + i + j}") for i, c in enumerate(categories)
                   for j, s in enumerate(series))
    chart = ChartData(id="prov", kind=kind, caption="Prov", alt="Prov", unit="antal", decimals=0,
                      category_title="K", categories=categories, series=series, points=points, illustrative=False,
                      colours=colours)
    drawing, = charts.Renderer(tmp_path, FONTS).drawn([chart]).values()
    svg = drawing.svg
    (tmp_path / "diagram.html").write_text(svg, encoding="utf-8")
    return parse(tmp_path / "diagram.html").find("svg")


@pytest.mark.parametrize("kind", ["staplad", "staplad-100"])
@pytest.mark.parametrize("colours", [(), ("#1b7a3d", "#8a5a00", "#b3261e", "#6b6b6b")])
def test_stacked_series_differ_by_more_than_colour(tmp_path, kind, colours):
    """Printed in black and white, colours of equal lightness turn the same grey: every series after the first
    fills its bars and its legend symbol with a pattern of its own, up to the most series a chart may have."""
    series = ("Ett", "Två", "Tre", "Fyra", "Fem", "Sex")[: len(colours) or limits.CHART_SERIES]
    svg = drawn_svg(tmp_path, kind, series, colours)
    patterns = {p.attrs["id"]: p for p in svg.iter() if p.tag == "pattern"}
    fills = [e.attrs["fill"] for e in svg.iter() if e.tag == "path" and "fill" in e.attrs]
    used = {f.removeprefix("url(#").removesuffix(")") for f in fills if f.startswith("url(#")}
    assert used == set(patterns) and len(patterns) == len(series) - 1
    for name in patterns:  # two bars and the legend's symbol
        assert fills.count(f"url(#{name})") == 3, name
    looks = {tuple((c.tag, tuple(sorted((k, v) for k, v in c.attrs.items() if k not in ("fill", "id")))) for c in p.iter())
             for p in patterns.values()}
    assert len(looks) == len(patterns), "two series share a pattern"
    first = (colours or chart_spec.PALETTE)[0]
    assert fills.count(first) == 3


def test_the_legend_of_a_bar_and_line_chart_shows_the_bars_and_the_line_by_shape(tmp_path):
    """The legend tells the line from the bars as they are drawn, a square and a diamond, not by colour alone."""
    svg = drawn_svg(tmp_path, "stapel-och-linje", ("Utfall", "Budget"))
    legend = next(g for g in svg.iter() if g.tag == "g" and "role-legend" in g.attrs.get("class", ""))
    symbols = [p.attrs["d"] for g in legend.iter() if g.tag == "g" and "role-legend-symbol" in g.attrs.get("class", "")
               for p in g.iter() if p.tag == "path"]
    assert len(symbols) == 2 and symbols[0] != symbols[1]


def test_a_horizontal_chart_of_the_most_rows_fits_a_pdf_page(tmp_path):
    """Its bars' rows narrow as they grow in number, so that the chart, at its own size, fits the 253 mm of an A4
    page's text (at 0.265 mm per pixel) with its caption."""
    categories = tuple(f"Klinik {n:02d}" for n in range(limits.CHART_ROWS))
    svg = drawn_svg(tmp_path, "stapel-liggande", ("Utfall",), categories=categories)
    assert float(svg.attrs["height"]) * 0.265 <= 240


@pytest.mark.parametrize("kind, categories, error", [
    ("staplad", 7, "diagrammet prov har 7 serier; högst 6 går att skilja åt med färger och mönster"),
    ("stapel-liggande", 23, "diagrammet prov har 46 staplar under varandra; högst 45 får plats på en sida i PDF:en"),
])
def test_a_chart_too_large_to_read_is_an_error(minimal, capsys, kind, categories, error):
    """A stacked chart has the dimension's categories as its series; a horizontal one a bar per category and
    year (two here)."""
    rows = [f"anstallda,{year}-01..{year}-09,utfall,{10 + n},division=division {n},,"
            for year in (2024, 2025) for n in range(categories)]
    write(minimal / "data/metrics.yml", METRICS)
    write(minimal / "data/personal.csv", "nyckeltal,period,typ,varde,dimension,illustrativ,text\n" + "\n".join(rows))
    write(minimal / "data/charts.yml", f"""
        diagram:
          - id: prov
            typ: {kind}
            rubrik: Anställda
            alt: Diagram över de anställda.
            nyckeltal: anstallda
            dimension: division
            jämförelser: [fg-år, utfall]
    """)
    write(minimal / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\nText.\n\n{diagram prov}\n")
    (found,) = errors(minimal, capsys)
    assert error in found and "visa färre kategorier" in found


@pytest.mark.parametrize("riktning, colours", [
    ("lägre är bättre", {"kvinnor": "#1b7a3d", "män": "url"}),  # sick leave fell for women: for the better
    ("högre är bättre", {"kvinnor": "url", "män": "#1b7a3d"}),
    ("neutral", {"kvinnor": "#5C5C5C", "män": "#5C5C5C"}),
])
def test_a_diverging_chart_colours_a_change_by_whether_it_is_better(minimal, riktning, colours):
    """Colour by meaning, from the key figure's riktning: better green, worse red and striped (so also in black
    and white), a key figure without a direction grey; the legend says it in words."""
    write(minimal / "data/metrics.yml", METRICS.replace("riktning: lägre är bättre", f"riktning: {riktning}"))
    write(minimal / "data/personal.csv", """
        nyckeltal,period,typ,varde,dimension,illustrativ,text
        sjukfranvaro,2025-01..2025-09,utfall,5.5,kön=kvinnor,,
        sjukfranvaro,2024-01..2024-09,utfall,6.0,kön=kvinnor,,
        sjukfranvaro,2025-01..2025-09,utfall,4.8,kön=män,,
        sjukfranvaro,2024-01..2024-09,utfall,4.1,kön=män,,
    """)
    write(minimal / "data/charts.yml", """
        diagram:
          - id: prov
            typ: stapel-avvikelse
            rubrik: Sjukfrånvaro
            alt: Diagram över förändringen av sjukfrånvaron.
            nyckeltal: sjukfranvaro
            dimension: kön
            jämförelser: [förändring]
    """)
    write(minimal / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\nText.\n\n{diagram prov}\n")
    assert run(minimal, "build", "--quiet", "--no-pdf") == 0
    svg = parse(minimal / f"site/{SERIES}/2025-10/index.html").find("figure", class_="diagram").find("svg")
    bars = [p.attrs["fill"] for g in svg.iter() if g.tag == "g" and "mark-rect" in g.attrs.get("class", "")
            for p in g.iter() if p.tag == "path"]
    assert [fill[:3] if fill.startswith("url") else fill for fill in bars] == list(colours.values())
    legend = [t.text for g in svg.iter() if g.tag == "g" and "role-legend" in g.attrs.get("class", "").split()
              for t in g.iter() if t.tag == "text"]
    assert legend == (["bättre", "sämre"] if riktning != "neutral" else [])


def test_a_year_has_the_same_colour_on_every_chart(tmp_path):
    """Comparing years, each year keeps its colour whichever other years the chart shows."""
    def colours(series):
        svg = drawn_svg(tmp_path / str(len(series)), "stapel", series)
        legend = next(g for g in svg.iter() if g.tag == "g" and "role-legend" in g.attrs.get("class", "").split())
        def parts(role, tag):
            return [e for g in legend.iter() if g.tag == "g" and role in g.attrs.get("class", "").split()
                    for e in g.iter() if e.tag == tag]
        found = {label.text: symbol.attrs["fill"]
                 for symbol, label in zip(parts("role-legend-symbol", "path"), parts("role-legend-label", "text"))}
        return found

    two = colours(("Utfall jan–sep 2024", "Utfall jan–sep 2025"))
    three = colours(("Utfall jan–sep 2023", "Utfall jan–sep 2024", "Utfall jan–sep 2025"))
    assert len(set(three.values())) == 3
    assert {k: v for k, v in three.items() if k in two} == two


def test_every_table_and_chart_says_where_its_numbers_come_from_and_how_current_they_are(with_chart):
    """A source line under each: the key figures' own `källa`, else the site's (content/site.yml), else the
    organisation; the period, and the report's publication date. A new default reaches a cached report."""
    write(with_chart / "data/tables.yml", "tabeller:\n  - id: res\n    rubrik: Resultat\n    rader:\n"
                                          "      - nyckeltal: periodens-resultat\n    kolumner: [utfall]\n")
    report = with_chart / f"content/{SERIES}/2025-10/ekonomi.md"
    report.write_text(report.read_text(encoding="utf-8") + "\n{tabell res}\n", encoding="utf-8")

    def lines():
        assert run(with_chart, "build", "--quiet", "--no-pdf") == 0
        page = parse(with_chart / f"site/{SERIES}/2025-10/index.html").find("article")
        return [p.text for p in page.find_all("p", class_="kalla")]

    period = "Uppgifterna avser januari–september 2025 och publicerades 21 oktober 2025."
    assert lines() == [f"Källa: Testregionen. {period}"] * 2  # the chart's, the table's
    settings = with_chart / "content/site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "källa: Testregionens ekonomisystem\n", encoding="utf-8")
    assert lines() == [f"Källa: Testregionens ekonomisystem. {period}"] * 2
    metrics = with_chart / "data/metrics.yml"
    metrics.write_text(metrics.read_text(encoding="utf-8").replace(
        "  - id: periodens-resultat\n", "  - id: periodens-resultat\n    källa: Huvudboken\n"), encoding="utf-8")
    assert lines() == [f"Källa: Huvudboken. {period}"] * 2


@pytest.mark.parametrize("values", [(1, 7), (1, 1, 1), (2, 3, 3, 5, 7, 11)])
def test_the_shares_of_a_100_percent_chart_add_up_to_100(values):
    """Rounded each alone, 12,5 + 87,5 would show 13 % + 88 % and three thirds 33 % each: by largest
    remainder a bar's whole percents always add up to 100."""
    from builder.read.charts import ChartData, Point

    series = tuple(f"Del {n}" for n in range(len(values)))
    points = tuple(Point(c, s, float(v), str(v)) for c in ("a", "b") for s, v in zip(series, values))
    chart = ChartData(id="prov", kind="staplad-100", caption="Prov", alt="Prov", unit="antal", decimals=0,
                      category_title="K", categories=("a", "b"), series=series, points=points, illustrative=False)
    values_by_category = {}
    for row in chart_spec.spec(chart)["data"]["values"]:  # the labels' texts, as the chart shows them
        values_by_category.setdefault(row["kategori"], []).append(int(row["andel_text"].split("\u00a0")[0]))
    assert all(sum(shares) == 100 for shares in values_by_category.values()), values_by_category


def test_every_chart_and_table_on_the_site_has_a_source_line(fixture_site):
    """Reports, the home page's trends, the key-figure overview and pages: under every chart and every table of
    figures, where the numbers come from and how current they are."""
    def inside_figure(element) -> bool:
        while element is not None:
            if element.tag == "figure":
                return True
            element = element.parent
        return False

    def next_lines(element) -> list[str]:  # the classes of the elements after it, notes under a table left out
        siblings = [c for c in element.parent.children if not isinstance(c, str)]
        after = siblings[siblings.index(element) + 1:]
        return [e.attrs.get("class", "") for e in after if "tabellnot" not in e.attrs.get("class", "")][:1]

    missing, checked = [], 0
    for page in sorted(fixture_site.rglob("index.html")):
        for article in parse(page).find_all("article"):
            for figure in article.find_all("figure", class_="diagram"):
                checked += 1
                if not figure.find_all("p", class_="kalla"):
                    missing.append(f"{page.relative_to(fixture_site)}: {figure.attrs.get('id')}")
            for region in article.find_all("div", class_="tabell-nyckeltal"):
                if inside_figure(region):
                    continue  # a chart's data table: the chart's line says it
                checked += 1
                if next_lines(region) != ["kalla"]:
                    missing.append(f"{page.relative_to(fixture_site)}: {region.find('caption').text}")
    assert checked > 20  # the test's premise: the fixture has tables and charts on many pages
    assert missing == [], "\n".join(missing)


def test_names_that_wrap_alike_stay_apart_on_a_phone():
    """A narrow chart sets its category names in lines: two that differ only in their spaces must not merge into
    one bar on the chart's scale."""
    from builder.read.charts import ChartData, Point

    categories = ("Norra länsdelen", "Norra  länsdelen", "Södra länsdelen med ett långt namn")
    points = tuple(Point(c, "Utfall", float(i + 1), str(i + 1)) for i, c in enumerate(categories))
    chart = ChartData(id="prov", kind="stapel", caption="Prov", alt="Prov", unit="antal", decimals=0,
                      category_title="K", categories=categories, series=("Utfall",), points=points, illustrative=False)
    rows = chart_spec.spec(chart, chart_spec.NARROW)["data"]["values"]
    assert len({row["rader"] for row in rows}) == 3
    assert max(len(line) for row in rows for line in row["rader"].split("\n")) <= chart_spec.NARROW.label_chars


DRAW_SCRIPT = """
import json, os, sys
from pathlib import Path
from builder.read.charts import ChartData, Point
from builder.render import charts

folder, mode, fonts = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
drawing = charts.Renderer._draw
def recorded(self, batch, paths):  # which process drew what
    with open(folder / f"pid-{os.getpid()}", "a") as log:
        log.write(" ".join(c.id for c in batch))
    drawing(self, batch, paths)
charts.Renderer._draw = recorded
if mode == "one":
    charts.PARALLEL_FROM = 10**6
found = [ChartData(id=f"prov{n}", kind=kind, caption="Prov", alt="Prov", unit="antal", decimals=0, category_title="K",
                   categories=("Norr", "Syd"), series=("Utfall",), illustrative=False,
                   points=(Point("Norr", "Utfall", float(n + 1), str(n + 1)), Point("Syd", "Utfall", 2.0, "2")))
         for n in range(20) for kind in ("stapel", "linje")]
drawn = charts.Renderer(folder / "cache", fonts).drawn(found)
print(json.dumps({key: [d.svg, d.narrow_svg, d.spec_json] for key, d in sorted(drawn.items())}))
"""


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the charts are drawn in one process")
def test_charts_drawn_on_every_core_are_those_drawn_in_one_process(tmp_path):
    """A cold build draws its charts in forked workers, one per core; what they draw is what one process
    draws, byte for byte."""
    import subprocess
    import sys

    outputs, processes = {}, {}
    for mode in ("one", "every"):
        folder = tmp_path / mode
        folder.mkdir()
        done = subprocess.run([sys.executable, "-c", DRAW_SCRIPT, str(folder), mode, str(FONTS)],
                              cwd=Path(__file__).parents[1], capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        outputs[mode] = json.loads(done.stdout)
        processes[mode] = len(list(folder.glob("pid-*")))
    assert len(outputs["every"]) == 40 and outputs["every"] == outputs["one"]
    assert processes == {"one": 1, "every": min(os.cpu_count(), 40 // (charts.PARALLEL_FROM // 2))}
