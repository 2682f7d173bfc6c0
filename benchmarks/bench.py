"""`make bench`: a synthetic archive of ten years of monthly reports, built and timed on this machine.

Each of the 120 months is the October 2025 report (15 sections, about 3 500 words) with five key-figure
tables and six charts, its figures shifted to the month's period and marked illustrative. Every month but the
newest, a draft, is published: first as before `rapport publicera` (status and date), then with it. Measured:
a cold full build (site and PDFs) before publication; publishing a month; `rapport check`, warm and cold; a cold
build of the published archive; a rebuild with nothing changed; a rebuild after one section of the draft
changed; peak memory; and the floors: plain `mkdocs build` of the same pages, and WeasyPrint on the same print
HTML in two worker processes. Results go to BENCHMARKS.md.

`--archive DIR` makes the archive in DIR and leaves it there, to run the commands on it by hand; `--months N`
makes it of N months (the results then go to BENCHMARKS.md only with `--rapport`).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERIES = "regiondirektorens-rapport"
SOURCE = REPO / "content" / SERIES / "2025-10"
MONTHS = 120  # ten years; --months for another size
RUNS = 3
# The cold build of the archive with the narrow drawings of issue 21, measured by turns with the code before them
# (360 s and 407 s) on the machine of the last `make bench`; see the paragraph in write_report.
CHARTS_TWICE = "399 s (before the SVGs went in after MkDocs) and 380 s"
# The figures of the last `make bench` before issue 22 (published reports frozen), on the same machine, of the same
# archive built live; see the section on the published archive in write_report.
# The checks measured by turns against the code before issue 22, by hand (see the section on the published archive).
PAIRED = ('Measured by turns on this machine on 7 December 2026 (medians of 5 and 7 runs), `rapport check` on '
          'the published archive against the code before issue 22 on the archive built live: warm 0.68 s '
          'against 0.64 s (+6 %), cold 2.42 s against 2.01 s (+20 %); on the archive not yet published, 0.63 s '
          'and 2.08 s (+2 %). A report with a record is compared with it when it is loaded, and the model cache'
          ' keeps only what differs, so a warm check costs little more; a cold check computes every figure of '
          'the 119 published months again and reads their records to compare them (some 27 000 figures), which '
          'is what the published archive adds.')
BEFORE_FROZEN = {"check": 0.95, "cold_check": 2.26, "cold": 366, "unchanged": 21.7, "edit": 28.8, "preview": 1.88,
                 "memory": 507}


def months() -> list[tuple[int, int]]:
    return [(2016 + i // 12, i % 12 + 1) for i in range(MONTHS)]


def period_of(year: int, month: int) -> tuple[str, str, str, str]:
    """(year to date, same period last year, end month, end month last year) for a report month."""
    end_year, end_month = (year, month - 1) if month > 1 else (year - 1, 12)
    start = 1 if end_month < 12 else 12  # a January report covers December only, never the whole year
    ytd = f"{end_year}-{start:02d}..{end_year}-{end_month:02d}" if end_month > start else f"{end_year}-{end_month:02d}"
    last = f"{end_year - 1}-{start:02d}..{end_year - 1}-{end_month:02d}" if end_month > start else f"{end_year - 1}-{end_month:02d}"
    return ytd, last, f"{end_year}-{end_month:02d}", f"{end_year - 1}-{end_month:02d}"


def generate(root: Path, periods: bool = True) -> None:
    """The archive; without `periods`, as it was before its months spoke of other periods (PERIOD_FORMS)."""
    for name in ("templates", "mkdocs.yml"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(REPO / name, root / name)
    (root / "content" / SERIES).mkdir(parents=True)
    site = (REPO / "content/site.yml").read_text(encoding="utf-8")  # the archive has the one series
    (root / "content/site.yml").write_text(re.sub(r"(?m)^serier:.*$", f"serier: [{SERIES}]", site), encoding="utf-8")
    shutil.copy2(REPO / "content" / SERIES / "series.yml", root / "content" / SERIES / "series.yml")
    (root / "data").mkdir()
    for name in ("metrics.yml", "tables.yml", "charts.yml"):
        shutil.copy2(REPO / "data" / name, root / "data" / name)
    base = ("2025-01..2025-09", "2024-01..2024-09", "2025-09", "2024-09", "2024", "2025")
    rows = [r for f in sorted((REPO / "data").glob("*.csv")) for r in csv.DictReader(f.open(encoding="utf-8"))]
    rows = [r for r in rows if r["period"] in base]
    seen, out = set(), []
    for year, month in months():
        ytd, last, end, end_last = period_of(year, month)
        end_year = int(end[:4])
        shifted = dict(zip(base, (ytd, last, end, end_last, str(end_year - 1), str(end_year))))
        for row in rows:
            new = {**row, "period": shifted[row["period"]], "illustrativ": "ja", "lagd": ""}
            period = new["period"]
            period = f"{period}-01..{period}-12" if re.fullmatch(r"\d{4}", period) else period
            key = (new["nyckeltal"], period, new["typ"], new["dimension"])
            if key not in seen:
                seen.add(key)
                out.append(new)
        folder = root / "content" / SERIES / f"{year}-{month:02d}"
        shutil.copytree(SOURCE, folder, ignore=shutil.ignore_patterns("publicerad"))  # not the example's record
        report = re.sub(r"period: \S+", f"period: {ytd}", (folder / "report.yml").read_text(encoding="utf-8"))
        if (year, month) == months()[-1]:  # the newest month is the draft being written
            report = re.sub(r"(?m)^publiceringsdatum:.*\n", "", report).replace("status: publicerad", "status: utkast")
        else:  # published, not yet with `rapport publicera` (PUBLISHED): as an archive before issue 22
            report = re.sub(r"(?m)^publiceringsdatum:.*$", f"publiceringsdatum: {year}-{month:02d}-20", report)
        (folder / "report.yml").write_text(report, encoding="utf-8")
        economy = folder / "ekonomi.md"  # five tables and six or seven charts a month, as the real reports
        added = (["{tabell finansiella-nyckeltal}"] * 3 + ["{tabell perioder}", "{diagram anstallda-fordelning}",
                                                          "{diagram besok-per-omrade}", "{diagram manaden-varje-ar}"]
                 if periods else
                 ["{tabell finansiella-nyckeltal}"] * 4 + ["{diagram anstallda-fordelning}", "{diagram besok-per-omrade}"])
        economy.write_text(economy.read_text(encoding="utf-8") + "\n" + (PERIOD_FORMS + "\n" if periods else "")
                           + "\n\n".join(added) + "\n", encoding="utf-8")
    if not periods:
        return _write_rows(root, out)
    out += periodic_rows()
    _write_rows(root, out)
    with (root / "data" / "metrics.yml").open("a", encoding="utf-8") as handle:
        handle.write(PERIOD_METRIC)
    with (root / "data" / "tables.yml").open("a", encoding="utf-8") as handle:
        handle.write(PERIOD_TABLE)
    with (root / "data" / "charts.yml").open("a", encoding="utf-8") as handle:
        handle.write(PERIOD_CHART)


def _write_rows(root: Path, rows: list[dict]) -> None:
    with (root / "data" / "syntetisk.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["nyckeltal", "period", "typ", "varde", "dimension", "illustrativ",
                                                   "text", "lagd"])
        writer.writeheader()
        writer.writerows(rows)


# Each month also speaks of other periods, as the real reports do: a paragraph of references with period
# forms and comparisons over monthly data and dated forecasts, a table with period columns and a chart of
# one month over five years.
PERIOD_FORMS = (
    "I månaden {besok-syntetisk månaden}, månaden innan {besok-syntetisk förra-månaden}, hittills till månaden "
    "innan {besok-syntetisk hittills-förra-månaden}, senaste tertialet {besok-syntetisk tertialet}, halvåret "
    "{besok-syntetisk halvåret}, samma månad i fjol {besok-syntetisk månaden för-1-år-sedan}, på två år "
    "{besok-syntetisk förändring-2-år}, på en månad {besok-syntetisk mot-förra-månaden}. Prognosen "
    "{verksamhetens-resultat prognos}, den förra {verksamhetens-resultat förra-prognosen}, ändringen "
    "{verksamhetens-resultat prognos-mot-förra-prognosen}.\n")
PERIOD_METRIC = """  - id: besok-syntetisk
    namn: Besök, syntetiska månadsvärden
    enhet: antal
    decimaler: 0
    avrundning: exakt
    riktning: neutral
    ackumulering: summa
