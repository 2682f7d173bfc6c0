"""The page Nyckeltal: every key figure with its definition, its values in the reports, a chart and links."""

from __future__ import annotations

from conftest import REPO, SERIES, run, write
from htmlpage import Element, parse
from test_check import errors
from test_figures import set_prose, with_data  # noqa: F401 (fixture)

from builder.figures import TABLE_COLUMNS
from builder.metrics import load_data
from builder.problems import Problems


def figure_sections(page: Element) -> dict[str, list[Element]]:
    """Key figure id -> the elements between its heading and the next one."""
    article = page.find("article")
    sections: dict[str, list[Element]] = {}
    current = None
    for child in article.children:
        if not isinstance(child, Element):
            continue
        if child.tag in ("h2", "h3"):
            current = child.attrs["id"] if child.tag == "h3" else None
            if current:
                sections[current] = []
        elif current:
            sections[current].append(child)
    return sections


def text_of(elements: list[Element]) -> str:
    return " ".join(e.text for e in elements)


def test_every_key_figure_has_its_definition(example_site):
    problems = Problems(REPO)
    metrics = load_data(REPO / "data", problems, TABLE_COLUMNS).metrics
    page = parse(example_site / "nyckeltal/index.html")
    sections = figure_sections(page)
    assert set(sections) == set(metrics)
    for metric_id, elements in sections.items():
        terms = {dt.text: dd.text for el in elements for dl in el.find_all("dl")
                 for dt, dd in zip(dl.find_all("dt"), dl.find_all("dd"))}
        metric = metrics[metric_id]
        assert terms["Vad det mäter"] == metric.description
        assert terms["Enhet"] in (metric.unit, "%")
        assert {"Tolkning", "Period"} <= set(terms)
    toc = {a.attrs["href"] for a in page.find("nav", class_="md-nav--secondary").find_all("a")}
    assert {f"#{m}" for m in metrics} <= toc


def test_values_over_the_reports_match_the_reports(example_site):
    sections = figure_sections(parse(example_site / "nyckeltal/index.html"))
    table = next(e for e in sections["sjukfranvaro"] if e.tag == "div" and e.find_all("table")).find("table")
    newest = table.find("tbody").find("tr")
    assert newest.find("th").text == "Regiondirektörens rapport oktober 2025"
    period, outcome = [td.text for td in newest.find_all("td")][:2]
    assert period == "jan–sep 2025"
    report = parse(example_site / "regiondirektorens-rapport/2025-10/index.html").find("article")
    shown = [s.text for s in report.find_all("span", class_="nyckeltal") if s.attrs.get("data-nyckeltal") == "sjukfranvaro"]
    assert outcome in shown  # the same value, formatted the same way, as in the report
    for link in table.find_all("a"):
        assert (example_site / "nyckeltal" / link.attrs["href"] / "index.html").is_file()


def test_chart_over_time_with_two_periods_or_more(with_data, report_dir):  # noqa: F811
    set_prose(report_dir, "Sjukfrånvaron är {sjukfranvaro}.\n")
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    sections = figure_sections(parse(with_data / "site/nyckeltal/index.html"))
    sick_leave = sections["sjukfranvaro"]
    charts = [f for e in sick_leave for f in ([e] if e.tag == "figure" else e.find_all("figure"))]
    assert len(charts) == 1
    assert [th.text for th in charts[0].find("tbody").find_all("th")] == ["jan–sep 2024", "jan–sep 2025"]
    assert charts[0].find("svg") is not None
    table_rows = [[c.text for c in tr.find_all("td")] for tr in
                  next(e for e in sick_leave if e.find_all("table") and e.tag == "div").find("tbody").find_all("tr")]
    assert table_rows == [["jan–sep 2025", "5,94\u00a0%", "5,61\u00a0%", "+0,33\u00a0procentenheter"]]
    assert "Visas i Testrapporten oktober 2025." in text_of(sick_leave)
    # one period only: a table but no chart; not referenced: said so
    employees = sections["anstallda"]
    assert not any(e.tag == "figure" or e.find_all("figure") for e in employees)
    assert "Visas inte i någon publicerad rapport." in text_of(employees)
    # shown, but with no outcome for the report's period: said so instead of an empty table
    csv_file = with_data / "data/ekonomi.csv"
    csv_file.write_text(csv_file.read_text(encoding="utf-8") + "finansnetto,2025-01..2025-09,budget,-400,,,\n",
                        encoding="utf-8")
    set_prose(report_dir, "Sjukfrånvaron är {sjukfranvaro}. Finansnettot var budgeterat till {finansnetto budget}.\n")
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    finance = figure_sections(parse(with_data / "site/nyckeltal/index.html"))["finansnetto"]
    assert "Rapporterna visar inget utfall för sina egna perioder" in text_of(finance)
    assert not any(e.find_all("table") for e in finance)


