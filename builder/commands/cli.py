"""The `rapport` command: check, build, new and serve."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from builder.base.problems import BuildError, ContentError, errors_in
from builder.base.project import Project

VIEW_HINT = (
    "Visa webbplatsen över en lokal webbserver (sökningen fungerar inte från file://):\n"
    "  python3 -m http.server --directory site 8000\n"
    "och öppna http://127.0.0.1:8000/ i webbläsaren."
)


NO_SITE_URL = (
    "Varning: site_url saknas i mkdocs.yml. Sidan som visas för en adress som inte finns (404) fungerar då bara "
    "i webbplatsens översta mapp, flödet har bara relativa länkar, och PDF:ernas länkar till andra sidor på "
    "webbplatsen blir vanlig text. Åtgärd: skriv webbplatsens adress i "
    "mkdocs.yml, till exempel site_url: https://www.example.se/rapporter/"
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    project = Project(Path(args.root).resolve())
    if project.missing():
        print(f"rapport: {project.root} saknar {' och '.join(project.missing())} och är ingen projektmapp. Åtgärd: kör "
              "kommandot i projektets mapp (där Makefile ligger), eller ange den med --root", file=sys.stderr)
        return 1
    try:
        code = args.command(project, args)
        sys.stdout.flush()  # here, where a reader that stopped reading is caught below, not at exit
        return code
    except ContentError as error:
        _report_problems(error)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped reading (`rapport check --statistik | head`): no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _report_problems(error: ContentError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = errors_in(error.problems)  # a note of skipped checks is no error of its own
    print(f"\n{count} fel hittades. Rätta dem och kör kommandot igen.", file=sys.stderr)


def check(project: Project, args: argparse.Namespace) -> int:
    from builder.compute.pipeline import prepare

    prepared = prepare(project, include_drafts=True)
    reports = sum(len(s.reports) for s in prepared.content.series)
    sections = sum(len(r.sections) for r in prepared.reports.values())
    series = len(prepared.content.series)
    print(f"Inga fel: {series} {'serie' if series == 1 else 'serier'}, {reports} {'rapport' if reports == 1 else 'rapporter'}, "
          f"{sections} avsnitt kontrollerade.")
    if args.statistik is None:
        return 0
    return _print_statistics(project, prepared, args.statistik)


STATISTICS_LISTED = 50  # typed numbers listed per report


def _print_statistics(project: Project, prepared, name: str) -> int:
    """`rapport check --statistik [SERIE/PERIOD]`: how many of each report's numbers are references."""
    from builder.compute.statistics import statistics

    every = [report for series in prepared.content.series for report in series.reports]
    chosen = every
    if name:
        wanted = name.strip().strip("/").removeprefix("content/")
        chosen = [r for r in every if f"{r.series}/{r.name}" == wanted]
        if not chosen:
            print(f"rapport check: {_unknown_report(wanted, prepared.content.series)}", file=sys.stderr)
            return 1
    for report in chosen:
        counted = statistics(report, prepared.data.tables)
        tables = f" ({counted.tables} {'tabell' if counted.tables == 1 else 'tabeller'})" if counted.tables else ""
        share = f"{counted.share} %" if counted.share is not None else "– (inga tal)"
        print(f"\n{report.series}/{report.name} ({report.title}{', utkast' if report.is_draft else ''})")
        print(f"  hänvisningar i texten: {counted.references}")
        print(f"  beräknade tabellceller: {counted.table_cells}{tables}")
        print(f"  skrivna tal: {len(counted.typed)} (årtal och datum räknas inte: {len(counted.dates)})")
        print(f"  andel hämtade ur data: {share}")
        if counted.typed:
            print("  skrivna tal:")
        for number in counted.typed[:STATISTICS_LISTED]:
            print(f"    {_relative(project, number.path)}:{number.line}: {number.text} i ”{number.context}”")
        if len(counted.typed) > STATISTICS_LISTED:
            print(f"    … och {len(counted.typed) - STATISTICS_LISTED} till")
    return 0