"""
PERIOD_TABLE = """  - id: perioder
    rubrik: Perioder och jämförelser
    rader:
      - nyckeltal: besok-syntetisk
        tomma: [prognos, förra-prognosen]
      - nyckeltal: verksamhetens-resultat
        tomma: [utfall, utfall förra-månaden, utfall tertialet, förändring, mot-förra-månaden]
    kolumner: [utfall, utfall förra-månaden, utfall tertialet, förändring, mot-förra-månaden, prognos, förra-prognosen]
"""
PERIOD_CHART = """
  - id: manaden-varje-ar
    typ: stapel
    rubrik: Besök i månaden, fem år
    alt: Stapeldiagram över besöken i rapportens sista månad fem år i rad, senast {besok-syntetisk månaden}.
    nyckeltal: besok-syntetisk
    period: månaden
    år: 5
"""


def periodic_rows() -> list[dict]:
    """Monthly values from five years before the first report, and the year's forecast made every month (also in
    December for the year after), so that every period form of PERIOD_FORMS has its data."""
    first, last = months()[0], months()[-1]
    rows = []
    for index in range((first[0] - 5) * 12, last[0] * 12 + last[1] - 1):
        year, month = divmod(index, 12)
        rows.append({"nyckeltal": "besok-syntetisk", "period": f"{year}-{month + 1:02d}", "typ": "utfall",
                     "varde": str(80000 + 37 * index % 9000), "illustrativ": "ja"})
        for forecast_year in (year, year + 1) if month == 11 else (year,):
            rows.append({"nyckeltal": "verksamhetens-resultat", "period": str(forecast_year), "typ": "prognos",
                         "varde": str(-300 + 7 * index % 200), "illustrativ": "ja", "lagd": f"{year}-{month + 1:02d}"})
    return rows


def generate_at_limits(root: Path) -> dict:
    """One report at the size limits of builder/base/limits.py: its text just under REPORT_TEXT_BYTES, in sections
    just under MARKDOWN_BYTES with headings of TITLE_CHARS, FIGURES tables and charts, and beside the example
    data a CSV file just under CSV_BYTES whose notes fill CSV_CELL_CHARS."""
    sys.path.insert(0, str(REPO))
    from builder.base import limits

    for name in ("templates", "mkdocs.yml"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(REPO / name, root / name)
    shutil.copytree(REPO / "data", root / "data")
    (root / "content" / SERIES).mkdir(parents=True)
    site = (REPO / "content/site.yml").read_text(encoding="utf-8")  # the archive has the one series
    (root / "content/site.yml").write_text(re.sub(r"(?m)^serier:.*$", f"serier: [{SERIES}]", site), encoding="utf-8")
    shutil.copy2(REPO / "content" / SERIES / "series.yml", root / "content" / SERIES / "series.yml")
    folder = root / "content" / SERIES / "2025-10"
    shutil.copytree(SOURCE, folder, ignore=shutil.ignore_patterns("publicerad"))
    for section in folder.glob("*.md"):
        section.unlink()
    prose = "\n\n".join(p.read_text(encoding="utf-8").split("---\n", 2)[2] for p in sorted(SOURCE.glob("*.md")))
    prose = re.sub(r"(?m)^(#+ .*|\{[a-z]+ [a-z0-9-]+\})$", "", prose)  # headings and figures are placed below
    paragraphs = [p for p in prose.split("\n\n") if p.strip()]
    heading = "## " + ("Rubrik på högsta tillåtna längd " * 10)[: limits.TITLE_CHARS - 1].strip()
    size = limits.MARKDOWN_BYTES - 8 * 1024
    count = limits.REPORT_TEXT_BYTES // size
    figures = ["{tabell finansiella-nyckeltal}", "{diagram anstallda-fordelning}"]
    names, placed, headings, total = [], 0, 0, 0
    for n in range(count):
        body, length, index = [], 0, 0
        room = size - (limits.HEADINGS // count + 1) * (len(heading.encode("utf-8")) + 2)
        while length < room:  # the section's prose, then its headings and figures among it
            body.append(paragraphs[index % len(paragraphs)])
            length += len(body[-1].encode("utf-8")) + 2
            index += 1
        quota = (n + 1) * limits.HEADINGS // count - headings
        for i in range(quota):
            at = i * len(body) // quota
            body[at] = f"{heading}\n\n{body[at]}"
        headings += quota
        step = max(1, len(body) // (limits.FIGURES // count + 1))
        for at in range(step, len(body), step):
            if placed < (n + 1) * limits.FIGURES // count:
                body[at] += "\n\n" + figures[placed % 2]
                placed += 1
        text = "\n\n".join(body) + "\n"
        name = f"avsnitt-{n + 1}"
        (folder / f"{name}.md").write_text(f"---\ntitel: Avsnitt {n + 1}\n---\n{text}", encoding="utf-8")
        names.append(name)
        total += len(text)
    report = (folder / "report.yml").read_text(encoding="utf-8")
    report = re.sub(r"(?ms)^avsnitt:\n(  - .*\n)+", "avsnitt:\n" + "".join(f"  - {n}\n" for n in names), report)
    (folder / "report.yml").write_text(report, encoding="utf-8")
    note = "x" * limits.CSV_CELL_CHARS
    with (root / "data" / "stor.csv").open("w", encoding="utf-8", newline="") as handle:
        handle.write("nyckeltal,period,typ,varde,dimension,illustrativ,text\n")
        rows, written = 0, handle.tell()
        while written < limits.CSV_BYTES - 2 * len(note):
            written += handle.write(f"anstallda,2025-09,utfall,{rows},enhet=E{rows},ja,{note}\n")
            rows += 1
    return {"sections": count, "text": total, "figures": placed, "headings": headings,
            "csv": (root / "data/stor.csv").stat().st_size, "rows": rows}


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Wall time in seconds and the peak resident memory (KiB) of the command's main process."""
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *command], cwd=cwd, env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed, int(result.stderr.strip().splitlines()[-1])


