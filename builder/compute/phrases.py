"""A comparison as Swedish prose: 'har ökat med 269 mnkr', 'ökade från 5,6 till 5,9 procent', 'ligger kvar på
5,6 procent', 'är 76 mnkr bättre än budget'.

A reference asks for a phrase with a form word (`FORMS`) after the comparison, and may name the verb or the
comparative itself (`VERBS`, `COMPARATIVES`), which is then checked against the data. Every choice is made on
the number as it is shown: a change that rounds to zero is 'ligger kvar'. Better and worse follow the key
figure's `riktning`; a figure without one is higher or lower (a count more or fewer, `COUNTED`). The words avoid Swedish
agreement (no 'oförändrad/oförändrat'), so that any key figure fits. A note of the data ('preliminärt') comes
after the phrase, never inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from builder.base import swedish
from builder.base.problems import FigureError
from builder.base.sentences import word_before_med, words_before
from builder.compute.comparisons import (CHANGE_BASE, COMPARISONS, DEVIATIONS, LEVELS, PERCENT_CHANGE_DECIMALS, Ask,
                                         Basis, Cell)
from builder.read.metrics import HIGHER_IS_BETTER, LOWER_IS_BETTER, Metric

PHRASE, FROM_TO = "fras", "från-till"
FORMS = (PHRASE, FROM_TO)
UP, DOWN, BETTER, WORSE = "upp", "ned", "bättre", "sämre"
# Units of things counted, whose neutral comparatives are 'fler' and 'färre'; and of amounts, never 'fler'.
COUNTED = frozenset(("antal", "årsarbetare", "anställda", "personer", "st"))
AMOUNTS = frozenset(("mnkr", "mdkr", "tkr", "kr", "kronor", "%", "procent", "procentenheter"))


@dataclass(frozen=True)
class Verb:
    """A verb an editor may choose: what it says of the change, and its form in a phrase ('har ökat')."""

    says: str  # UP, DOWN, BETTER or WORSE
    phrase: str  # 'har ökat', 'ökade'


def _verbs(says: str, perfect: tuple[str, ...], past: tuple[str, ...]) -> dict[str, Verb]:
    return {**{word: Verb(says, f"har {word}") for word in perfect}, **{word: Verb(says, word) for word in past}}


VERBS = {
    **_verbs(UP, ("ökat", "stigit", "växt"), ("ökade", "steg", "växte")),
    **_verbs(DOWN, ("minskat", "sjunkit", "fallit"), ("minskade", "sjönk", "föll")),
    **_verbs(BETTER, ("förbättrats",), ("förbättrades",)),
    **_verbs(WORSE, ("försämrats",), ("försämrades",)),
}
# Words that a phrase brings itself: written right before it they stand twice ('har har ökat', 'är är 76 mnkr').
LEADS = frozenset((*VERBS, "har", "är", "var", "ligger", "låg", "förändrats", "ändrats", "blev", "blir"))
COMPARATIVES = {"bättre": BETTER, "sämre": WORSE, "högre": UP, "lägre": DOWN, "fler": UP, "färre": DOWN}
WORDS = (*VERBS, *COMPARATIVES)  # what a reference may write after the form word

# What a deviation is against, as the phrase names it ('är 76 mnkr bättre än budget').
AGAINST = {
    "mot-budget": lambda ask: "budget",
    "prognos-mot-budget": lambda ask: "budget",
    "prognos-mot-fg-år": lambda ask: f"utfallet {ask.period.end.year - 1}",
    "prognos-mot-förra-prognosen": lambda ask: "föregående prognos",
    "mot-mål": lambda ask: "målet",
}
assert tuple(AGAINST) == DEVIATIONS


def is_signed(comparison: str, metric: Metric) -> bool:
    """Whether the comparison's number is shown with its sign (a change or deviation): what a phrase is for."""
    return comparison in CHANGE_BASE or comparison in DEVIATIONS or (metric.is_change and comparison in LEVELS)


