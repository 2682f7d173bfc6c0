"""A report's sections (one Markdown file each), its attachments and the other files published beside it."""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from builder.base import limits, periods
from builder.base.problems import Problems
from builder.read import fields as f
from builder.read import record
from builder.read.inputs import UnreadableFile, attachment_problem, load_text, read_text
from builder.read.markdown import TEXT_BLOCK, Figures, Heading, parser, render, slugify, split_front_matter
from builder.read.model import REPORT_FILE, TEXT_BLOCK_FOLDER, Attachment, Section
from builder.read.yamlio import YamlList, YamlSyntaxError, parse_yaml

ATTACHMENT_SCHEMA = {
    "titel": f.Field(f.title, example="Månadsrapport september 2025"),
    "fil": f.Field(f.optional_text, required=False, example="bilagor/manadsrapport.pdf"),
}
SECTION_SCHEMA = {
    "titel": f.Field(f.title, example="Ekonomi"),
    # The period of the section's figures, when not the report's: '2025-T2', 'hittills-förra-månaden' …
    "period": f.Field(f.parsed_by(periods.parse_when_words), required=False, example="hittills-förra-månaden"),
}
# What `rapport new` writes where the editor is to write text; a published report may not keep one.
WRITE_HERE = "<!-- Skriv här -->"
_WRITE_HERE = re.compile(r"<!--\s*skriv här", re.IGNORECASE)


def load_sections(folder: Path, listed: YamlList, path: Path, problems: Problems,
                   figures: Figures | None) -> list[Section] | None:
    if len(listed) > limits.SECTIONS:
        problems.add(path, listed.line or 1, f"rapporten har {len(listed)} avsnitt; högst {limits.SECTIONS} går",
                     "slå ihop avsnitt; underrubriker skrivs med ## inne i ett avsnitt")
        return None
    ok = True
    seen: dict[str, int] = {}
    sections = []
    for index, raw_id in enumerate(listed):
        line = listed.line_of(index)
        section_id = str(raw_id).strip() if raw_id is not None else ""
        if section_id.endswith(".md"):
            section_id = section_id[:-3]
        if section_id in seen:
            ok = False
            problems.add(path, line, f"avsnittet '{section_id}' står två gånger i listan avsnitt (första gången på rad {seen[section_id]})",
                         "ta bort den ena raden; varje avsnitt får stå en gång")
            continue
        seen[section_id] = line
        file = folder / f"{section_id}.md"
        if not f.ID.fullmatch(section_id):
            ok = False
            problems.add(path, line, f"'{section_id}' duger inte som avsnittsnamn",
                         f"använd små bokstäver a–z, siffror och bindestreck, och döp filen likadant, till exempel {slugify(section_id)}.md")
            continue
        if not file.is_file():
            ok = False
            problems.add(path, line, f"avsnittet '{section_id}' finns inte som fil ({section_id}.md saknas)",
                         f"skapa filen {folder.name}/{section_id}.md eller rätta namnet i listan")
            continue
        section = load_section(file, problems, figures)
        if section:
            sections.append(section)
        else:
            ok = False
    for file in sorted(folder.glob("*.md")):
        if not f.ID.fullmatch(file.stem):
            ok = False
            problems.add(file, 0, f"filnamnet '{file.name}' duger inte för ett avsnitt",
                         f"döp om filen till {slugify(file.stem)}.md (små bokstäver a–z, siffror och bindestreck)")
        elif file.stem not in seen:
            ok = False
            problems.add(file, 0, f"avsnittet '{file.stem}' saknas i listan avsnitt i {REPORT_FILE}",
                         f"lägg till '- {file.stem}' under avsnitt: på den plats där avsnittet ska stå")
    if not listed:
        ok = False
        problems.add(path, listed.line or 1, "rapporten har inga avsnitt", "lista avsnittens filnamn under avsnitt:")
    headings = sum(isinstance(b, Heading) for s in sections for b in s.rendered.blocks)
    if headings > limits.HEADINGS:
        ok = False
        problems.add(path, listed.line or 1, f"rapporten har {headings} rubriker; högst {limits.HEADINGS} går",
                     "skriv färre underrubriker, eller dela upp rapporten")
    text = sum(len(s.body) + s.rendered.included_chars for s in sections)
    if text > limits.REPORT_TEXT_BYTES:
        ok = False
        problems.add(path, listed.line or 1, f"rapportens text är {limits.size_text(text)} med textblocken; högst "
                     f"{limits.size_text(limits.REPORT_TEXT_BYTES)} går", "dela upp rapporten i flera")
    return sections if ok else None


