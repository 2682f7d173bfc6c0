"""The guide's chapter on publishing, correcting, reissuing and withdrawing, done as it says on the project its
examples build (tests/fixtures/handbok after every correct example): each `rapport …` line of the chapter run
in order, its changed data row put in, its build message compared line for line, its correction published."""

from __future__ import annotations

import re
import shlex
import shutil
import struct
import textwrap
import zlib

from conftest import run
from test_authoring import GUIDE, finished  # noqa: F401  (finished is the fixture used below)

CHAPTER = "## Kontrollera, förhandsgranska och publicera"
# A fenced block, also one indented inside a list item: its indentation, info string and text.
_FENCED = re.compile(r"^( *)```([^`\n]*)\n(.*?)^\1```$", re.MULTILINE | re.DOTALL)


def _chapter_blocks() -> list[tuple[str, str]]:
    """(info, text) of each fenced block of the chapter, in order, indentation removed."""
    guide = GUIDE.read_text(encoding="utf-8")
    start = guide.index(f"\n{CHAPTER}\n")
    chapter = guide[start:guide.index("\n## ", start + 1)]
    return [(info.strip(), textwrap.dedent(indent_text(indent, text))) for indent, info, text in _FENCED.findall(chapter)]


def indent_text(indent: str, text: str) -> str:
    return "\n".join(line[len(indent):] if line.startswith(indent) else line for line in text.splitlines()) + "\n"


def _block(info: str) -> tuple[int, str]:
    blocks = _chapter_blocks()
    (index,) = [i for i, (found, _) in enumerate(blocks) if found == info]
    return index, blocks[index][1]


def _commands() -> list[list[str]]:
    """The chapter's `rapport …` command lines, in order."""
    lines = [line.strip() for info, text in _chapter_blocks() if info == "sh" for line in text.splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith(".venv/bin/rapport ")]


def _png() -> bytes:
    """A one-pixel PNG: the guide's pictures are empty placeholders, which no PDF can show."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff")) + \
        chunk(b"IEND", b"")


def test_the_guides_publishing_chapter_works_as_written(finished, tmp_path, capsys):  # noqa: F811
    root = tmp_path / "projekt"
    shutil.copytree(finished, root)
    commands = _commands()
    assert [c[0] for c in commands] == ["check", "publicera", "publicera", "omtryck", "dra-tillbaka"], commands
    series, period = commands[1][1:3]  # the report the chapter publishes
    assert all(c[1:3] == [series, period] for c in commands[2:])
    report = root / "content" / series / period
    for picture in report.glob("*.png"):
        picture.write_bytes(_png())

    assert run(root, *commands[1]) == 0, capsys.readouterr().err  # publish the report
    assert f"Publicerade content/{series}/{period}" in capsys.readouterr().out

    index, changed = _block("csv rättat-värde")  # a value corrected in data
    row = changed.strip()
    data = root / "data/ekonomi.csv"
    key = ",".join(row.split(",")[:3]) + ","
    lines = data.read_text(encoding="utf-8").splitlines()
    assert sum(line.startswith(key) for line in lines) == 1
    data.write_text("\n".join(row if line.startswith(key) else line for line in lines) + "\n", encoding="utf-8")
    assert run(root, "build", "--quiet", "--no-pdf") == 1
    info, message = _chapter_blocks()[index + 1]
    assert info == "text"
    printed = [line for line in capsys.readouterr().err.splitlines() if line.strip() and "fel hittades" not in line]
    assert printed == [line.strip() for line in message.splitlines() if line.strip()]

    _, correction = _block("yaml rättelse")
    report_yml = report / "report.yml"
    report_yml.write_text(report_yml.read_text(encoding="utf-8") + correction, encoding="utf-8")
    assert run(root, *commands[2]) == 0, capsys.readouterr().err  # publish the correction
    assert "som utgåva 2" in capsys.readouterr().out
    assert run(root, *commands[3]) == 0, capsys.readouterr().err  # reissue the PDF
    assert run(root, *commands[4]) == 0, capsys.readouterr().err  # withdraw the report
    assert run(root, "build", "--quiet") == 0, capsys.readouterr().err
    site = root / "site" / series / period
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "Rapporten är tillbakadragen sedan" in page and "Rättad rapport." in page
    assert "Nettokostnadsutvecklingen för januari–oktober i tabellen Finansiella nyckeltal var fel." in page
    assert re.search(r">1,9\s%\s\(rättat\)</td>", page)
    for edition in (1, 2):
        assert (site / f"{series}-{period}-v{edition}.pdf").is_file()
