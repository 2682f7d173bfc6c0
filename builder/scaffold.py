"""`rapport new`: start next month's report from the latest one of its series."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from builder.fields import ID
from builder.inputs import check_project_files
from builder.load import load_series
from builder.markdown import parser
from builder.model import Month, Period, Report, Signature
from builder.problems import Problems
from builder.project import Project


class ScaffoldError(Exception):
    pass


@dataclass(frozen=True)
class _SectionOutline:
    id: str
    title: str
    headings: list[str]  # '## Rubrik' lines, as the editor wrote them


def scaffold(project: Project, series_slug: str, month_text: str) -> Path:
    """Create content/<series>/<month>/ as a draft and return its folder."""
    try:
        month = Month.parse(month_text)
    except ValueError as error:
        raise ScaffoldError(str(error)) from None
    problems = Problems(project.root)
    check_project_files(project.editable, problems)
    if problems:
        raise ScaffoldError("projektet har fel som måste rättas först:\n" + "\n".join(str(p) for p in problems.sorted()))
    known = sorted(p.name for p in project.content.iterdir() if ID.fullmatch(p.name) and (p / "series.yml").is_file()) \
        if project.content.is_dir() else []
    if series_slug not in known:  # also what keeps a name such as ../.. from leaving content/
        raise ScaffoldError(f"serien '{series_slug}' finns inte; välj en av: {', '.join(known) or 'inga (skapa en serie först)'}")
    folder = project.content / series_slug
    target = folder / str(month)
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(project.root).as_posix()}/ finns redan; välj en annan månad")
    series = load_series(folder, problems)
    if series is None or problems:
        raise ScaffoldError("serien har fel som måste rättas först:\n" + "\n".join(str(p) for p in problems.sorted()))
    earlier = [r for r in series.reports if r.month < month]
    latest = earlier[0] if earlier else None
    if latest:
        outlines = [_outline(s.id, s.title, s.body) for s in latest.sections]
        source = f"{latest.month}"
    else:
        outlines = [_SectionOutline(s.id, s.title, []) for s in series.skeleton]
        source = "seriens standardavsnitt"
        if not outlines:
            raise ScaffoldError("serien har varken tidigare rapporter eller standardavsnitt (avsnitt i series.yml)")
    env = Environment(loader=FileSystemLoader(project.templates / "scaffold"), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["yaml"] = _yaml_scalar
    target.mkdir(parents=True)
    period = _next_period(latest, month)
    signature = latest.signature if latest else Signature("", "")
    (target / "report.yml").write_text(env.get_template("report.yml.j2").render(
        series=series, month=month, source=source, period=period, period_end_label=period.end.label,
        responsible=latest.responsible if latest else "", prepared_by=latest.prepared_by if latest else "",
        signature=signature, sections=[o.id for o in outlines],
    ), encoding="utf-8")
    for outline in outlines:
        (target / f"{outline.id}.md").write_text(
            env.get_template("section.md.j2").render(title=outline.title, headings=outline.headings), encoding="utf-8"
        )
    return target


def _next_period(latest: Report | None, month: Month) -> Period:
    """The latest report's period moved forward; without one, the year to date before `month`."""
    if latest:
        return latest.period.rolled_forward(month.months_since(latest.month))
    end = month.shifted(-1)
    return Period(Month(end.year, 1), end)


def _outline(section_id: str, title: str, body: str) -> _SectionOutline:
    tokens = parser().parse(body)
    headings = [
        f"{'#' * int(token.tag[1])} {tokens[i + 1].content}" for i, token in enumerate(tokens) if token.type == "heading_open"
    ]
    return _SectionOutline(section_id, title, headings)


def _yaml_scalar(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).removesuffix("\n...\n").strip()
