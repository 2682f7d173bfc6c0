"""Acceptance in a real browser: the site as citizens use it, on a desktop and on a phone.

Playwright drives the system Chromium (found on the PATH or named by CHROMIUM; on GitHub's runners
Playwright's own Chromium). The site is served from site/ over HTTP on 127.0.0.1. axe-core, from the
npm package, checks every page against the WCAG 2.1 A and AA rules.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import VIEWPORTS, render_charts, serve, small_chart_texts, tables_hiding_their_result
from conftest import REPO, SERIES, run

pytest.importorskip("playwright.sync_api")

SCREENSHOTS = REPO / "build/screenshots"
# The pages of the fixture project (tests/fixtures/fjallregionen), one of each kind. That every page of the
# project's own content passes axe is checked in test_content.py.
PAGES = {
    "start": "",
    "arkiv": "styrelserapport/",
    "rapport-2024-05": "styrelserapport/2024-05/",
    "rapport-2024-06": "styrelserapport/2024-06/",
    "delarsrapport-arkiv": "delarsrapport/",
    "delarsrapport-2024-T1": "delarsrapport/2024-T1/",
    "arsredovisning-arkiv": "arsredovisning/",
    "arsredovisning-2023": "arsredovisning/2023/",
    "tillganglighet": "tillganglighetsredogorelse/",
    "nyckeltal": "nyckeltal/",
    "nyckeltal-resor": "nyckeltal/resor/",
    "oppna-data": "oppna-data/",
}


@pytest.fixture(scope="session")
def site_url(fixture_site):
    server = serve(fixture_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_as_citizens_see_it(visit, site_url, name, viewport):
    seen = visit(site_url + PAGES[name], VIEWPORTS[viewport])
    page = seen.page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{viewport}.png"), full_page=True)

    assert seen.errors == []
    assert seen.refused == []  # nothing the Content-Security-Policy had to stop
    host = urlsplit(site_url).netloc
    assert [u for u in seen.requests if urlsplit(u).netloc != host and not u.startswith("data:")] == []

    width = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 0, f"{width} px of horizontal scrolling"

    # a heading may wrap between words and after a hyphen, dash or slash ("januari– / april"), never inside a word
    # ("Tillgänglighetsredogöre / lse")
    broken = page.evaluate("""() => [...document.querySelectorAll('.md-content h1, .md-content h2, .md-content h3, .md-content h4')]
        .flatMap(h => {
            const walk = document.createTreeWalker(h, NodeFilter.SHOW_TEXT), words = [];
            for (let node; (node = walk.nextNode());)
                for (const m of node.data.matchAll(/[^\\s/\u2010\u2013\u2014-]+/g)) {
                    const range = document.createRange();
                    range.setStart(node, m.index);
                    range.setEnd(node, m.index + m[0].length);
                    const [first, ...rest] = range.getClientRects();  // on another line: starts below the first box's middle
                    if (rest.some(r => r.top > (first.top + first.bottom) / 2)) words.push(m[0]);
                }
            return words;
        })""")
    assert broken == [], f"headings broken inside a word: {broken}"

    render_charts(page)  # scrolled to, as a reader would: the chart runtime loads only then
    assert small_chart_texts(page) == []  # every chart's text at 11 px or more, at every width
    for figure in page.locator("figure.diagram").all():
        view = figure.locator(".diagram-interaktiv svg").first
        box = view.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
        labels = view.locator("text").all_text_contents()
        numbers = [n for label in labels for n in re.findall(r"[+\u2212-]?\d[\d\u00a0,.]*", label)]
        assert numbers, "a chart without numbers"
        english = [n for n in numbers if re.search(r"\d,\d{3}\b|\d\.\d|-\d", n)]
        assert english == []  # Swedish: decimal comma, U+00A0 grouping, U+2212 minus

    assert seen.axe() == []


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_keyboard_reaches_the_content_and_every_link(visit, site_url, name, viewport):
    page = visit(site_url + PAGES[name], VIEWPORTS[viewport]).page
    page.keyboard.press("Tab")
    skip = page.evaluate("() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert skip[1].startswith("#"), skip  # the first stop is the skip link
    page.keyboard.press("Enter")
    target = skip[1][1:]
    assert page.evaluate(f"() => location.hash") == f"#{target}"
    # every visible link and control can be reached with Tab. Material's back-to-top button is left out:
    # it shows and hides with the scroll direction, which the Tab walk itself changes, so whether it is
    # passed while shown is a matter of timing. It is a native <button>, focusable whenever it is shown.
    wanted = set(page.evaluate("""() => [...document.querySelectorAll('a[href], button:not([data-md-component=top]), input, select, textarea, summary, [tabindex]')]
        .filter(e => e.tabIndex >= 0 && e.checkVisibility({checkVisibilityCSS: true, contentVisibilityAuto: true})
                     && e.getBoundingClientRect().width > 0)
        .map((e, i) => e.dataset.prov = String(i))""" ) or [])
    reached = set()
    for _ in range(len(wanted) + 40):
        page.keyboard.press("Tab")
        marker = page.evaluate("() => document.activeElement && document.activeElement.dataset.prov")
        if marker is not None:
            reached.add(marker)
        if reached >= wanted:
            break
    # still visible and tabbable at the end (a control may have been hidden by the walk)
    missing = page.evaluate("""(ids) => ids.map(i => document.querySelector(`[data-prov="${i}"]`))
        .filter(e => e.tabIndex >= 0 && e.checkVisibility({checkVisibilityCSS: true}))
        .map(e => e.outerHTML.slice(0, 120))""", sorted(wanted - reached))
    assert missing == []


def test_search_finds_a_report_by_an_inflected_form(visit, site_url, fixture_site):
    """'kollektivtrafiken' is not in the June 2024 report, 'kollektivtrafik' is: Swedish stemming finds it."""
    text = (fixture_site / "styrelserapport/2024-06/index.html").read_text(encoding="utf-8").lower()
    assert not re.search(r"\bkollektivtrafiken\b", text) and re.search(r"\bkollektivtrafik\b", text)
    page = visit(site_url).page
    page.wait_for_function("() => performance.getEntriesByType('resource').some(r => r.name.includes('search_index'))")
    page.locator("input.md-search__input").click()
    page.keyboard.type("kollektivtrafiken", delay=30)
    found = page.locator('.md-search-result__item a[href*="styrelserapport/2024-06/"]')
    found.first.wait_for(timeout=10_000)  # the June 2024 report is among the results


def test_a_missing_alt_text_is_caught_by_axe(visit, tmp_path):
    """The checks fail when a property is broken on purpose: here an image without alt text."""
    write_page(tmp_path, '<img src="bild.png" width="10" height="10">')
    server = serve(tmp_path)
    try:
        seen = visit(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        assert "image-alt" in [v["id"] for v in seen.axe()]
    finally:
        server.shutdown()


def test_a_stylesheet_from_another_host_is_caught(visit, tmp_path):
    """…and here a stylesheet from another host: the request is recorded, whatever its answer."""
    write_page(tmp_path, "")
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    html = html.replace("<title>", '<link rel="stylesheet" href="https://cdn.example.org/stil.css"><title>')
    (tmp_path / "index.html").write_text(html, encoding="utf-8")
    server = serve(tmp_path)
    try:
        seen = visit(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        outside = [u for u in seen.requests if urlsplit(u).netloc != f"127.0.0.1:{server.server_address[1]}"]
        assert outside == ["https://cdn.example.org/stil.css"]
    finally:
        server.shutdown()


def write_page(folder: Path, body: str) -> None:
    (folder / "bild.png").write_bytes(b"")
    (folder / "index.html").write_text(
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Prov</title></head>'
        f'<body><main><h1>Prov</h1>{body}</main></body></html>', encoding="utf-8")


def test_make_screenshots_shows_three_pages_at_three_widths(fixture_site, tmp_path):
    """`make screenshots` (scripts/screenshots.py): the home page, the newest report of the main series and the
    key figures, each a whole page at 375, 768 and 1280 px."""
    from PIL import Image


    result = subprocess.run([sys.executable, "scripts/screenshots.py", str(fixture_site), str(tmp_path / "bilder")],
                            cwd=REPO, capture_output=True, text=True, check=True)
    assert "9 bilder" in result.stdout
    sizes = {path.name: Image.open(path).size for path in (tmp_path / "bilder").glob("*.png")}
    assert {name.rsplit("-", 1)[0] for name in sizes} == {"startsida", "rapport", "nyckeltal"}
    for name, (width, height) in sizes.items():
        assert width == int(name.rsplit("-", 1)[1].removesuffix(".png")) and height > 600, name


def test_on_a_phone_a_wide_table_keeps_its_row_headers_and_result_in_view(visit, minimal):
    """At 375 px a table of eight columns is wider than the screen: its row headers stay at the left and the
    outcome of the report's period at the right while the columns between scroll."""
    from test_figures import with_wide_table

    with_wide_table(minimal, "[budget, fg-år, utfall, förändring]", 2)
    assert run(minimal, "build", "--quiet", "--no-pdf") == 0
    server = serve(minimal / "site")
    try:
        seen = visit(f"http://127.0.0.1:{server.server_address[1]}/{SERIES}/2025-10/", VIEWPORTS["mobil"])
        wide = seen.page.evaluate("() => { const r = document.querySelector('.tabell-nyckeltal'); "
                                  "return r.scrollWidth > r.clientWidth; }")
        assert wide  # the table is wider than the screen, so the check means something
        assert tables_hiding_their_result(seen.page) == []
    finally:
        server.shutdown()