def is_deviation(comparison: str, metric: Metric) -> bool:
    """Whether the comparison's phrase is a deviation ('är 76 mnkr bättre än budget'), not a change over time."""
    return bool(_deviation(comparison, metric))


def _deviation(comparison: str, metric: Metric) -> str:
    """The deviation that the comparison's number is (DEVIATIONS: 'mot-budget' …), '' when it is none: a
    deviation comparison, or a level of a key figure that is itself a deviation (`forandring: mot-budget`)."""
    if comparison in DEVIATIONS:
        return comparison
    return metric.against if metric.is_change and comparison in LEVELS else ""


def phrase(basis: Basis, ask: Ask, comparison: str, form: str, word: str | None) -> Cell:
    """The comparison's cell with the phrase as its text. Raises FigureError when the comparison has no phrase
    of that form, or `word` says something the data does not."""
    metric = ask.metric
    stored = metric.is_change and comparison in LEVELS  # a key figure that is itself a change or deviation
    against = _deviation(comparison, metric)
    if not against and comparison not in CHANGE_BASE and not stored:
        raise FigureError(f"{{{metric.id} … {word or form}}}: {_what(metric, comparison)} är ett värde, inte en "
                          "förändring eller avvikelse, så det finns inget att formulera",
                          f"skriv {PHRASE} efter en förändring ({', '.join(CHANGE_BASE)}) eller en avvikelse "
                          f"({', '.join(DEVIATIONS)}), till exempel {{{metric.id} förändring {PHRASE}}}")
    if metric.is_change and not stored:
        raise FigureError(f"{metric.id} är själv en förändring eller avvikelse, så {comparison} av den blir ingen fras",
                          f"skriv {{{metric.id} {PHRASE}}} för talet som det står i data")
    if form == FROM_TO and (against or stored):
        written = metric.id if comparison == "utfall" else f"{metric.id} {comparison}"
        raise FigureError(f"'{FROM_TO}' skriver en förändring över tid mellan två värden, och {written} "
                          f"{'är själv en förändring' if stored else 'är en avvikelse'}",
                          f"skriv {PHRASE}: '{{{written} {PHRASE}}}'")
    cell = COMPARISONS[comparison].compute(basis, ask)
    if against:
        return _with_notes(cell, _against(metric, against, ask, _sign(cell), _amount(cell), word), cell)
    if stored:
        verb = _chosen_verb(metric, _sign(cell), word, form, cell.bare, stored=True)
        return _with_notes(cell, f"{verb.phrase} med {_prose(_amount(cell))}" if verb else "har inte förändrats", cell)
    then, now = _levels(basis, ask, comparison)
    if form == FROM_TO:  # the verb follows the two levels as shown, with as many decimals each
        first, last = _aligned(metric, then, now)
        sign = 0 if first == last else (1 if now.value > then.value else -1)
        verb = _chosen_verb(metric, sign, word, form, f"från {first} till {last}")
        if verb is None:
            return _with_notes(cell, f"låg kvar på {_prose(last)}", then, now)
        first, last = _number(first, last)
        return _with_notes(cell, f"{verb.phrase} från {first} till {_prose(last)}", then, now)
    sign, amount, shown = _sign(cell), _amount(cell), cell.text
    if sign == 0 and comparison == "förändring-%":  # rounds to zero: the change in the figure's own unit decides
        difference = metric.format_change(now.value - then.value)
        if level_sign := _sign(Cell(difference)):
            smallest = swedish.format_quantity(Decimal(1).scaleb(-PERCENT_CHANGE_DECIMALS), "%", PERCENT_CHANGE_DECIMALS)
            sign, amount, shown = level_sign, f"mindre än {smallest}", f"{cell.text} ({difference})"
    verb = _chosen_verb(metric, sign, word, form, shown)
    if verb is None:
        return _with_notes(cell, f"ligger kvar på {_prose(now.bare)}", now)
    return _with_notes(cell, f"{verb.phrase} med {_prose(amount)}", then, now)


def _what(metric: Metric, comparison: str) -> str:
    return metric.id if comparison == "utfall" else f"'{comparison}'"


