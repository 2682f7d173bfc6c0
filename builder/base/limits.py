"""Size limits on everything editors write, so that every step of a build has a bounded cost.

The limits are far above what a real report needs (the largest example section is about 15 kB) and
far below what would make a build slow or exhaust memory. SECURITY.md and AUTHORING.md list them; an
input over a limit is an error that names the file, the line and the limit.
"""

from __future__ import annotations

KIB = 1024
MIB = 1024 * KIB

# Files
YAML_BYTES = 1 * MIB  # a YAML file: report.yml, series.yml, metrics.yml, a goal plan's file …
MARKDOWN_BYTES = 256 * KIB  # a section or a text block; also the text blocks one section takes in
REPORT_TEXT_BYTES = 2 * MIB  # a report's text: its sections and the text blocks they take in
CSV_BYTES = 8 * MIB  # a data file (some 100 000 rows)
ATTACHMENT_BYTES = 50 * MIB  # a file published beside a report: an attachment or an image
LOGO_BYTES = 1 * MIB  # the logo in content/site.yml, shown on every page

# Inside files
YAML_DEPTH = 20  # mappings and lists inside each other
YAML_NODES = 200_000  # values in a YAML file, counting each alias as the values it repeats
YAML_ALIASES = 100  # *alias references in a YAML file
CSV_CELL_CHARS = 1_000  # characters in one CSV cell
TEXT_CHARS = 2_000  # a text field in YAML (a description, an alt text)
TITLE_CHARS = 200  # a title, a name, a heading
NUMBER_DIGITS = 15  # significant digits of a number in data (what a spreadsheet keeps exactly)

# Counts
SECTIONS = 100  # sections in one report
FIGURES = 100  # tables, charts and goal tables placed in one report
CHART_SERIES = 6  # series in one chart: colours and patterns that can be told apart, in print too
CHART_ROWS = 45  # bars under each other in a horizontal chart: what fits a PDF page with its text at 9 pt
HEADLINES_FEWEST, HEADLINES_MOST = 3, 6  # a series' headline figures on the home page: enough to say how it goes
HEADINGS = 1_000  # headings in one report (the theme's search indexing is quadratic in them)
ATTACHMENTS = 100  # attachments in one report

# Work
FIGURE_MONTHS = 240  # the months of the period one figure is computed for (a sum over them in data)
TABLE_COLUMNS = 60  # columns of one table, with each written column repeated for its years or months
TABLE_ROWS = 200  # rows of one table, with each row declared `per` a dimension counted as its categories
PDF_SECONDS = 300  # rendering one report's PDF
PDF_MEMORY = 3 * 1024 * MIB  # address space of one PDF worker process


def size_text(limit: int) -> str:
    """'256 kB', '16 MB': a limit in bytes as the guide writes it."""
    return f"{limit // MIB} MB" if limit >= MIB else f"{limit // KIB} kB"
