"""One cause, one message: a file that cannot be read is one error and one line saying what was not checked
because of it; the same mistake in many places is one line with the number of places."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SERIES, run, write

from builder.base.problems import Problems

REPORT = f"content/{SERIES}/2025-10"
SKIPPED = "kontrollerades inte, eftersom filen inte kunde läsas Åtgärd: rätta filen och kör kontrollen igen"
COLON = ("YAML-fel: ett kolon står på fel ställe; sätt texten inom citattecken om den innehåller ': ' "
         "(mapping values are not allowed in this context)")

METRICS = """
    nyckeltal:
      - id: resultat
        namn: Resultat
        enhet: mnkr
        decimaler: 0
        riktning: högre är bättre
        ackumulering: summa
      - id: anstallda
        namn: Anställda
        enhet: antal
        decimaler: 0
        riktning: neutral
        ackumulering: senaste
"""
CSV = """
    nyckeltal,period,typ,varde,dimension,illustrativ,text
    resultat,2025-01..2025-09,utfall,-595,,,
    resultat,2024-01..2024-09,utfall,361,,,
    anstallda,2025-09,utfall,7422,,,
    anstallda,2024-09,utfall,7380,,,
"""
TABLES = """
    tabeller:
      - id: ekonomi
        rubrik: Ekonomi
        rader: [resultat, anstallda]
        kolumner: [fg-år, utfall]
"""
CHARTS = """
    diagram:
      - id: personal
        typ: stapel
        rubrik: Anställda
        alt: Stapeldiagram över antalet anställda, {anstallda fg-år} förra året och {anstallda} i år.
        nyckeltal: anstallda
        jämförelser: [fg-år, utfall]
"""
PLAN = """
    titel: Mål och måluppfyllelse 2025
    perspektiv: [ekonomi]
    agare:
      RS: Regionstyrelsen
    regel:
      delvis_vid_forbattring: ja
    teckenforklaring:
      uppfyllt: Målet är nått.
"""
PERSPECTIVE = """
    perspektiv: Ekonomi
    strategiska_mal:
      - id: ekonomi-i-balans
        namn: Ekonomi i balans
        agare: [RS]
        prognos: uppfyllt
        framgangsfaktorer:
          - id: god-kontroll
            namn: God kontroll
            agare: [RS]
    styrmatt:
      - id: resultat-mal
        namn: Resultat
        framgangsfaktor: god-kontroll
        agare: RS
        mal: öka
        utfall: 5
        foregaende: 4
"""


def printed(root: Path, capsys: pytest.CaptureFixture) -> list[str]:
    """What `rapport check` prints: the problems, then the summary line (exit code 1)."""
    capsys.readouterr()
    assert run(root, "check") == 1
    return [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def summary(errors: int) -> str:
    return f"{errors} fel hittades. Rätta dem och kör kommandot igen."


def section(root: Path, name: str, body: str) -> None:
    write(root / REPORT / f"{name}.md", f"---\ntitel: {name.capitalize()}\n---\n" + body)


def with_data(root: Path) -> Path:
    write(root / "data/metrics.yml", METRICS)
    write(root / "data/ekonomi.csv", CSV)
    write(root / "data/tables.yml", TABLES)
    write(root / "data/charts.yml", CHARTS)
    return root


def break_line(path: Path, fragment: str, replacement: str) -> int:
    """Replace the first line holding `fragment` and return its number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if fragment in line)
    lines[number - 1] = replacement
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number


def references(count: int, text: str) -> str:
    return "".join(f"Rad {n}: {text}.\n\n" for n in range(count))


# A file that cannot be read: one error, and one line for what was not checked


def test_an_indentation_error_in_metrics_yml_is_one_error_for_40_references(minimal, capsys):
    write(minimal / "data/metrics.yml", METRICS)
    section(minimal, "inledning", references(25, "{resultat}"))
    section(minimal, "ekonomi", references(15, "{anstallda fg-år}"))
    line = break_line(minimal / "data/metrics.yml", "namn: Resultat", "     namn: Resultat")  # one space too many
    assert printed(minimal, capsys) == [
        f"data/metrics.yml:{line}: {COLON}",  # YAML reads the deeper line as a value going on: the colon is wrong
        f"data/metrics.yml: 40 hänvisningar till nyckeltal {SKIPPED}",
        summary(1),
    ]


