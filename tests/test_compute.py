"""Period arithmetic, comparisons and consistency rules as pure functions."""

from __future__ import annotations

from builder.base import periods

from decimal import Decimal as D

from builder.compute import observations as compute
from builder.compute.observations import Observations, check_consistency
from builder.base.problems import Problems
from builder.read.metrics import Metric, Target, load_metrics
from builder.read.csv_data import Observation
from builder.base.periods import Month, Period


def metric(id, aggregation="summa", unit="antal", decimals=0, parts=(), whole=None, **rounding):
    return Metric(id, id, unit, decimals, "neutral", aggregation, "", parts=parts, whole=whole, **rounding)


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
    # 101 and 100, each rounded to whole units, may both be 100,5: within the rounding
    assert check_consistency(metrics, Observations([obs("alla", "2025-09", 100), obs("del", "2025-09", 101)])) == []
    observations = [obs("alla", "2025-09", 100, line=2), obs("del", "2025-09", 102, line=3)]
    (violation,) = check_consistency(metrics, Observations(observations))
    assert violation.observation.line == 3
    assert "större än helheten alla 100 (data/x.csv:2)" in violation.message


def test_exact_sum_must_match_exactly():
    metrics = {m.id: m for m in [metric("alla", parts=("fast", "tillf"), exact=True),
                                 metric("fast", exact=True), metric("tillf", exact=True)]}
    assert compute.sum_tolerance([metrics["fast"], metrics["tillf"]], metrics["alla"]) == 0
    ok = [obs("alla", "2025-06", 7428), obs("fast", "2025-06", 6948), obs("tillf", "2025-06", 480)]
    assert check_consistency(metrics, Observations(ok)) == []
    off_by_one = [obs("alla", "2025-06", 7429, line=2), obs("fast", "2025-06", 6948, line=3),
                  obs("tillf", "2025-06", 480, line=4)]
    (violation,) = check_consistency(metrics, Observations(off_by_one))
    assert violation.observation.line == 2
    assert "= 7\u00a0428" in violation.message
    assert "exakta, så summan måste stämma exakt" in violation.hint
    # the same numbers rounded to whole units (no avrundning) pass: 1 is within 3 × 0,5
    rounded = {m.id: m for m in [metric("alla", parts=("fast", "tillf")), metric("fast"), metric("tillf")]}
    assert check_consistency(rounded, Observations(off_by_one)) == []


def test_rounded_sum_tolerance_is_half_a_unit_per_value():
    metrics = {m.id: m for m in [metric("sjuk", "andel", "%", 2, parts=("kort", "lang")),
                                 metric("kort", "andel", "%", 2), metric("lang", "andel", "%", 2)]}
    assert compute.sum_tolerance([metrics["kort"], metrics["lang"]], metrics["sjuk"]) == D("0.015")
    parts = [obs("kort", "2025-09", "2.53"), obs("lang", "2025-09", "3.42")]  # 5,95
    assert check_consistency(metrics, Observations([obs("sjuk", "2025-09", "5.935")] + parts)) == []  # 0,015 off
    (violation,) = check_consistency(metrics, Observations([obs("sjuk", "2025-09", "5.93")] + parts))  # 0,02 off
    assert "skillnader inom avrundningen, här högst 0,015, godtas" in violation.hint
    # data rounded to one decimal (avrundning: 1) allow more than the two decimals shown
    coarse = {**metrics, "sjuk": metric("sjuk", "andel", "%", 2, parts=("kort", "lang"), data_decimals=1)}
    assert coarse["sjuk"].rounded_to == 1 and coarse["sjuk"].half_unit() == D("0.05")
    assert check_consistency(coarse, Observations([obs("sjuk", "2025-09", "5.9")] + parts)) == []


def test_a_part_of_a_change_is_compared_by_magnitude():
    metrics = {m.id: m for m in [metric("total", unit="mnkr", is_change=True),
                                 metric("del", unit="mnkr", whole="total", is_change=True)]}

    def check(part, whole):
        return check_consistency(metrics, Observations([obs("total", "2025-06", whole, line=2),
                                                        obs("del", "2025-06", part, line=3)]))

    assert check(-23, -122) == []  # a smaller decrease within a decrease
    assert check(-122, -122) == [] and check(0, -122) == [] and check(23, 122) == []
    (larger,) = check(-150, -122)
    assert larger.observation.line == 3
    assert "är −150, till beloppet större än helheten total −122 (data/x.csv:2)" in larger.message
    (increase,) = check(12, -122)
    assert "är +12, med motsatt tecken mot helheten total −122" in increase.message
    assert increase.hint.startswith("en del av en minskning kan inte vara en ökning")
    (decrease,) = check(-12, 122)
    assert decrease.hint.startswith("en del av en ökning kan inte vara en minskning")
    (opposite_and_larger,) = check(150, -122)  # one error: the sign
    assert "motsatt tecken" in opposite_and_larger.message
    assert check("-122.4", -122) == []  # within the rounding of two whole numbers
    exact = {m.id: m for m in [metric("total", exact=True), metric("del", whole="total", exact=True)]}
    (violation,) = check_consistency(exact, Observations([obs("total", "2025-06", 100), obs("del", "2025-06", "100.4")]))
    assert "till beloppet större" in violation.message


def _metrics_yml(tmp_path, extra):
    path = tmp_path / "metrics.yml"
    path.write_text("nyckeltal:\n  - id: alla\n    namn: Alla\n    enhet: antal\n    decimaler: 0\n"
                    "    riktning: neutral\n    ackumulering: summa\n" + extra, encoding="utf-8")
    problems = Problems(tmp_path)
    return load_metrics(path, problems), [str(p) for p in problems.sorted()]


def test_avrundning_is_read_and_checked(tmp_path):
    metrics, errors = _metrics_yml(tmp_path, "    avrundning: exakt\n")
    assert errors == [] and metrics["alla"].exact and metrics["alla"].rounded_to is None
    assert metrics["alla"].half_unit() == 0
    metrics, errors = _metrics_yml(tmp_path, "    avrundning: 2\n")
    assert errors == [] and not metrics["alla"].exact and metrics["alla"].rounded_to == 2
    metrics, errors = _metrics_yml(tmp_path, "")
    assert errors == [] and metrics["alla"].rounded_to == 0 and metrics["alla"].half_unit() == D("0.5")
    metrics, errors = _metrics_yml(tmp_path, "    summa_av: [alla]\n    avrundning: delarnas summa\n")
    assert errors == [] and metrics["alla"].sum_of_rounded_parts and metrics["alla"].rounded_to == 0
    for written in ("7", "ungefär", "-1", "1.5"):
        metrics, errors = _metrics_yml(tmp_path, f"    avrundning: {written}\n")
        assert errors == [f"metrics.yml:8: fältet 'avrundning' '{written}' är inte tillåtet; skriv exakt, "
                          "delarnas summa eller ett heltal 0–6 (antalet decimaler som värdena är avrundade till)"]
        assert metrics == {}
    metrics, errors = _metrics_yml(tmp_path, "    avrundning: delarnas summa\n")
    assert errors == ["metrics.yml:8: fältet 'avrundning' är 'delarnas summa', men nyckeltalet 'alla' har ingen "
                      "summa_av Åtgärd: 'delarnas summa' gäller bara en summa: lägg till summa_av med delarna, eller "
                      "skriv avrundning: exakt eller antalet decimaler"]
    assert not metrics["alla"].sum_of_rounded_parts
