"""Editor prose: one markdown-it-py setup, so a section renders the same on the site and in print.

A section renders to a list of blocks, headings and HTML between them. The site page writes each
heading as a Markdown heading with its id (so the theme's table of contents sees it) and each HTML
block as raw HTML; the print document writes the same blocks as plain HTML.

Raw HTML in prose is escaped, never passed through. Links are checked here: only http(s), mailto and
tel schemes may leave the site; images must lie in the report's own folder and carry alt text.

Three extensions, all in braces so that editors learn one pattern: `{nyckeltal jämförelse}` inline,
and paragraphs of their own `{tabell id}` (a key-figure table), `{diagram id}` (a chart) and `{text id}`
(a reusable text block).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import escape

from builder.base import limits
from builder.base.periods import When
from builder.base.sentences import BEFORE_CHARS
from builder.read.inputs import UnreadableFile, load_text
from builder.base.problems import FigureError

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
FRONT_MATTER_FENCE = "---"


@dataclass(frozen=True)
class Heading:
    level: int  # HTML level on the page: a section is h2, its subsections h3 and below
    text: str  # plain text
    id: str
    line: int


@dataclass(frozen=True)
class Html:
    html: str


Block = Heading | Html


@dataclass(frozen=True)
class Link:
    """A link or image pointing inside the site, checked once all pages are known."""

    target: str
    line: int
    is_image: bool = False
    path: Path | None = None  # the text block it stands in; None for the section itself


@dataclass
class Rendered:
    blocks: list[Block]
    internal_links: list[Link] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, message, hint)
    # problems inside included text blocks, which belong to the block's own file
    included_problems: list[tuple[Path, int, str, str]] = field(default_factory=list)
    included_chars: int = 0  # the text of the text blocks taken in

    @property
    def has_prose(self) -> bool:
        return any(isinstance(b, Html) and b.html.strip() for b in self.blocks)


class Figures(Protocol):
    """What prose needs from the key figures (builder.compute.figures.FigureContext)."""

    datasets: dict  # name -> builder.compute.downloads.Dataset: the data of the tables and charts placed so far
    shown: set[str]  # ids of the key figures shown so far
    placed: int  # tables, charts and goal tables placed so far in the report
    place: str  # where the figures computed next stand, as a publication records them: 'avsnitt ekonomi'
    corrected: dict  # (place, name) -> date: the figures a published correction changed, marked where shown

    has_data: bool  # whether data has any outcome for the report's period
    without_data: tuple[str, str] | None  # set when a published report's period has no data (one error, not many)
    default_source: str  # the source of key figures that name none, in each table's and chart's source line
    published_on: object  # the report's publication date (a datetime.date), or None: how current its figures are

    def skip(self, kind: str, name: str | None) -> bool: ...  # True: what a FigureError needed could not be read

    def section_period(self, when: When | None) -> None: ...  # the default period of the next section's figures

    def reference(self, text: str, before: str | None = None) -> str: ...  # HTML for `{…}`; raises FigureError

    def table(self, table_id: str) -> str: ...  # HTML for a paragraph `{tabell …}`

    def chart(self, chart_id: str) -> str: ...  # HTML for a paragraph `{diagram …}`

    def indicators(self, factor_id: str) -> str: ...  # the success factor's table of indicators

    def forecasts(self, year: str) -> str: ...  # the forecast per strategic goal

    def legend(self, year: str) -> str: ...  # the printed legend of statuses and trends

    def goal_chart(self, year: str) -> str: ...  # share of indicators per status per strategic goal


TEXT_BLOCK = re.compile(r"\{text[ \t]+([a-z0-9-]+)\}")
TextBlocks = Callable[[str], "Path | None"]  # block id -> its file, or None when there is none

# Anything in braces that starts with a letter is taken for a reference, so that a misspelt
# one ({Sjukfranvaro}, {sjukfrånvaro}) is reported instead of printed; '{ x }' stays text.
REFERENCE = re.compile(r"\{([^\W\d_][^{}\n]*)\}")
# Paragraphs that are a whole figure, drawn by the Figures method named here: `{tabell id}`,
# `{diagram id}`, and for goal fulfilment `{styrmatt framgångsfaktor}`, `{prognoser år}`,
# `{teckenforklaring år}` and `{malfordelning år}`.
FIGURE_KINDS = {"tabell": "table", "diagram": "chart", "styrmatt": "indicators", "prognoser": "forecasts",
                "teckenforklaring": "legend", "malfordelning": "goal_chart"}
FIGURE = re.compile(r"\{(" + "|".join(FIGURE_KINDS) + r")[ \t]+([a-z0-9-]+)\}")


def _reference_rule(state: StateInline, silent: bool) -> bool:
    """`{nyckeltal jämförelse kategori}`: a key figure, resolved and formatted when rendered."""
    if state.src[state.pos] != "{":
        return False
    match = REFERENCE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("nyckeltal", "", 0)
        token.content = match.group(1)
        token.markup = match.group(0)
    state.pos = match.end()
    return True


def _render_reference(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    return token.meta.get("html") or str(escape(token.markup))


@cache
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # Every link is checked (and a bad one reported with its line) in `render`; markdown-it's own
    # validator would silently print a javascript: link as text instead.
    md.validateLink = lambda url: True
    md.inline.ruler.before("link", "nyckeltal", _reference_rule)
    md.add_render_rule("nyckeltal", _render_reference)
    return md


def slugify(text: str) -> str:
    """'Väsentliga personalförhållanden' -> 'vasentliga-personalforhallanden'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "avsnitt"


