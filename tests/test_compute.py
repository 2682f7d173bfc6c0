"""Period arithmetic, comparisons and consistency rules as pure functions."""

from __future__ import annotations

from builder.base import periods

from decimal import Decimal as D

from builder.compute import observations as compute
from builder.compute.observations import Observations, check_consistency
from builder.read.metrics import Metric, Target
from builder.read.csv_data import Observation
from builder.base.periods import Month, Period


def metric(id, aggregation="summa", unit="antal", decimals=0, parts=(), whole=None):
    return Metric(id, id, unit, decimals, "neutral", aggregation, "", parts=parts, whole=whole)


def obs(metric_id, period, value, kind="utfall", dimension=None, line=1):
    return Observation(metric_id, Period.parse(period), kind, D(value), None, dimension, False, "", "data/x.csv", line)


def test_periods():
    p = Period.parse("2025-01..2025-09")
    assert periods.same_period_last_year(p) == Period.parse("2024-01..2024-09")
    assert periods.year_to_date(Month(2025, 9)) == p
    assert Period.of_year(2024) == Period.parse("2024-01..2024-12")
    assert len(p.months) == 9
    assert Period.parse("2025-01..2025-10").rolled_forward(3) == Period.parse("2026-01")
    assert Period.parse("2024-11..2025-02").rolled_forward(1) == Period.parse("2024-12..2025-03")


def test_changes_and_shares():
    assert compute.change(D("5.94"), D("5.61")) == D("0.33")  # procentenheter for rates
    assert compute.change_percent(D(997547), D(961356)).quantize(D("0.01")) == D("3.76")
    assert compute.change_percent(D(-50), D(-100)) == D(50)  # relative to the size of the base
    assert compute.change_percent(D(5), D(0)) is None
    assert compute.share_percent(D(55), D(100)) == D(55)
    assert compute.share_percent(D(1), D(0)) is None
    assert compute.deviation(D(-595), D(258)) == D(-853)


def test_value_for_a_period_accumulates_by_kind_of_figure():
    visits, staff, rate = metric("besok"), metric("anstallda", "senaste"), metric("sjuk", "andel", "%", 2)
    monthly = [obs("besok", f"2025-0{m}", 100 * m) for m in range(1, 4)]
    stock = [obs("anstallda", f"2025-0{m}", 7000 + m) for m in range(1, 4)]
    rates = [obs("sjuk", f"2025-0{m}", "5.5") for m in range(1, 4)]
    index = Observations(monthly + stock + rates)
    q1 = Period.parse("2025-01..2025-03")
    assert index.value(visits, q1).value == 600  # a flow is summed
    assert index.value(staff, q1).value == 7003  # a stock takes the last month
    assert index.value(rate, q1) is None  # a rate is never added up
    assert index.value(visits, Period.parse("2025-01..2025-04")) is None  # April is missing
    direct = obs("besok", "2025-01..2025-03", 650)
    assert Observations(monthly + [direct]).value(visits, q1).value == 650  # a stated total wins


def test_targets_are_typed():
    assert Target.parse(">=16").is_met(D("16")) and not Target.parse(">=16").is_met(D("13.3"))
    assert Target.parse("<=300").is_met(D(300))
    assert Target.parse(">0").is_met(D(1)) and not Target.parse(">0").is_met(D(0))
    assert Target.parse("1..3").is_met(D(2)) and not Target.parse("1..3").is_met(D("-0.7"))
    assert Target.parse("öka").is_met(D(1)) is None and Target.parse("öka").kind == "riktning"
    assert Target.parse("text: Planen följs").text == "Planen följs"
    pct = metric("x", "andel", "%", 1)
    assert Target.parse(">=16").format(pct) == "16\u00a0% eller högre"
    assert Target.parse("1..3").format(pct) == "1–3\u00a0%"
    assert Target.parse(">0").format(metric("y", unit="mnkr")) == "över 0\u00a0mnkr"


def test_sum_of_parts_allows_rounding_only():
    metrics = {m.id: m for m in [metric("sjuk", "andel", "%", 2, parts=("kort", "lang")),
                                 metric("kort", "andel", "%", 2), metric("lang", "andel", "%", 2)]}
    # 2,53 + 3,42 = 5,95 against 5,94: rounding, not an error (the October 2025 report)
    ok = [obs("sjuk", "2025-01..2025-09", "5.94"), obs("kort", "2025-01..2025-09", "2.53"),
          obs("lang", "2025-01..2025-09", "3.42")]
    assert check_consistency(metrics, Observations(ok)) == []
    wrong = [obs("sjuk", "2025-01..2025-09", "5.97", line=2), obs("kort", "2025-01..2025-09", "2.53", line=3),
             obs("lang", "2025-01..2025-09", "3.42", line=4)]
    (violation,) = check_consistency(metrics, Observations(wrong))
    assert violation.observation.line == 2
    assert "kort 2,53 (rad 3) + lang 3,42 (rad 4) = 5,95" in violation.message


def test_part_never_exceeds_its_whole():
    metrics = {m.id: m for m in [metric("alla"), metric("del", whole="alla")]}
    observations = [obs("alla", "2025-09", 100, line=2), obs("del", "2025-09", 101, line=3)]
    (violation,) = check_consistency(metrics, Observations(observations))
    assert violation.observation.line == 3
    assert "större än helheten alla 100 (data/x.csv:2)" in violation.message
