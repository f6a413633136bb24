"""Income approach (收入分成法) against independent hand calculations with known results."""

from __future__ import annotations

import numpy as np
import pytest

from gdip.valuation.income import IncomeInput, build_income_input, income_value, income_values
from gdip.valuation.params import ShareRange, load_params

# Worked example of the reference file (§2.2): R = 3000/3300/3600/3800/4000 万元, K = 3%,
# r = 15%, T = 25%, n = 5, end-of-year discounting. Published results: 261.73万 with d = 0
# (intangible-valuation relief_from_royalty, TAB off gives the same), ≈217万 with d = 10%.
REVENUE_WAN = [3000, 3300, 3600, 3800, 4000]


def _example(d: float, mid_year: bool) -> IncomeInput:
    return IncomeInput(
        revenue=[v * 1e4 for v in REVENUE_WAN],
        share_rate=0.03,
        discount_rate=0.15,
        tax_rate=0.25,
        life_years=5,
        decay_rate=d,
        decay_pattern="geometric",
        mid_year=mid_year,
    )


def test_worked_example_without_decay_matches_the_published_figure():
    # Plain arithmetic, year by year (万元): R·K·(1−T)/(1+r)^t.
    expected = (
        3000 * 0.03 * 0.75 / 1.15
        + 3300 * 0.03 * 0.75 / 1.15**2
        + 3600 * 0.03 * 0.75 / 1.15**3
        + 3800 * 0.03 * 0.75 / 1.15**4
        + 4000 * 0.03 * 0.75 / 1.15**5
    )
    assert expected == pytest.approx(261.7289, abs=1e-4)  # the published 261.73万
    result = income_value(_example(0.0, mid_year=False))
    assert result.value / 1e4 == pytest.approx(expected, rel=1e-12)
    assert result.value / 1e4 == pytest.approx(261.73, abs=0.005)


def test_worked_example_with_ten_percent_decay():
    expected = sum(r * 0.03 * 0.9 ** (t - 1) * 0.75 / 1.15**t for t, r in enumerate(REVENUE_WAN, start=1))
    result = income_value(_example(0.10, mid_year=False))
    assert result.value / 1e4 == pytest.approx(expected, rel=1e-12)
    assert round(result.value / 1e4) == 217  # "V ≈ 217万"


def test_every_intermediate_value_of_year_two():
    y = income_value(_example(0.10, mid_year=True)).years[1]
    assert y.t == 2 and y.fraction == 1.0
    assert y.revenue == 33_000_000
    assert y.decay == pytest.approx(0.9)
    assert y.share_rate == pytest.approx(0.027)
    assert y.royalty == pytest.approx(891_000)  # 3300万 × 2.7%
    assert y.tax == pytest.approx(222_750)
    assert y.after_tax == pytest.approx(668_250)
    assert y.timing == pytest.approx(1.5)  # mid-year
    assert y.discount_factor == pytest.approx(1 / 1.15**1.5)
    assert y.present_value == pytest.approx(668_250 / 1.15**1.5)


def test_partial_last_year_mid_year_and_growth_extension():
    # n = 2.5: years 1, 2 whole, year 3 half; revenue 100万 growing 10% beyond the list.
    inp = IncomeInput(
        revenue=[1_000_000],
        share_rate=0.05,
        discount_rate=0.10,
        tax_rate=0.15,
        life_years=2.5,
        decay_rate=0.2,
        decay_pattern="linear",
        growth=0.10,
        mid_year=True,
    )
    y1 = 1_000_000 * 0.05 * 1.0 * 1.0 * 0.85 / 1.10**0.5
    y2 = 1_100_000 * 0.05 * 0.8 * 1.0 * 0.85 / 1.10**1.5
    y3 = 1_210_000 * 0.05 * 0.6 * 0.5 * 0.85 / 1.10**2.25  # τ = 2 + 0.5/2
    result = income_value(inp)
    assert [y.fraction for y in result.years] == [1.0, 1.0, 0.5]
    assert result.value == pytest.approx(y1 + y2 + y3, rel=1e-12)


def test_zero_life_is_worth_nothing():
    assert income_value(_example(0.1, True).replace(life_years=0)).value == 0.0


def test_vectorised_formula_equals_the_scalar_one():
    rng = np.random.default_rng(7)
    n = 200
    r1 = rng.uniform(1e5, 1e8, n)
    g, k, d = rng.uniform(-0.05, 0.2, n), rng.uniform(0.01, 0.1, n), rng.uniform(0, 0.2, n)
    r, t, life = rng.uniform(0.08, 0.25, n), rng.choice([0.15, 0.25], n), rng.uniform(0, 12, n)
    for pattern in ("geometric", "linear", "none"):
        for mid in (True, False):
            vec = income_values(r1, g, k, d, r, t, life, decay_pattern=pattern, mid_year=mid)
            one = [
                income_value(IncomeInput([r1[i]], k[i], r[i], t[i], life[i], d[i], pattern, g[i], mid)).value
                for i in range(n)
            ]
            np.testing.assert_allclose(vec, one, rtol=1e-10)


def test_build_income_input_applies_the_min_rule_and_the_share_range():
    p = load_params()
    rng_ = ShareRange(0.02, 0.10, 0.05, "industry 01", "test")
    inp = build_income_input(
        revenue=[1e7],
        share_range=rng_,
        quality=0.5,
        kind="utility",
        sei_codes=["01"],
        remaining_legal_years=3.2,
        high_tech=True,
        params=p,
    )
    assert inp.share_rate == pytest.approx((0.02 + 0.08 * 0.5) * 0.6)  # utility kind factor
    assert inp.life_years == pytest.approx(3.2)  # legal term < economic life 8
    assert inp.tax_rate == 0.15
    assert inp.discount_rate == pytest.approx(0.025 + 0.065 + 0.03 + 0.03)
    assert inp.decay_rate == 0.15
    long = build_income_input(
        revenue=[1e7],
        share_range=rng_,
        quality=1.0,
        kind="invention",
        sei_codes=["01"],
        remaining_legal_years=15,
        high_tech=False,
        params=p,
    )
    assert long.life_years == 8 and long.share_rate == pytest.approx(0.10) and long.tax_rate == 0.25
