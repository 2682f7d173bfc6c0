"""Build site/ with MkDocs from build/docs/, atomically: a failed build leaves site/ as it was.

This module is where the project meets MkDocs and Material: the configuration, the build, and what is
done to the built pages (search that stems Swedish, the Content-Security-Policy of builder/render/csp.py).
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from builder.base import atomic
from builder.render import csp
from builder.render.chart_parts import fill_charts
from builder.render.pages import logo_path, navigation
from builder.compute.pipeline import Prepared
from builder.base.problems import BuildError, LogCollector
from builder.base.project import Project


def mkdocs_config(project: Project, prepared: Prepared, site_dir: Path):
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's notice on every build
    from mkdocs.config import load_config

    settings = prepared.content.settings
    config = load_config(
        config_file=str(project.mkdocs_config),
        docs_dir=str(project.docs),
        site_dir=str(site_dir),
        nav=navigation(prepared),
        # From content/site.yml. The theme writes these into its HTML as they are, and escapes them once more
        # in a few attributes: Markup is escaped here once and left alone there.
        site_name=Markup(escape(settings.title)),
        site_description=Markup(escape(settings.description)),
        copyright=Markup(escape(settings.organisation)),
        hooks=[str(Path(__file__).with_name("mkdocs_hooks.py"))],
    )
    if settings.logo:
        config.theme["logo"] = logo_path(settings.logo)
    return config


def run_mkdocs(config) -> None:
    """Run MkDocs' build; its warnings (strict mode) become a BuildError listing them."""
    from jinja2 import TemplateError, TemplateSyntaxError
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    collect = LogCollector(logging.WARNING)
    logger.addHandler(collect)
    previous_propagate, logger.propagate = logger.propagate, False
    try:
        build(config)
    except MkDocsException as error:
        details = "\n".join(f"  mkdocs: {m}" for m in collect.messages)
        raise BuildError(f"MkDocs kunde inte bygga webbplatsen: {error}\n{details}".rstrip()) from None
    except TemplateError as error:
        where = f"{error.filename}:{error.lineno}: " if isinstance(error, TemplateSyntaxError) else ""
        raise BuildError(f"{where}MkDocs kunde inte bygga webbplatsen, fel i en mall: {error.message}") from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = previous_propagate


# Material's search worker appends '*' to every query term (search as you type), and lunr does not
# stem a wildcard term, so an inflected Swedish query ("akutmottagningarna") never meets its stem
# ("akutmottagning"). The worker is made to search each term both as typed (stemmed) and as a prefix.
_PREFIX_ONLY = "map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r}*`)"
_STEMMED_AND_PREFIX = "map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r} ${r}*`)"


def stem_search_queries(site_dir: Path) -> None:
    workers = sorted((site_dir / "assets/javascripts/workers").glob("search.*.min.js"))
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        if _PREFIX_ONLY not in code:
            raise BuildError(f"{worker.name}: Materials sökning har ändrats; se builder/render/site.py (stem_search_queries)")
        worker.write_text(code.replace(_PREFIX_ONLY, _STEMMED_AND_PREFIX), encoding="utf-8")


def theme_scripts(config) -> Callable[[str], set[str]]:
    """The inline scripts the theme writes on a page with a given base URL: its partials/javascripts/
    templates rendered for that base (the only inline scripts csp.protect lets through)."""
    env = config.theme.get_env()
    names = sorted(n for n in env.list_templates() if n.startswith("partials/javascripts/"))
    features = config.theme.get("features") or []

    @cache
    def scripts(base_url: str) -> set[str]:
        html = "".join(env.get_template(n).render(config=config, base_url=base_url, features=features) for n in names)
        return set(csp.scripts(html).inline)

    return scripts


def build_pages(project: Project, prepared: Prepared, site_dir: Path, live_reload: bool = False) -> None:
    """MkDocs' build into `site_dir`, and what is done to its pages afterwards."""
    config = mkdocs_config(project, prepared, site_dir)
    run_mkdocs(config)
    fill_charts(site_dir, project)
    stem_search_queries(site_dir)
    csp.protect(site_dir, theme_scripts(config), live_reload)


def build_site(project: Project, prepared: Prepared) -> None:
    """MkDocs builds into build/site.new/, which then takes the place of site/ in one step."""
    new = project.build / "site.new"
    shutil.rmtree(new, ignore_errors=True)
    try:
        build_pages(project, prepared, new)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    atomic.replace_folder(new, project.site)
