"""Every key-figure table and chart on a report page offers its data in three formats, with the same numbers."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SERIES, run, write
from htmlpage import Element, parse
from test_figures import set_prose, with_data  # noqa: F401 (fixture)
from test_pdf import page_texts

from builder.base import swedish
from builder.compute.downloads import csv_bytes, json_bytes

# The fixture's reports and, in page order, the key-figure tables, charts and goal indicator tables on each.
DOWNLOADS = {
    "styrelserapport/2024-05": ["tabell-ekonomi-i-korthet", "diagram-resor-per-linje"],
    "styrelserapport/2024-06": ["tabell-ekonomi-i-korthet", "diagram-resor-per-linje"],
    "delarsrapport/2024-T1": ["tabell-ekonomi-i-korthet", "diagram-resor-per-linje", "styrmatt-fler-resenarer"],
    "arsredovisning/2023": ["tabell-ekonomi-i-korthet", "diagram-resor-per-linje", "styrmatt-fler-resenarer"],
}
REPORTS = list(DOWNLOADS)
SWEDISH_NUMBER = re.compile(r"-?\d+(,\d+)?")


def read_csv(path: Path, swedish_format: bool) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == swedish_format, f"{path.name}: BOM only in the Swedish CSV"
    text = raw.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if swedish_format else ","))


def as_value(text: str, swedish_format: bool):
    """A CSV cell as a number if it is one, else its text; '' as None."""
    if text == "":
        return None
    number = text.replace(",", ".") if swedish_format else text
    return Decimal(number) if re.fullmatch(r"-?\d+(\.\d+)?", number) else text


def downloads(page: Element) -> list[tuple[Element, dict[str, str]]]:
    """Each download paragraph with its links by format, and the table or figure it belongs to."""
    found = []
    for paragraph in page.find_all("p", class_="nedladdning"):
        siblings = [e for e in paragraph.parent.children if isinstance(e, Element)]
        # the table's region, or in a figure its data table (the source line between them does not count)
        before = [e for e in siblings[: siblings.index(paragraph)] if e.attrs.get("class") != "kalla"][-1]
        holder = paragraph.parent if paragraph.parent.tag == "figure" else before
        caption = holder.find("caption").text
        links = {}
        for a in paragraph.find_all("a"):
            visible, hidden = a.children[0], a.find("span", class_="visuellt-dold").text
            assert hidden == f", {caption}"  # which table or chart, for a list of links read out of context
            links[visible] = a.attrs["href"]
        found.append((holder, links))
    return found


def dataset(folder: Path, links: dict[str, str]) -> tuple[list[str], list[list]]:
    """Header and rows from the three files, checked to agree with each other."""
    sv = read_csv(folder / links["CSV för svenska kalkylprogram"], swedish_format=True)
    intl = read_csv(folder / links["CSV med decimalpunkt"], swedish_format=False)
    document = json.loads((folder / links["JSON"]).read_text(encoding="utf-8"), parse_float=Decimal)
    assert sv[0] == intl[0]
    for cell in (c for row in sv[1:] for c in row):
        assert "\u2212" not in cell and "\u00a0" not in cell, cell  # hyphen-minus, no grouping
        if re.fullmatch(r"[-\d.,\s]+", cell):
            assert SWEDISH_NUMBER.fullmatch(cell), f"not a plain Swedish number: {cell!r}"
    sv_rows = [[as_value(c, True) for c in row] for row in sv[1:]]
    intl_rows = [[as_value(c, False) for c in row] for row in intl[1:]]
    assert sv_rows == intl_rows
    columns = document["kolumner"]
    first_value = sv[0].index("Enhet") + 1
    assert sv[0][first_value:-1] == columns
    for row, record in zip(sv_rows, document["rader"], strict=True):
        assert row[0] == record["rubrik"] and (row[first_value - 1] or "") == record["enhet"]
        json_values = [record["varden"][c] for c in columns]
        json_values = [Decimal(v) if isinstance(v, int) else v for v in json_values]
        texts_as_in_csv = [as_value(v.replace("\u00a0", " ").replace("\u2212", "-"), False) if isinstance(v, str) else v
                           for v in json_values]  # a target such as '12' reads as a number in CSV
        assert row[first_value:-1] == texts_as_in_csv
        assert row[-1] == ("ja" if record["illustrativ"] else "nej")
    return sv[0], sv_rows


def shown_number(text: str) -> tuple[Decimal, int] | None:
    """'−595 mnkr' -> (-595, 0); '5,94 %' -> (5.94, 2); None for text that is not one number."""
    match = re.match(r"^([+\u2212]?)([\d\u00a0]+)(?:,(\d+))?(?:\u00a0\S+)?$", text.strip().rstrip("*"))
    if not match:
        return None
    sign, whole, decimals = match.groups()
    number = Decimal(f"{'-' if sign == swedish.MINUS else ''}{whole.replace(swedish.NBSP, '')}.{decimals or '0'}")
    return number, len(decimals or "")


@pytest.mark.parametrize("report", REPORTS)
def test_every_key_figure_table_and_chart_offers_three_downloads(fixture_site, report):
    page = parse(fixture_site / report / "index.html").find("article")
    tables = [t for t in page.find_all("table", class_="nyckeltal")
              if t.attrs.get("id", "").startswith(("tabell-", "styrmatt-"))]  # key figures, goal indicators
    charts = page.find_all("figure", class_="diagram")
    offered = downloads(page)
    assert len(offered) == len(tables) + len(charts) == len(DOWNLOADS[report])
    for (_, links), stem in zip(offered, DOWNLOADS[report]):
        assert links == {"CSV för svenska kalkylprogram": f"data/{stem}-sv.csv",
                         "CSV med decimalpunkt": f"data/{stem}.csv", "JSON": f"data/{stem}.json"}
        for href in links.values():
            assert (fixture_site / report / href).is_file(), href


@pytest.mark.parametrize("report", REPORTS)
def test_downloads_hold_the_numbers_the_page_shows(fixture_site, report):
    """Each number on the page is its download's value, rounded to the decimals shown."""
    page = parse(fixture_site / report / "index.html").find("article")
    compared = 0
    for holder, links in downloads(page):
        header, rows = dataset(fixture_site / report, links)
        table = holder.find("table")
        if "styrmatt" in table.attrs["class"]:
            continue  # an indicator's parts share one cell on the page; see the test below
        first_value = header.index("Enhet") + 1
        for html_row, row in zip(table.find("tbody").find_all("tr"), rows, strict=True):
            assert html_row.find("th").text.strip() == row[0]
            for cell, value in zip(html_row.find_all("td"), row[first_value:-1], strict=True):
                shown = shown_number(cell.text)
                if isinstance(value, Decimal):
                    assert shown is not None, cell.text
                    number, decimals = shown
                    assert number == swedish.round_half_up(value, decimals), (links["JSON"], cell.text, value)
                    compared += 1
                elif value is None:
                    assert "ingen uppgift" in cell.text or cell.text == ""
    assert compared > 0


