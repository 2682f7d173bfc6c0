"""The home page answers "how is it going?": the newest published report of the main series first, with the
headline figures its series names; and the key-figure overview sets apart the figures older reports gave."""

from __future__ import annotations

import re

import pytest
from conftest import SERIES, run, write
from htmlpage import parse
from test_check import errors, line_of

HOME_METRICS = """
    nyckeltal:
      - id: resultat
        namn: Resultat
        enhet: mnkr
        decimaler: 0
        riktning: högre är bättre
        ackumulering: summa
      - id: sjukfranvaro
        namn: Sjukfrånvaro
        enhet: "%"
        decimaler: 1
        riktning: lägre är bättre
        ackumulering: andel
      - id: anstallda
        namn: Anställda
        enhet: antal
        decimaler: 0
        riktning: neutral
        ackumulering: senaste
      - id: resultat-forandring
        namn: Resultatets förändring
        enhet: mnkr
        decimaler: 0
        riktning: högre är bättre
        ackumulering: summa
        forandring: ja
      - id: soliditet
        namn: Soliditet
        enhet: "%"
        decimaler: 1
        riktning: högre är bättre
        ackumulering: senaste
"""
HOME_DATA = """
    nyckeltal,period,typ,varde,dimension,illustrativ,text
    resultat,2025-01..2025-09,utfall,120,,,
    resultat,2025-01..2025-09,budget,150,,,
    resultat,2024-01..2024-09,utfall,100,,,
    sjukfranvaro,2025-01..2025-09,utfall,5.2,,,
    sjukfranvaro,2024-01..2024-09,utfall,5.6,,,
    anstallda,2025-09,utfall,7422,,,
    anstallda,2024-09,utfall,7300,,,
    anstallda,2025-06,utfall,7400,,,
    anstallda,2024-06,utfall,7350,,,
"""


@pytest.fixture
def home(minimal):
    write(minimal / "data/metrics.yml", HOME_METRICS)
    write(minimal / "data/ekonomi.csv", HOME_DATA)
    series = minimal / f"content/{SERIES}/series.yml"
    series.write_text(series.read_text(encoding="utf-8")
                      + 'startsida_nyckeltal: ["resultat mot-budget", sjukfranvaro, anstallda]\n', encoding="utf-8")
    return minimal


def test_the_home_page_leads_with_the_newest_report_and_its_headline_figures(home):
    assert run(home, "build", "--quiet", "--no-pdf") == 0
    page = parse(home / "site/index.html").find("article")
    newest = page.find("div", class_="senaste-rapport")
    assert newest.find("a").attrs["href"] == f"{SERIES}/2025-10/"
    cards = newest.find("ul", class_="rubriktal").find_all("li")
    seen = [(c.attrs["class"], c.find(class_="rubriktal-namn").text, c.find(class_="rubriktal-varde").text,
             re.sub(r"[ \n]+", " ", c.find(class_="rubriktal-jamforelse").text).strip()) for c in cards]
    assert seen == [
        ("rubriktal-samre", "Resultat", "120\u00a0mnkr", "är 30\u00a0mnkr sämre än budget"),
        ("rubriktal-battre", "Sjukfrånvaro", "5,2\u00a0%",
         "Bättre: har minskat med 0,4\u00a0procentenheter jämfört med januari–september 2024"),
        ("rubriktal-neutral", "Anställda", "7\u00a0422", "har ökat med 122 jämfört med januari–september 2024"),
    ]


def test_a_draft_is_not_the_newest_report_on_the_public_home_page(home):
    draft = home / f"content/{SERIES}/2025-11"
    for name in ("inledning.md", "ekonomi.md"):
        write(draft / name, (home / f"content/{SERIES}/2025-10" / name).read_text(encoding="utf-8"))
    write(draft / "report.yml", (home / f"content/{SERIES}/2025-10/report.yml").read_text(encoding="utf-8")
          .replace("2025-01..2025-09", "2025-01..2025-10").replace("status: publicerad", "status: utkast")
          .replace("publiceringsdatum: 2025-10-21\n", ""))
    assert run(home, "build", "--quiet", "--no-pdf") == 0
    page = parse(home / "site/index.html").find("article")
    assert page.find("div", class_="senaste-rapport").find("a").attrs["href"] == f"{SERIES}/2025-10/"


@pytest.mark.parametrize(("items", "message"), [
    ('["resultat mot-budget", okand, anstallda]', "okänt nyckeltal 'okand'"),
    ('["resultat utfall", sjukfranvaro, anstallda]', "'resultat utfall' under startsida_nyckeltal jämför inte"),
    ("[resultat, sjukfranvaro]", "startsida_nyckeltal har 2 nyckeltal; startsidan visar 3–6"),
    ("[resultat-forandring, sjukfranvaro, anstallda]", "resultat-forandring är själv en förändring"),
    ("[resultat, sjukfranvaro, anstallda, resultat, sjukfranvaro, anstallda, resultat]",
     "startsida_nyckeltal har 7 nyckeltal; startsidan visar 3–6"),
])
def test_a_wrong_headline_figure_is_an_error_at_its_line(minimal, capsys, items, message):
    write(minimal / "data/metrics.yml", HOME_METRICS)
    write(minimal / "data/ekonomi.csv", HOME_DATA)
    series = minimal / f"content/{SERIES}/series.yml"
    series.write_text(series.read_text(encoding="utf-8") + f"startsida_nyckeltal: {items}\n", encoding="utf-8")
    found = errors(minimal, capsys)
    line = line_of(series, "startsida_nyckeltal")
    assert [e for e in found if message in e and e.startswith(f"content/{SERIES}/series.yml:{line}:")], found


