"""The builder's layout: stage subpackages that import one way along the pipeline, small modules, and no
organisation's name in code or templates (that is content)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

STAGES = ("base", "read", "compute", "render", "commands")  # in pipeline order
MAX_LINES = 400
# The example content's organisation and series: they belong in content/, never in code or templates.
EXAMPLE_NAMES = ("Norrbotten", "Regiondirektör", "regiondirektör", "regionstyrelse", "Regionstyrelse",
                 "ARBGRP", "lgekpl")


def _modules() -> dict[str, Path]:
    return {".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__"): p
            for p in sorted((REPO / "builder").rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """Every builder module the file imports, anywhere in it (type-only imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("builder")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("builder"):
            found |= {f"{node.module}.{a.name}" for a in node.names} | {node.module}
    modules = _modules()
    return {name for name in found if name in modules}


def _stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def test_every_module_is_in_a_stage():
    loose = [m for m in _modules() if _stage(m) is None and m not in ("builder", "builder.__main__")]
    assert loose == []


def test_imports_go_one_way_along_the_pipeline():
    backwards = []
    for module, path in _modules().items():
        for imported in _imports(path):
            if _stage(module) is not None and _stage(imported) is not None and _stage(imported) > _stage(module):
                backwards.append(f"{module} imports {imported}")
    assert backwards == []


def test_no_import_cycles():
    graph = {m: {i for i in _imports(p) if _stage(i) is not None and i != m} for m, p in _modules().items()}
    done, path = set(), []

    def visit(module: str) -> None:
        assert module not in path, "import cycle: " + " -> ".join(path[path.index(module):] + [module])
        if module in done:
            return
        path.append(module)
        for imported in sorted(graph.get(module, ())):
            visit(imported)
        path.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)


def test_modules_stay_small():
    long = {m: n for m, p in _modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_checker_finds_a_backward_import(tmp_path):
    """The stage check reads imports inside functions and under TYPE_CHECKING too."""
    module = tmp_path / "m.py"
    module.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from builder.render.pages import x\n"
                      "def f():\n    from builder.commands import cli\n")
    assert _imports(module) == {"builder.render.pages", "builder.commands", "builder.commands.cli"}


def test_no_organisation_in_code_or_templates():
    files = [p for folder in ("builder", "templates") for p in (REPO / folder).rglob("*")
             if p.is_file() and p.suffix in (".py", ".j2", ".html", ".css", ".js") and "assets/javascripts" not in p.as_posix()]
    found = [f"{p.relative_to(REPO)}:{n}: {name}" for p in files
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             for name in EXAMPLE_NAMES if name in line]
    assert found == []
    assert not re.search("|".join(EXAMPLE_NAMES), (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