def peak_of_all(command: list[str], cwd: Path, env: dict) -> tuple[float, int, int, str]:
    """Wall time, the exit code, the peak resident memory (KiB) of the command and every process it started
    (the PDF workers too), and its stderr."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "print(time.perf_counter() - t, r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
            "print(r.stderr, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, *command], cwd=cwd, env=env, capture_output=True, text=True)
    elapsed, returncode, memory = result.stdout.split()
    return float(elapsed), int(returncode), int(memory), result.stderr


def weasyprint_floor(root: Path) -> tuple[float, int]:
    """WeasyPrint alone on every report's print HTML, in two worker processes: seconds, and how many PDFs."""
    code = f"""
import sys, time
sys.path.insert(0, {str(REPO)!r})
from pathlib import Path
from concurrent.futures import ProcessPoolExecutor
from builder.base.project import Project
from builder.compute.pipeline import prepare
from builder.render import chart_parts, charts
from builder.render import pages, pdf
project = Project(Path({str(root)!r}))
prepared = prepare(project, include_drafts=False)
renderer = charts.Renderer(project.build / "cache" / "diagram", project.assets / "fonts")
parts = chart_parts.chart_parts(prepared.every_chart, renderer)
env = pages.environment(project)
published = {{f"{{url}}{{name}}": r.report.folder / name for url, r in prepared.reports.items() for name in r.files}}
jobs = [pages.print_job(prepared, r, env, parts, project, published) for r in prepared.reports.values()]
import weasyprint
started = time.perf_counter()
with ProcessPoolExecutor(max_workers=2) as pool:
    list(pool.map(pdf.render, jobs))
print(time.perf_counter() - started, len(jobs))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, count = result.stdout.strip().splitlines()[-1].split()
    return float(seconds), int(count)


def main() -> None:
    global MONTHS
    parser = argparse.ArgumentParser(description="Mät bygget på ett genererat arkiv och skriv BENCHMARKS.md.")
    parser.add_argument("--utan-perioder", action="store_true",
                        help="arkivet som före periodformerna (utan PERIOD_FORMS), för en jämförelse på lika villkor")
    parser.add_argument("--rapport", type=Path, help="filen som resultaten skrivs till (BENCHMARKS.md för 120 månader)")
    parser.add_argument("--archive", type=Path, metavar="DIR",
                        help="skapa arkivet i mappen DIR (ny eller tom), som finns kvar efteråt, i stället för en tillfällig")
    parser.add_argument("--months", type=int, default=MONTHS, metavar="N", help=f"arkivets månader (normalt {MONTHS})")
    args = parser.parse_args()
    MONTHS = args.months
    if MONTHS < 2:
        sys.exit("--months: minst 2, en publicerad månad och utkastet")
    if args.archive and args.archive.exists() and any(args.archive.iterdir()):
        sys.exit(f"--archive: {args.archive} är inte tom")
    target = args.rapport or (REPO / "BENCHMARKS.md" if MONTHS == 120 else None)
    rapport = [sys.executable, "-m", "builder"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # As `make setup` and pip do, the builder's modules are compiled once, not on every run of a command.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "builder")], check=True)
    with (contextlib.nullcontext(args.archive) if args.archive else
          tempfile.TemporaryDirectory(prefix="rapport-bench-")) as folder:
        root = Path(folder)
        root.mkdir(parents=True, exist_ok=True)
        print(f"Genererar {MONTHS} månader i {root} …", flush=True)
        generate(root, periods=not args.utan_perioder)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in SOURCE.glob("*.md"))

        cold, memory = timed([*rapport, "build", "--quiet"], root, env)
        print(f"kall build före publiceringen: {cold:.1f} s, {memory / 1024:.0f} MiB", flush=True)
        published = [f"{year}-{month:02d}" for year, month in months()[:-1]]
        publishing = [timed([*rapport, "publicera", SERIES, name], root, env)[0] for name in published]
        print(f"publicera en månad: {statistics.median(publishing):.2f} s", flush=True)
        checks = [timed([*rapport, "check"], root, env)[0] for _ in range(RUNS)]
        print(f"check: {statistics.median(checks):.2f} s", flush=True)
        cold_checks_archive = []
        for _ in range(RUNS):  # cold: without the model cache
            shutil.rmtree(root / "build", ignore_errors=True)
            cold_checks_archive.append(timed([*rapport, "check"], root, env)[0])
        print(f"kall check, {MONTHS} månader: {statistics.median(cold_checks_archive):.2f} s", flush=True)
        shutil.rmtree(root / "build", ignore_errors=True)
        shutil.rmtree(root / "site", ignore_errors=True)
        cold_published, memory_published = timed([*rapport, "build", "--quiet"], root, env)
        print(f"kall build, arkivet publicerat: {cold_published:.1f} s, {memory_published / 1024:.0f} MiB", flush=True)
        unchanged = [timed([*rapport, "build", "--quiet"], root, env)[0] for _ in range(RUNS)]
        print(f"oförändrad: {statistics.median(unchanged):.2f} s", flush=True)
        # An edit goes into the newest month, the draft being written: a published month is frozen (issue 22).
        timed([*rapport, "build", "--quiet", "--drafts"], root, env)
        edits = []
        section = root / "content" / SERIES / "{}-{:02d}".format(*months()[-1]) / "inledning.md"
        for n in range(RUNS):
            section.write_text(section.read_text(encoding="utf-8") + f"\nÄndring {n}.\n", encoding="utf-8")
            edits.append(timed([*rapport, "build", "--quiet", "--drafts"], root, env)[0])
        print(f"ett avsnitt ändrat: {statistics.median(edits):.2f} s", flush=True)
        mkdocs = [timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(root / "build" / "plain")],
                        root, env)[0] for _ in range(RUNS)]
        print(f"golv mkdocs build: {statistics.median(mkdocs):.2f} s", flush=True)
        weasy, pdf_count = weasyprint_floor(root)
        print(f"golv WeasyPrint, 2 processer: {weasy:.1f} s för {pdf_count} PDF:er", flush=True)
        pdf = next((root / "site" / SERIES / published[len(published) // 2]).glob("*.pdf"))
        pdf_pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = re.search(r"Pages:\s+(\d+)", pdf_pages).group(1)

    with tempfile.TemporaryDirectory(prefix="rapport-preview-") as folder:
        example = Path(folder)
        for name in ("content", "data", "templates"):
            shutil.copytree(REPO / name, example / name)
        shutil.copy2(REPO / "mkdocs.yml", example / "mkdocs.yml")
        # The edited report as the draft an editor previews: a published one is frozen (issue 22).
        shutil.rmtree(example / "content" / SERIES / "2025-10" / "publicerad")
        timed([*rapport, "build", "--quiet", "--no-pdf"], example, env)
        section = example / "content" / SERIES / "2025-10" / "inledning.md"
        previews = []
        for n in range(RUNS):  # what `rapport serve` does after a save, plus starting Python
            section.write_text(section.read_text(encoding="utf-8") + f"\nÄndring {n}.\n", encoding="utf-8")
            previews.append(timed([*rapport, "build", "--quiet", "--no-pdf"], example, env)[0])
        print(f"förhandsgranskning efter ändring: {statistics.median(previews):.2f} s", flush=True)
        phone = _transfer_sizes(example / "site")

    with tempfile.TemporaryDirectory(prefix="rapport-gränser-") as folder:
        limited = Path(folder)
        shape = generate_at_limits(limited)
        cold_checks = []
        for _ in range(RUNS):  # cold: without the model cache
            shutil.rmtree(limited / "build", ignore_errors=True)
            cold_checks.append(timed([*rapport, "check"], limited, env)[0])
        print(f"gränser, kall check: {statistics.median(cold_checks):.2f} s", flush=True)
        at_limits = peak_of_all([*rapport, "build", "--quiet"], limited, env)
        print(f"gränser, kall build: {at_limits[0]:.1f} s, kod {at_limits[1]}, {at_limits[2] / 1024:.0f} MiB", flush=True)
        pdf = next((limited / "site" / SERIES / "2025-10").glob("*.pdf"), None)
        limit_pages = re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                                  text=True).stdout).group(1) if pdf else "–"

    floor_cold = statistics.median(mkdocs) + weasy
    write_report({
        "check": statistics.median(checks), "cold": cold, "memory": memory, "unchanged": statistics.median(unchanged),
        "edit": statistics.median(edits), "mkdocs": statistics.median(mkdocs), "weasy": weasy,
        "floor_cold": floor_cold, "pdf_count": pdf_count, "words": words, "pages": pages, "preview": statistics.median(previews),
        "cold_check": statistics.median(cold_checks_archive), "cold_published": cold_published,
        "memory_published": memory_published, "publishing": statistics.median(publishing), "limits": shape, "limit_check": statistics.median(cold_checks),
        "limit_build": at_limits, "limit_pages": limit_pages, "periods": not args.utan_perioder, "phone": phone,
    }, target)


def _transfer_sizes(site: Path) -> str:
    """What a phone downloads of the example site's home page and newest report (benchmarks/transfer.py), as a
    table; a sentence instead where Playwright is not installed (`make test` installs it)."""
    import transfer

    try:
        return transfer.table(transfer.measure(site))
    except ImportError:
        return "Not measured: Playwright is not installed (`make test` installs it)."
    except Exception as error:  # Playwright's own errors: no browser, say
        return f"Not measured: the browser could not be run ({str(error).splitlines()[0]})."


def _against_before(r: dict) -> str:
    """Each figure as a share of the same figure before issue 22 (BEFORE_FROZEN)."""
    now = {"check": r["check"], "cold_check": r["cold_check"], "cold": r["cold"], "unchanged": r["unchanged"],
           "edit": r["edit"], "preview": r["preview"], "memory": max(r["memory"], r["memory_published"]) / 1024}
    names = {"check": "check", "cold_check": "cold check", "cold": "cold build before publication",
             "unchanged": "nothing changed", "edit": "one section", "preview": "the example's edit",
             "memory": "memory"}
    return "; ".join(f"{names[k]} {100 * (now[k] / BEFORE_FROZEN[k] - 1):+.0f} %" for k in BEFORE_FROZEN)


def write_report(r: dict, target: Path | None) -> None:
    import mkdocs
    import vl_convert
    import weasyprint

    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    per_pdf = r["weasy"] / r["pdf_count"] * 2
    rows = [
        ("`rapport check`", f"{r['check']:.2f} s", "under 2 s", r["check"] < 2),
        ("`rapport check`, cold (no model cache)", f"{r['cold_check']:.2f} s", "under 2 s", r["cold_check"] < 2),
        ("Cold build before publication (site and every PDF)", f"{r['cold']:.0f} s",
         f"within 1.2 × the floors ({1.2 * r['floor_cold']:.0f} s)", r["cold"] <= 1.2 * r["floor_cold"]),
        ("`rapport publicera`, one month (its PDF from the cache of the build before)", f"{r['publishing']:.1f} s",
         "–", None),
        ("Cold build of the published archive (its PDFs served, none rendered)", f"{r['cold_published']:.0f} s",
         f"within the cold build before publication ({r['cold']:.0f} s)", r["cold_published"] <= r["cold"]),
        ("Rebuild, nothing changed", f"{r['unchanged']:.1f} s", f"within 1.5 × mkdocs build ({1.5 * r['mkdocs']:.1f} s)",
         r["unchanged"] <= 1.5 * r["mkdocs"]),
        ("Rebuild after editing one section of the newest month (a draft, `--drafts`)", f"{r['edit']:.1f} s",
         f"within mkdocs build + one PDF + 1 s ({r['mkdocs'] + per_pdf + 1:.1f} s)", r["edit"] <= r["mkdocs"] + per_pdf + 1),
        ("Example content: an edit shown, as `rapport serve` rebuilds (measured as a whole "
         "`rapport build --no-pdf` process, Python's start included)", f"{r['preview']:.2f} s", "under 1 s",
         r["preview"] < 1),
        ("Peak memory, the build's main process", f"{max(r['memory'], r['memory_published']) / 1024:.0f} MiB",
         "under 1 GiB", max(r["memory"], r["memory_published"]) < 1024 * 1024),
    ]
    met = {True: "yes", False: "**no**", None: "–"}
    table = "\n".join(f"| {a} | {b} | {c} | {met[ok]} |" for a, b, c, ok in rows)
    limits = {"`rapport check`": (r["check"], 2.0), "`rapport check`, cold": (r["cold_check"], 2.0),
              "Example content: an edit shown": (r["preview"], 1.0),
              "Cold build before publication": (r["cold"], 1.2 * r["floor_cold"]),
              "Rebuild, nothing changed": (r["unchanged"], 1.5 * r["mkdocs"]),
              "Rebuild after editing one section": (r["edit"], r["mkdocs"] + per_pdf + 1)}
    missed = [f"- {name}: {value:.1f} s against {limit:.1f} s, {100 * (value / limit - 1):.0f} % over."
              for name, (value, limit) in limits.items() if value > limit]
    misses = "\n".join(missed) or "- None."
    shape = ("five key-figure tables, one of them with period columns, seven charts, one of them of the same month "
             "over five years, and a paragraph of references with period forms and comparisons over monthly data and "
             "forecasts made every month" if r["periods"] else
             "five key-figure tables and six charts, without the period forms (`--utan-perioder`)")
    text = f"""# Benchmarks

