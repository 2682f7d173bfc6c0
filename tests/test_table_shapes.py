"""The table shapes of data/tables.yml: a row per category of a dimension, columns for several years or months,
the first column's header, subtotal and total rows (set apart, read out, checked against their parts), and a
link from each row to its key figure's page; on the site and in the PDF."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import SERIES, run, write
from htmlpage import parse
from test_check import errors, line_of, replace

NBSP = "\u00a0"


@pytest.fixture
def project(minimal):
    write(minimal / "data/metrics.yml", """
        nyckeltal:
          - id: besok
            namn: Besök
            enhet: antal
            decimaler: 0
            avrundning: exakt
            riktning: neutral
            ackumulering: summa
          - id: kostnad
            namn: Kostnad
            enhet: mnkr
            decimaler: 0
            riktning: lägre är bättre
            ackumulering: summa
          - id: kostnad-personal
            namn: Personalkostnad
            enhet: mnkr
            decimaler: 0
            riktning: lägre är bättre
            ackumulering: summa
          - id: kostnad-ovrigt
            namn: Övriga kostnader
            enhet: mnkr
            decimaler: 0
            riktning: lägre är bättre
            ackumulering: summa
    """)
    rows = ["nyckeltal,period,typ,varde,dimension,illustrativ,text"]
    for year, base in ((2023, 100), (2024, 110), (2025, 120)):
        rows += [f"besok,{year}-01..{year}-09,utfall,{base * 6},,,",
                 f"besok,{year}-01..{year}-09,utfall,{base},område=psykiatri,,",
                 f"besok,{year}-01..{year}-09,utfall,{base * 2},område=somatik,,",
                 f"besok,{year}-01..{year}-09,utfall,{base * 3},område=primärvård,,"]
    rows += [f"kostnad-personal,2025-{m:02d},utfall,{10 + m},,," for m in range(1, 10)]
    rows += [f"kostnad-ovrigt,2025-{m:02d},utfall,{5 + m},,," for m in range(1, 10)]
    rows += [f"kostnad,2025-{m:02d},utfall,{15 + 2 * m},,," for m in range(1, 10)]
    (minimal / "data/varden.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    write(minimal / "data/tables.yml", """
        tabeller:
          - id: per-omrade
            rubrik: Besök per vårdområde
            radrubrik: Vårdområde
            rader:
              - nyckeltal: besok
                per: område
                kategorier: [primärvård, psykiatri, somatik]
              - nyckeltal: besok
                rubrik: Alla vårdområden
                typ: summa
            kolumner: [utfall]
            år: 3
          - id: per-manad
            rubrik: Kostnaderna månad för månad
            rader:
              - kostnad-personal
              - kostnad-ovrigt
              - nyckeltal: kostnad
                typ: summa
            kolumner: [utfall]
            månader: 3
    """)
    return minimal


def ekonomi(project, text: str) -> None:
    write(project / f"content/{SERIES}/2025-10/ekonomi.md", f"---\ntitel: Ekonomi\n---\n{text}")


def table(project, table_id: str):
    page = parse(project / f"site/{SERIES}/2025-10/index.html")
    return page.find("table", id=f"tabell-{table_id}")


def cells(row) -> list[str]:
    return [" ".join(c.text.replace(NBSP, " ").split()) for c in row.children
            if not isinstance(c, str) and c.tag in ("th", "td")]


def test_a_row_per_category_and_years_as_columns(project):
    ekonomi(project, "Besöken.\n\n{tabell per-omrade}\n")
    assert run(project, "build", "--quiet", "--no-pdf") == 0
    found = table(project, "per-omrade")
    assert found.find("caption").text == "Besök per vårdområde, jan–sep 2025 och samma period de 2 åren innan"
    assert cells(found.find("thead").find("tr")) == [
        "Vårdområde", "Utfall jan–sep 2023", "Utfall jan–sep 2024", "Utfall jan–sep 2025"]
    body = found.find("tbody").find_all("tr")
    assert [cells(r) for r in body] == [
        ["Primärvård", "300", "330", "360"], ["Psykiatri", "100", "110", "120"], ["Somatik", "200", "220", "240"],
        ["Alla vårdområden (summa)", "600", "660", "720"]]
    # The total is set apart and says what it is; every row links to its key figure's page, which exists.
    assert body[-1].attrs.get("class") == "summa" and "class" not in body[0].attrs
    assert body[-1].find("th").find("span", class_="visuellt-dold").text == " (summa)"
    links = {r.find("th").find("a").attrs["href"] for r in body}
    assert links == {"../../nyckeltal/besok/"}
    assert (project / f"site/{SERIES}/2025-10/../../nyckeltal/besok/index.html").resolve().is_file()


def test_months_as_columns_with_a_checked_total(project, capsys):
    ekonomi(project, "Kostnaderna.\n\n{tabell per-manad}\n")
    assert run(project, "build", "--quiet", "--no-pdf") == 0
    found = table(project, "per-manad")
    assert found.find("caption").text == "Kostnaderna månad för månad, jul–sep 2025"
    assert cells(found.find("thead").find("tr"))[1:] == ["Utfall jul 2025", "Utfall aug 2025", "Utfall sep 2025"]
    assert cells(found.find("tbody").find_all("tr")[-1]) == ["Kostnad (summa)", "29 mnkr", "31 mnkr", "33 mnkr"]
    # A total that is not the sum of its rows is an error at the table's place, naming the row and column.
    # Rounded data may miss by their rounding (here 1,5 mnkr), not more.
    replace(project / "data/varden.csv", "kostnad,2025-08,utfall,31,,,", "kostnad,2025-08,utfall,35,,,")
    (error,) = errors(project, capsys)
    assert error.replace(NBSP, " ").startswith(
        f"content/{SERIES}/2025-10/ekonomi.md:6: tabellen per-manad: summan på raden Kostnad är 35 mnkr i kolumnen "
        "Utfall aug 2025, men raderna den summerar (Personalkostnad, Övriga kostnader) blir 31 mnkr")


def test_a_subtotal_sums_the_rows_since_the_last_one(project, capsys):
    write(project / "data/tables.yml", """
        tabeller:
          - id: delsummor
            rubrik: Besök och kostnader
            rader:
              - nyckeltal: besok
                per: område
              - nyckeltal: besok
                typ: delsumma
            kolumner: [utfall]
    """)
    ekonomi(project, "Text.\n\n{tabell delsummor}\n")
    assert run(project, "build", "--quiet", "--no-pdf") == 0
    body = table(project, "delsummor").find("tbody").find_all("tr")
    assert [cells(r)[0] for r in body] == ["Psykiatri", "Somatik", "Primärvård", "Besök (delsumma)"]  # data's order
    assert body[-1].attrs.get("class") == "delsumma"


@pytest.mark.parametrize(("rows", "message"), [
    ("      - nyckeltal: kostnad\n        typ: summa\n", "är en summa men har inga rader ovanför"),
    ("      - besok\n      - nyckeltal: kostnad\n        typ: summa\n", "är en summa i mnkr, men raderna ovanför är i antal"),
    ("      - nyckeltal: besok\n        kategorier: [somatik]\n", "kategorier kräver per"),
    ("      - nyckeltal: besok\n        per: område\n        typ: summa\n", "kan inte ha per"),
    ("      - nyckeltal: besok\n        per: område\n        rubrik: Besök\n", "har både per och rubrik"),
])
def test_a_table_declared_wrong_is_an_error_at_its_line(project, capsys, rows, message):
    write(project / "data/tables.yml", "tabeller:\n  - id: fel\n    rubrik: Fel\n    rader:\n" + rows +
          "    kolumner: [utfall]\n")
    capsys.readouterr()
    assert run(project, "check") == 1
    err = capsys.readouterr().err
    assert message in err and err.startswith("data/tables.yml:")


def test_every_shape_in_the_pdf(project):
    ekonomi(project, "Besöken.\n\n{tabell per-omrade}\n\n{tabell per-manad}\n")
    assert run(project, "build", "--quiet") == 0
    pdf = next((project / f"site/{SERIES}/2025-10").glob("*.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Vårdområde" in text and "Alla vårdområden" in text and "Utfall jan–sep 2023" in text
    assert "Utfall jul 2025" in text and "Utfall sep 2025" in text
    # The first column's header and the rows' links come along; the link is absolute or relative, never a file path.
    assert "file:" not in pdf.read_bytes().decode("latin-1")
    assert line_of(project / "data/tables.yml", "radrubrik") > 0


def test_the_caption_names_the_period_its_columns_show(project):
    replace(project / "data/tables.yml", "    kolumner: [utfall]\n    år: 3\n",
            "    kolumner: [utfall hittills-förra-månaden]\n")
    write(project / "data/varden.csv", (project / "data/varden.csv").read_text(encoding="utf-8").replace(
        "2025-01..2025-09", "2025-01..2025-08"))
    ekonomi(project, "Besöken.\n\n{tabell per-omrade}\n")
    assert run(project, "build", "--quiet", "--no-pdf") == 0
    found = table(project, "per-omrade")
    assert found.find("caption").text == "Besök per vårdområde, jan–aug 2025"


def test_a_table_without_a_column_to_show_is_an_error_not_a_crash(project, capsys):
    write(project / "data/tables.yml", """
        tabeller:
          - id: utan
            rubrik: Utan kolumner
            rader: [besok]
            kolumner: []
          - id: fel
            rubrik: Bara fel kolumner
            rader: [besok]
            kolumner: [förändring fras]
            månader: 2
    """)
    ekonomi(project, "Text.\n\n{tabell utan}\n\n{tabell fel}\n")
    capsys.readouterr()
    assert run(project, "check") == 1
    err = capsys.readouterr().err
    assert "tabellen utan har inga kolumner" in err and "'förändring fras' har en fras" in err
    assert "Traceback" not in err


def test_a_total_over_months_allows_the_rounding_of_each_month(project, capsys):
    """A value for January to September is the sum of nine rounded months: each may be half a unit off."""
    write(project / "data/tables.yml", """
        tabeller:
          - id: kostnader
            rubrik: Kostnader
            rader: [kostnad-personal, kostnad-ovrigt, {nyckeltal: kostnad, typ: summa}]
            kolumner: [utfall]
    """)
    ekonomi(project, "Text.\n\n{tabell kostnader}\n")
    data = (project / "data/varden.csv").read_text(encoding="utf-8")
    for month in range(1, 10):  # each month's total one more than its rounded parts: 9 mnkr in all
        data = data.replace(f"kostnad,2025-{month:02d},utfall,{15 + 2 * month},", f"kostnad,2025-{month:02d},utfall,{16 + 2 * month},")
    write(project / "data/varden.csv", data)
    capsys.readouterr()
    assert run(project, "check") == 0, capsys.readouterr().err
    # Nine months of three rounded values may be 13,5 mnkr off in all, not more.
    replace(project / "data/varden.csv", "kostnad,2025-09,utfall,34,", "kostnad,2025-09,utfall,40,")
    (error,) = errors(project, capsys)
    assert "summan på raden Kostnad är 240 mnkr" in error.replace(NBSP, " ")


def test_a_total_sums_the_subtotals_and_the_rows_after_them(project, capsys):
    write(project / "data/tables.yml", """
        tabeller:
          - id: blandad
            rubrik: Kostnader
            rader:
              - kostnad-personal
              - nyckeltal: kostnad-personal
                rubrik: Personal totalt
                typ: delsumma
              - kostnad-ovrigt
              - nyckeltal: kostnad
                typ: summa
            kolumner: [utfall]
            månader: 2
    """)
    ekonomi(project, "Text.\n\n{tabell blandad}\n")
    assert run(project, "build", "--quiet", "--no-pdf") == 0
    body = table(project, "blandad").find("tbody").find_all("tr")
    assert [cells(r) for r in body][1:] == [["Personal totalt (delsumma)", "18 mnkr", "19 mnkr"],
                                            ["Övriga kostnader", "13 mnkr", "14 mnkr"],
                                            ["Kostnad (summa)", "31 mnkr", "33 mnkr"]]
    # The total counts the row after the subtotal: leaving it out of the data's total is an error.
    replace(project / "data/varden.csv", "kostnad,2025-09,utfall,33,", "kostnad,2025-09,utfall,19,")
    (error,) = errors(project, capsys)
    assert "raderna den summerar (Personal totalt, Övriga kostnader) blir 33 mnkr" in error.replace(NBSP, " ")


def test_a_table_of_months_shows_a_figure_of_the_whole_year_once(project):
    with (project / "data/varden.csv").open("a", encoding="utf-8") as csv:
        csv.write("kostnad,2025,prognos,400,,,\nkostnad-personal,2025,prognos,250,,,\nkostnad-ovrigt,2025,prognos,150,,,\n")
    replace(project / "data/tables.yml", "    kolumner: [utfall]\n    månader: 3", "    kolumner: [utfall, prognos]\n    månader: 3")
    ekonomi(project, "Kostnaderna.\n\n{tabell per-manad}\n")
    assert run(project, "build", "--quiet", "--no-pdf") == 0
    found = table(project, "per-manad")
    assert found.find("caption").text == "Kostnaderna månad för månad, jul–sep 2025"
    assert cells(found.find("thead").find("tr"))[1:] == [
        "Utfall jul 2025", "Utfall aug 2025", "Utfall sep 2025", "Prognos 2025"]
    assert cells(found.find("tbody").find_all("tr")[-1])[-1] == "400 mnkr"


@pytest.mark.parametrize(("shape", "message"), [
    ("    kolumner: [utfall, fg-år, förändring, budget]\n    år: 20\n    månader: 24\n", "har både år och månader"),
    ("    kolumner: [prognos, mål]\n    månader: 3\n", "har månader, men alla dess kolumner gäller hela året"),
    ("    kolumner: [utfall, fg-år, förändring]\n    månader: 24\n", "får 72 kolumner; högst 60 går"),
])
def test_a_table_shape_that_cannot_be_shown_is_one_error_at_its_line(project, capsys, shape, message):
    """One error, at the table's line in data/tables.yml; placing the table is then not checked, so no 'okänd
    tabell' follows."""
    write(project / "data/tables.yml", "tabeller:\n  - id: fel\n    rubrik: Fel\n    rader: [besok]\n" + shape)
    ekonomi(project, "Text.\n\n{tabell fel}\n")
    capsys.readouterr()
    assert run(project, "check") == 1
    err = capsys.readouterr().err
    (line,) = [line for line in err.splitlines() if re.match(r"data/tables.yml:[0-9]+: ", line)]
    assert message in line and "okänd tabell" not in err


def test_a_figure_of_the_whole_year_counts_as_one_column_in_a_table_of_months(project, capsys):
    write(project / "data/tables.yml", "tabeller:\n  - id: manader\n    rubrik: Månader\n    rader: [besok]\n"
          "    kolumner: [utfall, fg-år, prognos]\n    månader: 24\n")  # 24 + 24 + 1 columns
    capsys.readouterr()
    assert run(project, "check") == 0, capsys.readouterr().err


def test_a_table_has_at_most_so_many_rows(project, capsys):
    from builder.base.limits import TABLE_ROWS
    with (project / "data/varden.csv").open("a", encoding="utf-8") as csv:
        csv.writelines(f"besok,2025-01..2025-09,utfall,1,område=o{i},,\n" for i in range(TABLE_ROWS))
    ekonomi(project, "Besöken.\n\n{tabell per-omrade}\n")
    replace(project / "data/tables.yml", "        kategorier: [primärvård, psykiatri, somatik]\n", "")
    (error,) = errors(project, capsys)
    assert f"tabellen per-omrade får {TABLE_ROWS + 4} rader; högst {TABLE_ROWS} går" in error
