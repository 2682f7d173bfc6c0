"""The board PDF, read back: pages, footers, table of contents, bookmarks, tags, alt texts, fonts."""

from __future__ import annotations

import base64

import re
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from conftest import SERIES, run
from htmlpage import parse

from builder import pdf
from builder.problems import BuildError

MONTHS = ("2023-03", "2025-10")


def pdf_path(site: Path, month: str) -> Path:
    return site / f"regiondirektorens-rapport/{month}/regiondirektorens-rapport-{month}.pdf"


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


@pytest.mark.parametrize("month", MONTHS)
def test_pdf_is_linked_from_its_report_page(example_site, month):
    link = parse(example_site / f"regiondirektorens-rapport/{month}/index.html").find("p", class_="rapport-pdf").find("a")
    assert link.attrs["href"] == f"regiondirektorens-rapport-{month}.pdf"
    assert pdf_path(example_site, month).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("month", MONTHS)
def test_page_numbers_on_every_page_but_the_cover(example_site, month):
    pages = page_texts(pdf_path(example_site, month))
    assert len(pages) >= 10
    assert "Sida" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert re.search(rf"Sida {number} \({len(pages)}\)\s*$", text.rstrip()), f"page {number}"


@pytest.mark.parametrize("month", MONTHS)
def test_table_of_contents_points_at_the_right_pages(example_site, month):
    pages = page_texts(pdf_path(example_site, month))
    entries = re.findall(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", pages[1], flags=re.M)
    assert len(entries) >= 8
    for title, number in entries:
        page = pages[int(number) - 1]
        body = page.split("\n", 2)[-1]  # below the running header, which repeats section titles
        assert re.search(rf"^\s*{re.escape(title)}\s*$", body, flags=re.M), f"'{title}' not on page {number}"


@pytest.mark.parametrize("month", MONTHS)
def test_every_heading_is_a_bookmark(example_site, month):
    page = parse(example_site / f"regiondirektorens-rapport/{month}/index.html").find("article")
    headings = [h.heading_text for h in page.iter() if h.tag in ("h2", "h3", "h4", "h5", "h6")
                and h.attrs.get("id") != "vad-ar-nytt"]  # the site's comparison with the previous report only
    with pikepdf.open(pdf_path(example_site, month)) as document:
        bookmarks = outline_titles(document)
    missing = [h for h in headings if h not in bookmarks]
    assert missing == []


@pytest.mark.parametrize("month", MONTHS)
def test_tagged_with_language_title_alt_texts_and_table_headers(example_site, month):
    with pikepdf.open(pdf_path(example_site, month)) as document:
        assert str(document.Root.Lang) == "sv"
        assert bool(document.Root.MarkInfo.Marked)
        title = str(document.docinfo["/Title"])
        assert title.startswith("Regiondirektörens rapport ")
        with document.open_metadata() as xmp:
            assert "pdfuaid:part" in str(xmp) or xmp.get("pdfuaid:part") == "1"
        kinds = Counter(str(e.S) for e in structure(document))
        assert kinds["/H1"] == 1 and kinds["/H2"] >= 5 and kinds["/Table"] >= 4 and kinds["/TH"] >= 10
        figures = [e for e in structure(document) if str(e.S) == "/Figure"]
        assert len(figures) == 4
        assert all(len(str(f.get("/Alt", ""))) > 40 for f in figures)


@pytest.mark.parametrize("month", MONTHS)
def test_all_fonts_embedded(example_site, month):
    result = subprocess.run(["pdffonts", str(pdf_path(example_site, month))], capture_output=True, text=True, check=True)
    rows = result.stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)  # the 'emb' column
    assert all("Open-Sans" in row for row in rows)


def test_chart_labels_are_real_text(example_site):
    text = "\n".join(page_texts(pdf_path(example_site, "2025-10")))
    for label in ("+39 139", "−8 363", "primärvård", "Tillsvidareanställda", "Kort sjukfrånvaro"):
        assert label in text.replace("\u00a0", " ")


def test_document_header_block_and_attachments(example_site):
    pages = page_texts(pdf_path(example_site, "2025-10"))
    assert "GÄLLER FÖR VERKSAMHET" in pages[1].upper() and "ARBGRP870-1356963637-182" in pages[1]
    assert "ej publicerad" in pages[1]  # an empty publication date prints sensibly
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
