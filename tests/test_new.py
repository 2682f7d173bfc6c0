"""`rapport new`: a series' next report from its latest one, as a draft with the same structure and no text.

Each test writes its own small series into the minimal project (tests/conftest.py), with a little data of
its own, so that nothing here depends on the example content in content/.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import SERIES, run, write, write_minimal_project

from builder.base.periods import Month, year_to_date
from builder.base.problems import Problems
from builder.read.load import load_series
from builder.read.sections import write_here_left


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The minimal project with one key figure, a table of it and a chart of it per line."""
    root = write_minimal_project(tmp_path / "projekt")
    write(root / "data/metrics.yml", """
        nyckeltal:
          - id: resor
            namn: Resor
            beskrivning: Antal resor från årets början.
            enhet: antal
            decimaler: 0
            riktning: högre är bättre
            ackumulering: summa
    """)
    write(root / "data/tables.yml", """
        tabeller:
          - id: trafik
            rubrik: Trafiken i korthet
            rader: [resor]
            kolumner: [utfall]
    """)
    write(root / "data/charts.yml", """
        diagram:
          - id: resor-per-linje
            typ: stapel-liggande
            rubrik: Resor per linje
            alt: Liggande stapeldiagram över resorna per linje från årets början.
            nyckeltal: resor
            dimension: linje
    """)
    write(root / "data/resor.csv", """
        nyckeltal,period,typ,varde,dimension,illustrativ,text
        resor,2025-01..2025-09,utfall,900,,,
        resor,2025-01..2025-09,utfall,500,linje=Norr,,
        resor,2025-01..2025-09,utfall,400,linje=Söder,,
        resor,2025-01..2025-10,utfall,1000,,,
        resor,2025-01..2025-10,utfall,550,linje=Norr,,
        resor,2025-01..2025-10,utfall,450,linje=Söder,,
    """)
    return root


def monthly_series(root: Path) -> Path:
    """A monthly series whose October report has every kind of placement but the goal tables."""
    write(root / "content/manad/series.yml", """
        titel: Månadsrapport
        rapportperiod: månad
        obligatoriskt: [ansvarig]
        avsnitt:
          - id: trafik
            titel: Trafik
    """)
    write(root / "content/manad/textblock/om-trafiken.md", "Trafiken körs av förbundet.\n")
    write(root / "content/manad/2025-10/report.yml", """
        period: 2025-01..2025-09
        publiceringsdatum: 2025-10-21
        ansvarig: Anna Andersson
        status: publicerad
        avsnitt: [trafik, sammanfattning]
        bilagor:
          - titel: Trafikplan
    """)
    write(root / "content/manad/2025-10/textblock/bara-oktober.md", "Den här texten gäller bara oktober.\n")
    write(root / "content/manad/2025-10/trafik.md", """
        ---
        titel: Trafik
        # Skrivs av trafikavdelningen.
        ---
        Resorna blev {resor} hittills i år,
        fler än väntat.

        Ett stycke till.

        {tabell trafik}

        - en punkt
        - en punkt till

        {diagram resor-per-linje}

        ## Linjerna

        {text om-trafiken}

        Text efter textblocket.

        ### Norr

        {text bara-oktober}
    """)
    write(root / "content/manad/2025-10/sammanfattning.md", """
        ---
        titel: Sammanfattning
        ---
        ## I korthet

        {tabell trafik}
    """)
    return root / "content/manad"


