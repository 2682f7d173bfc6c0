"""Drawing charts: Altair builds a Vega-Lite spec from a chart's points (chart_spec), wide and narrow;
vl-convert renders each to SVG with the site's own font. The same specs run interactively on the site
(vega-embed, served from the site itself) and the SVGs are what shows before and without JavaScript, the wide
one in print. Rendering is cached by a hash of the chart's data, the fonts and the versions.

Altair and vl-convert are imported only when a chart is drawn, so `rapport check` stays fast.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import astuple, dataclass
from functools import cache, cached_property
from importlib.metadata import version
from pathlib import Path

from builder.base import atomic, swedish
from builder.base.problems import BuildError
from builder.render import chart_spec, chart_svg
from builder.read import charts as read_charts
from builder.read.charts import ChartData

@dataclass(frozen=True)
class Drawing:
    """A chart as the page shows it: its SVG for screens with room and print, its SVG for a phone (None where
    the wide one fits a phone), and its specs for the interactive view, as JSON for a <script> element."""

    svg: str
    narrow_svg: str | None
    spec_json: str


class Renderer:
    """Draws charts: the spec with Altair, the SVG with vl-convert, both cached by the chart's data.

    The cache key is the chart's own hash (its data, texts and kind) with the versions of Altair,
    vl-convert, the fonts and the chart modules, so a rebuild with nothing changed imports neither library.
    """

    def __init__(self, cache_dir: Path, font_dir: Path):
        self.cache_dir = cache_dir
        self.font_dir = font_dir
        self.rendered = 0  # how many charts this renderer actually drew

    @cached_property
    def _stamp(self) -> str:
        modules = (__file__, chart_spec.__file__, chart_svg.__file__, swedish.__file__, read_charts.__file__)
        digest = hashlib.sha256(b"".join(Path(module).read_bytes() for module in modules))
        for package in ("altair", "vl-convert-python"):
            digest.update(version(package).encode())
        for font in sorted(self.font_dir.glob("*.ttf")):
            digest.update(font.read_bytes())
        return digest.hexdigest()[:16]

    def drawn(self, charts: list[ChartData]) -> dict[str, Drawing]:
        """Each chart's drawing, with its accessible SVGs, by chart key; those not in the cache drawn (and
        stored in it) first."""
        paths = {c.key: self.cache_dir / f"{c.key}-{self._stamp}.diagram" for c in charts}
        drawn = {c.key: found for c in charts if (found := _cached_drawing(paths[c.key])) is not None}
        missing = list({c.key: c for c in charts if c.key not in drawn}.values())
        if missing:
            self._draw_on_every_core(missing, paths)
            for chart in missing:
                if (drawing := _cached_drawing(paths[chart.key])) is None:
                    raise BuildError(f"diagrammet {chart.id} ritades men kunde inte läsas ur {paths[chart.key].parent}; "
                                     "kör bygget igen")
                drawn[chart.key] = drawing
            self.rendered += len(missing)
        return {c.key: Drawing(chart_svg.accessible_svg(drawn[c.key].svg, c.alt),
                               drawn[c.key].narrow_svg and chart_svg.accessible_svg(drawn[c.key].narrow_svg, c.alt),
                               drawn[c.key].spec_json) for c in charts}

    def _draw_on_every_core(self, charts: list[ChartData], paths: dict[str, Path]) -> None:
        """Draws the charts into the cache, shared between this process and forked workers, one per further
        core: building a spec holds the GIL, and so, for much of its time, does vl-convert. Few charts, one
        core, a call from another thread than the main one (the preview server's rebuilds), or vl-convert
        already started in this process (its threads do not survive a fork) draw here alone."""
        workers = min(len(os.sched_getaffinity(0)), len(charts) // (PARALLEL_FROM // 2) or 1)
        if (workers < 2 or threading.current_thread() is not threading.main_thread() or "vl_convert" in sys.modules
                or "fork" not in multiprocessing.get_all_start_methods()):
            self._draw(charts, paths)
            return
        global _work
        _work = (self, charts, paths, workers)
        try:
            with ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork")) as pool:
                others = [pool.submit(_draw_share, worker) for worker in range(1, workers)]
                self._draw(charts[::workers], paths)
                for other in others:
                    other.result()  # a worker's error (BuildError) is raised here
        except BrokenProcessPool:
            raise BuildError("en process som ritade diagram avbröts (slut på minne?); kör bygget igen, eller "
                             "på en dator med mer minne") from None
        finally:
            _work = None

    def _draw(self, charts: list[ChartData], paths: dict[str, Path]) -> None:
        """Draws the charts into the cache, each while the next one's spec is built (vl-convert in threads)."""
        with ThreadPoolExecutor(max_workers=2) as pool:
            started = [(chart, [(layout, pool.submit(self._render, chart_spec.spec(chart, layout), layout))
                                for layout in chart_spec.layouts(chart)]) for chart in charts]
            for chart, drawings in started:
                svgs, specs = [], {}
                for layout, drawing in drawings:
                    svg, specs["smal" if layout.narrow else "bred"] = self._result(chart, drawing)
                    svgs.append(chart_svg.with_patterns(svg, chart.key + ("s" if layout.narrow else ""),
                                                        chart_spec.pattern_colours(chart)))
                done = Drawing(svgs[0], svgs[1] if len(svgs) > 1 else None, chart_svg.spec_json(specs))
                atomic.store(paths[chart.key], json.dumps(astuple(done), ensure_ascii=False).encode())

    @staticmethod
    def _result(chart: ChartData, drawing) -> tuple[str, dict]:
        try:
            return drawing.result()
        except ValueError as error:  # vl-convert could not draw it
            reason = str(error).splitlines()[1:2] or [str(error)]
            raise BuildError(f"diagrammet {chart.id} kunde inte ritas ({reason[0].strip()}); "
                             "kontrollera texterna i data/charts.yml och kategorierna i data") from None

    def _render(self, spec: dict, layout: chart_spec.Layout) -> tuple[str, dict]:
        """The SVG and the spec it was drawn from. A chart whose axis labels make it wider than its layout allows
        (the PDF's text column, a phone's) is drawn again with a narrower plot, so that its text is never scaled
        down where it is shown."""
        import vl_convert

        _register_fonts(str(self.font_dir))
        svg = vl_convert.vegalite_to_svg(spec, format_locale=chart_spec.format_locale(),
                                         time_format_locale=chart_spec.time_format_locale())
        excess = chart_svg.svg_width(svg) - layout.widest
        if excess > 0 and isinstance(spec.get("width"), (int, float)):
            spec = {**spec, "width": max(layout.narrowest, spec["width"] - excess)}
            svg = vl_convert.vegalite_to_svg(spec, format_locale=chart_spec.format_locale(),
                                             time_format_locale=chart_spec.time_format_locale())
        return svg, spec

    def bundle(self) -> str:
        """vega, vega-lite and vega-embed in one file, served from the site (no CDN)."""
        target = self.cache_dir / f"vega-embed-{version('vl-convert-python')}.js"
        data = atomic.fetch(target)
        if data is None:
            import vl_convert

            data = vl_convert.javascript_bundle().encode("utf-8")
            atomic.store(target, data)
        return data.decode("utf-8")


PARALLEL_FROM = 16  # charts to draw before forked workers pay for their start
_work: tuple | None = None  # (renderer, charts, paths, workers) for the forked workers, set just before they start


def _draw_share(worker: int) -> None:
    """In a forked worker: draws its share of the charts into the cache, where the parent reads them."""
    renderer, charts, paths, workers = _work
    renderer._draw(charts[worker::workers], paths)


def _cached_drawing(path: Path) -> Drawing | None:
    data = atomic.fetch(path)
    return Drawing(*json.loads(data)) if data is not None else None


@cache
def _register_fonts(folder: str) -> None:
    import vl_convert

    vl_convert.register_font_directory(folder)
