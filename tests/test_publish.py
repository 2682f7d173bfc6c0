"""Published means frozen: `rapport publicera` records what a report shows, and later builds serve that
record and fail, naming each figure, when data or text would change it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SERIES, run, write
from pdfua import structure_problems, validator_failures

METRICS = """
    nyckeltal:
      - id: i-texten
        namn: Talet i texten
        enhet: antal
        decimaler: 0
        riktning: neutral
        ackumulering: summa
      - id: i-tabellen
        namn: Talet i tabellen
        enhet: antal
        decimaler: 0
        riktning: neutral
        ackumulering: summa
      - id: i-diagrammet
        namn: Talet i diagrammet
        enhet: antal
        decimaler: 0
        riktning: neutral
        ackumulering: summa
"""
DATA = """
    nyckeltal,period,typ,varde,dimension,illustrativ,text
    i-texten,2025-01..2025-09,utfall,120,,,
    i-tabellen,2025-01..2025-09,utfall,40,,,
    i-diagrammet,2025-01..2025-09,utfall,7,,,
    i-texten,2025-01..2025-08,utfall,100,,,
"""
TABLES = """
    tabeller:
      - id: tabellen
        rubrik: Tabellen
        rader:
          - i-tabellen
        kolumner: [utfall]
"""
CHARTS = """
    diagram:
      - id: diagrammet
        typ: stapel
        rubrik: Diagrammet
        alt: Ett stapeldiagram med en stapel.
        nyckeltal: [i-diagrammet]
