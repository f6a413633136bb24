"""Evaluation rules on synthetic series with exact numbers, and a whole plan on the hand-built lake."""

from __future__ import annotations

import math

import pyarrow as pa
import pytest
from indicator_lake import DG, GZ, SZ

from gdip.indicators.evaluation import (
    cagr_projection,
    evaluate_indicator,
    evaluate_plan,
    expected_progress,
    linear_projection,
    rank_cities,
)
from gdip.indicators.plans import load_plan

PLAN = load_plan("gd-14th")
HV = PLAN.indicator("high_value_invention_per_10k")
AMOUNT = PLAN.indicator("pledge_financing_amount")


def test_expected_progress_is_the_elapsed_share_of_the_period():
    assert [expected_progress(PLAN, y) for y in (2019, 2020, 2021, 2022, 2023, 2025, 2026)] == [
        0.0,
        0.0,
        0.2,
        0.4,
        0.6,
        1.0,
        1.0,
    ]


def test_linear_and_cagr_projections():
    s = {2020: 13.5, 2021: 15.0, 2022: 16.2}
    # Least squares: mean year 2021, mean value 14.9, slope (1.4 + 1.3) / 2 = 1.35.
    assert linear_projection(s, 2025) == pytest.approx(14.9 + 1.35 * 4, rel=1e-12)
    assert cagr_projection(s, 2025) == pytest.approx(
        16.2 * 1.2**1.5, rel=1e-12
    )  # (16.2/13.5)^(1/2) = 1.2^0.5
    assert (
        linear_projection({2020: 1.0}, 2025) is None and cagr_projection({2020: 0.0, 2021: 5.0}, 2025) is None
    )


def test_a_rate_on_track_uses_the_linear_projection():
    ev = evaluate_indicator(HV, PLAN, 2022, {2020: 13.5, 2021: 15.0, 2022: 16.2}, value_type="ratio")
    assert ev.value == 16.2 and (ev.baseline, ev.baseline_source, ev.target) == (13.5, "plan", 20)
    assert ev.progress == pytest.approx(2.7 / 6.5, rel=1e-12)  # 0.4154 ≥ 0.4 elapsed
    assert ev.expected_progress == 0.4
    assert (ev.projection_method, ev.projection) == ("linear", pytest.approx(20.3, rel=1e-12))
    assert ev.projection_cagr == pytest.approx(16.2 * 1.2**1.5, rel=1e-12)
    assert ev.status == "on_track"
    j = ev.to_json()
    assert set(j) == {
        "code",
        "name_zh",
        "name_en",
        "unit",
        "value",
        "baseline",
        "target",
        "progress",
        "expected_progress",
        "projection",
        "projection_method",
        "status",
    }
    assert (j["value"], j["progress"], j["projection"]) == (16.2, 0.4154, 20.3)


def test_a_rate_behind_and_one_achieved():
    behind = evaluate_indicator(HV, PLAN, 2022, {2020: 13.5, 2021: 13.8, 2022: 14.1}, value_type="ratio")
    assert behind.progress == pytest.approx(0.6 / 6.5, rel=1e-9)
    assert behind.projection == pytest.approx(15.0, rel=1e-12)  # +0.3 a year
    assert behind.status == "behind"
    done = evaluate_indicator(HV, PLAN, 2022, {2020: 13.5, 2021: 17.0, 2022: 20.0}, value_type="ratio")
    assert (done.progress, done.status) == (1.0, "achieved")


def test_a_period_total_sums_the_flows_and_projects_with_cagr():
    flows = {2020: 181.5, 2021: 400.0, 2022: 500.0}
    ev = evaluate_indicator(AMOUNT, PLAN, 2022, flows, value_type="amount")
    assert ev.value == 900.0  # 2021 + 2022: the 2020 flow belongs to the previous period
    assert ev.progress == pytest.approx(900 / 2500, rel=1e-12)  # 0.36 < 0.4 elapsed …
    rate = (500 / 181.5) ** 0.5 - 1
    expected = 900 + sum(500 * (1 + rate) ** k for k in (1, 2, 3))
    assert (ev.projection_method, ev.projection) == ("cagr", pytest.approx(expected, rel=1e-12))
    assert ev.status == "on_track"  # … but the projection reaches 2500
    slow = evaluate_indicator(
        AMOUNT, PLAN, 2022, {2020: 181.5, 2021: 300.0, 2022: 200.0}, value_type="amount"
    )
    rate = (200 / 181.5) ** 0.5 - 1
    assert slow.projection == pytest.approx(500 + sum(200 * (1 + rate) ** k for k in (1, 2, 3)), rel=1e-12)
    assert (slow.progress, slow.status) == (0.2, "behind")


def test_cagr_falls_back_to_linear_and_unknown_values_are_no_data():
    ev = evaluate_indicator(AMOUNT, PLAN, 2021, {2020: 0.0, 2021: 1.8}, value_type="amount")
    # CAGR from 0 is undefined: linear flows 3.6, 5.4, 7.2, 9.0 are added to the 1.8 so far.
    assert (ev.value, ev.projection_method, ev.projection) == (1.8, "linear", pytest.approx(27.0, rel=1e-12))
    none = evaluate_indicator(HV, PLAN, 2022, {2020: None, 2021: None, 2022: None}, value_type="ratio")
    assert (none.value, none.progress, none.projection, none.status) == (None, None, None, "no_data")