def _unknown_report(wanted: str, series: list) -> str:
    """One line: the report asked for does not exist, and which do."""
    slug = wanted.partition("/")[0]
    same = next((s for s in series if s.slug == slug), None)
    if same is None:
        return (f"det finns ingen rapport '{wanted}'. Åtgärd: skriv SERIE/PERIOD, där SERIE är en av "
                f"{', '.join(s.slug for s in series) or 'inga'}")
    names = ", ".join(f"{same.slug}/{r.name}" for r in same.reports) or "inga"
    return f"det finns ingen rapport '{wanted}'. Åtgärd: skriv en av seriens rapporter: {names}"


def _relative(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return path.as_posix()


def build(project: Project, args: argparse.Namespace) -> int:
    from builder.base.atomic import build_lock

    with build_lock(project.build):
        return _build(project, args)


def _build(project: Project, args: argparse.Namespace) -> int:
    from builder.render.pages import write_docs
    from builder.compute.pipeline import prepare
    from builder.base.progress import Progress
    from builder.render.site import build_site

    progress = Progress(3, quiet=args.quiet)
    progress.step("Läser och kontrollerar innehållet")
    prepared = prepare(project, include_drafts=args.drafts)
    drafts = sum(r.report.is_draft for r in prepared.reports.values())
    progress.result(f"{len(prepared.reports)} rapporter" + (f", varav {drafts} utkast" if drafts else ""))
    try:
        progress.step("Skriver sidorna, diagrammen och PDF:erna till build/docs/")
        written = write_docs(prepared, project, with_pdf=not args.no_pdf)
        drawn = f", {written.charts_drawn} av {len(prepared.every_chart)} diagram ritade" if prepared.every_chart else ""
        printed = "" if args.no_pdf else f", {written.pdfs_rendered} av {len(prepared.reports)} PDF:er gjorda"
        progress.result(f"{written.files} filer ändrade{drawn}{printed}")
        progress.step("Bygger webbplatsen med MkDocs")
        build_site(project, prepared)
    except BuildError as error:
        print(error, file=sys.stderr)
        print("Webbplatsen i site/ är oförändrad.", file=sys.stderr)
        return 1
    progress.result("site/ är uppdaterad")
    progress.finish("Klart")
    if project.site_url is None and not args.quiet:
        print(NO_SITE_URL, file=sys.stderr)
    if not args.quiet:
        print(VIEW_HINT)
    return 0


def new(project: Project, args: argparse.Namespace) -> int:
    from builder.commands.scaffold import ScaffoldError, scaffold

    try:
        created = scaffold(project, args.series, args.period)
    except ScaffoldError as error:
        print(f"rapport new: {error}", file=sys.stderr)
        return 1
    folder = created.folder.relative_to(project.root).as_posix()
    source = f"rapporten {created.source}" if created.source else "seriens standardavsnitt"
    print(f"Skapade {folder}/ som utkast från {source}.")
    period = created.period
    print(f"Perioden är {period.label} " + (f"(period: {period} i report.yml)." if created.period_written else
                                            "(standard för serien, året till och med rapportens period; report.yml "
                                            "behöver ingen rad period:)."))
    for block in created.text_blocks:
        print(f"Rapportens eget textblock {folder}/textblock/{block}.md är tomt att skriva.")
    print("Skriv texten där det står <!-- Skriv här --> och förhandsgranska med 'rapport serve'.")
    return 0


NOT_PUBLISHED = "Inget ändrades: report.yml och mappen publicerad/ är som de var."


def _publishing(run, command: str):
    """What `run` published, or None with the reason printed (and every file left as it was)."""
    from builder.commands.publish import PublishError

    try:
        return run()
    except PublishError as error:
        print(f"rapport {command}: {error}", file=sys.stderr)
    except (BuildError, OSError) as error:
        print(f"rapport {command}: {error}", file=sys.stderr)
        print(NOT_PUBLISHED, file=sys.stderr)
    except ContentError as error:
        _report_problems(error)
        print(NOT_PUBLISHED, file=sys.stderr)
    return None


def after_publication(project: Project, args: argparse.Namespace) -> int:
    """`rapport omtryck` and `rapport dra-tillbaka`: a new edition of a published report's PDF, or its withdrawal."""
    from builder.commands import publish

    act = publish.reissue if args.name == "omtryck" else publish.withdraw
    done = _publishing(lambda: act(project, args.series, args.period, args.skal, args.datum), args.name)
    if done is None:
        return 1
    folder = done.folder.relative_to(project.root).as_posix()
    if args.name == "omtryck":
        print(f"Gav ut PDF:en för {folder} på nytt den {done.date.isoformat()} som utgåva {done.edition}. Den förra "
              f"finns kvar som utgåva {done.edition - 1}.")
    else:
        print(f"Drog tillbaka {folder} den {done.date.isoformat()}. Sidan säger det och varför; den och PDF:erna "
              "finns kvar.")
    print(f"Checka in {folder}/publicerad/.")
    return 0


def publicera(project: Project, args: argparse.Namespace) -> int:
    from builder.commands.publish import publish

    done = _publishing(lambda: publish(project, args.series, args.period, args.datum), "publicera")
    if done is None:
        return 1
    folder = done.folder.relative_to(project.root).as_posix()
    if done.edition > 1:
        version = f", version {done.version}" if done.version else ""
        print(f"Publicerade rättelsen av {folder} den {done.date.isoformat()} som utgåva {done.edition}{version}: "
              f"{done.corrected} rättade tal. PDF:en som den var före rättelsen finns kvar som utgåva {done.edition - 1}.")
        print(f"Checka in det du rättade i data/ eller i texten, {folder}/report.yml och {folder}/publicerad/ "
              "tillsammans.")
        return 0
    compared = f"jämförd med rapporten för {done.compared_with}" if done.compared_with else "seriens första rapport"
    print(f"Publicerade {folder} med publiceringsdatum {done.date.isoformat()} ({compared}).")
    print(f"Sparade {done.figures} tal, {done.sections} avsnitt och PDF:en ({done.pdf_bytes // 1024} kB) i "
          f"{folder}/publicerad/.")
    print(f"Checka in {folder}/report.yml och {folder}/publicerad/ tillsammans. Byggen visar sedan rapporten som den "
          "publicerades och avbryts om data eller text ändras.")
    return 0


def _reason(text: str) -> str:
    from builder.read.fields import text as checked_text

    try:
        return checked_text(text, None)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"skälet {error}") from None


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' är inget datum; skriv ÅÅÅÅ-MM-DD, till exempel 2025-10-21") from None


