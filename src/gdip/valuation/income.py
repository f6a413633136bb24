"""Income approach: 收入分成法 (revenue split, equivalent to relief-from-royalty), with decay.

    V = Σ_{t=1..⌈n⌉} R_t · K_t · f_t · (1 − T) / (1 + r)^{τ_t}

- R_t: revenue of the products embodying the patent in year t (元); a forecast list, extended
  beyond its end with growth g (R_t = R_{t−1}·(1 + g));
- K_t = K·δ_t: the revenue share K (销售收入分成率) decayed by δ_t = (1 − d)^{t−1}
  (geometric), max(0, 1 − d·(t − 1)) (linear) or 1 (none);
- f_t = min(1, n − (t − 1)): the fraction of year t inside the life n (a partial last year);
- n = min(economic life, remaining legal term) (the min rule);
- T: income-tax rate (25%; 15% for 高新技术企业);
- r = r_f + ERP + size premium + IP-specific premium (build-up);
- τ_t = (t − 1) + f_t/2 with the mid-year convention, else (t − 1) + f_t.

``income_value`` returns every intermediate value year by year; ``income_values`` is the same
formula over arrays (one row per patent) for portfolios.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from gdip.valuation.params import ShareRange, ValuationParams, load_params
from gdip.valuation.registry import TraceRow, register_method

__all__ = [
    "DiscountRate",
    "IncomeInput",
    "IncomeResult",
    "IncomeYear",
    "build_income_input",
    "decay_factor",
    "income_value",
    "income_values",
    "revenue_path",
]


@dataclass(frozen=True)
class DiscountRate:
    """r = risk-free + market premium + size premium + IP-specific premium (build-up)."""

    risk_free: float
    market_premium: float
    size_premium: float
    ip_specific_premium: float

    @property
    def rate(self) -> float:
        return self.risk_free + self.market_premium + self.size_premium + self.ip_specific_premium

    @classmethod
    def from_params(cls, params: ValuationParams) -> DiscountRate:
        return cls(**params.discount_components())


@dataclass
class IncomeInput:
    """Everything the income approach needs; each field is shown in the report."""

    revenue: list[float]  # R_1, R_2, … (元); extended with ``growth`` beyond the list
    share_rate: float  # K in year 1
    discount_rate: float  # r
    tax_rate: float  # T
    life_years: float  # n, already min(economic life, remaining legal term)
    decay_rate: float = 0.0  # d
    decay_pattern: str = "geometric"
    growth: float = 0.0  # g, for years beyond the revenue list
    mid_year: bool = True
    # Traceability: how the inputs were derived (not used in the arithmetic).
    share_range: ShareRange | None = None
    quality: float | None = None  # q = PVD/100 placing K in its range
    kind_factor: float = 1.0
    discount: DiscountRate | None = None
    economic_life_cap: float | None = None
    remaining_legal_years: float | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def replace(self, **changes: Any) -> IncomeInput:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        data.update(changes)
        return IncomeInput(**data)


@dataclass
class IncomeYear:
    """One forecast year with every intermediate value."""

    t: int
    fraction: float  # f_t
    revenue: float  # R_t
    decay: float  # δ_t
    share_rate: float  # K_t = K·δ_t
    royalty: float  # R_t·K_t·f_t (pre-tax income attributable to the patent)
    tax: float  # royalty·T
    after_tax: float  # royalty·(1 − T)
    timing: float  # τ_t
    discount_factor: float  # 1/(1 + r)^τ_t
    present_value: float


@dataclass
class IncomeResult:
    """The income-approach value with its inputs and year-by-year table."""

    method: str
    value: float
    inputs: IncomeInput
    years: list[IncomeYear]
    formula: str = "V = Σ R_t·K·δ_t·f_t·(1−T)/(1+r)^τ_t"

    def trace(self) -> list[TraceRow]:
        i = self.inputs
        rows = [
            TraceRow(
                "K",
                "销售收入分成率",
                "revenue share rate",
                i.share_rate,
                "ratio",
                i.notes.get("share_rate", ""),
            ),
            TraceRow(
                "d",
                "分成率年衰减率",
                "annual decay of K",
                i.decay_rate,
                "ratio",
                f"{i.decay_pattern}; " + i.notes.get("decay", ""),
            ),
            TraceRow("r", "折现率", "discount rate", i.discount_rate, "ratio", i.notes.get("discount", "")),
            TraceRow("T", "所得税税率", "income-tax rate", i.tax_rate, "ratio", i.notes.get("tax", "")),
            TraceRow(
                "n", "收益期（年）", "income period (years)", i.life_years, "years", i.notes.get("life", "")
            ),
            TraceRow("g", "收入增长率", "revenue growth", i.growth, "ratio", i.notes.get("growth", "")),
        ]
        rows.append(TraceRow("V", "评估值", "value", self.value, "yuan", self.formula))
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "value": self.value,
            "formula": self.formula,
            "inputs": asdict(self.inputs),
            "years": [asdict(y) for y in self.years],
        }


def decay_factor(pattern: str, d: float, t: int) -> float:
    """δ_t of year t (1-based)."""
    if pattern == "geometric":
        return (1 - d) ** (t - 1)
    if pattern == "linear":
        return max(0.0, 1 - d * (t - 1))
    if pattern == "none":
        return 1.0
    raise ValueError(f"unknown decay pattern {pattern!r}; expected geometric, linear or none")


def revenue_path(revenue: list[float], growth: float, years: int) -> list[float]:
    """R_1..R_years: the forecast list, extended with growth g beyond its end."""
    if not revenue:
        raise ValueError(
            "the income approach needs a revenue forecast (at least year 1) / 收益法需要收入预测"
        )
    out = [float(v) for v in revenue[:years]]
    while len(out) < years:
        out.append(out[-1] * (1 + growth))
    return out


def income_value(inp: IncomeInput, params: ValuationParams | None = None) -> IncomeResult:
    """The income-approach value of one patent with every intermediate value (see module doc)."""
    del params  # the input is complete; params are accepted for the registry signature
    n = max(0.0, float(inp.life_years))
    periods = math.ceil(n - 1e-12) if n > 0 else 0
    rev = revenue_path(inp.revenue, inp.growth, periods) if periods else []
    years: list[IncomeYear] = []
    total = 0.0
    for t in range(1, periods + 1):
        f = min(1.0, n - (t - 1))
        delta = decay_factor(inp.decay_pattern, inp.decay_rate, t)
        k_t = inp.share_rate * delta
        royalty = rev[t - 1] * k_t * f
        tax = royalty * inp.tax_rate
        after = royalty - tax
        tau = (t - 1) + (f / 2 if inp.mid_year else f)
        df = 1 / (1 + inp.discount_rate) ** tau
        pv = after * df
        total += pv
        years.append(IncomeYear(t, f, rev[t - 1], delta, k_t, royalty, tax, after, tau, df, pv))
    return IncomeResult("income", total, inp, years)


@register_method("income", label_zh="收益法（收入分成法）", label_en="Income approach (revenue split)")
def _income_method(inp: IncomeInput, params: ValuationParams) -> IncomeResult:
    return income_value(inp, params)


def income_values(
    revenue1: np.ndarray,
    growth: np.ndarray | float,
    share_rate: np.ndarray | float,
    decay_rate: np.ndarray | float,
    discount_rate: np.ndarray | float,
    tax_rate: np.ndarray | float,
    life_years: np.ndarray,
    *,
    decay_pattern: str = "geometric",
    mid_year: bool = True,
) -> np.ndarray:
    """``income_value`` over arrays (R_t = R_1·(1 + g)^{t−1}): one value per row."""
    r1 = np.asarray(revenue1, dtype="float64")
    m = len(r1)

    def col(v: np.ndarray | float) -> np.ndarray:
        return np.broadcast_to(np.asarray(v, dtype="float64"), (m,))[:, None]

    n = np.maximum(np.asarray(life_years, dtype="float64"), 0.0)
    periods = int(np.ceil(n.max() - 1e-12)) if m and n.max() > 0 else 0
    if periods == 0:
        return np.zeros(m)
    t = np.arange(1, periods + 1, dtype="float64")[None, :]
    f = np.clip(n[:, None] - (t - 1), 0.0, 1.0)
    d = col(decay_rate)
    if decay_pattern == "geometric":
        delta = (1 - d) ** (t - 1)
    elif decay_pattern == "linear":
        delta = np.maximum(0.0, 1 - d * (t - 1))
    elif decay_pattern == "none":
        delta = np.ones_like(f)
    else:
        raise ValueError(f"unknown decay pattern {decay_pattern!r}")
    rev = r1[:, None] * (1 + col(growth)) ** (t - 1)
    after = rev * col(share_rate) * delta * f * (1 - col(tax_rate))
    tau = (t - 1) + (f / 2 if mid_year else f)
    pv = after / (1 + col(discount_rate)) ** tau
    return np.asarray(np.where(f > 0, pv, 0.0).sum(axis=1))


def build_income_input(
    *,
    revenue: list[float],
    share_range: ShareRange,
    quality: float,
    kind: str,
    sei_codes: list[str] | tuple[str, ...],
    remaining_legal_years: float,
    high_tech: bool,
    params: ValuationParams | None = None,
    growth: float | None = None,
    overrides: dict[str, float] | None = None,
) -> IncomeInput:
    """Derive K, d, r, T and n from the parameters and the patent; ``overrides`` win.

    K = (K_low + (K_high − K_low)·q)·kind factor; d by industry; n = min(economic life cap,
    remaining legal term); T by the owner's high-tech status.
    """
    p = params or load_params()
    o = dict(overrides or {})
    kf = p.kind_factor(kind)
    k = share_range.at(quality) * kf
    dr = DiscountRate.from_params(p)
    cap = p.economic_life_cap(sei_codes)
    life = min(cap, max(0.0, remaining_legal_years))
    g = p.revenue_growth if growth is None else growth
    notes = {
        "share_rate": (
            f"K = ({share_range.low:.4f} + ({share_range.high:.4f} − {share_range.low:.4f})×q={quality:.4f})"
            f" × kind factor {kf} ({kind}); range of {share_range.basis}: {share_range.source}"
        ),
        "decay": p.source("income.decay"),
        "discount": (
            f"r = {dr.risk_free} + {dr.market_premium} + {dr.size_premium} + {dr.ip_specific_premium} "
            f"(risk-free + market + size + IP-specific); {p.doc['income']['discount_rate'].get('note', '')}"
        ),
        "tax": p.source(f"income.tax_rate.{'high_tech' if high_tech else 'standard'}"),
        "life": f"n = min(economic life {cap:g}, remaining legal term {remaining_legal_years:.2f}); "
        + p.source("income.economic_life_years"),
        "growth": p.source("income.revenue_growth") if growth is None else "given",
    }
    inp = IncomeInput(
        revenue=[float(v) for v in revenue],
        share_rate=k,
        discount_rate=dr.rate,
        tax_rate=p.tax_rate(high_tech),
        life_years=life,
        decay_rate=p.decay_rate(sei_codes),
        decay_pattern=p.decay_pattern,
        growth=g,
        mid_year=p.mid_year,
        share_range=share_range,
        quality=quality,
        kind_factor=kf,
        discount=dr,
        economic_life_cap=cap,
        remaining_legal_years=remaining_legal_years,
        notes=notes,
    )
    for key, value in o.items():
        if key not in ("share_rate", "discount_rate", "tax_rate", "life_years", "decay_rate", "growth"):
            raise ValueError(f"cannot override {key!r}")
        inp.notes[key] = f"overridden: {value}"
        setattr(inp, key, float(value))
    return inp
