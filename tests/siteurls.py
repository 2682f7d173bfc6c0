"""Every URL a built site writes, read from its files: HTML attributes, CSS, the feed, the sitemap, the search
index, the open data and the PDFs' link annotations. `offsite` names the ones that would leave the site."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pikepdf

URL_ATTRIBUTES = {"href", "src", "action", "poster", "xlink:href", "formaction", "data", "cite", "background"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE)
_TEXT_URL = re.compile(r"""(?:\b[a-z][a-z0-9+.-]*:)?//[^\s"'<>,;)]+|\bfile:[^\s"'<>,;)]+""", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    file: str  # path in the site
    url: str
    element: str  # 'a', 'link', 'css', 'pdf', …


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRIBUTES:
                self.found.append((tag, value.strip()))
            elif name in ("srcset", "imagesrcset"):
                self.found += [(tag, part.strip().split()[0]) for part in value.split(",") if part.strip()]
            elif name == "style":
                self.found += [(f"{tag} style", url) for url in css_urls(value)]
            elif name == "content" and dict(attrs).get("http-equiv", "").lower() == "refresh":
                target = re.search(r"url\s*=\s*['\"]?([^'\";]+)", value, re.IGNORECASE)
                if target:
                    self.found.append(("meta refresh", target.group(1).strip()))
        self._style = tag == "style"

    def handle_data(self, data):
        if self._style:
            self.found += [("style", url) for url in css_urls(data)]

    def handle_endtag(self, tag):
        self._style = False


def css_urls(text: str) -> list[str]:
    return [(m.group(2) if m.group(2) is not None else m.group(4)).strip() for m in _CSS_URL.finditer(text)]


def urls(site: Path) -> list[Found]:
    """Every URL in every file of the site that can hold one."""
    found: list[Found] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        suffix = path.suffix.lower()
        if suffix == ".html":
            parser = _Html()
            parser.feed(path.read_text(encoding="utf-8"))
            found += [Found(name, url, element) for element, url in parser.found]
        elif suffix == ".css":
            found += [Found(name, url, "css") for url in css_urls(path.read_text(encoding="utf-8"))]
        elif suffix in (".xml", ".gz"):
            text = gzip.decompress(path.read_bytes()).decode() if suffix == ".gz" else path.read_text(encoding="utf-8")
            found += [Found(name, url, "xml href") for url in re.findall(r'\bhref="([^"]*)"', text)]
            found += [Found(name, url.strip(), "xml loc") for url in re.findall(r"<loc>(.*?)</loc>", text, re.S)]
        elif name == "search/search_index.json":
            for entry in json.loads(path.read_text(encoding="utf-8"))["docs"]:
                found.append(Found(name, entry["location"], "search location"))
                parser = _Html()
                parser.feed(entry.get("text", ""))
                found += [Found(name, url, f"search {element}") for element, url in parser.found]
        elif suffix in (".csv", ".json", ".txt") and not name.startswith("assets/"):  # assets: licence texts
            found += [Found(name, url, "text") for url in _TEXT_URL.findall(path.read_text(encoding="utf-8-sig"))]
        elif suffix == ".pdf":
            found += [Found(name, url, "pdf") for url in pdf_links(path)]
    return found


def pdf_links(path: Path) -> list[str]:
    """The URI of every link annotation, and each annotation's description where it is a URL."""
    links = []
    with pikepdf.open(path) as document:
        for page in document.pages:
            for annotation in page.obj.get("/Annots", []):
                action = annotation.get("/A")
                if action is not None and "/URI" in action:
                    links.append(str(action.URI))
                    description = str(annotation.get("/Contents", ""))
                    if _TEXT_URL.fullmatch(description) or description.startswith("file:"):
                        links.append(description)
    return links


def offsite(found: list[Found], site_url: str | None, allowed: set[str], declared: frozenset[str] = frozenset()) -> list[Found]:
    """URLs that break the rule: each must be relative (and not climb above the site's root), under site_url,
    one of `allowed` (editors' links, in links only), one of `declared` (the project's own outside addresses,
    builder.base.templating.OUTSIDE_LINKS, such as a licence's: in links, and in plain text and JSON files, never
    as a resource to load), a mailto: or tel: link, or data: in a stylesheet or image."""
    root = urlsplit(site_url).path if site_url else "/"
    broken = []
    for item in found:
        url = item.url
        parts = urlsplit(url)
        if url.startswith("//") or parts.scheme == "file":
            broken.append(item)
        elif parts.scheme:
            if site_url and url.startswith(site_url):
                continue
            link = item.element in ("a", "pdf") or item.element.startswith("search a")
            if parts.scheme in ("mailto", "tel") and link:
                continue
            if parts.scheme == "data" and item.element in ("css", "img", "style"):
                continue
            if (url in allowed and link) or (url in declared and (link or item.element == "text")):
                continue
            broken.append(item)
        elif url.startswith("/"):
            if not url.startswith(root):
                broken.append(item)
        elif not url.startswith("#") and item.element != "search location" and _climbs(item.file, parts.path):
            broken.append(item)
    return broken


def _climbs(file: str, path: str) -> bool:
    """Whether a relative path, read from the folder of `file`, goes above the site's root."""
    depth = file.count("/")
    for part in path.split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


def editors_links(root: Path) -> set[str]:
    """The http(s) links editors wrote in a project's Markdown, as the renderer writes them."""
    from builder.read.markdown import parser

    links = set()
    for path in (root / "content").rglob("*.md"):
        for token in parser().parse(path.read_text(encoding="utf-8")):
            for child in token.children or []:
                href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
                if re.match(r"https?:", href):
                    links.add(href)
    return links
