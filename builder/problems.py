"""Problems found in the editors' files: each names a file, a line, what is wrong and how to fix it."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text} Åtgärd: {self.hint}" if self.hint else text


@dataclass
class Problems:
    """Collects problems so that one run reports all of them, not just the first."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int, message: str, hint: str = "") -> None:
        self.items.append(Problem(self.relative(path), line, message, hint))

    def relative(self, path: Path | str) -> str:
        """The path from the project's root. A symbolic link is named as itself, not by where it points."""
        path = Path(path)
        for base, inside in ((self.root.absolute(), path.absolute()), (self.root.resolve(), path.resolve())):
            try:
                return Path(os.path.normpath(inside)).relative_to(os.path.normpath(base)).as_posix()
            except ValueError:
                continue
        return path.as_posix()

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))


class ContentError(Exception):
    """Raised when content has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class BuildError(Exception):
    """The site could not be built for a reason other than content (a template, MkDocs)."""


class FigureError(Exception):
    """A key-figure reference or table that cannot be shown; reported at the editor's line."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


class LogCollector(logging.Handler):
    """Collects what a library logs at `level` or above (MkDocs' warnings, WeasyPrint's errors)."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
