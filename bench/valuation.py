"""Valuation throughput: vectorised value degree and income approach vs per-patent Python loops.

    python -m bench.valuation --lake PATH [--as-of 2025-12-31] [--sample 200000]

On the lake of ``gdip demo-data``: (1) the features query (Ibis on DuckDB) and the vectorised
value-degree scoring over every CN patent; (2) a straightforward per-patent loop scoring the
same feature rows in plain Python; (3) the vectorised income approach over every patent in
force and (4) a per-patent loop with plain arithmetic. The loops run on the first ``--sample``
rows (a rate in patents/s does not need all 5 million); both sides must give the same numbers.
Revenue is synthetic (R_1 = 1,000,000 · (1 + PVD/10) yuan, growth 5%): the figures measure
throughput, not values.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from datetime import date
from typing import Any

import numpy as np

from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.engines import Engine
from gdip.valuation.income import income_values
from gdip.valuation.indicators import features
from gdip.valuation.params import DIMENSIONS, load_params
from gdip.valuation.portfolio import income_inputs
from gdip.valuation.value_degree import score_features

LIT = {0: "none", 1: "dismissed", 2: "pending", 3: "settled", 4: "infringement_found"}


def _term_end(filing: date, years: int) -> date:
    try:
        return filing.replace(year=filing.year + years)
    except ValueError:
        return filing.replace(year=filing.year + years, day=28)


def score_one(row: dict[str, Any], p: Any, sc: dict[str, Any], as_of: date) -> float:
    """The value degree of one patent, written the straightforward way (one row, plain Python)."""
    granted, in_force = row["granted"], row["in_force"]
    if in_force:
        state = "in_force"
        if row["upheld"]:
            state = "in_force_upheld"
        if row["partially_invalidated"]:
            state = "partially_invalidated"
        if row["invalidation_pending"]:
            state = "invalidation_pending"
    elif not granted and row["status"] == "pending":
        state = "pending"
    else:
        state = "ended"
    kind, filing = row["kind"], row["filing_date"]
    term = p.legal_term_years(kind, (filing.year, filing.month, filing.day))
    remaining = max(0.0, (_term_end(filing, term) - as_of).days / 365.25) if state != "ended" else 0.0
    derived = {
        "remaining_legal_years": remaining,
        "kind": kind,
        "industry_level": "sei" if row["sei_codes"] else ("cluster" if row["in_cluster"] else "none"),
        "litigation_outcome": LIT[row["litigation_rank"]],
    }
    pvd = 0.0
    for dim in DIMENSIONS:
        total = 0.0
        for rule in p.sub_indicators(dim):
            r = rule["rule"]
            if r == "status":
                s = float(rule["scores"][state])
            elif r == "linear":
                x = derived.get(rule["input"], row.get(rule["input"]))
                s = (
                    float(rule.get("missing", 0))
                    if x is None
                    else min(10.0, max(0.0, rule["slope"] * x + rule.get("intercept", 0)))
                )
            elif r == "linear2":
                s = min(
                    10.0,
                    max(
                        0.0,
                        sum(a * (row[c] or 0) for a, c in zip(rule["slopes"], rule["inputs"], strict=True)),
                    ),
                )
            elif r == "percentile":
                x = row[rule["input"]]
                s = float(rule.get("missing", 0)) if x is None else 10 * x
            elif r == "category":
                s = float(rule["scores"].get(derived.get(rule["input"]), rule.get("other", 0)))
            elif r == "offices":
                s = sum(pts * row[f"family_{o}"] for o, pts in rule["points"].items())
                s = min(10.0, s + rule.get("other_points", 0) * row["family_other_offices"])
            elif r == "pledge":
                s = 5 + 5 * min(1.0, row["pledge_amount"] / rule["threshold_yuan"]) if row["pledges"] else 0.0
            else:  # award
                s = row["award_score"]
            total += rule["weight"] * s
        pvd += sc[dim] * total
    return 10 * pvd


def income_one(r1: float, g: float, k: float, d: float, r: float, t: float, n: float) -> float:
    """收入分成法 for one patent, plain arithmetic (geometric decay, mid-year)."""
    v = 0.0
    for year in range(1, math.ceil(n - 1e-12) + 1 if n > 0 else 1):
        f = min(1.0, n - (year - 1))
        rev = r1 * (1 + g) ** (year - 1)
        v += rev * k * (1 - d) ** (year - 1) * f * (1 - t) / (1 + r) ** ((year - 1) + f / 2)
    return v


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lake", required=True)
    ap.add_argument("--as-of", default="2025-12-31")
    ap.add_argument("--sample", type=int, default=200_000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    as_of = date.fromisoformat(args.as_of)
    p = load_params()
    sc = p.scenario()
    engine = Engine("duckdb", ParquetLake(args.lake))
    out: dict[str, Any] = {}

    t0 = time.perf_counter()
    f = features(engine, as_of=as_of, params=p, office="CN").to_pyarrow()
    t_feat = time.perf_counter() - t0
    t0 = time.perf_counter()
    s = score_features(f, as_of=as_of, params=p)
    t_score = time.perf_counter() - t0
    n = f.num_rows
    m = min(n, args.sample)
    rows = f.slice(0, m).to_pylist()
    t0 = time.perf_counter()
    loop = [score_one(r, p, sc, as_of) for r in rows]
    t_loop = time.perf_counter() - t0
    np.testing.assert_allclose(loop, s.column("pvd").to_numpy()[:m], rtol=1e-9, atol=1e-9)
    out["value_degree"] = {
        "patents": n,
        "features_query_s": t_feat,
        "vectorised_scoring_s": t_score,
        "end_to_end_patents_per_s": n / (t_feat + t_score),
        "vectorised_scoring_patents_per_s": n / t_score,
        "loop_sample": m,
        "loop_s": t_loop,
        "loop_patents_per_s": m / t_loop,
        "ratio_scoring": (n / t_score) / (m / t_loop),
    }

    arrays = income_inputs(f, s, p)
    alive = arrays["life_years"] > 0
    pvd = s.column("pvd").to_numpy()
    r1 = 1_000_000 * (1 + pvd / 10)
    idx = np.nonzero(alive)[0]
    t0 = time.perf_counter()
    vec = income_values(
        r1[idx],
        0.05,
        arrays["share_rate"][idx],
        arrays["decay_rate"][idx],
        arrays["discount_rate"][idx],
        arrays["tax_rate"][idx],
        arrays["life_years"][idx],
        decay_pattern=p.decay_pattern,
        mid_year=p.mid_year,
    )
    t_vec = time.perf_counter() - t0
    k = min(len(idx), args.sample)
    sub = idx[:k]
    cols = [
        r1[sub].tolist(),
        arrays["share_rate"][sub].tolist(),
        arrays["decay_rate"][sub].tolist(),
        arrays["discount_rate"][sub].tolist(),
        arrays["tax_rate"][sub].tolist(),
        arrays["life_years"][sub].tolist(),
    ]
    t0 = time.perf_counter()
    base = [income_one(a, 0.05, kk, d, r, t, nn) for a, kk, d, r, t, nn in zip(*cols, strict=True)]
    t_base = time.perf_counter() - t0
    np.testing.assert_allclose(base, vec[:k], rtol=1e-9)
    out["income"] = {
        "patents_in_force": len(idx),
        "vectorised_s": t_vec,
        "vectorised_patents_per_s": len(idx) / t_vec if t_vec else float("inf"),
        "loop_sample": k,
        "loop_s": t_base,
        "loop_patents_per_s": k / t_base if t_base else float("inf"),
        "ratio": (len(idx) / t_vec) / (k / t_base) if t_vec and t_base else float("nan"),
    }
    engine.close()
    if args.json:
        print(json.dumps(out))
        return
    vd, inc = out["value_degree"], out["income"]
    print(f"valuation throughput on {args.lake} ({n:,} CN patents, valuation date {as_of})")
    print(
        f"  value degree: features query {vd['features_query_s']:.2f} s + vectorised scoring "
        f"{vd['vectorised_scoring_s']:.2f} s = {vd['end_to_end_patents_per_s']:,.0f} patents/s end to end"
    )
    print(
        f"    scoring vectorised {vd['vectorised_scoring_patents_per_s']:,.0f} patents/s vs per-patent loop "
        f"{vd['loop_patents_per_s']:,.0f} patents/s ({m:,} rows): ×{vd['ratio_scoring']:.1f}"
    )
    print(
        f"  income approach: vectorised {inc['vectorised_patents_per_s']:,.0f} patents/s "
        f"({len(idx):,} in force) vs per-patent loop {inc['loop_patents_per_s']:,.0f} patents/s "
        f"({k:,}): ×{inc['ratio']:.1f}"
    )


if __name__ == "__main__":
    main()
