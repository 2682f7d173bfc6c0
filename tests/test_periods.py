"""Every period a figure can name, and every comparison computed from data: in references, table columns and
charts, resolved against the report's period, with forecasts and budgets kept by the month they were made."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import SERIES, run, write
from htmlpage import parse
from test_check import errors, line_of, replace

from builder.base import periods
from builder.base.periods import Month, Period, When, parse_when, parse_when_words
from builder.base.problems import FigureError
from builder.compute.comparisons import Basis
from builder.compute.specs import column_error, parse_spec
from builder.compute.observations import Observations
from builder.read.csv_data import Observation
from builder.read.data import Data
from builder.read.metrics import Metric

YEAR_TO_DATE = Period.parse("2025-01..2025-09")


@pytest.mark.parametrize(("word", "period"), [
    ("perioden", "2025-01..2025-09"),
    ("månaden", "2025-09"),
    ("förra-månaden", "2025-08"),
    ("hittills-i-år", "2025-01..2025-09"),
    ("hittills-förra-månaden", "2025-01..2025-08"),
    ("tertialet", "2025-T2"),
    ("halvåret", "2025-H1"),
    ("helår", "2025"),
    ("2025-07", "2025-07"),
    ("2025-05..2025-08", "2025-05..2025-08"),
    ("2025-H1", "2025-01..2025-06"),
    ("2023", "2023"),
    ("för-2-år-sedan", "2023-01..2023-09"),
])
def test_every_period_form_resolves_against_the_report(word, period):
    assert parse_when(word).resolve(YEAR_TO_DATE) == Period.parse(period)


def test_relative_forms_at_the_turn_of_the_year():
    january = Period.parse("2026-01")
    assert parse_when("förra-månaden").resolve(january) == Period.parse("2025-12")
    assert parse_when("hittills-förra-månaden").resolve(january) == Period.parse("2025")
    assert parse_when("tertialet").resolve(january) == Period.parse("2025-T3")
    assert parse_when("halvåret").resolve(Period.parse("2025")) == Period.parse("2025-H2")


def test_words_combine_into_one_period():
    assert parse_when_words("förra-månaden för-1-år-sedan").resolve(YEAR_TO_DATE) == Period.parse("2024-08")
    assert parse_when_words("för-3-år-sedan helår").resolve(YEAR_TO_DATE) == Period.parse("2022")
    # Without a period of its own, years back count from the default (a section's period).
    assert When(None, 1).resolve(YEAR_TO_DATE, Period.parse("2025-T2")) == Period.parse("2024-T2")
    for text in ("förra-månaden 2025-T2", "för-1-år-sedan för-2-år-sedan", "senaste"):
        with pytest.raises(ValueError):
            parse_when_words(text)
    with pytest.raises(ValueError, match="mellan 1 och 50"):
        periods.years_back("för-0-år-sedan")


def metric(id, unit="mnkr", decimals=0, aggregation="summa", **more):
    return Metric(id, id.capitalize(), unit, decimals, "högre är bättre", aggregation, "", **more)


def row(metric_id, period, value, kind="utfall", made=None, dimension=None):
    return Observation(metric_id, Period.parse(period), kind, D(str(value)), None, dimension, False, "", "data/e.csv",
                       1, Month.parse(made) if made else None)


RESULT, RATE = metric("resultat"), metric("sjuk", "%", 2, "andel")
ROWS = [
    *(row("resultat", f"2025-{m:02d}", 10 * m) for m in range(1, 10)),
    *(row("resultat", f"2024-{m:02d}", 5 * m) for m in range(1, 13)),
    *(row("resultat", f"2023-{m:02d}", 4 * m) for m in range(1, 13)),
    row("resultat", "2025-01..2025-09", 300, "budget"),
    row("resultat", "2025", 500, "budget"),
    row("resultat", "2025", 380, "prognos", "2025-07"),
    row("resultat", "2025", 420, "prognos", "2025-08"),
    row("resultat", "2025", 400, "prognos", "2025-10"),  # made after the report's period: not yet known to it
    row("sjuk", "2025-01..2025-09", "5.94"), row("sjuk", "2025-01..2025-08", "5.90"),
    row("sjuk", "2024-01..2024-09", "5.61"),
]
BASIS = Basis(Data(metrics={"resultat": RESULT, "sjuk": RATE}, observations=ROWS, files={"resultat": "data/e.csv"}),
              Observations(ROWS), YEAR_TO_DATE)


def shown(written: str, default: Period | None = None) -> str:
    metric_id, *words = written.split()
    spec = parse_spec(words, written)
    return spec.compute(BASIS, spec.ask(BASIS.data.metrics[metric_id], YEAR_TO_DATE, default)).text


@pytest.mark.parametrize(("written", "text"), [
    ("resultat", "450\u00a0mnkr"),  # 10 + 20 + … + 90
    ("resultat månaden", "90\u00a0mnkr"),
    ("resultat förra-månaden", "80\u00a0mnkr"),
    ("resultat hittills-förra-månaden", "360\u00a0mnkr"),
    ("resultat 2025-T2", "260\u00a0mnkr"),  # May–August
    ("resultat fg-år", "225\u00a0mnkr"),
    ("resultat för-2-år-sedan", "180\u00a0mnkr"),
    ("resultat helår-fg-år", "390\u00a0mnkr"),
    ("resultat helår för-1-år-sedan", "390\u00a0mnkr"),
    ("resultat förändring", "+225\u00a0mnkr"),
    ("resultat förändring-2-år", "+270\u00a0mnkr"),
    ("resultat förändring-% förra-månaden", "+100,0\u00a0%"),  # August 80 against 40
    ("resultat förändring-%-2-år", "+150,0\u00a0%"),
    ("resultat mot-förra-månaden", "+90\u00a0mnkr"),  # January–September against January–August
    ("resultat mot-förra-månaden månaden", "+10\u00a0mnkr"),  # September against August
    ("sjuk mot-förra-månaden", "+0,04\u00a0procentenheter"),
    ("resultat budget", "300\u00a0mnkr"),
    ("resultat budget-helår", "500\u00a0mnkr"),
    ("resultat mot-budget", "+150\u00a0mnkr"),
    ("resultat prognos", "420\u00a0mnkr"),  # the newest made no later than September
    ("resultat förra-prognosen", "380\u00a0mnkr"),
    ("resultat prognos-mot-förra-prognosen", "+40\u00a0mnkr"),
    ("resultat prognos-mot-budget", "\u221280\u00a0mnkr"),
    ("resultat prognos-mot-fg-år", "+30\u00a0mnkr"),  # 420 against 2024's 390
])
def test_every_comparison_is_computed_from_data(written, text):
    assert shown(written) == text


def test_a_forecast_is_as_of_the_end_of_the_figures_own_period():
    assert shown("resultat prognos 2025-07") == "380\u00a0mnkr"  # made by July
    assert shown("resultat prognos förra-månaden") == "420\u00a0mnkr"  # made by August
    with pytest.raises(FigureError, match="finns bara lagd efter juni 2025"):
        shown("resultat prognos 2025-06")


@pytest.mark.parametrize(("written", "message"), [
    ("resultat 2025-10", "resultat: utfall för oktober 2025 ligger efter rapportens period, januari–september 2025"),
    ("resultat helår", "resultat: utfall för 2025 ligger efter rapportens period, januari–september 2025"),
    ("resultat för-50-år-sedan 1900", "resultat: perioden 1850 ligger före 1900"),
    ("resultat 1990-01..2025-09", "resultat: perioden januari 1990–september 2025 är 429 månader lång; ett tal kan "
                                  "gälla högst 240 månader"),
])
def test_a_figure_is_of_a_period_the_report_can_show(written, message):
    with pytest.raises(FigureError) as caught:
        shown(written)
    assert caught.value.message == message


def test_month_on_month_of_a_single_january_is_against_december():
    rows = [row("resultat", "2024-12", 70), row("resultat", "2025-01", 10), *(row("resultat", f"2024-{m:02d}", 5)
                                                                             for m in range(1, 12))]
    basis = Basis(Data(metrics={"resultat": RESULT}, observations=rows), Observations(rows), Period.parse("2025-01"))
    spec = parse_spec(["mot-förra-månaden"], "resultat mot-förra-månaden")
    ask = spec.ask(RESULT, basis.period)
    assert spec.compute(basis, ask).text == "\u221260\u00a0mnkr"
    assert spec.header(ask) == "Förändring mot dec 2024"


def test_a_sections_default_period_is_what_a_reference_without_one_shows():
    t2 = Period.parse("2025-T2")
    assert shown("resultat", t2) == "260\u00a0mnkr"
    assert shown("resultat fg-år", t2) == "130\u00a0mnkr"
    assert shown("resultat förra-månaden", t2) == "80\u00a0mnkr"  # relative forms stay the report's


def test_a_forecast_made_after_the_report_is_not_shown_and_says_so():
    later = Basis(BASIS.data, BASIS.observations, Period.parse("2025-01..2025-06"))
    spec = parse_spec(["prognos"], "resultat prognos")
    with pytest.raises(FigureError) as caught:
        spec.compute(later, spec.ask(RESULT, later.period))
    assert caught.value.message == ("resultat: prognos för 2025 finns bara lagd efter juni 2025 "
                                    "(lagd 2025-07, 2025-08, 2025-10)")
    october = Basis(BASIS.data, BASIS.observations, Period.parse("2025-01..2025-10"))
    assert spec.compute(october, spec.ask(RESULT, october.period)).text == "400\u00a0mnkr"


def test_a_missing_value_names_the_figure_the_period_and_the_file_and_no_other_period():
    with pytest.raises(FigureError) as caught:
        shown("resultat 2022-03")
    assert caught.value.message == "resultat: utfall saknas i data för mars 2022"
    assert caught.value.hint == "lägg till en rad för resultat med period 2022-03, typ utfall i data/e.csv"


def test_an_undated_forecast_has_no_previous_one():
    rows = [row("resultat", "2025", 420, "prognos")]
    basis = Basis(Data(metrics={"resultat": RESULT}, observations=rows), Observations(rows), YEAR_TO_DATE)
    spec = parse_spec(["förra-prognosen"], "resultat förra-prognosen")
    with pytest.raises(FigureError, match="ingen tidigare prognos för 2025"):
        spec.compute(basis, spec.ask(RESULT, YEAR_TO_DATE))
    assert parse_spec(["prognos"], "x").compute(basis, parse_spec([], "x").ask(RESULT, YEAR_TO_DATE)).text == "420\u00a0mnkr"


def test_a_total_printed_as_the_sum_of_its_rounded_parts():
    """`avrundning: delarnas summa`: the total shown is the sum of its parts as rounded, 0,4 + 0,4 = 0 (not 1)."""
    total = metric("summa", decimals=0, parts=("a", "b"), sum_of_rounded_parts=True)
    plain = metric("summa2", decimals=0, parts=("a", "b"))
    parts = {name: metric(name, decimals=0) for name in ("a", "b")}
    rows = [row("a", "2025", "10.4"), row("b", "2025", "20.4"), row("summa", "2025", "30.8"), row("summa2", "2025", "30.8"),
            row("a", "2024", "10"), row("b", "2024", "20"), row("summa", "2024", "30"), row("summa2", "2024", "30")]
    basis = Basis(Data(metrics={"summa": total, "summa2": plain, **parts}, observations=rows), Observations(rows),
                  Period.parse("2025"))
    spec = parse_spec([], "summa")
    assert spec.compute(basis, spec.ask(total, basis.period)).text == "30\u00a0mnkr"  # 10 + 20
    assert spec.compute(basis, spec.ask(plain, basis.period)).text == "31\u00a0mnkr"  # 30,8 as in data
    change = parse_spec(["förändring"], "summa förändring")
    assert change.compute(basis, change.ask(total, basis.period)).text == "0\u00a0mnkr"  # 30 against 30


def test_columns_and_series_are_checked_as_written():
    assert column_error("utfall förra-månaden") is None
    assert column_error("förändring-3-år 2025-T2") is None
    assert column_error("utfal")[0] == "'utfal' är ingen jämförelse och ingen period"
    assert column_error("utfal")[1].startswith("menade du 'utfall'?")
    assert "kan inte vara en kolumn" in column_error("andel")[0]
    assert "har en kategori" in column_error("utfall kön=kvinnor")[0]
    assert "har tagits bort" in column_error("sedan-förra")[0]


# The same, as an editor meets it: a project with data, sections, tables and charts.

METRICS = """
    nyckeltal:
      - id: resultat
        namn: Resultat
        enhet: mnkr
        decimaler: 0
        riktning: högre är bättre
        ackumulering: summa
      - id: personal
        namn: Personal
        enhet: antal
        decimaler: 0
        riktning: neutral
        ackumulering: senaste
