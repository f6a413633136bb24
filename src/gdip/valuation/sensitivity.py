"""Sensitivity of the income-approach value: a tornado table and the value range.

One factor at a time, each of K (share rate), r (discount rate), g (revenue growth) and n
(income period) is moved by ±``step`` (20%) relative to its base value while the others stay
at base. Growth acts on every year's growth rate g_t = R_t/R_{t−1} − 1 of the forecast
(R'_t = R'_{t−1}·(1 + g_t·(1 ± step))) and on the extension growth g. The period n cannot
exceed the remaining legal term, so its upside may be nil.

The range: low = all four adverse together (K−, r+, g−, n−), high = all favourable
(K+, r−, g+, n+), base = the income value.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass
from typing import Any

from gdip.valuation.income import IncomeInput, income_value
from gdip.valuation.params import ValuationParams, load_params

__all__ = ["SensitivityResult", "TornadoRow", "sensitivity", "shift"]

FACTOR_NAMES = {
    "share_rate": ("分成率 K", "share rate K"),
    "discount_rate": ("折现率 r", "discount rate r"),
    "growth": ("收入增长率 g", "revenue growth g"),
    "life": ("收益期 n", "income period n"),
}


@dataclass
class TornadoRow:
    factor: str
    label_zh: str
    label_en: str
    input_low: float
    input_high: float
    value_low: float  # value when the input is moved down
    value_high: float  # value when the input is moved up
    swing: float  # |value_high − value_low|


@dataclass
class SensitivityResult:
    base: float
    low: float
    high: float
    step: float
    rows: list[TornadoRow]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _scaled_growth(revenue: list[float], factor: float) -> list[float]:
    out = [revenue[0]]
    for prev, cur in itertools.pairwise(revenue):
        g = cur / prev - 1 if prev else 0.0
        out.append(out[-1] * (1 + g * factor))
    return out


def shift(inp: IncomeInput, factor: str, rel: float) -> IncomeInput:
    """The input with one factor multiplied by (1 + rel); n capped by the legal term."""
    if factor == "share_rate":
        return inp.replace(share_rate=inp.share_rate * (1 + rel))
    if factor == "discount_rate":
        return inp.replace(discount_rate=inp.discount_rate * (1 + rel))
    if factor == "growth":
        return inp.replace(revenue=_scaled_growth(inp.revenue, 1 + rel), growth=inp.growth * (1 + rel))
    if factor == "life":
        n = inp.life_years * (1 + rel)
        if inp.remaining_legal_years is not None:
            n = min(n, inp.remaining_legal_years)
        return inp.replace(life_years=n)
    raise ValueError(f"unknown sensitivity factor {factor!r}")


def _input_value(inp: IncomeInput, factor: str) -> float:
    return {
        "share_rate": inp.share_rate,
        "discount_rate": inp.discount_rate,
        "growth": inp.growth,
        "life": inp.life_years,
    }[factor]


def sensitivity(
    inp: IncomeInput, params: ValuationParams | None = None, step: float | None = None
) -> SensitivityResult:
    """Tornado rows sorted by swing (largest first) and the low/base/high range."""
    p = params or load_params()
    s = float(p.doc["sensitivity"]["step"] if step is None else step)
    factors = list(p.doc["sensitivity"]["factors"])
    base = income_value(inp).value
    rows = []
    for f in factors:
        lo_in, hi_in = shift(inp, f, -s), shift(inp, f, s)
        v_lo, v_hi = income_value(lo_in).value, income_value(hi_in).value
        zh, en = FACTOR_NAMES[f]
        rows.append(
            TornadoRow(
                f, zh, en, _input_value(lo_in, f), _input_value(hi_in, f), v_lo, v_hi, abs(v_hi - v_lo)
            )
        )
    rows.sort(key=lambda r: -r.swing)
    # Adverse: less share, higher discount, less growth, shorter life.
    adverse = {"share_rate": -s, "discount_rate": s, "growth": -s, "life": -s}
    low_in, high_in = inp, inp
    for f in factors:
        low_in = shift(low_in, f, adverse[f])
        high_in = shift(high_in, f, -adverse[f])
    return SensitivityResult(base, income_value(low_in).value, income_value(high_in).value, s, rows)
