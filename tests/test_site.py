"""The built site, on the fixture of another organisation (tests/fixtures/fjallregionen): paths, headings and
table of contents, report metadata, the home page and the framing from content/site.yml, key figures, and
no outside requests. Every expected value is the fixture's, written out here."""

from __future__ import annotations

import functools
import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import FIXTURES, OTHER_ORG, SERIES, fixture_project, run, write
from htmlpage import parse

SITE_TITLE = "Fjällregionens rapporter till förbundsstyrelsen"
WHATS_NEW = "Vad är nytt sedan föregående rapport"

# Every heading of each fixture report below its h1, in page order, as (level, text).
OUTLINES = {
    "styrelserapport/2024-05": [(2, "Inledning"), (2, WHATS_NEW), (2, "Ekonomi"), (2, "Verksamhet"), (2, "Bilagor")],
    "styrelserapport/2024-06": [(2, "Inledning"), (2, WHATS_NEW), (2, "Ekonomi"), (2, "Verksamhet"),
                                (3, "Personal"), (2, "Bilagor")],
    "delarsrapport/2024-T1": [(2, "Sammanfattning"), (2, WHATS_NEW), (2, "Bilagor")],
    "arsredovisning/2023": [(2, "Förvaltningsberättelse"), (2, WHATS_NEW), (2, "Mål och uppföljning"),
                            (2, "Bilagor")],
}


def outline(article) -> list[tuple[int, str]]:
    return [(int(h.tag[1]), h.heading_text) for h in article.iter() if h.tag in ("h2", "h3", "h4", "h5", "h6")]


def assert_headings_in_table_of_contents(page) -> None:
    toc_links = {a.attrs["href"] for a in page.find("nav", class_="md-nav--secondary").find_all("a")}
    article = page.find("article")
    for heading in article.iter():
        if heading.tag in ("h2", "h3", "h4", "h5", "h6"):
            assert f"#{heading.attrs['id']}" in toc_links, heading.heading_text


def document_info(article) -> dict[str, str]:
    return {dt.text: dd.text for dt, dd in zip(article.find_all("dt"), article.find_all("dd"))}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_pages_at_the_designed_paths(fixture_site):
    for path in [
        "index.html",
        "styrelserapport/index.html",
        "styrelserapport/2024-05/index.html",
        "styrelserapport/2024-06/index.html",
        "delarsrapport/index.html",
        "delarsrapport/2024-T1/index.html",
        "arsredovisning/index.html",
        "arsredovisning/2023/index.html",
        "tillganglighetsredogorelse/index.html",
    ]:
        assert (fixture_site / path).is_file(), path


@pytest.mark.parametrize("report", sorted(OUTLINES))
def test_report_sections_are_headings_and_in_the_table_of_contents(fixture_site, report):
    """Each section is an h2, a heading inside a section one level below it, all in the table of contents."""
    page = parse(fixture_site / report / "index.html")
    assert outline(page.find("article")) == OUTLINES[report]
    assert_headings_in_table_of_contents(page)


def test_a_heading_below_a_subheading_is_one_level_deeper_and_in_the_table_of_contents(minimal, report_dir):
    write(report_dir / "ekonomi.md", """
        ---
        titel: Ekonomi
        ---
        Text om ekonomin.

        ## Periodens resultat

        Resultatet för perioden.

        ### Verksamhetens resultat

        Verksamhetens del av resultatet.
    """)
    assert run(minimal, "build", "--quiet", "--no-pdf") == 0
    page = parse(minimal / "site" / SERIES / report_dir.name / "index.html")
    assert outline(page.find("article")) == [
        (2, "Inledning"), (2, WHATS_NEW), (2, "Ekonomi"), (3, "Periodens resultat"), (4, "Verksamhetens resultat"),
        (2, "Bilagor"),
    ]
    assert_headings_in_table_of_contents(page)


