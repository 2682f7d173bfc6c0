"""`rapport serve`: the preview shows drafts and picks up an edit without a restart."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import SERIES, run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        try:
            page = fetch(url)
            if text in page:
                return page
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds} s")


@pytest.fixture
def served(minimal):
    assert run(minimal, "new", SERIES, "2025-11") == 0
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "builder", "--root", str(minimal), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield minimal, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_shows_drafts_and_regenerates_on_change(served):
    root, url = served
    draft = wait_for(f"{url}{SERIES}/2025-11/", "Utkast")
    assert "utkast-banner" in draft
    section = root / f"content/{SERIES}/2025-10/inledning.md"
    section.write_text("---\ntitel: Inledning\n---\nEn alldeles ny mening om månaden.\n", encoding="utf-8")
    wait_for(f"{url}{SERIES}/2025-10/", "En alldeles ny mening om månaden.")


def test_serve_keeps_the_last_good_version_when_an_edit_has_errors(served):
    root, url = served
    wait_for(f"{url}{SERIES}/2025-10/", "Inledande text om månaden.")
    section = root / f"content/{SERIES}/2025-10/inledning.md"
    section.write_text("---\ntitel: Inledning\n---\nTrasig [länk](#finns-inte).\n", encoding="utf-8")
    time.sleep(2)  # give the watcher time to see the change and reject it
    assert "Inledande text om månaden." in fetch(f"{url}{SERIES}/2025-10/")
    section.write_text("---\ntitel: Inledning\n---\nRättad text.\n", encoding="utf-8")
    wait_for(f"{url}{SERIES}/2025-10/", "Rättad text.")
