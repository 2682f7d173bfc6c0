"""`rapport serve`: a live preview that rebuilds when content/, data/ or templates/ change.

MkDocs' LiveReloadServer watches the folders, calls `rebuild` and reloads the open browser tab.
A change with errors prints them and keeps showing the last good version.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from builder.base.atomic import build_lock
from builder.render.pages import write_docs
from builder.compute.pipeline import prepare
from builder.base.problems import BuildError, ContentError
from builder.base.progress import seconds
from builder.base.project import Project
from builder.render.site import build_pages


def serve(project: Project, host: str, port: int, include_drafts: bool) -> int:
    from mkdocs.livereload import LiveReloadServer

    site_dir = Path(tempfile.mkdtemp(prefix="rapport-serve-"))

    def rebuild() -> None:
        started = time.perf_counter()
        try:
            with build_lock(project.build, sys.stdout):
                prepared = prepare(project, include_drafts=include_drafts)
                write_docs(prepared, project)
                build_pages(project, prepared, site_dir, live_reload=True)
        except ContentError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            print("Förhandsgranskningen visar den senaste versionen utan fel.", file=sys.stderr, flush=True)
            return
        except BuildError as error:
            print(error, file=sys.stderr, flush=True)
            return
        print(f"{time.strftime('%H:%M:%S')} Uppdaterad ({seconds(time.perf_counter() - started)})", flush=True)

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    rebuild()
    for path in [*project.watched, project.mkdocs_config]:
        if path.exists():
            server.watch(str(path))
    print(f"Förhandsgranskning på {server.url} (avsluta med Ctrl+C)", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0
