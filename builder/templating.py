"""The Jinja2 environment for templates/: autoescaped HTML, undefined names are errors."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from builder import swedish


def environment(templates: Path, autoescape: bool = True) -> Environment:
    """For HTML and Markdown pages (autoescaped); with autoescape=False for plain-text files."""
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["datum"] = swedish.format_date
    return env
