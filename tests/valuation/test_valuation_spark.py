"""The OECD indicator and feature expressions give the same results on DuckDB and PySpark."""

from __future__ import annotations

import math
from datetime import date

import pytest

from gdip.datacenter.engines import Engine
from gdip.valuation.indicators import features

pytestmark = pytest.mark.spark


def _norm(rows):
    out = []
    for r in sorted(rows, key=lambda r: r["_key"]):
        out.append(
            {k: (round(v, 12) if isinstance(v, float) and not math.isnan(v) else v) for k, v in r.items()}
        )
    return out


def test_features_match_across_engines(tiny_lake):
    duck, spark = Engine("duckdb", tiny_lake), Engine("spark", tiny_lake)
    try:
        d = features(duck, as_of=date(2025, 12, 31)).to_pyarrow().to_pylist()
        s = features(spark, as_of=date(2025, 12, 31)).to_pyarrow().to_pylist()
        assert len(d) == 6
        assert _norm(d) == _norm(s)
    finally:
        duck.close()