def serve(project: Project, args: argparse.Namespace) -> int:
    from builder.commands.serve import serve as run

    return run(project, host=args.host, port=args.port, include_drafts=not args.no_drafts)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rapport",
        description="Bygger rapporterna i content/ och data/ till en webbplats med en PDF för varje rapport.",
    )
    parser.add_argument("--root", default=".", help="projektets mapp (standard: den aktuella mappen)")
    commands = parser.add_subparsers(title="kommandon", metavar="KOMMANDO", required=True)

    p = commands.add_parser("check", help="kontrollera allt innehåll och all data",
                            description="Kontrollerar allt innehåll och all data och visar varje fel som fil:rad: fel. Åtgärd: … "
                                        "Avslutas med kod 1 om något fel hittas.")
    p.add_argument("--statistik", nargs="?", const="", default=None, metavar="SERIE/PERIOD",
                   help="visa sedan för varje rapport (eller bara SERIE/PERIOD, till exempel manadsrapport/2025-10) hur "
                        "många tal i texten och tabellerna som hämtas ur data och hur många som är skrivna för hand")
    p.set_defaults(command=check)

    p = commands.add_parser("build", help="bygg webbplatsen i site/",
                            description="Kontrollerar innehållet och bygger webbplatsen i site/. Utkast tas inte med. "
                                        "Misslyckas bygget ligger den förra webbplatsen kvar orörd.")
    p.add_argument("--drafts", action="store_true", help="ta med utkast (märkta Utkast)")
    p.add_argument("--no-pdf", action="store_true", help="hoppa över rapporternas PDF:er (snabbare förhandsgranskning)")
    p.add_argument("--quiet", "-q", action="store_true", help="skriv bara ut fel")
    p.set_defaults(command=build)

    p = commands.add_parser("new", help="skapa seriens nästa rapport",
                            description="Skapar content/SERIE/PERIOD/ som utkast från seriens senaste rapport: samma "
                                        "avsnitt, rubriker, tabeller, diagram och textblock på samma ställen, men "
                                        "<!-- Skriv här --> där texten stod, och perioden framflyttad.")
    p.add_argument("series", metavar="SERIE", help="seriens mapp i content/, till exempel manadsrapport")
    p.add_argument("period", metavar="PERIOD", nargs="?", default=None,
                   help="rapportens mapp, skriven som seriens rapportperiod: 2025-11 (månad), 2025-T3 (tertial), "
                        "2025-H2 (halvår), 2025 (år) eller ett fritt namn (fri); utan PERIOD blir det perioden "
                        "efter seriens senaste rapport")
    p.set_defaults(command=new)

    p = commands.add_parser("publicera", help="publicera en rapport och spara vad den visar",
                            description="Kontrollerar rapporten som inför ett bygge, sätter status: publicerad och "
                                        "publiceringsdatum i report.yml, och sparar i rapportens mapp publicerad/ vad den "
                                        "visar: varje tal med raderna i data bakom det, vad som är nytt, avsnittens "
                                        "källtext och PDF:en. Senare byggen visar rapporten så och avbryts om data "
                                        "eller text ändras.")
    p.add_argument("series", metavar="SERIE", help="seriens mapp i content/, till exempel regiondirektorens-rapport")
    p.add_argument("period", metavar="PERIOD", help="rapportens mapp, till exempel 2025-10")
    p.add_argument("--datum", type=_date, default=None, metavar="ÅÅÅÅ-MM-DD",
                   help="publiceringsdatum (standard: datumet i report.yml, annars i dag)")
    p.set_defaults(command=publicera)

    for name, help_text, description in (
        ("omtryck", "ge ut en publicerad rapports PDF på nytt, utan att innehållet ändras",
         "Gör PDF:en för en publicerad rapport på nytt, till exempel efter en rättelse av tillgängligheten i mallarna. "
         "Innehållet får inte ha ändrats. Den förra PDF:en finns kvar, och sidan säger när och varför."),
        ("dra-tillbaka", "dra tillbaka en publicerad rapport",
         "Markerar en publicerad rapport som tillbakadragen, med datum och skäl överst på sidan. Sidan och PDF:erna "
         "finns kvar."),
    ):
        p = commands.add_parser(name, help=help_text, description=description)
        p.add_argument("series", metavar="SERIE", help="seriens mapp i content/")
        p.add_argument("period", metavar="PERIOD", help="rapportens mapp, till exempel 2025-10")
        p.add_argument("--skal", type=_reason, required=True, metavar="TEXT", help="varför, som det ska stå på sidan")
        p.add_argument("--datum", type=_date, default=None, metavar="ÅÅÅÅ-MM-DD", help="datum (standard: i dag)")
        p.set_defaults(command=after_publication, name=name)

    p = commands.add_parser("serve", help="förhandsgranska med automatisk uppdatering",
                            description="Bygger webbplatsen med utkast och visar den på en lokal webbserver. Sidan laddas om "
                                        "när något i content/, data/ eller templates/ ändras.")
    p.add_argument("--host", default="127.0.0.1", help="adress att lyssna på (standard: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (standard: 8000)")
    p.add_argument("--no-drafts", action="store_true", help="visa inte utkast")
    p.set_defaults(command=serve)
    return parser