def test_without_a_plan_baseline_the_computed_baseline_year_is_used():
    nodes = PLAN.indicator("public_service_nodes")  # baseline "———", target 40
    ev = evaluate_indicator(nodes, PLAN, 2021, {2020: 20.0, 2021: 26.0}, value_type="count")
    assert (ev.baseline, ev.baseline_source, ev.progress) == (20.0, "computed", 0.3)
    assert (ev.projection_method, ev.projection) == ("cagr", pytest.approx(26 * 1.3**4, rel=1e-12))
    assert ev.status == "on_track"


def test_city_ranking_and_shares():
    ranked = rank_cities({"A": 5.0, "B": 3.0, "C": 3.0, "D": 1.0, "E": None}, 12.0, additive=True)
    assert [(c.region_code, c.rank, c.share) for c in ranked] == [
        ("A", 1, 5 / 12),
        ("B", 2, 0.25),
        ("C", 2, 0.25),
        ("D", 4, 1 / 12),
        ("E", None, None),
    ]
    assert all(c.share is None for c in rank_cities({"A": 5.0}, 12.0, additive=False))


POP = pa.Table.from_pylist(
    [
        {"region_code": r, "year": y, "population": p, "basis": "census", "source": "test"}
        for y in (2020, 2021)
        for r, p in (("440000", 40_000), (SZ, 20_000), (GZ, 10_000), (DG, 10_000))
    ],
    schema=pa.schema(
        [
            ("region_code", pa.string()),
            ("year", pa.int32()),
            ("population", pa.int64()),
            ("basis", pa.string()),
            ("source", pa.string()),
        ]
    ),
)


def test_the_whole_plan_on_the_small_lake(engine):
    manual = {("trademark_brand_index", "440000", 2021): 88.5}
    results = {
        r.code: r
        for r in evaluate_plan(
            PLAN, engine, year=2021, population=POP, manual=lambda c, r, y: manual.get((c, r, y))
        )
    }
    assert len(results) == 15
    hv = results["high_value_invention_per_10k"]
    assert (hv.series[2020], hv.value, hv.baseline) == (0.25, 0.75, 13.5)
    assert hv.progress == pytest.approx((0.75 - 13.5) / 6.5, rel=1e-12) and hv.status == "behind"
    assert (hv.projection_method, hv.projection) == ("linear", pytest.approx(2.75, rel=1e-12))
    amount = results["pledge_financing_amount"]
    assert (amount.value, amount.progress) == (1.8, pytest.approx(1.8 / 2500, rel=1e-12))
    assert (amount.projection_method, amount.projection) == ("linear", pytest.approx(27.0, rel=1e-12))
    top = amount.cities[:3]
    assert [(c.region_code, c.rank) for c in top] == [(SZ, 1), (GZ, 2), (top[2].region_code, 3)]
    assert (top[0].share, top[1].share) == (
        pytest.approx(1.5 / 1.8, rel=1e-12),
        pytest.approx(0.3 / 1.8, rel=1e-12),
    )
    assert len(amount.cities) == 21
    assert results["pledge_financing_projects"].value == 2
    assert results["overseas_invention_grants"].value == pytest.approx(0.0001, rel=1e-12)  # 1 grant in 万件
    rate = results["agency_invention_grant_rate"]
    assert (rate.value, rate.baseline, rate.projection, rate.status) == (50.0, 56.5, None, "behind")
    assert math.isclose(rate.progress, (50 - 56.5) / 3.5)
    for code in (
        "gi_product_trade",
        "aid_mediation_cases",
        "public_service_nodes",
        "protection_satisfaction",
    ):
        assert (results[code].value, results[code].status) == (None, "no_data"), code
    brand = results["trademark_brand_index"]
    assert (brand.value, brand.progress, brand.status) == (
        88.5,
        pytest.approx(0.55 / 2.05, rel=1e-12),
        "on_track",
    )


def test_a_city_evaluation_has_no_target_for_additive_indicators(engine):
    results = {r.code: r for r in evaluate_plan(PLAN, engine, year=2021, city=SZ, population=POP)}
    amount = results["pledge_financing_amount"]
    assert (amount.region_code, amount.value, amount.target, amount.status) == (SZ, 1.5, None, "no_target")
    hv = results["high_value_invention_per_10k"]
    assert (hv.value, hv.target, hv.baseline, hv.baseline_source) == (0.5, 20, 0.0, "computed")
    with pytest.raises(ValueError, match="is not a city of 440000"):
        evaluate_plan(PLAN, engine, year=2021, city="110100", population=POP)


def test_an_empty_lake_means_no_data_not_zero(tmp_path):
    from gdip.datacenter.adapters.lake_parquet import ParquetLake
    from gdip.datacenter.engines import Engine

    e = Engine("duckdb", ParquetLake(tmp_path / "empty"))
    results = evaluate_plan(PLAN, e, year=2021, population=POP)
    assert {r.status for r in results} == {"no_data"}
