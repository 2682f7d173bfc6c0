"""Write the site's Markdown pages into build/docs/ from the rendered content with Jinja2.

Headings become Markdown headings with their ids (so the theme's table of contents lists them);
the prose between them stays the HTML that markdown-it-py rendered.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import yaml
from jinja2 import Environment, TemplateError, TemplateSyntaxError
from markupsafe import Markup

from builder.render import charts
from builder.render.chart_parts import CHART_PARTS, PLACEHOLDER, chart_parts, fill
from builder.read.metrics import KEY_FIGURE_URL
from builder.compute import downloads, history
from builder.render import feed, opendata, pdf
from builder.base import atomic, templating
from builder.read.markdown import Block, Heading
from builder.read.model import Report
from builder.read.record import FOLDER as RECORD_FOLDER
from builder.compute.addresses import ACCESSIBILITY_URL, CORRECTIONS_URL, METRICS, OBSERVATIONS, OPEN_DATA_URL, README
from builder.compute.pipeline import Prepared, site_path
from builder.base.problems import BuildError
from builder.base.project import Project

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def markdown_text(text: str) -> Markup:
    """Editor text for a Markdown context: shown as written, never read as Markdown or HTML. (A double quote
    becomes &quot; too, so that no text can look like an attribute of the page's own markup.)"""
    escaped = html.escape(" ".join(text.split()), quote=False).replace('"', "&quot;")
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", escaped))


def markdown_heading(block: Heading) -> Markup:
    """'### Text {#id}' (or without an id), with the text safe from both Markdown and HTML interpretation."""
    anchor = f" {{#{block.id}}}" if block.id else ""
    return Markup(f"{'#' * block.level} {markdown_text(block.text)}{anchor}")


def file_url(path: str) -> str:
    """A link to a file beside the page: relative and percent-encoded, so that no file name reads as a URL
    scheme (a folder named 'javascript:…') or ends the path early ('#', '?')."""
    return "./" + quote(path)


def mkdocs_text(text: str) -> str:
    """A title for MkDocs: the theme writes page and navigation titles into its HTML as they are, so
    they are handed over escaped."""
    return html.escape(text, quote=True)


_LINK = re.compile(r'\b(href|src)="([^"]*)"')
_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)  # links do not nest, so the first </a> closes it
_ABSOLUTE = re.compile(r"^(/|[a-z][a-z0-9+.\-]*:)", re.IGNORECASE)


def rebased(html_text: str, base: str) -> str:
    """Relative links of a report's HTML made to work from the site root (for the home page's excerpt)."""

    def fix(match: re.Match) -> str:
        attribute, target = match.groups()
        if _ABSOLUTE.match(target):
            return match.group(0)
        if target.startswith("#"):
            return f'{attribute}="{base}{target}"'
        path, hash_, anchor = target.partition("#")
        joined = site_path(base, path)
        joined = f"{joined}/" if joined and path.endswith("/") else joined or "./"
        return f'{attribute}="{joined}{hash_}{anchor}"'

    return _LINK.sub(fix, html_text)


def html_blocks(blocks: list[Block], with_ids: bool = True, base: str = "") -> Markup:
    """The blocks as plain HTML (for print, and, with the report's URL as `base`, for excerpts such as
    the home page's introduction)."""
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            id_attr = f' id="{block.id}"' if with_ids else ""
            parts.append(f"<h{block.level}{id_attr}>{html.escape(block.text)}</h{block.level}>\n")
        else:
            parts.append(rebased(block.html, base) if base else block.html)
    return Markup("".join(parts))


def front_matter(title: str) -> Markup:
    """The page's front matter: its title, which MkDocs shows in <title>, the header and the search."""
    return Markup("---\n" + yaml.safe_dump({"title": mkdocs_text(title)}, allow_unicode=True, sort_keys=False) + "---\n")


def environment(project: Project) -> Environment:
    env = templating.environment(project.templates)
    env.filters["markdown_heading"] = markdown_heading
    env.filters["html_blocks"] = html_blocks
    env.globals["front_matter"] = front_matter
    env.globals["heading"] = lambda level, text, id="": markdown_heading(Heading(level, text, id, 0))
    env.filters["markdown_text"] = markdown_text
    env.filters["file_url"] = file_url
    env.globals["is_heading"] = lambda block: isinstance(block, Heading)
    return env


def page_texts(prepared: Prepared, project: Project, env: Environment, with_pdf: bool = False) -> dict[str, str]:
    """Every generated page: path under build/docs/ -> its Markdown."""
    try:
        return _page_texts(prepared, env, with_pdf)
    except TemplateError as error:
        where = ""
        if isinstance(error, TemplateSyntaxError) and error.filename:
            where = f"{Path(error.filename).resolve().relative_to(project.root.resolve()).as_posix()}:{error.lineno}: "
        raise BuildError(f"{where}fel i en mall: {error.message}") from None