def test_metrics_yml_that_cannot_be_read_skips_data_tables_charts_and_trends(minimal, capsys):
    with_data(minimal)
    write(minimal / f"content/{SERIES}/series.yml",
          (minimal / f"content/{SERIES}/series.yml").read_text(encoding="utf-8") + "trender: [anstallda]\n")
    section(minimal, "inledning", "Vi har {anstallda} anställda.\n\n{diagram personal}\n")
    section(minimal, "ekonomi", "Resultatet är {resultat}.\n\n{tabell ekonomi}\n")
    line = break_line(minimal / "data/metrics.yml", "enhet: antal", "   enhet: antal")
    # 4 rows of the CSV file, 2 table rows, the chart's key figure, the trend, 2 references, the table and the chart
    assert printed(minimal, capsys) == [
        f"data/metrics.yml:{line}: YAML-fel: indraget i listan stämmer inte med raderna ovanför "
        "(did not find expected '-' indicator)",
        f"data/metrics.yml: 12 hänvisningar till nyckeltal {SKIPPED}",
        summary(1),
    ]


def test_metrics_yml_without_its_list_is_one_error(minimal, capsys):
    with_data(minimal)
    (minimal / "data/metrics.yml").write_text(
        (minimal / "data/metrics.yml").read_text(encoding="utf-8").replace("nyckeltal:", "nyckeltl:", 1), encoding="utf-8")
    section(minimal, "ekonomi", "Resultatet är {resultat}.\n")
    assert printed(minimal, capsys) == [
        "data/metrics.yml:1: filen ska ha en lista under 'nyckeltal:' Åtgärd: börja filen med raden 'nyckeltal:' och "
        "lista posterna under den med '- '",
        f"data/metrics.yml: 8 hänvisningar till nyckeltal {SKIPPED}",
        summary(1),
    ]


def test_a_key_figure_with_an_error_is_one_error_where_it_is_defined(minimal, capsys):
    with_data(minimal)
    section(minimal, "ekonomi", references(5, "{resultat}"))
    line = break_line(minimal / "data/metrics.yml", "decimaler: 0", "    decimaler: noll")
    assert printed(minimal, capsys) == [
        f"data/metrics.yml:{line}: fältet 'decimaler' 'noll' är inget heltal mellan 0 och 6",
        # the two rows of resultat in the CSV file, its table row and the five references
        "data/metrics.yml: 8 hänvisningar till nyckeltal kontrollerades inte, eftersom det de hänvisar till har fel "
        "i filen Åtgärd: rätta filen och kör kontrollen igen",
        summary(1),
    ]


def test_tables_yml_that_cannot_be_read(minimal, capsys):
    with_data(minimal)
    section(minimal, "inledning", "Tabellen:\n\n{tabell ekonomi}\n")
    section(minimal, "ekonomi", "Tabellen:\n\n{tabell ekonomi}\n\nOch en till:\n\n{tabell ekonomi}\n")
    line = break_line(minimal / "data/tables.yml", "rubrik: Ekonomi", "    rubrik: Ekonomi: helår")
    assert printed(minimal, capsys) == [
        f"data/tables.yml:{line}: {COLON}",
        f"data/tables.yml: 3 hänvisningar till tabeller {SKIPPED}",
        summary(1),
    ]


def test_charts_yml_that_cannot_be_read(minimal, capsys):
    with_data(minimal)
    section(minimal, "ekonomi", "Diagrammet:\n\n{diagram personal}\n")
    line = break_line(minimal / "data/charts.yml", "typ: stapel", "\ttyp: stapel")
    assert printed(minimal, capsys) == [
        f"data/charts.yml:{line}: YAML-fel: ett tabbtecken i indraget; använd mellanslag "
        "(found a tab character that violates indentation)",
        f"data/charts.yml: 1 hänvisning till ett diagram {SKIPPED}",
        summary(1),
    ]


def test_a_chart_with_an_error_is_one_error_where_it_is_defined(minimal, capsys):
    with_data(minimal)
    section(minimal, "ekonomi", "Diagrammet:\n\n{diagram personal}\n")
    line = break_line(minimal / "data/charts.yml", "typ: stapel", "    typ: staple")
    lines = printed(minimal, capsys)
    assert lines[0].startswith(f"data/charts.yml:{line}: fältet 'typ' 'staple' är inte tillåtet")
    assert lines[1:] == [
        "data/charts.yml: 1 hänvisning till ett diagram kontrollerades inte, eftersom det de hänvisar till har fel "
        "i filen Åtgärd: rätta filen och kör kontrollen igen",
        summary(1),
    ]


