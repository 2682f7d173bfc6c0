"""What WeasyPrint leaves undone for PDF/UA-1, done to each PDF it makes.

- Link annotations print (flag 4), and each is described by its link's visible text, not by its target
  (`link_annotations`: a WeasyPrint finisher, while the document still knows each link's element).
- Running heads and page numbers are artifacts (`mark_artifacts`: after WeasyPrint, with pikepdf).
  WeasyPrint leaves the margin boxes' marked content outside the structure tree, neither tagged nor
  artifact, because only PDF 2.0 lets an artifact sit in the tree.
"""

from __future__ import annotations

import io
import re

PRINT = 4  # the annotation flag: print it with the page


def link_annotations(document, pdf) -> None:
    """A WeasyPrint finisher: every link annotation prints and carries its link's visible text."""
    import pydyf

    for page in document.pages:
        for _, _, _, box in page.links:
            annotation = getattr(box, "link_annotation", None)
            if annotation is None or box.element is None:
                continue
            annotation["F"] = PRINT
            annotation["Contents"] = pydyf.String(visible_text(box.element))


def visible_text(element) -> str:
    """A link's text as the reader sees it (an image's alt text where the link is an image)."""
    parts = [element.text or ""]
    for child in element:
        parts.append(child.get("alt", "") if child.tag == "img" else visible_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def mark_artifacts(pdf_bytes: bytes) -> bytes:
    """The PDF with every marked-content sequence that the structure tree does not reach marked as a
    pagination artifact. WeasyPrint writes text as hex glyph strings, so an operator '/Tag <</MCID n>> BDC' in
    a page's content is never text (and rewriting the bytes is ten times quicker than parsing them)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf_bytes)) as document:
        reached = _reached(document)
        changed = False
        for index, page in enumerate(document.pages):
            seen = reached.get(index, set())
            contents = page.obj.get("/Contents")
            parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
            data = b"\n".join(part.read_bytes() for part in parts)
            marked = _MARKED.sub(lambda m: m.group(0) if int(m.group(1)) in seen else ARTIFACT, data)
            if marked != data:
                page.obj.Contents = document.make_stream(marked)
                changed = True
        if not changed:
            return pdf_bytes
        output = io.BytesIO()
        document.save(output, deterministic_id=True)  # the same input gives the same bytes
        return output.getvalue()


_MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+([0-9]+)\s*>>\s*BDC")
ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def _reached(document) -> dict[int, set[int]]:
    """The marked-content ids that the structure tree reaches, by page index."""
    import pikepdf

    pages = {page.obj.objgen: index for index, page in enumerate(document.pages)}
    reached: dict[int, set[int]] = {}
    stack = [(document.Root.StructTreeRoot, None)]
    while stack:
        node, page = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend((kid, page) for kid in node)
        elif isinstance(node, pikepdf.Dictionary):
            if "/Pg" in node:
                page = pages.get(node["/Pg"].objgen, page)
            if node.get("/Type") == "/MCR":
                reached.setdefault(page, set()).add(int(node["/MCID"]))
            elif node.get("/Type") != "/OBJR" and "/K" in node:
                stack.append((node["/K"], page))
        elif page is not None:
            try:
                reached.setdefault(page, set()).add(int(node))
            except (TypeError, ValueError):
                pass
    return reached