"""
ROW = {"texten": "i-texten,2025-01..2025-09,utfall,120,", "tabellen": "i-tabellen,2025-01..2025-09,utfall,40,",
       "diagrammet": "i-diagrammet,2025-01..2025-09,utfall,7,"}


@pytest.fixture
def project(minimal):
    write(minimal / "data/metrics.yml", METRICS)
    write(minimal / "data/varden.csv", DATA)
    write(minimal / "data/tables.yml", TABLES)
    write(minimal / "data/charts.yml", CHARTS)
    folder = minimal / f"content/{SERIES}/2025-10"
    write(folder / "inledning.md", """
        ---
        titel: Inledning
        ---
        Under perioden räknades {i-texten} stycken.
    """)
    write(folder / "ekonomi.md", """
        ---
        titel: Ekonomi
        ---
        Tabellen och diagrammet visar resten.

        {tabell tabellen}

        {diagram diagrammet}
    """)
    _set(folder / "report.yml", "status: publicerad", "status: utkast")
    _set(folder / "report.yml", "publiceringsdatum: 2025-10-21", "publiceringsdatum:")
    return minimal


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _record(root: Path, name: str = "2025-10") -> dict:
    return json.loads((root / f"content/{SERIES}/{name}/publicerad/tillstand.json").read_text(encoding="utf-8"))


def _article(root: Path, name: str = "2025-10") -> str:
    """The report page's content, without the site's navigation."""
    page = (root / f"site/{SERIES}/{name}/index.html").read_text(encoding="utf-8")
    return re.search(r"<article\b.*?</article>", page, re.DOTALL).group(0)


def _november_draft(root: Path) -> None:
    """A copy of the published October report as the November draft."""
    newer = root / f"content/{SERIES}/2025-11"
    for name in ("inledning.md", "ekonomi.md"):
        write(newer / name, (root / f"content/{SERIES}/2025-10" / name).read_text(encoding="utf-8"))
    write(newer / "report.yml", (root / f"content/{SERIES}/2025-10/report.yml").read_text(encoding="utf-8")
          .replace("status: publicerad", "status: utkast").replace("publiceringsdatum: 2025-10-21", ""))


def _site_pdf(root: Path, name: str = "2025-10") -> bytes:
    return (root / f"site/{SERIES}/{name}/{SERIES}-{name}.pdf").read_bytes()


@pytest.fixture
def published(project, capsys):
    assert run(project, "publicera", SERIES, "2025-10", "--datum", "2025-10-21") == 0
    assert "Publicerade" in capsys.readouterr().out
    assert run(project, "build", "--quiet") == 0
    return project


def test_publishing_records_every_figure_with_its_data_rows_and_the_pdf(published):
    report_yml = (published / f"content/{SERIES}/2025-10/report.yml").read_text(encoding="utf-8")
    assert "status: publicerad" in report_yml and "publiceringsdatum: 2025-10-21" in report_yml
    record = _record(published)
    by_place = {f["place"]: f for f in record["figures"]}
    assert by_place["avsnitt inledning"]["text"] == "120"
    assert by_place["avsnitt inledning"]["rows"] == [["i-texten 2025-01..2025-09 utfall", "120"]]
    assert by_place["tabell tabellen"]["rows"] == [["i-tabellen 2025-01..2025-09 utfall", "40"]]
    assert by_place["diagram diagrammet"]["rows"] == [["i-diagrammet 2025-01..2025-09 utfall", "7"]]
    assert [s["id"] for s in record["sections"]] == ["inledning", "ekonomi"]
    recorded_pdf = published / f"content/{SERIES}/2025-10/publicerad/{record['pdf']}"
    assert _site_pdf(published) == recorded_pdf.read_bytes()
    assert not (published / f"site/{SERIES}/2025-10/publicerad").exists()  # the record is not an attachment


@pytest.mark.parametrize("place", ["texten", "tabellen", "diagrammet"])
def test_a_changed_data_row_fails_the_build_naming_the_figure(published, place, capsys):
    page = (published / f"site/{SERIES}/2025-10/index.html").read_bytes()
    csv = published / "data/varden.csv"
    _set(csv, ROW[place], ROW[place].replace(",utfall,", ",utfall,1").replace(",7,", ",17,"))
    assert run(published, "build", "--quiet") == 1
    error = capsys.readouterr().err
    named = [line for line in error.splitlines() if f"i-{place}" in line]
    assert len(named) == 1, error
    assert f"content/{SERIES}/2025-10/report.yml" in named[0]
    assert re.search(rf"i-{place} 2025-01\.\.2025-09 utfall \d+ → 1\d+", named[0]), named[0]
    assert "visade" in named[0] and "blir det" in named[0]
    assert (published / f"site/{SERIES}/2025-10/index.html").read_bytes() == page  # the last good site stays


def test_three_changed_rows_are_three_errors(published, capsys):
    csv = published / "data/varden.csv"
    for row in ROW.values():
        _set(csv, row, row.replace(",utfall,", ",utfall,1"))
    assert run(published, "build", "--quiet") == 1
    error = capsys.readouterr().err
    assert "3 fel hittades" in error
    for name in ("{i-texten}", "Talet i tabellen: utfall", "Talet i diagrammet"):
        assert name in error


def test_changed_markdown_of_a_published_report_fails(published, capsys):
    section = published / f"content/{SERIES}/2025-10/inledning.md"
    section.write_text(section.read_text(encoding="utf-8") + "En mening till.\n", encoding="utf-8")
    assert run(published, "build", "--quiet", "--no-pdf") == 1
    assert (f"content/{SERIES}/2025-10/inledning.md:1: texten i avsnittet 'Inledning' har ändrats efter att "
            f"rapporten {SERIES}/2025-10 publicerades") in capsys.readouterr().err


def test_a_template_change_leaves_the_published_pdf_byte_identical(published):
    before = _site_pdf(published)
    stylesheet = published / "templates/print/print.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\nh2 { color: #800000; }\n", encoding="utf-8")
    assert run(published, "build", "--quiet") == 0
    assert _site_pdf(published) == before


def test_an_older_report_added_later_leaves_the_published_one_identical(published):
    article = _article(published)
    pdf = _site_pdf(published)
    older = published / f"content/{SERIES}/2025-09"
    for name in ("inledning.md", "ekonomi.md"):
        write(older / name, (published / f"content/{SERIES}/2025-10" / name).read_text(encoding="utf-8"))
    (older / "report.yml").write_text((published / f"content/{SERIES}/2025-10/report.yml").read_text(encoding="utf-8")
                                      .replace("2025-01..2025-09", "2025-01..2025-08"), encoding="utf-8")
    _set(older / "inledning.md", "{i-texten} stycken", "{i-texten} stycken före september")
    _set(older / "ekonomi.md", "{tabell tabellen}\n\n{diagram diagrammet}\n", "")
    assert run(published, "build", "--quiet") == 0
    assert (published / f"site/{SERIES}/2025-09/index.html").is_file()
    assert _article(published) == article
    assert _site_pdf(published) == pdf


def test_whats_new_is_against_the_previous_published_report_by_period(published, capsys):
    _november_draft(published)
    assert run(published, "publicera", SERIES, "2025-11", "--datum", "2025-11-18") == 0
    assert "jämförd med rapporten för oktober 2025" in capsys.readouterr().out
    record = _record(published, "2025-11")
    assert record["previous"] == ["2025-10", "oktober 2025"]
    statuses = {c["id"]: c["status"] for c in record["changes"]}
    assert statuses["inledning"] == "oförändrad" and set(statuses) == {"inledning", "ekonomi"}


def test_publishing_a_report_with_errors_changes_nothing(project, capsys):
    report_yml = project / f"content/{SERIES}/2025-10/report.yml"
    before = report_yml.read_bytes()
    write(project / f"content/{SERIES}/2025-10/inledning.md", """
        ---
        titel: Inledning
        ---
        <!-- Skriv här -->
    """)
    assert run(project, "publicera", SERIES, "2025-10") == 1
    error = capsys.readouterr().err
    assert f"content/{SERIES}/2025-10/inledning.md:4:" in error and "Inget ändrades" in error
    assert report_yml.read_bytes() == before
    assert not (project / f"content/{SERIES}/2025-10/publicerad").exists()


def test_a_report_is_published_once(published, capsys):
    assert run(published, "publicera", SERIES, "2025-10") == 1
    assert "är redan publicerad 2025-10-21" in capsys.readouterr().err


def test_an_unknown_report_or_date_is_a_clear_error(project, capsys):
    assert run(project, "publicera", SERIES, "2030-01") == 1
    assert f"det finns ingen rapport {SERIES}/2030-01" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run(project, "publicera", SERIES, "2025-10", "--datum", "21 oktober")
    assert "är inget datum; skriv ÅÅÅÅ-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize("damage", ["{inte json", '{"format": 1, "published": 5}'])
def test_a_damaged_record_is_an_error_at_its_file(published, damage, capsys):
    (published / f"content/{SERIES}/2025-10/publicerad/tillstand.json").write_text(damage, encoding="utf-8")
    assert run(published, "build", "--quiet", "--no-pdf") == 1
    error = capsys.readouterr().err
    assert f"content/{SERIES}/2025-10/publicerad/tillstand.json: rapportens publicerade tillstånd kan inte läsas" in error
    assert "Traceback" not in error


def test_a_changed_published_pdf_is_refused(published, capsys):
    pdf = published / f"content/{SERIES}/2025-10/publicerad/{SERIES}-2025-10.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"%")
    assert run(published, "build", "--quiet") == 1
    assert "den publicerade PDF:en" in capsys.readouterr().err


def test_a_published_pdf_changed_in_place_is_refused_by_a_warm_build(published, capsys):
    """The model cache counts a published PDF by name and size; a build still checks every byte."""
    assert run(published, "build", "--quiet") == 0
    pdf = published / f"content/{SERIES}/2025-10/publicerad/{SERIES}-2025-10.pdf"
    data = bytearray(pdf.read_bytes())
    data[-20] ^= 1
    pdf.write_bytes(bytes(data))
    assert run(published, "build", "--quiet") == 1
    assert "den publicerade PDF:en" in capsys.readouterr().err


def test_no_public_page_or_pdf_says_not_published(fixture_site):
    """"ej publicerad" belongs to a draft in the preview, never to the public site."""
    for page in fixture_site.rglob("*.html"):
        assert "ej publicerad" not in page.read_text(encoding="utf-8"), page
    for pdf in fixture_site.rglob("*.pdf"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "ej publicerad" not in text, pdf


CORRECTION = """rattelser:
  - datum: 2025-11-04
    vad: Talen i texten, tabellen och diagrammet var fel.
    varfor: Tre rader i data hade fått fel värden.
    nyckeltal: [i-texten, i-tabellen, i-diagrammet]