def _page_texts(prepared: Prepared, env: Environment, with_pdf: bool) -> dict[str, str]:
    content = prepared.content
    settings = content.settings
    pages = {}
    latest = [(s, prepared.rendered(s.current), prepared.trends.get(s.slug, [])) for s in content.home_order if s.current]
    pages["index.md"] = env.get_template("pages/home.md.j2").render(
        settings=settings, latest=latest, headlines=prepared.headlines, key_figures_url=KEY_FIGURE_URL,
        open_data_url=OPEN_DATA_URL)
    for series in content.series:
        pages[f"{series.slug}/index.md"] = env.get_template("pages/series.md.j2").render(
            settings=settings, series=series
        )
        for report in series.reports:
            rendered = prepared.rendered(report)
            pages[f"{report.url}index.md"] = env.get_template("pages/report.md.j2").render(
                settings=settings, series=series, report=report, rendered=rendered, changes=prepared.changes(rendered),
                pdf=pdf_name(report) if with_pdf else None,
            )
    pages[f"{KEY_FIGURE_URL}index.md"] = env.get_template("pages/nyckeltal.md.j2").render(
        groups=history.overview(prepared.key_figures, settings.source), open_data_url=OPEN_DATA_URL)
    for figure in prepared.key_figures:
        pages[f"{figure.url}index.md"] = env.get_template("pages/nyckeltal-sida.md.j2").render(
            figure=figure, headers=history.HEADERS, lengths_differ=history.period_lengths_differ(figure))
    pages[f"{OPEN_DATA_URL}index.md"] = open_data_text(env, settings, prepared.published_until, page=True)
    pages[f"{CORRECTIONS_URL}index.md"] = env.get_template("pages/rattelser.md.j2").render(
        corrections=prepared.corrections)
    pages[f"{ACCESSIBILITY_URL}index.md"] = env.get_template("pages/tillganglighetsredogorelse.md.j2").render(
        settings=settings, a11y=settings.accessibility
    )
    return pages


def open_data_text(env: Environment, settings, until, page: bool) -> str:
    """The open-data folder's description: its page on the site, or (page=False) its README.txt."""
    files = [(what, [downloads.file_name(stem, form) for form in downloads.FORMATS])
             for stem, what in ((OBSERVATIONS, "Alla värden: utfall, budget, prognos och mål"),
                                (METRICS, "Nyckeltalens definitioner"))]
    return env.get_template("pages/oppna-data.md.j2").render(
        page=page, organisation=settings.organisation, recipient=settings.recipient, source=settings.title, files=files,
        until=until.label if until else None, key_figures_url=f"../{KEY_FIGURE_URL}",
        observation_columns=opendata.OBSERVATION_COLUMNS, metric_columns=opendata.METRIC_COLUMNS,
        licence=opendata.licence(settings), package=opendata.PACKAGE,
    )


def navigation(prepared: Prepared) -> list:
    """MkDocs nav: home, each series with its reports newest first, the key figures, the open data and the
    accessibility statement."""
    nav: list = [{"Start": "index.md"}]
    for series in prepared.content.series:
        reports = [{r.label[:1].upper() + r.label[1:]: f"{r.url}index.md"} for r in series.reports]
        nav.append({mkdocs_text(series.title): [f"{series.slug}/index.md", *reports]})
    nav.append({"Nyckeltal": f"{KEY_FIGURE_URL}index.md"})  # its overview links each key figure's page
    nav.append({"Öppna data": f"{OPEN_DATA_URL}index.md"})
    nav.append({"Rättelser": f"{CORRECTIONS_URL}index.md"})
    nav.append({"Tillgänglighetsredogörelse": f"{ACCESSIBILITY_URL}index.md"})
    return nav


@dataclass(frozen=True)
class Written:
    files: int  # files written because their content changed
    charts_drawn: int  # charts rendered anew (the others came from the cache)
    pdfs_rendered: int  # PDFs rendered anew


def pdf_name(report: Report) -> str:
    return f"{report.series}-{report.name}.pdf"


