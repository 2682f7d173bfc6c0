"""content/site.yml: the organisation, the site's framing and the accessibility statement's details."""

from __future__ import annotations

from pathlib import Path

from builder.base import colours, limits
from builder.base.problems import Problems
from builder.read import fields as f
from builder.read.model import SERIES_FILE, SITE_FILE, Accessibility, COMPLIANCE, LICENCES, Registry, SiteSettings
from builder.read.yamlio import read_yaml

LOGO_TYPES = (".png", ".jpg", ".jpeg", ".webp")  # no SVG: a picture on the site's domain must not run scripts
_SIGNATURES = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
               ".webp": (b"RIFF",)}  # how each file type begins


def _colour(value: object, raw: str | None) -> str:
    if value is None or value == "":  # `accentfarg: #00558c` without quotes: YAML reads the rest of the line as a comment
        raise ValueError("är tomt; skriv färgen inom citattecken, till exempel \"#00558c\" (utan citattecken "
                         "läses # som början på en kommentar)")
    text = (raw if raw is not None else str(value)).strip().strip("'\"")
    if not isinstance(value, str) or not colours.HEX.fullmatch(text):
        raise ValueError(f"'{text}' är ingen färg; skriv den som #rrggbb inom citattecken, till exempel \"#00558c\"")
    ratio = colours.contrast(text, colours.WHITE)
    if ratio < colours.TEXT_CONTRAST:
        shown = f"{int(ratio * 100) / 100:.2f}".replace(".", ",")  # rounded down: 4,49 is not enough
        raise ValueError(f"'{text}' ger för låg kontrast mot den vita texten i sidhuvudet ({shown}:1, minst "
                         f"{str(colours.TEXT_CONTRAST).replace('.', ',')}:1 krävs); välj en mörkare färg")
    return text.lower()


SITE_SCHEMA = {
    "organisation": f.Field(f.title, example="Exempelkommunen"),
    "titel": f.Field(f.title, example="Exempelkommunens rapporter"),
    "beskrivning": f.Field(f.text, example="Exempelkommunens rapporter till kommunstyrelsen"),
    "mottagare": f.Field(f.title, example="kommunstyrelsen"),
    "startsida": f.Field(f.text, required=False, example="Här publicerar vi rapporterna till kommunstyrelsen."),
    "logotyp": f.Field(f.title, required=False, example="logotyp.png"),
    "accentfarg": f.Field(_colour, required=False, example='"#00558c"'),
    "serier": f.Field(f.names, required=False, example="[manadsrapport, arsredovisning]"),
    "huvudserie": f.Field(f.title, required=False, example="manadsrapport"),
    "tillganglighet": f.Field(f.mapping),
    "registratur": f.Field(f.mapping, required=False),
    "oppna_data_licens": f.Field(f.choice(*LICENCES), required=False, example="CC0-1.0"),
    "källa": f.Field(f.title, required=False, example="Exempelkommunens ekonomi- och personalsystem"),
}
REGISTRY_SCHEMA = {
    "epost": f.Field(f.title, example="registrator@example.se"),
    "telefon": f.Field(f.title, required=False, example="010-123 45 67"),
}
ACCESSIBILITY_SCHEMA = {
    "epost": f.Field(f.title, example="info@example.se"),
    "telefon": f.Field(f.title, example="010-123 45 67"),
    "bedomningsdatum": f.Field(f.date, example="2026-11-20"),
    "metod": f.Field(f.text, example="egen granskning med automatiska tester"),
    "kanda_brister": f.Field(f.texts, required=False),
    "forenlighet": f.Field(f.choice(*COMPLIANCE), required=False, example="delvis"),
    "uppdaterad": f.Field(f.date, required=False, example="2026-11-20"),
    "svarstid": f.Field(f.title, required=False, example="två arbetsdagar"),
    "oskaligt_betungande": f.Field(f.texts, required=False),
    "omfattas_inte": f.Field(f.texts, required=False),
}