def newest(folder: Path, root: Path):
    problems = Problems(root)
    series = load_series(folder, problems)
    assert not problems, problems.sorted()
    return series.reports[0]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_new_keeps_the_structure_and_empties_the_prose(project, capsys):
    monthly_series(project)
    assert run(project, "new", "manad") == 0  # without a period: the month after the newest report
    assert capsys.readouterr().out.splitlines() == [
        "Skapade content/manad/2025-11/ som utkast från rapporten 2025-10.",
        "Perioden är januari–oktober 2025 (period: 2025-01..2025-10 i report.yml).",
        "Rapportens eget textblock content/manad/2025-11/textblock/bara-oktober.md är tomt att skriva.",
        "Skriv texten där det står <!-- Skriv här --> och förhandsgranska med 'rapport serve'.",
    ]
    created = project / "content/manad/2025-11"
    assert sorted(p.relative_to(created).as_posix() for p in created.rglob("*") if p.is_file()) == [
        "report.yml", "sammanfattning.md", "textblock/bara-oktober.md", "trafik.md",
    ]
    # front matter as written, headings and placements where they stood, a marker for each run of prose
    assert read(created / "trafik.md") == (
        "---\ntitel: Trafik\n# Skrivs av trafikavdelningen.\n---\n\n"
        "<!-- Skriv här -->\n\n{tabell trafik}\n\n<!-- Skriv här -->\n\n{diagram resor-per-linje}\n\n"
        "## Linjerna\n\n{text om-trafiken}\n\n<!-- Skriv här -->\n\n### Norr\n\n{text bara-oktober}\n"
    )
    assert read(created / "sammanfattning.md") == "---\ntitel: Sammanfattning\n---\n\n## I korthet\n\n{tabell trafik}\n"
    # the report's own text block is there to be written; the series' one is used as it is
    assert read(created / "textblock/bara-oktober.md") == "<!-- Skriv här -->\n"
    assert not (created / "textblock/om-trafiken.md").exists()
    # only the metadata the series requires or the report used: no version, document id or signature
    assert read(created / "report.yml") == (
        "# Månadsrapport november 2025. Skapad av 'rapport new' från rapporten 2025-10.\n"
        "# Skriv texten i avsnitten där det står <!-- Skriv här --> och fyll i det som saknas. När rapporten\n"
        "# är klar publiceras den med: rapport publicera manad 2025-11\n"
        "period: 2025-01..2025-10\n"
        "publiceringsdatum:\n"
        "ansvarig: Anna Andersson\n"
        "status: utkast\n"
        "avsnitt:\n"
        "  - trafik\n"
        "  - sammanfattning\n"
        "bilagor: []\n"
        "# Exempel på bilagor:\n"
        "# bilagor:\n"
        "#   - titel: En bilaga utan fil\n"
        "#   - titel: En bilaga med fil\n"
        "#     fil: bilagor/bilaga.pdf\n"
    )
    report = newest(project / "content/manad", project)
    assert (report.name, str(report.period), report.status) == ("2025-11", "2025-01..2025-10", "utkast")
    assert (report.title, report.responsible, report.version, report.document_id) == (
        "Månadsrapport november 2025", "Anna Andersson", None, None)
    assert [s.id for s in report.sections] == ["trafik", "sammanfattning"] and report.attachments == []
    # a draft with markers passes the check
    capsys.readouterr()
    assert run(project, "check") == 0, capsys.readouterr().err


def test_a_published_report_may_not_keep_a_marker(project, capsys):
    monthly_series(project)
    assert run(project, "new", "manad", "2025-11") == 0
    created = project / "content/manad/2025-11"
    (created / "report.yml").write_text(read(created / "report.yml").replace("status: utkast", "status: publicerad")
                                        .replace("publiceringsdatum:\n", "publiceringsdatum: 2025-11-18\n"),
                                        encoding="utf-8")
    write(created / "sammanfattning.md", """
        ---
        titel: Sammanfattning
        ---
        Texten är skriven,
        men <!-- Skriv här --> blev kvar mitt i stycket.

        ```
        <!-- Skriv här --> i kod är bara kod
        ```
    """)
    capsys.readouterr()
    assert run(project, "check") == 1
    first = capsys.readouterr().err.splitlines()[0]
    assert first.startswith("content/manad/2025-11/sammanfattning.md:5: markeringen <!-- Skriv här --> står kvar i en "
                            "publicerad rapport")
    assert first.endswith("Åtgärd: skriv texten i stället för markeringen, eller sätt status: utkast tills rapporten "
                          "är klar")
    # every place, also in the report's own text block, but not in code
    report = newest(project / "content/manad", project)
    assert [(path.relative_to(created).as_posix(), line) for s in report.sections for path, line in write_here_left(s)] \
        == [("trafik.md", 6), ("trafik.md", 10), ("trafik.md", 18), ("textblock/bara-oktober.md", 1),
            ("sammanfattning.md", 5)]


