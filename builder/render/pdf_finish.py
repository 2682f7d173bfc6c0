"""What WeasyPrint leaves undone for PDF/UA-1, done to each PDF it makes.

- Link annotations print (flag 4), and each is described by its link's visible text, not by its target
  (`link_annotations`: a WeasyPrint finisher, while the document still knows each link's element).
- Running heads and page numbers are artifacts (`after_weasyprint`, with pikepdf). WeasyPrint leaves the
  margin boxes' marked content outside the structure tree, neither tagged nor artifact, because only
  PDF 2.0 lets an artifact sit in the tree.
- A list inside a list item is tagged inside the item's body (`after_weasyprint`), not beside the item.

Left as WeasyPrint makes it: the structure tree is built page by page, so a table or a paragraph that runs
over a page break is two elements, one on each page. Joining them would mean rewriting its tagging, and
every part stays tagged and in reading order.
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


def after_weasyprint(pdf_bytes: bytes) -> bytes:
    """The PDF with every marked-content sequence that the structure tree does not reach marked as a
    pagination artifact, and nested lists inside their items. WeasyPrint writes text as hex glyph strings, so
    an operator '/Tag <</MCID n>> BDC' in a page's content is never text (and rewriting the bytes is ten times
    quicker than parsing them)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf_bytes)) as document:
        reached = _reached(document)
        changed = _nest_lists(document)
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


def _nest_lists(document) -> bool:
    """Moves each list that WeasyPrint tags beside the item it belongs to (L > L) into that item's body
    (L > LI > LBody > L), so that a screen reader reads it as part of the item. Whether any moved."""
    import pikepdf

    moved = False
    stack = [document.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = _parts(node, all_kids=True)
        if node.get("/S") == "/L" and any(_is(kid, "/L") for kid in kids):
            kept, item = [], None
            for kid in kids:
                body = next((part for part in _parts(item) if _is(part, "/LBody")), None) if item is not None else None
                if _is(kid, "/L") and body is not None:
                    body.K = pikepdf.Array([*_parts(body, all_kids=True), kid])
                    kid.P = body
                    moved = True
                    continue
                kept.append(kid)
                item = kid if _is(kid, "/LI") else None
            node.K = pikepdf.Array(kept)
        stack.extend(kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid)
    return moved


def _is(node, kind: str) -> bool:
    import pikepdf

    return isinstance(node, pikepdf.Dictionary) and node.get("/S") == kind


def _parts(node, all_kids: bool = False) -> list:
    """A structure element's kids: its elements, or with all_kids also its marked content and annotations."""
    import pikepdf

    kids = node.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    return kids if all_kids else [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


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
