"""The editors' files as the builder reads them: only what lies in the project, within size limits, as text.

`content/` and `data/` are untrusted (see SECURITY.md). A symbolic link could publish a file of the build
machine, so none is followed: every one is an error. Text files must be UTF-8 without control characters
(a NUL byte or an escape code is never meant, and would break the feed's XML). Only the file types in
ATTACHMENT_TYPES are published beside a report, so that no HTML or SVG runs on the site's own domain.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from builder.base import limits
from builder.base.problems import Problems

# Control characters other than tab, line feed and carriage return; and the two non-characters XML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_CONTROL_IN_NAME = re.compile("[\x00-\x1f\x7f\ufffe\uffff]")  # in a file name, line breaks and tabs too

# What may be published beside a report: documents, spreadsheets, data and raster images.
ATTACHMENT_TYPES = {
    ".pdf": "PDF", ".docx": "Word", ".doc": "Word", ".odt": "OpenDocument-text",
    ".xlsx": "Excel", ".xls": "Excel", ".ods": "OpenDocument-kalkylblad",
    ".pptx": "PowerPoint", ".ppt": "PowerPoint", ".odp": "OpenDocument-presentation",
    ".csv": "CSV", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WebP",
}
# How to publish a refused file type instead.
_INSTEAD = {
    ".svg": "spara bilden som PNG", ".html": "spara sidan som PDF", ".htm": "spara sidan som PDF",
    ".xhtml": "spara sidan som PDF", ".xml": "spara innehållet som PDF eller CSV", ".js": "ta bort filen",
    ".json": "spara datan som CSV", ".md": "gör texten till ett avsnitt och lista det i report.yml",
    ".txt": "spara texten som PDF",
}


class UnreadableFile(Exception):
    def __init__(self, line: int, message: str, hint: str):
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def load_text(path: Path, limit: int) -> str:
    """The file as text, without a byte order mark. Raises UnreadableFile when it is missing, a link, over
    `limit` bytes, not UTF-8, or has control characters."""
    try:
        if path.is_symlink():
            raise UnreadableFile(0, "filen är en symbolisk länk", "lägg själva filen här i stället för en länk till den")
        size = path.stat().st_size
        if size > limit:
            raise UnreadableFile(0, f"filen är för stor ({limits.size_text(size)}; högst {limits.size_text(limit)})",
                                 "dela upp innehållet på flera filer")
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(0, f"filen kan inte läsas ({error.strerror})",
                             "kontrollera att filen finns och går att öppna") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableFile(data.count(b"\n", 0, error.start) + 1, "filen är inte sparad som UTF-8",
                             "spara filen med teckenkodningen UTF-8 (så att å, ä och ö blir rätt)") from None
    if found := _CONTROL.search(text):
        raise UnreadableFile(text.count("\n", 0, found.start()) + 1,
                             f"raden innehåller ett osynligt styrtecken (U+{ord(found.group()):04X})",
                             "ta bort tecknet; skriv om raden för hand om du kopierade den från ett annat program")
    return text.removeprefix("\ufeff")


def read_text(path: Path, problems: Problems, limit: int) -> str | None:
    """The file as text (see load_text), or None with the problem recorded."""
    try:
        return load_text(path, limit)
    except UnreadableFile as error:
        problems.add(path, error.line, error.message, error.hint)
        return None


def _walk(folder: Path):
    """Every path under `folder`, links not followed, in order."""
    for base, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            yield Path(base) / name


def check_project_files(folders: list[Path], problems: Problems) -> None:
    """No symbolic link anywhere in the folders, and no file name that is not UTF-8 or has a control character
    (it could not be named in a message, nor published under a sound address)."""
    for folder in folders:
        if not (folder.exists() or folder.is_symlink()):
            continue
        for path in [folder] if folder.is_symlink() else _walk(folder):
            name = os.fsencode(path.name)
            try:
                readable = name.decode("utf-8")
            except UnicodeDecodeError:
                readable = None
            if readable is None or _CONTROL_IN_NAME.search(readable):
                shown = Path(_CONTROL_IN_NAME.sub("?", os.fsencode(path).decode("utf-8", "replace")))
                problems.add(shown, 0, "filnamnet har tecken som inte går att läsa (inte UTF-8, eller ett styrtecken)",
                             "döp om filen med vanliga bokstäver, siffror, mellanslag och bindestreck")
            elif path.is_symlink():
                problems.add(path, 0, "symboliska länkar följs inte (en länk kan peka på en fil utanför projektet)",
                             "ersätt länken med själva filen eller mappen")


def attachment_problem(name: str, size: int) -> tuple[str, str] | None:
    """(message, hint) when a file in a report's folder may not be published, else None."""
    suffix = Path(name).suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        kinds = ", ".join(sorted(set(ATTACHMENT_TYPES.values())))
        instead = _INSTEAD.get(suffix, "spara den i ett tillåtet format")
        return (f"filen '{name}' kan inte publiceras ({suffix or 'utan filändelse'} tillåts inte på webbplatsen)",
                f"{instead}; tillåtna filtyper är {kinds}")
    if size > limits.ATTACHMENT_BYTES:
        return (f"filen '{name}' är för stor ({limits.size_text(size)}; högst {limits.size_text(limits.ATTACHMENT_BYTES)})",
                "gör filen mindre, eller länka till den där den redan finns publicerad")
    return None
