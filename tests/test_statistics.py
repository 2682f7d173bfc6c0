"""`rapport check --statistik`: how many of a report's numbers are references and how many are typed by hand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder.commands import cli
from builder.compute.pipeline import prepare
from builder.compute.statistics import statistics
from builder.base.project import Project
from conftest import OTHER_ORG, REPO, SERIES, fixture_project, run, write

REPORT = "content/styrelserapport/2024-06"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture Fjällregionen with one report (a draft) whose prose has known references and numbers."""
    root = fixture_project(OTHER_ORG, tmp_path / "projekt")
    report = root / REPORT
    yml = report / "report.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("status: publicerad", "status: utkast"), encoding="utf-8")
    write(report / "inledning.md", """
        ---
        titel: Inledning 2024
        ---
        Resultatet för januari till maj är {resultat}. I [förra rapporten](../2024-05/#ekonomi) finns
        april månads siffror.

        {text siffror}
    """)
    write(report / "textblock/siffror.md", """
        Förbundet gör {resor} resor med 14 bussar.
    """)
    write(report / "ekonomi.md", """
        ---
        titel: Ekonomi
        ---
        Resultatet är {resultat mot-budget} mot budget, och kostnaderna ökade med 1,1 procent.

        ## Läget i maj 2024

        Sedan 25 april har förbundet 997 547 kronor mer, se `kod 42` och [planen](https://example.org/plan-77).
        <!-- Skriv här 99 -->
        Vi räknar med −82 mnkr och 12–13 nya bussar.

        {tabell ekonomi-i-korthet}

        | Linje | Resor 2024 |
        |---|---|
        | 3 | 1 200 |

        ```text
        99 i ett kodblock
        ```
    """)
    write(report / "verksamhet.md", """
        ---
        titel: Verksamhet
        ---
        Resorna {resor förändring-% fras} jämfört med samma period förra året.

        {diagram resor-per-linje}

        ## Personal

        Förbundet har {medarbetare} medarbetare.
    """)
    return root


def counted(root: Path, name: str = "styrelserapport/2024-06"):
    prepared = prepare(Project(root), include_drafts=True)
    (report,) = [r for s in prepared.content.series for r in s.reports if f"{r.series}/{r.name}" == name]
    return statistics(report, prepared.data.tables)


def test_counts_references_table_cells_and_typed_numbers(project):
    result = counted(project)
    # {resultat} and {resultat mot-budget}, {resor} in the text block, {resor förändring-%} and {medarbetare};
    # not {tabell …}, {diagram …} or {text …}
    assert result.references == 5
    assert (result.tables, result.table_cells) == (1, 9)  # ekonomi-i-korthet: 3 rows × 3 columns
    assert [(n.path.relative_to(project).as_posix(), n.line, n.text) for n in result.typed] == [
        (f"{REPORT}/textblock/siffror.md", 1, "14"),
        (f"{REPORT}/ekonomi.md", 4, "1,1"),
        (f"{REPORT}/ekonomi.md", 8, "997 547"),
        (f"{REPORT}/ekonomi.md", 10, "−82"),
        (f"{REPORT}/ekonomi.md", 10, "12–13"),
        (f"{REPORT}/ekonomi.md", 16, "3"),
        (f"{REPORT}/ekonomi.md", 16, "1 200"),
    ]
    assert [(n.path.name, n.line, n.text) for n in result.dates] == [
        ("ekonomi.md", 6, "2024"), ("ekonomi.md", 8, "25 april"), ("ekonomi.md", 14, "2024"),
    ]
    assert result.share == 42  # 5 / (5 + 7)


@pytest.mark.parametrize(("prose", "typed", "dates"), [
    ("Kostnaden ökade med 1,1 procent till 997 547 kronor.", ["1,1", "997 547"], []),
    ("Utfallet är −82 mnkr, +3,5 % och 12–13 dagar.", ["−82", "+3,5", "12–13"], []),
    ("Från 12 000–13 000 besök.", ["12 000–13 000"], []),
    ("Mötet 1 november 2025, vecka 42, 25–26 okt. och 2025-10-21.", [],
     ["1 november 2025", "vecka 42", "25–26 okt.", "2025-10-21"]),
    ("Beslut tas den 11 februari. Sedan 30 jan 2026.", [], ["11 februari", "30 jan 2026"]),
    ("Åren 2024–2025 och 2024/25, på 1990-talet.", [], ["2024–2025", "2024/25", "1990"]),
    ("Sju av tio, covid-19, RS-2025-182, km2 och 5G.", [], []),
    ("Se <https://example.org/2025/10> eller https://example.org/?sida=42, skriv till oss@example.org.",
     [], []),
    ("Ring [0920-28 40 00](tel:+46920284000) i dag.", [], []),
    ("Koden `x = 12` räknas inte, inte heller\n<!-- 99\n100 -->\nen kommentar.", [], []),
    ("## Rubrik med 3 mål\n\nText.", ["3"], []),
])
def test_what_counts_as_a_typed_number(minimal, prose, typed, dates):
    write(minimal / f"content/{SERIES}/2025-10/inledning.md", f"---\ntitel: Inledning\n---\n{prose}\n")
    result = counted(minimal, f"{SERIES}/2025-10")
    assert ([n.text for n in result.typed], [n.text for n in result.dates]) == (typed, dates)