# The outcome column of each report's key-figure table: its period and the values in data/trafik.csv.
OUTCOMES = {
    "styrelserapport/2024-05": ("2024-01..2024-04", "Utfall jan–apr 2024",
                                {"resultat": Decimal("3.2"), "medarbetare": 212, "resor": 51200}),
    "styrelserapport/2024-06": ("2024-01..2024-05", "Utfall jan–maj 2024",
                                {"resultat": Decimal("4.1"), "medarbetare": 215, "resor": 66400}),
    "delarsrapport/2024-T1": ("2024-01..2024-04", "Utfall jan–apr 2024",
                              {"resultat": Decimal("3.2"), "medarbetare": 212, "resor": 51200}),
    "arsredovisning/2023": ("2023", "Utfall helår 2023",
                            {"resultat": Decimal("7.4"), "medarbetare": 209, "resor": 151300}),
}


@pytest.mark.parametrize("report", list(OUTCOMES))
def test_table_outcomes_in_downloads_are_the_values_in_data(fixture_site, report):
    """The outcome column of every key-figure table is the observation in data/."""
    period, column, values = OUTCOMES[report]
    path = fixture_site / report / "data/tabell-ekonomi-i-korthet.json"
    document = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    assert document["period"] == period
    assert {row["nyckeltal"]: row["varden"][column] for row in document["rader"]} == values


def test_downloads_keep_every_decimal_of_the_data(with_data, report_dir):  # noqa: F811
    """A value the page rounds is in its download to the last decimal of data/."""
    csv_file = with_data / "data/ekonomi.csv"
    csv_file.write_text(csv_file.read_text(encoding="utf-8").replace(",5.94,", ",5.9437,"), encoding="utf-8")
    write(with_data / "data/tables.yml", """
        tabeller:
          - id: personal
            rubrik: Personal
            rader: [sjukfranvaro]
            kolumner: [utfall]
    """)
    set_prose(report_dir, "{tabell personal}\n")
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    page = parse(with_data / "site" / SERIES / report_dir.name / "index.html").find("article")
    assert [td.text for td in page.find("table", id="tabell-personal").find_all("td")] == ["5,94\u00a0%"]
    folder = with_data / "site" / SERIES / report_dir.name / "data"
    assert read_csv(folder / "tabell-personal-sv.csv", swedish_format=True)[1][3] == "5,9437"
    document = json.loads((folder / "tabell-personal.json").read_text(encoding="utf-8"), parse_float=Decimal)
    assert document["rader"][0]["varden"] == {"Utfall jan–sep 2025": Decimal("5.9437")}