@pytest.fixture
def with_goals(minimal: Path) -> Path:
    write(minimal / "data/goals/2025/plan.yml", PLAN)
    write(minimal / "data/goals/2025/ekonomi.yml", PERSPECTIVE)
    section(minimal, "inledning", "Prognoserna:\n\n{prognoser 2025}\n")
    section(minimal, "ekonomi", "Styrmåtten:\n\n{styrmatt god-kontroll}\n\nTecken:\n\n{teckenforklaring 2025}\n")
    return minimal


def test_the_goals_fixture_is_valid(with_goals, capsys):
    assert run(with_goals, "check") == 0, capsys.readouterr().err


def test_a_goal_plan_that_cannot_be_read(with_goals, capsys):
    line = break_line(with_goals / "data/goals/2025/plan.yml", "RS: Regionstyrelsen", "  RS: Regionstyrelsen: RS")
    assert printed(with_goals, capsys) == [
        f"data/goals/2025/plan.yml:{line}: {COLON}",
        f"data/goals/2025/plan.yml: 3 hänvisningar till målplanen {SKIPPED}",
        summary(1),
    ]


def test_a_perspective_that_cannot_be_read(with_goals, capsys):
    path = with_goals / "data/goals/2025/ekonomi.yml"
    line = break_line(path, "namn: God kontroll", "            namn: God kontroll")
    write(with_goals / "data/goals/2025/plan.yml", PLAN.replace("[ekonomi]", "[ekonomi, samhalle]"))
    write(with_goals / "data/goals/2025/samhalle.yml", PERSPECTIVE.replace("ekonomi-i-balans", "livskraftigt-lan")
          .replace("Ekonomi", "Samhälle").replace("id: god-kontroll", "id: attraktiv")
          .replace("resultat-mal", "befolkning"))  # its indicator belongs to god-kontroll in ekonomi.yml
    assert printed(with_goals, capsys) == [
        f"data/goals/2025/ekonomi.yml:{line}: {COLON}",
        # the indicator in samhalle.yml that belongs to god-kontroll, and {styrmatt god-kontroll}
        f"data/goals/2025/ekonomi.yml: 2 hänvisningar till målplanen {SKIPPED}",
        summary(1),
    ]


@pytest.fixture
def two_csv_files(minimal: Path) -> Path:
    """resultat in ekonomi.csv, anstallda in personal.csv; both referred to from the report."""
    with_data(minimal)
    write(minimal / "data/personal.csv", "".join(line for line in CSV.splitlines(True) if "resultat" not in line))
    write(minimal / "data/ekonomi.csv", "".join(line for line in CSV.splitlines(True) if "anstallda" not in line))
    section(minimal, "ekonomi", "Resultatet är {resultat}, mot {resultat fg-år} i fjol ({resultat förändring}).\n\n"
            "Vi har {anstallda} anställda; budgeten var {anstallda budget}.\n")
    return minimal


MISSING_BUDGET = (f"{REPORT}/ekonomi.md:6: anstallda: budget saknas i data för januari–september 2025 Åtgärd: lägg till en rad "
                  "för anstallda med period 2025-01..2025-09, typ budget i data/personal.csv")


def test_a_csv_file_not_saved_as_utf8(two_csv_files, capsys):
    path = two_csv_files / "data/ekonomi.csv"
    path.write_bytes(path.read_bytes() + "resultat,2023-01..2023-09,utfall,12,,,för år\n".encode("cp1252"))
    assert printed(two_csv_files, capsys) == [
        MISSING_BUDGET,  # anstallda is in personal.csv, which could be read: still checked
        "data/ekonomi.csv:4: filen är inte sparad som UTF-8 Åtgärd: spara filen med teckenkodningen UTF-8 "
        "(så att å, ä och ö blir rätt)",
        f"data/ekonomi.csv: 3 hänvisningar till nyckeltal {SKIPPED}",
        summary(2),
    ]


