"""Charts go into the pages last: the pages keep a placeholder per chart (`<!--diagram-svg:KEY-->`,
`<!--diagram-spec:KEY-->`), so that MkDocs converts and indexes them without the SVGs and specs (most of a
report page's bytes); what fills them is kept in build/ between writing the pages and filling them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from builder.base import atomic
from builder.base.problems import BuildError
from builder.base.project import Project
from builder.render import charts

PLACEHOLDER = re.compile(r"<!--diagram-(?:svg|spec):([0-9a-f]+)-->")
CHART_PARTS = "diagram-delar.json"  # under build/: what fills the placeholders, from write_docs to fill_charts


def chart_parts(all_charts: list[charts.ChartData], renderer: charts.Renderer) -> dict[str, str]:
    """Each chart's placeholders and what fills them: its SVGs (the narrow one shown where the chart's column
    is narrow, rapport.css) and its specs."""
    parts = {}
    for key, drawing in renderer.drawn(all_charts).items():
        parts[f"<!--diagram-svg:{key}-->"] = drawing.svg if drawing.narrow_svg is None else (
            f'<div class="diagram-bred">{drawing.svg}</div><div class="diagram-smal">{drawing.narrow_svg}</div>')
        parts[f"<!--diagram-spec:{key}-->"] = drawing.spec_json
    return parts


def fill_charts(site_dir: Path, project: Project) -> None:
    """Each chart's SVGs and specs in the place of its placeholders, in the pages MkDocs has written."""
    parts = json.loads(atomic.fetch(project.build / CHART_PARTS) or b"{}")
    for page in (p for p in site_dir.rglob("*.html") if p.is_file()):
        text = page.read_text(encoding="utf-8")
        if "<!--diagram-" in text:
            filled = fill(text, parts)
            if left := PLACEHOLDER.search(filled):
                raise BuildError(f"{page.relative_to(site_dir).as_posix()}: diagrammet {left.group(1)} saknas "
                                 f"i {CHART_PARTS}; kör bygget igen")
            page.write_text(filled, encoding="utf-8")


def fill(text: str, parts: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: parts.get(m.group(0), m.group(0)), text) if parts else text
