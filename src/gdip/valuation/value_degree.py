"""The patent value degree (专利价值度): legal, technical and economic dimensions, vectorised.

Structure of GB/T 42748-2023 《专利评估指引》 (three first-level dimensions, scenario weights)
and the CNIPA 专利价值分析指标体系 (PVD = α·LVD + β·TVD + γ·EVD):

- each sub-indicator i of a dimension is scored s_i ∈ [0, 10] by the rule named in the
  parameter file (``value_degree.dimensions``); the rules are
  ``linear``  s = clip(a·x + b, 0, 10) (``missing`` when x is null),
  ``linear2`` s = clip(Σ a_k·x_k, 0, 10), ``percentile`` s = 10·pct (cohort percent rank),
  ``category`` s = score of the category, ``offices`` s = min(10, Σ points of the family's
  offices), ``status`` s = score of the legal state, ``pledge`` s = 0 without pledges, else
  5 + 5·min(1, pledged amount / threshold), ``award`` s = best award score;
- a dimension score D = Σ w_i·s_i (weights sum to 1, so D ∈ [0, 10]);
- PVD = 10·(α·LVD + β·TVD + γ·EVD) ∈ [0, 100], α + β + γ = 1 per scenario.

``score_features`` works on whole Arrow columns (NumPy), so the portfolio of a province is
scored in one pass; ``explain`` renders the explanation strings (zh/en) of one patent.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from gdip.valuation.params import DIMENSIONS, ValuationParams, load_params

__all__ = [
    "DIMENSION_NAMES",
    "DegreeResult",
    "SubScore",
    "explain",
    "remaining_legal_years",
    "score_features",
    "value_degree",
]

DIMENSION_NAMES = {
    "legal": ("法律价值度", "Legal value"),
    "technical": ("技术价值度", "Technical value"),
    "economic": ("经济价值度", "Economic value"),
}
STATES = {
    "in_force_upheld": ("有效，且经无效宣告程序维持", "in force, upheld in invalidation proceedings"),
    "in_force": ("有效", "in force"),
    "invalidation_pending": ("有效，无效宣告请求审查中", "in force, invalidation request pending"),
    "partially_invalidated": ("有效，部分无效", "in force, partially invalidated"),
    "pending": ("审查中（未授权）", "pending (not granted)"),
    "ended": ("已失效/未授权", "ended or refused"),
}
LITIGATION_NAMES = {0: "none", 1: "dismissed", 2: "pending", 3: "settled", 4: "infringement_found"}
DAYS_PER_YEAR = 365.25


def _col(t: pa.Table, name: str, fill: float | None = None) -> np.ndarray:
    """A column as float64 NumPy (nulls as NaN, or ``fill``)."""
    arr = t.column(name).to_numpy(zero_copy_only=False).astype("float64")
    if fill is not None:
        arr = np.where(np.isnan(arr), fill, arr)
    return arr


def _bool(t: pa.Table, name: str) -> np.ndarray:
    return np.asarray(t.column(name).fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _str(t: pa.Table, name: str) -> np.ndarray:
    return np.asarray(t.column(name).to_pylist(), dtype=object)


def _dates(t: pa.Table, name: str) -> np.ndarray:
    return np.asarray(t.column(name).cast(pa.date32()).to_numpy(zero_copy_only=False), dtype="datetime64[D]")


def remaining_legal_years(
    kind: np.ndarray, filing: np.ndarray, alive: np.ndarray, as_of: date, params: ValuationParams
) -> tuple[np.ndarray, np.ndarray]:
    """(remaining legal term in years from ``as_of``, expiry dates); 0 for ended rights.

    Expiry = filing date + legal term (专利法 art. 42: from the filing date); a design filed on
    or after 2021-06-01 has 15 years.
    """
    terms = _map_scores(
        kind,
        {k: params.legal_term_years(k) for k in ("invention", "utility", "design")},
        float(params.legal_term_years("invention")),
    ).astype("int64")
    design_new = (kind == "design") & (filing >= np.datetime64("2021-06-01"))
    if design_new.any():
        terms = np.where(design_new, params.legal_term_years("design", (2021, 6, 1)), terms)
    month0 = filing.astype("datetime64[M]")
    target = month0 + (12 * terms).astype("timedelta64[M]")
    # The same day N years later; 29 February becomes 28 February in a common year.
    last_day = (target + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
    expiry = np.minimum(target.astype("datetime64[D]") + (filing - month0.astype("datetime64[D]")), last_day)
    days = (expiry - np.datetime64(as_of, "D")).astype("float64")
    years = np.where(alive, np.clip(days / DAYS_PER_YEAR, 0, None), 0.0)
    return years, expiry


def _legal_state(t: pa.Table) -> np.ndarray:
    granted, in_force = _bool(t, "granted"), _bool(t, "in_force")
    status = _str(t, "status")
    state = np.full(t.num_rows, "ended", dtype=object)
    state[(~granted) & (status == "pending")] = "pending"
    state[in_force] = "in_force"
    state[in_force & _bool(t, "upheld")] = "in_force_upheld"
    state[in_force & _bool(t, "partially_invalidated")] = "partially_invalidated"
    state[in_force & _bool(t, "invalidation_pending")] = "invalidation_pending"
    return state


def _inputs(t: pa.Table, as_of: date, params: ValuationParams) -> dict[str, np.ndarray]:
    """Derived inputs the rules refer to by name (besides the feature columns themselves)."""
    state = _legal_state(t)
    alive = state != "ended"
    kind = _str(t, "kind")
    years, expiry = remaining_legal_years(kind, _dates(t, "filing_date"), alive, as_of, params)
    n_sei = pc.list_value_length(t.column("sei_codes")).fill_null(0).to_numpy(zero_copy_only=False)
    level = np.where(n_sei > 0, "sei", np.where(_col(t, "in_cluster", 0) > 0, "cluster", "none"))
    lit_names = np.array([LITIGATION_NAMES[i] for i in sorted(LITIGATION_NAMES)], dtype=object)
    lit = lit_names[_col(t, "litigation_rank", 0).astype("int64")]
    return {
        "state": state,
        "alive": alive,
        "kind": kind,
        "remaining_legal_years": years,
        "expiry": expiry,
        "industry_level": level.astype(object),
        "litigation_outcome": lit,
    }


def _map_scores(cats: np.ndarray, scores: dict[str, Any], other: float) -> np.ndarray:
    """Category → score through a dictionary encoding (fast on millions of rows)."""
    enc = pa.array(cats, type=pa.string()).dictionary_encode()
    table = np.array([float(scores.get(c, other)) for c in enc.dictionary.to_pylist()] + [other])
    idx = enc.indices.fill_null(len(enc.dictionary)).to_numpy(zero_copy_only=False)
    return np.asarray(table[idx], dtype="float64")


def _score(rule: dict[str, Any], t: pa.Table, derived: dict[str, np.ndarray]) -> np.ndarray:
    """One sub-indicator's scores s ∈ [0, 10] for every row."""

    def x(name: str) -> np.ndarray:
        if name in derived:
            return np.asarray(derived[name], dtype="float64")
        return _col(t, name)

    kind = rule["rule"]
    if kind == "linear":
        v = x(rule["input"])
        s = np.clip(float(rule["slope"]) * v + float(rule.get("intercept", 0)), 0, 10)
        return np.where(np.isnan(v), float(rule.get("missing", 0)), s)
    if kind == "linear2":
        total = sum(
            float(a) * np.nan_to_num(x(c)) for a, c in zip(rule["slopes"], rule["inputs"], strict=True)
        )
        return np.clip(np.asarray(total, dtype="float64"), 0, 10)
    if kind == "percentile":
        v = x(rule["input"])
        return np.where(np.isnan(v), float(rule.get("missing", 0)), np.clip(10 * v, 0, 10))
    if kind in ("category", "status"):
        name = "state" if kind == "status" else rule["input"]
        cats = derived[name] if name in derived else _str(t, name)
        return _map_scores(cats, rule["scores"], float(rule.get("other", 0)))
    if kind == "offices":
        total = np.zeros(t.num_rows)
        for office, pts in rule["points"].items():
            total += float(pts) * _col(t, f"family_{office}", 0)
        total += float(rule.get("other_points", 0)) * _col(t, "family_other_offices", 0)
        return np.minimum(10.0, total)
    if kind == "pledge":
        n, amount = _col(t, "pledges", 0), _col(t, "pledge_amount", 0)
        return np.where(n > 0, 5 + 5 * np.minimum(1.0, amount / float(rule["threshold_yuan"])), 0.0)
    if kind == "award":
        return np.clip(_col(t, "award_score", 0), 0, 10)
    raise ValueError(f"unknown value-degree rule {kind!r} (sub-indicator {rule.get('code')})")


