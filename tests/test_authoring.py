"""AUTHORING.md, the editors' guide, kept honest: every example in it behaves as the guide says.

The guide marks its examples with the info string of the fenced block:

    ```yaml fil=content/<serie>/<period>/report.yml
        a correct file: written to that path (relative to the project root)
    ```csv fil=data/personal.csv lägg-till
        correct rows appended to the existing file instead of replacing it
    ```markdown fil=content/…/inledning.md fel
        a file with a mistake, followed by a ```text block with what `rapport check` prints
    ```yaml fil=… fel utdrag
        the same, when the text block shows only some of the lines printed (in order)
    ```sh kör fel
        one `rapport …` command line, followed by a ```text block with what it prints on stderr

and with `<!-- testfil: <path> -->`, an empty placeholder for a file an editor copies in (a PDF, an
image) that cannot be shown as text.

The correct examples build on each other in order, on a copy of the repository's content/ and data/:
after each chapter (each `## ` heading) the project passes `rapport check`. Every error example is
written into a copy of that finished project, and the errors `rapport check` prints must be exactly
the lines of the text block that follows it. The "Skrivet / Visas" tables marked with
`<!-- test: visas … -->` are computed from the finished project's data, and the table of target
syntax marked `<!-- test: mål … -->` shows each target as a reference to it prints.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, fixture_project, run
from htmlpage import parse

from builder.compute import goal_status
from builder.read import goals
from builder.base import templating
from builder.compute.observations import Observations
from builder.compute.comparisons import COMPARISONS
from builder.compute.specs import column_error
from builder.compute.figures import FigureContext
from builder.read.markdown import slugify
from builder.read.metrics import TARGET, Metric, Target
from builder.read.data import Data, load_data
from builder.read.csv_data import Observation
from builder.base import periods
from builder.base.periods import Period
from builder.base.problems import Problems

GUIDE = REPO / "AUTHORING.md"
SUMMARY = re.compile(r"^\d+ fel hittades\. Rätta dem och kör kommandot igen\.$")


@dataclass(frozen=True)
class Block:
    """A fenced block of the guide."""

    info: str
    text: str
    line: int  # of the opening fence, 1-based
    chapter: str
    before: str  # the guide's text between the previous block and this one

    @property
    def words(self) -> list[str]:
        return self.info.split()

    @property
    def lang(self) -> str:
        return self.words[0] if self.words else ""

    @property
    def path(self) -> str | None:
        return next((w[len("fil="):] for w in self.words if w.startswith("fil=")), None)

    @property
    def is_error(self) -> bool:
        return "fel" in self.words[1:]

    @property
    def appends(self) -> bool:
        return "lägg-till" in self.words[1:]

    @property
    def is_excerpt(self) -> bool:
        return "utdrag" in self.words[1:]

    @property
    def is_command(self) -> bool:
        return "kör" in self.words[1:]


@dataclass(frozen=True)
class Placeholder:
    path: str
    line: int
    chapter: str


Step = Block | Placeholder
_FENCE = re.compile(r"^(`{3,})(.*)$")
_PLACEHOLDER = re.compile(r"^<!-- testfil: (\S+) -->$")


def parse_guide(text: str) -> tuple[list[Block], list[Step], list[str]]:
    """All fenced blocks, the tested steps in order (blocks with a file, placeholders), and the
    lines outside fenced blocks (prose, headings, comments)."""
    blocks: list[Block] = []
    steps: list[Step] = []
    prose: list[str] = []
    lines = text.splitlines()
    chapter, before, index = "", [], 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence:
            ticks, info = fence.group(1), fence.group(2).strip()
            end = index + 1
            while end < len(lines) and not (lines[end].startswith(ticks) and not lines[end].strip("`")):
                end += 1
            assert end < len(lines), f"AUTHORING.md:{index + 1}: the fenced block is never closed"
            block = Block(info, "\n".join(lines[index + 1:end]) + "\n", index + 1, chapter, "\n".join(before))
            blocks.append(block)
            if block.path or block.is_command:
                steps.append(block)
            before, index = [], end + 1
            continue
        if line.startswith("## "):
            chapter = line[3:].strip()
        if placeholder := _PLACEHOLDER.match(line.strip()):
            steps.append(Placeholder(placeholder.group(1), index + 1, chapter))
        prose.append(line)
        before.append(line)
        index += 1
    return blocks, steps, prose


BLOCKS, STEPS, PROSE = parse_guide(GUIDE.read_text(encoding="utf-8"))
CORRECT = [s for s in STEPS if isinstance(s, Placeholder) or not (s.is_error or s.is_command)]
ERRORS = [s for s in STEPS if isinstance(s, Block) and (s.is_error or s.is_command)]
CHAPTERS = list(dict.fromkeys(s.chapter for s in CORRECT))


def expected_output(block: Block) -> list[str]:
    """The lines of the ```text block right after an error example."""
    following = BLOCKS[BLOCKS.index(block) + 1] if BLOCKS.index(block) + 1 < len(BLOCKS) else None
    assert following is not None and following.info == "text", (
        f"AUTHORING.md:{block.line}: an error example must be followed by a ```text block with the message"
    )
    assert not following.before.strip() or len(following.before.strip()) < 200, (
        f"AUTHORING.md:{following.line}: the message should follow its example closely"
    )
    return [line for line in following.text.splitlines() if line.strip()]


