"""The board PDF, read back: pages, footers, table of contents, bookmarks, tags, alt texts, fonts."""

from __future__ import annotations

import base64

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pdflayout
import pdfua
import pikepdf
import pytest
from conftest import SERIES, fixture_project, run
from test_figures import with_wide_table
from htmlpage import parse

from builder.render import pdf
from builder.base.problems import BuildError

# The fixture's reports (tests/fixtures/fjallregionen): two monthly reports, a tertial and an annual
# report, with the number of pages each PDF has.
NEW = "Vad är nytt sedan föregående rapport"  # after the introduction, as on the web page
REPORTS = {"styrelserapport/2024-05": 4, "styrelserapport/2024-06": 4, "delarsrapport/2024-T1": 4,
           "arsredovisning/2023": 4}


def pdf_path(site: Path, report: str) -> Path:
    """The PDF of `report` ('series/issue'): site/series/issue/series-issue.pdf."""
    series, issue = report.split("/")
    return site / f"{report}/{series}-{issue}.pdf"


def page_texts(path: Path) -> list[str]:
    """Each page's text, as poppler's pdftotext reads it."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def structure(document: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found, stack = [], [document.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append(node)
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(kids)
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
    return found


def outline_titles(document: pikepdf.Pdf) -> list[str]:
    titles = []
    with document.open_outline() as outline:
        stack = list(reversed(outline.root))
        while stack:
            item = stack.pop()
            titles.append(str(item.title))
            stack.extend(reversed(item.children))
    return titles


@pytest.mark.parametrize(("report", "name"), [
    ("styrelserapport/2024-05", "styrelserapport-2024-05.pdf"), ("styrelserapport/2024-06", "styrelserapport-2024-06.pdf"),
    ("delarsrapport/2024-T1", "delarsrapport-2024-T1.pdf"), ("arsredovisning/2023", "arsredovisning-2023.pdf"),
])
def test_pdf_is_linked_from_its_report_page(fixture_site, report, name):
    link = parse(fixture_site / f"{report}/index.html").find("p", class_="rapport-pdf").find("a")
    assert link.attrs["href"] == name
    assert (fixture_site / report / name).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_page_numbers_on_every_page_but_the_cover(fixture_site, report):
    pages = page_texts(pdf_path(fixture_site, report))
    assert len(pages) == REPORTS[report]
    assert "Sida" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert re.search(rf"Sida {number} \({len(pages)}\)\s*$", text.rstrip()), f"page {number}"


@pytest.mark.parametrize(("report", "titles"), [
    ("styrelserapport/2024-05", ["Inledning", NEW, "Ekonomi", "Verksamhet", "Bilagor"]),
    ("styrelserapport/2024-06", ["Inledning", NEW, "Ekonomi", "Verksamhet", "Personal", "Bilagor"]),
    ("delarsrapport/2024-T1", ["Sammanfattning", NEW, "Bilagor"]),
    ("arsredovisning/2023", ["Förvaltningsberättelse", NEW, "Mål och uppföljning", "Bilagor"]),
])
def test_table_of_contents_points_at_the_right_pages(fixture_site, report, titles):
    pages = page_texts(pdf_path(fixture_site, report))
    entries = re.findall(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", pages[1], flags=re.M)
    assert [title for title, _ in entries] == titles
    for title, number in entries:
        page = pages[int(number) - 1]
        body = page.split("\n", 2)[-1]  # below the running header, which repeats section titles
        assert re.search(rf"^\s*{re.escape(title)}\s*$", body, flags=re.M), f"'{title}' not on page {number}"


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_every_heading_is_a_bookmark(fixture_site, report):
    page = parse(fixture_site / f"{report}/index.html").find("article")
    headings = [h.heading_text for h in page.iter() if h.tag in ("h2", "h3", "h4", "h5", "h6")
                and h.attrs.get("id") != "vad-ar-nytt"]  # the site's comparison with the previous report only
    assert headings
    with pikepdf.open(pdf_path(fixture_site, report)) as document:
        bookmarks = outline_titles(document)
    missing = [h for h in headings if h not in bookmarks]
    assert missing == []


CHART_ALT = "Liggande stapeldiagram över resorna per linje från årets början."


@pytest.mark.parametrize(("report", "title", "h2", "tables", "headers", "alts"), [
    ("styrelserapport/2024-05", "Rapport till förbundsstyrelsen maj 2024", 6, 3, 18, [CHART_ALT]),
    ("styrelserapport/2024-06", "Rapport till förbundsstyrelsen juni 2024", 6, 3, 19,
     [CHART_ALT, "Karta över fjällen med förbundets två trafikområden"]),
    ("delarsrapport/2024-T1", "Delårsrapport januari–april 2024", 4, 4, 21, [CHART_ALT]),
    ("arsredovisning/2023", "Årsredovisning 2023", 5, 4, 20, [CHART_ALT]),
])
def test_tagged_with_language_title_alt_texts_and_table_headers(fixture_site, report, title, h2, tables, headers, alts):
    with pikepdf.open(pdf_path(fixture_site, report)) as document:
        assert str(document.Root.Lang) == "sv"
        assert bool(document.Root.MarkInfo.Marked)
        assert str(document.docinfo["/Title"]) == title
        with document.open_metadata() as xmp:
            assert "pdfuaid:part" in str(xmp) or xmp.get("pdfuaid:part") == "1"
        kinds = Counter(str(e.S) for e in structure(document))
        assert (kinds["/H1"], kinds["/H2"], kinds["/Table"], kinds["/TH"]) == (1, h2, tables, headers)
        figures = [e for e in structure(document) if str(e.S) == "/Figure"]
        assert [str(f.get("/Alt", "")) for f in figures] == alts


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_all_fonts_embedded(fixture_site, report):
    result = subprocess.run(["pdffonts", str(pdf_path(fixture_site, report))], capture_output=True, text=True, check=True)
    rows = result.stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)  # the 'emb' column
    assert all("Open-Sans" in row for row in rows)


def test_chart_labels_are_real_text(fixture_site):
    text = "\n".join(page_texts(pdf_path(fixture_site, "styrelserapport/2024-06"))).replace("\u00a0", " ")
    for label in ("Fjällexpressen", "Dalbussen", "39 000", "27 400", "Resor per linje"):
        assert label in text


def test_the_cover_identifies_the_document(fixture_site):
    """Organisation and logo, title, period, recipient, meeting, document id, version, publication date and
    who prepared it, read back from the PDF's first page."""
    path = pdf_path(fixture_site, "styrelserapport/2024-06")
    cover = " ".join(page_texts(path)[0].split())
    for shown in ("Fjällregionen", "Rapport till förbundsstyrelsen juni 2024", "Siffrorna avser januari–maj 2024",
                  "Till förbundsstyrelsen", "Sammanträde 18 juni 2024", "Dokument-ID FJR-2024-06", "Version 1.0",
                  "Publiceringsdatum 11 juni 2024", "Ansvarig Karin Fjällström", "Upprättad av Olof Lidberg"):
        assert shown in cover, shown
    with pikepdf.open(path) as document:  # the logo, painted as the cover's background (an artifact)
        assert any(str(x.get("/Subtype")) == "/Image" for x in document.pages[0].Resources.get("/XObject", {}).values()) \
            or "/Pattern" in document.pages[0].Resources
    assert "Karta över trafikområdet" in page_texts(path)[-1]


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_every_page_but_the_cover_names_its_document(fixture_site, report):
    """A page that comes loose can be traced: the title, the document id and version, and 'Sida N (M)'."""
    pages = page_texts(pdf_path(fixture_site, report))
    with pikepdf.open(pdf_path(fixture_site, report)) as document:
        title = str(document.docinfo["/Title"])
    for number, text in enumerate(pages[1:], start=2):
        flat = " ".join(text.split())
        assert flat.startswith(title) and f"Sida {number} ({len(pages)})" in flat, f"page {number}"
    ids = {"styrelserapport/2024-05": "FJR-2024-05", "styrelserapport/2024-06": "FJR-2024-06"}
    if report in ids:
        assert all(f"{title} · {ids[report]} · version" in " ".join(t.split()) for t in pages[1:])


