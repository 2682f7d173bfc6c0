"""A Content-Security-Policy on every page, so that text that got past escaping still cannot run.

The theme writes a placeholder meta element first in <head> (templates/theme/main.html); after MkDocs has
written the pages, `protect` fills it in. Scripts may only come from the site itself, and inline scripts only
by the hash of their text. Only the theme's own inline scripts get a hash: every inline script on a page
must be one that the theme's script partials write for that page's depth. Any other, which could only be
editor text that reached the page unescaped, fails the build.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from builder.problems import BuildError

PLACEHOLDER = 'content="rapport:csp"'

# style-src needs no 'unsafe-inline': the theme and the charts style elements through the CSSOM (allowed),
# and the chart runtime is told not to add <style> elements (see charts.py, embed options).
POLICY = (
    ("default-src", "'none'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),  # data: for the theme's icons in its stylesheet
    ("font-src", "'self'"),
    ("connect-src", "'self'"),  # the search index
    ("worker-src", "'self'"),  # the search worker
    ("manifest-src", "'self'"),
    ("form-action", "'self'"),
    ("base-uri", "'none'"),
)
_EXECUTABLE = {"", "text/javascript", "application/javascript", "module"}


def policy(hashes: list[str], live_reload: bool = False) -> str:
    """The policy text. The live preview's server adds an inline script of its own to every page it serves,
    different each time, so there inline scripts are allowed (a hash would switch 'unsafe-inline' off)."""
    directives = []
    for name, value in POLICY:
        if name == "script-src":
            value = f"{value} 'unsafe-inline'" if live_reload else " ".join([value, *(f"'{h}'" for h in hashes)])
        directives.append(f"{name} {value}")
    return "; ".join(directives)


def digest(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


class _Scripts(HTMLParser):
    """The text of every inline script that a browser would run, and the page's base URL from the theme's
    configuration (<script id="__config">)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inline: list[str] = []
        self.config = ""
        self._current: list[str] | None = None
        self._kind = ""

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            found = dict(attrs)
            self._kind = "config" if found.get("id") == "__config" else \
                "inline" if "src" not in found and (found.get("type") or "").strip().lower() in _EXECUTABLE else ""
            self._current = []

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            text = "".join(self._current)
            if self._kind == "inline":
                self.inline.append(text)
            elif self._kind == "config":
                self.config = text
            self._current = None


_SCRIPT_START = re.compile(r"<script(?=[\s/>])", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script(?=[\s/>])", re.IGNORECASE)


def inline_scripts(html: str) -> tuple[list[str], str | None]:
    """(the inline scripts a browser would run, the theme's base URL for the page).

    Only the script elements are parsed, each from its start tag to its end tag (as a browser's parser ends
    a script), which is many times faster than parsing whole pages and finds every script a browser runs."""
    parser = _Scripts()
    at = 0
    while found := _SCRIPT_START.search(html, at):
        end = _SCRIPT_END.search(html, found.end())
        stop = end.start() if end else len(html)
        parser.feed(html[found.start():stop] + "</script>")
        parser.reset()
        at = stop + 1
    parser.close()
    try:
        base = json.loads(parser.config)["base"] if parser.config else None
    except (ValueError, KeyError, TypeError):
        base = None
    return parser.inline, base


def protect(site_dir: Path, theme_scripts: Callable[[str], set[str]], live_reload: bool = False) -> None:
    """Fill in every page's policy. `theme_scripts(base_url)` gives the inline scripts the theme writes on a
    page with that base URL; an inline script that is not one of them fails the build."""
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        name = page.relative_to(site_dir).as_posix()
        if html.count(PLACEHOLDER) != 1:
            raise BuildError(f"{name}: sidan saknar platsen för Content-Security-Policy (se templates/theme/main.html)")
        scripts, base = inline_scripts(html)
        allowed = theme_scripts(base) if base is not None else set()
        for script in scripts:
            if script not in allowed:
                raise BuildError(f"{name}: sidan har ett skript som inte kommer från temat ({_start(script)}); "
                                 "en text ur content/ eller data/ kan ha hamnat på sidan utan att skyddas")
        hashes = list(dict.fromkeys(digest(s) for s in scripts))
        page.write_text(html.replace(PLACEHOLDER, f'content="{policy(hashes, live_reload)}"'), encoding="utf-8")


def _start(script: str) -> str:
    text = re.sub(r"\s+", " ", script).strip()
    return text[:60] + ("…" if len(text) > 60 else "")