def test_a_csv_file_with_a_wrong_first_line(two_csv_files, capsys):
    path = two_csv_files / "data/ekonomi.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    assert printed(two_csv_files, capsys) == [
        MISSING_BUDGET,
        "data/ekonomi.csv:1: första raden ska namnge kolumnerna: kolumnerna nyckeltal, period, typ, varde saknas; "
        "okända kolumner nyckeltal;period;typ;varde;dimension;illustrativ;text Åtgärd: skriv första raden som "
        "nyckeltal,period,typ,varde,dimension,illustrativ,text, med ,lagd sist där budgetar eller prognoser är daterade",
        f"data/ekonomi.csv: 3 hänvisningar till nyckeltal {SKIPPED}",
        summary(2),
    ]


def test_a_quote_that_never_closes_is_one_error_at_its_line(two_csv_files, capsys):
    path = two_csv_files / "data/ekonomi.csv"
    line = break_line(path, "resultat,2025-01..2025-09", 'resultat,2025-01..2025-09,utfall,"-595,,,')
    last = len(path.read_text(encoding="utf-8").splitlines())
    assert printed(two_csv_files, capsys) == [
        MISSING_BUDGET,
        f'data/ekonomi.csv:{line}: ett citattecken stängs inte på samma rad, så raderna {line}–{last} läses som en '
        'enda cell Åtgärd: sätt ett " sist i cellen, eller ta bort citattecknet',
        "data/ekonomi.csv: 3 hänvisningar till nyckeltal kontrollerades inte, eftersom det de hänvisar till har fel "
        "i filen Åtgärd: rätta filen och kör kontrollen igen",
        summary(2),
    ]


def test_a_row_with_an_error_is_not_reported_again_as_a_missing_value(two_csv_files, capsys):
    line = break_line(two_csv_files / "data/ekonomi.csv", "resultat,2025-01..2025-09",
                      "resultat,2025-01..2025-09,utfall,-595 mnkr,,,")
    assert printed(two_csv_files, capsys) == [
        MISSING_BUDGET,
        f"data/ekonomi.csv:{line}: värdet '-595 mnkr' är inget tal; skriv siffror utan mellanrum och enhet, "
        "till exempel -595 eller 5.94",
        # {resultat} and {resultat förändring} need the row; {resultat fg-år} has its own
        "data/ekonomi.csv: 2 hänvisningar till nyckeltal kontrollerades inte, eftersom det de hänvisar till har fel "
        "i filen Åtgärd: rätta filen och kör kontrollen igen",
        summary(2),
    ]


# Content: a file of a report that cannot be read is one error


@pytest.mark.parametrize("where, old, new, message", [
    (f"content/{SERIES}/series.yml", "titel: Testrapporten", "titel: Testrapporten: 2025", COLON),
    (f"{REPORT}/report.yml", "ansvarig: Anna Andersson", "ansvarig: Anna: Andersson", COLON),
    (f"{REPORT}/ekonomi.md", "titel: Ekonomi", "titel: Ekonomi: helår", COLON),
    ("content/site.yml", "  telefon: 0920-00 00 00", "  telefon: 0920: 00 00 00", COLON),
], ids=["series", "report", "section", "site"])
def test_a_content_file_that_cannot_be_read_is_one_error(minimal, capsys, where, old, new, message):
    with_data(minimal)
    section(minimal, "ekonomi", references(10, "{resultat}"))
    line = break_line(minimal / where, old, new)
    assert printed(minimal, capsys) == [f"{where}:{line}: {message}", summary(1)]


def test_links_to_a_report_that_cannot_be_read_are_not_reported(minimal, capsys):
    later = minimal / f"content/{SERIES}/2025-11"
    for name in ("report.yml", "inledning.md", "ekonomi.md"):
        text = (minimal / REPORT / name).read_text(encoding="utf-8")
        write(later / name, text.replace("2025-01..2025-09", "2025-01..2025-10").replace("TEST-1", "TEST-2"))
    write(later / "ekonomi.md", "---\ntitel: Ekonomi\n---\nSe [förra rapporten](../2025-10/) och\n"
          "[dess ekonomi](../2025-10/#ekonomi). Och [en som inte finns](../2025-09/).\n")
    line = break_line(minimal / REPORT / "report.yml", "ansvarig: Anna Andersson", "ansvarig: Anna: Andersson")
    assert printed(minimal, capsys) == [
        f"{REPORT}/report.yml:{line}: {COLON}",
        f"{REPORT}/report.yml: 2 länkar till rapporten {SKIPPED}",
        f"content/{SERIES}/2025-11/ekonomi.md:5: länken '../2025-09/' pekar på något som inte finns på webbplatsen "
        "Åtgärd: länka till en rapport som ../2025-10/, till ett avsnitt som #ekonomi, eller till en fil i rapportens mapp",
        summary(2),
    ]


