"""The open-data folder holds every observation and definition, in three formats that read back to the data."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

from conftest import FIXTURES, OTHER_ORG, run, write
from htmlpage import parse
from test_downloads import as_value, read_csv
from test_figures import with_data  # noqa: F401 (fixture)

from builder.compute.specs import column_error
from builder.read.metrics import Target
from builder.read.data import load_data
from builder.base.periods import Month, Period
from builder.render.opendata import METRIC_COLUMNS, OBSERVATION_COLUMNS, published
from builder.base.problems import Problems

FOLDER = "oppna-data"


def records(folder, stem: str) -> tuple[list[dict], list[dict], list[dict]]:
    """The same table read from the Swedish CSV, the plain CSV and the JSON."""
    sv, intl = read_csv(folder / f"{stem}-sv.csv", True), read_csv(folder / f"{stem}.csv", False)
    assert sv[0] == intl[0]
    as_dicts = [[dict(zip(rows[0], [as_value(c, swedish) for c in row])) for row in rows[1:]]
                for rows, swedish in ((sv, True), (intl, False))]
    document = json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"), parse_float=Decimal)
    return as_dicts[0], as_dicts[1], document


def test_observations_read_back_to_the_data(fixture_site):
    problems = Problems(FIXTURES / OTHER_ORG)
    data = load_data(FIXTURES / OTHER_ORG / "data", problems, column_error)
    assert not problems
    sv, intl, document = records(fixture_site / FOLDER, "observationer")
    assert sv == intl
    public = published(data, Month(2024, 5))  # the newest published fixture report covers jan–maj 2024
    assert len(sv) == len(document) == len(public) == 29  # every row of data/trafik.csv
    assert list(sv[0]) == [name for name, _ in OBSERVATION_COLUMNS]
    assert document[0] == {"nyckeltal": "resultat", "period": "2024-01..2024-04", "fran_manad": "2024-01",
                           "till_manad": "2024-04", "typ": "utfall", "varde": Decimal("3.2"), "mal": None,
                           "enhet": "mnkr", "dimension": None, "kategori": None, "illustrativ": False,
                           "anmarkning": "", "lagd": None, "rattad": False, "forst_publicerat_varde": None}
    assert [(r["period"], r["dimension"], r["kategori"], r["varde"]) for r in sv if r["kategori"]] == [
        ("2024-01..2024-04", "linje", "Fjällexpressen", 30100), ("2024-01..2024-04", "linje", "Dalbussen", 21100),
        ("2024-01..2024-05", "linje", "Fjällexpressen", 39000), ("2024-01..2024-05", "linje", "Dalbussen", 27400),
        (2023, "linje", "Fjällexpressen", 88700), (2023, "linje", "Dalbussen", 62600)]
    for observation, row, record in zip(public, sv, document, strict=True):
        assert row["nyckeltal"] == record["nyckeltal"] == observation.metric
        assert Period.parse(str(row["period"])) == observation.period
        assert (str(row["fran_manad"]), str(row["till_manad"])) == (str(observation.period.start), str(observation.period.end))
        assert row["typ"] == record["typ"] == observation.kind
        json_value = Decimal(record["varde"]) if isinstance(record["varde"], int) else record["varde"]
        assert row["varde"] == json_value == observation.value
        if observation.target:
            assert Target.parse(str(row["mal"])) == Target.parse(record["mal"]) == observation.target
        assert row["enhet"] == data.metrics[observation.metric].unit
        assert record["illustrativ"] is observation.illustrative
        assert row["illustrativ"] == ("ja" if observation.illustrative else "nej")
        assert row["lagd"] == record["lagd"] == (str(observation.made) if observation.made else None)


def test_definitions_read_back_to_metrics_yml(fixture_site):
    sv, intl, document = records(fixture_site / FOLDER, "nyckeltal")
    assert sv == intl
    assert list(sv[0]) == [name for name, _ in METRIC_COLUMNS]
    assert document == [
        {"id": "resultat", "namn": "Resultat", "beskrivning": "Förbundets resultat från årets början.",
         "enhet": "mnkr", "decimaler": 1, "riktning": "högre är bättre", "ackumulering": "summa",
         "forandring": False, "avvikelse_mot": None, "avrundning": 1, "summa_av": [], "del_av": None},
        {"id": "medarbetare", "namn": "Medarbetare", "beskrivning": "Antal anställda vid periodens slut.",
         "enhet": "antal", "decimaler": 0, "riktning": "neutral", "ackumulering": "senaste",
         "forandring": False, "avvikelse_mot": None, "avrundning": "exakt", "summa_av": [], "del_av": None},
        {"id": "resor", "namn": "Resor", "beskrivning": "Antal resor med förbundets bussar från årets början.",
         "enhet": "antal", "decimaler": 0, "riktning": "högre är bättre", "ackumulering": "summa",
         "forandring": False, "avvikelse_mot": None, "avrundning": "exakt", "summa_av": [], "del_av": None},
    ]
    for row, record in zip(sv, document, strict=True):
        assert (row["id"], row["namn"], row["beskrivning"], row["enhet"], row["decimaler"]) == (
            record["id"], record["namn"], record["beskrivning"], record["enhet"], record["decimaler"])
        assert (row["riktning"], row["ackumulering"]) == (record["riktning"], record["ackumulering"])


def test_illustrative_values_stay_marked(with_data):  # noqa: F811
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    sv, _, document = records(with_data / f"site/{FOLDER}", "observationer")
    marked = [(r["nyckeltal"], r["typ"]) for r in sv if r["illustrativ"] == "ja"]
    assert marked == [("anstallda", "budget")]
    assert [(r["nyckeltal"], r["typ"]) for r in document if r["illustrativ"]] == marked


def test_regenerated_on_every_build(with_data):  # noqa: F811
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    path = with_data / f"site/{FOLDER}/observationer.csv"
    assert "sjukfranvaro,2025-01..2025-09,2025-01,2025-09,utfall,5.94," in path.read_text(encoding="utf-8")
    csv_file = with_data / "data/ekonomi.csv"
    csv_file.write_text(csv_file.read_text(encoding="utf-8").replace("5.94", "6.02"), encoding="utf-8")
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    assert "sjukfranvaro,2025-01..2025-09,2025-01,2025-09,utfall,6.02," in path.read_text(encoding="utf-8")


def test_page_and_readme_describe_every_file_and_column(fixture_site):
    folder = fixture_site / FOLDER
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    page = parse(folder / "index.html").find("article")
    links = {a.attrs["href"] for a in page.find_all("a")}
    for stem in ("observationer", "nyckeltal"):
        for name in (f"{stem}-sv.csv", f"{stem}.csv", f"{stem}.json"):
            assert (folder / name).is_file()
            assert name in links and f"({name})" in readme
    page_text = page.text
    for name, description in (*OBSERVATION_COLUMNS, *METRIC_COLUMNS):
        assert f"`{name}` | {description}" in readme
        assert description in page_text
    assert "&gt;" not in readme and "Illustrativa värden" in readme


def test_the_data_package_describes_the_files_and_frictionless_finds_them_valid(fixture_site):
    """datapackage.json, checked by the Frictionless Data project's validator: the package, and every row of
    every CSV file against its Table Schema; with the licence of content/site.yml and the first and the newest
    publication date of a report."""
    from frictionless import validate

    folder = fixture_site / FOLDER
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["title", "type", "note"])[:5]
    assert report.stats["tasks"] == len(package["resources"]) == 4
    assert {r["path"] for r in package["resources"]} == {p.name for p in folder.glob("*.csv")}
    assert [x["name"] for x in package["licenses"]] == ["CC-BY-4.0"]
    assert (package["created"], package["modified"]) == ("2024-03-28T00:00:00Z", "2024-06-11T00:00:00Z")
    described = {f["name"]: f["description"] for r in package["resources"] for f in r["schema"]["fields"]}
    assert described == dict((*OBSERVATION_COLUMNS, *METRIC_COLUMNS))
    page = parse(folder / "index.html").find("article")
    assert "https://creativecommons.org/licenses/by/4.0/deed.sv" in {a.attrs["href"] for a in page.find_all("a")}


def test_the_validator_sees_a_value_that_does_not_match_its_column(fixture_site, tmp_path):
    """The check above can fail: a number column with a word in it is an error to the validator."""
    from frictionless import validate

    copy = tmp_path / "oppna-data"
    shutil.copytree(fixture_site / FOLDER, copy)
    csv_file = copy / "observationer.csv"
    lines = csv_file.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[5] = "många"  # varde
    csv_file.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid and "type-error" in {e.type for t in report.tasks for e in t.errors}


def test_without_a_licence_the_page_says_so(minimal):
    assert run(minimal, "build", "--quiet", "--no-pdf") == 0
    page = parse(minimal / "site" / FOLDER / "index.html").find("article")
    assert "Ingen licens är angiven för filerna ännu." in page.text
    assert "licenses" not in json.loads((minimal / "site" / FOLDER / "datapackage.json").read_text(encoding="utf-8"))


def test_linked_from_the_navigation(fixture_site):
    nav = [a.text.strip() for a in parse(fixture_site / "index.html").find("nav", class_="md-nav--primary").find_all("a")]
    assert "Öppna data" in nav and "Nyckeltal" in nav


def test_editors_may_link_to_the_open_data(with_data, capsys):  # noqa: F811
    write(with_data / "content/rapport-test/2025-10/ekonomi.md", """
        ---
        titel: Ekonomi
        ---
        Alla värden finns som [öppna data](../../oppna-data/) och [en fil](../../oppna-data/observationer.csv).
    """)
    assert run(with_data, "check") == 0


def test_outcomes_wait_for_their_report(with_data):  # noqa: F811
    """An outcome entered for a coming report is not public before that report; plans are."""
    csv_file = with_data / "data/ekonomi.csv"
    csv_file.write_text(csv_file.read_text(encoding="utf-8")
                        + "anstallda,2025-10,utfall,7431,,,\nanstallda,2025-10,budget,7410,,,\n", encoding="utf-8")
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    rows = [(r["period"], r["typ"]) for r in records(with_data / f"site/{FOLDER}", "observationer")[0]
            if r["nyckeltal"] == "anstallda"]
    assert ("2025-10", "utfall") not in rows and ("2025-10", "budget") in rows and ("2025-09", "utfall") in rows
    page = (with_data / f"site/{FOLDER}/index.html").read_text(encoding="utf-8")
    assert "Just nu finns utfall till och med september 2025." in page
    report = with_data / "content/rapport-test/2025-11"
    write(report / "report.yml", (with_data / "content/rapport-test/2025-10/report.yml").read_text(encoding="utf-8")
          .replace("2025-01..2025-09", "2025-01..2025-10"))
    for name in ("inledning.md", "ekonomi.md"):
        write(report / name, (with_data / f"content/rapport-test/2025-10/{name}").read_text(encoding="utf-8"))
    assert run(with_data, "build", "--quiet", "--no-pdf") == 0
    rows = [(r["period"], r["typ"]) for r in records(with_data / f"site/{FOLDER}", "observationer")[0]
            if r["nyckeltal"] == "anstallda"]
    assert ("2025-10", "utfall") in rows
