"""The pages Nyckeltal: an overview, and per key figure its definition, values in the reports, chart and links."""

from __future__ import annotations

from pathlib import Path

from conftest import SERIES, run, write
from htmlpage import Element, parse
from test_check import errors
from test_figures import set_prose, with_data  # noqa: F401 (fixture)


def figure_page(site: Path, metric_id: str) -> Element:
    return parse(site / f"nyckeltal/{metric_id}/index.html").find("article")


def history_rows(article: Element) -> list[list[str]]:
    """The table of the figure in the reports: period and values per row."""
    table = article.find("table", class_="nyckeltal-historik")
    return [[td.text for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]


# The fixture's key figures (data/metrics.yml): name and definition list on the figure's page.
DEFINITIONS = {
    "resultat": ("Resultat", {
        "Enhet": "mnkr", "Vad det mäter": "Förbundets resultat från årets början.",
        "Tolkning": "Ett högre värde är bättre.",
        "Period": "Värdet för en period är summan av periodens månader."}),
    "medarbetare": ("Medarbetare", {
        "Enhet": "antal", "Vad det mäter": "Antal anställda vid periodens slut.",
        "Tolkning": "Varken ett högre eller ett lägre värde är i sig bättre.",
        "Period": "Värdet för en period är värdet i periodens sista månad."}),
    "resor": ("Resor", {
        "Enhet": "antal", "Vad det mäter": "Antal resor med förbundets bussar från årets början.",
        "Tolkning": "Ett högre värde är bättre.",
        "Period": "Värdet för en period är summan av periodens månader."}),
}


def test_every_key_figure_has_a_page_with_its_definition(fixture_site):
    overview = parse(fixture_site / "nyckeltal/index.html")
    linked = {a.attrs["href"] for a in overview.find("article").find_all("a")}
    for metric_id, (name, terms) in DEFINITIONS.items():
        assert f"{metric_id}/" in linked
        article = figure_page(fixture_site, metric_id)
        assert article.find("h1").heading_text == name
        dl = article.find("dl")
        assert {dt.text: dd.text for dt, dd in zip(dl.find_all("dt"), dl.find_all("dd"))} == terms
    groups = [h.heading_text for h in overview.find("article").find_all("h2")]
    assert groups == ["Trafik"]  # the file data/trafik.csv
    rows = [[tr.find("th").text, *(td.text for td in tr.find_all("td"))]
            for tr in overview.find("article").find("tbody").find_all("tr")]
    assert rows == [["Resultat", "4,1\u00a0mnkr", "+0,6\u00a0mnkr"], ["Medarbetare", "215", "+9"],
                    ["Resor", "66\u00a0400", "+4\u00a0300"]]
    assert overview.find("article").find("caption").text.endswith("utfall för januari–maj 2024, den senaste perioden i rapporterna")
    nav = overview.find("nav", class_="md-nav--primary")
    assert "Nyckeltal" in [a.text.strip() for a in nav.find_all("a")]


def test_values_over_the_reports_match_the_reports(fixture_site):
    article = figure_page(fixture_site, "resultat")
    table = article.find("table", class_="nyckeltal-historik")
    assert [tr.find("th").text for tr in table.find("tbody").find_all("tr")] == [
        "Rapport till förbundsstyrelsen juni 2024", "Rapport till förbundsstyrelsen maj 2024",
        "Delårsrapport januari–april 2024", "Årsredovisning 2023"]
    assert history_rows(article) == [
        ["jan–maj 2024", "4,1\u00a0mnkr", "3,5\u00a0mnkr", "+0,6\u00a0mnkr"],
        ["jan–apr 2024", "3,2\u00a0mnkr", "2,9\u00a0mnkr", "+0,3\u00a0mnkr"],
        ["jan–apr 2024", "3,2\u00a0mnkr", "2,9\u00a0mnkr", "+0,3\u00a0mnkr"],
        ["helår 2023", "7,4\u00a0mnkr", "6,1\u00a0mnkr", "+1,3\u00a0mnkr"],
    ]
    report = parse(fixture_site / "styrelserapport/2024-06/index.html").find("article")
    shown = [s.text for s in report.find_all("span", class_="nyckeltal") if s.attrs.get("data-nyckeltal") == "resultat"]
    assert "4,1\u00a0mnkr" in shown  # the same value, formatted the same way, as in the report
    hrefs = [link.attrs["href"] for link in table.find_all("a")]
    assert hrefs == ["../../styrelserapport/2024-06/", "../../styrelserapport/2024-05/", "../../delarsrapport/2024-T1/",
                     "../../arsredovisning/2023/"]
    for href in hrefs:
        assert (fixture_site / "nyckeltal/resultat" / href / "index.html").resolve().is_file()
    overview_row = next(tr for tr in parse(fixture_site / "nyckeltal/index.html").find_all("tr")
                        if tr.find_all("a") and tr.find("a").attrs["href"] == "resultat/")
    assert [td.text for td in overview_row.find_all("td")][:1] == ["4,1\u00a0mnkr"]


def test_chart_compares_the_same_months_each_year(with_data, report_dir):  # noqa: F811
    set_prose(report_dir, "Sjukfrånvaron är {sjukfranvaro}. Vi har {anstallda} anställda.\n")
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    sick_leave = figure_page(with_data / "site", "sjukfranvaro")
    (chart,) = sick_leave.find_all("figure")
    assert chart.find("figcaption").text.startswith("Sjukfrånvaro, jan–sep varje år")
    assert [th.text for th in chart.find("tbody").find_all("th")] == ["jan–sep 2024", "jan–sep 2025"]
    assert chart.find("svg") is not None
    assert history_rows(sick_leave) == [["jan–sep 2025", "5,94\u00a0%", "5,61\u00a0%", "+0,33\u00a0procentenheter"]]
    assert "Visas" not in sick_leave.text  # the table's rows are the reports that show it
    # one period only: a table but no chart
    employees = figure_page(with_data / "site", "anstallda")
    assert not employees.find_all("figure") and history_rows(employees)
    # not shown in any report: said so
    assert "Visas inte i någon publicerad rapport." in figure_page(with_data / "site", "soliditet").text


def test_a_figure_shown_without_an_outcome_for_the_period_says_so(with_data, report_dir):  # noqa: F811
    csv_file = with_data / "data/ekonomi.csv"
    csv_file.write_text(csv_file.read_text(encoding="utf-8") + "finansnetto,2025-01..2025-09,budget,-400,,,\n",
                        encoding="utf-8")
    set_prose(report_dir, "Finansnettot var budgeterat till {finansnetto budget}.\n")
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    finance = figure_page(with_data / "site", "finansnetto")
    assert not finance.find_all("table")
    assert " ".join(finance.text.split()).count(
        "Visas i Testrapporten oktober 2025, men utan utfall för rapportens period.") == 1


def test_a_figure_shown_only_per_category_has_a_row_per_category(with_data, report_dir):  # noqa: F811
    write(with_data / "data/metrics.yml", (with_data / "data/metrics.yml").read_text(encoding="utf-8") + """
  - id: andel-anstallda
    namn: Andel av de anställda
    enhet: "%"
    decimaler: 0
    riktning: neutral
    ackumulering: andel
""")
    csv_file = with_data / "data/ekonomi.csv"
    csv_file.write_text(csv_file.read_text(encoding="utf-8") + "andel-anstallda,2025-01..2025-09,utfall,55,kön=kvinnor,,\n"
                        "andel-anstallda,2025-01..2025-09,utfall,45,kön=män,,\n", encoding="utf-8")
    set_prose(report_dir, "Av de anställda är {andel-anstallda kön=kvinnor} kvinnor.\n")
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    rows = [row[:2] for row in history_rows(figure_page(with_data / "site", "andel-anstallda"))]
    assert rows == [["jan–sep 2025, kvinnor", "55\u00a0%"], ["jan–sep 2025, män", "45\u00a0%"]]


def test_editors_may_link_to_a_key_figure(with_data, report_dir, capsys):  # noqa: F811
    set_prose(report_dir, "Se [sjukfrånvaron över tid](../../nyckeltal/sjukfranvaro/) och "
              "[ekonomin](../../nyckeltal/#omrade-ekonomi).\n")
    assert run(with_data, "check") == 0
    set_prose(report_dir, "Se [sjukfrånvaron över tid](../../nyckeltal/sjukfranvar/).\n")
    assert errors(with_data, capsys) == [
        "content/rapport-test/2025-10/ekonomi.md:4: länken '../../nyckeltal/sjukfranvar/' pekar på något som inte "
        "finns på webbplatsen Åtgärd: länka till en rapport som ../2025-10/, till ett avsnitt som #ekonomi, eller "
        "till en fil i rapportens mapp"]


def test_drafts_do_not_appear(with_data):  # noqa: F811
    draft = with_data / f"content/{SERIES}/2025-10/report.yml"
    draft.write_text(draft.read_text(encoding="utf-8").replace("status: publicerad", "status: utkast"), encoding="utf-8")
    write(with_data / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\nSjukfrånvaron är {sjukfranvaro}.\n")
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    assert "Testrapporten" not in figure_page(with_data / "site", "sjukfranvaro").text


def test_the_page_shows_how_the_forecast_for_a_year_moved(fixture_site):
    """A forecast made in more than one month (column lagd) is listed by the month it was made, oldest first."""
    article = figure_page(fixture_site, "resultat")
    table = article.find("table", class_="nyckeltal-prognoser")
    assert table.find("caption").text == "Prognosen för 2024, efter månaden då den lades"
    assert [[c.text for c in tr.children if getattr(c, "tag", "") in ("th", "td")]
            for tr in table.find("tbody").find_all("tr")] == [["april 2024", "9,0\u00a0mnkr"], ["maj 2024", "9,6\u00a0mnkr"]]
    assert figure_page(fixture_site, "resor").find_all("table", class_="nyckeltal-prognoser") == []
