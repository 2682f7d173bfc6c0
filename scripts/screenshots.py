"""`make screenshots`: the home page, the newest report of the main series and the key-figure overview at
375, 768 and 1280 px wide, whole pages as a reader scrolls them, into skarmbilder/ (not committed).

Usage: python scripts/screenshots.py [SITE [FOLDER]]   (defaults: site, skarmbilder)
The site is served over HTTP, as on the web, and shown in the system's Chromium (Playwright's own where
there is none), with its scripts and charts."""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

WIDTHS = (375, 768, 1280)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def take(site: Path, folder: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    folder.mkdir(parents=True, exist_ok=True)
    taken = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or None)
            page = browser.new_page()
            page.goto(root)
            newest = page.locator("p.senaste-rubrik a").first.get_attribute("href")
            for name, address in (("startsida", ""), ("rapport", newest), ("nyckeltal", "nyckeltal/")):
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    page.goto(root + address, wait_until="networkidle")
                    path = folder / f"{name}-{width}.png"
                    page.screenshot(path=str(path), full_page=True)
                    taken.append(path)
            browser.close()
    finally:
        server.shutdown()
    return taken


if __name__ == "__main__":
    site, folder = (Path(a) for a in (sys.argv[1:] + ["site", "skarmbilder"][len(sys.argv[1:]):])[:2])
    if not (site / "index.html").is_file():
        sys.exit(f"{site}/index.html finns inte. Åtgärd: bygg webbplatsen först med make site.")
    pictures = take(site, folder)
    print(f"{len(pictures)} bilder i {folder}/: startsidan, den senaste rapporten och nyckeltalen, "
          f"{', '.join(str(w) for w in WIDTHS)} px breda")
