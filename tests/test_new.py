"""`rapport new`: next month's report from the latest one, as a draft."""

from __future__ import annotations

from conftest import SERIES, run, write

from builder.load import load_series
from builder.problems import Problems


def test_new_month_from_the_latest_report(minimal, capsys):
    assert run(minimal, "new", SERIES, "2025-11") == 0
    created = minimal / f"content/{SERIES}/2025-11"
    assert sorted(p.name for p in created.iterdir()) == ["ekonomi.md", "inledning.md", "report.yml"]
    # headings kept, bodies emptied
    assert (created / "ekonomi.md").read_text(encoding="utf-8") == "---\ntitel: Ekonomi\n---\n\n## Periodens resultat\n\n"
    assert (created / "inledning.md").read_text(encoding="utf-8") == "---\ntitel: Inledning\n---\n\n"
    report = load_series(minimal / f"content/{SERIES}", Problems(minimal)).reports[0]
    assert str(report.month) == "2025-11"
    assert str(report.period) == "2025-01..2025-10"  # year to date, one month further
    assert report.status == "utkast"
    assert report.version == "0.1"
    assert report.document_id == "" and report.published is None
    assert (report.responsible, report.prepared_by) == ("Anna Andersson", "Bertil Berg")
    assert (report.signature.name, report.signature.title) == ("Anna Andersson", "Regiondirektör")
    assert [s.id for s in report.sections] == ["inledning", "ekonomi"]
    assert report.attachments == []
    # a draft with empty sections passes the check
    assert run(minimal, "check") == 0


def test_new_year_starts_a_new_year_to_date(minimal):
    assert run(minimal, "new", SERIES, "2026-02") == 0
    report = load_series(minimal / f"content/{SERIES}", Problems(minimal)).reports[0]
    assert str(report.period) == "2026-01"


def test_new_without_earlier_reports_uses_the_skeleton(minimal, capsys):
    write(minimal / "content/ny-serie/series.yml", """
        titel: Ny serie
        dokument_id_prefix: NY
        galler_for: Region Norrbotten
        avsnitt:
          - id: inledning
            titel: Inledning
          - id: ekonomi
            titel: Ekonomi
    """)
    assert run(minimal, "new", "ny-serie", "2026-03") == 0
    created = minimal / "content/ny-serie/2026-03"
    assert (created / "ekonomi.md").read_text(encoding="utf-8") == "---\ntitel: Ekonomi\n---\n\n"
    text = (created / "report.yml").read_text(encoding="utf-8")
    assert "period: 2026-01..2026-02\n" in text
    # no earlier report to take the people from: the check says what to fill in
    capsys.readouterr()
    assert run(minimal, "check") == 1
    err = capsys.readouterr().err
    for field in ("ansvarig", "upprattad_av", "namn", "titel"):
        assert "content/ny-serie/2026-03/report.yml:" in err and f"fältet '{field}' är tomt" in err


def test_new_refuses_an_existing_month(minimal, capsys):
    assert run(minimal, "new", SERIES, "2025-10") == 1
    assert f"content/{SERIES}/2025-10/ finns redan" in capsys.readouterr().err


def test_new_refuses_unknown_series_and_bad_month(minimal, capsys):
    assert run(minimal, "new", "okand", "2025-11") == 1
    assert f"serien 'okand' finns inte; välj en av: {SERIES}" in capsys.readouterr().err
    assert run(minimal, "new", SERIES, "november") == 1
    assert "'november' är ingen månad" in capsys.readouterr().err