def test_a_case_number_is_on_the_cover_on_every_page_and_on_the_web_page(minimal):
    """A series that files by diarienummer rather than document id: the cover, every page's foot and the page's
    document information carry it."""
    report = minimal / f"content/{SERIES}/2025-10/report.yml"
    report.write_text(report.read_text(encoding="utf-8").replace("dokument_id: TEST-1\n", "diarienummer: RS 2025/182\n"),
                      encoding="utf-8")
    series = minimal / f"content/{SERIES}/series.yml"
    series.write_text(series.read_text(encoding="utf-8").replace("[dokument_id, ", "[diarienummer, "), encoding="utf-8")
    assert run(minimal, "build", "--quiet") == 0
    pages = [" ".join(page.split()) for page in page_texts(minimal / f"site/{SERIES}/2025-10/{SERIES}-2025-10.pdf")]
    assert "Diarienummer RS 2025/182" in pages[0] and "Dokument-ID" not in pages[0]
    assert all("Testrapporten oktober 2025 · dnr RS 2025/182 · version 0.14" in page for page in pages[1:])
    info = parse(minimal / f"site/{SERIES}/2025-10/index.html").find("div", id="dokumentinformation")
    assert ("Diarienummer", "RS 2025/182") in [(d.find("dt").text, d.find("dd").text) for d in info.find_all("div")]