def score_features(
    t: pa.Table, *, as_of: date, params: ValuationParams | None = None, scenario: str | None = None
) -> pa.Table:
    """Score a features table (``gdip.valuation.indicators.features``) in one vectorised pass.

    Returns office, application_number, one ``<dimension>.<code>`` column per sub-score, the
    dimension scores ``legal`` / ``technical`` / ``economic`` (0–10), ``pvd`` (0–100),
    ``remaining_legal_years`` and ``expiry_date``.
    """
    p = params or load_params()
    sc = p.scenario(scenario)
    derived = _inputs(t, as_of, p)
    cols: dict[str, Any] = {
        "office": t.column("office"),
        "application_number": t.column("application_number"),
    }
    pvd = np.zeros(t.num_rows)
    for dim in DIMENSIONS:
        total = np.zeros(t.num_rows)
        for rule in p.sub_indicators(dim):
            s = _score(rule, t, derived)
            cols[f"{dim}.{rule['code']}"] = pa.array(s)
            total += float(rule["weight"]) * s
        cols[dim] = pa.array(total)
        pvd += float(sc[dim]) * total
    cols["pvd"] = pa.array(10 * pvd)
    cols["remaining_legal_years"] = pa.array(derived["remaining_legal_years"])
    cols["expiry_date"] = pa.array(derived["expiry"]).cast(pa.date32())
    return pa.table(cols)