# Per report: title, period sentence, metadata list, signature (name, title) or None, attachments or None.
REPORT_PAGES = {
    "styrelserapport/2024-06": (
        "Rapport till förbundsstyrelsen juni 2024", "Siffrorna avser januari–maj 2024.",
        {"Till": "förbundsstyrelsen", "Sammanträde": "18 juni 2024", "Gäller för verksamhet": "Fjällregionen",
         "Dokument-ID": "FJR-2024-06",
         "Version": "1.0", "Publiceringsdatum": "11 juni 2024", "Ansvarig": "Karin Fjällström",
         "Upprättad av": "Olof Lidberg"},
        ("Karin Fjällström", "Förbundsdirektör"), ["Karta över trafikområdet"]),
    "styrelserapport/2024-05": (
        "Rapport till förbundsstyrelsen maj 2024", "Siffrorna avser januari–april 2024.",
        {"Till": "förbundsstyrelsen", "Gäller för verksamhet": "Fjällregionen", "Dokument-ID": "FJR-2024-05",
         "Version": "1.0", "Publiceringsdatum": "14 maj 2024", "Ansvarig": "Karin Fjällström",
         "Upprättad av": "Olof Lidberg"},
        ("Karin Fjällström", "Förbundsdirektör"), ["Verksamhetsplan 2024"]),
    # only the version is required, and the recipient is the site's
    "delarsrapport/2024-T1": (
        "Delårsrapport januari–april 2024", "Siffrorna avser januari–april 2024.",
        {"Till": "förbundsstyrelsen", "Version": "1.0", "Publiceringsdatum": "20 maj 2024"},
        None, None),
    # nothing is required, the recipient is the series' own, and there is no document id, version or people
    "arsredovisning/2023": (
        "Årsredovisning 2023", "Siffrorna avser 2023.",
        {"Till": "förbundsfullmäktige", "Publiceringsdatum": "28 mars 2024"},
        None, None),
}


@pytest.mark.parametrize("report", list(REPORT_PAGES))
def test_report_page_carries_metadata_and_signature(fixture_site, report):
    title, period, info, signature, attachments = REPORT_PAGES[report]
    article = parse(fixture_site / report / "index.html").find("article")
    assert article.find("h1").heading_text == title
    assert article.find("p", class_="rapport-period").text == period
    assert document_info(article) == info  # an optional field the report leaves empty is not shown
    signatures = article.find_all("p", class_="underskrift")
    if signature:
        name, role = signature
        assert [(s.find("span", class_="namn").text, s.find("span", class_="titel").text) for s in signatures] == [
            (name, role)]
    else:
        assert signatures == []
    if attachments:
        assert [li.text for li in article.find("ol", class_="bilagor").find_all("li")] == attachments
    else:
        assert article.find_all("ol", class_="bilagor") == []
        assert "Rapporten har inga bilagor." in article.text


def test_a_published_report_without_a_publication_date_is_an_error(minimal, report_dir, capsys):
    """A published report has its date ("ej publicerad" never reaches a public page); a draft in the preview
    says it is not published."""
    report_yml = report_dir / "report.yml"
    text = report_yml.read_text(encoding="utf-8")
    report_yml.write_text(text.replace("publiceringsdatum: 2025-10-21", "publiceringsdatum:"), encoding="utf-8")
    assert run(minimal, "build", "--quiet", "--no-pdf") == 1
    line = text.splitlines().index("publiceringsdatum: 2025-10-21") + 1
    error = capsys.readouterr().err
    assert f"content/{SERIES}/2025-10/report.yml:{line}: rapporten är publicerad men har inget publiceringsdatum" in error
    assert f"rapport publicera {SERIES} 2025-10" in error
    report_yml.write_text(text.replace("publiceringsdatum: 2025-10-21", "publiceringsdatum:")
                          .replace("status: publicerad", "status: utkast"), encoding="utf-8")
    assert run(minimal, "build", "--quiet", "--no-pdf", "--drafts") == 0
    article = parse(minimal / "site" / SERIES / report_dir.name / "index.html").find("article")
    assert document_info(article)["Publiceringsdatum"] == "ej publicerad"