def test_sections_flow_on_and_chapters_start_a_page(fixture_site):
    """Without chapters the sections follow each other on a page; the annual report's chapters (`kapitel` in
    its series.yml) each start at the top of a page."""
    monthly = page_texts(pdf_path(fixture_site, "styrelserapport/2024-06"))
    assert any("Ekonomi" in page and "Verksamhet" in page for page in monthly[2:])
    annual = page_texts(pdf_path(fixture_site, "arsredovisning/2023"))
    for chapter in ("Förvaltningsberättelse", "Mål och uppföljning"):
        (page,) = [p for p in annual[2:] if re.search(rf"^\s*{chapter}\s*$", p.split("\n", 2)[-1], flags=re.M)]
        body = [line.strip() for line in page.split("\n")[1:] if line.strip()]
        assert body[0] == chapter, (chapter, body[:3])


def test_whats_new_follows_the_introduction(fixture_site):
    pages = page_texts(pdf_path(fixture_site, "styrelserapport/2024-06"))
    text = " ".join(" ".join(pages[2:]).split())
    assert text.index("Inledning") < text.index(NEW) < text.index("Ekonomi")
    assert "Jämfört med rapporten för maj 2024" in text


def test_a_draft_without_a_publication_date_prints_sensibly(minimal):
    report = minimal / f"content/{SERIES}/2025-10/report.yml"
    report.write_text(report.read_text(encoding="utf-8").replace("publiceringsdatum: 2025-10-21", "publiceringsdatum:")
                      .replace("status: publicerad", "status: utkast"), encoding="utf-8")
    assert run(minimal, "build", "--quiet", "--drafts") == 0
    pages = page_texts(minimal / f"site/{SERIES}/2025-10/{SERIES}-2025-10.pdf")
    assert "GÄLLER FÖR VERKSAMHET" in pages[0].upper() and "TEST-1" in pages[0]
    assert "ej publicerad" in pages[0]
    assert "Månadsrapport september 2025" in pages[-1] and "Bilagor" in pages[-1]


def test_a_missing_alt_text_fails_the_pdf(tmp_path):
    image = tmp_path / "bild.png"
    image.write_bytes(base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))
    url = f"{pdf.RESOURCES}bild.png"
    html = f'<html lang="sv"><head><title>t</title></head><body><h1>x</h1><img src="{url}"></body></html>'
    with pytest.raises(BuildError, match="has no required alt description"):
        pdf.render(pdf.PrintJob("prov", html, {url: str(image)}))


def test_the_pdf_reads_only_the_files_of_its_job(tmp_path):
    """WeasyPrint's own fetcher would read any file:// or http:// address; the job's fetcher refuses them."""
    secret = tmp_path / "hemlig.png"
    secret.write_bytes(b"not for the PDF")
    for source in (secret.as_uri(), "http://127.0.0.1:9/bild.png", f"{pdf.RESOURCES}annan.png"):
        html = f'<html lang="sv"><head><title>t</title></head><body><img src="{source}" alt="Bild"></body></html>'
        with pytest.raises(BuildError, match="hör inte till rapporten"):
            pdf.render(pdf.PrintJob("prov", html, {}))


