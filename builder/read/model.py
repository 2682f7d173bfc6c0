"""The content model: what a report series, a report and a section are. Pure data, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from builder.base import periods
from builder.base.periods import Period
from builder.read.markdown import Rendered

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


SITE_FILE, SERIES_FILE, REPORT_FILE = "site.yml", "series.yml", "report.yml"  # under content/
TEXT_BLOCK_FOLDER = "textblock"  # reusable paragraphs, {text id} in a section: in a report's folder or its series'

DRAFT = "utkast"
PUBLISHED = "publicerad"
STATUSES = (DRAFT, PUBLISHED)


# What a series can require of its reports' metadata (`obligatoriskt:` in series.yml), as written in report.yml.
METADATA = ("dokument_id", "diarienummer", "version", "ansvarig", "upprattad_av", "underskrift")


@dataclass(frozen=True)
class WrittenCorrection:
    """A correction as written under `rattelser:` in report.yml (builder.read.corrections)."""
    date: dt.date
    what: str
    why: str
    metrics: tuple[str, ...]  # ids of the key figures whose values it corrects
    sections: tuple[str, ...]  # ids of the sections whose text it corrects
    line: int


@dataclass
class Report:
    series: str  # slug of the series
    name: str  # its folder's name, which is also its address in the series: '2025-10', '2024', '2025-T2'
    issue: Period  # the period its folder's name stands for; in a free series, its own period
    folder: Path
    period: Period  # the months its figures cover
    title: str
    label: str  # the title without the series' name: 'oktober 2025', '2024', 'januari–augusti 2025'
    version: str | None
    document_id: str | None
    published: dt.date | None
    responsible: str | None
    prepared_by: str | None
    signature: Signature | None
    status: str
    sections: list[Section]
    attachments: list[Attachment]
    case_number: str | None = None  # its diarienummer, where the series uses one
    meeting: dt.date | None = None  # the board meeting it is laid before (`sammantradesdatum`), where given
    files: tuple[str, ...] = ()  # the files in its folder published beside its page (attachments, images)
    datasets: dict = field(default_factory=dict)  # name -> builder.compute.downloads.Dataset, published beside the page
    key_figures: frozenset[str] = frozenset()  # ids of the key figures the report shows
    # Every figure it shows (builder.read.record.Figure), as a publication records them: kept only for the report
    # being published (builder.read.load), since each other report with a record is compared with it when loaded.
    figures: tuple = ()
    record: object = None  # what it showed when published (builder.read.record.Record), without its figures once compared
    unlike_record: tuple = ((), ())  # what differs from its record (builder.read.record.differences)
    corrections: tuple[WrittenCorrection, ...] = ()  # made after its publication, oldest first (`rattelser`)
    # Of a published report, as a publication records them (builder.read.record); worked out when it is loaded,
    # so that the model cache keeps them: each section's source hash, and its fields and files.
    section_sources: tuple = ()
    details: tuple[tuple[str, str], ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    @property
    def url(self) -> str:
        """Path of the report's page in the site, relative to the site root."""
        return f"{self.series}/{self.name}/"

    @property
    def order(self) -> tuple:
        """Reports of a series in time: by the end of the period each stands for."""
        return (self.issue.end, self.issue.start, self.name)


@dataclass
class SkeletonSection:
    id: str
    title: str


@dataclass
class Series:
    slug: str
    title: str
    description: str
    kind: str  # what its reports' folders are named after: builder.base.periods.ISSUE_KINDS
    required: frozenset[str]  # the METADATA its reports must have
    document_id_prefix: str | None
    applies_to: str | None  # "Gäller för verksamhet"
    recipient: str | None  # who the reports are for, when not the site's recipient
    introduction: str | None  # id of the section shown on the home page
    skeleton: list[SkeletonSection]
    folder: Path
    trends: tuple[tuple[str, int], ...] = ()  # key figures shown over time on the home page, with their lines
    headlines: tuple[tuple[str, int], ...] = ()  # key figures shown first on the home page (compute.headlines)
    chapters: tuple[str, ...] = ()  # ids of the sections that start a new page in the PDF (`kapitel`)
    reports: list[Report] = field(default_factory=list)  # newest first

    @property
    def current(self) -> Report | None:
        """The newest report that is not withdrawn: the one the home page leads with."""
        return next((r for r in self.reports if not (r.record and r.record.withdrawn)), None)

    def label(self, issue: Period, period: Period) -> str:
        """What a report's title says after the series' name."""
        if self.kind == periods.MONTH:
            return issue.label
        if self.kind == periods.YEAR:
            return str(issue.end.year)
        if self.kind in (periods.TERTIAL, periods.HALF_YEAR):  # named after the year to date, as Swedish reports are
            return periods.year_to_date(issue.end).label
        return period.label


@dataclass(frozen=True)
class Accessibility:
    """The accessibility statement's facts (`tillganglighet` in content/site.yml), in the parts that the
    supervising authority's (Digg's) model statement asks for."""
    email: str
    phone: str
    assessed: dt.date
    method: str
    known_issues: tuple[str, ...]  # content that is not accessible, and why
    compliance: str = "helt"  # one of COMPLIANCE: how far the site meets the law
    updated: dt.date | None = None  # when the statement was last updated
    response_time: str | None = None  # how soon a request is answered: 'två arbetsdagar'
    disproportionate: tuple[str, ...] = ()  # left inaccessible as a disproportionate burden (12 § of the law)
    not_covered: tuple[str, ...] = ()  # content the law does not cover (9 §)


# The licences open data may carry, by SPDX id, and their names (their addresses: templating.OUTSIDE_LINKS).
LICENCES = {
    "CC0-1.0": "Creative Commons Zero v1.0 Universal (CC0 1.0)",
    "CC-BY-4.0": "Creative Commons Erkännande 4.0 (CC BY 4.0)",
}
COMPLIANCE = ("helt", "delvis", "inte")  # förenlig med lagen: the three words Digg's statements use


@dataclass(frozen=True)
class Registry:
    """Where a document that is not on the site can be asked for (`registratur` in content/site.yml)."""
    email: str
    phone: str | None


@dataclass(frozen=True)
class SiteSettings:
    organisation: str
    title: str
    description: str
    recipient: str  # who the reports are for: 'styrelsen', 'kommunfullmäktige'
    home_text: str  # the home page's introduction, plain text
    logo: str | None  # a file in content/, shown in the site's header
    accent: str | None  # the header's colour, '#rrggbb'
    series_order: tuple[str, ...]  # series by slug, in the order the site shows them
    main_series: str | None  # shown first on the home page
    accessibility: Accessibility
    registry: Registry | None = None
    licence: str | None = None  # the open data's licence, one of LICENCES (`oppna_data_licens`)
    source: str = ""  # the source of key figures that name none (`källa`; else the organisation)


@dataclass
class Content:
    settings: SiteSettings
    series: list[Series]  # in the order of the settings' `serier`

    def without_drafts(self) -> Content:
        series = [
            Series(**{**vars(s), "reports": [r for r in s.reports if not r.is_draft]}) for s in self.series
        ]
        return Content(self.settings, series)

    @property
    def home_order(self) -> list[Series]:
        """The series as the home page shows them: the main series first, then the others in order."""
        main = next((s for s in self.series if s.slug == self.settings.main_series), None)
        return [main, *(s for s in self.series if s is not main)] if main else self.series