def _levels(basis: Basis, ask: Ask, comparison: str) -> tuple[Cell, Cell]:
    """The two values a change over time is between: the earlier and the present."""
    now = COMPARISONS["utfall"].compute(basis, ask)
    then = COMPARISONS["utfall"].compute(basis, Ask(ask.metric, CHANGE_BASE[comparison](ask), ask.dimension))
    return then, now


def _aligned(metric: Metric, then: Cell, now: Cell) -> tuple[str, str]:
    """Two levels shown with as many decimals each ('5,9' and '5,904' as '5,90' and '5,90'), without notes."""
    decimals = max(_decimals(then.bare), _decimals(now.bare))
    return (swedish.format_quantity(then.value, metric.unit, decimals),
            swedish.format_quantity(now.value, metric.unit, decimals))


def _decimals(text: str) -> int:
    number = text.split(swedish.NBSP)
    digits = next((part for part in number if part[-1:].isdigit() and "," in part), "")
    return len(digits.rpartition(",")[2])


def _with_notes(cell: Cell, text: str, *sources: Cell) -> Cell:
    """The phrase, with the notes of the values it names after it."""
    notes = " ".join(dict.fromkeys(s.note for s in sources if s.note))
    return replace(cell, text=f"{text} {notes}" if notes else text)


def _sign(cell: Cell) -> int:
    """The sign of the number as shown: −1, 0 or 1."""
    return 1 if cell.text.startswith("+") else -1 if cell.text.startswith(swedish.MINUS) else 0


def _amount(cell: Cell) -> str:
    """The number as shown without its sign and note."""
    return cell.bare[1:] if _sign(cell) else cell.bare


def _prose(text: str) -> str:
    """A quantity as prose writes it: 'procent', not '%'."""
    suffix = swedish.NBSP + "%"
    return text[: -len(suffix)] + swedish.NBSP + "procent" if text.endswith(suffix) else text


def _number(then: str, now: str) -> tuple[str, str]:
    """'5,58 %', '5,90 %' -> '5,58', '5,90 %': the unit is written once, after the second number."""
    head, _, unit = then.rpartition(swedish.NBSP)
    if head and now.endswith(swedish.NBSP + unit) and not any(c.isdigit() for c in unit):
        return head, now
    return then, now


def _chosen_verb(metric: Metric, sign: int, word: str | None, form: str, shown: str,
                 stored: bool = False) -> Verb | None:
    """The verb for a change of `sign` (None: no change as shown), the editor's `word` if the data agree."""
    if word is None:
        if sign == 0:
            return None
        perfect = form == PHRASE
        return VERBS[("ökat" if perfect else "ökade") if sign > 0 else ("minskat" if perfect else "minskade")]
    if word in COMPARATIVES:
        raise FigureError(f"'{word}' jämför med något; en förändring över tid skrivs med ett verb",
                          f"skriv ett av {', '.join(VERBS)}, eller inget ord så väljs det efter data")
    verb = VERBS[word]
    says = _direction(metric, sign, verb.says, word)
    if sign == 0:
        raise FigureError(f"'{word}' passar inte: förändringen för {metric.id} är {shown} som den visas",
                          "ta bort ordet; då skrivs att " + ("det inte har förändrats" if stored else
                                                             "värdet ligger kvar"))
    if says != verb.says:
        raise FigureError(f"'{word}' stämmer inte med data: förändringen för {metric.id} är {shown}",
                          "ta bort ordet, så väljs det efter data, eller rätta data")
    return verb


def _direction(metric: Metric, sign: int, says: str, word: str) -> str:
    """What a change of `sign` says in the terms of `says`: up or down, or better or worse by `riktning`."""
    if says in (UP, DOWN):
        return UP if sign > 0 else DOWN
    if metric.polarity not in (HIGHER_IS_BETTER, LOWER_IS_BETTER):
        raise FigureError(f"'{word}' kräver att {metric.id} har en riktning, men den är {metric.polarity}",
                          f"skriv {_neutral(metric, UP)} eller {_neutral(metric, DOWN)}, eller ange riktning för "
                          f"{metric.id} i data/metrics.yml")
    return BETTER if (sign > 0) == (metric.polarity == HIGHER_IS_BETTER) else WORSE


