"""Portfolio valuation: every patent of an entity, one table, one total with documented rules.

Rules:

1. Scope: the entity's patents in the lake (its id among the holders' ``entity_ids``) of the
   office (CN); rights that have ended are listed with value 0.
2. No double counting of revenue (overlap): the revenue forecast given for the portfolio is the
   revenue of all products embodying the portfolio. It is allocated to the patents in force in
   proportion to their value degree, R_i = R · PVD_i / Σ PVD, so Σ R_i = R whatever the number
   of patents protecting the same products; each patent's income value uses its own K_i, d_i,
   n_i (``income_values``, vectorised).
3. Per patent, the conclusion is reconciled as for one patent (``service.reconcile``): income
   and market weighted, the cost approach as the floor.
4. Diversification: a concentrated portfolio is riskier collateral; with HHI the
   Herfindahl–Hirschman index of the conclusion values over IPC subclasses,
   V = Σ V_i · (1 − DF · HHI), DF = ``portfolio.diversification_factor``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa

from gdip.valuation.cost import cost_value
from gdip.valuation.income import DiscountRate, income_values
from gdip.valuation.market import MarketInput, comparables_pool, market_value, select_comparables
from gdip.valuation.params import ValuationParams, load_params
from gdip.valuation.service import DAYS_PER_YEAR, Subject, cost_input, reconcile
from gdip.valuation.value_degree import score_features

__all__ = ["PortfolioResult", "PortfolioRow", "income_inputs", "value_portfolio"]


@dataclass
class PortfolioRow:
    office: str
    application_number: str
    kind: str
    status: str
    ipc_subclass: str | None
    pvd: float
    share_rate: float
    life_years: float
    revenue_share: float  # R_i (元, year 1)
    income: float | None
    market: float | None
    market_n: int
    cost: float
    value: float


@dataclass
class PortfolioResult:
    entity_id: str
    as_of: date
    rows: list[PortfolioRow]
    sum_values: float
    hhi: float
    diversification_factor: float
    value: float
    revenue: list[float] | None
    params_digest: str
    rules: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["as_of"] = self.as_of.isoformat()
        return d


def income_inputs(f: pa.Table, s: pa.Table, params: ValuationParams) -> dict[str, np.ndarray]:
    """Per-row K, d, n, T and r arrays from features and scores (vectorised over rows)."""
    sei = f.column("sei_codes").to_pylist()
    ipc_main = f.column("ipc_main").to_pylist()
    kind = f.column("kind").to_pylist()
    pvd = s.column("pvd").to_numpy()
    remaining = s.column("remaining_legal_years").to_numpy()
    # Few distinct (industries, section, kind) combinations: look each up once.
    cache: dict[tuple[Any, ...], tuple[float, float, float, float, float]] = {}
    lo = np.empty(len(sei))
    hi = np.empty(len(sei))
    kf = np.empty(len(sei))
    d = np.empty(len(sei))
    cap = np.empty(len(sei))
    for i, (codes, ipc, k) in enumerate(zip(sei, ipc_main, kind, strict=True)):
        key = (tuple(codes or ()), (ipc or "")[:1], k)
        if key not in cache:
            r = params.share_range(list(key[0]), key[1])
            cache[key] = (
                r.low,
                r.high,
                params.kind_factor(k),
                params.decay_rate(key[0]),
                params.economic_life_cap(key[0]),
            )
        lo[i], hi[i], kf[i], d[i], cap[i] = cache[key]
    q = np.clip(pvd / 100.0, 0, 1)
    high_tech = f.column("high_tech").to_numpy(zero_copy_only=False) > 0
    return {
        "share_rate": (lo + (hi - lo) * q) * kf,
        "decay_rate": d,
        "life_years": np.minimum(cap, remaining),
        "tax_rate": np.where(high_tech, params.tax_rate(True), params.tax_rate(False)),
        "discount_rate": np.full(len(sei), DiscountRate.from_params(params).rate),
    }


def _subject(row: dict[str, Any], srow: dict[str, Any], as_of: date) -> Subject:
    return Subject(
        office=row["office"],
        application_number=row["application_number"],
        title=None,
        kind=row["kind"],
        status=row["status"],
        filing_date=row["filing_date"],
        grant_date=row["grant_date"],
        ipc_main=row["ipc_main"],
        ipc_subclass=row["ipc_subclass"],
        sei_codes=list(row["sei_codes"] or []),
        holders=[],
        high_tech=bool(row["high_tech"]),
        granted=bool(row["granted"]),
        in_force=bool(row["in_force"]),
        claims=int(row["claims"] or 0),
        renewal_years=row["renewal_years"],
        remaining_legal_years=float(srow["remaining_legal_years"]),
        expiry_date=srow["expiry_date"],
        age_years=max(0.0, (as_of - row["filing_date"]).days / DAYS_PER_YEAR),
    )


def value_portfolio(
    engine,  # type: ignore[no-untyped-def]
    entity_id: str,
    *,
    as_of: date,
    revenue: list[float] | None = None,
    growth: float | None = None,
    params: ValuationParams | None = None,
    scenario: str | None = None,
    office: str = "CN",
) -> PortfolioResult:
    """Value every patent of an entity and the portfolio (rules in the module docstring)."""
    from gdip.valuation.indicators import features

    p = params or load_params()
    t = features(engine, as_of=as_of, params=p, office=office)
    pat = engine.table("patents")
    mine = pat.filter(pat.entity_ids.contains(entity_id)).select(_mine="_key")
    t = t.join(mine, t._key == mine._mine).drop("_mine")
    f = t.to_pyarrow()
    s = score_features(f, as_of=as_of, params=p, scenario=scenario)
    n = f.num_rows
    arrays = income_inputs(f, s, p)
    alive = s.column("remaining_legal_years").to_numpy() > 0
    pvd = s.column("pvd").to_numpy()
    g = p.revenue_growth if growth is None else growth
    incomes = np.full(n, np.nan)
    r_share = np.zeros(n)
    if revenue and alive.any():
        weights = np.where(alive, pvd, 0.0)
        r_share = revenue[0] * weights / weights.sum() if weights.sum() > 0 else r_share
        # A multi-year forecast fixes the growth of year 2 onwards by its first step.
        g_eff = (revenue[1] / revenue[0] - 1) if len(revenue) > 1 and revenue[0] else g
        incomes = income_values(
            r_share,
            g_eff,
            arrays["share_rate"],
            arrays["decay_rate"],
            arrays["discount_rate"],
            arrays["tax_rate"],
            arrays["life_years"],
            decay_pattern=p.decay_pattern,
            mid_year=p.mid_year,
        )
    pool = comparables_pool(engine, as_of=as_of, params=p) if n else []
    rows: list[PortfolioRow] = []
    for i, (row, srow) in enumerate(zip(f.to_pylist(), s.to_pylist(), strict=True)):
        subj = _subject(row, srow, as_of)
        comps = select_comparables(
            pool, subject_key=subj.key, ipc_subclass=subj.ipc_subclass, sei_codes=subj.sei_codes, params=p
        )
        mk = market_value(MarketInput(subj.kind, subj.remaining_legal_years, as_of, comps), p)
        cs = cost_value(cost_input(subj, p), p)
        inc = None if np.isnan(incomes[i]) else float(incomes[i])
        income_stub = _Value(inc) if inc is not None else None
        concl = reconcile(income=income_stub, sens=None, market=mk, cost=cs, alive=subj.alive, params=p)  # type: ignore[arg-type]
        rows.append(
            PortfolioRow(
                subj.office,
                subj.application_number,
                subj.kind,
                subj.status,
                subj.ipc_subclass,
                float(pvd[i]),
                float(arrays["share_rate"][i]),
                float(arrays["life_years"][i]),
                float(r_share[i]),
                inc,
                mk.value if mk.n else None,
                mk.n,
                cs.value,
                concl.value,
            )
        )
    total = sum(r.value for r in rows)
    by_class: dict[str, float] = {}
    for r in rows:
        by_class[r.ipc_subclass or "—"] = by_class.get(r.ipc_subclass or "—", 0.0) + r.value
    hhi = sum((v / total) ** 2 for v in by_class.values()) if total > 0 else 0.0
    df = float(p.doc["portfolio"]["diversification_factor"])
    rules = [
        "收入分配：R_i = R·PVD_i/ΣPVD（在有效专利间分配，避免重复计算） / revenue allocated by value degree",
        "单项结论：收益法与市场法加权，成本法为下限 / per patent: weighted income and market, cost floor",
        f"组合价值 = ΣV_i·(1 − {df}·HHI) / portfolio value with HHI haircut over IPC subclasses",
    ]
    return PortfolioResult(
        entity_id, as_of, rows, total, hhi, df, total * (1 - df * hhi), revenue, p.digest, rules
    )


@dataclass
class _Value:
    """A bare income value for ``reconcile`` (the portfolio has no per-patent year table)."""

    value: float
