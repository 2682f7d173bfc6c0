"""Where things live in a project folder. Everything else takes its paths from here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


class _IgnoringTags(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (Material's `!!python/name:…` and MkDocs' `!ENV`)."""


_IgnoringTags.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def assets(self) -> Path:
        """Stylesheets and other static files copied into the site as they are."""
        return self.templates / "assets"

    @property
    def mkdocs_config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site_url(self) -> str | None:
        """mkdocs.yml's site_url: where the site is published, for absolute links in the feed."""
        try:
            config = yaml.load(self.mkdocs_config.read_text(encoding="utf-8"), _IgnoringTags)
        except (OSError, yaml.YAMLError):
            return None  # MkDocs reports a broken or missing configuration itself
        return (config or {}).get("site_url") or None

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def docs(self) -> Path:
        """Generated Markdown pages, MkDocs' docs_dir."""
        return self.build / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def editable(self) -> list[Path]:
        """The folders editors and developers change, where no symbolic link may stand (SECURITY.md)."""
        return [self.content, self.data, self.templates]

    def missing(self) -> list[str]:
        """The parts of a project that are not content and are missing here (the folder is not a project)."""
        return [f"{path.name}/" if path.suffix == "" else path.name
                for path in (self.templates, self.mkdocs_config) if not path.exists()]

    @property
    def watched(self) -> list[Path]:
        """Folders whose changes call for a rebuild in the live preview."""
        return [self.content, self.data, self.templates]
