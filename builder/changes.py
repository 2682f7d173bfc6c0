"""What is new since the previous report in the same series: sections added, removed or changed.

Sections are matched by id and compared on the text readers see on the page, not on the Markdown the
editors wrote. A section whose prose is untouched still changes when a key figure in it is recomputed
for the new period, and readers should be told so; whitespace and markup that do not change the words
do not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from builder.markdown import Block, Heading

if TYPE_CHECKING:  # the pipeline may call compare(), so no import of it at run time
    from builder.pipeline import RenderedReport, RenderedSection

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


@dataclass(frozen=True)
class Changes:
    previous: RenderedReport | None  # None for the first report in a series
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
    changes = [_compare_section(section, previous.section(section.id)) for section in current.sections]
    current_ids = {s.id for s in current.sections}
    changes += [SectionChange(s.id, s.title, REMOVED) for s in previous.sections if s.id not in current_ids]
    return Changes(previous, tuple(changes))


def _compare_section(section: RenderedSection, before: RenderedSection | None) -> SectionChange:
    if before is None:
        return SectionChange(section.id, section.title, ADDED)
    words, words_before = plain_text(section.blocks).split(), plain_text(before.blocks).split()
    if words == words_before:
        return SectionChange(section.id, section.title, UNCHANGED)
    similarity = SequenceMatcher(None, words_before, words, autojunk=False).ratio()
    percent = max(1, round(100 * (1 - similarity)))
    renamed = before.title if before.title != section.title else None
    return SectionChange(section.id, section.title, CHANGED, percent, renamed)


def plain_text(blocks: list[Block]) -> str:
    """The words of the blocks as a reader sees them, headings included, in one line."""
    parts = [b.text if isinstance(b, Heading) else _html_text(b.html) for b in blocks]
    return " ".join(" ".join(parts).split())


def _html_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


class _TextParser(HTMLParser):
    """Text content with entities resolved; comments and script or style contents are not shown to readers."""

    _HIDDEN = {"script", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)
