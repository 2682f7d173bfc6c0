"""The addresses of the site's own pages and of the open-data files, for the pages that link to them and
for the link checks that must know them before anything is written."""

from __future__ import annotations

from builder.compute.downloads import FORMATS, file_name

ACCESSIBILITY_URL = "tillganglighetsredogorelse/"
OPEN_DATA_URL = "oppna-data/"
CORRECTIONS_URL = "rattelser/"  # every correction of a published report on the site
OBSERVATIONS, METRICS = "observationer", "nyckeltal"
README = "README.txt"


def open_data_paths() -> list[str]:
    """Paths under the site root of the open-data folder's files."""
    return [OPEN_DATA_URL + README] + [OPEN_DATA_URL + file_name(stem, form)
                                       for stem in (OBSERVATIONS, METRICS) for form in FORMATS]
