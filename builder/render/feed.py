"""The Atom feed (feed.xml) of the published reports, newest first, for feed readers and news services.

Entry ids are URNs derived from each report's place in the site, so they never change when the site
moves. Links are absolute when mkdocs.yml gives site_url, otherwise relative to the feed (RFC 4287
resolves them against the feed's own address). Nothing depends on the time of the build.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
import xml.etree.ElementTree as ET

from builder.compute.changes import plain_text
from builder.compute.pipeline import Prepared
from builder.compute.report import RenderedReport

FILE = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
SUMMARY_LENGTH = 300


def atom(prepared: Prepared, site_url: str | None, pdfs: dict[str, tuple[str, int]]) -> bytes:
    """The feed; `pdfs` gives the PDF beside each report's page (page URL -> file name, bytes), when built."""
    settings = prepared.content.settings
    base = site_url.rstrip("/") + "/" if site_url else ""
    published = [r for r in prepared.reports.values() if not r.report.is_draft]
    published.sort(key=lambda r: (_date(r), r.report.order, r.report.series), reverse=True)

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "sv"})
    _add(feed, "id", _urn(settings.organisation, "rapporter"))
    _add(feed, "title", settings.title)
    _add(feed, "subtitle", f"Nya rapporter från {settings.organisation}")
    notices = [(c.date, r, _Notice(f"rattelse-{r.report.record.corrections.index(c) + 1}", f"Rättelse: {r.title}",
                                   f"{c.what} {c.why}", "rattelser"))
               for r, c in prepared.corrections if not r.report.is_draft]
    notices += [(r.report.record.withdrawn[0], r, _Notice("tillbakadragen", f"Tillbakadragen: {r.title}",
                                                         r.report.record.withdrawn[1], "tillbakadragen"))
                for r in published if r.report.record and r.report.record.withdrawn]
    dates = [*(_date(r) for r in published), *(date for date, _, _ in notices)]
    _add(feed, "updated", _timestamp(max(dates, default=dt.date(1970, 1, 1))))
    _add(_add(feed, "author"), "name", settings.organisation)
    _add(feed, "link", rel="self", type="application/atom+xml", href=base + FILE)
    _add(feed, "link", rel="alternate", type="text/html", href=base or "./")
    entries = [(_date(r), 0, r, None) for r in published] + [(date, 1, r, n) for date, r, n in notices]
    entries.sort(key=lambda e: (e[0], e[1], e[2].report.order, e[2].report.series), reverse=True)
    for date, _, rendered, notice in entries:
        if notice is not None:
            _notice_entry(feed, settings.organisation, base, rendered, notice, date)
            continue
        report = rendered.report
        entry = _add(feed, "entry")
        _add(entry, "id", _urn(settings.organisation, report.url))
        _add(entry, "title", rendered.title)
        _add(entry, "published", _timestamp(_date(rendered)))
        _add(entry, "updated", _timestamp(_date(rendered)))
        _add(entry, "link", rel="alternate", type="text/html", href=base + report.url)
        if report.url in pdfs:
            name, length = pdfs[report.url]
            _add(entry, "link", rel="enclosure", type="application/pdf", href=base + report.url + name,
                 length=str(length), title=f"{rendered.title} (PDF)")
        _add(entry, "category", term=report.series, label=rendered.series.title)
        _add(entry, "summary", _summary(rendered))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


@dataclass(frozen=True)
class _Notice:
    """A correction or a withdrawal: its own entry, so that a reader who saw the report sees that it changed."""
    key: str  # with the report's place, the entry's id
    title: str
    summary: str
    anchor: str  # where the page says it


def _notice_entry(feed: ET.Element, organisation: str, base: str, rendered: RenderedReport, notice: _Notice,
                  date: dt.date) -> None:
    report = rendered.report
    entry = _add(feed, "entry")
    _add(entry, "id", _urn(organisation, f"{report.url}{notice.key}"))
    _add(entry, "title", notice.title)
    _add(entry, "published", _timestamp(date))
    _add(entry, "updated", _timestamp(date))
    _add(entry, "link", rel="alternate", type="text/html", href=f"{base}{report.url}#{notice.anchor}")
    _add(entry, "category", term=report.series, label=rendered.series.title)
    _add(entry, "summary", notice.summary)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def _urn(organisation: str, path: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{organisation}/{path}')}"


def _date(rendered: RenderedReport) -> dt.date:
    """The publication date; a report without one counts from the first day of its month."""
    report = rendered.report
    return report.published or dt.date(report.issue.end.year, report.issue.end.month, 1)


def _timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _summary(rendered: RenderedReport) -> str:
    """The period and the start of the introduction, as plain text."""
    section = rendered.section(rendered.series.introduction) or (rendered.sections[0] if rendered.sections else None)
    text = plain_text(section.blocks[1:]) if section else ""
    if len(text) > SUMMARY_LENGTH:
        text = text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + " …"
    return f"Siffrorna avser {rendered.report.period.label}. {text}".strip()
