"""Market approach: comparables from the lake's transfer, licence and pledge records.

For each comparable i with recorded amount A_i (元):

    P_i  = A_i / LTV(kind)            for a pledge (the amount is a loan, not a value)
         = A_i / fraction(licence)    for a licence (exclusive 1.0, sole 0.8, ordinary 0.5)
         = A_i                         for a transfer
    a_time = (1 + i)^{years from the transaction to the valuation date}
    a_life = clip(subject remaining legal term / comparable's remaining term then, 0.5, 1.5)
    a_kind = 1 for the same patent type, else the ``different`` factor
    V_i  = P_i · a_time · a_life · a_kind

V = median(V_i); the inter-quartile range Q1–Q3 (linear interpolation) measures dispersion.
Comparables are chosen by similarity: the same IPC subclass, then the same strategic
industry, then the same IPC section, transactions within ``lookback_years`` before the
valuation date; at most ``max_comparables``, the most recent first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

import ibis
import numpy as np

from gdip.datacenter.reference.industries import match_industries
from gdip.valuation.params import ValuationParams, load_params
from gdip.valuation.registry import TraceRow, register_method

__all__ = [
    "Comparable",
    "MarketInput",
    "MarketResult",
    "comparables_pool",
    "find_comparables",
    "market_value",
    "select_comparables",
]

DAYS_PER_YEAR = 365.25
MATCH_LEVELS = ("ipc_subclass", "industry", "ipc_section")


@dataclass
class Comparable:
    """One transaction record used as a comparable."""

    office: str
    application_number: str
    event_type: str  # transfer | licence | pledge
    event_date: date
    amount: float  # 元, as recorded
    kind: str
    ipc_subclass: str
    remaining_legal_years: float  # at the transaction date
    licence_type: str | None = None
    match_level: str = "ipc_subclass"
    # Filled by market_value:
    implied_value: float = 0.0
    factors: dict[str, float] = field(default_factory=dict)
    adjusted_value: float = 0.0


@dataclass
class MarketInput:
    """The subject and its comparables."""

    kind: str
    remaining_legal_years: float
    as_of: date
    comparables: list[Comparable]


@dataclass
class MarketResult:
    """Median of the adjusted comparables with the dispersion and each comparable's factors."""

    method: str
    value: float
    n: int
    q1: float
    q3: float
    iqr: float
    sufficient: bool
    comparables: list[Comparable]
    inputs: MarketInput
    formula: str = "V = median_i(P_i·a_time·a_life·a_kind)"

    def trace(self) -> list[TraceRow]:
        return [
            TraceRow(
                "n",
                "可比交易数",
                "comparables",
                self.n,
                "count",
                "足够" if self.sufficient else "不足，仅供参考 / too few, indicative only",
            ),
            TraceRow("Q1", "下四分位数", "first quartile", self.q1, "yuan"),
            TraceRow("Q3", "上四分位数", "third quartile", self.q3, "yuan"),
            TraceRow("V", "评估值（中位数）", "value (median)", self.value, "yuan", self.formula),
        ]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["inputs"].pop("comparables", None)
        return d


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a non-leap year
        return d.replace(year=d.year + years, day=28)


def _years(a: date, b: date) -> float:
    return (b - a).days / DAYS_PER_YEAR


def market_value(inp: MarketInput, params: ValuationParams | None = None) -> MarketResult:
    """Adjust each comparable and take the median (see the module docstring)."""
    p = params or load_params()
    m = p.section("market")
    ltv, frac = m["pledge_ltv"], m["licence_fraction"]
    idx = float(m["price_index_per_year"]["value"])
    lo, hi = float(m["life_ratio_bounds"]["low"]), float(m["life_ratio_bounds"]["high"])
    kf = m["kind_factor"]
    values = []
    for c in inp.comparables:
        if c.event_type == "pledge":
            base = c.amount / float(ltv.get(c.kind, ltv["invention"]))
        elif c.event_type == "licence":
            base = c.amount / float(frac.get(c.licence_type or "other", frac["other"]))
        else:
            base = c.amount
        a_time = (1 + idx) ** max(0.0, _years(c.event_date, inp.as_of))
        ratio = inp.remaining_legal_years / c.remaining_legal_years if c.remaining_legal_years > 0 else hi
        a_life = min(hi, max(lo, ratio))
        a_kind = float(kf["same"] if c.kind == inp.kind else kf["different"])
        c.implied_value = base
        c.factors = {"time": a_time, "life": a_life, "kind": a_kind}
        c.adjusted_value = base * a_time * a_life * a_kind
        values.append(c.adjusted_value)
    n = len(values)
    if n:
        arr = np.asarray(values)
        med, q1, q3 = (float(np.percentile(arr, q)) for q in (50, 25, 75))
    else:
        med = q1 = q3 = 0.0
    return MarketResult(
        "market", med, n, q1, q3, q3 - q1, n >= int(m["min_comparables"]), inp.comparables, inp
    )


