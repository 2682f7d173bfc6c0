"""Problems found in the editors' files: each names a file, a line, what is wrong and how to fix it.

One cause gives one message. A file that cannot be read is one error, and what depends on it is not checked:
the readers record what could not be read (`unread`), the checks that need it ask `skip` instead of reporting,
and one note after the file's error says how many checks were skipped. The same mistake in many places
(an unknown id used fourteen times) is printed once, with the number of places and the first few of them.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

Noun = tuple[str, str]  # singular and plural: ("hänvisning till nyckeltal", "hänvisningar till nyckeltal")
PLACES_SHOWN = 3  # of the same problem in many places, the places named besides the first


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str
    hint: str = ""
    note: bool = False  # not an error of its own: which checks were skipped because of the errors before it

    def __str__(self) -> str:
        text = f"{self.place}: {self.message}"
        return f"{text} Åtgärd: {self.hint}" if self.hint else text

    @property
    def place(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Cause:
    """A file whose errors keep something from being read, and what the checks skipped because of it are."""

    path: str  # relative to the project root
    noun: Noun


@dataclass
class Problems:
    """Collects problems so that one run reports all of them, not just the first."""

    root: Path
    items: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # files that could not be read at all
    causes: dict[tuple[str, str | None], Cause] = field(default_factory=dict)  # (kind, id or None for all) -> cause
    skipped: dict[Cause, int] = field(default_factory=dict)  # checks skipped, per cause

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

    # One cause, one message: what could not be read, and the checks skipped because of it

    def cannot_read(self, path: Path | str) -> None:
        """The file could not be read at all (its error is recorded): what needs it is not checked."""
        self.unreadable.add(self.relative(path))

    def because(self, path: Path | str, noun: Noun) -> Cause:
        return Cause(self.relative(path), noun)

    def unread(self, kind: str, name: str | None, cause: Cause) -> None:
        """`name` of `kind` ('nyckeltal', 'tabell' …; None for every one) could not be read because of the
        errors in `cause.path`, so a check that needs it is skipped, not reported."""
        self.causes.setdefault((kind, name), cause)

    def cause(self, kind: str, name: str | None = None) -> Cause | None:
        return self.causes.get((kind, name)) or self.causes.get((kind, None))

    def skip(self, kind: str, name: str | None = None) -> bool:
        """Whether a check that needs `name` of `kind` is skipped because it could not be read; a skipped
        check is counted for the note after its cause."""
        cause = self.cause(kind, name)
        if cause is not None:
            self.skip_because(cause)
        return cause is not None

    def skip_because(self, cause: Cause) -> None:
        self.skipped[cause] = self.skipped.get(cause, 0) + 1

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        """Every problem once, in file and line order: the same message and hint in several places as one
        line at the first, and after a file's errors the note of what they kept from being checked."""
        problems = sorted(set(self.items))
        same: dict[tuple[str, str], list[Problem]] = {}
        for problem in problems:
            if problem.path not in self.unreadable:  # each file that cannot be read is its own cause
                same.setdefault((problem.message, problem.hint), []).append(problem)
        lines = []
        for problem in problems:
            places = same.get((problem.message, problem.hint), []) if problem.path not in self.unreadable else []
            if len(places) < 2:
                lines.append(problem)
            elif places[0] == problem:
                lines.append(replace(problem, message=f"{problem.message} ({_places(places)})"))
        for note in self._notes():
            last = max((i for i, p in enumerate(lines) if p.path == note.path), default=None)
            if last is None:
                lines.append(note)
            else:
                lines.insert(last + 1, note)
        return lines

    def _notes(self) -> list[Problem]:
        counts: dict[str, dict[Noun, int]] = {}
        for cause, count in self.skipped.items():
            by_noun = counts.setdefault(cause.path, {})
            by_noun[cause.noun] = by_noun.get(cause.noun, 0) + count
        notes = []
        for path, by_noun in sorted(counts.items()):
            what = _listing([f"{n} {noun[0] if n == 1 else noun[1]}" for noun, n in by_noun.items()])
            why = "filen inte kunde läsas" if path in self.unreadable else "det de hänvisar till har fel i filen"
            notes.append(Problem(path, 0, f"{what} kontrollerades inte, eftersom {why}",
                                 "rätta filen och kör kontrollen igen", note=True))
        return notes


def _places(places: list[Problem]) -> str:
    """'på 14 ställen, också i a.md:9, b.md:3, c.md:12 med flera'"""
    others = [p.place for p in places[1:]]
    shown = ", ".join(others[:PLACES_SHOWN]) + " med flera" if len(others) > PLACES_SHOWN else _listing(others)
    return f"på {len(places)} ställen, också i {shown}"


def _listing(items: list[str]) -> str:
    """'a', 'a och b', 'a, b och c'"""
    return " och ".join(filter(None, [", ".join(items[:-1]), items[-1]])) if items else ""


def errors_in(problems: list[Problem]) -> int:
    """How many errors the lines report (the notes of skipped checks are none)."""
    return sum(not p.note for p in problems)


class ContentError(Exception):
    """Raised when content has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class BuildError(Exception):
    """The site could not be built for a reason other than content (a template, MkDocs)."""


class FigureError(Exception):
    """A key-figure reference or table that cannot be shown; reported at the editor's line.

    `depends_on` is what it needed ('nyckeltal', 'sjukfranvaro'): when that could not be read because of an
    error elsewhere, the check is skipped instead (Problems.skip)."""

    def __init__(self, message: str, hint: str = "", depends_on: tuple[str, str | None] | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.depends_on = depends_on


class LogCollector(logging.Handler):
    """Collects what a library logs at `level` or above (MkDocs' warnings, WeasyPrint's errors)."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
