"""Load many reports on every core: the reports not in the model cache are shared between this process and
forked workers, each with its own copy of what was loaded before (data/, the figures), and the workers'
reports, problems and charts are merged back in the order of the jobs. Few reports, one core, or a call from another
thread than the main one (the preview server's rebuilds) load in this process, in order."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from builder.base.problems import Problems
from builder.read.model import Report, Series
from builder.read.modelcache import ReportCache

Job = tuple[Series, Path]  # a report's series and folder
GC_WHILE_LOADING = (50_000, 20, 20)
PARALLEL_FROM = 16  # reports to load before processes pay for their start and for sending the reports back

_work: tuple | None = None  # (jobs, load, problems, cache) for the forked workers, set just before they start


def load_reports(jobs: list[Job], load: Callable[[Series, Path], Report | None], problems: Problems,
                 cache: ReportCache | None) -> list[Report | None]:
    """The report of each job (None where it has errors, reported in `problems`), from the cache where it is
    there; what loads without problems is stored in the cache."""
    with _fewer_collections():
        return _load_reports(jobs, load, problems, cache)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Loading reports allocates millions of short-lived objects (Markdown tokens, table cells) and few cycles:
    Python's collection every 700 allocations cost about a tenth of a cold check. Only while loading: later
    steps (WeasyPrint's layout, say) leave cycles that should be collected soon."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_WHILE_LOADING)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _load_reports(jobs: list[Job], load: Callable[[Series, Path], Report | None], problems: Problems,
                  cache: ReportCache | None) -> list[Report | None]:
    found: list[Report | None] = [cache.load(folder) if cache else None for _, folder in jobs]
    pending = [i for i, report in enumerate(found) if report is None]
    workers = min(os.cpu_count() or 1, len(pending) // (PARALLEL_FROM // 2) or 1)
    if (cache is None or workers < 2 or threading.current_thread() is not threading.main_thread()
            or "fork" not in multiprocessing.get_all_start_methods()):
        for i in pending:
            found[i] = _load_one(jobs[i], load, problems, cache)
        return found
    global _work
    _work = (jobs, load, problems, cache)
    own, *chunks = [pending[w::workers] for w in range(workers)]  # this process loads its share meanwhile
    gc.freeze()  # what is loaded so far stays shared with the workers: no collection in them touches (copies) it
    try:
        with multiprocessing.get_context("fork").Pool(workers - 1) as pool:
            results = pool.map_async(_load_chunk, chunks)
            for i in own:
                found[i] = _load_one(jobs[i], load, problems, cache)
            results = results.get()
    finally:
        _work = None
        gc.unfreeze()
    for chunk, (reports, stored, delta, charts) in zip(chunks, results):
        _merge(problems, delta)
        cache.charts.update(charts)
        cache.stored_by_worker(stored)
        for i, report in zip(chunk, reports):
            if report is None and cache.stored(jobs[i][1]):
                # A report the worker stored comes back through its cache file, not pickled a second time.
                report = cache.load(jobs[i][1]) or _load_one(jobs[i], load, problems, cache)
            found[i] = report
    return found


def _load_one(job: Job, load: Callable[[Series, Path], Report | None], problems: Problems,
              cache: ReportCache | None) -> Report | None:
    before = len(problems)
    report = load(*job)
    if report and cache and len(problems) == before:
        cache.store(job[1], report)
    return report


def _load_chunk(chunk: list[int]) -> tuple[list[Report | None], list[Path], tuple, dict]:
    """In a worker: the chunk's reports (None for those it stored in the cache), the folders of those, what it added
    to the problems, and the charts its reports placed."""
    jobs, load, problems, cache = _work
    items, skipped, causes, unreadable = len(problems.items), dict(problems.skipped), dict(problems.causes), set(problems.unreadable)
    charts = set(cache.charts)
    # A job's series is the worker's copy: the reports go back on their own, and are added to the series there.
    reports = [_load_one(jobs[i], load, problems, cache) for i in chunk]
    stored = [jobs[i][1] for i in chunk if cache.stored(jobs[i][1])]
    delta = (problems.items[items:], {c: n - skipped.get(c, 0) for c, n in problems.skipped.items()},
             {k: v for k, v in problems.causes.items() if k not in causes}, problems.unreadable - unreadable)
    return ([None if cache.stored(jobs[i][1]) else report for i, report in zip(chunk, reports)], stored, delta,
            {key: chart for key, chart in cache.charts.items() if key not in charts})


def _merge(problems: Problems, delta: tuple) -> None:
    items, skipped, causes, unreadable = delta
    problems.items += items
    for cause, count in skipped.items():
        if count:
            problems.skipped[cause] = problems.skipped.get(cause, 0) + count
    for key, cause in causes.items():
        problems.causes.setdefault(key, cause)
    problems.unreadable |= unreadable
