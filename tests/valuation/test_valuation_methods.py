"""Market and cost approaches, sensitivity monotonicity, the registry."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import pytest

from gdip.valuation import register_method, run_method
from gdip.valuation.cost import CostInput, cost_value
from gdip.valuation.income import IncomeInput, income_value
from gdip.valuation.market import Comparable, MarketInput, market_value
from gdip.valuation.registry import TraceRow, get_method
from gdip.valuation.sensitivity import sensitivity, shift

AS_OF = date(2025, 12, 31)


def _comp(
    event: str,
    when: date,
    amount: float,
    kind: str = "invention",
    remaining: float = 10.0,
    licence: str | None = None,
) -> Comparable:
    return Comparable("CN", "X", event, when, amount, kind, "H01M", remaining, licence)


def test_market_adjusts_each_comparable_and_takes_the_median():
    comps = [
        _comp("pledge", date(2024, 12, 31), 3_000_000),  # ÷ 0.375 LTV
        _comp("licence", date(2025, 12, 31), 1_000_000, licence="ordinary", remaining=5.0),  # ÷ 0.5
        _comp("transfer", date(2023, 12, 31), 4_000_000, kind="utility", remaining=20.0),
    ]
    r = market_value(MarketInput("invention", 10.0, AS_OF, comps))
    y1 = (AS_OF - date(2024, 12, 31)).days / 365.25
    y2 = (AS_OF - date(2023, 12, 31)).days / 365.25
    v1 = 3_000_000 / 0.375 * 1.03**y1 * 1.0 * 1.0
    v2 = 1_000_000 / 0.5 * 1.0 * 1.5 * 1.0  # life ratio 10/5 = 2 → capped at 1.5
    v3 = 4_000_000 * 1.03**y2 * 0.5 * 0.6  # ratio 0.5; other patent type 0.6
    vals = sorted([v1, v2, v3])
    assert [c.adjusted_value for c in r.comparables] == pytest.approx([v1, v2, v3])
    assert r.value == pytest.approx(vals[1])
    assert r.q1 == pytest.approx((vals[0] + vals[1]) / 2)  # linear interpolation at 25%
    assert r.q3 == pytest.approx((vals[1] + vals[2]) / 2)
    assert r.iqr == pytest.approx(r.q3 - r.q1)
    assert r.n == 3 and r.sufficient


def test_market_with_too_few_comparables_is_flagged():
    r = market_value(MarketInput("invention", 10.0, AS_OF, [_comp("transfer", AS_OF, 1e6)]))
    assert r.value == 1e6 and not r.sufficient


def test_cost_approach_by_hand():
    inp = CostInput(
        kind="invention",
        claims=10,
        granted=True,
        in_force=True,
        grant_fee_year=3,
        years_maintained=7,
        age_years=7.5,
        remaining_economic_life=2.5,
    )
    r = cost_value(inp)
    # Annual fees for fee years 3..8: 900 + 1200×3 + 2000×2.
    annual = 900 + 1200 * 3 + 2000 * 2
    direct = 900 + 2500 + annual + 8000 + (150_000 + 5000 * 10)
    replacement = direct * 1.10 * 1.025**7.5
    rho = 7.5 / (7.5 + 2.5)
    assert {i.code: i.amount for i in r.items}["F_annual"] == annual
    assert r.replacement_cost == pytest.approx(replacement)
    assert sum(i.amount for i in r.items) == pytest.approx(replacement)  # the items add up
    assert r.depreciation_rate == pytest.approx(rho)
    assert r.value == pytest.approx(replacement * (1 - rho))


def test_cost_of_an_ungranted_application_has_no_annual_fees():
    r = cost_value(CostInput("utility", 3, False, False, 0, 0, 1.0, 9.0, rd_cost=50_000))
    amounts = {i.code: i.amount for i in r.items}
    assert amounts["F_annual"] == 0 and amounts["C_rd"] == 50_000 and amounts["F_exam"] == 0


BASE = IncomeInput(
    revenue=[3e7, 3.3e7, 3.6e7],
    share_rate=0.03,
    discount_rate=0.15,
    tax_rate=0.25,
    life_years=6.0,
    decay_rate=0.1,
    growth=0.05,
    remaining_legal_years=7.0,
)


@pytest.mark.parametrize(
    ("factor", "direction"), [("share_rate", 1), ("discount_rate", -1), ("growth", 1), ("life", 1)]
)
def test_value_is_monotonic_in_each_factor(factor, direction):
    values = [income_value(shift(BASE, factor, rel)).value for rel in (-0.4, -0.2, 0.0, 0.1, 0.2)]
    diffs = [b - a for a, b in itertools.pairwise(values)]
    assert all(direction * d >= -1e-9 for d in diffs), values
    assert direction * (values[-1] - values[0]) > 0


def test_tornado_and_range():
    s = sensitivity(BASE)
    assert s.base == pytest.approx(income_value(BASE).value)
    assert s.low < s.base < s.high
    assert [r.swing for r in s.rows] == sorted((r.swing for r in s.rows), reverse=True)
    k = next(r for r in s.rows if r.factor == "share_rate")
    # Value is linear in K: ±20% on K moves the value by exactly ±20%.
    assert k.value_low == pytest.approx(0.8 * s.base) and k.value_high == pytest.approx(1.2 * s.base)
    life = next(r for r in s.rows if r.factor == "life")
    assert life.input_high == 7.0  # 6 × 1.2 = 7.2, capped by the remaining legal term
    for r in s.rows:
        assert s.low <= min(r.value_low, r.value_high) and max(r.value_low, r.value_high) <= s.high


@dataclass
class _FlatInput:
    value: float


@dataclass
class _FlatResult:
    method: str
    value: float

    def trace(self) -> list[TraceRow]:
        return [TraceRow("V", "估值", "value", self.value, "yuan")]

    def to_dict(self) -> dict:
        return {"method": self.method, "value": self.value}


def test_a_new_model_plugs_in():
    @register_method("flat_test", label_zh="固定值", label_en="Flat", replace=True)
    def flat(inp: _FlatInput, params) -> _FlatResult:
        return _FlatResult("flat_test", inp.value * 2)

    assert get_method("flat_test").label_zh == "固定值"
    assert run_method("flat_test", _FlatInput(21.0)).value == 42.0
    assert run_method("income", BASE).value == pytest.approx(income_value(BASE).value)
    with pytest.raises(KeyError):
        get_method("no_such_method")
