"""Goal fulfilment: typed targets, the status and trend rules, the model's validation, the built pages."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import REPO, write
from htmlpage import parse

from builder.goals import (
    BETTER, MET, NOT_ASSESSED, NOT_MET, PARTLY, SAME, WORSE, GoalTarget, Indicator, Override, assess,
    load_plans,
)
from builder.problems import Problems
from builder.yamlio import parse_yaml


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


@pytest.fixture(scope="module")
def plan():
    problems = Problems(REPO)
    plans = load_plans(REPO / "data/goals", problems)
    assert not problems, problems.sorted()
    return plans[2022]


def test_the_plan_of_2022_is_complete(plan):
    assert [g.perspective for g in plan.goals] == ["Ekonomi", "Medarbetare", "Medborgare", "Samhälle", "Verksamhet",
                                                    "Verksamhet"] or len(plan.goals) == 6
    assert sum(len(g.factors) for g in plan.goals) == 34
    rows = sum(len(plan.indicators_of(f.id)) for g in plan.goals for f in g.factors)
    assert rows == 107  # one indicator belongs to two success factors
    assert len(plan.indicators) == 106


@pytest.mark.parametrize(
    ("name", "status", "trend"),
    [
        ("Antal besök på filialer och servicepunkter", MET, BETTER),
        ("Andel digitala vårdbesök, nybesök, respektive återbesök av totala besök", NOT_MET, None),
        ("Andel patienter som får kontakt med hälsocentralen via telefon eller digitalt samma dag", PARTLY, BETTER),
        ("Sjukfrånvaro", NOT_MET, WORSE),
        ("Skillnad i regionens läkemedelskostnad per invånare gentemot Sveriges läkemedelskostnad per invånare",
         MET, None),
        ("Andelen vårdskador, sluten somatisk vård", NOT_ASSESSED, None),
    ],
)
def test_statuses_of_the_example_are_computed(plan, name, status, trend):
    (found,) = [i for i in plan.indicators if i.name == name]
    result = assess(found, plan.partly_when_improved)
    assert (result.status, result.trend) == (status, trend)
    assert found.override is None  # computed, not set by hand


def test_validation_names_file_and_line(tmp_path):
    folder = tmp_path / "goals/2022"
    plan_text = (REPO / "data/goals/2022/plan.yml").read_text(encoding="utf-8")
    write(folder / "plan.yml", re.sub(r"perspektiv: \[.*\]", "perspektiv: [prov, saknas]", plan_text))
    write(folder / "prov.yml", """
        perspektiv: Prov
        strategiska_mal:
          - id: mal-a
            namn: Mål A
            agare: [RS]
            prognos: delvis uppfyllt
            framgangsfaktorer:
              - id: ff-a
                namn: Faktor A
                agare: RS
        styrmatt:
          - id: matt-a
            namn: Mått A
            framgangsfaktor: ff-saknas
            agare: RS
            mal: öka
          - id: matt-a
            namn: Mått B
            framgangsfaktor: ff-a
            agare: RS
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
    line = plan_text.splitlines().index(next(l for l in plan_text.splitlines() if l.startswith("perspektiv:"))) + 1
    assert messages == [
        f"goals/2022/plan.yml:{line}: perspektivet 'saknas' saknas (saknas.yml finns inte) Åtgärd: skapa 2022/saknas.yml "
        "eller ta bort namnet ur listan perspektiv",
        "goals/2022/prov.yml:14: styrmåttet 'matt-a' hör till okänd framgångsfaktor 'ff-saknas' Åtgärd: skriv id:t "
        "för en framgångsfaktor under strategiska_mal",
        "goals/2022/prov.yml:17: id 'matt-a' används redan i målplanen Åtgärd: ge varje mål, faktor och styrmått ett eget id",
        "goals/2022/prov.yml:25: fältet 'agare' 'XX' är ingen styrelse eller nämnd i målplanen",
        "goals/2022/prov.yml:26: fältet 'mal' 'ungefär fyrtio' är inget mål",
        "goals/2022/prov.yml:27: fältet 'utfall' '5,5' är inget tal",
        "goals/2022/prov.yml:31: fältet 'agare' '5' är ingen styrelse eller nämnd i målplanen",
    ]


GOALS = "maluppfyllelse/2022-04"


def _rows(example_site):
    article = parse(example_site / f"{GOALS}/index.html").find("article")
    return {
        row.find("th").text: [td.text for td in row.find_all("td")]
        for table in article.find_all("table", class_="styrmatt") for row in table.find("tbody").find_all("tr")
    }, article


