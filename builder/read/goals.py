"""Goal fulfilment: the balanced scorecard in data/goals/<year>/, with statuses and trends computed.

perspectives -> strategic goals -> success factors -> indicators (styrmått), read and checked here;
statuses and trends are computed in builder.compute.goal_status. The rule and the legend live in
plan.yml; a status set by hand needs a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from builder.read import fields as f
from builder.base import numbers
from builder.base.problems import Problems
from builder.read.yamlio import YamlMap, read_yaml

MET, PARTLY, NOT_MET, NOT_ASSESSED = "uppfyllt", "delvis uppfyllt", "ej uppfyllt", "ej bedömt"
STATUSES = (MET, PARTLY, NOT_MET, NOT_ASSESSED)
FORECASTS = (MET, PARTLY, NOT_MET)
BETTER, SAME, WORSE = "förbättring", "oförändrat", "försämring"
TRENDS = (BETTER, SAME, WORSE)
PLAN_FILE = "plan.yml"
GOAL_REFERENCES = ("hänvisning till målplanen", "hänvisningar till målplanen")  # not checked when it has errors
_NUMBER = rf"({numbers.PATTERN})"


@dataclass(frozen=True)
class GoalTarget:
    kind: str  # riktning, värde, minst, högst, över, under, relativ, per-kön, milstolpe, text
    value: Decimal | None = None
    direction: str = ""  # öka, minska, bibehålla, inte minska (riktning and relativ)
    parts: tuple[tuple[str, Decimal], ...] = ()  # per-kön
    text: str = ""  # milstolpe and text
    achieved: bool | None = None  # a milestone reached, when stated

    @property
    def higher_is_better(self) -> bool | None:
        if self.kind in ("minst", "över") or self.direction in ("öka", "inte minska"):
            return True
        if self.kind in ("högst", "under") or self.direction == "minska":
            return False
        return None  # värde, per-kön: the indicator says; bibehålla: neither

    @classmethod
    def parse(cls, value: object) -> GoalTarget:
        if isinstance(value, YamlMap):
            if "milstolpe" in value or "text" in value:  # {milstolpe: Påbörja, uppnadd: ja} or {text: …}
                kind = "milstolpe" if "milstolpe" in value else "text"
                unknown = set(value) - {kind, "uppnadd"}
                if unknown or not str(value[kind] or "").strip():
                    raise ValueError(f"skrivs som {{{kind}: …}}" + (", uppnadd: ja|nej" if kind == "milstolpe" else ""))
                achieved = f.yes_no(value["uppnadd"]) if "uppnadd" in value else None
                return cls(kind, text=str(value[kind]).strip(), achieved=achieved)
            try:
                parts = tuple((str(k), numbers.parse_number(value.raw.get(k) or str(v))) for k, v in value.items())
            except ValueError:
                raise ValueError("ett mål per kön skrivs som {kvinnor: 16.0, män: 17.2}") from None
            return cls("per-kön", parts=parts)
        text = str(value).strip() if value is not None else ""
        lower = text.lower()
        if lower in ("öka", "minska", "bibehålla", "inte minska"):
            return cls("riktning", direction=lower)
        if match := re.fullmatch(rf"(öka|minska) med {_NUMBER}", lower):
            return cls("relativ", numbers.parse_number(match.group(2)), direction=match.group(1))
        if match := re.fullmatch(rf"(minst|högst|över|under) {_NUMBER}", lower):
            return cls(match.group(1), numbers.parse_number(match.group(2)))
        if re.fullmatch(_NUMBER, text):
            return cls("värde", numbers.parse_number(text))
        for prefix, kind in (("milstolpe:", "milstolpe"), ("text:", "text")):
            if lower.startswith(prefix) and text[len(prefix):].strip():
                return cls(kind, text=text[len(prefix):].strip())
        raise ValueError(f"'{text}' är inget mål; skriv öka, minska, bibehålla, inte minska, ett tal (40), "
                         "minst/högst/över/under och ett tal, öka/minska med ett antal procent, "
                         "'milstolpe: …', 'text: …' eller {kvinnor: …, män: …}")


@dataclass(frozen=True)
class Override:
    status: str
    reason: str


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    factors: tuple[str, ...]
    owner: str
    unit: str
    target: GoalTarget
    outcome: tuple[tuple[str, Decimal], ...]  # ('', v) for a single value, else named parts
    previous: tuple[tuple[str, Decimal], ...]
    previous_label: str
    outcome_prefix: str
    missing_text: str
    judged_parts: tuple[str, ...]
    higher_is_better: bool | None  # from 'riktning'; None: from the target
    achieved: bool | None  # for a milestone
    override: Override | None
    path: Path
    line: int
    factor_line: int = 0  # of the field framgangsfaktor


@dataclass(frozen=True)
class SuccessFactor:
    id: str
    name: str
    owners: tuple[str, ...]
    goal: str


@dataclass(frozen=True)
class StrategicGoal:
    id: str
    name: str
    owners: tuple[str, ...]
    forecast: str
    perspective: str
    factors: tuple[SuccessFactor, ...]


@dataclass(frozen=True)
class LegendEntry:
    key: str  # a status or a trend
    text: str


@dataclass
class Plan:
    year: int
    title: str
    owner_names: dict[str, str]
    partly_when_improved: bool
    legend: tuple[LegendEntry, ...]
    goals: list[StrategicGoal] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)

    def factor(self, factor_id: str) -> SuccessFactor | None:
        return next((f for g in self.goals for f in g.factors if f.id == factor_id), None)

    def indicators_of(self, factor_id: str) -> list[Indicator]:
        return [i for i in self.indicators if factor_id in i.factors]

    def goal_of(self, indicator: Indicator) -> StrategicGoal:
        factor = self.factor(indicator.factors[0])
        return next(g for g in self.goals if g.id == factor.goal)


PLAN_SCHEMA = {
    "titel": f.Field(f.title, example="Målplan 2024"),
    "perspektiv": f.Field(f.names, example="[samhalle, medborgare, verksamhet, medarbetare, ekonomi]"),
    "agare": f.Field(f.mapping, example="{KS: Kommunstyrelsen}"),
    "regel": f.Field(f.mapping),
    "teckenforklaring": f.Field(f.mapping),
}
RULE_SCHEMA = {"delvis_vid_forbattring": f.Field(f.yes_no, example="ja")}
PERSPECTIVE_SCHEMA = {
    "perspektiv": f.Field(f.title, example="Samhälle"),
    "strategiska_mal": f.Field(f.sequence),
    "styrmatt": f.Field(f.sequence),
}
GOAL_SCHEMA = {
    "id": f.Field(f.title, example="ett-livskraftigt-lan"),
    "namn": f.Field(f.title, example="Ett livskraftigt län"),
    "agare": f.Field(f.names),  # checked against the plan's own list: _owners
    "prognos": f.Field(f.choice(*FORECASTS), example=PARTLY),
    "framgangsfaktorer": f.Field(f.sequence),
}
FACTOR_SCHEMA = {
    "id": f.Field(f.title, example="attraktiva-livsmiljoer"),
    "namn": f.Field(f.title, example="Attraktiva livsmiljöer i hela länet"),
    "agare": f.Field(f.names),  # checked against the plan's own list: _owners
}
INDICATOR_SCHEMA = {
    "id": f.Field(f.title, example="besok-filialer"),
    "namn": f.Field(f.title, example="Antal besök på filialer och servicepunkter"),
    "framgangsfaktor": f.Field(f.names, example="attraktiva-livsmiljoer"),
    "agare": f.Field(f.title),  # checked against the plan's own list: _owners
    "enhet": f.Field(f.title, required=False, example='"%"'),
    "mal": f.Field(lambda v, raw: GoalTarget.parse(raw if raw is not None and not isinstance(v, YamlMap) else v),
                   example="öka"),
    "riktning": f.Field(f.choice("högre är bättre", "lägre är bättre"), required=False),
    "utfall": f.Field(lambda v, raw: _values(v, raw), required=False),
    "utfall_prefix": f.Field(f.title, required=False, example="Årsprognos"),
    "utfall_saknas": f.Field(f.title, required=False, example="Uppgift saknas"),
    "foregaende": f.Field(lambda v, raw: _values(v, raw), required=False),
    "foregaende_avser": f.Field(f.title, required=False, example="2021"),
    "bedoms_pa": f.Field(f.names, required=False, example="totalt"),
    "uppnadd": f.Field(f.yes_no, required=False),
    "bedomning": f.Field(f.mapping, required=False),
}
OVERRIDE_SCHEMA = {
    "status": f.Field(f.choice(*STATUSES), example=PARTLY),
    "motivering": f.Field(f.text, example="en mening om varför"),
}


def _number(value: object, raw: str | None) -> Decimal:
    text = raw if raw is not None else str(value)
    if isinstance(value, bool) or not re.fullmatch(_NUMBER, str(text).strip()):
        raise ValueError(f"'{text}' är inget tal; skriv siffror med decimalpunkt, utan enhet")
    return numbers.parse_number(str(text))


def _values(value: object, raw: str | None) -> tuple[tuple[str, Decimal], ...]:
    if isinstance(value, YamlMap):
        return tuple((str(k), _number(v, value.raw.get(k))) for k, v in value.items())
    return (("", _number(value, raw)),)


def load_plans(goals_dir: Path, problems: Problems) -> dict[int, Plan]:
    plans: dict[int, Plan] = {}
    if not goals_dir.is_dir():
        return plans
    for folder in sorted(p for p in goals_dir.iterdir() if p.is_dir()):
        if not re.fullmatch(r"[0-9]{4}", folder.name):
            problems.add(folder, 0, f"mappnamnet '{folder.name}' är inget år",
                         "döp målplanens mapp efter året, till exempel data/goals/2022")
            continue
        plan = _load_plan(folder, problems)
        if plan:
            plans[plan.year] = plan
    return plans


def _load_plan(folder: Path, problems: Problems) -> Plan | None:
    path = folder / PLAN_FILE
    cause = problems.because(path, GOAL_REFERENCES)
    data = read_yaml(path, problems)
    values = f.read_fields(data, PLAN_SCHEMA, path, problems, "målplanen") if data is not None else None
    if values is None:  # what refers to the plan is not checked
        problems.unread("målplan", folder.name, cause)
        return None
    rule = f.read_fields(values["regel"], RULE_SCHEMA, path, problems, "regeln") or {"delvis_vid_forbattring": True}
    legend = []
    entries = values["teckenforklaring"]
    for key, text in entries.items():
        if key not in STATUSES + TRENDS:
            problems.add(path, entries.line_of(key), f"'{key}' finns inte i teckenförklaringen",
                         f"välj bland {', '.join(STATUSES + TRENDS)}")
            continue
        try:
            legend.append(LegendEntry(key, f.text(text, entries.raw.get(key))))
        except ValueError as error:
            problems.add(path, entries.line_of(key), f"teckenförklaringen för '{key}' {error}")
    owners = {}
    for key, name in values["agare"].items():
        try:
            owners[f.title(key, None)] = f.title(name, values["agare"].raw.get(key))
        except ValueError as error:
            problems.add(path, values["agare"].line_of(key), f"styrelsen eller nämnden '{key}' {error}")
    plan = Plan(int(folder.name), values["titel"], owners, rule["delvis_vid_forbattring"], tuple(legend))
    ids: dict[str, int] = {}
    for name in values["perspektiv"]:  # the scorecard's order
        if not f.ID.fullmatch(name):  # a file name in the plan's own folder, never a path
            problems.add(path, data.line_of("perspektiv"), f"perspektivet '{name}' duger inte som filnamn",
                         "skriv perspektivets filnamn utan .yml, med små bokstäver a–z, siffror och bindestreck")
            problems.unread(f"framgångsfaktor {plan.year}", None, cause)  # its factors are not known
            continue
        if not (folder / f"{name}.yml").is_file():
            problems.add(path, data.line_of("perspektiv"), f"perspektivet '{name}' saknas ({name}.yml finns inte)",
                         f"skapa {folder.name}/{name}.yml eller ta bort namnet ur listan perspektiv")
            problems.unread(f"framgångsfaktor {plan.year}", None, cause)
            continue
        _load_perspective(folder / f"{name}.yml", plan, ids, problems)
    for file in sorted(folder.glob("*.yml")):
        if file.name != PLAN_FILE and file.stem not in values["perspektiv"]:
            problems.add(file, 0, f"perspektivet '{file.stem}' saknas i listan perspektiv i {PLAN_FILE}",
                         f"lägg till {file.stem} i listan perspektiv, på sin plats i ordningen")
    factors = {f.id for g in plan.goals for f in g.factors}
    for indicator in plan.indicators:
        for factor in indicator.factors:
            if factor not in factors and not problems.skip(f"framgångsfaktor {plan.year}", factor):
                problems.add(indicator.path, indicator.factor_line, f"styrmåttet '{indicator.id}' hör till okänd framgångsfaktor "
                             f"'{factor}'", "skriv id:t för en framgångsfaktor under strategiska_mal")
    return plan


def _owners(plan: Plan, one: bool = False) -> f.Field:
    """agare: the boards and committees listed in plan.yml, so a new one is added there, not in the code."""
    def parse(value: object, raw: str | None) -> str | tuple[str, ...]:
        names = (f.text(value, raw),) if one else f.names(value)
        for name in names:
            if name not in plan.owner_names:
                raise ValueError(f"'{name}' är ingen styrelse eller nämnd i målplanen; välj bland "
                                 f"{', '.join(plan.owner_names)}, eller lägg till den under agare i {PLAN_FILE}")
        return names[0] if one else names

    return f.Field(parse, example="RS" if one else "[RS, RUN]")


def _unique(item_id: str, ids: dict[str, int], path: Path, line: int, problems: Problems) -> bool:
    if not f.ID.fullmatch(item_id):
        problems.add(path, line, f"id '{item_id}' duger inte", "använd små bokstäver a–z, siffror och bindestreck")
        return False
    if item_id in ids:
        problems.add(path, line, f"id '{item_id}' används redan i målplanen", "ge varje mål, faktor och styrmått ett eget id")
        return False
    ids[item_id] = line
    return True


def _load_perspective(path: Path, plan: Plan, ids: dict[str, int], problems: Problems) -> None:
    cause, factor_kind = problems.because(path, GOAL_REFERENCES), f"framgångsfaktor {plan.year}"
    data = read_yaml(path, problems)
    values = f.read_fields(data, PERSPECTIVE_SCHEMA, path, problems, "perspektivet") if data is not None else None
    if values is None:  # its success factors are not known: what refers to one is not checked
        problems.unread(factor_kind, None, cause)
        return
    goal_schema, factor_schema = ({**schema, "agare": _owners(plan)} for schema in (GOAL_SCHEMA, FACTOR_SCHEMA))
    indicator_schema = {**INDICATOR_SCHEMA, "agare": _owners(plan, one=True)}
    goals = values["strategiska_mal"]
    for index, item in enumerate(goals):
        goal = f.read_fields(item, goal_schema, path, problems, "det strategiska målet", goals.line_of(index))
        if goal is None or not _unique(goal["id"], ids, path, item.line, problems):
            listed = item.get("framgangsfaktorer") if isinstance(item, YamlMap) else None
            for written in filter(None, map(f.written_id, listed if isinstance(listed, list) else [])):
                problems.unread(factor_kind, written, cause)
            continue
        factors = []
        listed = goal["framgangsfaktorer"]
        for factor_index, factor_item in enumerate(listed):
            factor = f.read_fields(factor_item, factor_schema, path, problems, "framgångsfaktorn",
                                   listed.line_of(factor_index))
            if factor and _unique(factor["id"], ids, path, factor_item.line, problems):
                factors.append(SuccessFactor(factor["id"], factor["namn"], factor["agare"], goal["id"]))
            elif written := f.written_id(factor_item):
                problems.unread(factor_kind, written, cause)
        plan.goals.append(StrategicGoal(goal["id"], goal["namn"], goal["agare"], goal["prognos"],
                                        values["perspektiv"], tuple(factors)))
    indicators = values["styrmatt"]
    for index, item in enumerate(indicators):
        spec = f.read_fields(item, indicator_schema, path, problems, "styrmåttet", indicators.line_of(index))
        if spec is None or not _unique(spec["id"], ids, path, item.line, problems):
            continue
        override = None
        if "bedomning" in spec:
            chosen = f.read_fields(spec["bedomning"], OVERRIDE_SCHEMA, path, problems, "bedömningen", item.line_of("bedomning"))
            override = Override(chosen["status"], chosen["motivering"]) if chosen else None
        plan.indicators.append(Indicator(
            id=spec["id"], name=spec["namn"], factors=spec["framgangsfaktor"], owner=spec["agare"],
            unit=spec.get("enhet", ""), target=spec["mal"], outcome=spec.get("utfall", ()),
            previous=spec.get("foregaende", ()), previous_label=spec.get("foregaende_avser", ""),
            outcome_prefix=spec.get("utfall_prefix", ""), missing_text=spec.get("utfall_saknas", ""),
            judged_parts=spec.get("bedoms_pa", ()),
            higher_is_better={"högre är bättre": True, "lägre är bättre": False}.get(spec.get("riktning", "")),
            achieved=spec.get("uppnadd", spec["mal"].achieved), override=override, path=path, line=item.line,
            factor_line=item.line_of("framgangsfaktor"),
        ))