def test_goal_placements_and_references_in_prose(project):
    """Goal tables are placements too; a reference inside a sentence goes with the sentence."""
    write(project / "content/mal/series.yml", """
        titel: Måluppfyllelse
        rapportperiod: år
        avsnitt:
          - id: mal
            titel: Mål
    """)
    write(project / "content/mal/2024/report.yml", """
        status: utkast
        avsnitt: [mal]
    """)
    write(project / "content/mal/2024/mal.md", """
        ---
        titel: Mål
        ---
        ## Prognos

        {prognoser 2024}

        Prognosen är god, med {resor} resor och {resor fg-år} året före.

        {teckenforklaring 2024}

        ## Styrmått

        {styrmatt fler-resenarer}

        {malfordelning 2024}

        Text om {resor}.
        {tabell trafik} mitt i ett stycke är text.
    """)
    assert run(project, "new", "mal") == 0
    assert read(project / "content/mal/2025/mal.md") == (
        "---\ntitel: Mål\n---\n\n## Prognos\n\n{prognoser 2024}\n\n<!-- Skriv här -->\n\n{teckenforklaring 2024}\n\n"
        "## Styrmått\n\n{styrmatt fler-resenarer}\n\n{malfordelning 2024}\n\n<!-- Skriv här -->\n"
    )


@pytest.mark.parametrize(("kind", "before", "before_period", "argument", "created", "period", "written"), [
    ("månad", "2025-12", "2025-01..2025-11", None, "2026-01", "2025", True),  # the year to date stays it
    ("månad", "2025-10", "2025-09", None, "2025-11", "2025-10", True),
    ("månad", "2025-10", "2025-01..2025-09", "2026-02", "2026-02", "2026-01", True),  # a new year to date
    ("tertial", "2025-T3", None, None, "2026-T1", "2026-01..2026-04", False),
    ("tertial", "2025-T2", "2025-05..2025-08", "2025-T3", "2025-T3", "2025-09..2025-12", True),
    ("halvår", "2025-H2", None, None, "2026-H1", "2026-01..2026-06", False),
    ("halvår", "2025-H1", "2025-01..2025-05", None, "2025-H2", "2025-01..2025-11", True),
    ("år", "2024", None, None, "2025", "2025", False),
    ("år", "2022", None, "2024", "2024", "2024", False),
    ("fri", "budget-2025", "2025", "budget-2026", "budget-2026", "2026", True),
    ("fri", "delar-2025", "2025-01..2025-08", "delar-2026", "delar-2026", "2026-01..2026-08", True),
])
def test_new_for_every_kind_of_period(project, capsys, kind, before, before_period, argument, created, period,
                                      written):
    write(project / "content/serie/series.yml", f"""
        titel: Serien
        rapportperiod: {kind}
        avsnitt:
          - id: text
            titel: Text
    """)
    write(project / f"content/serie/{before}/report.yml", ("" if before_period is None else f"period: {before_period}\n")
          + "status: utkast\navsnitt: [text]\n")
    write(project / f"content/serie/{before}/text.md", "---\ntitel: Text\n---\nText.\n\n{tabell trafik}\n")
    assert run(project, "new", "serie", *([argument] if argument else [])) == 0
    text = read(project / f"content/serie/{created}/report.yml")
    assert (f"\nperiod: {period}\n" in text) is written
    assert read(project / f"content/serie/{created}/text.md") == "---\ntitel: Text\n---\n\n<!-- Skriv här -->\n\n{tabell trafik}\n"
    report = newest(project / "content/serie", project)
    assert (report.name, str(report.period), report.status) == (created, period, "utkast")
    capsys.readouterr()
    assert run(project, "check") == 0, capsys.readouterr().err


