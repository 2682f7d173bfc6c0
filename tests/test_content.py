"""The project's own content, checked the way every project's content is checked: it passes `rapport check`,
it builds, and every page and PDF of the built site passes the checks below, each failure naming its page.

These tests name no report, series or key figure: an editor's correct change to content/ or data/ never
breaks them, and a wrong one fails them with the page it is on. `test_added_reports_pass_the_content_tests`
proves it by adding a series and a month to a copy of the project and running these tests on the copy.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pdflayout
import pdfua
import pikepdf
import pytest
import yaml
from browser import VIEWPORTS, render_charts, serve, small_chart_texts, tables_hiding_their_result
from conftest import CONTENT_ROOT, REPO, copy_tooling, run
from htmlpage import parse
from siteurls import editors_links, offsite, urls

from builder.base.templating import OUTSIDE_LINKS

from builder.base import periods
from builder.read.load import load_series
from builder.base.problems import Problems

pytestmark = pytest.mark.content


def pages(site: Path) -> list[str]:
    """Every page of the built site, as its URL path ('' for the home page)."""
    found = [p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
             if not p.relative_to(site).as_posix().startswith(("assets/", "search/"))]
    return sorted("" if url == "." else f"{url}/" for url in found)


def test_the_content_passes_the_check(tmp_path, capsys):
    copy_tooling(tmp_path)
    shutil.copytree(CONTENT_ROOT / "content", tmp_path / "content")
    shutil.copytree(CONTENT_ROOT / "data", tmp_path / "data")
    assert run(tmp_path, "check") == 0, capsys.readouterr().err


def test_every_page_has_one_title(example_site):
    untitled = []
    for url in pages(example_site):
        page = parse(example_site / url / "index.html")
        h1 = [h.heading_text for h in page.find("article").find_all("h1")]
        title = page.find("title").text
        if len(h1) != 1 or not title.startswith(h1[0]):
            untitled.append(f"{url or '/'}: h1 {h1}, title '{title}'")
    assert untitled == []


def test_no_url_leaves_the_site(example_site):
    found = offsite(urls(example_site), None, editors_links(CONTENT_ROOT), frozenset(OUTSIDE_LINKS.values()))
    assert [f"{f.file}: {f.url} ({f.element})" for f in found] == []


def test_every_report_has_a_tagged_pdf_in_swedish_with_its_title(example_site):
    series_slugs = {p.name for p in (CONTENT_ROOT / "content").iterdir() if (p / "series.yml").is_file()}
    reports = [url for url in pages(example_site) if url.count("/") == 2 and url.split("/")[0] in series_slugs]
    assert reports, "the site has no report"
    wrong = []
    for url in reports:
        series, name = url.split("/")[:2]
        path = example_site / url / f"{series}-{name}.pdf"
        if not path.is_file():
            wrong.append(f"{url}: no PDF {path.name}")
            continue
        heading = parse(example_site / url / "index.html").find("article").find("h1").heading_text
        with pikepdf.open(path) as pdf:
            title = str(pdf.docinfo.get("/Title", ""))
            problems = ["not tagged" if "/StructTreeRoot" not in pdf.Root else "",
                        "not marked" if not pdf.Root.get("/MarkInfo", {}).get("/Marked", False) else "",
                        "not in Swedish" if str(pdf.Root.get("/Lang", "")) != "sv" else "",
                        f"titled '{title}', its page '{heading}'" if title != heading else ""]
        wrong += [f"{url}{path.name}: {p}" for p in problems if p]
    assert wrong == []


# A change written as a signed number where Swedish wants a verb: 'förändrats med +269', 'ökat med −0,3'.
SIGNED_AFTER_MED = re.compile(r"(förändr\w*\s+med\s*[+\u2212-]\s*\d|(?:ökat|minskat)\s+med\s*[+\u2212-])", re.IGNORECASE)


def test_every_pdf_passes_the_pdf_ua_validator_and_our_structure_checks(example_site):
    """page-validation's PDF/UA-1 rules, what it does not check (tests/pdfua.py), and no page that ends with a
    heading (tests/pdflayout.py), on every PDF built."""
    pdfs = pdfua.built_pdfs(example_site)
    assert pdfs
    failures = [line for path in pdfs for line in pdfua.validator_failures(path) + pdfua.structure_problems(path)
                + pdfua.small_text(path) + [f"{path.name}: sidan {page} slutar med en rubrik"
                                            for page in pdflayout.pages_ending_with_a_heading(path)]]
    assert failures == [], "\n".join(failures)


def test_no_change_is_written_as_a_signed_number_after_med(example_site):
    """In the text readers get (pages, chart descriptions, the search index and the PDFs), a change reads as
    Swedish ('har ökat med 269 mnkr'), never 'förändrats med +269 mnkr' or 'ökat med −0,3'."""
    texts = {page.relative_to(example_site).as_posix(): html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(
        encoding="utf-8"))) for page in example_site.rglob("*.html")}
    for index in example_site.glob("search/search_index.json"):
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        texts[index.name] = html.unescape(re.sub(r"<[^>]+>", " ", " ".join(d["title"] + " " + d["text"] for d in docs)))
    for pdf in example_site.rglob("*.pdf"):
        texts[pdf.relative_to(example_site).as_posix()] = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    texts = {name: " ".join(text.split()) for name, text in texts.items()}
    found = [f"{name}: …{text[max(0, m.start() - 40):m.end() + 10]}…" for name, text in texts.items()
             for m in SIGNED_AFTER_MED.finditer(text)]
    assert found == []


def one_of_each_kind(urls: list[str]) -> list[str]:
    """The pages made from different templates: all but the first of the pages under the same folder
    two levels down (the key figures' pages, a series' reports) are left out."""
    kept, seen = [], set()
    for url in urls:
        parent = url.rsplit("/", 2)[0] if url.count("/") >= 2 else None
        if parent is None or parent not in seen:
            kept.append(url)
            seen.add(parent)
    return kept


@pytest.fixture(scope="module")
def site_url(example_site):
    server = serve(example_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_every_page_in_a_browser(visit, site_url, example_site, viewport):
    """axe-core (WCAG 2.1 A and AA), no script error, nothing refused by the policy, nothing from another host;
    on a phone, every table shows its row headers and its result without sideways scrolling, and every page
    with charts shows their text at 11 px or more once they have turned interactive."""
    pytest.importorskip("playwright.sync_api")
    host = urlsplit(site_url).netloc
    failures = []
    everything = pages(example_site)
    with_charts = [url for url in everything if 'class="diagram-spec"' in (example_site / url / "index.html").read_text("utf-8")]
    chosen = everything if viewport == "dator" else sorted(set(one_of_each_kind(everything)) | set(with_charts))
    for url in chosen:
        seen = visit(site_url + url, VIEWPORTS[viewport])
        render_charts(seen.page)
        outside = [u for u in seen.requests if urlsplit(u).netloc != host and not u.startswith("data:")]
        hidden = tables_hiding_their_result(seen.page) if viewport == "mobil" else []
        for what, found in (("axe", seen.axe()), ("script errors", seen.errors), ("refused", seen.refused),
                            ("outside requests", outside), ("tables hiding their result", hidden),
                            ("chart text under 11 px", small_chart_texts(seen.page))):
            if found:
                failures.append(f"{url or '/'} ({viewport}): {what}: {found}")
        seen.close()
    assert failures == []


# The proof: adding reports to the content never breaks the tests -------------------------------------

ADDED_SERIES = "arsredovisning-test"


def test_added_reports_pass_the_content_tests(tmp_path):
    """A copy of the project gains a new annual-report series and one more report in an existing series
    (content only, no code), and the suite's content tests (marked `content`) pass on it."""
    if os.environ.get("RAPPORT_CONTENT_ROOT"):
        pytest.skip("already running on a copy")
    copy = tmp_path / "kopia"
    shutil.copytree(CONTENT_ROOT / "content", copy / "content")
    shutil.copytree(CONTENT_ROOT / "data", copy / "data")
    _add_annual_series(copy / "content")
    added = _add_next_report(copy / "content")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "content", "-p", "no:cacheprovider",
         "--deselect", f"{Path(__file__).relative_to(REPO)}::test_added_reports_pass_the_content_tests", "tests"],
        cwd=REPO, env={**os.environ, "RAPPORT_CONTENT_ROOT": str(copy)}, capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, f"added {added}:\n{result.stdout[-4000:]}"
    assert " passed" in result.stdout and "failed" not in result.stdout


