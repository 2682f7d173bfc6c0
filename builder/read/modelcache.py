"""A cache of loaded reports, so that a rebuild loads and checks again only the reports that changed.

A report is stored only when it loaded without problems. Its key covers everything its loading read:
its own files, the series file and the series' shared text blocks, data/, the partial templates and the
builder's own code (no other report: every figure is computed from data alone). Charts its prose placed are
stored with it and registered again on load.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from pathlib import Path

from builder.base import atomic
from builder.read.model import TEXT_BLOCK_FOLDER, Report
from builder.read.record import FOLDER as RECORD_FOLDER

_CHART = re.compile(r"<!--diagram-svg:([0-9a-f]+)-->")


def fingerprint(*folders: Path) -> str:
    """A hash of the files under each folder (or of the file itself). A published report's PDFs count by name
    and size: loading a report reads its record, which holds their hashes, never the PDFs themselves."""
    digest = hashlib.sha256()
    for folder in folders:
        files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
        for path in (p for p in files if "__pycache__" not in p.parts):
            digest.update(path.as_posix().encode())
            if path.parent == folder / RECORD_FOLDER and path.suffix == ".pdf":
                digest.update(str(path.stat().st_size).encode())
            else:
                digest.update(path.read_bytes())
    return digest.hexdigest()


class ReportCache:
    def __init__(self, folder: Path, inputs: str, charts: dict, fresh: Path | None = None):
        self.folder = folder
        self.inputs = inputs  # fingerprint of data/, templates/partials and the builder's code
        self.charts = charts  # the build's chart registry (key -> ChartData)
        self.fresh = fresh  # a report loaded anew and never stored: the one being published, with every figure
        self._shared: dict[Path, str] = {}
        self._paths: dict[Path, Path] = {}  # a report's files do not change between its load and its store
        self._stored: set[Path] = set()

    def _path(self, report_folder: Path) -> Path:
        if report_folder not in self._paths:
            self._paths[report_folder] = self._compute_path(report_folder)
        return self._paths[report_folder]

    def _compute_path(self, report_folder: Path) -> Path:
        digest = hashlib.sha256(self.inputs.encode())
        digest.update((report_folder.parent / "series.yml").read_bytes())
        digest.update(self._series_text_blocks(report_folder.parent).encode())
        digest.update(fingerprint(report_folder).encode())
        return self.folder / f"{digest.hexdigest()}.pickle"

    def _series_text_blocks(self, series_folder: Path) -> str:
        """The series' shared text blocks, which every report of it may take in (fingerprinted once a run)."""
        if series_folder not in self._shared:
            self._shared[series_folder] = fingerprint(series_folder / TEXT_BLOCK_FOLDER)
        return self._shared[series_folder]

    def load(self, report_folder: Path) -> Report | None:
        if report_folder == self.fresh:
            return None
        data = atomic.fetch(self._path(report_folder))
        if data is None:
            return None
        report, charts = pickle.loads(data)  # our own file, checked against its checksum
        self.charts.update(charts)
        return report

    def stored(self, report_folder: Path) -> bool:
        """Whether this run stored the report (in this process or a worker's)."""
        return report_folder in self._stored

    def stored_by_worker(self, folders: list[Path]) -> None:
        self._stored.update(folders)

    def store(self, report_folder: Path, report: Report) -> None:
        if report_folder == self.fresh:
            return
        keys = {key for s in report.sections for b in s.rendered.blocks
                for key in _CHART.findall(getattr(b, "html", ""))}
        charts = {key: self.charts[key] for key in keys}
        atomic.store(self._path(report_folder), pickle.dumps((report, charts), protocol=pickle.HIGHEST_PROTOCOL))
        self._stored.add(report_folder)