def value_degree(
    engine,  # type: ignore[no-untyped-def]
    *,
    as_of: date,
    params: ValuationParams | None = None,
    scenario: str | None = None,
    office: str | None = "CN",
) -> tuple[pa.Table, pa.Table]:
    """(features, scores) of every patent of the lake (of ``office``; None for all)."""
    from gdip.valuation.indicators import features

    p = params or load_params()
    f = features(engine, as_of=as_of, params=p, office=office).to_pyarrow()
    return f, score_features(f, as_of=as_of, params=p, scenario=scenario)


@dataclass
class SubScore:
    """One sub-indicator of one patent: its input, score, weight and explanation."""

    dimension: str
    code: str
    name_zh: str
    name_en: str
    weight: float
    score: float
    value: Any
    explanation_zh: str
    explanation_en: str
    source: str


@dataclass
class DegreeResult:
    """The value degree of one patent, with every sub-score explained."""

    office: str
    application_number: str
    scenario: str
    weights: dict[str, float]
    dimensions: dict[str, float]
    pvd: float
    sub_scores: list[SubScore] = field(default_factory=list)
    oecd: dict[str, Any] = field(default_factory=dict)
    params_digest: str = ""
    as_of: str = ""

    @property
    def quality(self) -> float:
        """q = PVD / 100 ∈ [0, 1]: the position in the share-rate range (综合评价法)."""
        return self.pvd / 100.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _fmt(v: Any) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "—"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def _explain_one(
    rule: dict[str, Any], row: dict[str, Any], derived: dict[str, Any], s: float
) -> tuple[Any, str, str]:
    """(input value, zh, en) explanation of one sub-score."""
    kind = rule["rule"]
    sc = f"{s:.2f}"
    if kind == "status":
        zh, en = STATES[derived["state"]]
        return derived["state"], f"法律状态：{zh} → {sc} 分", f"legal state: {en} → {sc}"
    if kind == "linear":
        name = rule["input"]
        v = derived.get(name, row.get(name))
        a, b = rule["slope"], rule.get("intercept", 0)
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None, f"{name} 无数据 → 缺省 {sc} 分", f"{name} not available → default {sc}"
        return (
            v,
            f"{name} = {_fmt(v)}；得分 = clip({a}×{_fmt(v)} + {b}, 0, 10) = {sc}",
            f"{name} = {_fmt(v)}; score = clip({a}×{_fmt(v)} + {b}, 0, 10) = {sc}",
        )
    if kind == "linear2":
        parts = " + ".join(
            f"{a}×{_fmt(row.get(c))}" for a, c in zip(rule["slopes"], rule["inputs"], strict=True)
        )
        vals = {c: row.get(c) for c in rule["inputs"]}
        names = "、".join(f"{c}={_fmt(row.get(c))}" for c in rule["inputs"])
        return vals, f"{names}；得分 = min(10, {parts}) = {sc}", f"{names}; score = min(10, {parts}) = {sc}"
    if kind == "percentile":
        v = row.get(rule["input"])
        raw = rule["input"].removesuffix("_pct")
        if v is None:
            return None, f"{raw} 无同组数据 → {sc} 分", f"{raw}: no cohort data → {sc}"
        return (
            v,
            f"{raw} = {_fmt(row.get(raw))}，在同 IPC 小类 × 申请年组中的百分位 {float(v):.3f}；"
            f"得分 = 10×{float(v):.3f} = {sc}",
            f"{raw} = {_fmt(row.get(raw))}, percent rank {float(v):.3f} in its IPC subclass × "
            f"filing-year cohort; score = 10×{float(v):.3f} = {sc}",
        )
    if kind == "category":
        v = derived.get(rule["input"], row.get(rule["input"]))
        return v, f"{rule['input']} = {v} → {sc} 分", f"{rule['input']} = {v} → {sc}"
    if kind == "offices":
        offices = [o for o in rule["points"] if row.get(f"family_{o}")]
        other = int(row.get("family_other_offices") or 0)
        pts = " + ".join(f"{rule['points'][o]}[{o}]" for o in offices) or "0"
        if other:
            pts += f" + {rule.get('other_points', 0)}×{other}[其他/other]"
        return (
            {"offices": offices, "other": other, "family_size": row.get("family_size")},
            f"同族保护局：{', '.join(offices) or '无'}，其他 {other} 个；得分 = min(10, {pts}) = {sc}",
            f"family offices: {', '.join(offices) or 'none'}, {other} other; score = min(10, {pts}) = {sc}",
        )
    if kind == "pledge":
        n, amt = int(row.get("pledges") or 0), float(row.get("pledge_amount") or 0)
        thr = float(rule["threshold_yuan"])
        if not n:
            return {"pledges": 0}, f"无质押登记 → {sc} 分", f"no pledge registered → {sc}"
        return (
            {"pledges": n, "amount": amt},
            f"质押 {n} 次，金额合计 {amt:,.2f} 元；得分 = 5 + 5×min(1, {amt:,.0f}/{thr:,.0f}) = {sc}",
            f"{n} pledge(s), {amt:,.2f} yuan in total; score = 5 + 5×min(1, {amt:,.0f}/{thr:,.0f}) = {sc}",
        )
    if kind == "award":
        v = row.get("award_score")
        if not v:
            return 0, f"至估值基准日无获奖 → {sc} 分", f"no award by the valuation date → {sc}"
        return v, f"最高奖项得分 {_fmt(v)} → {sc} 分", f"best award scored {_fmt(v)} → {sc}"
    return None, sc, sc


