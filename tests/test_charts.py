"""Charts: declared in data, static SVG and interactive spec on the page, accessible, Swedish, cached."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import dump_dom
from conftest import REPO, SERIES, run, write
from htmlpage import parse
from test_check import errors, line_of, replace
from test_figures import METRICS

from builder import charts

MONTHS = {"2025-10": 4, "2023-03": 4}


def figures(site: Path, month: str):
    return parse(site / f"regiondirektorens-rapport/{month}/index.html").find("article").find_all("figure", class_="diagram")


@pytest.mark.parametrize("month", sorted(MONTHS))
def test_each_month_shows_charts_with_static_svg_spec_and_data_table(example_site, month):
    found = figures(example_site, month)
    assert len(found) == MONTHS[month]
    for figure in found:
        assert figure.find("figcaption").text.strip()
        svg = figure.find("div", class_="diagram-bild").find("svg")
        assert svg.attrs["role"] == "img"
        label = svg.attrs["aria-label"]
        assert len(label) > 40 and "{" not in label  # references resolved into the alt text
        assert svg.find("title").text == label  # the title is the alt text in print (PDF)
        spec = json.loads(figure.find("script", class_="diagram-spec").text)
        assert spec["config"]["aria"] is False  # no English ARIA labels from Vega
        assert spec["usermeta"]["embedOptions"]["formatLocale"]["decimal"] == ","
        table = figure.find("details", class_="diagram-data").find("table")
        assert table.find("caption").text == figure.find("figcaption").text.strip()
        assert table.find("tbody").find_all("td")


def test_alt_text_and_numbers_come_from_data(example_site):
    (figure,) = [f for f in figures(example_site, "2025-10") if f.attrs["id"] == "diagram-besok-per-omrade"]
    label = figure.find("svg").attrs["aria-label"]
    assert "primärvården +39\u00a0139, psykiatrin +5\u00a0416 och somatiken \u22128\u00a0363" in label
    texts = [t.text for t in figure.find("svg").find_all("text")]
    assert "+39\u00a0139" in texts and "\u22128\u00a0363" in texts  # direct labels, Swedish format
    assert not [t for t in texts if re.fullmatch(r"-\d.*", t)]  # no hyphen-minus numbers, also on the axis
    cells = [td.text for td in figure.find("table").find_all("td")]
    assert cells == ["+39\u00a0139", "+5\u00a0416", "\u22128\u00a0363"]


def test_no_text_is_clipped(example_site, tmp_path):
    """Every text element of every chart lies inside its chart, measured by Chromium with the site's font."""
    svgs = []
    for month in MONTHS:
        page = (example_site / f"regiondirektorens-rapport/{month}/index.html").read_text(encoding="utf-8")
        svgs += re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    svgs = [s for s in svgs if 'role="img"' in s]
    fonts = (example_site / "assets/fonts").as_uri()
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

    for colour in charts.PALETTE:
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
    monkeypatch.setattr(charts.Renderer, "_render", lambda self, spec: drawn.append(1) or real(self, spec))
    assert run(with_chart, "build", "--quiet") == 0
    assert len(drawn) == 1
    assert run(with_chart, "build", "--quiet") == 0
    assert len(drawn) == 1  # from the cache
    replace(with_chart / "data/ekonomi.csv", "-595", "-596")
    assert run(with_chart, "build", "--quiet") == 0
    assert len(drawn) == 2  # the data changed, so the chart is drawn again


def test_vega_is_served_from_the_site(example_site):
    bundle = example_site / "assets/javascripts/vega-embed.js"
    assert bundle.is_file() and "vegaEmbed" in bundle.read_text(encoding="utf-8")
    script = (example_site / "assets/javascripts/diagram.js").read_text(encoding="utf-8")
    assert "vega-embed.js" in script and "http" not in script


@pytest.mark.parametrize("month", sorted(MONTHS))
def test_charts_turn_interactive_in_a_browser(example_site, tmp_path, month):
    """With JavaScript the static picture is replaced by vega-embed's view, rendered from the site's own bundle."""
    dom = dump_dom(example_site / f"regiondirektorens-rapport/{month}/index.html", tmp_path / "profil", 8000)
    views = re.findall(r'<div class="diagram-interaktiv[^"]*"[^>]*>', dom)
    assert len(views) == MONTHS[month]
    for view in views:
        assert 'role="img"' in view and "Vega visualization" not in view and "aria-roledescription" not in view
        assert 'aria-label="Liggande stapeldiagram' in view or 'aria-label="Stapeldiagram' in view
    pictures = re.findall(r'<div class="diagram-bild"[^>]*>', dom)
    assert len(pictures) == MONTHS[month] and all("hidden" in p for p in pictures)  # replaced by the views


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


@pytest.mark.parametrize("kind", charts.KINDS)
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


def test_home_page_shows_key_figures_over_time(example_site):
    trends = parse(example_site / "index.html").find("div", class_="trender").find_all("figure", class_="diagram")
    assert [t.find("figcaption").text for t in trends] == ["Anställda", "Tillsvidareanställda"]
    label = trends[0].find("svg").attrs["aria-label"]
    assert label == ("Linjediagram över anställda i seriens rapporter: 6\u00a0807 (mars 2023), "
                     "7\u00a0422 (oktober 2025).")
    assert [td.text for td in trends[0].find("table").find_all("td")] == ["6\u00a0807", "7\u00a0422"]


def test_unknown_trend_metric_is_an_error(minimal, capsys):
    path = minimal / f"content/{SERIES}/series.yml"
    path.write_text(path.read_text(encoding="utf-8") + "trender: [finns-inte]\n", encoding="utf-8")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"content/{SERIES}/series.yml:{line_of(path, 'trender')}: okänt nyckeltal 'finns-inte' under trender")
