"""The Content-Security-Policy on every page: first in <head>, scripts only from the site and the theme's own
inline scripts by hash, so that a text that got past escaping cannot run."""

from __future__ import annotations

import re

import pytest
from browser import render_charts, serve
from conftest import fixture_project, run, write
from htmlpage import parse

from builder.render import csp


def policy_of(page) -> dict[str, list[str]]:
    head = page.find("head")
    first = next(e for e in head.children if not isinstance(e, str))
    assert first.tag == "meta" and first.attrs.get("http-equiv") == "Content-Security-Policy"
    return {d.split()[0]: d.split()[1:] for d in first.attrs["content"].split(";") if d.strip()}


def test_every_page_has_a_policy_without_inline_script(fixture_site):
    pages = sorted(fixture_site.rglob("*.html"))
    assert len(pages) > 8
    for path in pages:
        html = path.read_text(encoding="utf-8")
        policy = policy_of(parse(path))
        scripts = policy["script-src"]
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, path
        assert policy["default-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
        assert "'unsafe-inline'" not in policy["style-src"]
        inline = csp.scripts(html).inline
        assert inline, path  # the theme has inline scripts on every page …
        assert {f"'{csp.digest(s)}'" for s in inline} == {s for s in scripts if s.startswith("'sha256-")}, path


def test_an_inline_script_the_theme_does_not_write_fails_the_build(tmp_path, capsys):
    """As if a text had reached a page unescaped: the build refuses to give it a hash, and site/ stays."""
    root = fixture_project("fjallregionen", tmp_path / "projekt")
    assert run(root, "build", "--quiet", "--no-pdf") == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    write(root / "templates/theme/main.html", (root / "templates/theme/main.html").read_text(encoding="utf-8")
          + "{% block announce %}<script>alert('inskjutet')</script>{% endblock %}\n")
    capsys.readouterr()
    assert run(root, "build", "--quiet", "--no-pdf") == 1
    err = capsys.readouterr().err
    assert "sidan har ett skript som inte kommer från temat (alert('inskjutet'))" in err
    assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("markup, message", [
    ('<script src="../../styrelserapport/2024-05/bilagor/verksamhetsplan.pdf"></script>',
     "sidan läser ett skript från ../../styrelserapport/2024-05/bilagor/verksamhetsplan.pdf"),
    ('<meta http-equiv="refresh" content="0;url=https://example.org/">', "sidan har <meta http-equiv=\"refresh"),
    ('<base href="https://example.org/">', "sidan har <base"),
])
def test_a_script_from_a_published_file_a_refresh_or_a_base_fails_the_build(tmp_path, capsys, markup, message):
    """'self' would let an attachment run as a script; a refresh needs no script at all. Only text that got
    past escaping could put them on a page, so the build stops."""
    root = fixture_project("fjallregionen", tmp_path / "projekt")
    write(root / "templates/theme/main.html", (root / "templates/theme/main.html").read_text(encoding="utf-8")
          + "{% block announce %}" + markup + "{% endblock %}\n")
    capsys.readouterr()
    assert run(root, "build", "--quiet", "--no-pdf") == 1
    assert message in capsys.readouterr().err


def test_a_missed_escape_cannot_run(fixture_site, tmp_path, visit):
    """An event handler and a script element put into a built page (a missed escape) are refused by the policy."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    page = site / "styrelserapport/2024-06/index.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace("<article", '<img src="x" onerror="alert(1)"><script>alert(2)</script>'
                                     '<a id="prov" href="javascript:alert(3)">x</a><article', 1)
    page.write_text(html, encoding="utf-8")
    server = serve(site)
    try:
        seen = visit(f"http://127.0.0.1:{server.server_address[1]}/styrelserapport/2024-06/")
        seen.page.click("#prov")
        seen.page.wait_for_timeout(200)
        assert seen.ran == []
        refused = " ".join(seen.refused)
        assert refused.count("script-src") >= 3, seen.refused  # the handler, the script and the link
    finally:
        server.shutdown()


def test_charts_turn_interactive_and_search_works_under_the_policy(fixture_site, visit):
    server = serve(fixture_site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        for url in ("", "styrelserapport/2024-06/", "nyckeltal/resor/"):
            seen = visit(base + url)
            figures = render_charts(seen.page)  # scrolled to each: the runtime loads when a chart comes near
            assert figures > 0
            assert seen.page.locator(".diagram-bild[hidden]").count() == figures  # the pictures replaced
            assert (seen.refused, seen.errors) == ([], []), url
        seen = visit(base)
        seen.page.wait_for_function("() => performance.getEntriesByType('resource').some(r => r.name.includes('search_index'))")
        seen.page.locator("input.md-search__input").click()
        seen.page.keyboard.type("resor", delay=20)
        seen.page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert seen.refused == []
    finally:
        server.shutdown()


def test_the_policy_text():
    text = csp.policy(["sha256-abc"])
    assert re.search(r"script-src 'self' 'sha256-abc'(;|$)", text)
    assert "unsafe" not in text
    assert "script-src 'self' 'unsafe-inline'" in csp.policy(["sha256-abc"], live_reload=True)