def test_new_tertial_report(project, capsys):
    write(project / "content/delar/series.yml", """
        titel: Delårsrapport
        rapportperiod: tertial
        obligatoriskt: [version]
        avsnitt:
          - id: sammanfattning
            titel: Sammanfattning
    """)
    write(project / "content/delar/2025-T3/report.yml", """
        version: "1.0"
        status: utkast
        avsnitt: [sammanfattning]
    """)
    write(project / "content/delar/2025-T3/sammanfattning.md", """
        ---
        titel: Sammanfattning
        ---
        Helåret i korthet.

        {tabell trafik}
    """)
    assert run(project, "new", "delar") == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "Skapade content/delar/2026-T1/ som utkast från rapporten 2025-T3.",
        "Perioden är januari–april 2026 (standard för serien, året till och med rapportens period; report.yml "
        "behöver ingen rad period:).",
    ]
    assert read(project / "content/delar/2026-T1/report.yml").splitlines()[:8] == [
        "# Delårsrapport januari–april 2026. Skapad av 'rapport new' från rapporten 2025-T3.",
        "# Skriv texten i avsnitten där det står <!-- Skriv här --> och fyll i det som saknas. När rapporten",
        "# är klar publiceras den med: rapport publicera delar 2026-T1",
        "# Siffrorna avser januari–april 2026: året till och med rapportens period. Gäller de andra",
        "# månader, skriv dem som period: ÅÅÅÅ-MM..ÅÅÅÅ-MM.",
        'version: "0.1"',
        "publiceringsdatum:",
        "status: utkast",
    ]
    capsys.readouterr()
    assert run(project, "check") == 0, capsys.readouterr().err


def test_new_without_earlier_reports_uses_the_skeleton(project, capsys):
    write(project / "content/ny-serie/series.yml", """
        titel: Ny serie
        obligatoriskt: [dokument_id, ansvarig, underskrift]
        dokument_id_prefix: NY
        avsnitt:
          - id: inledning
            titel: Inledning
          - id: ekonomi
            titel: "Ekonomi: utfall"
    """)
    assert run(project, "new", "ny-serie", "2026-03") == 0
    created = project / "content/ny-serie/2026-03"
    assert read(created / "ekonomi.md") == "---\ntitel: 'Ekonomi: utfall'\n---\n\n<!-- Skriv här -->\n"
    assert read(created / "report.yml").splitlines()[3:13] == [
        "period: 2026-01..2026-02",
        "# Fylls i före publiceringen, med ett id som börjar med NY.",
        "dokument_id:",
        "publiceringsdatum:",
        "ansvarig:",
        "underskrift:",
        "  namn:",
        "  titel:",
        "status: utkast",
        "avsnitt:",
    ]
    # no earlier report to take the people from: the check says what to fill in (a document id can wait)
    capsys.readouterr()
    assert run(project, "check") == 1
    printed = capsys.readouterr().err.splitlines()[:-2]
    assert [re.match(r"(\S+) fältet '(\w+)'", line).groups() for line in printed] == [
        ("content/ny-serie/2026-03/report.yml:8:", "ansvarig"),
        ("content/ny-serie/2026-03/report.yml:10:", "namn"),
        ("content/ny-serie/2026-03/report.yml:11:", "titel"),
    ]


@pytest.mark.parametrize(("args", "message"), [
    (("okand", "2025-11"), f"serien 'okand' finns inte; välj en av: manad, {SERIES}"),
    (("manad", "november"), "'november' passar inte serien 'manad', som har rapportperiod: månad; skriv ÅÅÅÅ-MM, "
                            "till exempel 2025-10; nästa rapport är 2025-11"),
    (("manad", "2025-T4"), "'2025-T4' passar inte serien 'manad', som har rapportperiod: månad; skriv ÅÅÅÅ-MM, "
                           "till exempel 2025-10; nästa rapport är 2025-11"),
    (("manad", "2025-10"), "content/manad/2025-10/ finns redan; välj en annan månad"),
    (("../..", "2025-11"), f"serien '../..' finns inte; välj en av: manad, {SERIES}"),
])
def test_new_refuses_with_a_message(project, capsys, args, message):
    monthly_series(project)
    assert run(project, "new", *args) == 1
    captured = capsys.readouterr()
    assert captured.err == f"rapport new: {message}\n" and captured.out == ""
    assert sorted(p.name for p in (project / "content/manad").iterdir()) == ["2025-10", "series.yml", "textblock"]


