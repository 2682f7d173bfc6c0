"""What is new since the previous report in the same series: sections added, removed or changed.

Sections are matched by id, and a section whose id changed by the words it shares with one no longer
there (renamed, not removed and added). They are compared on the text readers see on the page, not on the
Markdown the editors wrote. A section whose prose is untouched still changes when a key figure in it is recomputed
for the new period, and readers should be told so; whitespace and markup that do not change the words
do not count.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html import unescape

from builder.compute.report import RenderedReport, RenderedSection
from builder.read.markdown import Block, Heading
from builder.read.record import Change, Record

ADDED = "ny"
REMOVED = "borttagen"
CHANGED = "ändrad"
UNCHANGED = "oförändrad"


@dataclass(frozen=True)
class SectionChange:
    id: str
    title: str
    status: str  # ADDED, REMOVED, CHANGED or UNCHANGED
    changed_percent: int | None = None  # share of the words that differ, 1–100; only when CHANGED
    previous_title: str | None = None  # when the section's heading is new


RENAMED_SHARE = 0.6  # a new section sharing at least this share of its words with a removed one is that one renamed


@dataclass(frozen=True)
class Previous:
    name: str  # its folder's name: its address beside the report's
    label: str  # 'oktober 2025'


@dataclass(frozen=True)
class Changes:
    previous: Previous | None  # None for the first report in a series
    sections: tuple[SectionChange, ...]

    def _with(self, status: str) -> tuple[SectionChange, ...]:
        return tuple(s for s in self.sections if s.status == status)

    @property
    def added(self) -> tuple[SectionChange, ...]:
        return self._with(ADDED)

    @property
    def removed(self) -> tuple[SectionChange, ...]:
        return self._with(REMOVED)

    @property
    def changed(self) -> tuple[SectionChange, ...]:
        return self._with(CHANGED)

    @property
    def unchanged(self) -> tuple[SectionChange, ...]:
        return self._with(UNCHANGED)


def compare(current: RenderedReport, previous: RenderedReport | None) -> Changes:
    """Current sections in page order, then the removed ones in the previous report's order."""
    if previous is None:
        return Changes(None, ())
    current_ids, previous_ids = {s.id for s in current.sections}, {s.id for s in previous.sections}
    renamed = _renamed([s for s in current.sections if s.id not in previous_ids],
                       [s for s in previous.sections if s.id not in current_ids])
    changes = [_compare_section(section, previous.section(section.id) or renamed.get(section.id))
               for section in current.sections]
    taken = {s.id for s in renamed.values()}
    changes += [SectionChange(s.id, s.title, REMOVED) for s in previous.sections
                if s.id not in current_ids and s.id not in taken]
    return Changes(Previous(previous.report.name, previous.report.label), tuple(changes))


def _renamed(added: list[RenderedSection], removed: list[RenderedSection]) -> dict[str, RenderedSection]:
    """New section id -> the removed section it is, by the share of words they have in common (greedy, the most
    alike pair first). Only sections not matched by id are compared, so the cost stays small."""
    pairs = []
    for new in added:
        words = _paragraphs(new.blocks[1:])
        for old in removed:
            words_before = _paragraphs(old.blocks[1:])
            total = sum(map(len, words)) + sum(map(len, words_before))
            share = 2 * _matching_words(words_before, words) / total if total else 0
            if share >= RENAMED_SHARE:
                pairs.append((share, new.id, old))
    found: dict[str, RenderedSection] = {}
    for _, new_id, old in sorted(pairs, key=lambda p: -p[0]):
        if new_id not in found and old not in found.values():
            found[new_id] = old
    return found


def recorded(record: Record) -> Changes:
    """"What is new" as a report's publication recorded it."""
    previous = Previous(*record.previous) if record.previous else None
    return Changes(previous, tuple(SectionChange(c.id, c.title, c.status, c.changed_percent, c.previous_title)
                                   for c in record.changes))


def to_record(changes: Changes) -> tuple[tuple[str, str] | None, tuple[Change, ...]]:
    previous = (changes.previous.name, changes.previous.label) if changes.previous else None
    return previous, tuple(Change(c.id, c.title, c.status, c.changed_percent, c.previous_title) for c in changes.sections)


def _compare_section(section: RenderedSection, before: RenderedSection | None) -> SectionChange:
    if before is None:
        return SectionChange(section.id, section.title, ADDED)
    units, units_before = _paragraphs(section.blocks), _paragraphs(before.blocks)
    if units == units_before:
        return SectionChange(section.id, section.title, UNCHANGED)
    total = sum(map(len, units)) + sum(map(len, units_before))
    percent = max(1, round(100 * (1 - 2 * _matching_words(units_before, units) / total)))
    renamed = before.title if before.title != section.title else None
    return SectionChange(section.id, section.title, CHANGED, percent, renamed)


def _matching_words(before: list[tuple[str, ...]], after: list[tuple[str, ...]]) -> int:
    """Words in common: paragraphs that stand on both sides count whole, and among the others each word
    counts as often as it stands on both sides. Counting rather than aligning keeps the cost linear in the
    length of the text, however large a section is; a paragraph that only moved is not a change."""
    paragraphs_before, paragraphs_after = Counter(before), Counter(after)
    same = paragraphs_before & paragraphs_after
    matched = sum(len(paragraph) * count for paragraph, count in same.items())
    words_before, words_after = Counter(), Counter()
    for words, paragraphs in ((words_before, paragraphs_before - same), (words_after, paragraphs_after - same)):
        for paragraph, count in paragraphs.items():
            for word in paragraph:
                words[word] += count
    return matched + sum((words_before & words_after).values())


_PARAGRAPH_END = re.compile(r"</(?:p|li|tr|caption|figcaption|h[1-6])>", re.IGNORECASE)


def _paragraphs(blocks: list[Block]) -> list[tuple[str, ...]]:
    """The words readers see, per heading, paragraph, list item or table row."""
    units = []
    for block in blocks:
        pieces = [block.text] if isinstance(block, Heading) else _PARAGRAPH_END.split(_HIDDEN.sub(" ", block.html))
        units += [words for piece in pieces if (words := tuple(_html_text(piece).split()))]
    return units


def plain_text(blocks: list[Block]) -> str:
    """The words of the blocks as a reader sees them, headings included, in one line."""
    parts = [b.text if isinstance(b, Heading) else _html_text(b.html) for b in blocks]
    return " ".join(" ".join(parts).split())


_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def _html_text(html: str) -> str:
    """Text content with entities resolved; each tag is a word break; comments and script or style
    contents are not shown to readers. (The HTML is our own renderer's, so a pattern reads it safely.)"""
    return unescape(_TAG.sub(" ", _HIDDEN.sub(" ", html)))
