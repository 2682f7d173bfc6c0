"""Editor input written as an attacker would: every text field of a fixture project carries markup, script,
Markdown, a template expression, a chart placeholder and spreadsheet formulas. The build must show each
text as written, in every page, the feed, the search, the PDF and the downloads, and nothing may run."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from browser import render_charts, serve
from conftest import fixture_project, run
from htmlpage import parse

# Markup and script, Markdown that would make a link and emphasis, a Jinja expression, the builder's own
# chart placeholder, an entity, a backslash, quotes, backslash escapes that a regular expression would read
# (\042 is a quote there) and a line separator (which ends a line in JavaScript).
PAYLOAD = ("<img src=x onerror=alert(1)></title><script>alert(2)</script>[x](javascript:alert(3))*a*#"
           "{{7*7}}<!--diagram-svg:0123456789abcdef-->&amp;\\'\"\\042\\d\u2028.")
FORMULA = '=HYPERLINK("https://example.org","klicka");=1+1,@SUM(2)'
TEXT_FIELDS = {"titel", "namn", "rubrik", "beskrivning", "alt", "metod", "organisation", "galler_for", "ansvarig",
               "upprattad_av", "version"}


def hostile(value):
    """Every text field of a YAML document with the payload added."""
    if isinstance(value, dict):
        return {k: (f"{v} {PAYLOAD}" if k in TEXT_FIELDS and isinstance(v, str) else hostile(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [hostile(v) for v in value]
    return value


def make_hostile(root: Path) -> None:
    for path in [*(root / "content").rglob("*.yml"), *(root / "data").rglob("*.yml")]:  # goal plans too
        data = hostile(yaml.safe_load(path.read_text(encoding="utf-8")))
        if path.name == "site.yml":
            data["tillganglighet"]["kanda_brister"] = [PAYLOAD, FORMULA]
        if path.name == "report.yml" and "dokument_id" in data:  # the annual and tertial reports have none
            data["dokument_id"] += PAYLOAD
        path.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False), encoding="utf-8")
    for path in (root / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):  # a section: its title in the front matter, a heading and a paragraph in prose
            front, body = text[4:].split("---\n", 1)
            front = hostile(yaml.safe_load(front))
            prose = PAYLOAD.replace("[x](javascript:alert(3))", "")  # a javascript: link in prose is an error
            text = f"---\n{yaml.safe_dump(front, allow_unicode=False)}---\n{body}\n## Rubrik {prose}\n\nText {prose}\n"
        path.write_text(text, encoding="utf-8")
    data = root / "data/trafik.csv"
    rows = list(csv.reader(io.StringIO(data.read_text(encoding="utf-8"))))
    for row in rows[1:]:
        row[6] = FORMULA if row[2] == "utfall" else f"-{PAYLOAD}"
        if row[4]:
            row[4] = row[4].replace("Dalbussen", f"@Dalbussen {PAYLOAD}")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    data.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = fixture_project("fjallregionen", tmp_path_factory.mktemp("fientlig"))
    make_hostile(root)
    assert run(root, "build", "--quiet") == 0
    return root / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_markup_from_content_becomes_an_element(hostile_site):
    for path in pages(hostile_site):
        page = parse(path)
        name = path.relative_to(hostile_site).as_posix()
        elements = list(page.iter())
        assert not [e for e in elements if e.tag == "img" and e.attrs.get("src") == "x"], name
        assert not [(e.tag, a) for e in elements for a in e.attrs if a.lower().startswith("on")], name
        assert not [e for e in elements if e.attrs.get("href", "").lower().startswith("javascript:")], name
        executable = [e for e in elements if e.tag == "script" and e.attrs.get("type", "") in ("", "text/javascript")]
        assert not [e for e in executable if "alert(" in e.text], name


def words(text: str) -> str:
    """The text with its whitespace as a reader sees it (a line separator in a title is a space)."""
    return " ".join(text.split())


def test_texts_are_shown_as_written(hostile_site):
    home = parse(hostile_site / "index.html")
    assert words(home.find("h1").heading_text) == words(f"Fjällregionens rapporter till förbundsstyrelsen {PAYLOAD}")
    assert words(home.find("title").text).startswith(words(f"Fjällregionens rapporter till förbundsstyrelsen {PAYLOAD}"))
    report = parse(hostile_site / "styrelserapport/2024-06/index.html")
    nav = " ".join(a.text for a in report.find_all("a", class_="md-nav__link"))
    assert words(f"Rapport till förbundsstyrelsen {PAYLOAD}") in words(nav)
    headings = [words(h.heading_text) for h in report.find_all("h2") + report.find_all("h3")]
    # a heading in prose is Markdown (*a* is emphasis), but its markup is shown as text
    assert any(h.startswith("Rubrik <img src=x onerror=alert(1)></title><script>alert(2)</script>") for h in headings)
    figure = report.find("figure", class_="diagram")
    assert figure.find("svg").attrs["aria-label"].endswith(PAYLOAD)
    assert "{{7*7}}" in report.text and "49" not in report.find("h1").text


def test_the_feed_and_the_search_index_carry_the_texts_as_data(hostile_site):
    feed = ET.parse(hostile_site / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert words(titles[0]) == words(f"Fjällregionens rapporter till förbundsstyrelsen {PAYLOAD}")
    index = (hostile_site / "search/search_index.json").read_text(encoding="utf-8")
    assert "<img src=x" not in index and "<script>" not in index  # the theme's search index holds HTML


def test_the_pdf_shows_the_texts_as_written(hostile_site):
    pdf = hostile_site / "styrelserapport/2024-06/styrelserapport-2024-06.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "<img src=x onerror=alert(1)>" in text and "{{7*7}}" in text


def formula_cells(path: Path) -> list[str]:
    """Cells that a spreadsheet would take for a formula, when it opens the file with either separator (a
    Swedish Excel opens every .csv file with ';'): a cell that starts with =, +, -, @, tab or carriage return
    and is not a number."""
    text = path.read_text(encoding="utf-8-sig")
    found = []
    for separator in (",", ";"):
        for row in csv.reader(io.StringIO(text), delimiter=separator):
            found += [cell for cell in row if cell.lstrip(" ")[:1] in ("=", "+", "-", "@", "\t", "\r")
                      and not re.fullmatch(r"-?[0-9]+([.,][0-9]+)?", cell.strip())]
    return found


def test_no_downloaded_cell_starts_a_formula(hostile_site):
    files = sorted(hostile_site.rglob("*.csv"))
    assert len(files) >= 6  # open data and each table's and chart's downloads
    for path in files:
        assert formula_cells(path) == [], path.relative_to(hostile_site)
    observations = (hostile_site / "oppna-data/observationer.csv").read_text(encoding="utf-8")
    kept = """'=HYPERLINK(""https://example.org"",""klicka"");'=1+1,'@SUM(2)"""
    assert kept in observations  # kept, as text


def test_nothing_runs_in_a_browser(hostile_site, visit):
    server = serve(hostile_site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        for path in pages(hostile_site):
            if path.name == "404.html":
                continue
            url = base + path.relative_to(hostile_site).as_posix().removesuffix("index.html")
            seen = visit(url)
            render_charts(seen.page)  # every chart, scrolled to, turns interactive
            assert (seen.ran, seen.refused, seen.errors) == ([], [], []), url
        seen = visit(base)  # the search shows titles and text from content
        seen.page.wait_for_function("() => performance.getEntriesByType('resource').some(r => r.name.includes('search_index'))")
        seen.page.locator("input.md-search__input").click()
        seen.page.keyboard.type("onerror", delay=20)
        seen.page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert seen.page.locator(".md-search-result img").count() == 0
        assert (seen.ran, seen.refused, seen.errors) == ([], [], [])
    finally:
        server.shutdown()
