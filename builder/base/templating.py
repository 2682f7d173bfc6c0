"""The Jinja2 environment for templates/: autoescaped HTML, undefined names are errors."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from builder.base import swedish

# The only addresses on other sites that the project itself writes into pages (editors' links aside).
# Every other URL in the built site is relative or under site_url; tests/test_site_urls.py checks it.
OUTSIDE_LINKS = {
    "digg_anmalan": "https://www.digg.se/tdosanmalan",  # the supervising authority's complaint form
    # the open data's licences (`oppna_data_licens`), by their SPDX ids
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/deed.sv",
}


def environment(templates: Path, autoescape: bool = True) -> Environment:
    """For HTML and Markdown pages (autoescaped); with autoescape=False for plain-text files."""
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # each build makes its own environment; no need to stat a template on every use
    )
    env.filters["datum"] = swedish.format_date
    env.globals["outside"] = OUTSIDE_LINKS
    return env
