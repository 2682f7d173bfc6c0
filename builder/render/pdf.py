"""The board PDF: the report's print HTML, from the same fragments as the site, rendered by WeasyPrint.

The PDF is tagged (PDF/UA-1): language, title, bookmarks, alt text for every chart, table headers; what
WeasyPrint leaves undone is done by builder.render.pdf_finish. WeasyPrint only logs an error such as a missing
alt text; here any error it logs fails the build.

WeasyPrint reads nothing but what the job lists: the stylesheet, the fonts and the images the report
shows, all under the made-up address RESOURCES (a reserved name that never resolves), which the job's
fetcher maps to files of the project. Links to the site are absolute under site_url, or only text without it
(builder.render.pages.for_print), so no path of the build machine reaches a PDF.

PDFs are cached by a hash of their HTML, stylesheet, fonts, WeasyPrint's version and the finishing code. The missing ones are
rendered by worker processes, one per core, each under limits.PDF_MEMORY and each PDF under
limits.PDF_SECONDS, so that a pathological report ends with an error naming it.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import mimetypes
import os
import re
import resource
import signal
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from builder.base import atomic, limits
from builder.base.problems import BuildError, LogCollector
from builder.render import pdf_finish

RESOURCES = "https://rapport.invalid/"  # .invalid never resolves (RFC 2606): only the job's fetcher answers


@dataclass(frozen=True)
class PrintJob:
    name: str  # for messages: the report's path in the site
    html: str
    files: dict[str, str] = field(default_factory=dict)  # URL under RESOURCES -> the project's file it serves


def _fetcher(files: dict[str, str]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFiles(URLFetcher):
        """Serves the job's files and refuses every other address (the file system and the network)."""

        def fetch(self, url, headers=None):
            if url not in files:
                raise ValueError(f"{url} hör inte till rapporten")
            kind = mimetypes.guess_type(files[url])[0] or "application/octet-stream"
            return URLFetcherResponse(url, Path(files[url]).read_bytes(), {"Content-Type": kind})

    return ProjectFiles(fail_on_errors=True)


def render(job: PrintJob) -> bytes:
    """One PDF; raises BuildError with WeasyPrint's messages if it logged any error."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    errors = LogCollector(logging.ERROR)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    try:
        pdf = HTML(string=job.html, url_fetcher=_fetcher(job.files)).write_pdf(pdf_variant="pdf/ua-1",
                                                                               finisher=pdf_finish.link_annotations)
    except FatalURLFetchingError as error:
        raise BuildError(f"PDF för {job.name} kunde inte göras: {error.__cause__ or error}") from None
    finally:
        logger.removeHandler(errors)
    if errors.messages:
        raise BuildError(f"PDF för {job.name} kunde inte göras tillgänglig: " + "; ".join(errors.messages))
    return pdf_finish.after_weasyprint(pdf)


class _TooSlow(BaseException):  # not an Exception, which WeasyPrint might catch and log
    pass


def _limit_worker(memory: int) -> None:
    """In each worker process: at most `memory` bytes more address space than it started with. (A worker is
    forked from the build, which may already hold large reservations, the chart renderer's among them.)"""
    used = 0
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            used = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        pass  # not Linux: the limit counts from zero
    resource.setrlimit(resource.RLIMIT_AS, (used + memory, used + memory))
    _end_with_the_build()


def _end_with_the_build() -> None:
    """A worker ends when the build that started it ends, also when the build is killed (Linux)."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def _render_limited(job: PrintJob, seconds: int, memory: int) -> bytes:
    """render() in a worker, stopped after `seconds`; `memory` is the worker's limit (for the message)."""
    def stop(signum, frame):
        raise _TooSlow

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        return render(job)
    except _TooSlow:
        raise BuildError(f"PDF för {job.name} tog mer än {seconds} sekunder och avbröts; "
                         "dela upp långa avsnitt och tabeller") from None
    except MemoryError:
        raise BuildError(f"PDF för {job.name} behövde mer än {memory // limits.MIB} MB minne och avbröts; "
                         "dela upp långa avsnitt och tabeller") from None
    finally:
        signal.alarm(0)


class Printer:
    """Renders print jobs to PDF, from the cache where the same job was rendered before."""

    def __init__(self, cache_dir: Path, inputs: list[Path], seconds: int = limits.PDF_SECONDS,
                 memory: int = limits.PDF_MEMORY):
        self.cache_dir = cache_dir
        self.inputs = inputs  # files the HTML refers to (stylesheet, fonts): part of the cache key
        self.seconds = seconds
        self.memory = memory
        self.rendered = 0
        self._hashes: dict[str, bytes] = {}  # file -> the hash of its content (_content)

    def _key(self, job: PrintJob) -> str:
        import weasyprint

        digest = hashlib.sha256(job.html.encode())
        for path in self.inputs:
            digest.update(self._content(path))
        for url in sorted(job.files):
            digest.update(url.encode())
            digest.update(self._content(job.files[url]))
        digest.update(weasyprint.__version__.encode())
        digest.update(self._content(pdf_finish.__file__))  # what is done to the PDF after WeasyPrint
        return digest.hexdigest()

    def _content(self, path: Path | str) -> bytes:
        """The hash of a file's content, read once however many jobs use it (the fonts are in every one)."""
        if str(path) not in self._hashes:
            self._hashes[str(path)] = hashlib.sha256(Path(path).read_bytes()).digest()
        return self._hashes[str(path)]

    def pdfs(self, jobs: list[PrintJob]) -> dict[str, bytes]:
        """PDF bytes by job name."""
        targets = {job.name: self.cache_dir / f"{self._key(job)}.pdf" for job in jobs}
        found = {job.name: data for job in jobs if (data := atomic.fetch(targets[job.name])) is not None}
        missing = [job for job in jobs if job.name not in found]
        if missing:
            workers = min(len(missing), os.cpu_count() or 1)
            with ProcessPoolExecutor(max_workers=workers, initializer=_limit_worker, initargs=(self.memory,)) as pool:
                futures = {pool.submit(_render_limited, job, self.seconds, self.memory): job for job in missing}
                try:
                    for future in as_completed(futures):
                        job = futures[future]
                        try:
                            found[job.name] = future.result()
                        except BrokenProcessPool:
                            raise BuildError(f"PDF för {job.name} kunde inte göras: processen som gjorde den avbröts "
                                             "(slut på minne eller tid?)") from None
                        atomic.store(targets[job.name], found[job.name])
                        self.rendered += 1
                except BaseException:
                    for waiting in futures:
                        waiting.cancel()
                    raise
        return {job.name: found[job.name] for job in jobs}


def without_scripts(html: str) -> str:
    """Print needs no chart spec: drop the <script> elements that carry them."""
    return re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S)


def details_open(html: str) -> str:
    """A chart's data table is printed: its <details> becomes a plain block with the summary as a label."""
    html = re.sub(r"<details\b([^>]*)>\s*<summary>(.*?)</summary>", r'<div\1><p class="diagram-data-rubrik">\2</p>',
                  html, flags=re.S)
    return html.replace("</details>", "</div>")
