"""A real Chromium for tests: found on the PATH or named by the CHROMIUM environment variable."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def system_chromium() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def chromium() -> str:
    """The system Chromium, or else Playwright's own (as on GitHub's runners)."""
    found = system_chromium()
    if not found:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            found = playwright.chromium.executable_path
    assert found and Path(found).exists(), \
        "Chromium saknas: installera Debian-paketet chromium (make test gör det) eller sätt CHROMIUM"
    return found


def dump_dom(page: Path, profile: Path, budget_ms: int = 5000) -> str:
    """The page's DOM after its scripts ran (and `budget_ms` of virtual time passed)."""
    result = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout
