"""A Content-Security-Policy on every page, so that text that got past escaping still cannot run.

The theme writes a placeholder meta element first in <head> (templates/theme/main.html); after MkDocs has
written the pages, `protect` fills it in. Scripts may only come from the site itself, and inline scripts only
by the hash of their text. Only the theme's own inline scripts get a hash: every inline script on a page
must be one that the theme's script partials write for that page's depth. Any other, a script loaded from
anywhere but assets/javascripts/ (an attachment would pass 'self'), a meta refresh or a <base> could only
be editor text that reached the page unescaped, and fails the build.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from builder.base.problems import BuildError

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


@dataclass
class Scripts:
    """The script elements of a page."""

    inline: list[str] = field(default_factory=list)  # the text of every inline script a browser would run
    sources: list[str] = field(default_factory=list)  # the src of every other script
    base: str | None = None  # the theme's base URL for the page (from <script id="__config">)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found = Scripts()
        self.config = ""
        self._current: list[str] | None = None
        self._kind = ""

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            found = dict(attrs)
            executable = (found.get("type") or "").strip().lower() in _EXECUTABLE
            if "src" in found or "href" in found or "xlink:href" in found:
                self.found.sources.append(found.get("src") or found.get("href") or found.get("xlink:href") or "")
            self._kind = "config" if found.get("id") == "__config" else \
                "inline" if executable and "src" not in found else ""
            self._current = []

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            text = "".join(self._current)
            if self._kind == "inline":
                self.found.inline.append(text)
            elif self._kind == "config":
                self.config = text
            self._current = None


_SCRIPT_START = re.compile(r"<script(?=[\s/>])", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script(?=[\s/>])", re.IGNORECASE)


def scripts(html: str) -> Scripts:
    """The page's script elements. Only they are parsed, each from its start tag to its end tag (as a
    browser's parser ends a script), which is many times faster than parsing whole pages and finds every
    script a browser runs."""
    parser = _Parser()
    at = 0
    while found := _SCRIPT_START.search(html, at):
        end = _SCRIPT_END.search(html, found.end())
        stop = end.start() if end else len(html)
        parser.feed(html[found.start():stop] + "</script>")
        parser.reset()
        at = stop + 1
    parser.close()
    try:
        parser.found.base = json.loads(parser.config)["base"] if parser.config else None
    except (ValueError, KeyError, TypeError):
        pass
    return parser.found


# Scripts load from the theme's and the site's own folder of scripts, never from a file an editor put on the
# site (an attachment served as a script would pass 'self'). No page redirects or changes its base URL.
_OWN_SCRIPT = re.compile(r"(?:\.\./)*(?:\./)?(?:/[\w~-][\w.~-]*)*/?assets/javascripts/[\w.-]+\.js")
_FORBIDDEN = re.compile(r"<meta\b[^>]*http-equiv\s*=\s*[\"']?\s*refresh|<base\b", re.IGNORECASE)


def protect(site_dir: Path, theme_scripts: Callable[[str], set[str]], live_reload: bool = False) -> None:
    """Fill in every page's policy. `theme_scripts(base_url)` gives the inline scripts the theme writes on a
    page with that base URL. An inline script that is not one of them, a script loaded from anywhere but
    assets/javascripts/, a refresh or a <base> fails the build: only editor text that reached the page
    unescaped could have put them there."""
    for page in sorted(p for p in site_dir.rglob("*.html") if p.is_file()):
        html = page.read_text(encoding="utf-8")
        name = page.relative_to(site_dir).as_posix()
        at, head_end = html.find(PLACEHOLDER), html.find("</head>")
        if at < 0 or not 0 <= at < head_end:
            raise BuildError(f"{name}: sidan saknar platsen för Content-Security-Policy (se templates/theme/main.html)")
        found = scripts(html)
        allowed = theme_scripts(found.base) if found.base is not None else set()
        for script in found.inline:
            if script not in allowed:
                raise BuildError(f"{name}: sidan har ett skript som inte kommer från temat ({_start(script)}); "
                                 "en text ur content/ eller data/ kan ha hamnat på sidan utan att skyddas")
        for source in found.sources:
            if not _OWN_SCRIPT.fullmatch(source):
                raise BuildError(f"{name}: sidan läser ett skript från {_start(source)}, inte från webbplatsens "
                                 "assets/javascripts/; en text ur content/ eller data/ kan ha hamnat på sidan utan att skyddas")
        if forbidden := _FORBIDDEN.search(html):
            raise BuildError(f"{name}: sidan har {_start(forbidden.group(0))}…; en text ur content/ eller data/ kan ha "
                             "hamnat på sidan utan att skyddas")
        hashes = list(dict.fromkeys(digest(s) for s in found.inline))
        page.write_text(html[:at] + f'content="{policy(hashes, live_reload)}"' + html[at + len(PLACEHOLDER):],
                        encoding="utf-8")


def _start(script: str) -> str:
    text = re.sub(r"\s+", " ", script).strip()
    return text[:60] + ("…" if len(text) > 60 else "")