def test_no_pdf_flag_skips_them_and_the_link(minimal):
    assert run(minimal, "build", "--quiet", "--no-pdf") == 0
    report = minimal / f"site/{SERIES}/2025-10"
    assert not list(report.glob("*.pdf"))
    assert not parse(report / "index.html").find_all("p", class_="rapport-pdf")


def test_pdfs_are_cached(minimal, capsys):
    cache = minimal / "build/cache/pdf"
    assert run(minimal, "build") == 0
    assert "1 av 1 PDF:er gjorda" in capsys.readouterr().out
    cached = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(cached) == 1
    assert run(minimal, "build") == 0
    assert "0 av 1 PDF:er gjorda" in capsys.readouterr().out  # nothing changed: from the cache
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == cached
    assert (minimal / f"site/{SERIES}/2025-10/{SERIES}-2025-10.pdf").is_file()


def test_a_long_table_repeats_its_header_on_every_page(minimal):
    rows = "\n".join(f"| Enhet {n:03d} | {n} |" for n in range(1, 121))
    (minimal / f"content/{SERIES}/2025-10/ekonomi.md").write_text(
        f"---\ntitel: Ekonomi\n---\nEn lång tabell.\n\n| Verksamhetsenhet | Antal besök |\n|---|--:|\n{rows}\n",
        encoding="utf-8")
    assert run(minimal, "build", "--quiet") == 0
    pages = page_texts(minimal / f"site/{SERIES}/2025-10/{SERIES}-2025-10.pdf")
    with_rows = [p for p in pages if "Enhet 0" in p or "Enhet 1" in p]
    assert len(with_rows) >= 3  # the table runs over several pages
    assert all("Verksamhetsenhet" in p and "Antal besök" in p for p in with_rows)
    assert all(len(re.findall(r"Enhet \d{3}", p)) >= 2 for p in with_rows)  # no page holds a lone row


@pytest.fixture(scope="module")
def handbook_site(tmp_path_factory) -> Path:
    """The guide's starting project (tests/fixtures/handbok) built with its PDFs; returns site/."""
    root = fixture_project("handbok", tmp_path_factory.mktemp("handbok-pdf") / "projekt")
    assert run(root, "build", "--quiet") == 0
    return root / "site"


@pytest.mark.parametrize("site", ["fixture_site", "handbook_site"])
def test_every_pdf_passes_the_pdf_ua_validator_and_our_structure_checks(site, request):
    """page-validation's PDF/UA-1 rules (the Matterhorn Protocol's machine checks), and what it does not
    check: lists, table headers, artifacts, link annotations (tests/pdfua.py)."""
    pdfs = pdfua.built_pdfs(request.getfixturevalue(site))
    assert pdfs
    failures = [line for path in pdfs for line in pdfua.validator_failures(path) + pdfua.structure_problems(path)
                + pdfua.small_text(path)]
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("site", ["fixture_site", "handbook_site"])
def test_no_page_ends_with_a_heading_and_only_chapter_ends_are_less_than_half_full(site, request):
    """Read back from each PDF: the last text of a page is never a heading's. Of the pages other than the cover,
    the contents and the last, those less than half full end a chapter (the next page starts one); at most two
    do not (a chart or table that did not fit below the text), and none in a series with chapters."""
    for path in pdfua.built_pdfs(request.getfixturevalue(site)):
        assert pdflayout.pages_ending_with_a_heading(path) == [], path.name
        chapters = CHAPTERS.get(path.parent.parent.name, ())
        loose = loose_pages(path, chapters)
        assert len(loose) <= (0 if chapters else 2), f"{path.name}: {loose}"


def loose_pages(path: Path, chapters: tuple[str, ...]) -> list[str]:
    """The pages between the contents and the last that are less than half full but end no chapter."""
    texts, fills = page_texts(path), pdflayout.fills(path)
    return [f"page {number} is {fills[number - 1]:.0%} full" for number in range(3, len(fills))
            if fills[number - 1] < 0.5 and body_lines(texts[number])[0] not in chapters]


