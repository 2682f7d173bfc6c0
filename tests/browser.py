"""A real Chromium for tests, found on the PATH or named by the CHROMIUM environment variable, and the
site served to it over HTTP."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
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


# Pages in a real browser ----------------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
AXE = REPO / "node_modules/axe-core/axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"dator": {"width": 1280, "height": 900}, "mobil": {"width": 375, "height": 812}}
# Recorded before any script of the page runs: what the Content-Security-Policy refused, and any alert().
_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`.trim()));
window.__ran = [];
window.alert = window.confirm = window.prompt = (text) => { window.__ran.push(String(text)); };
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path, handler=_Quiet):
    """`folder` over HTTP on 127.0.0.1, on a free port, in a thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def launch():
    """(Playwright, a headless Chromium): the system's, as tests/browser.py finds it."""
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    return manager, manager.chromium.launch(executable_path=system_chromium(),
                                            args=[f for f in FLAGS if f != "--headless"])


class Visit:
    """A page opened in a fresh context, with every request, console error, refusal of the page's
    Content-Security-Policy and call of alert() recorded."""

    def __init__(self, browser, url: str, viewport: dict):
        self.context = browser.new_context(viewport=viewport, locale="sv-SE")
        self.context.add_init_script(_WATCH)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: self.dialogs.append(dialog.message) or dialog.dismiss())
        self.page.goto(url, wait_until="networkidle")

    @property
    def refused(self) -> list[str]:
        """What the Content-Security-Policy refused on the page so far."""
        return self.page.evaluate("() => window.__csp")

    @property
    def ran(self) -> list[str]:
        """Texts passed to alert(), confirm() or prompt(): script that should never have run."""
        return self.page.evaluate("() => window.__ran") + self.dialogs

    def axe(self) -> list[dict]:
        # Evaluated through the browser's debugging protocol: a <script> tag would be refused by the page's CSP.
        self.page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
        result = self.page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
        return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]

    def close(self):
        self.context.close()


# For each key-figure and goal table: whether its row header and its result (a key-figure table's outcome of the
# report's period, a goal table's status and outcome) lie inside the table's box as the page first shows it.
_TABLE_RESULTS = """() => [...document.querySelectorAll('article table[id^="tabell-"], article table[id^="styrmatt-"]')]
  .map(table => {
    const box = table.closest('.tabell-nyckeltal').getBoundingClientRect();
    const inside = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1; };
    const row = table.querySelector('tbody tr');
    const result = table.classList.contains('styrmatt') ? [row.querySelector('td.status'), row.querySelector('td.status + td')]
                                                         : [...row.querySelectorAll('.resultat')];
    return result.length && [row.querySelector('th'), ...result].every(e => e && inside(e)) ? null : table.id;
  }).filter(Boolean)"""


def tables_hiding_their_result(page) -> list[str]:
    """The ids of the tables whose row header or result column cannot be seen without scrolling sideways."""
    return page.evaluate(_TABLE_RESULTS)


def render_charts(page, timeout_ms: int = 15_000) -> int:
    """Scrolls to each chart, as a reader would, and waits until it has turned interactive (its runtime loads
    only when a chart comes near the screen). The number of charts."""
    figures = page.locator("figure.diagram").all()
    for figure in figures:
        figure.scroll_into_view_if_needed()
        figure.locator(".diagram-interaktiv svg").wait_for(timeout=timeout_ms)
    return len(figures)


# Each visible chart's texts as drawn: a text's first glyph box, scaled to the screen as its SVG is, against the
# glyph box of the same text set at 11 px in an SVG drawn at its own size. The computed font size would not do:
# it ignores the scaling of an SVG narrower on the screen than it was drawn.
_CHART_TEXT_SIZES = """() => {
  const reference = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  reference.setAttribute('width', '400'); reference.setAttribute('height', '100');
  document.body.append(reference);
  const found = [];
  for (const figure of document.querySelectorAll('figure.diagram'))
    for (const svg of [...figure.querySelectorAll('svg')].filter(s => s.checkVisibility()))
      for (const text of svg.querySelectorAll('text')) {
        if (!text.textContent.trim() || !text.getNumberOfChars()) continue;
        const copy = text.cloneNode(true);
        copy.removeAttribute('transform');
        copy.style.fontSize = '11px';
        reference.replaceChildren(copy);
        const matrix = text.getScreenCTM();
        const drawn = text.getExtentOfChar(0).height * Math.hypot(matrix.a, matrix.b);
        found.push([figure.id, text.textContent.trim(), 11 * drawn / copy.getExtentOfChar(0).height]);
      }
  reference.remove();
  return found;
}"""


def small_chart_texts(page, least: float = 11.0) -> list[str]:
    """The chart texts on the page drawn smaller than `least` CSS px, as 'figure: text (size px)'."""
    return [f"{figure}: {text!r} ({size:.1f} px)" for figure, text, size in page.evaluate(_CHART_TEXT_SIZES)
            if size < least - 0.05]
