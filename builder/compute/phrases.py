"""A comparison as Swedish prose: 'har ökat med 269 mnkr', 'ökade från 5,6 till 5,9 procent', 'ligger kvar på
5,6 procent', 'är 76 mnkr bättre än budget'.

A reference asks for a phrase with a form word (`FORMS`) after the comparison, and may name the verb or the
comparative itself (`VERBS`, `COMPARATIVES`), which is then checked against the data. Every choice is made on
the number as it is shown: a change that rounds to zero is 'ligger kvar'. Better and worse follow the key
figure's `riktning`; a figure without one is higher or lower. The words avoid Swedish agreement (no
'oförändrad/oförändrat'), so that any key figure fits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from builder.base import swedish
from builder.base.problems import FigureError
from builder.compute.comparisons import CHANGE_BASE, COMPARISONS, Ask, Basis, Cell
from builder.read.metrics import HIGHER_IS_BETTER, LOWER_IS_BETTER, Metric

PHRASE, FROM_TO = "fras", "från-till"
FORMS = (PHRASE, FROM_TO)
UP, DOWN, BETTER, WORSE = "upp", "ned", "bättre", "sämre"


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
COMPARATIVES = {"bättre": BETTER, "sämre": WORSE, "högre": UP, "lägre": DOWN}
WORDS = (*VERBS, *COMPARATIVES)  # what a reference may write after the form word

# What a deviation is against, as the phrase names it ('är 76 mnkr bättre än budget').
AGAINST = {
    "mot-budget": lambda ask: "budget",
    "prognos-mot-budget": lambda ask: "budget",
    "prognos-mot-fg-år": lambda ask: f"utfallet {ask.period.end.year - 1}",
    "prognos-mot-förra-prognosen": lambda ask: "föregående prognos",
    "mot-mål": lambda ask: "målet",
}


def is_signed(comparison: str, metric: Metric) -> bool:
    """Whether the comparison's number is shown with its sign (a change or deviation): what a phrase is for."""
    return comparison in CHANGE_BASE or comparison in AGAINST or (comparison == "utfall" and metric.is_change)


def phrase(basis: Basis, ask: Ask, comparison: str, form: str, word: str | None) -> Cell:
    """The comparison's cell with the phrase as its text. Raises FigureError when the comparison has no phrase
    of that form, or `word` says something the data does not."""
    metric = ask.metric
    cell = COMPARISONS[comparison].compute(basis, ask)
    sign, amount = _signed(cell)
    if comparison in AGAINST:
        if form == FROM_TO:
            raise FigureError(f"'{FROM_TO}' gäller förändringar över tid, inte {comparison}",
                              f"skriv {PHRASE}: '{{{metric.id} {comparison} {PHRASE}}}'")
        return replace(cell, text=_against(metric, comparison, ask, sign, amount, word))
    if comparison not in CHANGE_BASE and not (comparison == "utfall" and metric.is_change):
        raise FigureError(f"'{comparison}' är inget att formulera som en förändring eller avvikelse",
                          f"skriv {PHRASE} efter en förändring ({', '.join(CHANGE_BASE)}) eller en avvikelse "
                          f"({', '.join(AGAINST)}), eller efter ett nyckeltal som självt är en förändring")
    verb = _chosen_verb(metric, sign, word, form, cell)
    if form == FROM_TO:
        if comparison not in CHANGE_BASE:
            raise FigureError(f"{metric.id} är själv en förändring, så det finns inga nivåer att skriva från och till",
                              f"skriv {PHRASE}: '{{{metric.id} {PHRASE}}}'")
        now = COMPARISONS["utfall"].compute(basis, ask)
        then = COMPARISONS["utfall"].compute(basis, Ask(metric, CHANGE_BASE[comparison](ask), ask.dimension))
        if verb is None:
            return replace(cell, text=f"låg kvar på {_prose(now.text)}")
        first, last = _number(then.text, now.text)
        return replace(cell, text=f"{verb.phrase} från {first} till {_prose(last)}")
    if verb is None:
        if comparison == "utfall":  # a stored change has no level to stay at
            return replace(cell, text="har inte förändrats")
        return replace(cell, text=f"ligger kvar på {_prose(COMPARISONS['utfall'].compute(basis, ask).text)}")
    return replace(cell, text=f"{verb.phrase} med {_prose(amount)}")


def _signed(cell: Cell) -> tuple[int, str]:
    """The sign of the number as shown (−1, 0 or 1) and the text without it."""
    if cell.text.startswith("+"):
        return 1, cell.text[1:]
    if cell.text.startswith(swedish.MINUS):
        return -1, cell.text[1:]
    return 0, cell.text


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


def _chosen_verb(metric: Metric, sign: int, word: str | None, form: str, cell: Cell) -> Verb | None:
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
        raise FigureError(f"'{word}' passar inte: förändringen är {cell.text} som den visas",
                          "ta bort ordet; då skrivs att värdet ligger kvar")
    if says != verb.says:
        raise FigureError(f"'{word}' stämmer inte med data: förändringen för {metric.id} är {cell.text}",
                          "ta bort ordet, så väljs det efter data, eller rätta data")
    return verb


def _direction(metric: Metric, sign: int, says: str, word: str) -> str:
    """What a change of `sign` says in the terms of `says`: up or down, or better or worse by `riktning`."""
    if says in (UP, DOWN):
        return UP if sign > 0 else DOWN
    if metric.polarity not in (HIGHER_IS_BETTER, LOWER_IS_BETTER):
        raise FigureError(f"'{word}' kräver att {metric.id} har en riktning, men den är {metric.polarity}",
                          f"skriv högre eller lägre, eller ange riktning för {metric.id} i data/metrics.yml")
    return BETTER if (sign > 0) == (metric.polarity == HIGHER_IS_BETTER) else WORSE


def _against(metric: Metric, comparison: str, ask: Ask, sign: int, amount: str, word: str | None) -> str:
    other = AGAINST[comparison](ask)
    if word is not None and word not in COMPARATIVES:
        raise FigureError(f"'{word}' är ett verb; en avvikelse mot {other} skrivs med bättre, sämre, högre eller lägre",
                          "skriv ett av dem, eller inget ord så väljs det efter data")
    if sign == 0:
        if word is not None:
            raise FigureError(f"'{word}' passar inte: avvikelsen mot {other} är {amount} som den visas",
                              f"ta bort ordet; då skrivs att värdet är i nivå med {other}")
        return f"är i nivå med {other}"
    if word is None:
        directed = metric.polarity in (HIGHER_IS_BETTER, LOWER_IS_BETTER)
        says = _direction(metric, sign, BETTER, "bättre") if directed else (UP if sign > 0 else DOWN)
        word = next(w for w, s in COMPARATIVES.items() if s == says)
    elif _direction(metric, sign, COMPARATIVES[word], word) != COMPARATIVES[word]:
        raise FigureError(f"'{word}' stämmer inte med data: avvikelsen mot {other} för {metric.id} är "
                          f"{swedish.MINUS if sign < 0 else '+'}{amount}",
                          "ta bort ordet, så väljs det efter data, eller rätta data")
    return f"är {_prose(amount)} {word} än {other}"


def capitalised(text: str) -> str:
    """A phrase that starts a sentence."""
    return text[:1].upper() + text[1:]
