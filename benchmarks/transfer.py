"""What a reader's phone downloads: the home page and the newest report of the main series, opened in
Chromium at 375 px over HTTP, and then scrolled through to the end, as a reader would (the chart runtime loads
only when a chart comes near). Every response's body is counted as served, and as gzip would send it (what a
web server with compression sends; the project's own server does not compress).

Usage: python benchmarks/transfer.py [SITE]   (default: site)   Needs Playwright (the test dependencies)."""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import sys
import threading
from pathlib import Path

PHONE = {"width": 375, "height": 812}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure(site: Path) -> list[dict]:
    """Per page: its address, and the bytes (raw, gzip) and files on opening and after scrolling through."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    found = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or None)
            page = browser.new_page()
            page.goto(root)
            newest = page.locator("p.senaste-rubrik a").first.get_attribute("href")
            page.close()
            for name, address in (("Startsidan", ""), ("Den senaste rapporten", newest)):
                context = browser.new_context(viewport=PHONE)
                page = context.new_page()
                bodies: dict[str, bytes] = {}
                page.on("response", lambda r: bodies.setdefault(r.url, _body(r)))
                page.goto(root + address, wait_until="networkidle")
                opened = dict(bodies)
                height = page.evaluate("() => document.documentElement.scrollHeight")
                for y in range(0, height + PHONE["height"], PHONE["height"] // 2):
                    page.evaluate(f"() => window.scrollTo(0, {y})")
                    page.wait_for_timeout(150)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                found.append({"page": name, "address": address or "/", "opened": _sizes(opened),
                              "scrolled": _sizes(bodies), "runtime": any("vega-embed" in u for u in bodies)})
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return found


def _body(response) -> bytes:
    try:
        return response.body()
    except Exception:  # a response without a body (a redirect)
        return b""


def _sizes(bodies: dict[str, bytes]) -> tuple[int, int, int]:
    return (sum(map(len, bodies.values())), sum(len(gzip.compress(b, 6)) for b in bodies.values()), len(bodies))


def table(found: list[dict]) -> str:
    def kb(sizes: tuple[int, int, int]) -> str:
        return f"{sizes[0] / 1024:.0f} KB ({sizes[1] / 1024:.0f} KB with gzip), {sizes[2]} files"

    rows = [f"| {f['page']} (`{f['address']}`) | {kb(f['opened'])} | {kb(f['scrolled'])} |" for f in found]
    return "\n".join(["| Page | On opening | Scrolled to the end |", "|---|---|---|", *rows])


if __name__ == "__main__":
    print(table(measure(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))))