class UniqueIds:
    """Hands out ids not yet used on a page: 'ekonomi', then 'ekonomi-2', 'ekonomi-3' … Each base remembers
    its next number, so a thousand headings with the same text cost a thousand steps, not a million."""

    def __init__(self, taken: set[str]):
        self.used = set(taken)
        self.next: dict[str, int] = {}

    def __call__(self, base: str) -> str:
        n = self.next.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.next[base] = n + 1
        self.used.add(candidate)
        return candidate


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """Split '---\\nyaml\\n---\\nbody' into (yaml, yaml's first line, body, body's first line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            return "".join(lines[1:index]), 2, "".join(lines[index + 1 :]), index + 2
    return None


def render(body: str, first_line: int, figures: Figures | None = None,
           textblocks: TextBlocks | None = None) -> Rendered:
    """Render a section's Markdown body. `first_line` is the body's line in the editor's file.

    Key-figure references and tables are resolved with `figures`; without it they print as written.
    A paragraph `{text id}` includes the text block that `textblocks` finds (not inside a block itself).
    Headings get ids from their text; making them unique on the page is the caller's job.
    """
    md = parser()
    env: dict = {}
    tokens = md.parse(body, env)
    result = Rendered(blocks=[])
    pending: list[Token] = []
    file_level = 1  # the section's own title counts as level 1 (# …); subsections start at ##

    def flush() -> None:
        if pending:
            html = md.renderer.render(pending, md.options, env)
            if html.strip():
                result.blocks.append(Html(html))
            pending.clear()

    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "heading_open":
            level = int(token.tag[1])
            inline = tokens[index + 1]
            title = "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))
            if len(inline.content) > limits.TITLE_CHARS:
                result.problems.append((line, f"rubriken är {len(inline.content)} tecken lång; högst {limits.TITLE_CHARS} går",
                                        "korta rubriken och skriv resten som text under den"))
                index += 3
                continue
            if level == 1:
                result.problems.append((line, f"rubriken '# {title}' har samma nivå som avsnittets titel",
                                        "avsnittets rubrik står i fältet titel överst; skriv underrubriker med ## och ###"))
            elif level > file_level + 1:
                result.problems.append((line, f"rubriknivån hoppar från {'#' * file_level} till {'#' * level} vid '{title}'",
                                        f"använd {'#' * (file_level + 1)}, så att rubrikerna följer varandra i ordning"))
            file_level = max(level, 2)
            flush()
            if any(child.type == "nyckeltal" for child in inline.children or []):
                result.problems.append((line, f"rubriken '{inline.content}' innehåller ett nyckeltal",
                                        "skriv nyckeltalet i texten under rubriken; rubriker ska inte ändras med siffrorna"))
            _check_inline(inline, line, result, figures)
            result.blocks.append(Heading(min(level + 1, 6), title, slugify(title), line))
            index += 3  # heading_open, inline, heading_close
            continue
        if token.type == "paragraph_open" and (figure := FIGURE.fullmatch(tokens[index + 1].content.strip())):
            flush()
            kind, name = figure.groups()
            if figures is not None:
                figures.placed += 1
                if figures.placed > limits.FIGURES:  # said once, at the first one too many
                    if figures.placed == limits.FIGURES + 1:
                        result.problems.append((line, f"rapporten har fler än {limits.FIGURES} tabeller och diagram",
                                                "dela upp rapporten, eller ta bort tabeller och diagram som upprepas"))
                    index += 3
                    continue
            html = _resolve(lambda: getattr(figures, FIGURE_KINDS[kind])(name), figures, line, result)
            if html:
                result.blocks.append(Html(html + "\n"))
            index += 3  # paragraph_open, inline, paragraph_close
            continue
        if token.type == "paragraph_open" and (include := TEXT_BLOCK.fullmatch(tokens[index + 1].content.strip())):
            flush()
            _include(include.group(1), line, result, figures, textblocks)
            index += 3
            continue
        if token.type == "inline":
            _check_inline(token, line, result, figures)
        pending.append(token)
        index += 1
    flush()
    return result


def _include(block_id: str, line: int, result: Rendered, figures: Figures | None,
             textblocks: TextBlocks | None) -> None:
    if textblocks is None:
        result.problems.append((line, f"textblocket '{block_id}' kan inte tas med inne i ett annat textblock",
                                "skriv texten direkt i blocket, eller ta med båda blocken i avsnittet"))
        return
    path = textblocks(block_id)
    if path is None:
        result.problems.append((line, f"okänt textblock '{block_id}'",
                                f"skapa filen textblock/{block_id}.md i rapportens mapp eller i seriens mapp"))
        return
    try:
        text = load_text(path, limits.MARKDOWN_BYTES)
    except UnreadableFile as error:
        result.included_problems.append((path, error.line, error.message, error.hint))
        return
    if split_front_matter(text) is not None:
        result.included_problems.append((path, 1, "ett textblock har inget huvud mellan rader '---'",
                                         "ta bort huvudet; textblocket är bara text"))
        return
    result.included_chars += len(text)
    if result.included_chars > limits.MARKDOWN_BYTES:
        result.problems.append((line, f"textblocken som avsnittet tar med är tillsammans längre än "
                                      f"{limits.size_text(limits.MARKDOWN_BYTES)}",
                                "ta med färre eller kortare textblock, eller dela upp avsnittet"))
        return
    included = render(text, 1, figures, textblocks=None)
    result.blocks += included.blocks
    result.internal_links += [Link(k.target, k.line, k.is_image, path) for k in included.internal_links]
    result.included_problems += [(path, *problem) for problem in included.problems]


def _resolve(compute, figures: Figures | None, line: int, result: Rendered) -> str | None:
    if figures is None:  # the report's period is unknown (an error already reported); leave it as written
        return None
    try:
        return compute()
    except FigureError as error:
        # One cause, one message: what the figure needs has an error of its own where it is defined.
        if not (error.depends_on and figures.skip(*error.depends_on)):
            result.problems.append((line, error.message, error.hint))
        return None


def _check_inline(inline: Token, line: int, result: Rendered, figures: Figures | None) -> None:
    """Check links and images in one inline token, and resolve its key-figure references.

    A link that fails is neutralised; a reference that fails prints as written."""
    before = ""  # the end of the text before the child: what a reference needs to know of its sentence
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
            before = (before + " ")[-BEFORE_CHARS:]
        elif child.type == "nyckeltal":
            html = _resolve(lambda: figures.reference(child.content, before), figures, line, result)
            if html:
                child.meta["html"] = html
            before = (before + "0")[-BEFORE_CHARS:]  # a value, which ends no sentence
        elif child.type in ("text", "code_inline"):
            before = (before + child.content)[-BEFORE_CHARS:]
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            if not _allowed_link(href, line, result):
                child.attrs["href"] = "#"
        elif child.type == "image":
            src = str(child.attrs.get("src", ""))
            alt = "".join(c.content for c in child.children or [])
            if not alt.strip():
                result.problems.append((line, f"bilden '{src}' saknar alternativtext",
                                        "beskriv bilden inom hakparenteserna: ![Beskrivning av bilden](fil.png)"))
            if _SCHEME.match(src) or src.startswith("//"):
                result.problems.append((line, f"bilden '{src}' hämtas från en annan webbplats",
                                        "lägg bildfilen i rapportens mapp och skriv bara filnamnet"))
                child.attrs["src"] = ""
            else:
                result.internal_links.append(Link(src, line, is_image=True))


def _allowed_link(href: str, line: int, result: Rendered) -> bool:
    scheme = _SCHEME.match(href.strip())
    if scheme:
        if scheme.group(1).lower() in ALLOWED_SCHEMES:
            return True
        name = scheme.group(1).lower()
        why = "kan köra kod" if name in ("javascript", "vbscript", "data") else "når inte alla läsare"
        result.problems.append((line, f"länken '{href}' är inte tillåten ({name}:-länkar {why})",
                                "länka bara till webbadresser (https://…), e-post (mailto:…) eller sidor i rapporten"))
        return False
    if href.startswith("//"):
        result.problems.append((line, f"länken '{href}' saknar https:", f"skriv https:{href}"))
        return False
    result.internal_links.append(Link(href, line))
    return True
