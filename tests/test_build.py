"""`rapport build`: drafts, escaping of editor HTML, and the atomic build."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SERIES, fixture_project, run, write
from htmlpage import parse


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def add_draft(root: Path) -> None:
    assert run(root, "new", SERIES, "2025-11") == 0


def test_build_leaves_drafts_out(minimal):
    add_draft(minimal)
    assert run(minimal, "build", "--quiet") == 0
    site = minimal / "site"
    assert (site / f"{SERIES}/2025-10/index.html").is_file()
    assert not (site / f"{SERIES}/2025-11").exists()
    archive = parse(site / f"{SERIES}/index.html")
    assert [a.attrs["href"] for a in archive.find("ul", class_="arkiv").find_all("a")] == ["2025-10/"]
    assert "Utkast" not in (site / "index.html").read_text(encoding="utf-8")


def test_build_with_drafts_shows_them_with_a_banner(minimal):
    add_draft(minimal)
    assert run(minimal, "build", "--drafts", "--quiet") == 0
    site = minimal / "site"
    page = parse(site / f"{SERIES}/2025-11/index.html")
    banner = page.find("div", class_="utkast-banner")
    assert banner.text.strip().startswith("Utkast")
    assert banner.attrs["role"] == "note"
    archive = parse(site / f"{SERIES}/index.html")
    items = archive.find("ul", class_="arkiv").find_all("li")
    assert [li.find("a").attrs["href"] for li in items] == ["2025-11/", "2025-10/"]
    assert items[0].find("span", class_="utkast-etikett").text == "Utkast"
    # the published report carries no banner
    assert not parse(site / f"{SERIES}/2025-10/index.html").find_all("div", class_="utkast-banner")


def test_failed_build_leaves_the_previous_site_as_it_was(minimal, report_dir, capsys):
    assert run(minimal, "build", "--quiet") == 0
    before = tree_digest(minimal / "site")
    write(report_dir / "ekonomi.md", "---\ntitel: Ekonomi\n---\nNy text med [fel länk](#finns-inte).\n")
    assert run(minimal, "build", "--quiet") == 1
    assert "länken '#finns-inte' pekar på en rubrik som inte finns" in capsys.readouterr().err
    assert tree_digest(minimal / "site") == before


def test_failed_site_build_leaves_the_previous_site_as_it_was(minimal, capsys):
    """A failure inside MkDocs (here a theme override that does not parse) must not touch site/ either."""
    assert run(minimal, "build", "--quiet") == 0
    before = tree_digest(minimal / "site")
    write(minimal / "templates/theme/main.html", "{% extends 'base.html' %}{% block content %}{{ oops( }}{% endblock %}")
    assert run(minimal, "build", "--quiet") == 1
    assert "Webbplatsen i site/ är oförändrad." in capsys.readouterr().err
    assert tree_digest(minimal / "site") == before
    assert not (minimal / "build/site.new").exists()


def test_editor_html_is_escaped_not_run(minimal, report_dir):
    write(report_dir / "inledning.md", """
        ---
        titel: Inledning
        ---
        Text <script>alert('x')</script> och <img src=x onerror=alert(1)>.

        <iframe src="https://example.org"></iframe>
    """)
    assert run(minimal, "build", "--quiet") == 0
    page = parse(minimal / f"site/{SERIES}/2025-10/index.html")
    article = page.find("article")
    assert not article.find_all("script") and not article.find_all("iframe")
    assert not [img for img in article.find_all("img") if "onerror" in img.attrs]
    assert "<script>alert('x')</script>" in article.text  # shown as text


def test_build_prints_progress_and_how_to_view(minimal, capsys):
    assert run(minimal, "build") == 0
    out = capsys.readouterr().out
    assert "[1/3] Läser och kontrollerar innehållet" in out
    assert "[3/3] Bygger webbplatsen med MkDocs" in out
    assert "python3 -m http.server --directory site" in out


def test_console_script_and_module_both_work(minimal):
    for command in ([str(Path(sys.executable).parent / "rapport")], [sys.executable, "-m", "builder"]):
        result = subprocess.run([*command, "--root", str(minimal), "check"], capture_output=True, text=True, cwd=REPO)
        assert result.returncode == 0, result.stderr
        assert "Inga fel" in result.stdout


def test_every_command_has_help():
    for command in ([], ["check"], ["build"], ["new"], ["serve"]):
        result = subprocess.run([sys.executable, "-m", "builder", *command, "--help"], capture_output=True, text=True)
        assert result.returncode == 0
        assert result.stdout.startswith("usage: rapport")


def test_template_error_names_the_template_and_leaves_the_site(minimal, capsys):
    assert run(minimal, "build", "--quiet") == 0
    before = tree_digest(minimal / "site")
    template = minimal / "templates/pages/report.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{{ oops( }}\n", encoding="utf-8")
    assert run(minimal, "build", "--quiet") == 1
    err = capsys.readouterr().err
    assert err.startswith("templates/pages/report.md.j2:") and "fel i en mall" in err
    assert tree_digest(minimal / "site") == before


def test_search_worker_patch_is_loud_when_material_changes(tmp_path):
    """The site's search stems Swedish queries by patching Material's worker; a changed worker fails the build."""
    from builder.base.problems import BuildError
    from builder.render.site import stem_search_queries

    workers = tmp_path / "assets/javascripts/workers"
    workers.mkdir(parents=True)
    (workers / "search.abc.min.js").write_text("function ue(){return 'a new Material'}", encoding="utf-8")
    with pytest.raises(BuildError, match="Materials sökning har ändrats"):
        stem_search_queries(tmp_path)


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path):
    """Nothing in site/ depends on the clock or the machine: the same content gives the same bytes."""
    trees = []
    for name in ("ett", "två"):
        root = fixture_project("fjallregionen", tmp_path / name)
        assert run(root, "build", "--quiet") == 0
        trees.append(tree_digest(root / "site"))
    assert trees[0] == trees[1]
    assert "styrelserapport/2024-06/styrelserapport-2024-06.pdf" in trees[0]
    assert "assets/javascripts/vega-embed.js" in trees[0]


def test_an_edit_renders_only_what_depends_on_it(tmp_path, monkeypatch, capsys):
    """Editing one section of one report makes new PDFs of it and of the next report, whose "what is new"
    compares with it, and draws no chart (renders are counted)."""
    from builder.render import charts

    root = fixture_project("fjallregionen", tmp_path / "projekt")
    assert run(root, "build", "--quiet") == 0
    pdfs = {p.name for p in (root / "build/cache/pdf").iterdir()}
    site_pdfs = {p: p.read_bytes() for p in (root / "site").rglob("*.pdf")}
    assert len(site_pdfs) == 5  # four reports and an attachment
    drawn = []
    real_draw = charts.Renderer._render
    monkeypatch.setattr(charts.Renderer, "_render", lambda self, *drawing: drawn.append(1) or real_draw(self, *drawing))
    section = root / "content/styrelserapport/2024-05/inledning.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nEn ny mening.\n", encoding="utf-8")
    capsys.readouterr()
    assert run(root, "build") == 0
    assert "2 av 4 PDF:er gjorda" in capsys.readouterr().out
    assert len({p.name for p in (root / "build/cache/pdf").iterdir()} - pdfs) == 2
    changed = sorted(p.relative_to(root / "site").as_posix() for p, data in site_pdfs.items() if p.read_bytes() != data)
    assert changed == ["styrelserapport/2024-05/styrelserapport-2024-05.pdf",
                       "styrelserapport/2024-06/styrelserapport-2024-06.pdf"]
    assert drawn == []


def test_unchanged_reports_are_not_loaded_again(minimal, report_dir, monkeypatch):
    """The loaded model is cached per report: a second run loads only what changed."""
    from builder.read import load

    assert run(minimal, "check") == 0
    loaded = []
    real = load.load_report
    monkeypatch.setattr(load, "load_report", lambda folder, *args: loaded.append(folder.name) or real(folder, *args))
    assert run(minimal, "check") == 0
    assert loaded == []
    write(report_dir / "inledning.md", "---\ntitel: Inledning\n---\nÄndrad text.\n")
    assert run(minimal, "check") == 0
    assert loaded == ["2025-10"]
    write(report_dir / "inledning.md", "---\ntitel: Inledning\n---\nTrasig [länk](#saknas).\n")
    assert run(minimal, "check") == 1  # an error is found even though the report was cached before


def test_the_themes_templates_are_compiled_once_and_again_when_they_change(minimal):
    assert run(minimal, "build", "--quiet", "--no-pdf") == 0
    cached = list((minimal / "build/cache/mkdocs-mallar").iterdir())
    assert cached, "no compiled template kept"
    theme = minimal / "templates/theme/main.html"
    theme.write_text(theme.read_text(encoding="utf-8").replace(
        "{% block extrahead %}", "{% block extrahead %}\n  <meta name=\"mall\" content=\"ny\">"), encoding="utf-8")
    assert run(minimal, "build", "--quiet", "--no-pdf") == 0  # the changed template is compiled, not the kept one
    assert '<meta name="mall" content="ny">' in (minimal / "site/index.html").read_text(encoding="utf-8")
