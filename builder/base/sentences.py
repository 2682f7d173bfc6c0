"""What a key-figure reference needs to know of the text before it in its paragraph: whether it starts a
sentence (a phrase then starts with a capital letter) and whether it follows the word 'med' (where a signed
number reads wrong: 'ökat med +269 mnkr')."""

from __future__ import annotations

BEFORE_CHARS = 80  # of the text before a reference: enough for the words that end a sentence or precede it

# Abbreviations written with one period at the end, which ends no sentence ('ca. 40', 'sep. 2025'). Those with a
# period inside ('t.ex.', 'bl.a.') are known by it.
# A lower-case letter ('s. 4', 'f. 1960') is one too; a capital ('bilaga A.') ends a sentence.
ABBREVIATIONS = frozenset((
    "ang", "avd", "bil", "ca", "dir", "enl", "exkl", "ff", "inkl", "jfr", "kap", "kl", "milj", "nr", "ordf", "prel",
    "resp", "sid", "tel", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec",
))
_OPENERS, _CLOSERS = "([{“‘«\"'", ")]}”’»\"'"
# Words that may stand between 'med' and a number ('ökat med ca 40'), and words before 'med' that make the
# number a comparison's base, not an amount ('jämfört med 2024', 'i nivå med budget').
_HEDGES = frozenset(("ca", "ca.", "cirka", "drygt", "knappt", "nästan", "närmare", "omkring", "runt", "ungefär",
                     "över", "under", "bara", "endast", "hela", "totalt", "sammanlagt", "minst", "högst", "mer",
                     "mindre", "än", "så", "mycket", "som", "upp", "till"))
_NOT_AN_AMOUNT = frozenset(("jämfört", "jämförs", "jämförelse", "jämförelsevis", "nivå", "linje", "tillsammans",
                            "enlighet", "överens", "samband"))


def starts_sentence(before: str) -> bool:
    """Whether what follows `before` starts a sentence: nothing before it, or a sentence's end ('.', '!', '?',
    also inside closing brackets or quotes: '.)', '.”') after a word that is no abbreviation ('t.ex.', 'ca.')."""
    words = before.split()
    if not words:
        return True
    last = words[-1].rstrip(_CLOSERS)
    if not last or last[-1] not in ".!?":
        return False
    if last[-1] in "!?":
        return True
    word = last[:-1].lstrip(_OPENERS)
    return "." not in word and word.lower() not in ABBREVIATIONS and not (len(word) == 1 and word.islower())


def words_before(before: str) -> list[str]:
    """The words of the text, in lower case and without punctuation around them."""
    return [w for w in (w.strip(_OPENERS + _CLOSERS + ",;:").lower() for w in before.split()) if w]


def word_before_med(before: str) -> str | None:
    """When the text ends with the word 'med', perhaps followed by 'ca', 'drygt' or 'mer än' ('ökat med ',
    'Med ca ', 'med mer än '), where it introduces an amount (not 'jämfört med', 'i nivå med'): the word before
    'med' ('' at the start). Otherwise None."""
    words = words_before(before)
    while words and words[-1] in _HEDGES:
        words.pop()
    if not words or words[-1] != "med":
        return None
    word = words[-2] if len(words) > 1 else ""
    return None if word in _NOT_AN_AMOUNT else word