# The same mistake in many places: one line, with the number of places and the first few


def test_an_unknown_key_figure_used_five_times_is_one_line(minimal, capsys):
    with_data(minimal)
    section(minimal, "inledning", "Resultatet {resultt}.\n\nIgen {resultt fg-år}.\n")
    section(minimal, "ekonomi", "Ett {resultt}.\n\nTvå {resultt}.\n\nTre {resultt förändring}.\n\nRätt: {resultat}.\n")
    assert printed(minimal, capsys) == [
        f"{REPORT}/ekonomi.md:4: okänt nyckeltal 'resultt' (på 5 ställen, också i {REPORT}/ekonomi.md:6, "
        f"{REPORT}/ekonomi.md:8, {REPORT}/inledning.md:4 med flera) Åtgärd: menade du 'resultat'? "
        "Nyckeltalen definieras i data/metrics.yml.",
        summary(1),
    ]


def test_unknown_tables_charts_and_text_blocks_are_one_line_each(minimal, capsys):
    with_data(minimal)
    section(minimal, "inledning", "{tabell ekonomin}\n\n{diagram personalen}\n\n{text om-oss}\n\nText.\n")
    section(minimal, "ekonomi", "{tabell ekonomin}\n\n{diagram personalen}\n\n{text om-oss}\n\n{text om-dem}\n\nText.\n")
    assert printed(minimal, capsys) == [
        f"{REPORT}/ekonomi.md:4: okänd tabell 'ekonomin' (på 2 ställen, också i {REPORT}/inledning.md:4) "
        "Åtgärd: tabellerna finns i data/tables.yml: ekonomi",
        f"{REPORT}/ekonomi.md:6: okänt diagram 'personalen' (på 2 ställen, också i {REPORT}/inledning.md:6) "
        "Åtgärd: diagrammen finns i data/charts.yml: personal",
        f"{REPORT}/ekonomi.md:8: okänt textblock 'om-oss' (på 2 ställen, också i {REPORT}/inledning.md:8) "
        "Åtgärd: skapa filen textblock/om-oss.md i rapportens mapp eller i seriens mapp",
        f"{REPORT}/ekonomi.md:10: okänt textblock 'om-dem' Åtgärd: skapa filen textblock/om-dem.md i rapportens "
        "mapp eller i seriens mapp",
        summary(4),
    ]


def test_problems_sort_group_and_note():
    problems = Problems(Path("/projekt"))
    for path, line in (("b.md", 3), ("a.md", 9), ("a.md", 2), ("a.md", 2), ("c.md", 1)):
        problems.add(f"/projekt/{path}", line, "okänt nyckeltal 'x'", "rätta id:t")
    problems.add("/projekt/data/m.yml", 4, "YAML-fel: något")
    problems.add("/projekt/data/n.yml", 4, "YAML-fel: något")
    for path in ("data/m.yml", "data/n.yml"):
        problems.cannot_read(f"/projekt/{path}")
    problems.add("/projekt/data/m.yml", 9, "ett fel till")
    problems.unread("nyckeltal", None, problems.because("/projekt/data/m.yml", ("hänvisning", "hänvisningar")))
    assert problems.skip("nyckeltal", "y") and problems.skip("nyckeltal", "z")
    assert not problems.skip("tabell", "y")
    lines = problems.sorted()
    assert [str(p) for p in lines] == [
        "a.md:2: okänt nyckeltal 'x' (på 4 ställen, också i a.md:9, b.md:3 och c.md:1) Åtgärd: rätta id:t",
        "data/m.yml:4: YAML-fel: något",  # a file that cannot be read is a cause of its own, never grouped
        "data/m.yml:9: ett fel till",
        "data/m.yml: 2 hänvisningar kontrollerades inte, eftersom filen inte kunde läsas Åtgärd: rätta filen och kör "
        "kontrollen igen",
        "data/n.yml:4: YAML-fel: något",
    ]
    assert [p.note for p in lines] == [False, False, False, True, False]
