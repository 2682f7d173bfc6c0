"""Shared fixtures: small projects written into temporary folders, and the example site built once."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from builder.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests/fixtures"


def copy_tooling(target: Path) -> None:
    """What every project folder needs besides content: templates and the MkDocs configuration."""
    shutil.copytree(REPO / "templates", target / "templates")
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")


def fixture_project(name: str, root: Path) -> Path:
    """A copy of the fixture project tests/fixtures/<name>/ at `root`, ready to check and build."""
    shutil.copytree(FIXTURES / name / "content", root / "content")
    shutil.copytree(FIXTURES / name / "data", root / "data")
    copy_tooling(root)
    return root


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


SERIES = "rapport-test"


def write_minimal_project(root: Path) -> Path:
    """A small, valid project: one series with one published report of two sections."""
    copy_tooling(root)
    write(root / "content/site.yml", """
        organisation: Region Norrbotten
        titel: Testrapporter
        tillganglighet:
          epost: test@example.org
          telefon: 0920-00 00 00
          bedomningsdatum: 2026-11-01
          metod: Automatiska tester.
    """)
    write(root / f"content/{SERIES}/series.yml", """
        titel: Testrapporten
        dokument_id_prefix: TEST
        galler_for: Region Norrbotten
        inledning: inledning
        avsnitt:
          - id: inledning
            titel: Inledning
          - id: ekonomi
            titel: Ekonomi
    """)
    write(root / f"content/{SERIES}/2025-10/report.yml", """
        period: 2025-01..2025-09
        version: "0.14"
        dokument_id: TEST-1
        publiceringsdatum: 2025-10-21
        ansvarig: Anna Andersson
        upprattad_av: Bertil Berg
        underskrift:
          namn: Anna Andersson
          titel: Regiondirektör
        status: publicerad
        avsnitt:
          - inledning
          - ekonomi
        bilagor:
          - titel: Månadsrapport september 2025
    """)
    write(root / f"content/{SERIES}/2025-10/inledning.md", """
        ---
        titel: Inledning
        ---
        Inledande text om månaden.
    """)
    write(root / f"content/{SERIES}/2025-10/ekonomi.md", """
        ---
        titel: Ekonomi
        ---
        Text om ekonomin.

        ## Periodens resultat

        Resultatet för perioden.
    """)
    return root


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return write_minimal_project(tmp_path / "projekt")


@pytest.fixture
def report_dir(minimal: Path) -> Path:
    return minimal / f"content/{SERIES}/2025-10"


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example content, built once with `rapport build`; returns site/."""
    root = tmp_path_factory.mktemp("exempel")
    copy_tooling(root)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "data", root / "data")
    assert run(root, "build", "--quiet") == 0
    return root / "site"


@pytest.fixture(scope="session")
def chromium_browser():
    pytest.importorskip("playwright.sync_api")
    from browser import launch

    manager, browser = launch()
    yield browser
    browser.close()
    manager.stop()


@pytest.fixture
def visit(chromium_browser):
    """visit(url, viewport) opens a page in a fresh context (browser.Visit); all are closed after the test."""
    from browser import VIEWPORTS, Visit

    opened = []

    def open_page(url, viewport=VIEWPORTS["dator"]):
        opened.append(Visit(chromium_browser, url, viewport))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()
