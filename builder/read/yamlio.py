"""Safe YAML loading that remembers where every key and list item stood in the file.

Mappings load as `YamlMap` (a dict that knows the line of each key) and sequences as `YamlList`
(a list that knows the line of each item), so validation can point an editor at the exact line.
Only YAML's safe types are constructed; the C loader is used when PyYAML has it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from builder.base import limits
from builder.read.inputs import read_text
from builder.base.problems import Problems

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlMap(dict):
    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict[object, int] = {}
        self.raw: dict[object, str] = {}  # scalar values exactly as written

    def line_of(self, key: object) -> int:
        return self.lines.get(key, self.line)


class YamlList(list):
    line: int = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.lines: list[int] = []
        self.raw: list[str | None] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


class DuplicateKeyError(yaml.MarkedYAMLError):
    pass


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


def _raw(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    result = YamlMap()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (YamlMap, YamlList)):
            raise DuplicateKeyError(problem="en nyckel kan inte vara en lista eller uppsättning; sätt texten inom citattecken",
                                    problem_mark=key_node.start_mark)
        if key in result:
            raise DuplicateKeyError(
                problem=f"nyckeln '{key}' står två gånger", problem_mark=key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
        result.raw[key] = _raw(value_node)
    return result


def _construct_list(loader: _LineLoader, node: yaml.SequenceNode) -> YamlList:
    result = YamlList()
    result.line = node.start_mark.line + 1
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.lines.append(item.start_mark.line + 1)
        result.raw.append(_raw(item))
    return result


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise yaml.MarkedYAMLError(problem=f"datumet '{node.value}' finns inte i kalendern",
                                   problem_mark=node.start_mark) from None


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_list)


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str, hint: str = ""):
        self.line = line
        self.message = message
        self.hint = hint
        super().__init__(f"{line}: {message}")


def _prescan(text: str) -> None:
    """Check nesting, aliases and size on the parse events, before anything is built from them: YAML nested
    too deep would overflow the stack, and aliases can make a small file expand into a huge one.
    Raises YamlSyntaxError at the first line over a limit."""
    depth = nodes = aliases = 0
    open_anchors: list[tuple[str | None, int]] = []  # per open collection: its anchor and the node count at its start
    sizes: dict[str, int] = {}  # anchor -> how many nodes it stands for
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > limits.YAML_ALIASES:
                raise YamlSyntaxError(event.start_mark.line + 1, f"filen har fler än {limits.YAML_ALIASES} alias (*namn)",
                                      "skriv ut värdena i stället för att hänvisa till dem")
            if event.anchor not in sizes:
                if any(anchor == event.anchor for anchor, _ in open_anchors):
                    raise YamlSyntaxError(event.start_mark.line + 1, f"aliaset *{event.anchor} hänvisar till sig självt",
                                          "skriv ut värdet i stället för att hänvisa till det")
                raise yaml.composer.ComposerError(None, None, "found undefined alias", event.start_mark)
            nodes += sizes[event.anchor]
        elif isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            nodes += 1
            if isinstance(event, yaml.ScalarEvent) and event.anchor:
                sizes[event.anchor] = 1
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.YAML_DEPTH:
                    raise YamlSyntaxError(event.start_mark.line + 1,
                                          f"listor och fält står mer än {limits.YAML_DEPTH} nivåer inne i varandra",
                                          "skriv strukturen plattare")
                open_anchors.append((event.anchor, nodes))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, start = open_anchors.pop()
            if anchor:
                sizes[anchor] = nodes - start + 1
        if nodes > limits.YAML_NODES:
            raise YamlSyntaxError(event.start_mark.line + 1, f"filen har fler än {limits.YAML_NODES} värden",
                                  "dela upp innehållet på flera filer, eller skriv ut värden i stället för alias")


def parse_yaml(text: str, first_line: int = 1) -> object:
    """Parse YAML text; lines are counted from `first_line` (for front matter inside a file).

    Raises YamlSyntaxError with the line and a Swedish description.
    """
    try:
        try:
            _prescan(text)
        except YamlSyntaxError as error:
            raise YamlSyntaxError(error.line + first_line - 1, error.message, error.hint) from None
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + first_line - 1
        raise YamlSyntaxError(line, _describe(error)) from None
    except yaml.YAMLError as error:  # unmarked errors are rare (encoding and the like)
        raise YamlSyntaxError(first_line, f"filen kan inte läsas som YAML ({error})") from None
    if first_line != 1:
        _shift_lines(data, first_line - 1)
    return data


def read_yaml(path: Path, problems: Problems) -> object:
    """The file's YAML, or None with the problem recorded (missing or empty file, syntax error) and the file
    marked as one that cannot be read (Problems.cannot_read): its one error stands for everything in it."""
    data = _read_yaml(path, problems)
    if data is None:
        problems.cannot_read(path)
    return data


def _read_yaml(path: Path, problems: Problems) -> object:
    if not path.is_file():
        problems.add(path, 0, "filen saknas", f"skapa {path.name}")
        return None
    text = read_text(path, problems, limits.YAML_BYTES)
    if text is None:
        return None
    try:
        data = parse_yaml(text)
    except YamlSyntaxError as error:
        problems.add(path, error.line, error.message, error.hint)
        return None
    if data is None:
        problems.add(path, 1, "filen är tom", "fyll i fälten; se AUTHORING.md")
    return data


_EXPLANATIONS = (
    ("mapping values are not allowed", "ett kolon står på fel ställe; sätt texten inom citattecken om den innehåller ': '"),
    ("found a tab character", "ett tabbtecken i indraget; använd mellanslag"),
    ("cannot start any token", "ett tecken som inte får inleda ett värde (till exempel @, ` eller ett tabbtecken); sätt texten inom citattecken"),
    ("found undefined alias", "ett *-tecken först i ett värde; sätt texten inom citattecken"),
    ("did not find expected alphabetic or numeric character", "ett &- eller *-tecken först i ett värde; sätt texten inom citattecken"),
    ("could not determine a constructor", "ett !-tecken först i ett värde; sätt texten inom citattecken"),
    ("could not find expected ':'", "ett kolon saknas efter nyckeln"),
    ("did not find expected ',' or ']'", "en lista inom [ ] stängs inte med ]"),
    ("did not find expected ',' or '}'", "en uppsättning inom { } stängs inte med }"),
    ("found unexpected end of stream", "ett citattecken stängs aldrig"),
    ("did not find expected key", "indraget stämmer inte med raderna ovanför"),
    ("did not find expected '-' indicator", "indraget i listan stämmer inte med raderna ovanför"),
)


def _describe(error: yaml.MarkedYAMLError) -> str:
    if isinstance(error, DuplicateKeyError) and error.problem.startswith("nyckeln"):
        return f"{error.problem}; varje nyckel får bara stå en gång"
    if isinstance(error, DuplicateKeyError):
        return f"YAML-fel: {error.problem}"
    if (error.problem or "").startswith("datumet "):
        return f"{error.problem}; skriv ett riktigt datum som ÅÅÅÅ-MM-DD"
    problem = (error.problem or error.context or "").strip()
    for english, swedish in _EXPLANATIONS:
        if english in problem:
            return f"YAML-fel: {swedish} ({problem})"
    return f"YAML-fel: {problem}"


def _shift_lines(data: object, offset: int) -> None:
    if isinstance(data, YamlMap):
        data.line += offset
        for key in data.lines:
            data.lines[key] += offset
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, YamlList):
        data.line += offset
        data.lines = [line + offset for line in data.lines]
        for value in data:
            _shift_lines(value, offset)
