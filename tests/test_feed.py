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


# Per entry, newest first: title, date, page, PDF, series, and how the summary begins (the period, then the
# introduction as plain text).
ENTRIES = [
    ("Rapport till förbundsstyrelsen juni 2024", "2024-06-11T00:00:00Z", "styrelserapport/2024-06/",
     "styrelserapport/2024-06/styrelserapport-2024-06.pdf", "styrelserapport",
     "Siffrorna avser januari–maj 2024. Resultatet för januari till maj är 4,1 mnkr"),
    ("Delårsrapport januari–april 2024", "2024-05-20T00:00:00Z", "delarsrapport/2024-T1/",
     "delarsrapport/2024-T1/delarsrapport-2024-T1.pdf", "delarsrapport",
     "Siffrorna avser januari–april 2024. Efter första tertialet är resultatet 3,2 mnkr"),
    ("Rapport till förbundsstyrelsen maj 2024", "2024-05-14T00:00:00Z", "styrelserapport/2024-05/",
     "styrelserapport/2024-05/styrelserapport-2024-05.pdf", "styrelserapport",
     "Siffrorna avser januari–april 2024. Våren har varit lugn."),
    ("Årsredovisning 2023", "2024-03-28T00:00:00Z", "arsredovisning/2023/",
     "arsredovisning/2023/arsredovisning-2023.pdf", "arsredovisning",
     "Siffrorna avser 2023. Året slutade med ett resultat på 7,4 mnkr"),
]


def test_feed_lists_every_published_report_newest_first(fixture_site):
    feed, found = entries(fixture_site)
    assert feed.findtext(f"{A}title") == "Fjällregionens rapporter till förbundsstyrelsen"
    assert feed.findtext(f"{A}subtitle") == "Nya rapporter från Fjällregionen"
    assert feed.find(f"{A}author").findtext(f"{A}name") == "Fjällregionen"
    assert feed.findtext(f"{A}updated") == "2024-06-11T00:00:00Z"  # the newest entry's
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", feed.findtext(f"{A}id"))
    ids = [e.findtext(f"{A}id") for e in found]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids)
    assert len(found) == len(ENTRIES)
    for entry, (title, updated, page, pdf, series, summary) in zip(found, ENTRIES):
        assert entry.findtext(f"{A}title") == title
        assert entry.findtext(f"{A}updated") == entry.findtext(f"{A}published") == updated
        assert alternate(entry) == page
        assert parse(fixture_site / page / "index.html").find("h1").heading_text == title
        assert entry.find(f"{A}category").get("term") == series
        assert entry.findtext(f"{A}summary").startswith(summary)
        (enclosure,) = [link for link in entry.findall(f"{A}link") if link.get("rel") == "enclosure"]
        assert enclosure.get("href") == pdf
        assert (fixture_site / pdf).stat().st_size == int(enclosure.get("length"))


def test_home_page_offers_the_feed(fixture_site):
    home = parse(fixture_site / "index.html")
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
    from builder.base.project import Project
    assert Project(minimal).site_url == "https://example.org/rapporter/"