def fresh_project(root: Path) -> Path:
    """The project the guide's examples start from (tests/fixtures/handbok): a frozen copy of one monthly
    report with its data, so that the example content can change without the guide's examples changing."""
    return fixture_project("handbok", root)


def apply(root: Path, step: Step) -> None:
    if isinstance(step, Placeholder):
        target = root / step.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"")
        return
    target = root / step.path
    target.parent.mkdir(parents=True, exist_ok=True)
    if step.appends:
        assert target.is_file(), f"AUTHORING.md:{step.line}: lägg-till needs an existing {step.path}"
        old = target.read_text(encoding="utf-8")
        target.write_text(old + ("" if old.endswith("\n") or not old else "\n") + step.text, encoding="utf-8")
    else:
        target.write_text(step.text, encoding="utf-8")


def problems_printed(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip() and not SUMMARY.match(line)]


@pytest.fixture(scope="session")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project after every correct example of the guide."""
    root = fresh_project(tmp_path_factory.mktemp("handbok") / "projekt")
    for step in CORRECT:
        apply(root, step)
    return root


def _chapter_param(chapter: str):
    return pytest.param(chapter, id=slugify(chapter))


def _error_param(block: Block):
    return pytest.param(block, id=f"rad-{block.line}")


def test_the_guide_has_examples():
    assert len(CORRECT) >= 10
    assert len(ERRORS) >= 15
    assert all(s.lang in ("yaml", "markdown", "csv") for s in CORRECT if isinstance(s, Block))
    assert marked_tables(_SHOWN_TABLE, _ROW) and marked_tables(_KEY_FIGURE_TABLE, _ANY_ROW)
    assert target_rows() and GOAL_ROWS


@pytest.mark.parametrize("chapter", [_chapter_param(c) for c in CHAPTERS])
def test_correct_examples_pass_the_check(tmp_path, capsys, chapter):
    """After the correct examples up to and including `chapter`, the project has no errors."""
    root = fresh_project(tmp_path / "projekt")
    last = max(i for i, s in enumerate(CORRECT) if s.chapter == chapter)
    for step in CORRECT[: last + 1]:
        apply(root, step)
    code = run(root, "check")
    assert code == 0, f"the examples up to the chapter '{chapter}' give errors:\n{capsys.readouterr().err}"


@pytest.mark.parametrize("block", [_error_param(b) for b in ERRORS])
def test_error_example_gives_the_message_shown(finished, tmp_path, capsys, block):
    root = tmp_path / "projekt"
    shutil.copytree(finished, root)
    expected = expected_output(block)
    if block.is_command:
        (command,) = [line for line in block.text.splitlines() if line.strip()]
        words = shlex.split(command)
        assert words[0].endswith("rapport"), f"AUTHORING.md:{block.line}: not a rapport command"
        code = run(root, *words[1:])
    else:
        apply(root, block)
        code = run(root, "check")
    stderr = capsys.readouterr().err
    assert code == 1, f"AUTHORING.md:{block.line}: the example gives no error"
    printed = problems_printed(stderr)
    if block.is_excerpt:
        shown = [line for line in printed if line in expected]
        assert shown == expected, f"AUTHORING.md:{block.line}: the checker printed\n{stderr}"
    else:
        assert printed == expected, f"AUTHORING.md:{block.line}: the checker printed\n{stderr}"


@pytest.fixture(scope="session")
def built(finished, tmp_path_factory) -> Path:
    """The finished project built as a site, drafts included."""
    root = tmp_path_factory.getbasetemp() / "handbok-bygge"
    shutil.copytree(finished, root)
    assert run(root, "build", "--drafts", "--no-pdf", "--quiet") == 0
    return root


@pytest.mark.parametrize(("url", "title", "figures"), [
    ("arsredovisning/2024/", "Årsredovisning 2024", "2024"),
    ("delarsrapport/2025-T2/", "Delårsrapport januari–augusti 2025", "januari–augusti 2025"),
])
def test_the_new_series_chapter_builds_its_reports(built, url, title, figures):
    """The chapter "Starta en ny serie": an annual and a tertial report, each with a table, a chart, a text
    block and a goal placement, built at the addresses and with the titles the guide gives."""
    page = parse(built / "site" / url / "index.html").find("article")
    assert page.find("h1").heading_text == title
    assert f"Siffrorna avser {figures}." in page.text
    assert len(page.find_all("table")) >= 2  # the key-figure table and the legend
    assert page.find("figure") is not None and "textblock" not in page.text


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.path], ids=lambda b: f"rad-{b.line}")
def test_each_example_names_its_file_in_the_text(block):
    """The info string is invisible on a rendered page, so the text before the example names the file."""
    assert f"`{block.path}`" in block.before, f"AUTHORING.md:{block.line}: say which file the example is ({block.path})"


# "Skrivet / Visas" tables: `<!-- test: visas period=… förra=… -->` before a table whose rows are
# | `{reference}` | what the report shows |

_SHOWN_TABLE = re.compile(r"<!-- test: visas period=(\S+) -->")
_ROW = re.compile(r"^\|\s*`(\{[^`]+\})`[^|]*\|\s*([^|]+?)\s*\|")


def marked_tables(marker: re.Pattern, row: re.Pattern) -> list[tuple[int, re.Match, list[tuple[int, str, str]]]]:
    """Tables right after a `marker` comment: (the comment's line, its match, [(line, *the row's groups)])."""
    tables = []
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if found := marker.search(line):
            rows, table_lines = [], 0
            for offset, text in enumerate(lines[number:], start=number + 1):
                if text.strip() and not text.startswith("|"):
                    break
                table_lines += text.startswith("|")
                if table_lines > 2 and text.startswith("|"):  # every row after the header and its separator
                    match = row.match(text)
                    assert match, f"AUTHORING.md:{offset}: the test cannot read this row of a checked table"
                    rows.append((offset, *match.groups()))
            tables.append((number, found, rows))
    return tables


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("\u00a0", " ")


@pytest.mark.parametrize("table", marked_tables(_SHOWN_TABLE, _ROW), ids=lambda t: f"rad-{t[0]}")
def test_key_figures_show_as_the_guide_says(finished, table):
    _, marker, rows = table
    (period,) = marker.groups()
    assert rows, "the table has no rows"
    problems = Problems(finished)
    data = load_data(finished / "data", problems, column_error)
    assert not problems, problems.sorted()
    context = FigureContext(data, Observations(data.observations), Period.parse(period),
                            templating.environment(REPO / "templates"), {})
    for line, reference, shown in rows:
        assert _plain(context.reference(reference[1:-1])) == shown, f"AUTHORING.md:{line}: {reference}"


# A key-figure table as a report shows it: `"<caption>":` in the paragraph before
# `<!-- test: tabell <id> rapport=<series>/<period> -->`, then the table's header and rows as the page has
# them (a total's cells in **bold**).

_KEY_FIGURE_TABLE = re.compile(r"<!-- test: tabell (\S+) rapport=(\S+) -->")
_ANY_ROW = re.compile(r"^\|(.*)\|\s*$")


def _cells_of(row: str) -> list[str]:
    return [cell.strip().strip("*") for cell in _ANY_ROW.match(row).group(1).split("|")]


@pytest.mark.parametrize("table", marked_tables(_KEY_FIGURE_TABLE, _ANY_ROW), ids=lambda t: f"rad-{t[0]}")
def test_tables_show_as_the_guide_says(built, table):
    line, marker, rows = table
    table_id, report = marker.groups()
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    expected = [_cells_of(lines[line])] + [_cells_of("|" + cells + "|") for _, cells in rows]
    (found,) = parse(built / "site" / report / "index.html").find_all("table", id=f"tabell-{table_id}")
    caption = found.find("caption").text.replace("\u00a0", " ")
    assert f'"{caption}"' in lines[line - 3], f"AUTHORING.md:{line - 2}: the table's caption is \"{caption}\""
    for hidden in found.find_all("span", class_="visuellt-dold"):  # read out, not shown: '(summa)'
        hidden.parent.children.remove(hidden)
    shown = [[" ".join(cell.text.replace("\u00a0", " ").split()) for cell in row.children
              if not isinstance(cell, str) and cell.tag in ("th", "td")] for row in found.find_all("tr")]
    assert shown == expected, f"AUTHORING.md:{line}: the table {table_id} shows {shown}"


_TARGET_TABLE = re.compile(r"<!-- test: mål enhet=(\S+) -->")
_TARGET_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|")


def target_rows() -> list[tuple[int, str, str, str]]:
    """(line, unit, as written in the CSV, as shown) for the table of target syntax."""
    return [(line, marker.group(1), written, shown)
            for _, marker, rows in marked_tables(_TARGET_TABLE, _TARGET_ROW) for line, written, shown in rows]


@pytest.mark.parametrize("row", target_rows(), ids=lambda r: f"rad-{r[0]}")
def test_targets_show_as_the_guide_says(row):
    line, unit, written, shown = row
    metric = Metric("exempel", "Exempel", unit, 1, "neutral", "andel", "")
    year = Period.parse("2025-01..2025-12")
    target = Observation("exempel", year, TARGET, None, Target.parse(written), None, False, "", "data/exempel.csv", 2)
    data = Data(metrics={"exempel": metric}, observations=[target])
    context = FigureContext(data, Observations(data.observations), Period.parse("2025-01..2025-10"),
                            templating.environment(REPO / "templates"), {})
    assert _plain(context.reference("exempel mål")) == shown, f"AUTHORING.md:{line}: {written}"


# The goal table: `<!-- test: styrmått enhet=… -->` before rows of
# | `mal` | `utfall` or empty | `foregaende` or empty | the target shown | status | trend or – |

_GOAL_TABLE = re.compile(r"<!-- test: styrmått enhet=(\S+) -->")
_CODE_OR_EMPTY = r"\s*(?:`([^`]+)`)?\s*\|"
_GOAL_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|" + _CODE_OR_EMPTY * 2 + r"\s*([^|]+?)\s*\|" * 3)
GOAL_ROWS = [(line, marker.group(1), *cells)
             for _, marker, rows in marked_tables(_GOAL_TABLE, _GOAL_ROW) for line, *cells in rows]


@pytest.fixture(scope="module")
def guide_plan(tmp_path_factory: pytest.TempPathFactory) -> goals.Plan:
    """A plan of 2022 whose only perspective holds one indicator per row of the guide's goal table."""
    folder = tmp_path_factory.mktemp("malplan") / "2022"
    folder.mkdir()
    plan = (REPO / "tests/fixtures/handbok/data/goals/2022/plan.yml").read_text(encoding="utf-8")
    (folder / "plan.yml").write_text(re.sub(r"(?m)^perspektiv: .*$", "perspektiv: [prov]", plan), encoding="utf-8")
    lines = ["perspektiv: Prov", "strategiska_mal:", "  - id: mal-a", "    namn: Mål A", "    agare: [RS]",
             "    prognos: uppfyllt", "    framgangsfaktorer:", "      - id: ff-a", "        namn: Faktor A",
             "        agare: [RS]", "styrmatt:"]
    for line, unit, target, outcome, previous, *_ in GOAL_ROWS:
        lines += [f"  - id: rad-{line}", f"    namn: Rad {line}", "    framgangsfaktor: ff-a", "    agare: RS",
                  f'    enhet: "{unit}"', f"    mal: {target}"]
        lines += [f"    utfall: {outcome}"] if outcome else []
        lines += [f"    foregaende: {previous}"] if previous else []
    (folder / "prov.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = Problems(folder.parent)
    plans = goals.load_plans(folder.parent, problems)
    assert not problems, problems.sorted()
    return plans[2022]


@pytest.mark.parametrize("row", GOAL_ROWS, ids=lambda r: f"rad-{r[0]}")
def test_goals_are_assessed_as_the_guide_says(guide_plan, row):
    line, unit, _, _, _, shown, status, trend = row
    (indicator,) = [i for i in guide_plan.indicators if i.id == f"rad-{line}"]
    result = goal_status.assess(indicator, guide_plan.partly_when_improved)
    assert _plain(goal_status.format_target(indicator.target, unit)) == shown, f"AUTHORING.md:{line}"
    assert (result.status, result.trend or "–") == (status, trend), f"AUTHORING.md:{line}"


def test_every_comparison_and_period_is_explained():
    for name in (*COMPARISONS, *periods.RELATIVE):
        assert any(f"`{name}`" in line for line in PROSE), f"the guide does not explain {name}"


def test_the_yaml_explanations_are_in_the_guide():
    from builder.read.yamlio import _EXPLANATIONS

    text = GUIDE.read_text(encoding="utf-8")
    for _, swedish in _EXPLANATIONS:
        assert swedish in text, f"AUTHORING.md does not explain the YAML message '{swedish}'"


def test_every_field_of_the_content_files_is_in_the_guide():
    from builder.read.charts import CHART_SCHEMA
    from builder.read.corrections import SCHEMA as CORRECTION_SCHEMA
    from builder.read.load import REPORT_SCHEMA, SERIES_SCHEMA
    from builder.read.metrics import METRIC_SCHEMA
    from builder.read.tables import ROW_SCHEMA, TABLE_SCHEMA
    from builder.read.sections import SECTION_SCHEMA
    from builder.read.settings import SITE_SCHEMA

    text = GUIDE.read_text(encoding="utf-8")
    schemas = (SITE_SCHEMA, SERIES_SCHEMA, REPORT_SCHEMA, SECTION_SCHEMA, METRIC_SCHEMA, TABLE_SCHEMA, ROW_SCHEMA,
               CHART_SCHEMA, CORRECTION_SCHEMA)
    missing = [name for schema in schemas for name in schema
               if f"| `{name}` |" not in text]
    assert missing == [], f"AUTHORING.md has no table row for the fields {missing}"


def test_the_guides_pictures_are_in_the_repository():
    """The pictures the guide shows itself (under docs/; the others are examples of what an editor writes)."""
    pictures = re.findall(r"^!\[[^\]]+\]\((docs/[^)]+)\)", GUIDE.read_text(encoding="utf-8"), flags=re.M)
    assert pictures and all((REPO / picture).is_file() for picture in pictures), pictures