def load_section(file: Path, problems: Problems, figures: Figures | None = None) -> Section | None:
    text = read_text(file, problems, limits.MARKDOWN_BYTES)
    if text is None:
        return None
    parts = split_front_matter(text)
    if parts is None:
        problems.add(file, 1, "avsnittet börjar inte med ett huvud mellan två rader '---'",
                     "börja filen med raderna '---', 'titel: Avsnittets rubrik' och '---'")
        return None
    front, front_line, body, body_line = parts
    try:
        data = parse_yaml(front, first_line=front_line)
    except YamlSyntaxError as error:
        problems.add(file, error.line, error.message)
        return None
    values = f.read_fields(data, SECTION_SCHEMA, file, problems, "avsnittets huvud", line=front_line)
    if values is None:
        return None
    if figures is not None:
        figures.section_period(values.get("period"))
        figures.place = f"avsnitt {file.stem}"
    rendered = render(body, body_line, figures, textblocks=lambda block_id: find_text_block(file.parent, block_id))
    for line, message, hint in rendered.problems:
        problems.add(file, line, message, hint)
    for path, line, message, hint in rendered.included_problems:
        problems.add(path, line, message, hint)
    return Section(id=file.stem, title=values["titel"], path=file, body=body, body_line=body_line, rendered=rendered)


def write_here_left(section: Section) -> list[tuple[Path, int]]:
    """(file, line) for each WRITE_HERE still in the section's prose or in a text block it takes in."""
    found = [(section.path, section.body_line + line) for line in _write_here_lines(section.body)]
    for block_id in dict.fromkeys(TEXT_BLOCK.findall(section.body)):
        path = find_text_block(section.path.parent, block_id)
        try:
            found += [(path, 1 + line) for line in _write_here_lines(load_text(path, limits.MARKDOWN_BYTES))] if path else []
        except UnreadableFile:
            pass  # reported when the section was read
    return found


def _write_here_lines(text: str) -> list[int]:
    """The lines (from 0) with the marker in prose; code is left alone."""
    if not _WRITE_HERE.search(text):  # most sections: no need to parse them a second time
        return []
    tokens = parser().parse(text)
    return [token.map[0] + token.content.count("\n", 0, match.start()) for token in tokens
            if token.type == "inline" and token.map for match in _WRITE_HERE.finditer(token.content)]


def find_text_block(report_folder: Path, block_id: str) -> Path | None:
    """A text block from the report's own textblock/ folder, or else from the series' one."""
    for folder in (report_folder / TEXT_BLOCK_FOLDER, report_folder.parent / TEXT_BLOCK_FOLDER):
        if (folder / f"{block_id}.md").is_file():
            return folder / f"{block_id}.md"
    return None


def section_sources(sections: list[Section], report_folder: Path) -> tuple[record.SectionSource, ...]:
    """Each section's id, title and the hash of its source with the text blocks it takes in."""
    return tuple(record.SectionSource(s.id, s.title, record.section_hash(
        s.path, s.body, lambda block_id: find_text_block(report_folder, block_id))) for s in sections)


def load_attachments(folder: Path, listed: YamlList, path: Path, problems: Problems,
                      published: tuple[str, ...]) -> list[Attachment] | None:
    if len(listed) > limits.ATTACHMENTS:
        problems.add(path, listed.line or 1, f"rapporten har {len(listed)} bilagor; högst {limits.ATTACHMENTS} går",
                     "samla bilagorna i färre filer")
        return None
    attachments = []
    ok = True
    for index, item in enumerate(listed):
        line = listed.line_of(index)
        values = f.read_fields(item, ATTACHMENT_SCHEMA, path, problems, "bilagan", line)
        if values is None:
            ok = False
            continue
        file = values.get("fil") or None
        if file:
            file = posixpath.normpath(file.replace("\\", "/"))
            if file not in published:  # missing, outside the folder, or a file the builder reads itself
                ok = False
                problems.add(path, item.line_of("fil"), f"bilagans fil '{values['fil']}' finns inte i rapportens mapp",
                             f"lägg filen i {folder.name}/ (till exempel {folder.name}/bilagor/) och skriv sökvägen från rapportens mapp")
                continue
        attachments.append(Attachment(values["titel"], file, line))
    return attachments if ok else None


def published_files(folder: Path, problems: Problems) -> tuple[str, ...]:
    """The files in a report's folder that are published beside its page: all but the ones the builder reads
    itself (report.yml, the sections, textblock/, the record of its publication) and hidden ones. Each must be of a type the site may serve."""
    files = []
    for base, dirs, names in os.walk(folder):
        here = Path(base)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink()
                         and not (here == folder and d in (TEXT_BLOCK_FOLDER, record.FOLDER)))
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or path.is_symlink() or (here == folder and (name == REPORT_FILE or name.endswith(".md"))):
                continue
            relative = path.relative_to(folder).as_posix()
            problem = attachment_problem(relative, path.stat().st_size)
            if problem:
                problems.add(path, 0, *problem)
            else:
                files.append(relative)
    return tuple(files)
