"""`rattelser:` in a published report's report.yml: each correction made after its publication, with its date,
what was corrected and why, and the key figures and sections it concerns. `rapport publicera` records each
one with what it changed (builder.read.record)."""

from __future__ import annotations

from pathlib import Path

from builder.base.problems import Problems
from builder.read import fields as f
from builder.read.model import WrittenCorrection
from builder.read.yamlio import YamlList

FIELD = "rattelser"
SCHEMA = {
    "datum": f.Field(f.date, example="2025-11-04"),
    "vad": f.Field(f.text, example="Antalet arbetsdagar i avsnitten om produktion och personal var fel."),
    "varfor": f.Field(f.text, example="En rad i data hade fått fel värde för september."),
    "nyckeltal": f.Field(f.sequence, required=False),
    "avsnitt": f.Field(f.sequence, required=False),
}


def load_corrections(listed: YamlList, path: Path, problems: Problems) -> tuple[WrittenCorrection, ...] | None:
    """The corrections in order; None when one has an error (each reported at its line)."""
    found, ok = [], True
    for item in listed:
        values = f.read_fields(item, SCHEMA, path, problems, "rättelsen", line=getattr(item, "line", listed.line))
        if values is None:
            ok = False
            continue
        ids = {}
        for name in ("nyckeltal", "avsnitt"):
            written = values.get(name) or YamlList()
            ids[name] = tuple(str(i) for i in written)
            for index, text in enumerate(ids[name]):
                if not f.ID.fullmatch(text):
                    ok = False
                    problems.add(path, written.line_of(index), f"'{text}' under {name} i rättelsen är inget id",
                                 "skriv id:n med små bokstäver a–z, siffror och bindestreck, som i data/metrics.yml "
                                 "och avsnittens filnamn")
        if len(found) and values["datum"] < found[-1].date:
            ok = False
            problems.add(path, item.line_of("datum"), "rättelserna står inte i datumordning",
                         "skriv den senaste rättelsen sist")
        found.append(WrittenCorrection(values["datum"], values["vad"], values["varfor"], ids["nyckeltal"],
                                       ids["avsnitt"], item.line))
    return tuple(found) if ok else None
