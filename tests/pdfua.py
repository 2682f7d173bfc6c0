"""What every PDF a test build makes must pass: the independent PDF/UA-1 validator `page-validation` (the
Matterhorn Protocol's machine checks), our own reading with pikepdf of what it does not check, and the
smallest text: body text 10 pt, tables 9 pt, chart text 7 pt, read from the pages' own drawing operators."""

from __future__ import annotations

from pathlib import Path

import page
import pikepdf

LIST_ITEMS = {"/LI", "/Caption"}  # what an L may hold: a nested list belongs in its item's LBody
ITEM_PARTS = {"/Lbl", "/LBody"}  # what an LI may hold
PRINT = 4  # the annotation flag that prints it


def built_pdfs(site: Path) -> list[Path]:
    """The report PDFs the build made (site/<series>/<issue>/<series>-<issue>.pdf), not the attachments
    published beside them."""
    return sorted(p for p in site.glob("*/*/*.pdf") if p.stem == f"{p.parent.parent.name}-{p.parent.name}")


def validator_failures(path: Path) -> list[str]:
    """The failed rules of page-validation's PDF/UA-1 profile, one line each."""
    report = page.validate_pdf(path, profile="ua1")
    return [f"{path.name}: {failure.rule_id} {failure.message}"
            + (f" (objekt {failure.object_id.object_number})" if failure.object_id else "")
            for failure in report.failures]


def _kids(node: pikepdf.Object) -> list:
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _elements(document: pikepdf.Pdf):
    """(element, parent) for every structure element, in the tree's order."""
    stack = [(kid, None) for kid in reversed(_kids(document.Root.StructTreeRoot))]
    while stack:
        node, parent = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            yield node, parent
            stack.extend((kid, node) for kid in reversed(_kids(node)))


def content_tags(document: pikepdf.Pdf) -> dict[tuple[int, int], tuple[str, ...]]:
    """(page index, marked-content id) -> the kinds of the structure elements above that content, the
    outermost first ('/Sect', '/P', '/Span'): every piece of content that the structure tree reaches."""
    pages = {p.obj.objgen: i for i, p in enumerate(document.pages)}
    found: dict[tuple[int, int], tuple[str, ...]] = {}
    stack = [(document.Root.StructTreeRoot, None, ())]
    while stack:
        node, page_index, kinds = stack.pop()
        for kid in _kids(node):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                where = pages.get(kid["/Pg"].objgen, page_index) if "/Pg" in kid else page_index
                stack.append((kid, where, (*kinds, str(kid["/S"]))))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                where = pages.get(kid["/Pg"].objgen, page_index) if "/Pg" in kid else page_index
                found[(where, int(kid["/MCID"]))] = kinds
            elif not isinstance(kid, pikepdf.Dictionary):
                found[(page_index, int(kid))] = kinds
    return found


