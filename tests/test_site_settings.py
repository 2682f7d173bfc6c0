"""content/site.yml and the names of report folders: what the checker refuses, with file, line and fix."""

from __future__ import annotations

import pytest
from conftest import OTHER_ORG, fixture_project, run
from test_check import line_of, replace


@pytest.fixture
def project(tmp_path):
    return fixture_project(OTHER_ORG, tmp_path / "projekt")


def site_errors(root, capsys) -> list[str]:
    capsys.readouterr()
    assert run(root, "check") == 1
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("content/")]


@pytest.mark.parametrize(("value", "message"), [
    ("#1d4a3b", "fältet 'accentfarg' är tomt; skriv färgen inom citattecken, till exempel \"#00558c\" (utan "
                "citattecken läses # som början på en kommentar)"),
    ('"#777777"', "fältet 'accentfarg' '#777777' ger för låg kontrast mot den vita texten i sidhuvudet (4,47:1, "
                  "minst 4,5:1 krävs); välj en mörkare färg"),
    ('"red"', "fältet 'accentfarg' 'red' är ingen färg; skriv den som #rrggbb inom citattecken, till exempel \"#00558c\""),
])
def test_the_accent_colour(project, capsys, value, message):
    replace(project / "content/site.yml", 'accentfarg: "#1d4a3b"', f"accentfarg: {value}")
    line = line_of(project / "content/site.yml", "accentfarg:")
    assert site_errors(project, capsys) == [f"content/site.yml:{line}: {message}"]


@pytest.mark.parametrize(("setup", "value", "message"), [
    (None, "../mkdocs.yml", "logotypen '../mkdocs.yml' kan inte användas Åtgärd: lägg en bild i content/ och skriv bara "
                            "filnamnet; tillåtna filtyper är .png, .jpg, .jpeg, .webp"),
    (None, "logo.svg", "logotypen 'logo.svg' kan inte användas Åtgärd: lägg en bild i content/ och skriv bara "
                       "filnamnet; tillåtna filtyper är .png, .jpg, .jpeg, .webp"),
    (None, "saknas.png", "logotypen 'saknas.png' finns inte i content/ Åtgärd: lägg bildfilen i content/ eller rätta namnet"),
    (b"<html><script>alert(1)</script>", "falsk.png",
     "logotypen 'falsk.png' är ingen PNG-bild Åtgärd: spara bilden på nytt i ett bildprogram, med rätt filändelse"),
])
def test_the_logo(project, capsys, setup, value, message):
    if setup is not None:
        (project / "content" / value).write_bytes(setup)
    replace(project / "content/site.yml", "logotyp: logotyp.png", f"logotyp: {value}")
    line = line_of(project / "content/site.yml", "logotyp:")
    assert site_errors(project, capsys) == [f"content/site.yml:{line}: {message}"]


@pytest.mark.parametrize(("old", "new", "key", "message"), [
    ("serier: [styrelserapport, delarsrapport, arsredovisning]", "serier: [styrelserapport, delarsrapport, styrelserapport]",
     "serier:", "serien 'styrelserapport' står två gånger under serier Åtgärd: skriv varje serie en gång, i den ordning "
                "webbplatsen ska visa dem"),
    ("serier: [styrelserapport, delarsrapport, arsredovisning]", "serier: [styrelserapport, ../content]", "serier:",
     "serien '../content' under serier finns inte Åtgärd: skriv seriens mappnamn i content/: arsredovisning, "
     "delarsrapport, styrelserapport"),
    ("huvudserie: styrelserapport", "huvudserie: styrelserapport delarsrapport", "huvudserie:",
     "serien 'styrelserapport delarsrapport' under huvudserie finns inte Åtgärd: skriv seriens mappnamn i content/: "
     "arsredovisning, delarsrapport, styrelserapport"),
    ("oppna_data_licens: CC-BY-4.0", "oppna_data_licens: CC-BY", "oppna_data_licens:",
     "fältet 'oppna_data_licens' 'CC-BY' är inte tillåtet; välj 'CC0-1.0' eller 'CC-BY-4.0'"),
])
def test_the_series_named_in_site_yml(project, capsys, old, new, key, message):
    replace(project / "content/site.yml", old, new)
    line = line_of(project / "content/site.yml", key)
    assert site_errors(project, capsys) == [f"content/site.yml:{line}: {message}"]


@pytest.mark.parametrize(("value", "message"), [
    ('"Fjäll\\u0000regionen"', "fältet 'organisation' innehåller ett osynligt styrtecken (U+0000); ta bort det"),
    ('"Fjäll\\nregionen"', "fältet 'organisation' har en radbrytning (U+000A); skriv det på en rad"),
])
def test_no_invisible_characters_in_a_name(project, capsys, value, message):
    replace(project / "content/site.yml", "organisation: Fjällregionen", f"organisation: {value}")
    assert site_errors(project, capsys) == [f"content/site.yml:1: {message}"]


@pytest.mark.parametrize(("folder", "message"), [
    ("0000", "mappnamnet '0000' är inget år"),
    ("3000", "mappnamnet '3000' är inget år"),
    ("2024-T1", "mappnamnet '2024-T1' är inget år"),
])
def test_an_annual_report_folder_is_a_year_from_1900_to_2999(project, capsys, folder, message):
    (project / "content/arsredovisning/2023").rename(project / "content/arsredovisning" / folder)
    assert site_errors(project, capsys) == [
        f"content/arsredovisning/{folder}: {message} Åtgärd: döp rapportens mapp efter perioden rapporten gäller, "
        "som ÅÅÅÅ, till exempel 2024 (serien har rapportperiod: år i series.yml)"]


def test_an_empty_report_title_means_the_built_one(project, capsys):
    report = project / "content/arsredovisning/2023/report.yml"
    report.write_text("titel:\n" + report.read_text(encoding="utf-8"), encoding="utf-8")
    assert run(project, "build", "--no-pdf", "--quiet") == 0
    assert "<title>Årsredovisning 2023 - " in (project / "site/arsredovisning/2023/index.html").read_text(encoding="utf-8")
