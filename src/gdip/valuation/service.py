"""One patent's valuation end to end: subject facts, value degree, methods, range, conclusion.

Reconciliation: the primary methods available (income when a revenue forecast is given;
market when at least ``min_comparables`` comparables exist) are weighted by
``reconciliation.weights`` renormalised over the available ones; the cost approach is the
floor (the conclusion is max(weighted value, cost value)). The range takes the income
sensitivity's low/high and the market's Q1/Q3 with the same weights, also floored. A right
that has ended (lapsed, expired, invalidated, refused) is worth nothing as collateral.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import pyarrow as pa

from gdip.valuation.cost import CostInput, CostResult
from gdip.valuation.income import IncomeResult, build_income_input
from gdip.valuation.market import MarketInput, MarketResult, find_comparables
from gdip.valuation.params import ValuationParams, load_params
from gdip.valuation.registry import ValuationResult, run_method
from gdip.valuation.sensitivity import SensitivityResult, sensitivity
from gdip.valuation.value_degree import DegreeResult, explain, score_features

__all__ = [
    "Conclusion",
    "PatentValuation",
    "Subject",
    "SubjectNotFound",
    "load_subject",
    "reconcile",
    "valuate_patent",
]

DAYS_PER_YEAR = 365.25


class SubjectNotFound(LookupError):
    """The patent is not in the lake (message in Chinese and English)."""

    def __init__(self, office: str, number: str):
        super().__init__(f"专利 {office} {number} 不在数据湖中 / patent {office} {number} is not in the lake")


@dataclass
class Subject:
    """The facts of the patent under valuation (评估对象), from the lake."""

    office: str
    application_number: str
    title: str | None
    kind: str
    status: str
    filing_date: date
    grant_date: date | None
    ipc_main: str | None
    ipc_subclass: str | None
    sei_codes: list[str]
    holders: list[str]
    high_tech: bool
    granted: bool
    in_force: bool
    claims: int
    renewal_years: int | None
    remaining_legal_years: float
    expiry_date: date | None
    age_years: float

    @property
    def key(self) -> str:
        return f"{self.office}:{self.application_number}"

    @property
    def alive(self) -> bool:
        return self.remaining_legal_years > 0


@dataclass
class Conclusion:
    value: float
    low: float
    high: float
    weights: dict[str, float]
    floor: float | None
    floor_binds: bool
    explanation_zh: str
    explanation_en: str


@dataclass
class PatentValuation:
    """Everything a valuation report shows."""

    subject: Subject
    as_of: date
    degree: DegreeResult
    results: dict[str, Any]
    sensitivity: SensitivityResult | None
    conclusion: Conclusion
    params_digest: str
    params_path: str
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": asdict(self.subject),
            "as_of": self.as_of.isoformat(),
            "degree": self.degree.to_dict(),
            "results": {k: v.to_dict() for k, v in self.results.items()},
            "sensitivity": self.sensitivity.to_dict() if self.sensitivity else None,
            "conclusion": asdict(self.conclusion),
            "params": {"digest": self.params_digest, "path": self.params_path},
            "warnings": [{"zh": zh, "en": en} for zh, en in self.warnings],
        }


def load_subject(
    engine,  # type: ignore[no-untyped-def]
    office: str,
    number: str,
    *,
    as_of: date,
    params: ValuationParams | None = None,
    scenario: str | None = None,
) -> tuple[Subject, pa.Table, pa.Table]:
    """(subject, features row, scores row); cohort ranks use the whole lake."""
    from gdip.valuation.indicators import features

    p = params or load_params()
    t = features(engine, as_of=as_of, params=p, office=office)
    f = t.filter(t.application_number == number).to_pyarrow()
    if f.num_rows == 0:
        raise SubjectNotFound(office, number)
    s = score_features(f, as_of=as_of, params=p, scenario=scenario)
    row, srow = f.to_pylist()[0], s.to_pylist()[0]
    pat = engine.table("patents")
    extra = pat.filter((pat.office == office) & (pat.application_number == number))
    extra_row = extra.select("title", "applicants").limit(1).to_pyarrow().to_pylist()[0]
    holders = [a["name"] for a in (extra_row["applicants"] or []) if a and a.get("name")]
    subject = Subject(
        office=office,
        application_number=number,
        title=extra_row["title"],
        kind=row["kind"],
        status=row["status"],
        filing_date=row["filing_date"],
        grant_date=row["grant_date"],
        ipc_main=row["ipc_main"],
        ipc_subclass=row["ipc_subclass"],
        sei_codes=list(row["sei_codes"] or []),
        holders=holders,
        high_tech=bool(row["high_tech"]),
        granted=bool(row["granted"]),
        in_force=bool(row["in_force"]),
        claims=int(row["claims"] or 0),
        renewal_years=row["renewal_years"],
        remaining_legal_years=float(srow["remaining_legal_years"]),
        expiry_date=srow["expiry_date"],
        age_years=max(0.0, (as_of - row["filing_date"]).days / DAYS_PER_YEAR),
    )
    return subject, f, s


def _grant_fee_year(filing: date, grant: date | None) -> int:
    if grant is None:
        return 0
    years = grant.year - filing.year - (1 if (grant.month, grant.day) < (filing.month, filing.day) else 0)
    return years + 1


def cost_input(subject: Subject, params: ValuationParams, rd_cost: float | None = None) -> CostInput:
    return CostInput(
        kind=subject.kind,
        claims=subject.claims,
        granted=subject.granted,
        in_force=subject.in_force,
        grant_fee_year=_grant_fee_year(subject.filing_date, subject.grant_date),
        years_maintained=int(subject.renewal_years or 0),
        age_years=subject.age_years,
        remaining_economic_life=min(
            params.economic_life_cap(subject.sei_codes), subject.remaining_legal_years
        ),
        rd_cost=rd_cost,
    )


def reconcile(
    *,
    income: IncomeResult | None,
    sens: SensitivityResult | None,
    market: MarketResult | None,
    cost: CostResult | None,
    alive: bool,
    params: ValuationParams,
) -> Conclusion:
    """Weighted primary methods, floored by the cost approach (see the module docstring)."""
    if not alive:
        return Conclusion(
            0.0,
            0.0,
            0.0,
            {},
            None,
            False,
            "专利权已终止或未获授权，不具备质押价值。",
            "The right has ended or was refused: no collateral value.",
        )
    w_all = params.doc["reconciliation"]["weights"]
    avail: dict[str, tuple[float, float, float]] = {}
    if income is not None:
        lo, hi = (sens.low, sens.high) if sens else (income.value, income.value)
        avail["income"] = (income.value, lo, hi)
    if market is not None and market.sufficient:
        avail["market"] = (market.value, market.q1, market.q3)
    weights = {k: float(w_all.get(k, 0)) for k in avail}
    total_w = sum(weights.values())
    floor = cost.value if cost is not None else None
    if total_w <= 0:
        v = floor or 0.0
        return Conclusion(
            v,
            v,
            v,
            {},
            floor,
            floor is not None,
            "无收入预测且可比交易不足，仅以成本法下限作为参考值。",
            "No revenue forecast and too few comparables: the cost floor is indicative only.",
        )
    weights = {k: w / total_w for k, w in weights.items()}
    value = sum(weights[k] * avail[k][0] for k in avail)
    low = sum(weights[k] * avail[k][1] for k in avail)
    high = sum(weights[k] * avail[k][2] for k in avail)
    binds = floor is not None and floor > value
    if floor is not None:
        value, low, high = max(value, floor), max(low, floor), max(high, floor)
    parts = " + ".join(f"{w:.2f}×{k}" for k, w in weights.items())
    zh = f"评估结论 = {parts}" + ("；低于成本法下限，取成本法价值" if binds else "")
    en = f"conclusion = {parts}" + ("; below the cost floor, the cost value applies" if binds else "")
    return Conclusion(value, low, high, weights, floor, binds, zh, en)


def valuate_patent(
    engine,  # type: ignore[no-untyped-def]
    office: str,
    number: str,
    *,
    as_of: date,
    revenue: list[float] | None = None,
    growth: float | None = None,
    methods: tuple[str, ...] = ("income", "market", "cost"),
    params: ValuationParams | None = None,
    scenario: str | None = None,
    overrides: dict[str, float] | None = None,
    rd_cost: float | None = None,
) -> PatentValuation:
    """Value one patent with the chosen methods; see the module docstring for the conclusion."""
    p = params or load_params()
    subject, f, s = load_subject(engine, office, number, as_of=as_of, params=p, scenario=scenario)
    degree = explain(f, s, as_of=as_of, params=p, scenario=scenario)
    results: dict[str, ValuationResult] = {}
    warnings: list[tuple[str, str]] = []
    sens = None
    if not subject.alive:
        warnings.append(("专利权已终止，评估值为零。", "The right has ended: its value is nil."))
    elif not subject.granted:
        warnings.append(
            (
                "专利申请尚未授权，价值存在不确定性。",
                "The application is not granted: the value is uncertain.",
            )
        )
    income = market = cost = None
    if "income" in methods:
        if revenue:
            inp = build_income_input(
                revenue=revenue,
                share_range=p.share_range(subject.sei_codes, subject.ipc_main),
                quality=degree.quality,
                kind=subject.kind,
                sei_codes=subject.sei_codes,
                remaining_legal_years=subject.remaining_legal_years,
                high_tech=subject.high_tech,
                params=p,
                growth=growth,
                overrides=overrides,
            )
            income = run_method("income", inp, p)
            results["income"] = income
            sens = sensitivity(inp, p)
        else:
            warnings.append(
                ("未提供收入预测，未采用收益法。", "No revenue forecast given: income approach not applied.")
            )
    if "market" in methods:
        comps = find_comparables(
            engine,
            subject_key=subject.key,
            ipc_subclass=subject.ipc_subclass,
            sei_codes=subject.sei_codes,
            as_of=as_of,
            params=p,
        )
        market = run_method(
            "market", MarketInput(subject.kind, subject.remaining_legal_years, as_of, comps), p
        )
        results["market"] = market
        if not market.sufficient:  # type: ignore[attr-defined]
            warnings.append(
                (
                    "可比交易不足，市场法结果仅供参考。",
                    "Too few comparables: the market result is indicative.",
                )
            )
    if "cost" in methods:
        cost = run_method("cost", cost_input(subject, p, rd_cost), p)
        results["cost"] = cost
    for name in methods:
        if name not in ("income", "market", "cost"):
            raise ValueError(f"method {name!r} needs its own input builder; call run_method directly")
    conclusion = reconcile(
        income=income,  # type: ignore[arg-type]
        sens=sens,
        market=market,  # type: ignore[arg-type]
        cost=cost,  # type: ignore[arg-type]
        alive=subject.alive,
        params=p,
    )
    return PatentValuation(subject, as_of, degree, results, sens, conclusion, p.digest, p.path, warnings)