def test_context_shows_the_words_around_the_number(project):
    (first, second, *_) = counted(project).typed
    assert second.context == "…kostnaderna ökade med 1,1 procent."
    assert first.context == "…{resor} resor med 14 bussar."


EXPECTED = f"""
styrelserapport/2024-06 (Rapport till förbundsstyrelsen juni 2024, utkast)
  hänvisningar i texten: 5
  beräknade tabellceller: 9 (1 tabell)
  skrivna tal: 7 (årtal och datum räknas inte: 3)
  andel hämtade ur data: 42 %
  skrivna tal:
    {REPORT}/textblock/siffror.md:1: 14 i ”…{{resor}} resor med 14 bussar.”
    {REPORT}/ekonomi.md:4: 1,1 i ”…kostnaderna ökade med 1,1 procent.”
    {REPORT}/ekonomi.md:8: 997 547 i ”…april har förbundet 997 547 kronor mer, se…”
    {REPORT}/ekonomi.md:10: −82 i ”Vi räknar med −82 mnkr och 12–13…”
    {REPORT}/ekonomi.md:10: 12–13 i ”…−82 mnkr och 12–13 nya bussar.”
    {REPORT}/ekonomi.md:16: 3 i ”| 3 | 1 200 |”
    {REPORT}/ekonomi.md:16: 1 200 i ”| 3 | 1 200 |”
"""


def test_cli_one_report(project, capsys):
    assert run(project, "check", "--statistik", "styrelserapport/2024-06") == 0
    out = capsys.readouterr().out
    assert out.startswith("Inga fel:")
    assert out[out.index("\n") + 1:] == EXPECTED


def test_cli_every_report_in_the_order_of_the_site(project, capsys):
    assert run(project, "check", "--statistik") == 0
    headers = [line.split(" (")[0] for line in capsys.readouterr().out.splitlines() if line and line[0] not in " I"]
    # the series in the order of serier: in site.yml, each newest first
    assert headers == ["styrelserapport/2024-06", "styrelserapport/2024-05", "delarsrapport/2024-T1",
                       "arsredovisning/2023"]


def test_cli_lists_a_limited_number(project, capsys, monkeypatch):
    monkeypatch.setattr(cli, "STATISTICS_LISTED", 2)
    assert run(project, "check", "--statistik", "styrelserapport/2024-06") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-3:] == [
        f"    {REPORT}/textblock/siffror.md:1: 14 i ”…{{resor}} resor med 14 bussar.”",
        f"    {REPORT}/ekonomi.md:4: 1,1 i ”…kostnaderna ökade med 1,1 procent.”",
        "    … och 5 till",
    ]


@pytest.mark.parametrize(("name", "message"), [
    ("styrelserapport/2024-07", "rapport check: det finns ingen rapport 'styrelserapport/2024-07'. Åtgärd: skriv en "
                                "av seriens rapporter: styrelserapport/2024-06, styrelserapport/2024-05"),
    ("manadsrapport/2024-06", "rapport check: det finns ingen rapport 'manadsrapport/2024-06'. Åtgärd: skriv "
                              "SERIE/PERIOD, där SERIE är en av styrelserapport, delarsrapport, arsredovisning"),
])
def test_cli_unknown_report(project, capsys, name, message):
    assert run(project, "check", "--statistik", name) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [message]
    assert "styrelserapport/2024-06 (" not in captured.out


def test_cli_without_statistik_prints_no_counts(project, capsys):
    assert run(project, "check") == 0
    assert "hänvisningar" not in capsys.readouterr().out


def test_cli_errors_come_first_and_fail(project, capsys):
    write(project / REPORT / "verksamhet.md", "---\ntitel: Verksamhet\n---\n{okant-nyckeltal}\n")
    assert run(project, "check", "--statistik") == 1
    captured = capsys.readouterr()
    assert f"{REPORT}/verksamhet.md:4: okänt nyckeltal 'okant-nyckeltal'" in captured.err
    assert "hänvisningar" not in captured.out


def test_a_reader_that_stops_reading_gets_no_traceback(project):
    """`rapport check --statistik | head -1`: the pipe closes before the output is written."""
    process = subprocess.Popen([sys.executable, "-c", "import sys; from builder.commands.cli import main; "
                                "sys.exit(main())", "check", "--statistik"], cwd=project, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)})
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait() == 141 and "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