def test_goal_series_page_shows_all_107_indicator_rows(example_site):
    article = parse(example_site / f"{GOALS}/index.html").find("article")
    tables = article.find_all("table", class_="styrmatt")
    assert len(tables) == 34  # one per success factor
    assert sum(len(t.find("tbody").find_all("tr")) for t in tables) == 107
    headers = [th.text for th in tables[0].find("thead").find_all("th")]
    assert headers == ["Styrmått", "Styrelse/nämnd", "Mål 2022", "Periodens utfall", "Måluppfyllelse", "Utveckling"]


@pytest.mark.parametrize(
    ("name", "target", "outcome", "status", "trend"),
    [
        ("Antal besök på filialer och servicepunkter", "Öka", "Filialer: 5\u00a0397\u00a0besök", MET, BETTER),
        ("Andel digitala vårdbesök, nybesök, respektive återbesök av totala besök", "40\u00a0%",
         "Nybesök: 1\u00a0%; Återbesök: 26\u00a0%", NOT_MET, "ingen jämförelse"),
        ("Andel patienter som får kontakt med hälsocentralen via telefon eller digitalt samma dag", "100\u00a0%",
         "Telefon: 86\u00a0%", PARTLY, BETTER),
        ("Sjukfrånvaro", "Minska", "Totalt: 8,0\u00a0%", NOT_MET, WORSE),
        ("Skillnad i regionens läkemedelskostnad per invånare gentemot Sveriges läkemedelskostnad per invånare",
         "Högst 300\u00a0kr/invånare", "79\u00a0kr/invånare", MET, "ingen jämförelse"),
        ("Andelen vårdskador, sluten somatisk vård", "Under 6,5\u00a0%", "–", NOT_ASSESSED, "ingen jämförelse"),
    ],
)
def test_computed_rows_on_the_page(example_site, name, target, outcome, status, trend):
    rows, _ = _rows(example_site)
    owner, shown_target, shown_outcome, shown_status, shown_trend = rows[name]
    assert shown_target == target
    assert shown_outcome.startswith(outcome)
    assert shown_status == status and shown_trend.endswith(trend)


def test_legend_forecasts_and_goal_chart(example_site):
    article = parse(example_site / f"{GOALS}/index.html").find("article")
    legend = [dt.text for dt in article.find("dl", class_="teckenforklaring").find_all("dt")]
    assert legend == [MET, PARTLY, NOT_MET, NOT_ASSESSED, BETTER, SAME, WORSE]
    forecasts = article.find("table", class_="prognoser").find("tbody").find_all("tr")
    assert len(forecasts) == 6 and all(r.find_all("td")[-1].text == PARTLY for r in forecasts)
    (chart,) = [f for f in article.find_all("figure", class_="diagram") if f.attrs["id"] == "diagram-malfordelning-2022"]
    assert chart.find("svg").attrs["role"] == "img"
    assert len(chart.find("table").find("tbody").find_all("tr")) == 6


def test_goal_series_pdf(example_site):
    import subprocess

    path = example_site / f"{GOALS}/maluppfyllelse-2022-04.pdf"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Antal besök på filialer och servicepunkter" in text and "delvis uppfyllt" in text


def test_a_new_board_is_added_in_the_plan(tmp_path):
    """The owners are the plan's own list (agare in plan.yml), not a list in the code."""
    folder = tmp_path / "goals/2022"
    shutil.copytree(REPO / "data/goals/2022", folder)
    ekonomi = folder / "ekonomi.yml"
    ekonomi.write_text(ekonomi.read_text(encoding="utf-8").replace("agare: PN\n", "agare: HSN\n", 1), encoding="utf-8")
    problems = Problems(tmp_path)
    load_plans(tmp_path / "goals", problems)
    assert [p.message for p in problems.sorted()] == ["fältet 'agare' 'HSN' är ingen styrelse eller nämnd i målplanen; "
                                                      "välj bland RS, RUN, PN, eller lägg till den under agare i plan.yml"]

    plan = folder / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  PN: Patientnämnden\n",
                                                             "  PN: Patientnämnden\n  HSN: Hälso- och sjukvårdsnämnden\n"),
                    encoding="utf-8")
    problems = Problems(tmp_path)
    plans = load_plans(tmp_path / "goals", problems)
    assert not problems
    assert [i.owner for i in plans[2022].indicators].count("HSN") == 1