"""


def _change_three_rows(root: Path) -> None:
    csv = root / "data/varden.csv"
    for row in ROW.values():
        _set(csv, row, row.replace(",utfall,", ",utfall,1"))


def test_a_published_correction_is_shown_everywhere_and_the_superseded_pdf_kept(published, capsys):
    first_pdf = _site_pdf(published)
    _change_three_rows(published)
    report_yml = published / f"content/{SERIES}/2025-10/report.yml"
    report_yml.write_text(report_yml.read_text(encoding="utf-8") + CORRECTION, encoding="utf-8")
    assert run(published, "build", "--quiet") == 1  # written, not yet published
    assert "rättelsen 2025-11-04 är inte publicerad" in capsys.readouterr().err
    assert run(published, "publicera", SERIES, "2025-10", "--datum", "2025-11-04") == 0
    assert "som utgåva 2, version 0.15: 3 rättade tal" in capsys.readouterr().out
    assert 'version: "0.15"' in report_yml.read_text(encoding="utf-8")
    assert run(published, "build", "--quiet") == 0
    site = published / "site"
    page = (site / f"{SERIES}/2025-10/index.html").read_text(encoding="utf-8")
    notice = re.search(r'<div class="rattelser".*?</div>', page, re.DOTALL).group(0)
    assert "4 november 2025" in notice and "Tre rader i data hade fått fel värden." in notice
    assert f'href="{SERIES}-2025-10-v1.pdf"' in notice
    assert "(rättat 4 november 2025, tidigare 120)" in page  # in the text
    assert ">140 (rättat)</td>" in page  # in the table
    assert "Rättade värden: Talet i diagrammet" in page  # under the chart
    assert (site / f"{SERIES}/2025-10/{SERIES}-2025-10-v1.pdf").read_bytes() == first_pdf
    new_pdf = site / f"{SERIES}/2025-10/{SERIES}-2025-10.pdf"
    cover = subprocess.run(["pdftotext", "-l", "1", str(new_pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "Rättad rapport." in cover and "4 november 2025" in cover and "0.15" in cover
    assert validator_failures(new_pdf) == [] and structure_problems(new_pdf) == []
    corrections = (site / "rattelser/index.html").read_text(encoding="utf-8")
    assert "Talen i texten, tabellen och diagrammet var fel." in corrections
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Rättelse: Testrapporten oktober 2025</title>" in feed
    observations = (site / "oppna-data/observationer.csv").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("i-texten,2025-01..2025-09,") and line.endswith(",ja,120") for line in observations)
    assert run(published, "build", "--quiet") == 0  # and it stays so


def test_a_correction_must_name_what_it_changes(published, capsys):
    _change_three_rows(published)
    report_yml = published / f"content/{SERIES}/2025-10/report.yml"
    before = report_yml.read_text(encoding="utf-8") + CORRECTION.replace(", i-diagrammet]", "]")
    report_yml.write_text(before, encoding="utf-8")
    record = (published / f"content/{SERIES}/2025-10/publicerad/tillstand.json").read_bytes()
    assert run(published, "publicera", SERIES, "2025-10") == 1
    error = capsys.readouterr().err
    assert "nämner inte allt som ändrats" in error and "nyckeltal i-diagrammet" in error
    assert report_yml.read_text(encoding="utf-8") == before  # nothing changed
    assert (published / f"content/{SERIES}/2025-10/publicerad/tillstand.json").read_bytes() == record
    assert not (published / f"content/{SERIES}/2025-10/publicerad/{SERIES}-2025-10-v1.pdf").exists()


def test_a_published_correction_stands(published, capsys):
    _change_three_rows(published)
    report_yml = published / f"content/{SERIES}/2025-10/report.yml"
    report_yml.write_text(report_yml.read_text(encoding="utf-8") + CORRECTION, encoding="utf-8")
    assert run(published, "publicera", SERIES, "2025-10", "--datum", "2025-11-04") == 0
    _set(report_yml, "Tre rader i data", "Några rader i data")
    assert run(published, "build", "--quiet", "--no-pdf") == 1
    assert "rättelsen 2025-11-04 har ändrats efter att den publicerades" in capsys.readouterr().err


def test_one_change_in_data_is_corrected_in_every_report_that_showed_it(published, capsys):
    _november_draft(published)
    assert run(published, "publicera", SERIES, "2025-11", "--datum", "2025-11-18") == 0
    _set(published / "data/varden.csv", ROW["texten"], ROW["texten"].replace(",120,", ",121,"))
    assert run(published, "build", "--quiet", "--no-pdf") == 1
    error = capsys.readouterr().err
    assert f"rapporten {SERIES}/2025-10 visade {{i-texten}}" in error and f"rapporten {SERIES}/2025-11 visade" in error
    for name in ("2025-10", "2025-11"):
        report_yml = published / f"content/{SERIES}/{name}/report.yml"
        report_yml.write_text(report_yml.read_text(encoding="utf-8") + CORRECTION.replace(
            ", i-tabellen, i-diagrammet]", "]"), encoding="utf-8")
    assert run(published, "publicera", SERIES, "2025-10", "--datum", "2025-11-20") == 0, capsys.readouterr().err
    assert run(published, "publicera", SERIES, "2025-11", "--datum", "2025-11-20") == 0, capsys.readouterr().err
    assert run(published, "build", "--quiet", "--no-pdf") == 0
    corrections = (published / "site/rattelser/index.html").read_text(encoding="utf-8")
    assert corrections.count("Talen i texten, tabellen och diagrammet var fel.") == 2


@pytest.mark.parametrize(("old", "new"), [(",120,", ",120.000,"), (",120,,,", ",120,,,")])
def test_data_written_another_way_is_no_change(published, old, new):
    _set(published / "data/varden.csv", ROW["texten"], ROW["texten"].replace(old, new))
    section = published / f"content/{SERIES}/2025-10/inledning.md"
    section.write_bytes(b"\xef\xbb\xbf" + section.read_bytes().replace(b"\n", b"\r\n"))  # a BOM, Windows line ends
    assert run(published, "build", "--quiet", "--no-pdf") == 0


def test_a_value_made_illustrative_is_a_change(published, capsys):
    _set(published / "data/varden.csv", ROW["texten"], ROW["texten"] + "ja")
    assert run(published, "build", "--quiet", "--no-pdf") == 1
    assert "{i-texten}" in capsys.readouterr().err


def test_a_target_row_is_recorded_as_written():
    from builder.base.periods import Period
    from builder.read.csv_data import Observation
    from builder.read.metrics import Target

    for written in ("<5", ">=16", "1..3", "öka"):
        row = Observation("m", Period.parse("2025"), "mål", None, Target.parse(written), None, False, "", "d.csv", 2)
        assert row.recorded == ("m 2025 mål", Target.parse(written).written())


@pytest.mark.parametrize(("series", "name"), [("..", f"{SERIES}"), (SERIES, "../2025-10"), ("/tmp", "x")])
def test_publish_reads_and_writes_nothing_outside_content(project, series, name, capsys):
    before = (project / f"content/{SERIES}/2025-10/report.yml").read_bytes()
    assert run(project, "publicera", series, name) == 1
    assert "det finns ingen rapport" in capsys.readouterr().err
    assert (project / f"content/{SERIES}/2025-10/report.yml").read_bytes() == before


def test_a_draft_with_a_copied_record_is_an_error(published, capsys):
    copy = published / f"content/{SERIES}/2025-11"
    shutil.copytree(published / f"content/{SERIES}/2025-10", copy)
    _set(copy / "report.yml", "status: publicerad", "status: utkast")
    assert run(published, "check") == 1
    assert f"content/{SERIES}/2025-11/publicerad: utkastet har en mapp publicerad/" in capsys.readouterr().err
    assert run(published, "publicera", SERIES, "2025-11") == 1
    assert "är ett utkast men har en mapp publicerad/" in capsys.readouterr().err


@pytest.mark.parametrize("damage", ["[" * 100_000, '"\\u0000"'])
def test_a_hostile_record_is_an_error_not_a_traceback(published, damage, capsys):
    path = published / f"content/{SERIES}/2025-10/publicerad/tillstand.json"
    path.write_text(damage, encoding="utf-8")
    assert run(published, "check") == 1
    assert "rapportens publicerade tillstånd kan inte läsas" in capsys.readouterr().err


def test_edition_numbers_that_do_not_add_up_are_an_error(published, capsys):
    path = published / f"content/{SERIES}/2025-10/publicerad/tillstand.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["editions"][0]["edition"] = None
    path.write_text(json.dumps(record), encoding="utf-8")
    assert run(published, "check") == 1
    assert "utgåvorna är numrerade" in capsys.readouterr().err


def test_a_pdf_reissued_keeps_the_one_before(published, capsys):
    first = _site_pdf(published)
    stylesheet = published / "templates/print/print.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\nh2 { color: #800000; }\n", encoding="utf-8")
    assert run(published, "omtryck", SERIES, "2025-10", "--skal", "Rubrikerna hade för svag kontrast.",
               "--datum", "2025-11-02") == 0
    assert "som utgåva 2" in capsys.readouterr().out
    assert run(published, "build", "--quiet") == 0
    assert (published / f"site/{SERIES}/2025-10/{SERIES}-2025-10-v1.pdf").read_bytes() == first
    assert _site_pdf(published) != first
    page = _article(published)
    assert "2 november 2025" in page and "Rubrikerna hade för svag kontrast." in page
    assert f'href="{SERIES}-2025-10-v1.pdf"' in page
    cover = subprocess.run(["pdftotext", "-l", "1", str(published / f"site/{SERIES}/2025-10/{SERIES}-2025-10.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "Ny utgåva av PDF:en." in cover  # the reissued PDF says so itself
    _set(published / f"content/{SERIES}/2025-10/inledning.md", "stycken.", "stycken i år.")
    assert run(published, "omtryck", SERIES, "2025-10", "--skal", "Igen.") == 1  # content may not change
    assert "texten i avsnittet 'Inledning' har ändrats" in capsys.readouterr().err


def test_a_reissue_refuses_a_pdf_changed_since_publication(published, capsys):
    """The PDF kept as the edition before must be the one published, not one edited in place since."""
    folder = published / f"content/{SERIES}/2025-10"
    pdf = folder / f"publicerad/{SERIES}-2025-10.pdf"
    data = bytearray(pdf.read_bytes())
    data[-20] ^= 1
    pdf.write_bytes(bytes(data))
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    assert run(published, "omtryck", SERIES, "2025-10", "--skal", "Kontrasten.") == 1
    assert "den publicerade PDF:en har ändrats" in capsys.readouterr().err
    assert {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()} == before


def test_a_record_folder_without_its_record_is_an_error(published, capsys):
    (published / f"content/{SERIES}/2025-10/publicerad/tillstand.json").unlink()
    assert run(published, "check") == 1
    error = capsys.readouterr().err
    assert f"content/{SERIES}/2025-10/publicerad: mappen publicerad/ saknar tillstand.json" in error
    assert "Traceback" not in error


def test_a_file_beside_the_page_in_a_folder_named_like_the_record_folder_is_checked(project, capsys):
    """Only the report's own publicerad/ holds PDFs that the model cache counts by size: a published file in
    a folder of the same name deeper down is checked byte by byte."""
    attached = project / f"content/{SERIES}/2025-10/bilagor/publicerad/underlag.pdf"
    attached.parent.mkdir(parents=True)
    attached.write_bytes(b"%PDF-1.7 underlag")
    assert run(project, "publicera", SERIES, "2025-10", "--datum", "2025-10-21") == 0
    assert run(project, "check") == 0
    attached.write_bytes(b"%PDF-1.7 Underlag")  # the same size
    assert run(project, "check") == 1
    assert "filen har ändrats" in capsys.readouterr().err


def test_a_withdrawn_report_says_why_and_keeps_its_files(published, capsys):
    assert run(published, "dra-tillbaka", SERIES, "2025-10", "--skal", "Rapporten lades fram av misstag.",
               "--datum", "2025-11-05") == 0
    assert run(published, "build", "--quiet") == 0
    page = _article(published)
    assert "Rapporten är tillbakadragen sedan 5 november 2025." in page and "lades fram av misstag" in page
    assert (published / f"site/{SERIES}/2025-10/{SERIES}-2025-10.pdf").is_file()
    assert "Tillbakadragen" in (published / f"site/{SERIES}/index.html").read_text(encoding="utf-8")
    assert "<title>Tillbakadragen: Testrapporten oktober 2025</title>" in (published / "site/feed.xml").read_text(
        encoding="utf-8")
    assert run(published, "dra-tillbaka", SERIES, "2025-10", "--skal", "Igen.") == 1
    assert "drogs tillbaka 2025-11-05" in capsys.readouterr().err


def test_what_a_published_report_says_of_itself_is_frozen_too(published, capsys):
    report_yml = published / f"content/{SERIES}/2025-10/report.yml"
    _set(report_yml, "ansvarig: Anna Andersson", "ansvarig: Någon Annan")
    write(published / f"content/{SERIES}/2025-10/bild.png", "inte en bild")
    assert run(published, "build", "--quiet", "--no-pdf") == 1
    error = capsys.readouterr().err
    assert "fältet 'ansvarig' i den publicerade rapporten" in error and "'Anna Andersson' och är nu 'Någon Annan'" in error
    assert f"content/{SERIES}/2025-10/bild.png: filen har ändrats, lagts till eller tagits bort" in error


def test_a_correction_is_refused_when_it_names_what_did_not_change_or_is_dated_before(published, capsys):
    _change_three_rows(published)
    report_yml = published / f"content/{SERIES}/2025-10/report.yml"
    before = report_yml.read_text(encoding="utf-8")
    report_yml.write_text(before + CORRECTION.replace("i-diagrammet]", "i-diagrammet, anstallda]"), encoding="utf-8")
    assert run(published, "publicera", SERIES, "2025-10") == 1
    assert "rättelsen nämner anstallda, men inget tal" in capsys.readouterr().err
    report_yml.write_text(before + CORRECTION.replace("2025-11-04", "2025-10-01"), encoding="utf-8")
    assert run(published, "publicera", SERIES, "2025-10") == 1
    assert "ligger före den senaste utgåvan, 2025-10-21" in capsys.readouterr().err


def test_a_published_correction_cannot_be_rewritten_by_publishing_another(published, capsys):
    _change_three_rows(published)
    report_yml = published / f"content/{SERIES}/2025-10/report.yml"
    report_yml.write_text(report_yml.read_text(encoding="utf-8") + CORRECTION, encoding="utf-8")
    assert run(published, "publicera", SERIES, "2025-10") == 0
    _set(report_yml, "Tre rader i data", "Några rader i data")
    _set(published / "data/varden.csv", "i-texten,2025-01..2025-09,utfall,1120", "i-texten,2025-01..2025-09,utfall,1121")
    report_yml.write_text(report_yml.read_text(encoding="utf-8") + """  - datum: 2025-11-06
    vad: Talet i texten var fel igen.
    varfor: Ännu en rad hade fel värde.
    nyckeltal: [i-texten]
""", encoding="utf-8")
    assert run(published, "publicera", SERIES, "2025-10") == 1
    assert "rättelsen 2025-11-04 är publicerad och står fast" in capsys.readouterr().err
    _set(report_yml, "Några rader i data", "Tre rader i data")
    assert run(published, "publicera", SERIES, "2025-10") == 0
    assert run(published, "build", "--quiet", "--no-pdf") == 0
    feed = (published / "site/feed.xml").read_text(encoding="utf-8")
    ids = re.findall(r"<id>(.*?)</id>", feed)
    assert len(ids) == len(set(ids)) and feed.count("<title>Rättelse:") == 2