def test_editors_may_link_to_a_key_figure(with_data, report_dir, capsys):  # noqa: F811
    set_prose(report_dir, "Se [sjukfrånvaron över tid](../../nyckeltal/#sjukfranvaro).\n")
    assert run(with_data, "check") == 0
    set_prose(report_dir, "Se [sjukfrånvaron över tid](../../nyckeltal/#sjukfranvar).\n")
    assert errors(with_data, capsys) == [
        "content/rapport-test/2025-10/ekonomi.md:4: länken '../../nyckeltal/#sjukfranvar' pekar på en rubrik som inte "
        "finns Åtgärd: kontrollera ankaret efter #; rubrikerna på sidan har id anstallda, finansnetto, "
        "omrade-ekonomi, omrade-ovriga, periodens-resultat, sjukfranvaro, soliditet, verksamhetens-resultat"]


def test_drafts_do_not_appear(with_data):  # noqa: F811
    draft = with_data / f"content/{SERIES}/2025-10/report.yml"
    draft.write_text(draft.read_text(encoding="utf-8").replace("status: publicerad", "status: utkast"), encoding="utf-8")
    write(with_data / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\nSjukfrånvaron är {sjukfranvaro}.\n")
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    sections = figure_sections(parse(with_data / "site/nyckeltal/index.html"))
    assert "Testrapporten" not in text_of(sections["sjukfranvaro"])


def test_a_figure_shown_only_per_category_has_a_row_per_category(with_data, report_dir):  # noqa: F811
    csv_file = with_data / "data/ekonomi.csv"
    write(with_data / "data/metrics.yml", (with_data / "data/metrics.yml").read_text(encoding="utf-8") + """
  - id: andel-anstallda
    namn: Andel av de anställda
    enhet: "%"
    decimaler: 0
    riktning: neutral
    ackumulering: andel
""")
    csv_file.write_text(csv_file.read_text(encoding="utf-8") + "andel-anstallda,2025-01..2025-09,utfall,55,kön=kvinnor,,\n"
                        "andel-anstallda,2025-01..2025-09,utfall,45,kön=män,,\n", encoding="utf-8")
    set_prose(report_dir, "Av de anställda är {andel-anstallda kön=kvinnor} kvinnor.\n")
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    section = figure_sections(parse(with_data / "site/nyckeltal/index.html"))["andel-anstallda"]
    table = next(e for e in section if e.tag == "div" and e.find_all("table")).find("table")
    rows = [[td.text for td in tr.find_all("td")][:2] for tr in table.find("tbody").find_all("tr")]
    assert rows == [["jan–sep 2025, kvinnor", "55\u00a0%"], ["jan–sep 2025, män", "45\u00a0%"]]


def test_editors_may_link_to_a_group_of_key_figures(with_data, report_dir):  # noqa: F811
    set_prose(report_dir, "Se [ekonominyckeltalen](../../nyckeltal/#omrade-ekonomi).\n")
    assert run(with_data, "check") == 0
