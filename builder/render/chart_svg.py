"""What is done to a chart's SVG after vl-convert has drawn it: patterns where colour alone would tell its
series apart, an accessible name in place of Vega's English role descriptions, and the spec made safe to
stand in the page."""

from __future__ import annotations

import json
import re
from html import escape

from builder.base.problems import BuildError


def svg_width(svg: str) -> float:
    found = re.search(r'<svg\b[^>]*\bwidth="([0-9.]+)"', svg)
    return float(found.group(1)) if found else 0.0


# Fills for the second and later series of a stacked chart, over the series' colour: stripes, dots, cross-hatching
# and bars, dark and thin enough that the white labels stay readable. Printed in black and white, colours of equal
# lightness turn the same grey; these still tell the series apart, in the bars and in the legend alike.
_PATTERNS = (
    'patternTransform="rotate(45)"><rect x="-1" y="-1" width="10" height="10" fill="{colour}"/>'
    '<rect y="-1" width="2.5" height="10" fill="#000" fill-opacity="0.45"/>',
    'patternTransform="rotate(45)"><rect x="-1" y="-1" width="10" height="10" fill="{colour}"/>'
    '<circle cx="4" cy="4" r="1.8" fill="#000" fill-opacity="0.5"/>',
    'patternTransform="rotate(45)"><rect x="-1" y="-1" width="10" height="10" fill="{colour}"/>'
    '<rect y="-1" width="2" height="10" fill="#000" fill-opacity="0.45"/>'
    '<rect x="-1" y="4" width="10" height="2" fill="#000" fill-opacity="0.45"/>',
    'patternTransform="rotate(-45)"><rect x="-1" y="-1" width="10" height="10" fill="{colour}"/>'
    '<rect y="-1" width="5" height="10" fill="#000" fill-opacity="0.3"/>',
    'patternTransform="rotate(90)"><rect x="-1" y="-1" width="10" height="10" fill="{colour}"/>'
    '<rect y="-1" width="1.2" height="10" fill="#000" fill-opacity="0.55"/>',
)


def with_patterns(svg: str, key: str, colours: list[str]) -> str:
    """The SVG with each colour after the first filled with its own pattern (see _PATTERNS): the series of a
    stacked chart, the worse and undirected bars of a diverging one.

    vl-convert writes a series' colour as the fill of its bars and of its legend symbol, so replacing that fill
    patterns both. The pattern ids carry the chart's key: several charts share a page."""
    definitions = []
    for number, (colour, pattern) in enumerate(zip(colours[1:], _PATTERNS), 1):
        name = f"monster-{key}-{number}"
        definitions.append(f'<pattern id="{name}" patternUnits="userSpaceOnUse" width="8" height="8" '
                           + pattern.format(colour=colour) + "</pattern>")
        svg = svg.replace(f'fill="{colour}"', f'fill="url(#{name})"')
    start = re.search(r"<svg\b[^>]*>", svg)
    if start is None or not definitions:
        return svg
    return svg[: start.end()] + "<defs>" + "".join(definitions) + "</defs>" + svg[start.end():]


_ROLE_DESCRIPTION = re.compile(r' aria-roledescription="[^"]*"')


def accessible_svg(svg: str, alt_text: str) -> str:
    """The SVG as an image for assistive technology: role, Swedish label and a <title> (PDF alt text); Vega's
    English role descriptions of its marks ("rect mark container") go, as the image's parts are not read out.

    The alt text is spliced in, never used as a re.sub replacement, which would read its backslashes."""
    label = escape(alt_text, quote=True)
    svg = _ROLE_DESCRIPTION.sub("", svg)
    start = re.search(r"<svg\b[^>]*>", svg)
    if start is None:
        raise BuildError("vl-convert gav ingen SVG")
    opening = f'<svg role="img" aria-label="{label}" focusable="false"' + start.group(0)[len("<svg"):]
    return svg[: start.start()] + opening + f"<title>{label}</title>" + svg[start.end():]


_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def spec_json(chart_spec: dict) -> str:
    """The spec for a <script type="application/json"> element: no text in it can end the element or start
    a comment there (<, > and & are written as \\u escapes, which JSON reads back as the same characters)."""
    return json.dumps(chart_spec, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
