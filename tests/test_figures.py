"""Key figures in a project: data validation, references in prose, tables and consistency rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SERIES, run, write
from htmlpage import parse
from test_check import errors, line_of, replace

METRICS = """
    nyckeltal:
      - id: periodens-resultat
        namn: Periodens resultat
        enhet: mnkr
        decimaler: 0
        riktning: högre är bättre
        ackumulering: summa
        summa_av: [verksamhetens-resultat, finansnetto]
      - id: verksamhetens-resultat
        namn: Verksamhetens resultat
        enhet: mnkr
        decimaler: 0
        riktning: högre är bättre
        ackumulering: summa
      - id: finansnetto
        namn: Finansnetto
        enhet: mnkr
        decimaler: 0
        riktning: högre är bättre
        ackumulering: summa
      - id: sjukfranvaro
        namn: Sjukfrånvaro
        enhet: "%"
        decimaler: 2
        riktning: lägre är bättre
        ackumulering: andel
      - id: soliditet
        namn: Soliditet
        enhet: "%"
        decimaler: 1
        riktning: högre är bättre
        ackumulering: andel
      - id: anstallda
        namn: Anställda
        enhet: antal
        decimaler: 0
        riktning: neutral
        ackumulering: senaste
"""
CSV = """
    nyckeltal,period,typ,varde,dimension,illustrativ,text
    periodens-resultat,2025-01..2025-09,utfall,-595,,,
    periodens-resultat,2025-01..2025-09,budget,258,,,
    sjukfranvaro,2025-01..2025-09,utfall,5.94,,,
    sjukfranvaro,2024-01..2024-09,utfall,5.61,,,
    anstallda,2025-09,utfall,7422,,,
    soliditet,2024,utfall,16,,,
    soliditet,2025,mål,>=16,,,
    soliditet,2025-01..2025-09,utfall,13.3,,,
    anstallda,2025-09,budget,7400,,ja,
"""
TABLES = """
    tabeller:
      - id: finans
        rubrik: Finansiella nyckeltal
        rader:
          - nyckeltal: soliditet
            tomma: [prognos]
          - nyckeltal: sjukfranvaro
            rubrik: Sjukfrånvaro, ackumulerad
            tomma: [helår-fg-år, mål, prognos]
        kolumner: [helår-fg-år, mål, utfall, prognos]
