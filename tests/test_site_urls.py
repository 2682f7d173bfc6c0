"""Every URL the site writes stays on the site: read from every file the build writes, for a fixture project and
for the project's own content, with site_url unset, set to a bare host and set to a host with a path."""

from __future__ import annotations

import http.server
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import serve
from conftest import CONTENT_ROOT, copy_tooling, fixture_project, run
from siteurls import Found, editors_links, offsite, urls

from builder.base.templating import OUTSIDE_LINKS

SITE_URLS = {"utan": None, "värd": "https://rapporter.example.org/", "sökväg": "https://www.example.se/rapporter/"}


def with_site_url(root: Path, site_url: str | None) -> None:
    if site_url:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + f"site_url: {site_url}\n", encoding="utf-8")


def build_and_read(root: Path, site_url: str | None) -> tuple[list[Found], list[Found]]:
    """Build the project at `root` with `site_url`: (every URL in its site, the ones that leave it)."""
    with_site_url(root, site_url)
    assert run(root, "build", "--quiet") == 0
    found = urls(root / "site")
    return found, offsite(found, site_url, editors_links(root), frozenset(OUTSIDE_LINKS.values()))


def listing(broken: list[Found]) -> str:
    return "\n".join(f"{f.file}: {f.url} ({f.element})" for f in broken)


@pytest.mark.parametrize("setting", sorted(SITE_URLS))
def test_every_url_stays_on_the_site(tmp_path, setting):
    root = fixture_project("fjallregionen", tmp_path / "projekt")
    found, broken = build_and_read(root, SITE_URLS[setting])
    assert broken == [], listing(broken)
    assert len({f.file for f in found}) > 10
    # the PDFs are read too: with site_url the one of June 2024 links to the May report and to the attachment
    # there; without it such links are only their text (a relative link would not work in a downloaded PDF)
    from_pdf = [f.url for f in found if f.element == "pdf" and f.file == "styrelserapport/2024-06/styrelserapport-2024-06.pdf"]
    linked = SITE_URLS[setting] is not None
    assert any(url.endswith("2024-05/#ekonomi") for url in from_pdf) == linked
    assert any(url.endswith("2024-05/bilagor/verksamhetsplan.pdf") for url in from_pdf) == linked


@pytest.mark.content
@pytest.mark.parametrize("setting", sorted(SITE_URLS))
def test_every_url_of_the_content_stays_on_the_site(tmp_path, setting):
    root = tmp_path / "projekt"
    shutil.copytree(CONTENT_ROOT / "content", root / "content")
    shutil.copytree(CONTENT_ROOT / "data", root / "data")
    copy_tooling(root)
    _, broken = build_and_read(root, SITE_URLS[setting])
    assert broken == [], listing(broken)


def test_the_check_finds_an_offsite_url():
    """The rule fails on what the 404 page once wrote (a protocol-relative feed link), on file: URLs,
    on a path outside site_url's, on a relative path above the root, and on a stylesheet from elsewhere."""
    bad = [Found("404.html", "//feed.xml", "link"), Found("a/index.html", "file:///etc/passwd", "a"),
           Found("a/b.pdf", "file:///home/x/templates/rapport/", "pdf"), Found("404.html", "/annat/feed.xml", "link"),
           Found("a/index.html", "../../x/", "a"), Found("index.html", "https://cdn.example.org/x.css", "link"),
           Found("index.html", "https://www.digg.se/tdosanmalan", "link")]
    assert offsite(bad, "https://www.example.se/rapporter/", set(), frozenset(OUTSIDE_LINKS.values())) == bad
    good = [Found("404.html", "/rapporter/feed.xml", "link"), Found("a/index.html", "../b/", "a"),
            Found("index.html", "https://www.example.se/rapporter/a/", "link"),
            Found("index.html", "https://www.digg.se/tdosanmalan", "a"), Found("index.html", "mailto:x@example.org", "a")]
    assert offsite(good, "https://www.example.se/rapporter/", set(), frozenset(OUTSIDE_LINKS.values())) == []


def test_the_feed_link_of_the_404_page_stays_on_the_site(tmp_path, capsys):
    root = fixture_project("fjallregionen", tmp_path / "projekt")
    assert run(root, "build", "--no-pdf") == 0
    assert "site_url saknas i mkdocs.yml" in capsys.readouterr().err  # said once, with the fix
    page = (root / "site/404.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]* href="/feed.xml">', page)
    with_site_url(root, SITE_URLS["sökväg"])
    assert run(root, "build", "--no-pdf") == 0
    assert "site_url saknas" not in capsys.readouterr().err
    page = (root / "site/404.html").read_text(encoding="utf-8")
    assert 'href="/rapporter/feed.xml"' in page and 'href="/rapporter/assets/stylesheets/rapport.css"' in page


class _Published(http.server.SimpleHTTPRequestHandler):
    """A web host with the site under /rapporter/ that answers a missing page with the site's 404.html,
    as GitHub Pages and most hosts do."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        path = urlsplit(path).path
        inside = path.removeprefix("/rapporter")
        return super().translate_path(inside if inside != path else "/finns-inte-alls")

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_the_404_page_works_three_folders_down(tmp_path, visit):
    root = fixture_project("fjallregionen", tmp_path / "projekt")
    (root / "site").mkdir()
    server = serve(root / "site", _Published)
    host = f"127.0.0.1:{server.server_address[1]}"
    try:
        with_site_url(root, f"http://{host}/rapporter/")
        assert run(root, "build", "--quiet", "--no-pdf") == 0
        seen = visit(f"http://{host}/rapporter/a/b/c/finns-inte/")
        page = seen.page
        assert page.locator("h1").first.inner_text().strip() == "Sidan finns inte"  # in the site's language
        assert page.evaluate("() => document.querySelector('article a').href") == f"http://{host}/rapporter/"
        sheets = page.evaluate("() => [...document.styleSheets].filter(s => s.href).map(s => [s.href, s.cssRules.length])")
        assert len(sheets) >= 2 and all(rules > 0 for _, rules in sheets), sheets  # the theme's and the site's, loaded
        feed = page.evaluate("() => document.querySelector('link[type=\"application/atom+xml\"]').href")
        assert feed == f"http://{host}/rapporter/feed.xml"
        page.wait_for_function("() => performance.getEntriesByType('resource').some(r => r.name.includes('search_index'))")
        page.locator("input.md-search__input").click()
        page.keyboard.type("resor", delay=20)
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert [u for u in seen.requests if urlsplit(u).netloc != host] == []
        assert (seen.ran, seen.refused) == ([], [])
    finally:
        server.shutdown()