def load_settings(content_dir: Path, problems: Problems) -> SiteSettings | None:
    path = content_dir / SITE_FILE
    data = read_yaml(path, problems)
    if data is None:
        return None
    values = f.read_fields(data, SITE_SCHEMA, path, problems, "webbplatsens inställningar")
    if values is None:
        return None
    a11y = f.read_fields(values["tillganglighet"], ACCESSIBILITY_SCHEMA, path, problems, "tillganglighet")
    registry = values.get("registratur") and f.read_fields(values["registratur"], REGISTRY_SCHEMA, path, problems,
                                                          "registratur")
    logo = values.get("logotyp")
    if logo and not _logo_ok(content_dir, logo, data.line_of("logotyp"), path, problems):
        return None
    named = [("serier", s) for s in values.get("serier", ())] + [("huvudserie", values.get("huvudserie", ""))]
    missing = [(key, slug) for key, slug in named
               if slug and (not f.ID.fullmatch(slug) or not (content_dir / slug / SERIES_FILE).is_file())]
    twice = sorted({s for s in values.get("serier", ()) if values["serier"].count(s) > 1})
    if twice:
        problems.add(path, data.line_of("serier"), f"serien '{twice[0]}' står två gånger under serier",
                     "skriv varje serie en gång, i den ordning webbplatsen ska visa dem")
    known = sorted(p.name for p in content_dir.iterdir() if (p / SERIES_FILE).is_file()) if missing else []
    for key, slug in missing:
        problems.add(path, data.line_of(key), f"serien '{slug}' under {key} finns inte",
                     f"skriv seriens mappnamn i content/: {', '.join(known) or 'det finns inga serier ännu'}")
    if a11y is None or missing or twice or ("registratur" in values and registry is None):
        return None
    return SiteSettings(
        organisation=values["organisation"],
        title=values["titel"],
        description=values["beskrivning"],
        recipient=values["mottagare"],
        home_text=values.get("startsida", ""),
        logo=logo,
        accent=values.get("accentfarg"),
        series_order=values.get("serier", ()),
        main_series=values.get("huvudserie"),
        accessibility=Accessibility(
            email=a11y["epost"], phone=a11y["telefon"], assessed=a11y["bedomningsdatum"],
            method=a11y["metod"], known_issues=a11y.get("kanda_brister", ()),
            compliance=a11y.get("forenlighet") or ("delvis" if a11y.get("kanda_brister") else "helt"),
            updated=a11y.get("uppdaterad") or a11y["bedomningsdatum"], response_time=a11y.get("svarstid"),
            disproportionate=a11y.get("oskaligt_betungande", ()), not_covered=a11y.get("omfattas_inte", ()),
        ),
        registry=Registry(registry["epost"], registry.get("telefon")) if registry else None,
        licence=values.get("oppna_data_licens"),
        source=values.get("källa") or values["organisation"],
    )


def _logo_ok(content_dir: Path, name: str, line: int, path: Path, problems: Problems) -> bool:
    file = content_dir / name
    if "/" in name or "\\" in name or name.startswith(".") or Path(name).suffix.lower() not in LOGO_TYPES:
        problems.add(path, line, f"logotypen '{name}' kan inte användas",
                     f"lägg en bild i content/ och skriv bara filnamnet; tillåtna filtyper är {', '.join(LOGO_TYPES)}")
        return False
    if not file.is_file() or file.is_symlink():
        problems.add(path, line, f"logotypen '{name}' finns inte i content/", "lägg bildfilen i content/ eller rätta namnet")
        return False
    suffix = Path(name).suffix.lower()
    with file.open("rb") as opened:
        start = opened.read(12)
    if not start.startswith(_SIGNATURES[suffix]) or (suffix == ".webp" and start[8:12] != b"WEBP"):
        problems.add(path, line, f"logotypen '{name}' är ingen {suffix[1:].upper()}-bild",
                     "spara bilden på nytt i ett bildprogram, med rätt filändelse")
        return False
    if file.stat().st_size > limits.LOGO_BYTES:
        problems.add(path, line, f"logotypen är för stor ({limits.size_text(file.stat().st_size)}; högst "
                     f"{limits.size_text(limits.LOGO_BYTES)})", "spara bilden i lägre upplösning")
        return False
    return True