"""


@pytest.fixture
def with_data(minimal: Path) -> Path:
    write(minimal / "data/metrics.yml", METRICS)
    write(minimal / "data/ekonomi.csv", CSV)
    write(minimal / "data/tables.yml", TABLES)
    return minimal


def with_wide_table(root: Path, columns: str, years: int, prose: str = "Text.\n\n{tabell bred}\n") -> None:
    """A report whose section places table `bred`: periodens-resultat with `columns` (as written in
    tables.yml) over `years` years, and an outcome and a budget for each year since 2020."""
    rows = [f"periodens-resultat,{year}-01..{year}-09,{kind},{-2500 + year},,,"
            for year in range(2020, 2026) for kind in ("utfall", "budget")]
    write(root / "data/ekonomi.csv", "nyckeltal,period,typ,varde,dimension,illustrativ,text\n" + "\n".join(rows) + "\n")
    write(root / "data/metrics.yml", METRICS)
    write(root / "data/tables.yml", "tabeller:\n  - id: bred\n    rubrik: Resultatet\n    rader:\n"
                                    f"      - nyckeltal: periodens-resultat\n    kolumner: {columns}\n    år: {years}\n")
    write(root / f"content/{SERIES}/2025-10/ekonomi.md", f"---\ntitel: Ekonomi\n---\n{prose}")


def csv_line(root: Path, fragment: str) -> int:
    return line_of(root / "data/ekonomi.csv", fragment)


def set_prose(report_dir: Path, text: str) -> None:
    write(report_dir / "ekonomi.md", "---\ntitel: Ekonomi\n---\n" + text)


def page(root: Path):
    assert run(root, "build", "--quiet") == 0
    return parse(root / f"site/{SERIES}/2025-10/index.html").find("article")


def test_references_render_formatted(with_data, report_dir):
    set_prose(report_dir, "Resultatet är {periodens-resultat}, avvikelsen mot budget\n"
              "{periodens-resultat mot-budget}. Sjukfrånvaron är {sjukfranvaro}, förändringen\n"
              "{sjukfranvaro förändring}. Vi har {anstallda} anställda.\n")
    article = page(with_data)
    prose = article.text
    assert "Resultatet är \u2212595\u00a0mnkr, avvikelsen mot budget\n\u2212853\u00a0mnkr." in prose
    assert "Sjukfrånvaron är 5,94\u00a0%, förändringen\n+0,33\u00a0procentenheter." in prose
    assert "Vi har 7\u00a0422 anställda." in prose
    spans = [s.attrs["data-nyckeltal"] for s in article.find_all("span", class_="nyckeltal")]
    assert spans == ["periodens-resultat", "periodens-resultat", "sjukfranvaro", "sjukfranvaro", "anstallda"]


def test_illustrative_values_are_marked(with_data, report_dir):
    set_prose(report_dir, "Budgeten var {anstallda budget}.\n")
    article = page(with_data)
    assert "7\u00a0400 (illustrativt värde)" in article.text
    assert article.find_all("span", class_="illustrativt")


def test_table_declared_as_data(with_data, report_dir):
    set_prose(report_dir, "Nyckeltalen:\n\n{tabell finans}\n")
    table = page(with_data).find("table", class_="nyckeltal")
    assert table.find("caption").text == "Finansiella nyckeltal, jan–sep 2025"
    headers = [th.text for th in table.find("thead").find_all("th")]
    assert headers == ["Nyckeltal", "Utfall helår 2024", "Mål 2025", "Utfall jan–sep 2025", "Prognos 2025"]
    assert all(th.attrs["scope"] == "col" for th in table.find("thead").find_all("th"))
    rows = table.find("tbody").find_all("tr")
    assert [r.find("th").attrs["scope"] for r in rows] == ["row", "row"]
    assert [[c.text for c in r.find_all("td")] for r in rows] == [
        ["16\u00a0%", "16\u00a0% eller högre", "13,3\u00a0%", "–ingen uppgift"],
        ["–ingen uppgift", "–ingen uppgift", "5,94\u00a0%", "–ingen uppgift"],
    ]
    assert rows[1].find("th").text == "Sjukfrånvaro, ackumulerad"


@pytest.mark.parametrize(
    ("prose", "message"),
    [
        ("Resultat {periodens-resultatet}.", "okänt nyckeltal 'periodens-resultatet' Åtgärd: menade du 'periodens-resultat'?"),
        ("Förra året {anstallda fg-år}.", "anstallda: utfall saknas i data för januari–september 2024 "
         "Åtgärd: lägg till en rad för anstallda med period 2024-09, typ utfall i data/ekonomi.csv"),
        ("Prognos {anstallda prognos kön=kvinnor}.", "anstallda (kön=kvinnor): prognos saknas i data för "
         "2025 Åtgärd: lägg till en rad för anstallda med period 2025, typ prognos, dimension kön=kvinnor"),
        ("Stavfel {Sjukfrånvaro}.", "okänt nyckeltal 'Sjukfrånvaro' Åtgärd: menade du 'sjukfranvaro'?"),
        ("Två {sjukfranvaro fg-år förändring}.", "'sjukfranvaro fg-år förändring' har två jämförelser"),
        ("Mitt i {tabell finans} en mening.", "{tabell finans} ska stå ensamt i ett eget stycke"),
        ("Resultat {periodens-resultat jämfört}.", "'jämfört' är ingen jämförelse och ingen period"),
        ("Resultat {periodens-resultat forandring}.", "'forandring' är ingen jämförelse och ingen period Åtgärd: "
         "menade du 'förändring'?"),
        ("Resultat {periodens-resultat sedan-förra}.", "'sedan-förra' jämförde med seriens förra rapport och har tagits "
         "bort"),
        ("Resultat {periodens-resultat 2025-02 förra-månaden}.", "'periodens-resultat 2025-02 förra-månaden' har två "
         "perioder"),
        ("{tabell finns-inte}", "okänd tabell 'finns-inte' Åtgärd: tabellerna finns i data/tables.yml: finans"),
    ],
    ids=["unknown-metric", "missing-value", "missing-category-value", "misspelt-metric", "two-comparisons",
         "table-in-a-sentence", "unknown-comparison", "misspelt-comparison", "retired-comparison", "two-periods",
         "unknown-table"],
)
def test_bad_reference_is_an_error_at_the_editors_line(with_data, report_dir, capsys, prose, message):
    set_prose(report_dir, "Första raden.\n\n" + prose + "\n")
    (error,) = errors(with_data, capsys)
    assert error.startswith(f"content/{SERIES}/2025-10/ekonomi.md:6: {message}")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("sjukfranvaro,2025-01..2025-09,utfall,5.94", "sjukfranvaro,2025-01..2025-09,utfall,5,94",
         None),  # the comma splits the row: the value is '5' and an extra cell appears -> still caught below
        ("anstallda,2025-09,utfall,7422", "anstalda,2025-09,utfall,7422", "okänt nyckeltal 'anstalda' Åtgärd: menade du 'anstallda'?"),
        ("anstallda,2025-09,utfall,7422", "anstallda,2025-13,utfall,7422", "perioden: '2025-13' är ingen månad"),
        ("anstallda,2025-09,utfall,7422", "anstallda,2025-09,utfall,7 422", "värdet '7 422' är inget tal"),
        ("anstallda,2025-09,utfall,7422", "anstallda,2025-09,utfal,7422", "typen 'utfal' finns inte Åtgärd: välj utfall, budget, prognos, mål"),
        ("soliditet,2025,mål,>=16", "soliditet,2025,mål,minst sexton", "målet 'minst sexton' är inget mål"),
    ],
    ids=["decimal-comma", "unknown-metric", "bad-period", "not-a-number", "bad-kind", "bad-target"],
)
def test_bad_observation_names_file_and_line(with_data, capsys, old, new, message):
    replace(with_data / "data/ekonomi.csv", old, new)
    line = csv_line(with_data, new)
    found = errors_in_data(with_data, capsys)
    assert found and all(e.startswith(f"data/ekonomi.csv:{line}: ") for e in found)
    if message:
        assert found[0] == f"data/ekonomi.csv:{line}: {message}" or found[0].startswith(f"data/ekonomi.csv:{line}: {message}")


def errors_in_data(root: Path, capsys) -> list[str]:
    capsys.readouterr()
    assert run(root, "check") == 1
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("data/")]


def test_decimal_comma_in_a_quoted_cell(with_data, capsys):
    replace(with_data / "data/ekonomi.csv", "sjukfranvaro,2025-01..2025-09,utfall,5.94", 'sjukfranvaro,2025-01..2025-09,utfall,"5,94"')
    line = csv_line(with_data, '"5,94"')
    assert errors_in_data(with_data, capsys) == [
        f"data/ekonomi.csv:{line}: '5,94' har decimalkomma; skriv decimaltal med punkt i CSV, som 5.94"
    ]


def test_duplicate_observation(with_data, capsys):
    path = with_data / "data/ekonomi.csv"
    path.write_text(path.read_text(encoding="utf-8") + "anstallda,2025-09,utfall,7423,,,\n", encoding="utf-8")
    first, second = csv_line(with_data, "anstallda,2025-09,utfall,7422"), csv_line(with_data, "7423")
    assert errors_in_data(with_data, capsys) == [
        f"data/ekonomi.csv:{second}: anstallda 2025-09 (utfall) finns redan på rad {first} Åtgärd: ta bort den ena raden"
    ]


def test_consistency_violation_names_the_observations(with_data, capsys):
    """The October 2025 original: a forecast result of −859 that its parts (−262 and −592) do not add up to."""
    path = with_data / "data/ekonomi.csv"
    path.write_text(path.read_text(encoding="utf-8") + "periodens-resultat,2025,prognos,-859,,,\n"
                    "verksamhetens-resultat,2025,prognos,-262,,,\nfinansnetto,2025,prognos,-592,,,\n", encoding="utf-8")
    total, a, b = (csv_line(with_data, t) for t in ("-859", "-262", "-592"))
    assert errors_in_data(with_data, capsys) == [
        f"data/ekonomi.csv:{total}: periodens-resultat 2025 (prognos) är \u2212859 men delarna ger "
        f"verksamhetens-resultat \u2212262 (rad {a}) + finansnetto \u2212592 (rad {b}) = \u2212854 "
        "Åtgärd: rätta totalen eller delarna så att de stämmer (skillnader inom avrundningen, här högst 1,5, godtas)"
    ]


def test_unknown_metric_in_metrics_relations(with_data, capsys):
    replace(with_data / "data/metrics.yml", "summa_av: [verksamhetens-resultat, finansnetto]",
            "summa_av: [verksamhetens-resultat, finansnettot]")
    (error,) = errors_in_data(with_data, capsys)
    assert "nyckeltalet 'periodens-resultat' hänvisar till okänt nyckeltal 'finansnettot'" in error


def test_references_are_not_a_template_language(with_data, report_dir, capsys):
    """Editors reach no template engine: Jinja-looking text is printed as text."""
    set_prose(report_dir, "Text {{ config.items() }} och {% raw %} och {{7*7}}.\n")
    article = page(with_data)
    assert "Text {{ config.items() }} och {% raw %} och {{7*7}}." in article.text
    assert "49" not in article.text


def test_every_comparison_in_prose(with_data, report_dir):
    path = with_data / "data/ekonomi.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n".join([
        "anstallda,2025-09,utfall,3700,kön=kvinnor,,",
        "anstallda,2025-08,utfall,6807,,,",
        "periodens-resultat,2024,utfall,-100,,,",
        "periodens-resultat,2025,mål,200,,,",
        "finansnetto,2025,prognos,-592,,,",
        "finansnetto,2025,budget,102,,,",
    ]) + "\n", encoding="utf-8")
    set_prose(report_dir, "Andel {anstallda andel kön=kvinnor}; sedan förra {anstallda mot-förra-månaden};\n"
              "helår i fjol {periodens-resultat helår-fg-år}; mål {periodens-resultat mål};\n"
              "mot mål {periodens-resultat mot-mål}; prognos mot budget {finansnetto prognos-mot-budget};\n"
              "budget {periodens-resultat budget}.\n")
    text = page(with_data).text
    assert "Andel 50\u00a0%; sedan förra +615;" in text  # 3 700 of 7 422; 7 422 − 6 807
    assert "helår i fjol \u2212100\u00a0mnkr; mål 200\u00a0mnkr;" in text
    assert "mot mål \u2212795\u00a0mnkr; prognos mot budget \u2212694\u00a0mnkr;" in text
    assert "budget 258\u00a0mnkr." in text


def test_reference_in_a_heading_is_an_error(with_data, report_dir, capsys):
    set_prose(report_dir, "Text.\n\n## Resultat {periodens-resultat}\n\nMer text.\n")
    (error,) = errors(with_data, capsys)
    assert error.startswith(f"content/{SERIES}/2025-10/ekonomi.md:6: rubriken 'Resultat {{periodens-resultat}}' innehåller ett nyckeltal")


def test_duplicate_across_files(with_data, capsys):
    write(with_data / "data/personal.csv", "nyckeltal,period,typ,varde\nanstallda,2025-09,utfall,7422\n")
    first = csv_line(with_data, "anstallda,2025-09,utfall,7422")
    assert errors_in_data(with_data, capsys) == [
        f"data/personal.csv:2: anstallda 2025-09 (utfall) finns redan på data/ekonomi.csv rad {first} Åtgärd: ta bort den ena raden"
    ]