@register_method("market", label_zh="市场法（可比交易）", label_en="Market approach (comparables)")
def _market_method(inp: MarketInput, params: ValuationParams) -> MarketResult:
    return market_value(inp, params)


def comparables_pool(
    engine,  # type: ignore[no-untyped-def]
    *,
    as_of: date,
    params: ValuationParams | None = None,
    ipc_section: str | None = None,
) -> list[tuple[Comparable, frozenset[str]]]:
    """Every transaction with an amount in the look-back window, with its industries."""
    p = params or load_params()
    m = p.section("market")
    start = _add_years(as_of, -int(m["lookback_years"]))
    ev = engine.table("legal-events")
    ev = ev.filter(
        (ev.right_kind == "patent")
        & ev.event_type.isin(list(m["event_types"]))
        & ev.amount.notnull()
        & (ev.amount > 0)
        & (ev.event_date > ibis.literal(start, type="date"))
        & (ev.event_date <= ibis.literal(as_of, type="date"))
    )
    ev = ev.mutate(_key=ev.office + ":" + ev.application_number)
    pat = engine.table("patents")
    pat = pat.select(
        "_key", "kind", "filing_date", "ipc", sub=pat.ipc_main.fill_null(pat.ipc[0]).strip().substr(0, 4)
    )
    t = ev.join(pat, "_key")
    if ipc_section:
        t = t.filter(t["sub"].substr(0, 1) == ipc_section)
    rows = (
        t.select(
            "office",
            "application_number",
            "event_type",
            "event_date",
            "licence_type",
            "kind",
            "filing_date",
            "ipc",
            "sub",
            amount=t.amount.cast("float64"),
        )
        .to_pyarrow()
        .to_pylist()
    )
    sei_cache: dict[tuple[str, ...], frozenset[str]] = {}
    out = []
    for r in rows:
        ipc = tuple(r["ipc"] or ())
        if ipc not in sei_cache:
            sei_cache[ipc] = frozenset(match_industries(list(ipc))[0])
        f = r["filing_date"]
        expiry = _add_years(f, p.legal_term_years(r["kind"], (f.year, f.month, f.day)))
        c = Comparable(
            r["office"],
            r["application_number"],
            r["event_type"],
            r["event_date"],
            r["amount"],
            r["kind"],
            r["sub"] or "",
            max(0.0, _years(r["event_date"], expiry)),
            r["licence_type"],
        )
        out.append((c, sei_cache[ipc]))
    return out


def select_comparables(
    pool: list[tuple[Comparable, frozenset[str]]],
    *,
    subject_key: str,
    ipc_subclass: str | None,
    sei_codes: list[str] | tuple[str, ...],
    params: ValuationParams | None = None,
) -> list[Comparable]:
    """The most similar comparables: subclass, then industry, then section, recent first.

    The match widens only as far as needed to reach ``min_comparables``.
    """
    p = params or load_params()
    m = p.section("market")
    section = (ipc_subclass or "")[:1]
    sei = set(sei_codes)
    levels: list[list[Comparable]] = [[], [], []]
    for c, c_sei in pool:
        if f"{c.office}:{c.application_number}" == subject_key:
            continue
        if ipc_subclass and c.ipc_subclass == ipc_subclass:
            level = 0
        elif sei & c_sei:
            level = 1
        elif section and c.ipc_subclass.startswith(section):
            level = 2
        else:
            continue
        levels[level].append(c)
    need = int(m["min_comparables"])
    chosen: list[Comparable] = []
    for level, items in enumerate(levels):
        if len(chosen) >= need:
            break
        items.sort(key=lambda c: -c.event_date.toordinal())
        # Copies: market_value writes the factors into each comparable.
        chosen += [replace(c, match_level=MATCH_LEVELS[level]) for c in items]
    return chosen[: int(m["max_comparables"])]


def find_comparables(
    engine,  # type: ignore[no-untyped-def]
    *,
    subject_key: str,
    ipc_subclass: str | None,
    sei_codes: list[str] | tuple[str, ...],
    as_of: date,
    params: ValuationParams | None = None,
) -> list[Comparable]:
    """Transactions with amounts on similar patents within the look-back window, best first."""
    # Not limited to the IPC section: an industry match may lie in another section.
    pool = comparables_pool(engine, as_of=as_of, params=params)
    return select_comparables(
        pool, subject_key=subject_key, ipc_subclass=ipc_subclass, sei_codes=sei_codes, params=params
    )
