"""MkDocs hooks (its documented `hooks:` mechanism), given to MkDocs by builder.render.site.

The theme's templates are compiled by Jinja2 on every build; their compiled code is kept in build/cache, keyed
by each template's source, so that a rebuild (the preview's, say) does not compile them again."""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache

CACHE = "mkdocs-mallar"  # under build/cache/


def on_env(env, config, files):
    folder = Path(config["docs_dir"]).parent / "cache" / CACHE
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env