def write_docs(prepared: Prepared, project: Project, with_pdf: bool = False) -> Written:
    """Bring build/docs/ up to date; files whose content is unchanged are left untouched."""
    renderer = charts.Renderer(project.build / "cache" / "diagram", project.assets / "fonts")
    parts = chart_parts(prepared.every_chart, renderer)
    env = environment(project)  # one for the pages, the print HTML and the open data: each template compiled once
    # The pages keep their charts' placeholders: MkDocs converts and indexes them without the SVGs and specs
    # (most of a report page's bytes), which fill_charts puts in place in the pages MkDocs has written.
    wanted = {path: text.encode("utf-8") for path, text in page_texts(prepared, project, env, with_pdf).items()}
    atomic.store(project.build / CHART_PARTS, json.dumps(parts, ensure_ascii=False).encode("utf-8"))
    wanted.update(_assets(prepared, project, renderer))
    wanted.update(_beside_reports(prepared))
    printer = None
    pdfs: dict[str, bytes] = {}  # by report page URL
    if with_pdf:
        printer = _printer(project)
        published = _published_files(prepared)
        jobs = [print_job(prepared, rendered, env, parts, project, published)
                for rendered in prepared.reports.values() if rendered.report.record is None]
        recorded, superseded = _recorded_pdfs(prepared)
        pdfs = {**printer.pdfs(jobs), **recorded}
        wanted.update(superseded)
    wanted.update({f"{url}{pdf_name(prepared.reports[url].report)}": data for url, data in pdfs.items()})
    wanted.update(_for_reuse(prepared, project, pdfs))
    written = _write_changed(project.docs, wanted)
    return Written(written, renderer.rendered, printer.rendered if printer else 0)


def report_pdf(prepared: Prepared, project: Project, rendered) -> bytes:
    """One report's PDF as a build makes it, with only its own charts drawn (for `rapport publicera`)."""
    renderer = charts.Renderer(project.build / "cache" / "diagram", project.assets / "fonts")
    keys = {key for section in rendered.sections for block in section.blocks
            for key in PLACEHOLDER.findall(getattr(block, "html", ""))}
    parts = chart_parts([prepared.charts[key] for key in sorted(keys)], renderer)
    job = print_job(prepared, rendered, environment(project), parts, project, _published_files(prepared))
    return _printer(project).pdfs([job])[job.name]


def _printer(project: Project) -> pdf.Printer:
    return pdf.Printer(project.build / "cache" / "pdf",
                       [project.templates / "print" / "print.css", *sorted((project.assets / "fonts").glob("*.ttf"))])


def _published_files(prepared: Prepared) -> dict[str, Path]:
    """Every file published beside a report, by its path in the site: what a PDF may show."""
    return {f"{url}{name}": r.report.folder / name for url, r in prepared.reports.items() for name in r.files}


def _recorded_pdfs(prepared: Prepared) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The PDF each published report was published with, never rendered again, by its page URL; and the
    editions a correction or reissue superseded, by their path in the site. Each checked against its hash."""
    current, superseded = {}, {}
    for url, rendered in prepared.reports.items():
        record, folder = rendered.report.record, rendered.report.folder
        if record is None:
            continue
        current[url] = checked_pdf(url, record.pdf_path(folder), record.pdf_sha256)
        for edition in record.superseded:
            path = record.superseded_path(folder, edition.edition)
            superseded[f"{url}{path.name}"] = checked_pdf(url, path, edition.pdf_sha256)
    return current, superseded


def checked_pdf(url: str, path: Path, sha256: str) -> bytes:
    """A published PDF's bytes, which must be those its record has (their SHA-256); BuildError otherwise."""
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise BuildError(f"content/{url}{RECORD_FOLDER}/{path.name}: den publicerade PDF:en har ändrats efter "
                         "publiceringen. Åtgärd: återställ den ur versionshanteringen (git checkout -- filen)")
    return data


def logo_path(name: str) -> str:
    """Where the logo of content/site.yml is published."""
    return f"assets/images/logotyp{Path(name).suffix.lower()}"


def colours_css(accent: str | None) -> str:
    """The site chrome's colours from content/site.yml (checked there for contrast with white text)."""
    if not accent:
        return "/* Ingen accentfärg i content/site.yml: färgerna i rapport.css gäller. */\n"
    dark = "#" + "".join(f"{int(int(accent[i:i + 2], 16) * 0.7):02x}" for i in (1, 3, 5))
    return (":root {\n  --md-primary-fg-color: %s;\n  --md-primary-fg-color--light: %s;\n"
            "  --md-primary-fg-color--dark: %s;\n}\n" % (accent, accent, dark))


def _assets(prepared: Prepared, project: Project, renderer: charts.Renderer) -> dict[str, bytes]:
    files = {f"assets/{source.relative_to(project.assets).as_posix()}": source.read_bytes()
             for source in sorted(project.assets.rglob("*")) if source.is_file()}
    settings = prepared.content.settings
    files["assets/stylesheets/farger.css"] = colours_css(settings.accent).encode("utf-8")
    if settings.logo:
        files[logo_path(settings.logo)] = (project.content / settings.logo).read_bytes()
    if prepared.every_chart:
        files["assets/javascripts/vega-embed.js"] = renderer.bundle().encode("utf-8")
    return files


