"""Content and data are untrusted (SECURITY.md): nothing outside the project is read or published, every
input has a size limit, and bad input ends as `fil:rad: fel Åtgärd: …` with exit code 1, never a traceback.

Runs that could crash the interpreter itself (deep YAML once did) run `rapport` in a process of its own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, fixture_project, run

from builder.base import limits

REPORT = "content/styrelserapport/2024-06"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return fixture_project("fjallregionen", tmp_path / "projekt")


def shape(text: str) -> str:
    """A message without what differs between cases: the file and line, quoted texts, numbers."""
    text = re.sub(r"^\S+?:(\d+:)? ", "", text)
    text = re.sub(r"U\+[0-9A-F]{4}", "U+X", re.sub(r"'[^']*'", "'…'", text))
    text = re.sub(r"[^\s'(]*/[^\s')]*", "…/…", text)  # paths
    return re.sub(r"[0-9][0-9 ]*", "N", text)


GUIDE = [shape(line) for line in (REPO / "AUTHORING.md").read_text(encoding="utf-8").splitlines()]


def in_guide(lines: list[str]) -> list[str]:
    """Every message is one the guide's list of messages shows (AUTHORING.md, Felmeddelanden)."""
    for line in lines:
        assert any(shape(line) in shown for shown in GUIDE), f"AUTHORING.md does not show the message: {line}"
    return lines


def found(lines: list[str], start: str = "", contains: str = "") -> str:
    """The one message that starts with `start` and contains `contains`; the guide must show it."""
    matches = [line for line in lines if line.startswith(start) and contains in line]
    assert len(matches) == 1, "\n".join(lines)
    return in_guide(matches)[0]


def check(root: Path, *args: str) -> tuple[int, str]:
    """`rapport check` (or another command) in a process of its own: (exit code, stderr)."""
    result = subprocess.run([sys.executable, "-m", "builder", "--root", str(root), *(args or ("check",))],
                            capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stderr


def errors(root: Path, capsys, *args: str) -> list[str]:
    capsys.readouterr()
    assert run(root, *(args or ("check",))) == 1
    return [line for line in capsys.readouterr().err.splitlines() if ": " in line and not line.startswith(" ")]


# Nothing outside the project ----------------------------------------------------------------------------

@pytest.mark.parametrize("where", [f"{REPORT}/ekonomi.md", "data/trafik.csv", f"{REPORT}/bilaga.pdf",
                                   "templates/partials/cell.html.j2", "content/styrelserapport/2024-06"])
def test_a_symbolic_link_is_refused_and_not_followed(project, tmp_path, capsys, where):
    outside = tmp_path / "utanfor"
    outside.mkdir()
    (outside / "hemlig.txt").write_text("HEMLIGT: nyckel=4711\n", encoding="utf-8")
    target = project / where
    if target.is_dir():
        target.rename(outside / "rapport")
        target.symlink_to(outside / "rapport", target_is_directory=True)
    else:
        if target.exists():
            target.unlink()
        target.symlink_to(outside / "hemlig.txt")
    for command in ("check", "build"):
        capsys.readouterr()
        assert run(project, command) == 1
        err = capsys.readouterr().err
        found(err.splitlines(), f"{where}: symboliska länkar följs inte")  # named from the project's root
        assert "HEMLIGT" not in err and "4711" not in err and str(tmp_path) not in err
    assert not (project / "site").exists()


def test_rapport_new_refuses_a_series_outside_content(project, capsys):
    (project / "hemligt").mkdir()
    (project / "hemligt/series.yml").write_text("titel: x\n", encoding="utf-8")
    capsys.readouterr()
    assert run(project, "new", "../hemligt", "2024-07") == 1
    err = capsys.readouterr().err
    assert "serien '../hemligt' finns inte; välj en av: arsredovisning, delarsrapport, styrelserapport" in err
    assert not (project / "hemligt/2024-07").exists()


@pytest.mark.parametrize("name, instead", [("karta.svg", "spara bilden som PNG"), ("sida.html", "spara sidan som PDF"),
                                           ("skript.js", "ta bort filen"), ("underlag/data.json", "spara datan som CSV")])
def test_only_allowed_file_types_are_published(project, capsys, name, instead):
    path = project / REPORT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("<svg onload=alert(1)></svg>", encoding="utf-8")
    error = found(errors(project, capsys), f"{REPORT}/{name}: filen '{name}' kan inte publiceras")
    assert f"Åtgärd: {instead}; tillåtna filtyper är" in error


def test_the_builders_own_files_are_not_published(project):
    (project / REPORT / ".utkast.txt").write_text("dold fil\n", encoding="utf-8")
    assert run(project, "build", "--no-pdf", "--quiet") == 0
    folder = project / "site/styrelserapport/2024-06"
    published = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
                 if p.is_file() and not p.relative_to(folder).as_posix().startswith("data/")}
    assert published == {"index.html", "fjallen.png"}  # no report.yml, sections, text blocks or hidden files
    assert (project / "site/styrelserapport/2024-05/bilagor/verksamhetsplan.pdf").is_file()