def explain(
    features_row: pa.Table,
    scores_row: pa.Table,
    *,
    as_of: date,
    params: ValuationParams | None = None,
    scenario: str | None = None,
) -> DegreeResult:
    """The explained value degree of the first row of a (features, scores) pair."""
    from gdip.valuation.indicators import INDICATORS

    p = params or load_params()
    sc = p.scenario(scenario)
    f1 = features_row.slice(0, 1)
    row = f1.to_pylist()[0]
    srow = scores_row.slice(0, 1).to_pylist()[0]
    derived_arr = _inputs(f1, as_of, p)
    derived = {k: (v[0].item() if hasattr(v[0], "item") else v[0]) for k, v in derived_arr.items()}
    subs: list[SubScore] = []
    for dim in DIMENSIONS:
        for rule in p.sub_indicators(dim):
            s = float(srow[f"{dim}.{rule['code']}"])
            value, zh, en = _explain_one(rule, row, derived, s)
            subs.append(
                SubScore(
                    dim,
                    rule["code"],
                    rule["name_zh"],
                    rule["name_en"],
                    float(rule["weight"]),
                    s,
                    value,
                    zh,
                    en,
                    rule["source"],
                )
            )
    oecd = {k: row.get(k) for k in INDICATORS} | {f"{k}_pct": row.get(f"{k}_pct") for k in INDICATORS}
    return DegreeResult(
        office=row["office"],
        application_number=row["application_number"],
        scenario=sc["name"],
        weights={d: float(sc[d]) for d in DIMENSIONS},
        dimensions={d: float(srow[d]) for d in DIMENSIONS},
        pvd=float(srow["pvd"]),
        sub_scores=subs,
        oecd=oecd,
        params_digest=p.digest,
        as_of=as_of.isoformat(),
    )
