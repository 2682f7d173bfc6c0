"""The pages Nyckeltal: an overview, and per key figure its definition, values in the reports, chart and links."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, SERIES, run, write
from htmlpage import Element, parse
from test_check import errors
from test_figures import set_prose, with_data  # noqa: F401 (fixture)

from builder.figures import TABLE_COLUMNS
from builder.metrics import load_data
from builder.problems import Problems


def figure_page(site: Path, metric_id: str) -> Element:
    return parse(site / f"nyckeltal/{metric_id}/index.html").find("article")


def history_rows(article: Element) -> list[list[str]]:
    """The table of the figure in the reports: period and values per row."""
    table = article.find("table", class_="nyckeltal-historik")
    return [[td.text for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]


def test_every_key_figure_has_a_page_with_its_definition(example_site):
    problems = Problems(REPO)
    metrics = load_data(REPO / "data", problems, TABLE_COLUMNS).metrics
    overview = parse(example_site / "nyckeltal/index.html")
    linked = {a.attrs["href"] for a in overview.find("article").find_all("a")}
    for metric_id, metric in metrics.items():
        assert f"{metric_id}/" in linked
        article = figure_page(example_site, metric_id)
        assert article.find("h1").heading_text == metric.label
        dl = article.find("dl")
        terms = {dt.text: dd.text for dt, dd in zip(dl.find_all("dt"), dl.find_all("dd"))}
        assert terms["Vad det mäter"] == metric.description
        assert terms["Enhet"] in (metric.unit, "%")
        assert {"Tolkning", "Period"} <= set(terms)
    groups = [h.heading_text for h in overview.find("article").find_all("h2")]
    assert groups == ["Ekonomi", "Personal", "Produktion"]
    nav = overview.find("nav", class_="md-nav--primary")
    assert "Nyckeltal" in [a.text.strip() for a in nav.find_all("a")]


def test_values_over_the_reports_match_the_reports(example_site):
    article = figure_page(example_site, "sjukfranvaro")
    table = article.find("table", class_="nyckeltal-historik")
    newest = table.find("tbody").find("tr")
    assert newest.find("th").text == "Regiondirektörens rapport oktober 2025"
    period, outcome = [td.text for td in newest.find_all("td")][:2]
    assert period == "jan–sep 2025"
    report = parse(example_site / "regiondirektorens-rapport/2025-10/index.html").find("article")
    shown = [s.text for s in report.find_all("span", class_="nyckeltal") if s.attrs.get("data-nyckeltal") == "sjukfranvaro"]
    assert outcome in shown  # the same value, formatted the same way, as in the report
    for link in table.find_all("a"):
        assert (example_site / "nyckeltal/sjukfranvaro" / link.attrs["href"] / "index.html").resolve().is_file()
    overview_row = next(tr for tr in parse(example_site / "nyckeltal/index.html").find_all("tr")
                        if tr.find_all("a") and tr.find("a").attrs["href"] == "sjukfranvaro/")
    assert [td.text for td in overview_row.find_all("td")][:2] == [period, outcome]


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