def _neutral(metric: Metric, says: str) -> str:
    """The comparative without a judgement: higher or lower, for a count more or fewer."""
    if metric.unit in COUNTED:
        return "fler" if says == UP else "färre"
    return "högre" if says == UP else "lägre"


def _against(metric: Metric, comparison: str, ask: Ask, sign: int, amount: str, word: str | None) -> str:
    other = AGAINST[comparison](ask)
    if word is not None and word not in COMPARATIVES:
        raise FigureError(f"'{word}' är ett verb; en avvikelse mot {other} skrivs med bättre, sämre, "
                          f"{_neutral(metric, UP)} eller {_neutral(metric, DOWN)}",
                          "skriv ett av dem, eller inget ord så väljs det efter data")
    if word in ("fler", "färre") and metric.unit in AMOUNTS:
        raise FigureError(f"'{word}' passar inte för ett belopp i {metric.unit}",
                          f"skriv {_neutral(metric, COMPARATIVES[word])}, bättre eller sämre")
    if sign == 0:
        if word is not None:
            raise FigureError(f"'{word}' passar inte: avvikelsen mot {other} är {amount} som den visas",
                              f"ta bort ordet; då skrivs att värdet är i nivå med {other}")
        return f"är i nivå med {other}"
    if word is None:
        directed = metric.polarity in (HIGHER_IS_BETTER, LOWER_IS_BETTER)
        word = _direction(metric, sign, BETTER, "bättre") if directed else _neutral(metric, UP if sign > 0 else DOWN)
    elif _direction(metric, sign, COMPARATIVES[word], word) != COMPARATIVES[word]:
        raise FigureError(f"'{word}' stämmer inte med data: avvikelsen mot {other} för {metric.id} är "
                          f"{swedish.MINUS if sign < 0 else '+'}{amount}",
                          "ta bort ordet, så väljs det efter data, eller rätta data")
    return f"är {_prose(amount)} {word} än {other}"


def check_wording(text: str, comparison: str, form: str | None, metric: Metric, cell: Cell,
                  before: str) -> None:
    """A reference `{text}` reads as Swedish after the words `before` it: no signed number after 'med' or after a
    verb of change and 'med' ('ökat med +269 mnkr'), no phrase after a word it brings itself ('ökade med har ökat
    med'). Raises FigureError."""
    med = word_before_med(before)
    if form:
        word = "med" if med is not None else next(iter(words_before(before)[-1:]), "")
        if med is not None or word in LEADS:
            raise FigureError(f"'{word} {{{text}}}' blir '{word} {cell.text}': frasen har redan sitt verb",
                              ("ta bort 'med' och verbet före det" if word == "med" else
                               f"ta bort '{word}' före hänvisningen") + "; frasen väljer verbet efter data")
    elif med is not None and is_signed(comparison, metric):
        example = "'är 76 mnkr bättre än budget'" if is_deviation(comparison, metric) else \
            "'har ökat med 269 mnkr'"
        raise FigureError(f"'med {{{text}}}' blir ett tal med tecken efter 'med', som 'ökat med +269 mnkr'",
                          f"skriv {{{text} {PHRASE}}}, som blir till exempel {example}, och ta bort 'med' "
                          "och verbet före; eller skriv om meningen")
    elif med and cell.text[:1] in ("+", swedish.MINUS) and (med.startswith(("förändr", "ändr")) or med in VERBS):
        raise FigureError(f"'{med} med {{{text}}}' blir '{med} med {cell.text}': ett tal med tecken efter ett verb för "
                          "en förändring", f"skriv om meningen, till exempel 'förändringen var {{{text}}}'")


def capitalised(text: str) -> str:
    """A phrase that starts a sentence."""
    return text[:1].upper() + text[1:]