def structure_problems(path: Path) -> list[str]:
    """What the validator does not check: lists nest as L > LI > Lbl/LBody; header cells have a scope or are
    named by their cells' /Headers; all content on a page is either in the structure tree or an artifact
    (running heads and page numbers too); every link annotation prints and is described; every Link element
    has a link annotation and none is inside another."""
    problems = []
    with pikepdf.open(path) as document:
        for element, parent in _elements(document):
            kind = str(element["/S"])
            kinds = [str(kid["/S"]) for kid in _kids(element) if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
            if kind == "/L" and set(kinds) - LIST_ITEMS:
                problems.append(f"L med {', '.join(sorted(set(kinds) - LIST_ITEMS))}")
            if kind == "/LI" and (set(kinds) - ITEM_PARTS or parent is None or str(parent["/S"]) != "/L"):
                problems.append(f"LI med {kinds} under {parent and parent['/S']}")
            if kind == "/Table" and (problem := _header_problem(element)):
                problems.append(problem)
            if kind == "/Link" and parent is not None and str(parent["/S"]) == "/Link":
                problems.append("en länk inuti en länk")
            if kind == "/Link" and not _has_annotation(element):
                problems.append("en Link utan länk (en skärmläsare läser upp en länk som inte finns)")
        tagged = content_tags(document)
        for index, pdf_page in enumerate(document.pages):
            loose = _loose_content(pdf_page, {mcid for where, mcid in tagged if where == index})
            if loose:
                problems.append(f"sidan {index + 1}: {loose} innehåll som varken är taggat eller artefakt")
            for annotation in pdf_page.get("/Annots", []):
                if annotation.get("/Subtype") != "/Link":
                    continue
                if not int(annotation.get("/F", 0)) & PRINT:
                    problems.append(f"sidan {index + 1}: en länk som inte skrivs ut")
                if not str(annotation.get("/Contents", "")).strip():
                    problems.append(f"sidan {index + 1}: en länk utan beskrivning")
    return [f"{path.name}: {problem}" for problem in dict.fromkeys(problems)]


def _has_annotation(element: pikepdf.Dictionary) -> bool:
    """The Link element, or a part of it, refers to a link annotation (an OBJR)."""
    return any(isinstance(kid, pikepdf.Dictionary) and (kid.get("/Type") == "/OBJR" or ("/S" in kid and _has_annotation(kid)))
               for kid in _kids(element))


def _header_problem(table: pikepdf.Dictionary) -> str | None:
    """A table's cells are linked to their headers: every TD names its headers (/Headers, which name the /ID
    of header cells), or every TH has a /Scope."""
    cells, stack = [], list(_kids(table))
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if str(node["/S"]) in ("/TH", "/TD"):
                cells.append(node)
            stack.extend(_kids(node))
    ids = {bytes(c["/ID"]) for c in cells if str(c["/S"]) == "/TH" and "/ID" in c}
    data = [c for c in cells if str(c["/S"]) == "/TD"]
    named = all(any(a.get("/Headers") for a in _attributes(c)) and
                all(bytes(h) in ids for a in _attributes(c) for h in a.get("/Headers", [])) for c in data)
    scoped = all(any("/Scope" in a for a in _attributes(c)) for c in cells if str(c["/S"]) == "/TH")
    return None if named or scoped else "en tabell vars celler varken nämner sina rubriker eller har rubriker med /Scope"


def _attributes(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    found = element.get("/A")
    if found is None:
        return []
    return [a for a in (found if isinstance(found, pikepdf.Array) else [found]) if isinstance(a, pikepdf.Dictionary)]


def _loose_content(pdf_page: pikepdf.Page, reached: set[int]) -> int:
    """How many marked-content sequences and painting operators on the page are neither reached by the
    structure tree nor artifacts."""
    loose, depth = 0, 0
    for operands, operator in pikepdf.parse_content_stream(pdf_page):
        name = str(operator)
        if name in ("BDC", "BMC"):
            if depth == 0 and str(operands[0]) != "/Artifact":
                properties = operands[1] if name == "BDC" else None
                if not (isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties
                        and int(properties["/MCID"]) in reached):
                    loose += 1
            depth += 1
        elif name == "EMC":
            depth -= 1
        elif depth == 0 and name in ("Tj", "TJ", "'", '"', "Do", "f", "f*", "F", "S", "s", "B", "B*", "b", "b*", "sh"):
            loose += 1
    return loose


# The smallest text allowed, by the structure element it is drawn for (the nearest of these kinds).
SMALLEST = {"/P": 10, "/LI": 10, "/TD": 9, "/TH": 9, "/Caption": 9, "/Figure": 7}


def small_text(path: Path) -> list[str]:
    """Text drawn smaller than SMALLEST allows for its kind, with the page and the size in points: the font
    size times the scale of the text and drawing matrices (a chart's SVG is scaled into the page)."""
    problems = []
    with pikepdf.open(path) as document:
        tagged = content_tags(document)
        for index, pdf_page in enumerate(document.pages):
            for mcid, size in _text_sizes(pdf_page):
                kind = next((k for k in reversed(tagged.get((index, mcid), ())) if k in SMALLEST), "")
                if kind in SMALLEST and size < SMALLEST[kind] - 0.01:
                    problems.append(f"{path.name}: sidan {index + 1}: text i {kind[1:]} är {size:.1f} pt, "
                                    f"minst {SMALLEST[kind]} pt")
    return list(dict.fromkeys(problems))


def _product(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def _text_sizes(pdf_page: pikepdf.Page):
    """(marked-content id or None, size in points) for every text-showing operator of the page."""
    identity = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    ctm, saved, text_matrix, size, marked = identity, [], identity, 0.0, []
    for operands, operator in pikepdf.parse_content_stream(pdf_page):
        name = str(operator)
        if name == "q":
            saved.append(ctm)
        elif name == "Q":
            ctm = saved.pop()
        elif name == "cm":
            ctm = _product([float(x) for x in operands], ctm)
        elif name == "BT":
            text_matrix = identity
        elif name == "Tm":
            text_matrix = [float(x) for x in operands]
        elif name == "Tf":
            size = float(operands[1])
        elif name in ("BDC", "BMC"):
            properties = operands[1] if name == "BDC" else None
            marked.append(int(properties["/MCID"]) if isinstance(properties, pikepdf.Dictionary) and
                          "/MCID" in properties else None)
        elif name == "EMC":
            marked.pop()
        elif name in ("Tj", "TJ", "'", '"'):
            matrix = _product(text_matrix, ctm)
            mcid = next((m for m in reversed(marked) if m is not None), None)
            yield mcid, size * (matrix[2] ** 2 + matrix[3] ** 2) ** 0.5
