"""Many reports are loaded in several processes: the outcome is the one of loading them in order."""

from __future__ import annotations

import shutil

import pytest
from conftest import SERIES

from builder.base.problems import ContentError
from builder.base.project import Project
from builder.compute import pipeline
from builder.read import parallel

MONTHS = [f"{year}-{month:02d}" for year in (2024, 2025) for month in range(1, 13)][:21]


@pytest.fixture
def archive(minimal):
    """21 monthly reports, three of them with errors."""
    source = minimal / f"content/{SERIES}/2025-10"
    for month in MONTHS:
        folder = minimal / f"content/{SERIES}/{month}"
        shutil.copytree(source, folder)
        report = folder / "report.yml"
        report.write_text(report.read_text(encoding="utf-8").replace("2025-01..2025-09", month), encoding="utf-8")
    for month, text in (("2024-03", "Resultatet {okant-nyckeltal}.\n"), ("2024-11", "Se [avsnittet](#finns-inte).\n"),
                        ("2025-06", "{tabell okand}\n")):
        section = minimal / f"content/{SERIES}/{month}/ekonomi.md"
        section.write_text(section.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    return minimal


def outcome(root) -> tuple[list[str], list[str]]:
    shutil.rmtree(root / "build", ignore_errors=True)  # no model cache: every report is loaded
    try:
        prepared = pipeline.prepare(Project(root), include_drafts=True)
    except ContentError as error:
        return [str(p) for p in error.problems], []
    return [], [r.title for s in prepared.content.series for r in s.reports]


def test_reports_loaded_in_several_processes_are_those_loaded_in_order(archive, monkeypatch):
    forks = []
    get_context = parallel.multiprocessing.get_context
    monkeypatch.setattr(parallel.multiprocessing, "get_context", lambda method: forks.append(method) or get_context(method))
    in_order = outcome(archive)
    assert forks == ["fork"]  # the 22 reports were shared between processes
    assert len(in_order[0]) == 3, in_order[0]  # one error in each of three reports
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10_000)
    assert outcome(archive) == in_order  # one process
    assert forks == ["fork"]
    for months in ("2024-03", "2024-11", "2025-06"):
        (archive / f"content/{SERIES}/{months}/ekonomi.md").write_text("---\ntitel: Ekonomi\n---\nText.\n",
                                                                      encoding="utf-8")
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 4)
    problems, titles = outcome(archive)
    assert problems == [] and len(titles) == len(MONTHS) + 1
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10_000)
    assert outcome(archive) == (problems, titles)
