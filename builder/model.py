"""The content model: what a report series, a report and a section are. Pure data, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from builder import swedish
from builder.markdown import Rendered

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")  # ASCII digits only (\d takes any script)


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """'2025-09' -> Month(2025, 9); raises ValueError with a Swedish message."""
        match = _MONTH.fullmatch(text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"'{text}' är ingen månad; skriv år och månad som ÅÅÅÅ-MM, till exempel 2025-09")
        return cls(int(match.group(1)), int(match.group(2)))

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def months_since(self, other: Month) -> int:
        return (self.year - other.year) * 12 + self.month - other.month

    @property
    def label(self) -> str:
        return swedish.format_month(self.year, self.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class Period:
    """The months a report's figures cover, e.g. 2025-01..2025-09 (year to date)."""

    start: Month
    end: Month

    @classmethod
    def parse(cls, text: str) -> Period:
        first, dots, last = text.strip().partition("..")
        start = Month.parse(first)
        end = Month.parse(last) if dots else start
        if end < start:
            raise ValueError(f"perioden '{text}' slutar före den börjar; skriv den tidigare månaden först")
        return cls(start, end)

    def rolled_forward(self, months: int) -> Period:
        """The same kind of period `months` later: year to date stays year to date."""
        end = self.end.shifted(months)
        if self.start.month == 1 and self.start.year == self.end.year:
            return Period(Month(end.year, 1), end)
        return Period(self.start.shifted(months), end)

    @property
    def label(self) -> str:
        return swedish.format_month_span((self.start.year, self.start.month), (self.end.year, self.end.month))

    @property
    def short_label(self) -> str:
        """'jan–sep 2025', 'helår 2024'."""
        return swedish.format_period_short((self.start.year, self.start.month), (self.end.year, self.end.month))

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}..{self.end}"


@dataclass(frozen=True)
class Signature:
    name: str
    title: str


@dataclass(frozen=True)
class Attachment:
    title: str
    file: str | None  # path inside the report's folder
    line: int


@dataclass
class Section:
    id: str  # the file's stem; also the heading's anchor on the page
    title: str
    path: Path
    body: str  # Markdown after the front matter
    body_line: int  # line in the file where the body starts
    rendered: Rendered  # the body as headings and HTML, with its links


TEXT_BLOCK_FOLDER = "textblock"  # reusable paragraphs, {text id} in a section: in a report's folder or its series'

DRAFT = "utkast"
PUBLISHED = "publicerad"
STATUSES = (DRAFT, PUBLISHED)


@dataclass
class Report:
    series: str  # slug of the series
    month: Month  # the month the report is presented (its folder name)
    folder: Path
    period: Period
    version: str
    document_id: str
    published: dt.date | None
    responsible: str
    prepared_by: str
    signature: Signature
    status: str
    sections: list[Section]
    attachments: list[Attachment]
    files: tuple[str, ...] = ()  # the files in its folder published beside its page (attachments, images)
    datasets: dict = field(default_factory=dict)  # name -> builder.downloads.Dataset, published beside the page
    key_figures: frozenset[str] = frozenset()  # ids of the key figures the report shows

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    @property
    def url(self) -> str:
        """Path of the report's page in the site, relative to the site root."""
        return f"{self.series}/{self.month}/"


@dataclass
class SkeletonSection:
    id: str
    title: str


@dataclass
class Series:
    slug: str
    title: str
    description: str
    document_id_prefix: str
    applies_to: str  # "Gäller för verksamhet"
    introduction: str | None  # id of the section shown on the home page
    skeleton: list[SkeletonSection]
    folder: Path
    trends: tuple[tuple[str, int], ...] = ()  # key figures shown over time on the home page, with their lines
    reports: list[Report] = field(default_factory=list)  # newest first

    def report_title(self, report: Report) -> str:
        return f"{self.title} {report.month.label}"


@dataclass(frozen=True)
class Accessibility:
    email: str
    phone: str
    assessed: dt.date
    method: str
    known_issues: tuple[str, ...]


@dataclass(frozen=True)
class SiteSettings:
    organisation: str
    title: str
    accessibility: Accessibility


@dataclass
class Content:
    settings: SiteSettings
    series: list[Series]

    def without_drafts(self) -> Content:
        series = [
            Series(**{**vars(s), "reports": [r for r in s.reports if not r.is_draft]}) for s in self.series
        ]
        return Content(self.settings, series)
