"""The Atom feed lists the published reports, newest first, with links that lead to their pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import SERIES, run, write
from htmlpage import parse

A = "{http://www.w3.org/2005/Atom}"


def entries(site: Path) -> tuple[ET.Element, list[ET.Element]]:
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{A}feed"
    return feed, feed.findall(f"{A}entry")


def alternate(element: ET.Element) -> str:
    return next(link.get("href") for link in element.findall(f"{A}link") if link.get("rel") == "alternate")


def test_feed_lists_every_published_report_newest_first(example_site):
    feed, found = entries(example_site)
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{A}{required}") is not None, required
    titles = [e.findtext(f"{A}title") for e in found]
    assert titles == ["Regiondirektörens rapport oktober 2025", "Regiondirektörens rapport mars 2023",
                      "Mål och måluppfyllelse april 2022"]
    assert feed.findtext(f"{A}updated") == found[0].findtext(f"{A}updated")
    ids = [e.findtext(f"{A}id") for e in found]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids)
    for entry in found:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.findtext(f"{A}updated"))
        page = example_site / alternate(entry) / "index.html"
        assert parse(page).find("h1").heading_text == entry.findtext(f"{A}title")
        assert entry.findtext(f"{A}summary").startswith("Siffrorna avser ")
    pdfs = [link for e in found for link in e.findall(f"{A}link") if link.get("rel") == "enclosure"]
    assert pdfs and all((example_site / link.get("href")).stat().st_size == int(link.get("length")) for link in pdfs)


def test_home_page_offers_the_feed(example_site):
    home = parse(example_site / "index.html")
    assert any(link.attrs.get("type") == "application/atom+xml" and link.attrs.get("href", "").endswith("feed.xml")
               for link in home.find_all("link"))
    assert any(a.attrs.get("href") == "feed.xml" for a in home.find("article").find_all("a"))


def add_report(root: Path, month: str, status: str, published: str) -> None:
    folder = root / f"content/{SERIES}/{month}"
    template = (root / f"content/{SERIES}/2025-10/report.yml").read_text(encoding="utf-8")
    template = template.replace("status: publicerad", f"status: {status}")
    template = template.replace("publiceringsdatum: 2025-10-21", f"publiceringsdatum: {published}")
    write(folder / "report.yml", template.replace("period: 2025-01..2025-09", "period: 2025-01..2025-10"))
    for name in ("inledning.md", "ekonomi.md"):
        write(folder / name, (root / f"content/{SERIES}/2025-10/{name}").read_text(encoding="utf-8"))


def test_drafts_stay_out_of_the_feed_even_in_a_preview(minimal):
    add_report(minimal, "2025-11", "utkast", "2025-11-18")
    assert run(minimal, "build", "--quiet", "--no-pdf", "--drafts") == 0
    _, found = entries(minimal / "site")
    assert [e.findtext(f"{A}title") for e in found] == ["Testrapporten oktober 2025"]


def test_a_new_report_is_a_new_entry_and_old_ids_stay(minimal):
    assert run(minimal, "build", "--quiet", "--no-pdf") == 0
    _, before = entries(minimal / "site")
    add_report(minimal, "2025-11", "publicerad", "2025-11-18")
    assert run(minimal, "build", "--quiet", "--no-pdf") == 0
    feed, after = entries(minimal / "site")
    assert [e.findtext(f"{A}id") for e in after][1:] == [e.findtext(f"{A}id") for e in before]
    assert after[0].findtext(f"{A}updated") == feed.findtext(f"{A}updated") == "2025-11-18T00:00:00Z"


def test_links_are_absolute_with_site_url(minimal):
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://rapporter.example.org/\n",
                      encoding="utf-8")
    assert run(minimal, "build", "--quiet", "--no-pdf") == 0
    feed, found = entries(minimal / "site")
    self_link = next(link.get("href") for link in feed.findall(f"{A}link") if link.get("rel") == "self")
    assert self_link == "https://rapporter.example.org/feed.xml"
    assert alternate(found[0]) == f"https://rapporter.example.org/{SERIES}/2025-10/"


def test_site_url_is_read_from_a_configuration_with_tags(minimal):
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://example.org/rapporter/\n"
                      "extra_css_tagged: !ENV [RAPPORT_UNSET, x]\n", encoding="utf-8")
    from builder.project import Project
    assert Project(minimal).site_url == "https://example.org/rapporter/"
