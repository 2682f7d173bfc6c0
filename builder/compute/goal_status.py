"""Goal fulfilment: an indicator's status follows from its typed target and its outcome, its trend from
the previous value read with the target's polarity."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from builder.base import swedish
from builder.read.goals import (BETTER, MET, NOT_ASSESSED, NOT_MET, PARTLY, SAME, WORSE, GoalTarget, Indicator)


@dataclass(frozen=True)
class Assessment:
    status: str
    trend: str | None
    reason: str = ""  # the editor's reason, when the status was set by hand


def _polarity(indicator: Indicator) -> bool | None:
    """Whether a higher value is better: from the target, else from 'riktning' (default: higher,
    for a number target); None for 'bibehålla' and for targets that state no direction."""
    from_target = indicator.target.higher_is_better
    if from_target is not None:
        return from_target
    if indicator.higher_is_better is not None:
        return indicator.higher_is_better
    return True if indicator.target.kind in ("värde", "per-kön") else None


def _part_trend(now: Decimal, before: Decimal, higher_is_better: bool | None) -> str | None:
    if now == before:
        return SAME
    if higher_is_better is None:
        return None
    return BETTER if (now > before) == higher_is_better else WORSE


def _part_met(indicator: Indicator, part: str, now: Decimal, before: Decimal | None) -> bool | None:
    target, higher = indicator.target, _polarity(indicator)
    match target.kind:
        case "riktning":
            if before is None:
                return None
            return {"öka": now > before, "minska": now < before, "bibehålla": now == before,
                    "inte minska": now >= before}[target.direction]
        case "relativ":
            if before is None:
                return None
            factor = 1 + (target.value / 100 if target.direction == "öka" else -target.value / 100)
            goal = before * factor
            return now >= goal if target.direction == "öka" else now <= goal
        case "värde":
            return now >= target.value if higher is not False else now <= target.value
        case "minst":
            return now >= target.value
        case "högst":
            return now <= target.value
        case "över":
            return now > target.value
        case "under":
            return now < target.value
        case "per-kön":
            goal = dict(target.parts).get(part)
            if goal is None:
                return None
            return now >= goal if higher is not False else now <= goal
    return None


def assess(indicator: Indicator, partly_when_improved: bool = True) -> Assessment:
    """Status and trend of one indicator, by the rule in the module docstring."""
    outcome, previous = dict(indicator.outcome), dict(indicator.previous)
    judged = [p for p in (indicator.judged_parts or tuple(outcome)) if p in outcome]
    trends = [_part_trend(outcome[p], previous[p], _polarity(indicator)) for p in judged if p in previous]
    trend = trends[0] if trends and all(t == trends[0] for t in trends) else None
    if indicator.override:
        return Assessment(indicator.override.status, trend, indicator.override.reason)
    if indicator.target.kind == "milstolpe":
        status = NOT_ASSESSED if indicator.achieved is None else MET if indicator.achieved else NOT_MET
        return Assessment(status, None)
    verdicts = [_part_met(indicator, p, outcome[p], previous.get(p)) for p in judged]
    if not judged or indicator.target.kind == "text" or any(v is None for v in verdicts):
        return Assessment(NOT_ASSESSED, trend)
    if all(verdicts):
        return Assessment(MET, trend)
    return Assessment(PARTLY if partly_when_improved and trend == BETTER else NOT_MET, trend)


# Formatting --------------------------------------------------------------------------------------


def format_value(value: Decimal, unit: str) -> str:
    return swedish.format_quantity(value, unit or "antal", swedish.decimals_written(value))


def format_parts(parts: tuple[tuple[str, Decimal], ...], unit: str) -> str:
    if not parts:
        return ""
    if len(parts) == 1 and parts[0][0] == "":
        return format_value(parts[0][1], unit)
    return "; ".join(f"{name[:1].upper() + name[1:]}: {format_value(value, unit)}" for name, value in parts)


def format_target(target: GoalTarget, unit: str) -> str:
    match target.kind:
        case "riktning":
            return target.direction.capitalize()
        case "relativ":
            return f"{target.direction.capitalize()} med {format_value(target.value, '%')}"
        case "värde":
            return format_value(target.value, unit)
        case "minst" | "högst" | "över" | "under":
            return f"{target.kind.capitalize()} {format_value(target.value, unit)}"
        case "per-kön":
            return format_parts(target.parts, unit)
    return target.text


# Loading -----------------------------------------------------------------------------------------