"""


def data_rows() -> str:
    rows = ["nyckeltal,period,typ,varde,dimension,illustrativ,text,lagd"]
    rows += [f"resultat,{year}-{m:02d},utfall,{(year - 2020) * m},,,," for year in range(2021, 2026)
             for m in range(1, 13) if (year, m) <= (2025, 9)]
    rows += ["resultat,2025,prognos,40,,,,2025-07", "resultat,2025,prognos,52,,,,2025-08",
             "resultat,2025,budget,60,,,,", "personal,2025-08,utfall,7400,,,,", "personal,2025-09,utfall,7422,,,,"]
    return "\n".join(rows) + "\n"


@pytest.fixture
def project(minimal):
    write(minimal / "data/metrics.yml", METRICS)
    (minimal / "data/ekonomi.csv").write_text(data_rows(), encoding="utf-8")
    write(minimal / "data/tables.yml", """
        tabeller:
          - id: resultat
            rubrik: Resultatet
            rader:
              - resultat
              - nyckeltal: personal
                tomma: [utfall förra-månaden, förändring hittills-förra-månaden, prognos, förra-prognosen]
            kolumner: [utfall, utfall förra-månaden, förändring hittills-förra-månaden, prognos, förra-prognosen]
    """)
    write(minimal / "data/charts.yml", """
        diagram:
          - id: september
            typ: stapel
            rubrik: Resultatet i september
            alt: Stapeldiagram över resultatet i september fem år, senast {resultat månaden}.
            nyckeltal: resultat
            period: månaden
            år: 5
          - id: prognos-och-forra
            typ: stapel
            rubrik: Prognosen och den förra
            alt: Stapeldiagram över prognosen för 2025, {resultat prognos}, och den förra, {resultat förra-prognosen}.
            nyckeltal: resultat
            jämförelser: [förra-prognosen, prognos]
          - id: prognoserna
            typ: linje
            rubrik: Prognosen för 2025
            alt: Linjediagram över prognosen för 2025 månad för månad, senast {resultat prognos}.
            nyckeltal: resultat
            jämförelser: [prognos]
            månader: 3
    """)
    return minimal


def ekonomi(project, text: str, front: str = "") -> None:
    write(project / f"content/{SERIES}/2025-10/ekonomi.md", f"---\ntitel: Ekonomi\n{front}---\n{text}")


def article(project):
    assert run(project, "build", "--quiet", "--no-pdf") == 0
    return parse(project / f"site/{SERIES}/2025-10/index.html").find("article")


def test_tables_and_charts_name_the_periods_they_show(project):
    ekonomi(project, "Resultatet.\n\n{tabell resultat}\n\n{diagram september}\n\n{diagram prognoserna}\n\n"
            "{diagram prognos-och-forra}\n")
    page = article(project)
    table = page.find("table", id="tabell-resultat")
    assert table.find("caption").text == "Resultatet, jan–sep 2025"
    assert [th.text for th in table.find("thead").find_all("th")] == [
        "Nyckeltal", "Utfall jan–sep 2025", "Utfall aug 2025", "Förändring mot jan–aug 2024", "Prognos 2025 per augusti",
        "Föregående prognos 2025 per juli"]
    cells = [td.text for td in table.find("tbody").find("tr").find_all("td")]
    assert cells == ["225\u00a0mnkr", "40\u00a0mnkr", "+36\u00a0mnkr", "52\u00a0mnkr", "40\u00a0mnkr"]
    charts = page.find_all("figure")
    september = [[c.text for c in tr.children if getattr(c, "tag", "") in ("th", "td")] for tr in charts[0].find("tbody").find_all("tr")]
    assert september == [["Utfall sep 2021", "9\u00a0mnkr"], ["Utfall sep 2022", "18\u00a0mnkr"],
                         ["Utfall sep 2023", "27\u00a0mnkr"], ["Utfall sep 2024", "36\u00a0mnkr"],
                         ["Utfall sep 2025", "45\u00a0mnkr"]]
    movement = [[c.text for c in tr.children if getattr(c, "tag", "") in ("th", "td")] for tr in charts[1].find("tbody").find_all("tr")]
    assert movement == [["jul 2025", "40\u00a0mnkr"], ["aug 2025", "52\u00a0mnkr"], ["sep 2025", ""]]
    versions = [[c.text for c in tr.children if getattr(c, "tag", "") in ("th", "td")] for tr in charts[2].find("tbody").find_all("tr")]
    assert versions == [["Föregående prognos 2025 per juli", "40\u00a0mnkr"], ["Prognos 2025 per augusti", "52\u00a0mnkr"]]


def test_a_column_of_forecasts_made_in_different_months_says_so_per_value(project):
    csv = project / "data/ekonomi.csv"
    csv.write_text(csv.read_text(encoding="utf-8") + "personal,2025,prognos,7500,,,,2025-06\n"
                   "personal,2025,prognos,7450,,,,2025-09\nresultat,2025,prognos,99,,,,2025-12\n", encoding="utf-8")
    ekonomi(project, "Resultatet.\n\n{tabell resultat}\n\n{diagram prognoserna}\n")
    page = article(project)
    table = page.find("table", id="tabell-resultat")
    assert [th.text for th in table.find("thead").find_all("th")][4:] == ["Prognos 2025", "Föregående prognos 2025"]
    assert [[td.text for td in tr.find_all("td")][3:] for tr in table.find("tbody").find_all("tr")] == [
        ["52\u00a0mnkr (per augusti)", "40\u00a0mnkr (per juli)"], ["7\u00a0450 (per september)", "7\u00a0500 (per juni)"]]
    # The forecast made in December, after the report's period, is in no figure of the report.
    line = page.find_all("figure")[0]
    assert "99" not in line.find("tbody").text


def test_sums_of_forecasts_compare_the_versions_as_made(project, capsys):
    replace(project / "data/metrics.yml", "  - id: personal\n", "    summa_av: [del-a, del-b]\n"
            "  - id: del-a\n    namn: A\n    enhet: mnkr\n    decimaler: 0\n    riktning: neutral\n"
            "    ackumulering: summa\n  - id: del-b\n    namn: B\n    enhet: mnkr\n    decimaler: 0\n"
            "    riktning: neutral\n    ackumulering: summa\n  - id: personal\n")
    csv = project / "data/ekonomi.csv"
    csv.write_text(csv.read_text(encoding="utf-8") + "del-a,2025,prognos,30,,,,2025-07\ndel-b,2025,prognos,10,,,,2025-07\n"
                   "del-a,2025,prognos,20,,,,2025-08\n", encoding="utf-8")
    total = line_of(csv, "resultat,2025,prognos,52")
    a, b = line_of(csv, "del-a,2025,prognos,20"), line_of(csv, "del-b,2025,prognos,10")
    capsys.readouterr()
    assert run(project, "check") == 1
    assert [line for line in capsys.readouterr().err.splitlines() if line.startswith("data/")] == [
        f"data/ekonomi.csv:{total}: resultat 2025 (prognos, lagd 2025-08) är 52 men delarna ger del-a 20 (rad {a}) + "
        f"del-b 10 (rad {b}) = 30 Åtgärd: rätta totalen eller delarna så att de stämmer (skillnader inom avrundningen, "
        "här högst 1,5, godtas)"]


def test_a_section_sets_the_period_of_its_figures(project):
    ekonomi(project, "Hittills {resultat}, i fjol {resultat fg-år}, i augusti {resultat förra-månaden}.\n\n"
            "{tabell resultat}\n", front="period: hittills-förra-månaden\n")
    page = article(project)
    assert "Hittills 180\u00a0mnkr, i fjol 144\u00a0mnkr, i augusti 40\u00a0mnkr." in page.text
    assert page.find("table", id="tabell-resultat").find("caption").text == "Resultatet, jan–aug 2025"


def test_a_wrong_section_period_is_an_error_at_its_line(project, capsys):
    ekonomi(project, "Text.\n", front="period: förra-kvartalet\n")
    (error,) = errors(project, capsys)
    assert error.startswith(f"content/{SERIES}/2025-10/ekonomi.md:3: ")
    assert "'förra-kvartalet' är ingen period" in error


def test_an_empty_cell_is_an_error_in_a_published_report_unless_declared(project, capsys):
    replace(project / "data/tables.yml", ", prognos, förra-prognosen]", ", prognos]")
    ekonomi(project, "Text.\n\n{tabell resultat}\n")
    (error,) = errors(project, capsys)
    assert error == (
        f"content/{SERIES}/2025-10/ekonomi.md:6: tabellen resultat saknar värde på raden Personal, i kolumnen "
        "förra-prognosen: personal: prognos saknas i data för 2025 Åtgärd: lägg till en rad för personal med period "
        "2025, typ prognos i data/ekonomi.csv; eller, om cellen ska stå tom, skriv förra-prognosen under tomma på "
        "raden i data/tables.yml")
    replace(project / f"content/{SERIES}/2025-10/report.yml", "status: publicerad", "status: utkast")
    assert run(project, "check") == 0


def test_a_column_under_tomma_must_be_one_of_the_tables(project, capsys):
    replace(project / "data/tables.yml", ", prognos, förra-prognosen]", ", prognosen]")
    capsys.readouterr()
    assert run(project, "check") == 1
    (error,) = [line for line in capsys.readouterr().err.splitlines() if line.startswith("data/")]
    line = line_of(project / "data/tables.yml", "nyckeltal: personal")
    assert error == (f"data/tables.yml:{line}: 'prognosen' under tomma är ingen av tabellens kolumner Åtgärd: skriv "
                     "kolumnen som under kolumner: utfall, utfall förra-månaden, förändring hittills-förra-månaden, "
                     "prognos, förra-prognosen")


def test_a_published_report_whose_period_has_no_data_is_one_error_naming_the_period(project, capsys):
    report = project / f"content/{SERIES}/2025-10/report.yml"
    replace(report, "period: 2025-01..2025-09", "period: 2025-01..2025-10")
    write(project / f"content/{SERIES}/2025-11/report.yml", report.read_text(encoding="utf-8"))
    report.unlink()
    (project / f"content/{SERIES}/2025-10").rename(project / f"content/{SERIES}/2025-11-tmp")
    (project / f"content/{SERIES}/2025-11-tmp/report.yml").write_text(
        (project / f"content/{SERIES}/2025-11/report.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (project / f"content/{SERIES}/2025-11/report.yml").unlink()
    (project / f"content/{SERIES}/2025-11").rmdir()
    (project / f"content/{SERIES}/2025-11-tmp").rename(project / f"content/{SERIES}/2025-11")
    ekonomi_file = project / f"content/{SERIES}/2025-11/ekonomi.md"
    ekonomi_file.write_text("---\ntitel: Ekonomi\n---\nResultat {resultat}, i fjol {resultat fg-år}.\n",
                            encoding="utf-8")
    found = errors(project, capsys)
    assert found == [
        f"content/{SERIES}/2025-11/report.yml:1: rapporten är publicerad, men data har inga utfall för dess period, "
        "januari–oktober 2025 Åtgärd: lägg till utfallen för januari–oktober 2025 i data/ (period "
        "2025-01..2025-10, eller värden per månad till och med 2025-10), eller sätt status: utkast tills de finns",
        f"content/{SERIES}/2025-11/report.yml: 1 hänvisning till nyckeltal kontrollerades inte, eftersom det de "
        "hänvisar till har fel i filen Åtgärd: rätta filen och kör kontrollen igen",
    ]
    # A draft's references name what they miss, one by one.
    replace(project / f"content/{SERIES}/2025-11/report.yml", "status: publicerad", "status: utkast")
    assert errors(project, capsys) == [
        f"content/{SERIES}/2025-11/ekonomi.md:4: resultat: utfall saknas i data för januari–oktober 2025 Åtgärd: "
        "lägg till en rad för resultat med period 2025-01..2025-10, typ utfall i data/ekonomi.csv"]


def test_forecast_versions_in_data(project, capsys):
    csv = project / "data/ekonomi.csv"
    csv.write_text(csv.read_text(encoding="utf-8") + "resultat,2025,prognos,41,,,,2025-07\n"
                   "resultat,2025-09,utfall,1,,,,2025-09\nresultat,2025,budget,1,,,,2025-13\n", encoding="utf-8")
    first = line_of(csv, "resultat,2025,prognos,40,,,,2025-07")
    dated, outcome, month = (line_of(csv, text) for text in (",41,", ",1,,,,2025-09", "2025-13"))
    capsys.readouterr()
    assert run(project, "check") == 1
    assert [line for line in capsys.readouterr().err.splitlines() if line.startswith("data/")] == [
        f"data/ekonomi.csv:{dated}: resultat 2025 (prognos, lagd 2025-07) finns redan på rad {first} "
        "Åtgärd: ta bort den ena raden",
        f"data/ekonomi.csv:{outcome}: kolumnen lagd gäller bara budget och prognos, inte utfall "
        "Åtgärd: lämna lagd tom på den här raden",
        f"data/ekonomi.csv:{month}: lagd: '2025-13' är ingen månad; skriv år och månad som ÅÅÅÅ-MM, till exempel "
        "2025-09 Åtgärd: skriv månaden då budgeten eller prognosen gjordes",
    ]


def test_declarations_are_read_as_written(project, capsys):
    """`tomma: []` declares no empty cell; a name twice, a row twice, `år: true`, a period that is no period and
    a column name in capitals are errors that show what was written and what to write."""
    replace(project / "data/tables.yml", "tomma: [utfall förra-månaden,", "tomma: [prognos, prognos, utfall förra-månaden,")
    replace(project / "data/tables.yml", "      - resultat\n", "      - resultat\n      - resultat\n")
    replace(project / "data/charts.yml", "år: 5", "år: true")
    replace(project / "data/ekonomi.csv", "text,lagd", "text,Lagd")
    ekonomi(project, "Text.\n", front="period: 1.5\n")
    capsys.readouterr()
    assert run(project, "check") == 1
    err = capsys.readouterr().err
    tables, charts = project / "data/tables.yml", project / "data/charts.yml"
    assert f"data/tables.yml:{line_of(tables, 'tomma:')}: fältet 'tomma' har 'prognos' två gånger" in err
    assert (f"data/tables.yml:{line_of(tables, '- resultat') + 1}: raden för resultat står två gånger i tabellen "
            "Åtgärd: ta bort den ena raden") in err
    assert f"data/charts.yml:{line_of(charts, 'år: true')}: fältet 'år' 'true' ska vara ett antal år mellan 2 och 50" in err
    assert "okända kolumner Lagd (menade du lagd?)" in err
    assert "'1.5' är ingen period" in err and "hittills-förra-månaden" in err
    replace(project / "data/tables.yml", "tomma: [prognos, prognos, utfall förra-månaden, förändring "
            "hittills-förra-månaden, prognos, förra-prognosen]", "tomma: []")
    replace(project / "data/tables.yml", "      - resultat\n      - resultat\n", "      - resultat\n")
    replace(project / "data/charts.yml", "år: true", "år: 5")
    replace(project / "data/ekonomi.csv", "text,Lagd", "text,lagd")
    ekonomi(project, "Text.\n")
    assert run(project, "check") == 0  # `tomma: []`: no empty cell declared, and the table is not placed