def body_lines(page: str) -> list[str]:
    """A page's lines of text below its running head."""
    return [line.strip() for line in page.split("\n")[1:] if line.strip()]


LONG_SECTIONS = {"inledning": ("Inledning", 2), "ekonomi": ("Ekonomi", 7), "personal": ("Personal", 3),
                 "vard": ("Vård", 9), "miljo": ("Miljö", 4), "investeringar": ("Investeringar", 5)}


def test_a_long_report_breaks_pages_only_before_its_chapters(minimal):
    """Chapters of several sections and pages: each chapter starts a page, the sections inside it flow on, and
    only a chapter's last page may be less than half full."""
    chapters = ["ekonomi", "vard"]
    series = minimal / f"content/{SERIES}/series.yml"
    listing = "".join(f"\n  - id: {key}\n    titel: {title}" for key, (title, _) in LONG_SECTIONS.items())
    series.write_text(series.read_text(encoding="utf-8").split("avsnitt:")[0]
                      + f"kapitel: [{', '.join(chapters)}]\navsnitt:{listing}\n", encoding="utf-8")
    report = minimal / f"content/{SERIES}/2025-10"
    (report / "report.yml").write_text(re.sub(r"avsnitt:\n(  - .*\n)+", "avsnitt: [" + ", ".join(LONG_SECTIONS) + "]\n",
                                              (report / "report.yml").read_text(encoding="utf-8")), encoding="utf-8")
    sentence = "Verksamheten följde planen under perioden och kostnaderna låg nära budgeten för året. "
    for key, (title, paragraphs) in LONG_SECTIONS.items():
        text = "\n\n".join(f"Stycke {n} om {title.lower()}. " + sentence * (4 + n % 3) for n in range(paragraphs))
        (report / f"{key}.md").write_text(f"---\ntitel: {title}\n---\n{text}\n\n## Mer om {title.lower()}\n\n{text}\n",
                                          encoding="utf-8")
    assert run(minimal, "build", "--quiet") == 0
    path = minimal / f"site/{SERIES}/2025-10/{SERIES}-2025-10.pdf"
    pages = [body_lines(page) for page in page_texts(path)]
    headings = {LONG_SECTIONS[key][0] for key in chapters}
    starts = {title: number for number, lines in enumerate(pages) for title, _ in LONG_SECTIONS.values()
              if title in lines and number > 1}
    assert all(pages[starts[title]][0] == title for title in headings)
    flowing = [title for title, number in starts.items() if title not in headings and pages[number][0] != title]
    assert flowing, "every section started a page"
    assert len(pages) >= 6 and loose_pages(path, tuple(headings)) == []
    assert pdflayout.pages_ending_with_a_heading(path) == []


# The sections that fixtures' series declare as chapters (`kapitel`), by their headings.
CHAPTERS = {"arsredovisning": ("Förvaltningsberättelse", "Mål och uppföljning")}


def test_the_heading_check_sees_a_heading_at_the_end_of_a_page(tmp_path):
    html = ('<html lang="sv"><head><title>t</title></head><body><h1>Rubrik</h1><p>Text.</p><h2>Sist på sidan</h2>'
            '<p style="break-before: page">Nästa sida.</p></body></html>')
    path = tmp_path / "prov.pdf"
    path.write_bytes(pdf.render(pdf.PrintJob("prov", html)))
    assert pdflayout.pages_ending_with_a_heading(path) == [1]


def test_links_print_and_are_described_by_their_text(fixture_site):
    """A link annotation's description is the text the reader sees (WeasyPrint writes the target)."""
    with pikepdf.open(pdf_path(fixture_site, "styrelserapport/2024-05")) as document:
        annotations = [a for page in document.pages for a in page.get("/Annots", [])]
        contents = [str(a.Contents) for a in annotations]
        assert annotations and all(int(a.F) & pdfua.PRINT for a in annotations)
        headings = outline_titles(document)
        assert set(contents) & set(headings) and not any(c.startswith(("#", "http")) for c in contents), contents