def test_illustrative_values_are_marked_in_downloads(with_data):  # noqa: F811
    write(with_data / "data/tables.yml", """
        tabeller:
          - id: personal
            rubrik: Personal
            rader:
              - anstallda
              - nyckeltal: sjukfranvaro
                tomma: [budget]
            kolumner: [utfall, budget]
    """)
    set_prose(with_data / f"content/{SERIES}/2025-10", "{tabell personal}\n")
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    folder = with_data / f"site/{SERIES}/2025-10/data"
    rows = read_csv(folder / "tabell-personal-sv.csv", swedish_format=True)
    assert rows[0] == ["Nyckeltal", "Nyckeltal-id", "Enhet", "Utfall jan–sep 2025", "Budget jan–sep 2025", "Illustrativ"]
    assert rows[1] == ["Anställda", "anstallda", "antal", "7422", "7400", "ja"]
    assert rows[2] == ["Sjukfrånvaro", "sjukfranvaro", "%", "5,94", "", "nej"]
    document = json.loads((folder / "tabell-personal.json").read_text(encoding="utf-8"))
    assert [r["illustrativ"] for r in document["rader"]] == [True, False]
    assert document["rader"][1]["varden"] == {"Utfall jan–sep 2025": 5.94, "Budget jan–sep 2025": None}


def test_csv_dialects():
    rows = [["Soliditet; fullfondering", Decimal("-12.50"), None, "16 %\u00a0eller högre"]]
    swedish_csv = csv_bytes(["Rad", "Värde", "Tom", "Mål"], rows, swedish=True)
    assert swedish_csv == ('\ufeffRad;Värde;Tom;Mål\r\n"Soliditet; fullfondering";-12,50;;16 % eller högre\r\n'
                           .encode("utf-8"))
    plain = csv_bytes(["Rad", "Värde", "Tom", "Mål"], rows, swedish=False)
    assert plain == b"Rad,V\xc3\xa4rde,Tom,M\xc3\xa5l\r\nSoliditet; fullfondering,-12.50,,16 % eller h\xc3\xb6gre\r\n"


def test_downloads_are_offered_on_the_site_not_in_the_pdf(fixture_site):
    text = "\n".join(page_texts(fixture_site / "styrelserapport/2024-06/styrelserapport-2024-06.pdf"))
    assert "Ekonomi i korthet" in text and "Resor per linje" in text
    assert "Ladda ned" not in text and "kalkylprogram" not in text


def test_links_in_the_introduction_work_from_the_home_page(with_data):  # noqa: F811
    write(with_data / f"content/{SERIES}/2025-10/inledning.md", """
        ---
        titel: Inledning
        ---
        Läs om [ekonomin](#ekonomi) och jämför med [förra året](../).

        {tabell finans}
    """)
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    site = with_data / "site"
    excerpt = parse(site / "index.html").find("div", class_="senaste-rapport")
    hrefs = [a.attrs["href"] for a in excerpt.find_all("a")]
    assert f"{SERIES}/2025-10/#ekonomi" in hrefs and f"{SERIES}/" in hrefs
    downloads_ = [a.attrs["href"] for p in excerpt.find_all("p", class_="nedladdning") for a in p.find_all("a")]
    assert downloads_ == [f"{SERIES}/2025-10/data/tabell-finans{suffix}" for suffix in ("-sv.csv", ".csv", ".json")]
    assert all((site / href).is_file() for href in downloads_)


@pytest.mark.parametrize("report, values", [
    ("delarsrapport/2024-T1", {"Resor per invånare hittills i år": {
        "Styrelse/nämnd": "FS", "Mål 2024": "Minst 10\u00a0st", "Utfall": Decimal("9.8"),
        "Föregående": Decimal("9.1"), "Måluppfyllelse": "delvis uppfyllt", "Utveckling": "förbättring"}}),
    ("arsredovisning/2023", {"Resor per invånare och år": {
        "Styrelse/nämnd": "FS", "Mål 2023": "Minst 30\u00a0st", "Utfall": Decimal("31.5"),
        "Föregående": Decimal("29.8"), "Måluppfyllelse": "uppfyllt", "Utveckling": "förbättring"}}),
])
def test_goal_indicator_downloads_hold_the_values_in_data(fixture_site, report, values):
    """The goal plan of the report's year (data/goals/<år>/): owner, target, outcome and previous outcome."""
    path = fixture_site / report / "data/styrmatt-fler-resenarer.json"
    rows = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)["rader"]
    assert {row["rubrik"]: row["varden"] for row in rows} == values


def test_json_keeps_every_digit():
    values = [Decimal("5.940"), Decimal("-12.5"), Decimal("0.12345678901234567890"), Decimal("1E+3"), Decimal("-0")]
    document = json.loads(json_bytes({"v": values, "t": 'citat "inom" text'}), parse_float=Decimal)
    assert [str(v) for v in document["v"]] == ["5.940", "-12.5", "0.12345678901234567890", "1000", "0"]
    assert document["t"] == 'citat "inom" text'
