"""`rapport check`: every kind of error names the editor's file and line, says what is wrong and how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SERIES, run, write

REPORT = f"content/{SERIES}/2025-10/report.yml"
INLEDNING = f"content/{SERIES}/2025-10/inledning.md"
EKONOMI = f"content/{SERIES}/2025-10/ekonomi.md"


def errors(root: Path, capsys: pytest.CaptureFixture) -> list[str]:
    capsys.readouterr()
    assert run(root, "check") == 1
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("content/")]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in {path}")


def test_valid_project_passes(minimal, capsys):
    assert run(minimal, "check") == 0
    assert "Inga fel" in capsys.readouterr().out


def test_yaml_syntax_error(minimal, report_dir, capsys):
    replace(report_dir / "report.yml", "ansvarig: Anna Andersson", "ansvarig: Anna: Andersson")
    line = line_of(report_dir / "report.yml", "Anna: Andersson")
    assert errors(minimal, capsys) == [
        f"{REPORT}:{line}: YAML-fel: ett kolon står på fel ställe; sätt texten inom citattecken om den "
        "innehåller ': ' (mapping values are not allowed in this context)"
    ]


def test_duplicate_key(minimal, report_dir, capsys):
    replace(report_dir / "report.yml", "status: publicerad", "status: publicerad\nstatus: utkast")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"{REPORT}:{line_of(report_dir / 'report.yml', 'status: utkast')}: nyckeln 'status' står två gånger")


def test_unknown_field_suggests_the_right_one(minimal, report_dir, capsys):
    replace(report_dir / "report.yml", "version:", "versoin:")
    (error,) = errors(minimal, capsys)
    line = line_of(report_dir / "report.yml", "versoin")
    # one error, not a second one for the missing 'version' that the typo stands for
    assert error.startswith(f"{REPORT}:{line}: okänt fält 'versoin' i rapporten Åtgärd: menade du 'version'?")


def test_missing_field(minimal, report_dir, capsys):
    replace(report_dir / "report.yml", "ansvarig: Anna Andersson\n", "")
    assert errors(minimal, capsys) == [
        f"{REPORT}:1: fältet 'ansvarig' saknas i rapporten Åtgärd: lägg till raden 'ansvarig: …'; serien kräver det "
            f"(obligatoriskt i content/{SERIES}/series.yml)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("avsnitt:\n  - inledning\n  - ekonomi", "avsnitt: inledning",
         "fältet 'avsnitt' ska vara en lista, en rad per punkt som börjar med '- '"),
        ("publiceringsdatum: 2025-10-21", "publiceringsdatum: 21 oktober",
         "fältet 'publiceringsdatum' '21 oktober' är inget datum; skriv ÅÅÅÅ-MM-DD, till exempel 2025-10-21"),
        ("status: publicerad", "status: klar",
         "fältet 'status' 'klar' är inte tillåtet; välj 'utkast' eller 'publicerad'"),
        ("ansvarig: Anna Andersson", "ansvarig:", "fältet 'ansvarig' är tomt Åtgärd: fyll i det; serien kräver det "
                                                   f"(obligatoriskt i content/{SERIES}/series.yml)"),
    ],
    ids=["list-expected", "date-expected", "choice", "empty"],
)
def test_wrong_type(minimal, report_dir, capsys, old, new, message):
    replace(report_dir / "report.yml", old, new)
    line = line_of(report_dir / "report.yml", new.splitlines()[0])
    assert errors(minimal, capsys) == [f"{REPORT}:{line}: {message}"]


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025-13", "'2025-13' är ingen månad; skriv år och månad som ÅÅÅÅ-MM, till exempel 2025-09"),
        ("2025-09..2025-01", "perioden '2025-09..2025-01' slutar före den börjar; skriv den tidigare månaden först"),
        ("sept 2025", "'sept 2025' är ingen period; skriv den som ÅÅÅÅ-MM, ÅÅÅÅ-MM..ÅÅÅÅ-MM, ÅÅÅÅ-T1 (tertial), "
                      "ÅÅÅÅ-H1 (halvår) eller ÅÅÅÅ (år)"),
        ("2025-T4", "'2025-T4' finns inte: ett år har 3 tertial, skriv 2025-T1 till 2025-T3"),
    ],
)
def test_bad_period(minimal, report_dir, capsys, period, message):
    replace(report_dir / "report.yml", "period: 2025-01..2025-09", f"period: {period}")
    assert errors(minimal, capsys) == [f"{REPORT}:1: fältet 'period' {message}"]


def test_period_after_the_report_month(minimal, report_dir, capsys):
    replace(report_dir / "report.yml", "period: 2025-01..2025-09", "period: 2025-01..2025-11")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"{REPORT}:1: perioden 2025-01..2025-11 slutar efter rapportens period 2025-10")


def test_section_listed_twice(minimal, report_dir, capsys):
    replace(report_dir / "report.yml", "  - ekonomi", "  - ekonomi\n  - inledning")
    line = line_of(report_dir / "report.yml", "  - inledning") + 2  # the second time it is listed
    assert errors(minimal, capsys) == [
        f"{REPORT}:{line}: avsnittet 'inledning' står två gånger i listan avsnitt (första gången på rad {line - 2}) "
        "Åtgärd: ta bort den ena raden; varje avsnitt får stå en gång"
    ]


def test_section_listed_without_file(minimal, report_dir, capsys):
    replace(report_dir / "report.yml", "  - ekonomi", "  - ekonomi\n  - personal")
    line = line_of(report_dir / "report.yml", "- personal")
    assert errors(minimal, capsys) == [
        f"{REPORT}:{line}: avsnittet 'personal' finns inte som fil (personal.md saknas) "
        "Åtgärd: skapa filen 2025-10/personal.md eller rätta namnet i listan"
    ]


def test_section_file_not_listed(minimal, report_dir, capsys):
    write(report_dir / "personal.md", "---\ntitel: Personal\n---\nText.\n")
    assert errors(minimal, capsys) == [
        f"content/{SERIES}/2025-10/personal.md: avsnittet 'personal' saknas i listan avsnitt i report.yml "
        "Åtgärd: lägg till '- personal' under avsnitt: på den plats där avsnittet ska stå"
    ]


def test_attachment_file_not_found(minimal, report_dir, capsys):
    replace(report_dir / "report.yml", "  - titel: Månadsrapport september 2025",
            "  - titel: Månadsrapport september 2025\n    fil: bilagor/manadsrapport.pdf")
    line = line_of(report_dir / "report.yml", "fil: bilagor")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"{REPORT}:{line}: bilagans fil 'bilagor/manadsrapport.pdf' finns inte i rapportens mapp")


def test_attachment_file_outside_the_report_folder(minimal, report_dir, capsys):
    write(report_dir.parent / "hemlig.pdf", "x")
    replace(report_dir / "report.yml", "  - titel: Månadsrapport september 2025",
            "  - titel: Månadsrapport september 2025\n    fil: ../hemlig.pdf")
    (error,) = errors(minimal, capsys)
    assert "bilagans fil '../hemlig.pdf' finns inte i rapportens mapp" in error


def test_broken_internal_link(minimal, report_dir, capsys):
    replace(report_dir / "ekonomi.md", "Resultatet för perioden.", "Resultatet, se\n[mars](../2025-03/).")
    line = line_of(report_dir / "ekonomi.md", "[mars]")
    assert errors(minimal, capsys) == [
        f"{EKONOMI}:{line}: länken '../2025-03/' pekar på något som inte finns på webbplatsen "
        "Åtgärd: länka till en rapport som ../2025-10/, till ett avsnitt som #ekonomi, eller till en fil i rapportens mapp"
    ]


def test_broken_anchor(minimal, report_dir, capsys):
    replace(report_dir / "inledning.md", "Inledande text om månaden.", "Läs om [resultatet](#resultat).")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"{INLEDNING}:4: länken '#resultat' pekar på en rubrik som inte finns")
    assert "periodens-resultat" in error  # the hint lists the headings that do exist


def test_link_to_section_file_suggests_anchor(minimal, report_dir, capsys):
    replace(report_dir / "inledning.md", "Inledande text om månaden.", "Se [ekonomin](ekonomi.md).")
    (error,) = errors(minimal, capsys)
    assert error.endswith("Åtgärd: länka till avsnittets rubrik med #ekonomi i stället för till filen")


def test_working_internal_links_pass(minimal, report_dir, capsys):
    write(report_dir / "bilagor/plan.pdf", "%PDF-1.4")
    replace(report_dir / "inledning.md", "Inledande text om månaden.",
            "Se [resultatet](#periodens-resultat), [arkivet](../), [start](../../),\n"
            "[planen](bilagor/plan.pdf) och [rapporten](../2025-10/#ekonomi).")
    assert run(minimal, "check") == 0


def test_javascript_link_is_an_error(minimal, report_dir, capsys):
    replace(report_dir / "inledning.md", "Inledande text om månaden.", "Text.\n\nKlicka [här](javascript:alert(1)).")
    assert errors(minimal, capsys) == [
        f"{INLEDNING}:6: länken 'javascript:alert(1)' är inte tillåten (javascript:-länkar kan köra kod) "
        "Åtgärd: länka bara till webbadresser (https://…), e-post (mailto:…) eller sidor i rapporten"
    ]


def test_image_from_another_host_is_an_error(minimal, report_dir, capsys):
    replace(report_dir / "inledning.md", "Inledande text om månaden.", "![Karta](https://example.org/karta.png)")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"{INLEDNING}:4: bilden 'https://example.org/karta.png' hämtas från en annan webbplats")


def test_image_without_alt_text(minimal, report_dir, capsys):
    write(report_dir / "karta.png", "png")
    replace(report_dir / "inledning.md", "Inledande text om månaden.", "![](karta.png)")
    assert errors(minimal, capsys) == [
        f"{INLEDNING}:4: bilden 'karta.png' saknar alternativtext "
        "Åtgärd: beskriv bilden inom hakparenteserna: ![Beskrivning av bilden](fil.png)"
    ]


def test_front_matter_missing(minimal, report_dir, capsys):
    write(report_dir / "inledning.md", "Inledning utan huvud.\n")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"{INLEDNING}:1: avsnittet börjar inte med ett huvud mellan två rader '---'")


def test_front_matter_unknown_field(minimal, report_dir, capsys):
    write(report_dir / "inledning.md", "---\ntitel: Inledning\nordning: 1\n---\nText.\n")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"{INLEDNING}:3: okänt fält 'ordning' i avsnittets huvud")


def test_heading_level_one_in_a_section(minimal, report_dir, capsys):
    replace(report_dir / "ekonomi.md", "## Periodens resultat", "# Periodens resultat")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"{EKONOMI}:6: rubriken '# Periodens resultat' har samma nivå som avsnittets titel")


def test_skipped_heading_level(minimal, report_dir, capsys):
    replace(report_dir / "ekonomi.md", "## Periodens resultat", "### Periodens resultat")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"{EKONOMI}:6: rubriknivån hoppar från # till ### vid 'Periodens resultat'")


def test_empty_section_in_a_published_report(minimal, report_dir, capsys):
    write(report_dir / "inledning.md", "---\ntitel: Inledning\n---\n\n")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"{INLEDNING}:4: avsnittet 'Inledning' har ingen text")


def test_document_id_from_another_series(minimal, report_dir, capsys):
    replace(report_dir / "report.yml", "dokument_id: TEST-1", "dokument_id: ARBGRP870-1")
    (error,) = errors(minimal, capsys)
    assert "dokument-id 'ARBGRP870-1' börjar inte med seriens prefix 'TEST'" in error


def test_a_required_case_number_may_wait_for_publication(minimal, report_dir, capsys):
    """A series that files its reports by diarienummer: a draft may leave it empty, a published report may not."""
    replace(minimal / f"content/{SERIES}/series.yml", "obligatoriskt: [dokument_id,", "obligatoriskt: [diarienummer, dokument_id,")
    replace(report_dir / "report.yml", "dokument_id: TEST-1", "dokument_id: TEST-1\ndiarienummer:")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"content/{SERIES}/2025-10/report.yml:{line_of(report_dir / 'report.yml', 'diarienummer')}: "
                            "en publicerad rapport saknar diarienummer")
    replace(report_dir / "report.yml", "status: publicerad", "status: utkast")
    assert run(minimal, "check") == 0


def test_report_folder_not_a_month(minimal, report_dir, capsys):
    report_dir.rename(report_dir.parent / "oktober")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"content/{SERIES}/oktober: mappnamnet 'oktober' är ingen månad")


def test_all_errors_are_reported_at_once(minimal, report_dir, capsys):
    replace(report_dir / "report.yml", "version:", "versoin:")
    replace(report_dir / "inledning.md", "Inledande text om månaden.", "[x](javascript:alert(1))")
    replace(report_dir / "ekonomi.md", "## Periodens resultat", "#### Periodens resultat")
    found = errors(minimal, capsys)
    assert {error.split(":")[0] for error in found} == {REPORT, INLEDNING, EKONOMI}
    assert capsys.readouterr().err == ""  # already read; the summary came with the errors


def test_yaml_is_loaded_safely(minimal, report_dir, capsys):
    replace(report_dir / "report.yml", "ansvarig: Anna Andersson", "ansvarig: !!python/object/apply:os.system ['true']")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"{REPORT}:{line_of(report_dir / 'report.yml', 'python/object')}: YAML-fel")


def test_files_not_in_utf8_are_reported_not_crashed_on(minimal, report_dir, capsys):
    (report_dir / "inledning.md").write_bytes("---\ntitel: Inledning\n---\nMånad.\n".encode("latin-1"))
    write(minimal / "data/metrics.yml", "nyckeltal: []\n")
    (minimal / "data/x.csv").write_bytes("nyckeltal,period,typ,varde\nå,2025,utfall,1\n".encode("latin-1"))
    capsys.readouterr()
    assert run(minimal, "check") == 1
    err = capsys.readouterr().err
    assert f"content/{SERIES}/2025-10/inledning.md:4: filen är inte sparad som UTF-8" in err  # the line with 'å'
    assert "data/x.csv:2: filen är inte sparad som UTF-8" in err


def test_a_list_as_a_key_is_reported_not_crashed_on(minimal, report_dir, capsys):
    replace(report_dir / "report.yml", "ansvarig: Anna Andersson", "{{x}}: Anna")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"{REPORT}:{line_of(report_dir / 'report.yml', '{{x}}')}: YAML-fel: en nyckel kan inte vara en lista")


def test_a_folder_that_is_no_project_gives_one_line(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    assert run(tmp_path, "check") == 1
    err = capsys.readouterr().err
    assert err == (f"rapport: {tmp_path.resolve()} saknar templates/ och mkdocs.yml och är ingen projektmapp. Åtgärd: "
                   "kör kommandot i projektets mapp (där Makefile ligger), eller ange den med --root\n")
