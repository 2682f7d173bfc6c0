"""One build at a time, site/ replaced in one step, caches that a torn write cannot poison, and outputs that do
not depend on where the project lies."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import fixture_project, run
from siteurls import pdf_links

from builder.base import atomic

REPORT = "content/styrelserapport/2024-06"


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build_process(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "builder", "--root", str(root), "build", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return fixture_project("fjallregionen", tmp_path / "projekt")


def test_two_builds_at_once_take_turns_and_leave_a_whole_site(project, tmp_path):
    reference = fixture_project("fjallregionen", tmp_path / "referens")
    assert run(reference, "build", "--no-pdf", "--quiet") == 0
    first, second = build_process(project, "--no-pdf"), build_process(project, "--no-pdf")
    results = [p.communicate(timeout=300) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], results
    assert any(atomic.WAITING in err for _, err in results)  # the second said that it waits
    assert tree(project / "site") == tree(reference / "site")


def test_a_killed_build_leaves_a_whole_site(project):
    assert run(project, "build", "--quiet") == 0
    before = tree(project / "site")
    section = project / REPORT / "ekonomi.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nEn ny mening.\n", encoding="utf-8")
    for delay in (0.5, 1.5, 3.0):
        process = build_process(project)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = tree(project / "site")
        assert after == before or not set(before) - set(after), f"site/ was left incomplete after {delay} s"
    assert run(project, "build", "--quiet") == 0  # and the next build works
    assert "En ny mening." in (project / "site/styrelserapport/2024-06/index.html").read_text(encoding="utf-8")


def test_the_site_is_never_missing_while_it_is_replaced(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("0", encoding="utf-8")
    missing = []
    done = threading.Event()

    def watch():
        while not done.is_set():
            if not (site / "index.html").is_file():
                missing.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for n in range(1, 200):
            new = tmp_path / "site.new"
            new.mkdir()
            (new / "index.html").write_text(str(n), encoding="utf-8")
            atomic.replace_folder(new, site)
    finally:
        done.set()
        watcher.join()
    assert missing == [] and (site / "index.html").read_text(encoding="utf-8") == "199"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left beside it


def test_a_torn_cache_file_is_not_used(project, capsys):
    assert run(project, "build", "--quiet") == 0
    before = tree(project / "site")
    caches = [p for p in (project / "build/cache").rglob("*") if p.is_file()]
    assert {p.parent.name for p in caches} >= {"model", "diagram", "pdf"}
    for path in caches:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])  # as if a build had been killed while writing it
    assert run(project, "build", "--quiet") == 0
    assert tree(project / "site") == before


def test_cache_files_are_checked_on_read(tmp_path):
    path = tmp_path / "a.cache"
    atomic.store(path, b"data")
    assert atomic.fetch(path) == b"data"
    path.write_bytes(path.read_bytes().replace(b"data", b"dama"))
    assert atomic.fetch(path) is None and not path.exists()


def test_the_output_does_not_depend_on_where_the_project_lies(tmp_path):
    """A project with a link from one report to another and an image in prose, built in two folders of
    different depth, gives the same site, byte for byte, and no path of either folder appears in it."""
    first = fixture_project("fjallregionen", tmp_path / "a")
    second = fixture_project("fjallregionen", tmp_path / "en" / "helt" / "annan" / "mapp")
    for root in (first, second):
        assert run(root, "build", "--quiet") == 0
    assert tree(first / "site") == tree(second / "site")
    for path in (second / "site").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert str(tmp_path).encode() not in data, path
            if not path.relative_to(second / "site").as_posix().startswith("assets/"):  # the theme's code mentions file:
                assert b"file:/" not in data, path
    # Without site_url a link to another page of the site is only its text in the PDF: a relative link would
    # not work in a downloaded PDF (with site_url it is absolute, below).
    links = pdf_links(second / "site/styrelserapport/2024-06/styrelserapport-2024-06.pdf")
    assert not any("2024-05" in link for link in links), links


def test_with_site_url_the_pdf_links_to_the_published_site(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://www.example.se/rapporter/\n",
                      encoding="utf-8")
    assert run(project, "build", "--quiet") == 0
    links = pdf_links(project / "site/styrelserapport/2024-06/styrelserapport-2024-06.pdf")
    assert "https://www.example.se/rapporter/styrelserapport/2024-05/#ekonomi" in links
    assert "https://www.example.se/rapporter/styrelserapport/2024-05/bilagor/verksamhetsplan.pdf" in links


def test_the_publishing_workflow_gives_the_build_read_access_only():
    import yaml

    from conftest import REPO

    workflow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert not any("run" in step for step in jobs["deploy"]["steps"])  # the deploy job runs no content
    for name in ("publish.yml", "pull-request.yml"):
        text = yaml.safe_load((REPO / ".github/workflows" / name).read_text(encoding="utf-8"))
        checkouts = [s for job in text["jobs"].values() for s in job["steps"]
                     if str(s.get("uses", "")).startswith("actions/checkout")]
        assert checkouts and all(s["with"]["persist-credentials"] is False for s in checkouts), name
