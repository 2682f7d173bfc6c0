"""Goal fulfilment: typed targets, the status and trend rules, the model's validation, the built pages.

The plan and the page are the fixture tests/fixtures/malplan (its README lists each indicator's case)."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pdfua
import pytest
from conftest import FIXTURES, fixture_project, run, write
from htmlpage import parse
from test_check import replace

from builder.base.problems import Problems
from builder.compute.goal_status import assess
from builder.read.goals import (
    BETTER, MET, NOT_ASSESSED, NOT_MET, PARTLY, SAME, WORSE, GoalTarget, Indicator, Override, load_plans,
)
from builder.read.yamlio import parse_yaml


def indicator(target, outcome=None, previous=None, unit="", higher=None, judged=(), achieved=None, override=None):
    def parts(values):
        if values is None:
            return ()
        if isinstance(values, dict):
            return tuple((k, D(str(v))) for k, v in values.items())
        return (("", D(str(values))),)

    parsed = target if isinstance(target, GoalTarget) else GoalTarget.parse(target)
    return Indicator("x", "X", ("f",), "RS", unit, parsed, parts(outcome), parts(previous), "", "", "", judged,
                     higher, achieved, override, Path("x.yml"), 1)


@pytest.mark.parametrize(
    ("target", "outcome", "previous", "higher", "status", "trend"),
    [
        ("öka", 5397, 1379, None, MET, BETTER),
        ("öka", 1000, 1379, None, NOT_MET, WORSE),
        ("öka", 1000, None, None, NOT_ASSESSED, None),  # a direction needs a previous value
        ("minska", "8.0", "6.47", None, NOT_MET, WORSE),
        ("minska", "6.0", "6.47", None, MET, BETTER),
        ("bibehålla", 3, 3, None, MET, SAME),
        ("bibehålla", 4, 3, None, NOT_MET, None),
        ("inte minska", 4, 4, None, MET, SAME),
        ("100", 86, 74, None, PARTLY, BETTER),  # not met, but improved
        ("100", 70, 74, None, NOT_MET, WORSE),
        ("40", 26, None, None, NOT_MET, None),
        ("7", 5, 8, False, MET, BETTER),  # lower is better: 'riktning: lägre är bättre'
        ("7", 9, 8, False, NOT_MET, WORSE),
        ("högst 300", 79, None, None, MET, None),
        ("minst 60", 59, 50, None, PARTLY, BETTER),
        ("under 6.5", "6.4", None, None, MET, None),
        ("över 0", 0, None, None, NOT_MET, None),
        ("öka med 5", 578, 1305, None, NOT_MET, WORSE),
        ("öka med 5", 1400, 1305, None, MET, BETTER),
        ("minska med 50", 80, None, None, NOT_ASSESSED, None),
        ("under 6.5", None, None, None, NOT_ASSESSED, None),  # no outcome
        ("text: Efter behov", 3, None, None, NOT_ASSESSED, None),
    ],
)
def test_status_and_trend_rules(target, outcome, previous, higher, status, trend):
    result = assess(indicator(target, outcome, previous, higher=higher))
    assert (result.status, result.trend) == (status, trend)


def test_parts_are_all_judged_unless_some_are_named():
    both = indicator("40", {"nybesök": 1, "återbesök": 26})
    assert assess(both).status == NOT_MET
    survey = indicator("70", {"nöjda": 79, "inte nöjda": 16}, judged=("nöjda",))
    assert assess(survey).status == MET
    mixed = indicator("öka", {"a": 5, "b": 1}, {"a": 4, "b": 2})
    assert assess(mixed) == assess(mixed) and assess(mixed).trend is None and assess(mixed).status == NOT_MET


def test_per_sex_targets():
    target = GoalTarget.parse(parse_yaml("{kvinnor: 16.0, män: 17.2}"))
    readmissions = indicator(target, {"kvinnor": 17, "män": 16}, higher=False)
    assert assess(readmissions).status == NOT_MET  # men meet their target, women do not
    assert assess(indicator(target, {"kvinnor": 15, "män": 16}, higher=False)).status == MET


def test_milestones_and_overrides():
    assert assess(indicator("milstolpe: Påbörja")).status == NOT_ASSESSED
    assert assess(indicator("milstolpe: Påbörja", achieved=True)).status == MET
    assert assess(indicator("milstolpe: Påbörja", achieved=False)).status == NOT_MET
    by_hand = assess(indicator("öka", override=Override(PARTLY, "Arbetet pågår enligt plan.")))
    assert (by_hand.status, by_hand.reason) == (PARTLY, "Arbetet pågår enligt plan.")


def test_bad_targets_are_rejected_with_a_message():
    for text in ("ungefär fyrtio", "öka med", "milstolpe:"):
        with pytest.raises(ValueError, match="är inget mål"):
            GoalTarget.parse(text)


GOALS = FIXTURES / "malplan/data/goals"


@pytest.fixture(scope="module")
def plan():
    problems = Problems(GOALS.parent.parent)
    plans = load_plans(GOALS, problems)
    assert not problems, problems.sorted()
    assert list(plans) == [2021]
    return plans[2021]


def test_the_plan_is_read_whole(plan):
    assert plan.title == "Målplan 2021"
    assert plan.owner_names == {"FS": "Förbundsstyrelsen", "TN": "Trafiknämnden", "KN": "Kulturnämnden"}
    assert [(g.perspective, g.id, g.forecast) for g in plan.goals] == [
        ("Resenärer", "nojda-resenarer", PARTLY), ("Resenärer", "fler-resenarer", MET),
        ("Medarbetare", "hallbara-medarbetare", NOT_MET), ("Ekonomi", "ekonomi-i-balans", PARTLY)]
    assert [f.id for g in plan.goals for f in g.factors] == [
        "punktlig-trafik", "tillganglig-information", "attraktiva-linjer", "frisk-arbetsplats", "kompetens",
        "inom-budget", "kostnadseffektiv"]
    rows = sum(len(plan.indicators_of(f.id)) for g in plan.goals for f in g.factors)
    assert rows == 13  # one indicator belongs to two success factors
    assert len(plan.indicators) == 12
    assert [i.id for i in plan.indicators_of("kostnadseffektiv")] == ["resultat", "kostnad-per-resa"]


@pytest.mark.parametrize(
    ("indicator_id", "status", "trend", "by_hand"),
    [
        ("avgangar-i-tid", MET, BETTER, False),
        ("installda-turer", NOT_MET, WORSE, False),  # riktning: lägre är bättre
        ("realtidsskyltar", PARTLY, BETTER, False),  # not met, but improved
        ("resor", MET, BETTER, False),
        ("appbiljett", NOT_MET, None, False),  # one of two parts misses the target; nothing to compare with
        ("sjukfranvaro", NOT_MET, WORSE, False),  # judged on its part 'totalt' only
        ("rekommenderar", MET, SAME, False),
        ("utvecklingssamtal", NOT_ASSESSED, None, False),  # no outcome
        ("kompetensplan", MET, None, False),  # a milestone reached
        ("resultat", MET, None, False),
        ("budgetavvikelse", MET, BETTER, True),  # computed: delvis uppfyllt; set by hand with a reason
        ("kostnad-per-resa", MET, None, False),
    ],
)
def test_statuses_of_the_plan_are_computed(plan, indicator_id, status, trend, by_hand):
    (found,) = [i for i in plan.indicators if i.id == indicator_id]
    result = assess(found, plan.partly_when_improved)
    assert (result.status, result.trend) == (status, trend)
    assert (found.override is not None) == by_hand


def test_a_status_set_by_hand_keeps_its_reason(plan):
    (found,) = [i for i in plan.indicators if i.id == "budgetavvikelse"]
    assert found.override == Override(MET, "Avvikelsen beror på ett statsbidrag som betalades ut efter bokslutet.")
    assert assess(found).reason == "Avvikelsen beror på ett statsbidrag som betalades ut efter bokslutet."
    without = dataclasses.replace(found, override=None)
    assert (assess(without).status, assess(without).reason) == (PARTLY, "")  # what the rule alone gives


def test_validation_names_file_and_line(tmp_path):
    folder = tmp_path / "goals/2021"
    write(folder / "plan.yml", """
        titel: Målplan 2021
        perspektiv: [prov, saknas]
        agare:
          FS: Förbundsstyrelsen
        regel:
          delvis_vid_forbattring: ja
        teckenforklaring:
          uppfyllt: Målet är nått.
    """)
    write(folder / "prov.yml", """
        perspektiv: Prov
        strategiska_mal:
          - id: mal-a
            namn: Mål A
            agare: [FS]
            prognos: delvis uppfyllt
            framgangsfaktorer:
              - id: ff-a
                namn: Faktor A
                agare: FS
        styrmatt:
          - id: matt-a
            namn: Mått A
            framgangsfaktor: ff-saknas
            agare: FS
            mal: öka
          - id: matt-a
            namn: Mått B
            framgangsfaktor: ff-a
            agare: FS
            mal: öka
          - id: matt-c
            namn: Mått C
            framgangsfaktor: ff-a
            agare: XX
            mal: ungefär fyrtio
            utfall: 5,5
          - id: matt-d
            namn: Mått D
            framgangsfaktor: ff-a
            agare: 5
            mal: öka
    """)
    problems = Problems(tmp_path)
    load_plans(tmp_path / "goals", problems)
    messages = [str(p).split(";")[0] for p in problems.sorted()]
    in_prov = [
        "goals/2021/prov.yml:17: id 'matt-a' används redan i målplanen Åtgärd: ge varje mål, faktor och styrmått ett eget id",
        "goals/2021/prov.yml:25: fältet 'agare' 'XX' är ingen styrelse eller nämnd i målplanen",
        "goals/2021/prov.yml:26: fältet 'mal' 'ungefär fyrtio' är inget mål",
        "goals/2021/prov.yml:27: fältet 'utfall' '5,5' är inget tal",
        "goals/2021/prov.yml:31: fältet 'agare' '5' är ingen styrelse eller nämnd i målplanen",
    ]
    # the missing perspective could hold ff-saknas: that reference is left unchecked, and said so
    assert messages == [
        "goals/2021/plan.yml:2: perspektivet 'saknas' saknas (saknas.yml finns inte) Åtgärd: skapa 2021/saknas.yml "
        "eller ta bort namnet ur listan perspektiv",
        "goals/2021/plan.yml: 1 hänvisning till målplanen kontrollerades inte, eftersom det de hänvisar till har fel "
        "i filen Åtgärd: rätta filen och kör kontrollen igen",
        *in_prov,
    ]
    replace(folder / "plan.yml", "perspektiv: [prov, saknas]", "perspektiv: [prov]")
    problems = Problems(tmp_path)
    load_plans(tmp_path / "goals", problems)
    assert [str(p).split(";")[0] for p in problems.sorted()] == [
        "goals/2021/prov.yml:14: styrmåttet 'matt-a' hör till okänd framgångsfaktor 'ff-saknas' Åtgärd: skriv id:t "
        "för en framgångsfaktor under strategiska_mal",
        *in_prov,
    ]


REPORT = "malrapport/2021-T2"


@pytest.fixture(scope="module")
def goal_site(tmp_path_factory) -> Path:
    """The fixture tests/fixtures/malplan built once, PDF included; returns site/."""
    root = fixture_project("malplan", tmp_path_factory.mktemp("malplan") / "projekt")
    assert run(root, "build", "--quiet") == 0
    return root / "site"


def article(site: Path):
    return parse(site / f"{REPORT}/index.html").find("article")


def cells(row) -> list[str]:
    return [c.text for c in row.iter() if c.tag in ("th", "td")]


def test_the_report_shows_a_table_per_success_factor(goal_site):
    tables = article(goal_site).find_all("table", class_="styrmatt")
    assert [t.attrs["id"] for t in tables] == [
        "styrmatt-punktlig-trafik", "styrmatt-tillganglig-information", "styrmatt-attraktiva-linjer",
        "styrmatt-frisk-arbetsplats", "styrmatt-kompetens", "styrmatt-inom-budget", "styrmatt-kostnadseffektiv"]
    assert sum(len(t.find("tbody").find_all("tr")) for t in tables) == 13
    headers = [th.text for th in tables[0].find("thead").find_all("th")]
    assert headers == ["Styrmått", "Måluppfyllelse", "Periodens utfall", "Mål 2021", "Utveckling", "Styrelse/nämnd"]
    assert tables[0].find("caption").text == "Punktlig trafik (TN)"


NONE = "–ingen jämförelse"  # a dash for the eye, words for a screen reader


def test_computed_rows_on_the_page(goal_site):
    rows = [cells(row) for table in article(goal_site).find_all("table", class_="styrmatt")
            for row in table.find("tbody").find_all("tr")]
    # Written as indicator, owner, target, outcome, status, trend; the page puts status and outcome first.
    assert rows == [[name, status, outcome, target, trend, owner] for name, owner, target, outcome, status, trend in [
        ["Andel avgångar i tid", "TN", "95\u00a0%", "96,2\u00a0%Föregående: 94,8\u00a0%", MET, BETTER],
        ["Inställda turer", "TN", "40", "52Föregående: 47", NOT_MET, WORSE],
        ["Andel hållplatser med realtidsskylt", "TN", "100\u00a0%", "86\u00a0%Föregående: 74\u00a0%", PARTLY, BETTER],
        ["Resor med förbundets bussar", "TN", "Öka",
         "61\u00a0200\u00a0resorFöregående: 58\u00a0900\u00a0resor (jan–aug 2020)", MET, BETTER],
        ["Andel resor med biljett i appen, vuxna respektive unga", "TN", "40\u00a0%",
         "Vuxna: 35\u00a0%; Unga: 52\u00a0%", NOT_MET, NONE],
        ["Sjukfrånvaro", "FS", "Minska",
         "Totalt: 6,1\u00a0%; Kvinnor: 7,0\u00a0%; Män: 5,2\u00a0%Föregående: Totalt: 5,4\u00a0% (2020)", NOT_MET, WORSE],
        ["Medarbetare som rekommenderar förbundet som arbetsgivare", "FS", "Bibehålla", "78\u00a0%Föregående: 78\u00a0%",
         MET, SAME],
        ["Andel medarbetare med utvecklingssamtal", "FS", "Minst 90\u00a0%", "Mäts i december", NOT_ASSESSED, NONE],
        ["Kompetensplan för förbundet", "FS", "Beslutad", "–", MET, NONE],
        ["Förbundets resultat", "FS", "Över 0\u00a0mnkr", "3,2\u00a0mnkr", MET, NONE],
        ["Nämndernas avvikelse från budget", "KN", "Under 2\u00a0%", "2,4\u00a0%Föregående: 2,9\u00a0%",
         "uppfylltBedömt för hand: Avvikelsen beror på ett statsbidrag som betalades ut efter bokslutet.", BETTER],
        ["Förbundets resultat", "FS", "Över 0\u00a0mnkr", "3,2\u00a0mnkr", MET, NONE],  # under both its factors
        ["Kostnad per resa", "TN", "Högst 45\u00a0kr/resa", "41\u00a0kr/resa", MET, NONE],
    ]]
    (reason,) = article(goal_site).find_all("span", class_="motivering")
    assert reason.text == "Bedömt för hand: Avvikelsen beror på ett statsbidrag som betalades ut efter bokslutet."


def test_legend_forecasts_and_goal_chart(goal_site):
    page = article(goal_site)
    legend = page.find("ul", class_="teckenforklaring")
    assert [word.text for word in legend.find_all("strong", class_="ord")] == [
        MET, PARTLY, NOT_MET, NOT_ASSESSED, BETTER, SAME, WORSE]
    assert [meaning.text for meaning in legend.find_all("span", class_="betydelse")][:2] == [
        "Målet är nått.", "Målet är inte nått, men utfallet är bättre än förra gången."]
    forecasts = [cells(r) for r in page.find("table", class_="prognoser").find("tbody").find_all("tr")]
    assert forecasts == [
        ["Resenärer", "Nöjda resenärer", "TN", PARTLY],
        ["Resenärer", "Fler resenärer", "TN, FS", MET],
        ["Medarbetare", "Friska och kunniga medarbetare", "FS", NOT_MET],
        ["Ekonomi", "Ekonomi i balans", "FS, TN, KN", PARTLY],
    ]
    (chart,) = page.find_all("figure", class_="diagram")
    assert chart.attrs["id"] == "diagram-malfordelning-2021"
    svg = chart.find("svg")
    assert svg.attrs["role"] == "img"
    assert svg.attrs["aria-label"] == (
        "Liggande staplar, en per strategiskt mål, som delar styrmåtten efter bedömning. Nöjda resenärer: "
        "1\u00a0st uppfyllt, 1\u00a0st delvis uppfyllt, 1\u00a0st ej uppfyllt; Fler resenärer: 1\u00a0st uppfyllt, "
        "1\u00a0st ej uppfyllt; Friska och kunniga medarbetare: 2\u00a0st uppfyllt, 1\u00a0st ej uppfyllt, "
        "1\u00a0st ej bedömt; Ekonomi i balans: 3\u00a0st uppfyllt.")
    table = chart.find("table")
    assert [th.text for th in table.find("thead").find_all("th")] == ["Strategiskt mål", MET, PARTLY, NOT_MET, NOT_ASSESSED]
    assert [cells(r) for r in table.find("tbody").find_all("tr")] == [
        ["Nöjda resenärer", "1\u00a0st", "1\u00a0st", "1\u00a0st", "0\u00a0st"],
        ["Fler resenärer", "1\u00a0st", "0\u00a0st", "1\u00a0st", "0\u00a0st"],
        ["Friska och kunniga medarbetare", "2\u00a0st", "0\u00a0st", "1\u00a0st", "1\u00a0st"],
        ["Ekonomi i balans", "3\u00a0st", "0\u00a0st", "0\u00a0st", "0\u00a0st"],  # resultat counted once
    ]


def test_goal_report_pdf_passes_the_pdf_ua_validator_and_our_structure_checks(goal_site):
    """The goal tables, the legend (a list: L > LI) and the forecasts, read back (tests/pdfua.py)."""
    path = goal_site / f"{REPORT}/malrapport-2021-T2.pdf"
    assert pdfua.validator_failures(path) + pdfua.structure_problems(path) + pdfua.small_text(path) == []


def test_goal_report_pdf(goal_site):
    path = goal_site / f"{REPORT}/malrapport-2021-T2.pdf"
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "Andel hållplatser med realtidsskylt" in text and "delvis uppfyllt" in text
    assert "Bedömt för hand: Avvikelsen beror på ett" in text  # the reason for a status set by hand, too


def test_a_new_board_is_added_in_the_plan(tmp_path):
    """The owners are the plan's own list (agare in plan.yml), not a list in the code."""
    folder = tmp_path / "goals/2021"
    shutil.copytree(GOALS / "2021", folder)
    ekonomi = folder / "ekonomi.yml"
    ekonomi.write_text(ekonomi.read_text(encoding="utf-8").replace("agare: KN\n", "agare: HSN\n", 1), encoding="utf-8")
    problems = Problems(tmp_path)
    load_plans(tmp_path / "goals", problems)
    assert [p.message for p in problems.sorted()] == ["fältet 'agare' 'HSN' är ingen styrelse eller nämnd i målplanen; "
                                                      "välj bland FS, TN, KN, eller lägg till den under agare i plan.yml"]

    plan = folder / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  KN: Kulturnämnden\n",
                                                             "  KN: Kulturnämnden\n  HSN: Hälso- och sjukvårdsnämnden\n"),
                    encoding="utf-8")
    problems = Problems(tmp_path)
    plans = load_plans(tmp_path / "goals", problems)
    assert not problems
    assert [i.owner for i in plans[2021].indicators].count("HSN") == 1