def _beside_reports(prepared: Prepared) -> dict[str, bytes]:
    """The files of each report's folder, and the data of its tables and charts for download."""
    files = {}
    for url, rendered in prepared.reports.items():
        for name in rendered.files:
            files[f"{url}{name}"] = (rendered.report.folder / name).read_bytes()
        for dataset in rendered.report.datasets.values():
            for name, data in dataset.files().items():
                files[f"{url}{downloads.FOLDER}{name}"] = data
    return files


def _for_reuse(prepared: Prepared, project: Project, pdfs: dict[str, bytes]) -> dict[str, bytes]:
    """The open data and the feed."""
    until = prepared.published_until
    settings = prepared.content.settings
    published_on = [r.published for s in prepared.content.series for r in s.reports if r.published and not r.is_draft]
    files = opendata.files(prepared.data, until, settings, published_on,
                           opendata.first_published(c for _, c in prepared.corrections))
    plain = templating.environment(project.templates, autoescape=False)  # README.txt is text, written as it is
    plain.filters["markdown_text"] = str
    files[OPEN_DATA_URL + README] = open_data_text(plain, settings, until,
                                                           page=False).encode("utf-8")
    enclosures = {url: (pdf_name(prepared.reports[url].report), len(data)) for url, data in pdfs.items()}
    files[feed.FILE] = feed.atom(prepared, project.site_url, enclosures)
    return files


def _write_changed(docs: Path, wanted: dict[str, bytes]) -> int:
    """Write the files whose content differs, remove the ones no longer wanted; how many were written."""
    written = 0
    for relative, data in wanted.items():
        target = docs / relative
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    _remove_stale(docs, set(wanted))
    return written


def print_job(prepared: Prepared, rendered, env: Environment, parts: dict[str, str], project: Project,
              published: dict[str, Path]) -> pdf.PrintJob:
    """The report as one HTML document for WeasyPrint, the same fragments as its page on the site, with the
    files WeasyPrint may read for it: the stylesheet, the fonts, and the images the report shows."""
    settings = prepared.content.settings
    stylesheet = f"{pdf.RESOURCES}mallar/print/print.css"
    logo = f"{pdf.RESOURCES}logotyp/{quote(settings.logo)}" if settings.logo else None  # quoted: it sits in CSS
    html = env.get_template("print/report.html.j2").render(
        settings=settings, series=rendered.series, report=rendered.report, rendered=rendered,
        changes=prepared.changes(rendered), stylesheet=stylesheet, logo=logo)
    html, images = for_print(pdf.details_open(pdf.without_scripts(fill(html, parts))), rendered.report.url,
                             project.site_url, published)
    files = {stylesheet: str(project.templates / "print" / "print.css"), **images}
    if logo:
        files[logo] = str(project.content / settings.logo)
    for font in sorted((project.assets / "fonts").glob("*.ttf")):  # print.css: url("../assets/fonts/…")
        files[f"{pdf.RESOURCES}mallar/assets/fonts/{font.name}"] = str(font)
    return pdf.PrintJob(rendered.report.url, html, files)


def for_print(html_text: str, page_url: str, site_url: str | None, published: dict[str, Path]) -> tuple[str, dict[str, str]]:
    """The report's links and images as a PDF needs them, and the images' files. An image of the site is read
    from its file, under pdf.RESOURCES; a link to another page of the site is absolute under site_url when it
    is set (a PDF is read away from the site), and without site_url it is no link, only its text (a relative
    link would not work in a downloaded PDF); anchors in the report stay anchors. No path of the build
    machine is written."""
    images: dict[str, str] = {}

    def fix(match: re.Match) -> str:
        attribute, target = match.groups()
        if _ABSOLUTE.match(target) or target.startswith("#") or not target:
            return match.group(0)
        path, hash_, anchor = html.unescape(target).partition("#")
        at = site_path(page_url, unquote(path))
        if attribute == "src":
            if at not in published:
                return match.group(0)  # WeasyPrint is then refused it and says so
            url = f"{pdf.RESOURCES}webbplats/{quote(at)}"
            images[url] = str(published[at])
            return f'src="{html.escape(url)}"'
        if not site_url:  # a relative link would not work in a downloaded PDF: the text stays, without a link
            return ""
        address = site_url.rstrip("/") + "/" + quote(at) + ("/" if path.endswith("/") and at else "") + hash_ + anchor
        return f'{attribute}="{html.escape(address)}"'

    def unlinked(match: re.Match) -> str:  # WeasyPrint tags an <a> as a Link even without an address
        attributes, text = match.groups()
        return match.group(0) if re.search(r'\shref="', attributes) else f"<span{attributes}>{text}</span>"

    return _ANCHOR.sub(unlinked, _LINK.sub(fix, html_text)), images


def _remove_stale(docs: Path, keep: set[str]) -> None:
    if not docs.is_dir():
        return
    for path in sorted(docs.rglob("*"), reverse=True):
        relative = path.relative_to(docs).as_posix()
        if path.is_file() and relative not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            shutil.rmtree(path)
