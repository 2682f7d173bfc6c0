"""How a PDF's pages are filled, read back from the PDF: how far down each page its text reaches (poppler's
pdftotext with word boxes), and whether a page ends with a heading (pikepdf: the last tagged text drawn on it)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
from pdfua import content_tags

MARGIN = 22 / 25.4 * 72  # templates/print/print.css: 22 mm above and below the text
RIGHT_MARGIN = 20 / 25.4 * 72
HEADINGS = {f"/H{level}" for level in range(1, 7)}


def fills(path: Path) -> list[float]:
    """For each page, how far down the text area its lowest text block reaches (0 to 1; the running foot, in
    the bottom margin, does not count)."""
    result = []
    for page in _layout(path):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        bottom, area = height - MARGIN, height - 2 * MARGIN
        ends = [float(y) for y in re.findall(r'<block xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)"', page)]
        body = [y for y in ends if y <= bottom + 1]
        result.append(max(0.0, (max(body) - MARGIN) / area) if body else 0.0)
    return result


def words_outside_the_page(path: Path) -> list[str]:
    """Words that reach past the right edge of the text area: cut off, or in the margin."""
    found = []
    for number, page in enumerate(_layout(path), start=1):
        edge = float(re.search(r'width="([\d.]+)"', page).group(1)) - RIGHT_MARGIN + 1
        found += [f"sida {number}: {word}" for x, word in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" '
                                                                     r'xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page)
                  if float(x) > edge]
    return found


def _layout(path: Path) -> list[str]:
    """Each page of poppler's word and block boxes, starting with the page's width and height."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                            check=True).stdout
    return layout.split("<page ")[1:]


def pages_ending_with_a_heading(path: Path) -> list[int]:
    """The pages (1 = the cover) whose last tagged text is a heading's."""
    found = []
    with pikepdf.open(path) as document:
        headings = {key for key, kinds in content_tags(document).items() if HEADINGS & set(kinds)}
        for index, page in enumerate(document.pages):
            marked, last = [], None
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "BDC":
                    properties = operands[1]
                    marked.append(int(properties["/MCID"]) if isinstance(properties, pikepdf.Dictionary) and
                                  "/MCID" in properties else None)
                elif name == "BMC":
                    marked.append(None)
                elif name == "EMC":
                    marked.pop()
                elif name in ("Tj", "TJ") and marked and marked[-1] is not None:
                    last = marked[-1]
            if last is not None and (index, last) in headings:
                found.append(index + 1)
    return found
