"""Shared fixtures: small projects written into temporary folders, the fixture project's site and the
example content's site, each built once.

Builder behaviour is tested on fixtures (tests/fixtures/, or projects written by the test), with literal
expected values. The example content in content/ and data/ is only checked the way every project's content
is (the tests marked `content`), so an editor's correct report never breaks a test.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from builder.commands.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests/fixtures"
# The project whose content the content tests check: this repository, or (for the test that adds reports
# to a copy of it) the folder named by RAPPORT_CONTENT_ROOT.
CONTENT_ROOT = Path(os.environ.get("RAPPORT_CONTENT_ROOT") or REPO)
OTHER_ORG = "fjallregionen"  # the fixture of an organisation that is not the example's


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
        organisation: Testregionen
        titel: Testrapporter
        beskrivning: Testregionens rapporter till testnämnden
        mottagare: testnämnden
        tillganglighet:
          epost: test@example.org
          telefon: 0920-00 00 00
          bedomningsdatum: 2026-11-01
          metod: Automatiska tester.
    """)
    write(root / f"content/{SERIES}/series.yml", """
        titel: Testrapporten
        obligatoriskt: [dokument_id, version, ansvarig, upprattad_av, underskrift]
        dokument_id_prefix: TEST
        galler_for: Testregionen
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
          titel: Direktör
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
    """The project's own content (CONTENT_ROOT), built once with `rapport build`; returns site/. Only the
    content tests use it, and they name no report, series or key figure of it."""
    root = tmp_path_factory.mktemp("exempel")
    copy_tooling(root)
    shutil.copytree(CONTENT_ROOT / "content", root / "content")
    shutil.copytree(CONTENT_ROOT / "data", root / "data")
    assert run(root, "build", "--quiet") == 0
    return root / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture of another organisation (tests/fixtures/fjallregionen), built once with `rapport build`;
    returns site/. Tests must not change it: copy it with fixture_project() to change something."""
    root = fixture_project(OTHER_ORG, tmp_path_factory.mktemp("fjallregionen") / "projekt")
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
