"""Cost approach (重置成本法), used only as a floor of the value.

    C_fees   = F_application + F_examination + Σ_{y=y_0..y_1} F_annual(y)
    C_agency = prosecution agency fees (by patent type)
    C_rd     = R&D proxy: base(kind) + per claim × claims (or the owner's R&D cost when given)
    C        = (C_fees + C_agency + C_rd) · (1 + profit margin) · (1 + i_opp)^{age}
    贬值率 ρ = age / (age + remaining economic life)
    V        = C · (1 − ρ)

y_0 is the fee year in which the patent was granted (annual fees start with the grant year),
y_1 the current fee year (``years_maintained`` + 1 while in force, else ``years_maintained``),
capped at the legal term. The cost approach understates patents (不完整性, 弱对应性 of cost and
value), so it is a floor under the income and market results, never the conclusion alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from gdip.valuation.params import ValuationParams, load_params
from gdip.valuation.registry import TraceRow, register_method

__all__ = ["CostInput", "CostItem", "CostResult", "annual_fee", "cost_value"]


@dataclass
class CostInput:
    """The facts the cost approach needs about one patent."""

    kind: str
    claims: int
    granted: bool
    in_force: bool
    grant_fee_year: int  # fee year (1-based from filing) in which the patent was granted
    years_maintained: int  # full years in force (OECD renewal)
    age_years: float  # from filing to the valuation date
    remaining_economic_life: float
    rd_cost: float | None = None  # the owner's R&D cost when known (元)


@dataclass
class CostItem:
    code: str
    label_zh: str
    label_en: str
    amount: float
    formula: str


@dataclass
class CostResult:
    """The depreciated replacement cost with its items."""

    method: str
    value: float
    replacement_cost: float
    depreciation_rate: float
    items: list[CostItem]
    inputs: CostInput
    notes: dict[str, str] = field(default_factory=dict)
    formula: str = "V = (C_fees + C_agency + C_rd)·(1 + m)·(1 + i)^age·(1 − age/(age + n_econ))"

    def trace(self) -> list[TraceRow]:
        rows = [TraceRow(i.code, i.label_zh, i.label_en, i.amount, "yuan", i.formula) for i in self.items]
        rows += [
            TraceRow("C", "重置成本", "replacement cost", self.replacement_cost, "yuan"),
            TraceRow(
                "ρ",
                "贬值率",
                "depreciation rate",
                self.depreciation_rate,
                "ratio",
                "age / (age + remaining economic life)",
            ),
            TraceRow("V", "成本法评估值（下限）", "cost value (floor)", self.value, "yuan", self.formula),
        ]
        return rows

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def annual_fee(schedule: list[list[int]], year: int) -> float:
    """The official annual fee of fee year ``year`` (0 outside the schedule)."""
    for lo, hi, fee in schedule:
        if lo <= year <= hi:
            return float(fee)
    return 0.0


def cost_value(inp: CostInput, params: ValuationParams | None = None) -> CostResult:
    """Depreciated replacement cost (see the module docstring)."""
    p = params or load_params()
    c = p.section("cost")
    fees = c["official_fees"]
    kind = inp.kind if inp.kind in fees["application"] else "invention"
    term = p.legal_term_years(kind)
    schedule = fees["annual"][kind]
    items = [
        CostItem(
            "F_app", "申请费", "application fee", float(fees["application"][kind]), "CNIPA fee schedule"
        ),
        CostItem(
            "F_exam", "实质审查费", "examination fee", float(fees["examination"][kind]), "CNIPA fee schedule"
        ),
    ]
    paid = 0.0
    y0 = y1 = 0
    if inp.granted:
        y0 = max(1, inp.grant_fee_year)
        y1 = min(term, inp.years_maintained + (1 if inp.in_force else 0))
        paid = sum(annual_fee(schedule, y) for y in range(y0, y1 + 1))
    items.append(
        CostItem(
            "F_annual",
            "已缴年费",
            "annual fees paid",
            paid,
            f"Σ annual fee, fee years {y0}–{y1}" if y1 >= y0 and inp.granted else "not granted: none",
        )
    )
    items.append(
        CostItem(
            "C_agency",
            "代理费",
            "agency fees",
            float(c["agency_fees"].get(kind, 0)),
            c["agency_fees"]["source"],
        )
    )
    if inp.rd_cost is not None:
        rd, rd_note = float(inp.rd_cost), "given by the owner"
    else:
        base, per = float(c["rd_proxy"]["base"][kind]), float(c["rd_proxy"]["per_claim"][kind])
        rd = base + per * inp.claims
        rd_note = f"{base:,.0f} + {per:,.0f} × {inp.claims} claims; " + c["rd_proxy"]["source"]
    items.append(CostItem("C_rd", "研发成本", "R&D cost", rd, rd_note))
    direct = sum(i.amount for i in items)
    margin = float(c["profit_margin"]["value"])
    opp = float(c["opportunity_rate"]["value"])
    age = max(0.0, inp.age_years)
    replacement = direct * (1 + margin) * (1 + opp) ** age
    items.append(CostItem("C_profit", "合理利润", "reasonable profit", direct * margin, f"m = {margin}"))
    items.append(
        CostItem(
            "C_opp",
            "机会成本",
            "opportunity cost",
            replacement - direct * (1 + margin),
            f"(1 + {opp})^{age:.2f} − 1 on the cost with profit",
        )
    )
    life = max(0.0, inp.remaining_economic_life)
    rho = age / (age + life) if age + life > 0 else 1.0
    value = replacement * (1 - rho)
    return CostResult("cost", value, replacement, rho, items, inp, {"source": c["source"]})


@register_method(
    "cost", label_zh="成本法（重置成本，作为下限）", label_en="Cost approach (replacement cost, floor)"
)
def _cost_method(inp: CostInput, params: ValuationParams) -> CostResult:
    return cost_value(inp, params)