Made by `make bench` ({Path(__file__).relative_to(REPO)}) on {dt.date.today().isoformat()}: {MONTHS} months of
*Regiondirektörens rapport* (the October 2025 report, {r['words']} words in 15 sections, with {shape}; a PDF of
{r['pages']} pages), figures marked illustrative. The first {MONTHS - 1} months are built once as published before
their record was kept (status and date only), then published one by one with `rapport publicera`; the newest
month is the draft being written. Medians of {RUNS} runs, except the cold builds and the WeasyPrint floor (one
run each) and publishing (the median of the {MONTHS - 1} months).

Machine: {os.cpu_count()} cores, {cpu}; Python {platform.python_version()}; MkDocs {mkdocs.__version__},
WeasyPrint {weasyprint.__version__}, vl-convert {vl_convert.__version__}.

| Measurement | Time | Target | Met |
|---|---|---|---|
{table}

Floors, the work the libraries must do whatever the builder does:

| Floor | Time |
|---|---|
| Plain `mkdocs build` of the same generated pages | {r['mkdocs']:.1f} s |
| WeasyPrint on the same print HTML ({r['pdf_count']} PDFs), two worker processes | {r['weasy']:.1f} s ({per_pdf:.2f} s per PDF and core) |
| Sum (the cold build's floor) | {r['floor_cold']:.1f} s |

Peak memory is that of the build's main process (`/usr/bin/time`); the PDF workers are separate processes.

## The archive published

Since issue 22 a published report is frozen: `rapport publicera` records every figure it shows, a hash of each
section and its PDF, and every check and build computes each recorded figure again and compares. On the
published archive, the check and the builds do that for {MONTHS - 1} months; a build serves each recorded PDF
instead of rendering it, so the cold build of the published archive no longer waits for WeasyPrint; and an edit
goes into the newest month, a draft, since a published month changes only through a correction.

The last `make bench` before issue 22, on the same machine and the same archive built live: `rapport check`
{BEFORE_FROZEN['check']} s, cold {BEFORE_FROZEN['cold_check']} s; cold build {BEFORE_FROZEN['cold']} s; rebuilt with nothing changed
{BEFORE_FROZEN['unchanged']} s, after one section {BEFORE_FROZEN['edit']} s; the example content's edit {BEFORE_FROZEN['preview']} s; peak memory
{BEFORE_FROZEN['memory']} MiB. Against those: {_against_before(r)}. {PAIRED}

## A report at the size limits

One report with everything `builder/base/limits.py` allows, built from nothing (no caches): {r['limits']['sections']}
sections of just under 256 kB ({r['limits']['text'] / 1024 / 1024:.1f} MB of text, the limit is 2 MB),
{r['limits']['headings']} headings of 200 characters (the limit is 1 000), {r['limits']['figures']} tables and charts
(the limit), and beside the example's
data a CSV file of {r['limits']['csv'] / 1024 / 1024:.1f} MB (limit 8 MB) whose {r['limits']['rows']} rows have
notes of 1 000 characters (the cell limit).

| Measurement | Result |
|---|---|
| `rapport check`, cold (median of {RUNS}) | {r['limit_check']:.2f} s |
| `rapport build`, cold: site and PDF | {r['limit_build'][0]:.0f} s, exit code {r['limit_build'][1]} |
| Peak memory of any process of the build (the main process or a PDF worker) | {r['limit_build'][2] / 1024:.0f} MiB |
| The PDF | {r['limit_pages']} pages |

The PDF worker may use 3 GB and 300 s (`PDF_MEMORY`, `PDF_SECONDS`); a report past them ends with an
error naming it. Every other step is linear in its input, so nothing larger than this can be asked of a
build.

## What a phone downloads

The example content's home page and newest report, opened in Chromium at 375 px and then scrolled through
to the end (benchmarks/transfer.py; the charts' runtime, vega-embed, loads only when a chart comes within a
screen of view, and not at all on a page without charts):

{r['phone']}

## Missed targets, and why

{misses}

Unchanged reports come from the model cache, charts and PDFs from theirs, and an edited section costs
its report's load and one PDF. What remains above the floor is MkDocs rebuilding the whole site for one
changed page, and hashing every report's files to find the changed one (about 1 s for 120 months).
The next step would be a build that hands MkDocs only the changed page; MkDocs 1.6 has no such mode
(`--dirty` still renders every page), so that belongs with a move to a faster site generator.
`rapport check` is measured twice: warm, with the model cache of an earlier run (an editor's every
check), and cold, without it, when it loads and checks all {MONTHS} reports ({r['cold_check']:.2f} s). Cold, the
time is markdown-it and the figures of {MONTHS} reports, shared between this process and a forked worker per
further core (builder/read/parallel.py); a worker's reports come back through the cache files it writes
anyway. The builder's modules are compiled once by `make setup` (as pip compiles installed packages), so a
command does not compile them again where Python is set not to write bytecode, as on the machine above; and
Python's cycle collector runs less often (builder/commands/cli.py), since a build allocates millions of
short-lived objects. One report at every size limit checks cold in {r['limit_check']:.2f} s (above).

Since every table column and chart series names its period ("Utfall jan–sep 2025", not "Utfall perioden
2025"), the charts of two months are never the same chart: the archive draws some 600 distinct charts where,
before, months of the same year shared theirs (about 60). Building their Altair specs and drawing them with
vl-convert is most of what the cold build spends above its floors; a real archive, whose months have data of
their own, draws them all anyway. A spec carries its data once, on the layered chart (a layer with its own copy
made Altair copy the data once per layer), and each chart is drawn while the next spec is built; Altair does
not validate a spec on every build (the tests validate every chart kind).

Since issue 21 every chart is drawn twice, wide (print, and screens with room) and narrow (a phone), so some
1 280 drawings. Four changes pay for the second: a spec is built with Altair's debug mode off and its encodings
as channel objects (half the time, the same spec); a plot starts as wide as the names beside it leave room for,
so most charts are drawn once rather than drawn and drawn again narrower; the charts are shared between this
process and a forked worker per further core (the archive's 639 charts in 57 s on two cores, against 123 s in
one process and 87 s for the wide drawings alone before); and the SVGs go into the pages after MkDocs has
written them, so that MkDocs converts and indexes pages without them. Measured on one machine by turns, the
cold build of this archive took 360 s and 407 s with the code before the narrow drawings, and {CHARTS_TWICE}
with them: the runs of either differ by more than the two codes do.

The same measurements on the archive as it was before its months spoke of other periods, with the code
before and after that change, are in [benchmarks/PERIODS.md](benchmarks/PERIODS.md).

Every build also writes what is for citizens: a page per key figure and an overview (`nyckeltal/`), "what
is new" on each report page, each table's and chart's data in three formats, the open data and the feed.
Computing the key-figure pages and "what is new" takes about 0.8 s for 120 months, and is done only when
the site is written, never by `rapport check`; MkDocs' share grows with the extra pages and text.
"""
    if target is not None:
        target.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
