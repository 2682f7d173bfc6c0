"""The open-data folder: every observation and every key figure's definition, as CSV and JSON, and a
Frictionless Data Package (datapackage.json) that describes the CSV files for machines: licence, dates and
a Table Schema for each.

Written on every build from the same data as the reports, so the published numbers and the open data
cannot differ. The column descriptions below are the ones the folder's README, page and package show.
"""

from __future__ import annotations

from builder.compute.addresses import METRICS, OBSERVATIONS, OPEN_DATA_URL as URL
import datetime as dt
from decimal import Decimal, InvalidOperation

from builder.compute.downloads import FORMATS, INTERNATIONAL, JSON, SWEDISH, Value, csv_bytes, file_name, json_bytes
from builder.base.templating import OUTSIDE_LINKS
from builder.read.model import LICENCES, SiteSettings
from builder.read.metrics import ACTUAL, Metric
from builder.read.data import Data
from builder.read.csv_data import Observation
from builder.base.periods import Month


OBSERVATION_COLUMNS = (
    ("nyckeltal", "Nyckeltalets id. Vad talet mäter står i nyckeltalsfilerna."),
    ("period", "Perioden som värdet gäller, skriven som i källdata: en månad (2025-09), "
               "ett intervall av månader (2025-01..2025-09) eller ett helt år (2025)."),
    ("fran_manad", "Periodens första månad, ÅÅÅÅ-MM."),
    ("till_manad", "Periodens sista månad, ÅÅÅÅ-MM."),
    ("typ", "utfall, budget, prognos eller mål."),
    ("varde", "Talet utan enhet och utan mellanslag mellan tusental. Tomt för ett mål."),
    ("mal", "Bara för typ mål: ett tal (16), en gräns (>=16, <=300, >0), ett intervall (1..3), "
            "en riktning (öka, minska, bibehålla) eller en text efter 'text:'."),
    ("enhet", "Nyckeltalets enhet, till exempel mnkr, % eller antal."),
    ("dimension", "Vad värdet är uppdelat efter, till exempel kön. Tomt när värdet gäller helheten."),
    ("kategori", "Kategorin inom uppdelningen, till exempel kvinnor."),
    ("illustrativ", "ja när värdet är illustrativt och alltså inte en verklig uppgift, annars nej."),
    ("anmarkning", "Text som rapporterna skriver efter värdet, till exempel 'i normalfallet'."),
    ("lagd", "Bara för budget och prognos: månaden då den gjordes, ÅÅÅÅ-MM. Samma prognos kan finnas lagd flera "
             "månader; en rapport visar den senaste som var lagd vid periodens slut. Tomt när det inte anges."),
    ("rattad", "ja när värdet har ändrats efter att en rapport publicerade det, genom en publicerad rättelse "
               "(se sidan Rättelser), annars nej."),
    ("forst_publicerat_varde", "Bara för ett rättat värde: värdet som först publicerades. Tomt för ett värde "
                               "som inte har rättats."),
)

METRIC_COLUMNS = (
    ("id", "Nyckeltalets id, samma som i observationerna."),
    ("namn", "Namnet som rapporterna använder."),
    ("beskrivning", "Vad nyckeltalet mäter."),
    ("enhet", "Enheten. När rapporterna jämför ett nyckeltal i % med ett annat år anges skillnaden i procentenheter."),
    ("decimaler", "Hur många decimaler rapporterna visar."),
    ("riktning", "högre är bättre, lägre är bättre eller neutral."),
    ("ackumulering", "Hur månadsvärden blir ett värde för en längre period: summa (läggs ihop), "
                     "senaste (värdet i periodens sista månad) eller andel (andelar och genomsnitt, läggs inte ihop)."),
    ("forandring", "ja när nyckeltalet självt är en förändring mot samma period året innan, eller en avvikelse "
                   "(se avvikelse_mot)."),
    ("avvikelse_mot", "budget eller mål när nyckeltalet självt är en avvikelse mot budgeten eller målet; annars tomt."),
    ("avrundning", "Hur värdena anges: exakt, antalet decimaler de är avrundade till, eller delarnas summa (talet "
                   "visas som summan av sina avrundade delar)."),
    ("summa_av", "Nyckeltal som tillsammans ska ge detta, inom avrundningen; id åtskilda med mellanslag."),
    ("del_av", "Nyckeltal som detta är en del av."),
)


PACKAGE = "datapackage.json"
# The Table Schema type of each column that is not a text.
_TYPES = {"fran_manad": "yearmonth", "till_manad": "yearmonth", "lagd": "yearmonth", "varde": "number",
          "illustrativ": "boolean", "decimaler": "integer", "forandring": "boolean", "rattad": "boolean",
          "forst_publicerat_varde": "number"}


def _observation_record(observation: Observation, metric: Metric, first_published: dict[str, str]) -> dict:
    dimension, category = observation.dimension or (None, None)
    first = first_published.get(observation.recorded[0])
    return {
        "nyckeltal": observation.metric, "period": str(observation.period), "fran_manad": str(observation.period.start),
        "till_manad": str(observation.period.end), "typ": observation.kind, "varde": observation.value,
        "mal": observation.target.written() if observation.target else None, "enhet": metric.unit,
        "dimension": dimension, "kategori": category, "illustrativ": observation.illustrative,
        "anmarkning": observation.note, "lagd": str(observation.made) if observation.made else None,
        "rattad": first is not None, "forst_publicerat_varde": _number(first),
    }