def test_an_attachment_may_not_be_a_file_the_builder_reads(project, capsys):
    report = project / REPORT / "report.yml"
    report.write_text(report.read_text(encoding="utf-8").replace("fil: fjallen.png", "fil: report.yml"), encoding="utf-8")
    found(errors(project, capsys), f"{REPORT}/report.yml:18: bilagans fil 'report.yml' finns inte i rapportens mapp")


# Bounded cost ---------------------------------------------------------------------------------------------

def test_yaml_nested_too_deep_is_an_error_not_a_crash(project):
    (project / REPORT / "report.yml").write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    code, err = check(project)
    assert code == 1
    found(err.splitlines(), f"{REPORT}/report.yml:1: listor och fält står mer än {limits.YAML_DEPTH} nivåer inne i varandra")


def test_yaml_aliases_that_expand_are_refused(project, capsys):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}]"
              for n in range(1, 9)]
    (project / "data/metrics.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found(errors(project, capsys), f"data/metrics.yml:6: filen har fler än {limits.YAML_NODES} värden")


def test_a_recursive_alias_is_refused(project, capsys):
    (project / "data/metrics.yml").write_text("nyckeltal: &n [*n]\n", encoding="utf-8")
    found(errors(project, capsys), "data/metrics.yml:1: aliaset *n hänvisar till sig självt")


def test_a_huge_csv_cell_is_an_error_with_its_line(project, capsys):
    data = project / "data/trafik.csv"
    line = len(data.read_text(encoding="utf-8").splitlines()) + 1
    data.write_text(data.read_text(encoding="utf-8") + "resor,2024-06,utfall,1,,," + "x" * 300 * 1024 + "\n",
                    encoding="utf-8")
    found(errors(project, capsys), f"data/trafik.csv:{line}: en cell har {300 * 1024} tecken; högst {limits.CSV_CELL_CHARS}")


def test_a_long_csv_cell_is_an_error(project, capsys):
    data = project / "data/trafik.csv"
    line = len(data.read_text(encoding="utf-8").splitlines()) + 1
    data.write_text(data.read_text(encoding="utf-8") + "resor,2024-06,utfall,1,,," + "x" * 5000 + "\n", encoding="utf-8")
    found(errors(project, capsys), f"data/trafik.csv:{line}: en cell har 5000 tecken; högst {limits.CSV_CELL_CHARS} tillåts")


def test_a_section_over_its_size_limit_is_an_error(project, capsys):
    section = project / REPORT / "ekonomi.md"
    section.write_text("---\ntitel: Ekonomi\n---\n" + "Text. " * 60_000 + "\n", encoding="utf-8")
    found(errors(project, capsys), f"{REPORT}/ekonomi.md: filen är för stor (351 kB; högst 256 kB)")


def test_a_very_long_heading_is_an_error(project, capsys):
    section = project / REPORT / "ekonomi.md"
    section.write_text("---\ntitel: Ekonomi\n---\nText.\n\n## " + "Lång " * 60 + "\n\nMer text.\n", encoding="utf-8")
    found(errors(project, capsys), f"{REPORT}/ekonomi.md:6: rubriken är 299 tecken lång; högst {limits.TITLE_CHARS} går")


def test_a_long_title_is_an_error(project, capsys):
    site = project / "content/site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("titel: ", "titel: " + "x" * 300), encoding="utf-8")
    found(errors(project, capsys), "content/site.yml:2: fältet 'titel' är för långt")


def test_many_headings_with_the_same_text_are_told_apart(project):
    section = project / REPORT / "ekonomi.md"
    section.write_text("---\ntitel: Ekonomi\n---\n" + "## Samma\n\nText.\n\n" * (limits.HEADINGS - 10), encoding="utf-8")
    code, err = check(project)
    assert code == 0, err


NO_PERIOD = "är ingen period; skriv den som ÅÅÅÅ-MM, ÅÅÅÅ-MM..ÅÅÅÅ-MM, ÅÅÅÅ-T1 (tertial), ÅÅÅÅ-H1 (halvår) eller ÅÅÅÅ (år)"


@pytest.mark.parametrize("where, old, new, message", [
    ("report.yml", "period: 2024-01..2024-05", "period: ٢٠٢٤-٠١..٢٠٢٤-٠٥", NO_PERIOD),
    ("data", "resor,2024-01..2024-05,utfall,66400", "resor,٢٠٢٤-٠١..٢٠٢٤-٠٥,utfall,66400", NO_PERIOD),
    ("data", "resor,2024-01..2024-05,utfall,66400", "resor,2024-01..2024-05,utfall,٦٦٤٠٠", "är inget tal"),
    ("data", "resor,2024-01..2024-05,utfall,66400", "resor,2024-01..2024-05,utfall,1234567890123456789",
     f"har 19 siffror; högst {limits.NUMBER_DIGITS}"),
])
def test_only_ascii_digits_and_exact_numbers(project, capsys, where, old, new, message):
    path = project / REPORT / "report.yml" if where == "report.yml" else project / "data/trafik.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    found(errors(project, capsys), "", message)


def test_a_report_folder_in_other_digits_is_not_a_month(project, capsys):
    (project / REPORT).rename(project / "content/styrelserapport/٢٠٢٤-٠٦")
    found(errors(project, capsys), "", "mappnamnet '٢٠٢٤-٠٦' är ingen månad")


@pytest.mark.parametrize("data, line, message", [
    (b"---\ntitel: Ekonomi\n---\nText\x00 med NUL.\n", 4, "osynligt styrtecken (U+0000)"),
    (b"---\ntitel: Ekonomi\n---\nText\x1b[31m i f\xc3\xa4rg.\n", 4, "osynligt styrtecken (U+001B)"),
    (b"---\ntitel: Ekonomi\n---\n\nM\xe5nad.\n", 5, "filen är inte sparad som UTF-8"),
])
def test_broken_text_is_an_error_at_its_line(project, capsys, data, line, message):
    (project / REPORT / "ekonomi.md").write_bytes(data)
    found(errors(project, capsys), f"{REPORT}/ekonomi.md:{line}: ", message)


def test_too_many_sections_is_an_error(project, capsys):
    report = project / REPORT / "report.yml"
    extra = "".join(f"  - avsnitt-{n}\n" for n in range(limits.SECTIONS))
    report.write_text(report.read_text(encoding="utf-8").replace("  - verksamhet\n", "  - verksamhet\n" + extra),
                      encoding="utf-8")
    found(errors(project, capsys), f"{REPORT}/report.yml:13: rapporten har {limits.SECTIONS + 3} avsnitt; högst {limits.SECTIONS} går")


def test_a_pdf_over_its_time_limit_ends_with_an_error_naming_the_report(project, capsys, monkeypatch):
    from builder.render import pdf

    monkeypatch.setattr(pdf.limits, "PDF_SECONDS", 0.001)
    real = pdf.Printer.__init__
    monkeypatch.setattr(pdf.Printer, "__init__", lambda self, cache, inputs: real(self, cache, inputs, seconds=1))
    monkeypatch.setattr(pdf, "render", lambda job: __import__("time").sleep(5))
    capsys.readouterr()
    assert run(project, "build", "--quiet") == 1
    err = capsys.readouterr().err
    assert "PDF för styrelserapport/2024-0" in err and "tog mer än 1 sekunder och avbröts" in err
    found(err.splitlines(), "PDF för")
    assert "Traceback" not in err and not (project / "site").exists()


def test_a_pdf_over_its_memory_limit_ends_with_an_error_naming_the_report(project, capsys, monkeypatch):
    from builder.render import pdf

    real = pdf.Printer.__init__
    monkeypatch.setattr(pdf.Printer, "__init__",
                        lambda self, cache, inputs: real(self, cache, inputs, memory=200 * limits.MIB))
    monkeypatch.setattr(pdf, "render", lambda job: bytearray(400 * limits.MIB))
    capsys.readouterr()
    assert run(project, "build", "--quiet") == 1
    err = capsys.readouterr().err
    assert "PDF för styrelserapport/2024-0" in err and ("minne" in err) and "Traceback" not in err
    found(err.splitlines(), "PDF för")


def test_a_goal_plan_names_files_only_in_its_own_folder(project, tmp_path, capsys):
    """A perspective is a file of the plan's folder: a path to a file elsewhere is refused, never read."""
    secret = tmp_path / "hemlig.yml"
    secret.write_text("nyckel_till_servern: 4711\n", encoding="utf-8")
    plan = project / "data/goals/2024/plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("perspektiv: [", f"perspektiv: [{tmp_path}/hemlig, ../../x, ", 1),
                    encoding="utf-8")
    lines = errors(project, capsys)
    err = "\n".join(lines)
    assert "nyckel_till_servern" not in err and str(tmp_path) + "/hemlig.yml" not in err
    found(lines, "data/goals/2024/plan.yml:2:", "perspektivet '../../x' duger inte som filnamn")


def test_a_changed_series_text_block_reaches_every_report(project, capsys):
    """The model cache knows the series' shared text blocks: a change there is checked and built."""
    assert run(project, "build", "--quiet", "--no-pdf") == 0
    block = project / "content/styrelserapport/textblock/om-forbundet.md"
    block.write_text("Rättad text med en [farlig länk](javascript:alert(1)).\n", encoding="utf-8")
    assert any(e.startswith("content/styrelserapport/textblock/om-forbundet.md:1: länken 'javascript:alert(1)'")
               for e in errors(project, capsys))
    block.write_text("Rättad text om förbundet.\n", encoding="utf-8")
    assert run(project, "build", "--quiet", "--no-pdf") == 0
    assert "Rättad text om förbundet." in (project / "site/styrelserapport/2024-05/index.html").read_text(encoding="utf-8")


def test_a_file_name_cannot_become_a_link_of_its_own(project):
    folder = project / REPORT / "javascript:alert(1)"
    folder.mkdir()
    (folder / "bilaga #2.pdf").write_bytes(b"%PDF-1.4\n")
    report = project / REPORT / "report.yml"
    report.write_text(report.read_text(encoding="utf-8") + '  - titel: Bilaga två\n    fil: "javascript:alert(1)/bilaga #2.pdf"\n',
                      encoding="utf-8")
    assert run(project, "build", "--quiet", "--no-pdf") == 0
    html = (project / "site/styrelserapport/2024-06/index.html").read_text(encoding="utf-8")
    assert 'href="./javascript%3Aalert%281%29/bilaga%20%232.pdf"' in html and 'href="javascript:' not in html
    assert (project / "site/styrelserapport/2024-06/javascript:alert(1)/bilaga #2.pdf").is_file()


@pytest.mark.parametrize("name", [b"\xff\xfe.pdf", b"rad\nbrytning.pdf"])
def test_a_file_name_that_cannot_be_named_is_an_error(project, capsys, name):
    (Path(os.fsdecode(os.fsencode(project / REPORT))) / os.fsdecode(name)).write_bytes(b"%PDF-1.4\n")
    for command in ("check", "build"):
        capsys.readouterr()
        assert run(project, command) == 1
        err = capsys.readouterr().err
        assert "filnamnet har tecken som inte går att läsa" in err and "Traceback" not in err


def test_a_folder_named_like_a_page_is_published_as_a_folder(project):
    folder = project / REPORT / "sida.html"
    folder.mkdir()
    (folder / "bilaga.pdf").write_bytes(b"%PDF-1.4\n")
    assert run(project, "build", "--quiet", "--no-pdf") == 0
    assert (project / "site/styrelserapport/2024-06/sida.html/bilaga.pdf").is_file()


def test_text_like_the_policys_placeholder_is_only_text(project):
    section = project / REPORT / "ekonomi.md"
    section.write_text('---\ntitel: Ekonomi content="rapport:csp"\n---\nText.\n\n## Inte content="rapport:csp" här\n\n'
                       'Och content="rapport:csp" i texten.\n', encoding="utf-8")
    assert run(project, "build", "--quiet", "--no-pdf") == 0
    html = (project / "site/styrelserapport/2024-06/index.html").read_text(encoding="utf-8")
    assert html.count('http-equiv="Content-Security-Policy" content="default-src') == 1


def test_too_many_headings_is_an_error(project, capsys):
    section = project / REPORT / "ekonomi.md"
    section.write_text("---\ntitel: Ekonomi\n---\nText.\n\n" + "## a\n\n" * limits.HEADINGS, encoding="utf-8")
    found(errors(project, capsys), f"{REPORT}/report.yml:13: rapporten har {limits.HEADINGS + 1} rubriker; högst "
                                   f"{limits.HEADINGS} går")


def test_unique_ids_skip_taken_ones_once():
    from builder.read.markdown import UniqueIds

    unique = UniqueIds({"ekonomi"})
    assert [unique(b) for b in ("ekonomi", "a", "a", "a-2", "a", "a-2")] == \
        ["ekonomi-2", "a", "a-2", "a-2-2", "a-3", "a-2-3"]
