"""The board PDF: the report's print HTML, from the same fragments as the site, rendered by WeasyPrint.

The PDF is tagged (PDF/UA-1): language, title, bookmarks, alt text for every chart, table headers.
WeasyPrint only logs an error such as a missing alt text; here any error it logs fails the build.
PDFs are cached by a hash of their HTML, stylesheet, fonts and WeasyPrint's version, and the missing
ones are rendered in parallel, one worker process per core.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from builder.problems import BuildError, LogCollector


@dataclass(frozen=True)
class PrintJob:
    name: str  # for messages: the report's path in the site
    html: str
    base_url: str  # templates/print/, where print.css and the fonts are found


def render(job: PrintJob) -> bytes:
    """One PDF; raises BuildError with WeasyPrint's messages if it logged any error."""
    from weasyprint import HTML

    errors = LogCollector(logging.ERROR)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    try:
        pdf = HTML(string=job.html, base_url=job.base_url).write_pdf(pdf_variant="pdf/ua-1")
    finally:
        logger.removeHandler(errors)
    if errors.messages:
        raise BuildError(f"PDF för {job.name} kunde inte göras tillgänglig: " + "; ".join(errors.messages))
    return pdf


class Printer:
    """Renders print jobs to PDF, from the cache where the same job was rendered before."""

    def __init__(self, cache_dir: Path, inputs: list[Path]):
        self.cache_dir = cache_dir
        self.inputs = inputs  # files the HTML refers to (stylesheet, fonts): part of the cache key
        self.rendered = 0

    def _key(self, job: PrintJob) -> str:
        import weasyprint

        digest = hashlib.sha256(job.html.encode())
        for path in self.inputs:
            digest.update(path.read_bytes())
        digest.update(weasyprint.__version__.encode())
        return digest.hexdigest()

    def pdfs(self, jobs: list[PrintJob]) -> dict[str, bytes]:
        """PDF bytes by job name."""
        targets = {job.name: self.cache_dir / f"{self._key(job)}.pdf" for job in jobs}
        missing = [job for job in jobs if not targets[job.name].is_file()]
        if missing:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            workers = min(len(missing), os.cpu_count() or 1)
            if workers == 1:
                results = map(render, missing)
            else:
                pool = ProcessPoolExecutor(max_workers=workers)
                results = pool.map(render, missing)
            try:
                for job, pdf in zip(missing, results):
                    targets[job.name].write_bytes(pdf)
                    self.rendered += 1
            finally:
                if workers > 1:
                    pool.shutdown()
        return {name: target.read_bytes() for name, target in targets.items()}


def without_scripts(html: str) -> str:
    """Print needs no chart spec: drop the <script> elements that carry them."""
    return re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S)


def details_open(html: str) -> str:
    """A chart's data table is printed: its <details> becomes a plain block with the summary as a label."""
    html = re.sub(r"<details\b([^>]*)>\s*<summary>(.*?)</summary>", r'<div\1><p class="diagram-data-rubrik">\2</p>',
                  html, flags=re.S)
    return html.replace("</details>", "</div>")