def _number(text: str | None) -> Decimal | None:
    """A value first published, where it is a number (a target is text)."""
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def _metric_record(metric: Metric) -> dict:
    return {
        "id": metric.id, "namn": metric.label, "beskrivning": metric.description, "enhet": metric.unit,
        "decimaler": metric.decimals, "riktning": metric.polarity, "ackumulering": metric.aggregation,
        "forandring": metric.is_change,
        "avvikelse_mot": metric.against.removeprefix("mot-") or None, "avrundning": "exakt" if metric.exact else "delarnas summa" if metric.sum_of_rounded_parts else metric.rounded_to,
        "summa_av": list(metric.parts), "del_av": metric.whole,
    }


def _csv_value(value) -> Value:
    """Records' values as CSV cells: yes/no as ja/nej, lists space-separated."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, int):
        return str(value)
    return value


def _encode(columns, records: list[dict], form: str) -> bytes:
    if form == JSON:
        return json_bytes(records)
    names = [name for name, _ in columns]
    return csv_bytes(names, [[_csv_value(record[name]) for name in names] for record in records],
                     swedish=form == SWEDISH)


def published(data: Data, until: Month | None) -> list[Observation]:
    """The observations that may be public: an outcome only when its period ends by the newest published
    report's period (`until`), so that figures entered for a coming report wait for that report."""
    return [o for o in data.observations if o.kind != ACTUAL or (until is not None and o.period.end <= until)]


def files(data: Data, until: Month | None, settings: SiteSettings, published_on: list[dt.date],
          first_published: dict[str, str] | None = None) -> dict[str, bytes]:
    """Path under the site root -> contents, for the folder's data files and their package. `first_published`:
    the value a report first published of each data row a published correction changed, by the row's key."""
    observations = [_observation_record(o, data.metrics[o.metric], first_published or {})
                    for o in published(data, until)]
    metrics = [_metric_record(m) for m in data.metrics.values()]
    out = {}
    for form in FORMATS:
        out[URL + file_name(OBSERVATIONS, form)] = _encode(OBSERVATION_COLUMNS, observations, form)
        out[URL + file_name(METRICS, form)] = _encode(METRIC_COLUMNS, metrics, form)
    out[URL + PACKAGE] = json_bytes(package(settings, published_on))
    return out


def first_published(corrections) -> dict[str, str]:
    """Each data row a published correction changed, by its key: the value first published. `corrections`:
    builder.read.record.Correction, newest first."""
    first: dict[str, str] = {}
    for correction in reversed(list(corrections)):  # the oldest first
        for figure in correction.figures:
            for key, old, _ in figure.rows:
                if old:
                    first.setdefault(key, old)
    return first


def licence(settings: SiteSettings) -> tuple[str, str] | None:
    """The open data's licence (`oppna_data_licens`): its name and the address of its text; None without one."""
    return (LICENCES[settings.licence], OUTSIDE_LINKS[settings.licence]) if settings.licence else None


def package(settings: SiteSettings, published_on: list[dt.date]) -> dict:
    """The Data Package of the CSV files: what they are, under which licence, since when and as of when (the
    first and the newest publication date of a report; the build reads no clock), and each file's columns."""
    described = {"profile": "tabular-data-package", "name": "nyckeltal",
                 "title": f"Nyckeltalen i {settings.organisation}s rapporter",
                 "description": f"Alla värden och nyckeltal som rapporterna på webbplatsen {settings.title} bygger på."}
    if named := licence(settings):
        described["licenses"] = [{"name": settings.licence, "title": named[0], "path": named[1]}]
    if published_on:
        described["created"] = f"{min(published_on).isoformat()}T00:00:00Z"
        described["modified"] = f"{max(published_on).isoformat()}T00:00:00Z"
    described["resources"] = [_resource(stem, title, columns, form)
                              for stem, title, columns in ((OBSERVATIONS, "Observationer", OBSERVATION_COLUMNS),
                                                           (METRICS, "Nyckeltal", METRIC_COLUMNS))
                              for form in (INTERNATIONAL, SWEDISH)]
    return described


def _resource(stem: str, title: str, columns, form: str) -> dict:
    swedish = form == SWEDISH
    fields = []
    for name, text in columns:
        field = {"name": name, "type": _TYPES.get(name, "string"), "description": text}
        if field["type"] == "boolean":
            field |= {"trueValues": ["ja"], "falseValues": ["nej"]}
        if field["type"] == "number" and swedish:
            field["decimalChar"] = ","
        fields.append(field)
    resource = {"name": file_name(stem, form).removesuffix(".csv"), "path": file_name(stem, form),
                "profile": "tabular-data-resource",
                "title": f"{title}{', för svenska kalkylprogram' if swedish else ''}",
                "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig" if swedish else "utf-8",
                "schema": {"fields": fields, "missingValues": [""]}}
    if swedish:
        resource["dialect"] = {"delimiter": ";"}
    return resource
