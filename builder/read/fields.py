"""Declarative fields for the editors' YAML: type checks with messages an editor understands.

A schema is a dict of field name -> Field. `read_fields` checks one mapping against it and
records every problem (unknown field, missing field, wrong type) with its line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builder.base import limits
from builder.base.problems import Problems
from builder.read.yamlio import YamlList, YamlMap


# Ids written by editors (section files, key figures, charts, goals): a–z, digits and hyphens.
ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Characters a YAML escape ("\u0000", "\e") can put in a text that no reader can see; XML (the feed) refuses some.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_BREAK = re.compile("[\n\r]")  # U+2028 and U+2029 are escaped wherever they could end a line of code


@dataclass(frozen=True)
class Field:
    parse: Callable[[object, str | None], object]  # (value, value as written) -> value; raises ValueError
    required: bool = True
    example: str = ""  # shown in the hint when the field is missing


def text(value: object, raw: str | None, longest: int = limits.TEXT_CHARS) -> str:
    """A line of text. Numbers and dates are taken as written (version 0.10 stays '0.10')."""
    if isinstance(value, (YamlMap, YamlList)):
        raise ValueError("ska vara en text, inte en lista eller en uppsättning fält")
    if value is None or (raw is not None and not raw.strip()):
        raise ValueError("är tomt; skriv en text")
    result = raw if raw is not None and not isinstance(value, str) else str(value)
    if not result.strip():
        raise ValueError("är tomt; skriv en text")
    if len(result.strip()) > longest:
        raise ValueError(f"är för långt ({len(result.strip())} tecken; högst {longest}); korta texten")
    if found := _CONTROL.search(result.strip()):
        raise ValueError(f"innehåller ett osynligt styrtecken (U+{ord(found.group()):04X}); ta bort det")
    return result.strip()


def title(value: object, raw: str | None) -> str:
    """A title or a name: a text of at most TITLE_CHARS characters on one line, shown as written (never as
    Markdown)."""
    result = text(value, raw, limits.TITLE_CHARS)
    if found := _LINE_BREAK.search(result):
        raise ValueError(f"har en radbrytning (U+{ord(found.group()):04X}); skriv det på en rad")
    return result


def optional_text(value: object, raw: str | None) -> str:
    return "" if value is None else text(value, raw)


def optional_date(value: object, raw: str | None) -> dt.date | None:
    if value is None:
        return None
    return date(value, raw)


def date(value: object, raw: str | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise ValueError(f"'{raw if raw is not None else value}' är inget datum; skriv ÅÅÅÅ-MM-DD, till exempel 2025-10-21")


def choice(*options: str) -> Callable[[object, str | None], str]:
    def parse(value: object, raw: str | None) -> str:
        result = text(value, raw)
        if result not in options:
            raise ValueError(f"'{result}' är inte tillåtet; välj {' eller '.join(repr(o) for o in options)}")
        return result

    return parse


def parsed_by(parse_text: Callable[[str], object]) -> Callable[[object, str | None], object]:
    """A text field converted by `parse_text`, which raises ValueError with its own message."""

    def parse(value: object, raw: str | None) -> object:
        return parse_text(text(value, raw))

    return parse


def yes_no(value: object, raw: str | None = None) -> bool:
    """ja/nej (YAML's own true/false too)."""
    if isinstance(value, bool):
        return value
    if value in ("ja", "nej"):
        return value == "ja"
    raise ValueError(f"'{value}' ska vara ja eller nej")


def whole_number(low: int, high: int, what: str) -> Callable[[object, str | None], int]:
    """A whole number from `low` to `high` of `what` ('år'), echoed as written when it is not one."""

    def parse(value: object, raw: str | None) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"'{raw if raw is not None else value}' ska vara ett antal {what} mellan {low} och {high}")
        return value

    return parse


def names(value: object, raw: str | None = None, empty_ok: bool = False) -> tuple[str, ...]:
    """A name, or a list of names: `a` or `[a, b]` (`[]` too where `empty_ok`)."""
    if isinstance(value, str) and value.strip():
        found = (value.strip(),)
    elif isinstance(value, YamlList) and (value or empty_ok) and all(isinstance(v, str) for v in value):
        found = tuple(value)
    else:
        raise ValueError("ska vara ett namn eller en lista med namn, till exempel [a, b]")
    for name in found:
        if len(name) > limits.TITLE_CHARS:
            raise ValueError(f"har ett namn som är för långt ({len(name)} tecken; högst {limits.TITLE_CHARS})")
    return found


def distinct_names(value: object, raw: str | None = None) -> tuple[str, ...]:
    """As `names`, each name once, and `[]` for none."""
    found = names(value, raw, empty_ok=True)
    twice = [name for index, name in enumerate(found) if name in found[:index]]
    if twice:
        raise ValueError(f"har '{twice[0]}' två gånger; skriv varje namn en gång")
    return found


def texts(value: object, raw: str | None) -> tuple[str, ...]:
    """A list of texts, one per line that starts with '- '."""
    items = sequence(value, raw)
    found = []
    for index, item in enumerate(items):
        try:
            found.append(text(item, items.raw[index] if index < len(items.raw) else None))
        except ValueError as error:
            raise ValueError(f"har en punkt som {error}") from None
    return tuple(found)


def mapping(value: object, raw: str | None) -> YamlMap:
    if not isinstance(value, YamlMap):
        raise ValueError("ska vara en uppsättning fält (nyckel: värde) på indragna rader under")
    return value


def sequence(value: object, raw: str | None) -> YamlList:
    if value is None:
        return YamlList()
    if not isinstance(value, YamlList):
        raise ValueError("ska vara en lista, en rad per punkt som börjar med '- '")
    return value


def read_fields(
    data: object,
    schema: dict[str, Field],
    path: Path,
    problems: Problems,
    what: str,
    line: int = 1,
) -> dict[str, object] | None:
    """Check `data` against `schema`. Returns the parsed fields, or None if any is wrong."""
    if not isinstance(data, YamlMap):
        problems.add(path, getattr(data, "line", line), f"{what} ska vara en uppsättning fält (nyckel: värde)",
                     f"skriv till exempel {next(iter(schema))}: …")
        return None
    result: dict[str, object] = {}
    ok = True
    misspelt: set[str] = set()  # required fields already named by an 'unknown field' hint
    for key in data:
        if key not in schema:
            ok = False
            near = difflib.get_close_matches(str(key), [name for name in schema if name not in data], n=1)
            misspelt.update(near)
            hint = f"menade du '{near[0]}'?" if near else ""
            allowed = ", ".join(schema)
            problems.add(path, data.line_of(key), f"okänt fält '{key}' i {what}",
                         f"{hint + ' ' if hint else ''}Tillåtna fält: {allowed}.")
    for name, spec in schema.items():
        if name not in data:
            ok = ok and not spec.required
            if spec.required and name not in misspelt:
                example = f" Exempel: {name}: {spec.example}" if spec.example else ""
                problems.add(path, data.line, f"fältet '{name}' saknas i {what}", f"lägg till raden '{name}: …'.{example}")
            continue
        try:
            result[name] = spec.parse(data[name], data.raw.get(name))
        except ValueError as error:
            ok = False
            problems.add(path, data.line_of(name), f"fältet '{name}' {error}")
    return result if ok else None


def written_id(item: object, key: str = "id") -> str | None:
    """The id of an item whose fields have errors, when one is written: what refers to it is then skipped
    rather than reported as unknown (Problems.unread)."""
    value = item.get(key) if isinstance(item, YamlMap) else None
    return value.strip() if isinstance(value, str) and value.strip() else None