def test_an_attachment_without_a_file_says_where_to_ask_for_it(minimal, report_dir):
    """The minimal report's attachment has no file: page and PDF say that it can be asked for from the
    organisation, and from `registratur` in content/site.yml where the site gives one."""
    note = "Månadsrapport september 2025: finns inte på webbplatsen. Den kan begäras från Testregionen"
    for registry, ending in (("", "."), ("registratur:\n  epost: diarium@example.org\n  telefon: 010-00 00 00\n",
                                         ", e-post diarium@example.org, telefon 010-00 00 00.")):
        settings = minimal / "content/site.yml"
        settings.write_text(settings.read_text(encoding="utf-8").split("registratur:")[0] + registry, encoding="utf-8")
        assert run(minimal, "build", "--quiet") == 0
        (item,) = parse(minimal / "site" / SERIES / report_dir.name / "index.html").find("ol", class_="bilagor").find_all("li")
        assert " ".join(item.text.split()) == note + ending
        assert [a.attrs["href"] for a in item.find_all("a")] == (["mailto:diarium@example.org"] if registry else [])
        pdf = subprocess.run(["pdftotext", str(minimal / f"site/{SERIES}/2025-10/{SERIES}-2025-10.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
        assert note + ending in " ".join(pdf.split())


def test_every_page_has_one_h1_and_no_skipped_heading_level(fixture_site):
    """Screen-reader users move by headings: each page of the site (the 404 page too) has one h1, and no heading
    is more than one level below the one before it."""
    wrong = []
    for page in sorted(fixture_site.rglob("*.html")):
        levels = [int(e.tag[1]) for e in parse(page).iter() if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        if levels.count(1) != 1 or skips:
            wrong.append(f"{page.relative_to(fixture_site)}: {levels.count(1)} h1, skips {skips}")
    assert wrong == []


def test_home_shows_the_latest_report_of_each_series_and_its_introduction(fixture_site):
    article = parse(fixture_site / "index.html").find("article")
    assert [h.attrs["id"] for h in article.find_all("h2")] == [
        "styrelserapport", "delarsrapport", "arsredovisning", "mer-om-siffrorna"]
    latest = [a.attrs["href"] for p in article.find_all("p", class_="senaste-rubrik") for a in p.find_all("a")]
    assert latest == ["styrelserapport/2024-06/", "delarsrapport/2024-T1/", "arsredovisning/2023/"]
    links = [a.attrs["href"] for a in article.find_all("a")]
    assert "styrelserapport/2024-05/" not in links
    text = re.sub(r"[ \t\n]+", " ", article.text)  # keeping the no-break spaces
    assert "Resultatet för januari till maj är 4,1\u00a0mnkr." in text  # the June introduction
    assert "Efter första tertialet är resultatet 3,2\u00a0mnkr" in text
    assert "Året slutade med ett resultat på 7,4\u00a0mnkr" in text


def test_home_shows_the_main_series_first_then_the_order_of_serier(tmp_path):
    root = fixture_project(OTHER_ORG, tmp_path / "projekt")
    site_yml = root / "content/site.yml"
    edit(site_yml, "serier: [styrelserapport, delarsrapport, arsredovisning]",
         "serier: [arsredovisning, styrelserapport, delarsrapport]")
    edit(site_yml, "huvudserie: styrelserapport", "huvudserie: delarsrapport")
    assert run(root, "build", "--quiet", "--no-pdf") == 0
    article = parse(root / "site/index.html").find("article")
    assert [h.attrs["id"] for h in article.find_all("h2")] == [
        "delarsrapport", "arsredovisning", "styrelserapport", "mer-om-siffrorna"]
    # the navigation keeps the order of serier: the main series is first on the home page only
    nav = parse(root / "site/tillganglighetsredogorelse/index.html").find("nav", class_="md-nav--primary")
    assert [a.attrs["href"] for a in nav.find_all("a") if a.attrs.get("href", "").endswith(("arsredovisning/",
            "styrelserapport/", "delarsrapport/"))] == ["../arsredovisning/", "../styrelserapport/", "../delarsrapport/"]


def test_framing_comes_from_site_yml(fixture_site):
    home = parse(fixture_site / "index.html")
    report = parse(fixture_site / "styrelserapport/2024-06/index.html")
    assert home.find("title").text.startswith(SITE_TITLE)
    assert report.find("title").text == f"Rapport till förbundsstyrelsen juni 2024 - {SITE_TITLE}"
    for page in (home, report):
        header = page.find("header")
        assert header.find("div", class_="md-header__topic").text.strip() == SITE_TITLE
        assert page.find("meta", name="description").attrs["content"] == (
            "Kommunalförbundet Fjällregionens rapporter om ekonomi, trafik och mål.")
    home_article = home.find("article")
    assert home_article.find("h1").heading_text == SITE_TITLE
    assert home_article.find("p", class_="ingress").text.startswith(
        "Här lägger Fjällregionen ut sina rapporter om busstrafiken i fjällen. ")
    # the logo, decorative next to the site title
    assert home.find("header").find("img").attrs == {"src": "assets/images/logotyp.png", "alt": ""}
    assert report.find("header").find("img").attrs == {"src": "../../assets/images/logotyp.png", "alt": ""}
    assert (fixture_site / "assets/images/logotyp.png").read_bytes() == (
        FIXTURES / OTHER_ORG / "content/logotyp.png").read_bytes()
    # the accent colour
    colours = (fixture_site / "assets/stylesheets/farger.css").read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #1d4a3b;" in colours
    assert "farger.css" in {link.attrs.get("href", "").rsplit("/", 1)[-1] for link in home.find_all("link")}


def test_archive_lists_reports_newest_first(fixture_site):
    article = parse(fixture_site / "styrelserapport/index.html").find("article")
    assert article.find("h1").heading_text == "Rapport till förbundsstyrelsen"
    assert article.find("p", class_="ingress").text == (
        "Förbundsdirektörens månatliga rapport om ekonomi och verksamhet.")
    links = [(a.attrs["href"], a.text) for a in article.find("ul", class_="arkiv").find_all("a")]
    assert links == [("2024-06/", "Rapport till förbundsstyrelsen juni 2024"),
                     ("2024-05/", "Rapport till förbundsstyrelsen maj 2024")]


def test_accessibility_statement_from_configuration(fixture_site):
    article = parse(fixture_site / "tillganglighetsredogorelse/index.html").find("article")
    text = article.text
    assert "tillganglighet@fjallregionen.example" in text and "0980-12 34 56" in text
    assert "1 juni 2024" in text  # bedomningsdatum in content/site.yml
    assert "Automatiska tester och granskning med tangentbord." in text
    assert "Webbplatsen är helt förenlig med lagen om tillgänglighet till digital offentlig service." in text


# The headings of Digg's model statement, in its order.
DIGG_HEADINGS = [
    (1, "Tillgänglighetsredogörelse"), (2, "Hur tillgänglig är webbplatsen?"),
    (2, "Vad kan du göra om du inte kan använda delar av webbplatsen?"),
    (2, "Rapportera brister i webbplatsens tillgänglighet"), (2, "Tillsyn"),
    (2, "Teknisk information om webbplatsens tillgänglighet"), (3, "Innehåll som inte är tillgängligt"),
    (4, "Bristande förenlighet med lagkraven"), (4, "Oskäligt betungande anpassning"),
    (4, "Innehåll som inte omfattas av lagstiftningen"), (2, "Hur vi testat webbplatsen"),
]


def test_the_accessibility_statement_follows_diggs_model(minimal):
    settings = minimal / "content/site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + """\
  forenlighet: delvis
  uppdaterad: 2026-11-15
  svarstid: två arbetsdagar
  kanda_brister:
    - Diagrammen saknar <ljudbeskrivning>.
  oskaligt_betungande:
    - Äldre inskannade bilagor.
  omfattas_inte:
    - Filmer publicerade före 2020.
""", encoding="utf-8")
    assert run(minimal, "build", "--quiet", "--no-pdf") == 0
    article = parse(minimal / "site/tillganglighetsredogorelse/index.html").find("article")
    headings = [(int(h.tag[1]), h.heading_text) for h in article.iter() if h.tag in ("h1", "h2", "h3", "h4")]
    assert headings == DIGG_HEADINGS
    text = " ".join(article.text.split())
    for said in ("Testregionen står bakom webbplatsen Testrapporter.", "Vi svarar normalt inom två arbetsdagar.",
                 "Webbplatsen är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av "
                 "de brister som beskrivs nedan.", "Diagrammen saknar <ljudbeskrivning>.", "Äldre inskannade bilagor.",
                 "Filmer publicerade före 2020.", "Den senaste bedömningen gjordes den 1 november 2026. Redogörelsen "
                 "uppdaterades senast den 15 november 2026."):
        assert said in text, said
    assert "https://www.digg.se/tdosanmalan" in [a.attrs.get("href") for a in article.find_all("a")]


def test_site_is_swedish_with_swedish_search(fixture_site):
    assert parse(fixture_site / "index.html").find("html").attrs["lang"] == "sv"
    index = json.loads((fixture_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["sv"]
    assert any("Våren har varit lugn." in doc["text"] for doc in index["docs"])


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


def test_nothing_is_loaded_from_another_host(fixture_site):
    outside = []
    for path in fixture_site.rglob("*.html"):
        outside += [(path.relative_to(fixture_site), url) for url in _resources(parse(path)) if _is_outside(url)]
    for path in fixture_site.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text(encoding="utf-8"))
        urls += re.findall(r"@import\s+['\"]([^'\"]+)", path.read_text(encoding="utf-8"))
        outside += [(path.relative_to(fixture_site), url) for url in urls if _is_outside(url)]
    for path in fixture_site.rglob("*.js"):
        # scripts may name hosts in comments and strings; what matters is what they fetch
        text = path.read_text(encoding="utf-8", errors="replace")
        outside += [(path.relative_to(fixture_site), m) for m in re.findall(r"fetch\(\s*['\"](https?://[^'\"]+)", text)]
    assert outside == []


def test_every_internal_link_resolves(fixture_site):
    broken = []
    for path in fixture_site.rglob("*.html"):
        page = parse(path)
        ids_here = {e.attrs["id"] for e in page.iter() if "id" in e.attrs}
        base = path.relative_to(fixture_site).parent.as_posix()
        for a in page.find_all("a"):
            href = a.attrs.get("href", "")
            if not href or _is_outside(href) or href.startswith(("mailto:", "tel:")):
                continue
            target, _, anchor = href.partition("#")
            if not target:
                if anchor and anchor not in ids_here:
                    broken.append((str(path.relative_to(fixture_site)), href))
                continue
            resolved = Path(posixpath.normpath(posixpath.join("/", base, target)).lstrip("/"))
            file = fixture_site / resolved
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                broken.append((str(path.relative_to(fixture_site)), href))
            elif anchor and file.suffix == ".html":
                ids = {e.attrs["id"] for e in parse(file).iter() if "id" in e.attrs}
                if anchor not in ids:
                    broken.append((str(path.relative_to(fixture_site)), href))
    assert broken == []


def test_key_figures_computed_from_data(fixture_site):
    article = parse(fixture_site / "styrelserapport/2024-06/index.html").find("article")
    figures = [(span.attrs["data-nyckeltal"], span.text) for span in article.find_all("span", class_="nyckeltal")]
    assert figures == [  # rendered from a reference in the prose, not typed in it
        ("resultat", "4,1\u00a0mnkr"), ("resultat", "+1,0\u00a0mnkr"), ("resor", "har ökat med 6,9\u00a0procent"), ("medarbetare", "215")]
    table = article.find("table", id="tabell-ekonomi-i-korthet")
    assert table.find("caption").text == "Ekonomi i korthet, jan–maj 2024"
    assert [th.text for th in table.find("thead").find_all("th")] == [
        "Nyckeltal", "Utfall jan–maj 2024", "Utfall jan–maj 2023", "Förändring mot jan–maj 2023"]
    cells = {row.find("th").text: [td.text for td in row.find_all("td")] for row in table.find("tbody").find_all("tr")}
    assert cells == {
        "Resultat": ["4,1\u00a0mnkr", "3,5\u00a0mnkr", "+0,6\u00a0mnkr"],
        "Medarbetare": ["215", "206", "+9"],
        "Resor": ["66\u00a0400", "62\u00a0100", "+4\u00a0300"],
    }
    annual = parse(fixture_site / "arsredovisning/2023/index.html").find("article")
    assert [(s.attrs["data-nyckeltal"], s.text) for s in annual.find_all("span", class_="nyckeltal")] == [
        ("resultat", "7,4\u00a0mnkr"), ("resor", "151\u00a0300")]
    table = annual.find("table", id="tabell-ekonomi-i-korthet")
    assert table.find("caption").text == "Ekonomi i korthet, helår 2023"
    assert [[td.text for td in row.find_all("td")] for row in table.find("tbody").find_all("tr")] == [
        ["7,4\u00a0mnkr", "6,1\u00a0mnkr", "+1,3\u00a0mnkr"], ["209", "201", "+8"],
        ["151\u00a0300", "140\u00a0800", "+10\u00a0500"]]


# The example content's framing (its content/site.yml and series.yml), written out: none of it may reach the
# site of another organisation, whose framing is its own.
EXAMPLE_FRAMING = ["Region Norrbotten", "Regiondirektörens rapport", "regionstyrelsen", "norrbotten.se",
                   "Mål och måluppfyllelse"]
TEXT_SUFFIXES = {".html", ".xml", ".json", ".csv", ".txt", ".css", ".js", ".svg"}


@functools.cache
def output_texts(site: Path) -> tuple[tuple[str, str], ...]:
    """Every text file of the built site, and the text of every PDF, by path."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix in TEXT_SUFFIXES:
            found.append((path.relative_to(site).as_posix(), path.read_text(encoding="utf-8", errors="replace")))
        elif path.suffix == ".pdf" and shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
            found.append((path.relative_to(site).as_posix(), text))
    return tuple(found)


@pytest.mark.parametrize("framing", EXAMPLE_FRAMING)
def test_no_framing_of_the_example_in_another_organisations_site(fixture_site, framing):
    texts = output_texts(fixture_site)
    assert len(texts) > 50  # the pages, feed, downloads, open data, search index and PDFs
    assert [path for path, text in texts if framing.casefold() in text.casefold()] == []