def test_running_heads_and_page_numbers_are_artifacts(fixture_site):
    """WeasyPrint leaves the margin boxes' marked content outside the structure tree; the build makes it a
    pagination artifact, so that nothing on a page is neither tagged nor artifact."""
    with pikepdf.open(pdf_path(fixture_site, "styrelserapport/2024-05")) as document:
        page = document.pages[1]
        artifacts = [operands[1] for operands, operator in pikepdf.parse_content_stream(page)
                     if str(operator) == "BDC" and str(operands[0]) == "/Artifact"]
        assert any(str(a.get("/Type")) == "/Pagination" for a in artifacts)
    assert "Sida 2" in page_texts(pdf_path(fixture_site, "styrelserapport/2024-05"))[1]


def test_a_chapter_that_is_no_section_of_the_series_is_an_error(minimal, capsys):
    series = minimal / f"content/{SERIES}/series.yml"
    series.write_text(series.read_text(encoding="utf-8") + "kapitel: [ekonomi, ekonmi]\n", encoding="utf-8")
    capsys.readouterr()
    assert run(minimal, "check") == 1
    (line,) = [line for line in capsys.readouterr().err.splitlines() if "kapitlet" in line]
    assert line.startswith(f"content/{SERIES}/series.yml:") and "kapitlet 'ekonmi' är inget av seriens avsnitt" in line
    assert "inledning, ekonomi" in line


def test_the_guides_pictures_of_the_pdf_are_made_by_a_command(tmp_path):
    """`make pdf-bilder` (scripts/pdf-bilder.sh): the first three pages of a fixture report as PNG images."""
    from conftest import REPO

    rapport = Path(sys.executable).parent / "rapport"  # the command of the environment the tests run in
    subprocess.run(["sh", "scripts/pdf-bilder.sh", str(tmp_path)], cwd=REPO, check=True, capture_output=True,
                   env={**os.environ, "RAPPORT": str(rapport)})
    pictures = sorted(p.name for p in tmp_path.glob("*.png"))
    assert pictures == ["pdf-sida-1.png", "pdf-sida-2.png", "pdf-sida-3.png"]
    assert all((tmp_path / p).read_bytes().startswith(b"\x89PNG") for p in pictures)


def test_a_table_too_wide_for_the_page_gets_a_landscape_page(minimal):
    """Four comparisons over four years are sixteen columns of numbers: more than a portrait page holds at
    9 pt. The table's page is landscape, the others portrait, and none of its text leaves the page."""
    with_wide_table(minimal, "[utfall, fg-år, förändring, förändring-%]", 4,
                    "Text före tabellen.\n\n{tabell bred}\n\nText efter tabellen.\n")
    assert run(minimal, "build", "--quiet") == 0
    path = minimal / f"site/{SERIES}/2025-10/{SERIES}-2025-10.pdf"
    with pikepdf.open(path) as document:
        landscape = [float(p.mediabox[2]) > float(p.mediabox[3]) for p in document.pages]
    pages = page_texts(path)
    (number,) = [n for n, text in enumerate(pages) if "Resultatet, jan–sep 2025" in text]
    assert landscape[number] and sum(landscape) == 1
    assert "Text före tabellen." in pages[number - 1] and "Text efter tabellen." in pages[number + 1]
    assert pdflayout.words_outside_the_page(path) == []



def test_a_list_in_a_list_item_is_tagged_inside_the_item(minimal):
    """WeasyPrint tags a nested list beside its item; the finished PDF has it in the item's body, where a screen
    reader announces it as part of the item (L > LI > LBody > L)."""
    (minimal / f"content/{SERIES}/2025-10/ekonomi.md").write_text(
        "---\ntitel: Ekonomi\n---\n- Intäkterna\n    - skatter\n    - statsbidrag\n- Kostnaderna\n", encoding="utf-8")
    assert run(minimal, "build", "--quiet") == 0
    path = minimal / f"site/{SERIES}/2025-10/{SERIES}-2025-10.pdf"
    with pikepdf.open(path) as document:
        nested = [(str(parent["/S"]), str(parent["/P"]["/S"])) for element, parent in pdfua._elements(document)
                  if str(element["/S"]) == "/L" and parent is not None and str(parent["/S"]) in ("/L", "/LI", "/LBody")]
    assert nested == [("/LBody", "/LI")]
    assert pdfua.structure_problems(path) == []
