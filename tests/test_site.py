"""The built site of the example content: paths, headings, table of contents, and no outside requests."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from htmlpage import parse

SERIES = "regiondirektorens-rapport"
# Every top-level section of the two example reports, in order, as the seeds have them.
SECTIONS = {
    "2023-03": [
        "Inledning", "Resultat februari 2023", "Aktuella händelser", "Avrapportering, pågående ärenden",
        "Information från verksamheten", "Hälso- och sjukvårdsnämnden", "Regionala utvecklingsnämnden", "Bilagor",
    ],
    "2025-10": [
        "Inledning", "Produktion och tillgänglighet", "Väsentliga personalförhållanden", "Ekonomi",
        "Aktuella händelser", "Avrapportering av pågående ärenden", "Information från verksamheten",
        "Analysrapporter", "Bilagor",
    ],
}


def test_pages_at_the_designed_paths(example_site):
    for path in [
        "index.html",
        f"{SERIES}/index.html",
        f"{SERIES}/2023-03/index.html",
        f"{SERIES}/2025-10/index.html",
        "tillganglighetsredogorelse/index.html",
    ]:
        assert (example_site / path).is_file(), path


@pytest.mark.parametrize("month", sorted(SECTIONS))
def test_report_sections_are_headings_and_in_the_table_of_contents(example_site, month):
    page = parse(example_site / f"{SERIES}/{month}/index.html")
    article = page.find("article")
    h2 = [h.heading_text for h in article.find_all("h2")]
    assert h2 == ["Vad är nytt sedan föregående rapport", *SECTIONS[month]]
    toc = page.find("nav", class_="md-nav--secondary")
    toc_links = {a.attrs["href"] for a in toc.find_all("a")}
    for heading in article.find_all("h2") + article.find_all("h3") + article.find_all("h4"):
        assert f"#{heading.attrs['id']}" in toc_links, heading.text


def test_report_page_carries_metadata_and_signature(example_site):
    page = parse(example_site / f"{SERIES}/2025-10/index.html")
    article = page.find("article")
    assert article.find("h1").heading_text == "Regiondirektörens rapport oktober 2025"
    info = {dt.text: dd.text for dt, dd in zip(article.find_all("dt"), article.find_all("dd"))}
    assert info == {
        "Gäller för verksamhet": "Region Norrbotten",
        "Dokument-ID": "ARBGRP870-1356963637-182",
        "Version": "0.14",
        "Publiceringsdatum": "ej publicerad",
        "Ansvarig": "Ulrika Sundquist",
        "Upprättad av": "Sophie Hedlund",
    }
    assert "Siffrorna avser januari–september 2025." in article.text
    signature = article.find("p", class_="underskrift").text
    assert "Ulrika Sundquist" in signature and "Regiondirektör" in signature
    attachments = [li.text for li in article.find("ol", class_="bilagor").find_all("li")]
    assert attachments == ["Månadsrapport september 2025", "Nulägesanalys patientsäkerhetsarbetet"]
    march = parse(example_site / f"{SERIES}/2023-03/index.html").find("article")
    assert "14 mars 2023" in march.text


def test_home_shows_the_latest_report_and_its_introduction(example_site):
    article = parse(example_site / "index.html").find("article")
    links = [a.attrs["href"] for a in article.find_all("a")]
    assert f"{SERIES}/2025-10/" in links
    assert f"{SERIES}/2023-03/" not in links
    assert "Kalix" in article.text  # the October 2025 introduction opens with the stroke unit in Kalix


def test_archive_lists_reports_newest_first(example_site):
    article = parse(example_site / f"{SERIES}/index.html").find("article")
    hrefs = [a.attrs["href"] for a in article.find("ul", class_="arkiv").find_all("a")]
    assert hrefs == ["2025-10/", "2023-03/"]


def test_accessibility_statement_from_configuration(example_site):
    article = parse(example_site / "tillganglighetsredogorelse/index.html").find("article")
    text = article.text
    assert "region@norrbotten.se" in text and "0920-28 40 00" in text
    assert "24 november 2026" in text  # bedomningsdatum in content/site.yml


def test_site_is_swedish_with_swedish_search(example_site):
    assert parse(example_site / "index.html").find("html").attrs["lang"] == "sv"
    index = json.loads((example_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["sv"]
    assert any("Kalix" in doc["text"] for doc in index["docs"])


RESOURCE_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src"}


def _resources(page) -> list[str]:
    found = []
    for element in page.iter():
        if element.tag == "link" and element.attrs.get("rel") not in ("canonical", "alternate"):
            found.append(element.attrs.get("href", ""))
        attr = RESOURCE_ATTRS.get(element.tag)
        if attr and attr in element.attrs:
            found.append(element.attrs[attr])
        if "srcset" in element.attrs:
            found += [part.split()[0] for part in element.attrs["srcset"].split(",") if part.strip()]
        if "style" in element.attrs:
            found += re.findall(r"url\(\s*['\"]?([^'\")]+)", element.attrs["style"])
    return found


def _is_outside(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme and parts.scheme != "data") or url.startswith("//")


def test_nothing_is_loaded_from_another_host(example_site):
    outside = []
    for path in example_site.rglob("*.html"):
        outside += [(path.relative_to(example_site), url) for url in _resources(parse(path)) if _is_outside(url)]
    for path in example_site.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text(encoding="utf-8"))
        urls += re.findall(r"@import\s+['\"]([^'\"]+)", path.read_text(encoding="utf-8"))
        outside += [(path.relative_to(example_site), url) for url in urls if _is_outside(url)]
    for path in example_site.rglob("*.js"):
        # scripts may name hosts in comments and strings; what matters is what they fetch
        text = path.read_text(encoding="utf-8", errors="replace")
        outside += [(path.relative_to(example_site), m) for m in re.findall(r"fetch\(\s*['\"](https?://[^'\"]+)", text)]
    assert outside == []


def test_every_internal_link_resolves(example_site):
    broken = []
    for path in example_site.rglob("*.html"):
        page = parse(path)
        ids_here = {e.attrs["id"] for e in page.iter() if "id" in e.attrs}
        base = path.relative_to(example_site).parent.as_posix()
        for a in page.find_all("a"):
            href = a.attrs.get("href", "")
            if not href or _is_outside(href) or href.startswith(("mailto:", "tel:")):
                continue
            target, _, anchor = href.partition("#")
            if not target:
                if anchor and anchor not in ids_here:
                    broken.append((str(path.relative_to(example_site)), href))
                continue
            resolved = Path(posixpath.normpath(posixpath.join("/", base, target)).lstrip("/"))
            file = example_site / resolved
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                broken.append((str(path.relative_to(example_site)), href))
            elif anchor and file.suffix == ".html":
                ids = {e.attrs["id"] for e in parse(file).iter() if "id" in e.attrs}
                if anchor not in ids:
                    broken.append((str(path.relative_to(example_site)), href))
    assert broken == []


def test_october_2025_key_figures_computed_from_data(example_site):
    article = parse(example_site / f"{SERIES}/2025-10/index.html").find("article")
    figures = {span.text for span in article.find_all("span", class_="nyckeltal")}
    for expected in ("\u2212595\u00a0mnkr", "7\u00a0422", "5,94\u00a0%", "+0,33\u00a0procentenheter"):
        assert expected in figures, expected  # rendered from a reference, not typed in the prose
    table = article.find("table", id="tabell-finansiella-nyckeltal")
    assert [th.text for th in table.find("thead").find_all("th")] == [
        "Nyckeltal", "Utfall helår 2024", "Mål 2025", "Utfall perioden 2025", "Prognos 2025",
    ]
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == 8
    cells = {row.find("th").text: [td.text for td in row.find_all("td")] for row in rows}
    assert cells["Soliditet, fullfondering"][:3] == ["16\u00a0%", "16\u00a0% eller högre", "13,3\u00a0%"]
    assert cells["Divisionernas budgetavvikelser"] == ["\u2212692\u00a0mnkr", "över 0\u00a0mnkr",
                                                     "\u2212501\u00a0mnkr", "\u2212675\u00a0mnkr"]
    assert table.find("caption").text == "Finansiella nyckeltal, jan–sep 2025"


def test_no_literal_numbers_left_where_figures_exist(example_site):
    """The prose of the figure sections carries its key figures as references, not typed numbers."""
    article = parse(example_site / f"{SERIES}/2025-10/index.html").find("article")
    text = article.text
    for typed in ("997 547", "7 422 anställda", "5,94 procent", "−595 mnkr"):
        assert typed not in text  # with a plain space, as an editor would type it