def test_the_overview_keeps_figures_of_older_reports_apart_and_has_no_row_without_a_value(home):
    older = home / f"content/{SERIES}/2025-07"
    write(older / "report.yml", (home / f"content/{SERIES}/2025-10/report.yml").read_text(encoding="utf-8")
          .replace("period: 2025-01..2025-09", "period: 2025-01..2025-06").replace("2025-10-21", "2025-07-15"))
    write(older / "inledning.md", "---\ntitel: Inledning\n---\nPersonalen: {anstallda} anställda.\n")
    write(older / "ekonomi.md", "---\ntitel: Ekonomi\n---\nText.\n")
    write(home / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\nResultatet: {resultat}.\n")
    assert run(home, "build", "--quiet", "--no-pdf") == 0
    page = parse(home / "site/nyckeltal/index.html").find("article")
    tables = page.find_all("table")
    rows = [[r.find("th").text for r in t.find("tbody").find_all("tr")] for t in tables]
    captions = [t.find("caption").text for t in tables]
    assert rows == [["Resultat"], ["Anställda"]]  # no row for those without a value in any report
    assert captions[0].endswith("utfall för januari–september 2025, den senaste perioden i rapporterna")
    assert captions[1].endswith("senast redovisade för januari–juni 2025")
    assert [h.text.rstrip("¶") for h in page.find_all("h3")] == [captions[1]]  # the older figures under their own heading
    sources = [p.text for p in page.find_all("p", class_="kalla")]
    assert sources == ["Källa: Testregionen. Uppgifterna avser januari–september 2025 och publicerades 21 oktober 2025.",
                       "Källa: Testregionen. Uppgifterna avser januari–juni 2025 och publicerades 15 juli 2025."]
    assert [a.text for a in page.find_all("a") if a.text in ("Sjukfrånvaro", "Soliditet")] == ["Sjukfrånvaro", "Soliditet"]


def test_a_headline_figure_without_last_years_value_shows_its_value_alone(home):
    data = home / "data/ekonomi.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("sjukfranvaro,2024-01..2024-09,utfall,5.6,,,\n", ""),
                    encoding="utf-8")
    assert run(home, "build", "--quiet", "--no-pdf") == 0
    cards = parse(home / "site/index.html").find("ul", class_="rubriktal").find_all("li")
    sick = [c for c in cards if c.find(class_="rubriktal-namn").text == "Sjukfrånvaro"]
    assert len(cards) == 3 and sick[0].find(class_="rubriktal-varde").text == "5,2\u00a0%"
    assert sick[0].find_all(class_="rubriktal-jamforelse") == [] and sick[0].attrs["class"] == "rubriktal-neutral"


def test_headline_figures_of_a_series_without_reports_are_checked(minimal, capsys):
    write(minimal / "data/metrics.yml", HOME_METRICS)
    write(minimal / "data/ekonomi.csv", HOME_DATA)
    other = minimal / "content/ny-serie/series.yml"
    write(other, "titel: Ny serie\navsnitt:\n  - id: inledning\n    titel: Inledning\n"
                 'startsida_nyckeltal: ["resultat mot-budget", okant, anstallda]\n')
    site = minimal / "content/site.yml"
    site.write_text(site.read_text(encoding="utf-8") + f"serier: [{SERIES}, ny-serie]\n", encoding="utf-8")
    found = errors(minimal, capsys)
    assert [e for e in found if e.startswith("content/ny-serie/series.yml:5:") and "okänt nyckeltal 'okant'" in e], found


def test_the_overview_names_a_figure_the_reports_give_only_per_category(home):
    metrics = home / "data/metrics.yml"
    metrics.write_text(metrics.read_text(encoding="utf-8") + "  - id: besok\n    namn: Besök\n    enhet: antal\n"
                       "    decimaler: 0\n    riktning: neutral\n    ackumulering: summa\n", encoding="utf-8")
    data = home / "data/ekonomi.csv"
    data.write_text(data.read_text(encoding="utf-8") + "besok,2025-01..2025-09,utfall,400,kön=kvinnor,,\n"
                    "besok,2025-01..2025-09,utfall,300,kön=män,,\n", encoding="utf-8")
    write(home / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\nKvinnorna: {besok kön=kvinnor}.\n")
    assert run(home, "build", "--quiet", "--no-pdf") == 0
    page = parse(home / "site/nyckeltal/index.html").find("article")
    rows = [r.find("th").text for t in page.find_all("table") for r in t.find("tbody").find_all("tr")]
    assert "Besök" not in rows
    said = [p.text for p in page.find_all("p") if p.text.startswith("Redovisas i rapporterna bara per kategori")]
    assert said == ["Redovisas i rapporterna bara per kategori, se nyckeltalets sida: Besök."]
