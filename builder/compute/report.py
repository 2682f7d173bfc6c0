"""A report as rendered for every output: its sections as blocks of headings and HTML, with the figures
computed for its period."""

from __future__ import annotations

from dataclasses import dataclass

from builder.read.markdown import Block, Heading
from builder.read.model import Report, Series

# Ids the report template uses itself; headings in prose get other ids.
TEMPLATE_IDS = ("dokumentinformation", "vad-ar-nytt", "bilagor")


@dataclass
class RenderedSection:
    title: str
    id: str
    blocks: list[Block]  # starts with the section's own heading (h2)


@dataclass
class RenderedReport:
    report: Report
    series: Series
    sections: list[RenderedSection]
    files: list[str]  # files in the report's folder published beside its page

    @property
    def title(self) -> str:
        return self.report.title

    @property
    def whats_new_after(self) -> str | None:
        """The section that "what is new" follows, on the page and in the PDF: the introduction, or the first."""
        ids = [s.id for s in self.sections]
        return self.series.introduction if self.series.introduction in ids else next(iter(ids), None)

    def section(self, section_id: str | None) -> RenderedSection | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def anchors(self) -> set[str]:
        ids = {b.id for s in self.sections for b in s.blocks if isinstance(b, Heading)}
        return ids | set(TEMPLATE_IDS)
