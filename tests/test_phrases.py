"""Phrases of comparisons (builder.compute.phrases): the verb or comparative follows the number as shown and the
key figure's direction, never the sign alone; an editor's own word is checked against the data; a phrase that
starts a sentence starts with a capital letter."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import SERIES, run, write
from htmlpage import parse
from test_check import errors

from builder.base.periods import Period
from builder.base.problems import FigureError
from builder.compute.comparisons import Basis
from builder.compute.observations import Observations
from builder.compute.specs import parse_spec
from builder.read.csv_data import Observation
from builder.read.data import Data
from builder.base.sentences import starts_sentence, word_before_med
from builder.read.metrics import Metric

PERIOD = Period.parse("2025-01..2025-09")
NBSP = "\u00a0"


def metric(id, unit, decimals, polarity, is_change=False, against=""):
    return Metric(id, id.capitalize(), unit, decimals, polarity, "summa" if unit != "%" else "andel", "",
                  is_change=is_change or bool(against), against=against)


def row(metric_id, period, value, kind="utfall", note=""):
    return Observation(metric_id, Period.parse(period), kind, D(str(value)), None, None, False, note, "data/e.csv", 1)


METRICS = {m.id: m for m in (
    metric("kostnad", "mnkr", 0, "lägre är bättre"),
    metric("resultat", "mnkr", 0, "högre är bättre"),
    metric("sjuk", "%", 2, "lägre är bättre"),
    metric("besok", "antal", 0, "neutral"),
    metric("loner-forandring", "mnkr", 0, "neutral", is_change=True),
    metric("pension-mot-budget", "mnkr", 0, "lägre är bättre", against="mot-budget"),
    metric("bidrag-mot-budget", "mnkr", 0, "högre är bättre", against="mot-budget"),
    metric("andel", "%", 1, "högre är bättre"),
    metric("kassa", "mnkr", 0, "högre är bättre"),
    metric("lakare", "antal", 0, "neutral"),
)}
ROWS = [
    row("kostnad", "2025-01..2025-09", 1200), row("kostnad", "2024-01..2024-09", 1100),
    row("kostnad", "2025-01..2025-09", 1250, "budget"),
    row("resultat", "2025-01..2025-09", -262), row("resultat", "2024-01..2024-09", -531),
    row("resultat", "2025-01..2025-09", -186, "budget"), row("resultat", "2025", -178, "prognos"),
    row("resultat", "2025", -178, "budget"),
    row("sjuk", "2025-01..2025-09", "5.90"), row("sjuk", "2024-01..2024-09", "5.58"),
    row("sjuk", "2025-01..2025-08", "5.904"),
    row("besok", "2025-01..2025-09", 997547), row("besok", "2024-01..2024-09", 961356),
    row("loner-forandring", "2025-01..2025-09", -35),
    row("pension-mot-budget", "2025-01..2025-09", -12), row("bidrag-mot-budget", "2025-01..2025-09", 40, note="(prel.)"),
    # 40,96 and 41,04 both show as 41,0: a change that shows as +0,1 between two equal levels
    row("andel", "2025-01..2025-09", "41.04"), row("andel", "2024-01..2024-09", "40.96"),
    # 100 040 against 100 000: +40 mnkr, but +0,04 % shows as 0,0 %
    row("kassa", "2025-01..2025-09", 100040, note="(prel.)"), row("kassa", "2024-01..2024-09", 100000),
    row("lakare", "2025-01..2025-09", 310), row("lakare", "2025-01..2025-09", 298, "budget"),
    # written with fewer decimals than shown: 5.9 and 5.904 both show as 5,90
    row("sjuk", "2024-01..2024-08", "5.9"),
    row("loner-forandring", "2024-01..2024-09", 12),
]
BASIS = Basis(Data(metrics=METRICS, observations=ROWS, files={}), Observations(ROWS), PERIOD)


def shown(written: str) -> str:
    metric_id, *words = written.split()
    spec = parse_spec(words, written)
    return spec.compute(BASIS, spec.ask(METRICS[metric_id], PERIOD)).text.replace(NBSP, " ")


@pytest.mark.parametrize(("written", "text"), [
    ("besok förändring fras", "har ökat med 36 191"),
    ("besok förändring från-till", "ökade från 961 356 till 997 547"),
    ("besok förändring-% fras", "har ökat med 3,8 procent"),
    ("sjuk förändring fras", "har ökat med 0,32 procentenheter"),
    ("sjuk förändring från-till", "ökade från 5,58 till 5,90 procent"),
    # −0,004 procentenheter shows as 0,00: the verb is decided on the number as shown.
    ("sjuk mot-förra-månaden fras", "ligger kvar på 5,90 procent"),
    ("sjuk mot-förra-månaden från-till", "låg kvar på 5,90 procent"),
    ("kostnad förändring fras", "har ökat med 100 mnkr"),
    ("loner-forandring fras", "har minskat med 35 mnkr"),
    ("loner-forandring sjönk", "sjönk med 35 mnkr"),
    # Better and worse follow the direction: a cost under budget is better, a result under budget worse.
    ("kostnad mot-budget fras", "är 50 mnkr bättre än budget"),
    ("resultat mot-budget fras", "är 76 mnkr sämre än budget"),
    ("resultat prognos-mot-budget fras", "är i nivå med budget"),
    ("resultat förändring fras", "har ökat med 269 mnkr"),
    ("resultat förändring fras förbättrats", "har förbättrats med 269 mnkr"),
    ("besok förändring fras steg", "steg med 36 191"),
    ("kostnad förändring fras försämrats", "har försämrats med 100 mnkr"),
    ("kostnad mot-budget fras lägre", "är 50 mnkr lägre än budget"),
    # A key figure that is itself a deviation from the budget is written as one, better or worse by its direction.
    ("pension-mot-budget fras", "är 12 mnkr bättre än budget"),
    ("bidrag-mot-budget fras", "är 40 mnkr bättre än budget (prel.)"),
    ("bidrag-mot-budget högre", "är 40 mnkr högre än budget (prel.)"),
    # från-till follows the levels as shown: two levels that both show as 41,0 stayed.
    ("andel förändring från-till", "låg kvar på 41,0 procent"),
    ("andel förändring fras", "har ökat med 0,1 procentenheter"),
    # A percentage that rounds to zero of a change that does not: the change is there, if small.
    ("kassa förändring fras", "har ökat med 40 mnkr (prel.)"),
    ("kassa förändring-% fras", "har ökat med mindre än 0,1 procent (prel.)"),
    # A note of the data comes after the phrase, never inside it.
    ("kassa förändring från-till", "ökade från 100 000 till 100 040 mnkr (prel.)"),
    # A count without direction is more or fewer.
    ("lakare mot-budget fras", "är 12 fler än budget"),
    ("lakare mot-budget fler", "är 12 fler än budget"),
    # Two levels are compared as shown, with as many decimals each.
    ("sjuk hittills-förra-månaden förändring från-till", "låg kvar på 5,90 procent"),
    # A stored change of another period is phrased too.
    ("loner-forandring fg-år ökade", "ökade med 12 mnkr"),
])
def test_a_phrase_follows_the_number_as_shown_and_the_direction(written, text):
    assert shown(written) == text


@pytest.mark.parametrize(("written", "message"), [
    ("sjuk förändring sjunkit", "'sjunkit' stämmer inte med data: förändringen för sjuk är +0,32"),
    ("kostnad mot-budget sämre", "'sämre' stämmer inte med data"),
    ("besok förändring fras förbättrats", "kräver att besok har en riktning"),
    ("besok förändring fras bättre", "'bättre' jämför med något"),
    ("resultat mot-budget ökat", "'ökat' är ett verb"),
    ("sjuk mot-förra-månaden ökat", "'ökat' passar inte: förändringen för sjuk är 0,00"),
    ("resultat prognos-mot-budget bättre", "'bättre' passar inte"),
    ("resultat fras", "resultat är ett värde, inte en förändring eller avvikelse"),
    ("resultat högre", "resultat är ett värde, inte en förändring eller avvikelse"),
    ("resultat fg-år fras", "'fg-år' är ett värde"),
    ("loner-forandring från-till", "loner-forandring är själv en förändring"),
    ("pension-mot-budget från-till", "pension-mot-budget är själv en förändring"),
    ("loner-forandring förändring fras", "själv en förändring eller avvikelse, så förändring av den"),
    ("pension-mot-budget ökat", "'ökat' är ett verb; en avvikelse mot budget"),
    ("resultat mot-budget från-till", "resultat mot-budget är en avvikelse"),
    ("lakare mot-budget färre", "'färre' stämmer inte med data"),
    ("resultat mot-budget fler", "'fler' passar inte för ett belopp i mnkr"),
    ("loner-forandring mot-förra-månaden fras", "själv en förändring eller avvikelse"),
    ("andel förändring från-till minskade", "'minskade' passar inte: förändringen för andel är från 41,0 % till 41,0 %"),
    ("kassa förändring-% minskat", "'minskat' stämmer inte med data: förändringen för kassa är 0,0 % (prel.) (+40 mnkr)"),
    ("resultat förändring fras från-till", "har två fraser"),
    ("resultat förändring ökat steg", "har två ord för frasen"),
])
def test_a_word_that_the_data_contradict_is_an_error(written, message):
    with pytest.raises(FigureError) as error:
        shown(written)
    assert message in error.value.message.replace(NBSP, " ")


def test_a_column_or_series_has_no_phrase():
    with pytest.raises(FigureError, match="har en fras"):
        parse_spec(["förändring", "fras"], "förändring fras", categories=False)


@pytest.mark.parametrize(("before", "start"), [
    ("", True), ("Resultatet är bra. ", True), ("Varför? ", True), ("Kostnaden ", False),
    ("till exempel t.ex. ", False), ("år 2025. ", True), ("(", False), ("Notera: ", False),
    # a sentence ends inside brackets and quotes too; a single-period abbreviation ends none
    ("(Se bilagan.) ", True), ("hon sa ”Klart.” ", True), ("ca. ", False), ("sep. ", False), ("Resp. ", False),
    ("bilaga A. ", True), ("s. ", False), ("500 tkr. ", True), ("(t.ex. ", False),
])
def test_what_starts_a_sentence(before, start):
    assert starts_sentence(before) is start


@pytest.mark.parametrize(("before", "after"), [
    ("har ökat med ", True), ("Med ", True), ("(med ", True), ("ökat med ca ", True), ("med drygt ", True),
    ("med mer än ", True), ("med så mycket som ", True), ("med ( ", True),
    ("jämfört med ", False), ("i nivå med ", False), ("i linje med ", False), ("tillsammans med ", False),
    ("medel ", False), ("ökat med. ", False), ("", False),
])
def test_what_follows_med(before, after):
    assert (word_before_med(before) is not None) is after


def test_a_phrase_that_starts_a_sentence_starts_with_a_capital_letter(minimal, capsys):
    write(minimal / "data/metrics.yml", """
        nyckeltal:
          - id: resultat
            namn: Resultat
            enhet: mnkr
            decimaler: 0
            riktning: högre är bättre
            ackumulering: summa
    """)
    (minimal / "data/ekonomi.csv").write_text(
        "nyckeltal,period,typ,varde,dimension,illustrativ,text\nresultat,2025-01..2025-09,utfall,-262,,,\n"
        "resultat,2024-01..2024-09,utfall,-531,,,\nresultat,2025-01..2025-09,budget,-186,,,\n", encoding="utf-8")
    write(minimal / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\n"
          "Resultatet {resultat förändring fras}. {resultat mot-budget fras}, men t.ex. {resultat mot-budget fras}.\n"
          "\n- {resultat förändring från-till}\n")
    assert run(minimal, "build", "--quiet", "--no-pdf") == 0
    article = parse(minimal / f"site/{SERIES}/2025-10/index.html").find("article")
    text = " ".join(article.text.replace(NBSP, " ").split())
    assert "Resultatet har förbättrats med 269 mnkr" not in text  # no word chosen: neutral verbs for a change
    assert "Resultatet har ökat med 269 mnkr. Är 76 mnkr sämre än budget, men t.ex. är 76 mnkr sämre än budget." in text
    assert "Ökade från −531 till −262 mnkr" in text
    # A word the data contradict is an error at its line.
    write(minimal / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\n\nResultatet "
          "{resultat förändring minskat}.\n")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"content/{SERIES}/2025-10/ekonomi.md:5: 'minskat' stämmer inte med data")
    # A signed number right after 'med' is an error that asks for the phrase; a level after 'med' is not.
    write(minimal / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\n\nResultatet har ökat med "
          "{resultat förändring}, jämfört med {resultat fg-år}.\n")
    (error,) = errors(minimal, capsys)
    assert error == (
        f"content/{SERIES}/2025-10/ekonomi.md:5: 'med {{resultat förändring}}' blir ett tal med tecken efter 'med', som "
        "'ökat med +269 mnkr' Åtgärd: skriv {resultat förändring fras}, som blir till exempel 'har ökat med 269 mnkr', "
        "och ta bort 'med' och verbet före; eller skriv om meningen")
    # A phrase brings its own verb: one written before it stands twice.
    write(minimal / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\n\nResultatet ökade med "
          "{resultat förändring fras}. Det har {resultat mot-budget fras}.\n")
    printed = " ".join(errors(minimal, capsys)).replace(NBSP, " ")
    assert "'med {resultat förändring fras}' blir 'med har ökat med 269" in printed
    assert "'har {resultat mot-budget fras}' blir 'har är 76" in printed


def test_a_signed_level_after_a_verb_of_change_and_med_is_an_error(minimal, capsys):
    """A key figure that is not declared a change may still be one ('förändrats med −401 mnkr')."""
    write(minimal / "data/metrics.yml", """
        nyckeltal:
          - id: vardeforandring
            namn: Värdeförändring
            enhet: mnkr
            decimaler: 0
            riktning: högre är bättre
            ackumulering: summa
    """)
    (minimal / "data/ekonomi.csv").write_text(
        "nyckeltal,period,typ,varde,dimension,illustrativ,text\nvardeforandring,2025-01..2025-09,utfall,-401,,,\n",
        encoding="utf-8")
    write(minimal / f"content/{SERIES}/2025-10/ekonomi.md", "---\ntitel: Ekonomi\n---\n\nVärdet har förändrats med "
          "totalt {vardeforandring}. Resultatet var {vardeforandring}, jämfört med {vardeforandring} i fjol.\n")
    (error,) = errors(minimal, capsys)
    assert "'förändrats med {vardeforandring}' blir 'förändrats med −401" in error.replace(NBSP, " ")