def _add_annual_series(content: Path) -> None:
    series = content / ADDED_SERIES
    (series / "2024").mkdir(parents=True)
    (series / "series.yml").write_text(
        "titel: Årsredovisning\nrapportperiod: år\navsnitt:\n  - id: inledning\n    titel: Inledning\n", encoding="utf-8")
    (series / "2024/report.yml").write_text(
        "status: publicerad\npubliceringsdatum: 2025-03-31\navsnitt:\n  - inledning\n", encoding="utf-8")
    (series / "2024/inledning.md").write_text(
        "---\ntitel: Inledning\n---\nÅret i korthet, skrivet utan nyckeltal.\n", encoding="utf-8")


def _add_next_report(content: Path) -> str:
    """A report after the newest one of the first series that has reports: the same metadata, prose only."""
    for folder in sorted(p for p in content.iterdir() if (p / "series.yml").is_file()):
        series = load_series(folder, Problems(content.parent))
        if not series or not series.reports or series.kind == periods.FREE:
            continue
        newest = series.reports[0]
        name = newest.issue.following().written_as(series.kind)
        target = folder / name
        target.mkdir()
        metadata = yaml.safe_load((newest.folder / "report.yml").read_text(encoding="utf-8"))
        period = newest.period.rolled_forward(newest.issue.following().end.months_since(newest.issue.end))
        metadata.update(period=str(period), avsnitt=["lagesbild"], bilagor=[])
        (target / "report.yml").write_text(yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False), encoding="utf-8")
        (target / "lagesbild.md").write_text("---\ntitel: Lägesbild\n---\nEn kort lägesbild i ord.\n", encoding="utf-8")
        return f"{folder.name}/{name} and {ADDED_SERIES}/2024"
    pytest.skip("no series with reports to add one to")
