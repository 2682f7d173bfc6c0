"""Property: whatever an editor does to one file, `rapport check` and `rapport build` end with exit code 0 or
1, never a traceback or a signal, and an error names the file that was changed.

Hypothesis changes one content or data file of the fixture project at a time, the way files get broken:
bytes inserted (invalid UTF-8, NUL, control characters, YAML and Markdown syntax, other scripts' digits),
a range deleted, a line doubled, moved or replaced, the file cut short. Each command runs in a process of
its own, so that a crash of the interpreter would be seen too. The examples are derived from the test's
name (derandomize), so CI runs the same ones every time; set RAPPORT_MUTATIONS to run more, at random.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_tooling
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIXTURE = FIXTURES / "fjallregionen"
FILES = sorted(p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*")
               if p.is_file() and p.suffix in (".yml", ".md", ".csv"))
NASTY = ["\x00", "\x1b", "\xff", "\ufeff", "\u2028", ": ", "- ", "{", "}", "[", "]", "*", "&a", "!tag", "|", ">",
         "#", "'", '"', "\t", "\n", "\n\n", "---\n", "٢", "1e999", "99999999999999999999", "..", "=", "{text x}",
         "{tabell x}", "{resor}", "![]()", "[a](b)", "<b>", "\\", "%", "@", "`"]
EXAMPLES = int(os.environ.get("RAPPORT_MUTATIONS", "0"))


@st.composite
def mutations(draw):
    name = draw(st.sampled_from(FILES))
    data = (FIXTURE / name).read_bytes()
    at = draw(st.integers(0, len(data)))
    kind = draw(st.sampled_from(["insert", "delete", "cut", "line", "double", "swap", "bytes"]))
    lines = data.split(b"\n")
    if kind == "insert":
        piece = "".join(draw(st.lists(st.sampled_from(NASTY), min_size=1, max_size=4)))
        data = data[:at] + piece.encode("utf-8", "surrogatepass") + data[at:]
    elif kind == "bytes":
        data = data[:at] + draw(st.binary(min_size=1, max_size=6)) + data[at:]
    elif kind == "delete":
        data = data[:at] + data[at + draw(st.integers(1, 40)):]
    elif kind == "cut":
        data = data[:at]
    else:
        index = draw(st.integers(0, len(lines) - 1))
        if kind == "line":
            lines[index] = "".join(draw(st.lists(st.sampled_from(NASTY + ["a", "b", "2024-05", "utfall"]), max_size=8))).encode()
        elif kind == "double":
            lines.insert(index, lines[index])
        else:
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        data = b"\n".join(lines)
    return name, data


def rapport(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=600)


def assert_clean_end(result: subprocess.CompletedProcess, changed: str) -> None:
    assert result.returncode in (0, 1), f"exit code {result.returncode}\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    if result.returncode == 1:
        assert changed in result.stderr, f"no error names {changed}:\n{result.stderr[-3000:]}"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The fixture with its tooling, built once, so that each example starts from a warm cache."""
    root = tmp_path_factory.mktemp("mall") / "projekt"
    shutil.copytree(FIXTURE / "content", root / "content")
    shutil.copytree(FIXTURE / "data", root / "data")
    copy_tooling(root)
    assert rapport(root, "build", "--quiet").returncode == 0
    return root


def mutated(template: Path, tmp_path: Path, name: str, data: bytes) -> Path:
    root = tmp_path / "projekt"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(template, root, symlinks=True)
    (root / name).write_bytes(data)
    return root


SETTINGS = dict(deadline=None, derandomize=not EXAMPLES, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@settings(max_examples=EXAMPLES or 40, **SETTINGS)
@given(mutations())
def test_check_ends_cleanly_and_names_the_changed_file(template, tmp_path, mutation):
    name, data = mutation
    assert_clean_end(rapport(mutated(template, tmp_path, name, data), "check"), name)


@settings(max_examples=EXAMPLES or 8, **SETTINGS)
@given(mutations())
def test_build_ends_cleanly_and_names_the_changed_file(template, tmp_path, mutation):
    name, data = mutation
    root = mutated(template, tmp_path, name, data)
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    result = rapport(root, "build", "--quiet")
    assert_clean_end(result, name)
    if result.returncode == 1:  # the last good site stays
        assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == before