@pytest.mark.parametrize(("kind", "existing", "args", "message"), [
    ("tertial", "2025-T3", ("2025-T4",), "'2025-T4' passar inte serien 'serie', som har rapportperiod: tertial; skriv "
                                        "ÅÅÅÅ-T1, -T2 eller -T3, till exempel 2025-T2; nästa rapport är 2026-T1"),
    ("tertial", "2025-T3", ("2025-T3",), "content/serie/2025-T3/ finns redan; välj ett annat tertial"),
    ("halvår", "2025-H1", ("2025-06",), "'2025-06' passar inte serien 'serie', som har rapportperiod: halvår; skriv "
                                       "ÅÅÅÅ-H1 eller -H2, till exempel 2025-H1; nästa rapport är 2025-H2"),
    ("år", "2024", ("2025-01..2025-12",), "'2025-01..2025-12' passar inte serien 'serie', som har rapportperiod: år; "
                                         "skriv ÅÅÅÅ, till exempel 2024; nästa rapport är 2025"),
    ("fri", "budget-2025", (), "skriv den nya rapportens mappnamn efter serien: serien 'serie' har rapportperiod: fri, "
                              "så mappen döps fritt med små bokstäver a–z, siffror och bindestreck, till exempel "
                              "budget-2026"),
    ("fri", "budget-2025", ("Budget 2026",), "'Budget 2026' passar inte serien 'serie', som har rapportperiod: fri; "
                                            "skriv små bokstäver a–z, siffror och bindestreck, till exempel budget-2026"),
    ("fri", "budget-2025", ("textblock",), "'textblock' är mappen för seriens textblock; välj ett annat namn"),
])
def test_new_refuses_a_period_of_the_wrong_kind(project, capsys, kind, existing, args, message):
    write(project / "content/serie/series.yml", f"""
        titel: Serien
        rapportperiod: {kind}
        avsnitt:
          - id: text
            titel: Text
    """)
    period = "period: 2025\n" if kind == "fri" else ""
    write(project / f"content/serie/{existing}/report.yml", f"{period}status: utkast\navsnitt: [text]\n")
    write(project / f"content/serie/{existing}/text.md", "---\ntitel: Text\n---\n")
    assert run(project, "new", "serie", *args) == 1
    assert capsys.readouterr().err == f"rapport new: {message}\n"
    assert sorted(p.name for p in (project / "content/serie").iterdir()) == [existing, "series.yml"]


def test_new_needs_a_period_for_a_series_without_reports(project, capsys):
    write(project / "content/ny/series.yml", """
        titel: Ny
        rapportperiod: halvår
        avsnitt:
          - id: text
            titel: Text
    """)
    assert run(project, "new", "ny") == 1
    assert capsys.readouterr().err == ("rapport new: serien 'ny' har inga rapporter än; skriv perioden efter serien som "
                                       "ÅÅÅÅ-H1 eller -H2, till exempel 2025-H1\n")
    assert run(project, "new", "ny", "2025-H2") == 0
    assert read(project / "content/ny/2025-H2/text.md") == "---\ntitel: Text\n---\n\n<!-- Skriv här -->\n"
    capsys.readouterr()
    assert run(project, "check") == 0, capsys.readouterr().err


def test_new_free_series_without_reports_starts_with_the_year_to_date(project, capsys):
    write(project / "content/utredning/series.yml", """
        titel: Utredningar
        rapportperiod: fri
        avsnitt:
          - id: text
            titel: Text
    """)
    assert run(project, "new", "utredning", "kollektivtrafiken") == 0
    last_month = Month(dt.date.today().year, dt.date.today().month).shifted(-1)
    report = newest(project / "content/utredning", project)
    assert (report.name, report.period) == ("kollektivtrafiken", year_to_date(last_month))
    assert read(project / "content/utredning/kollektivtrafiken/text.md") == "---\ntitel: Text\n---\n\n<!-- Skriv här -->\n"
    capsys.readouterr()
    assert run(project, "check") == 0, capsys.readouterr().err
