"""The indicator expressions give exactly the same results on DuckDB and on PySpark."""

from __future__ import annotations

import pytest
from indicator_lake import DG, GZ, SZ

from gdip.datacenter.engines import Engine
from gdip.indicators.registry import Context, get_indicator

pytestmark = pytest.mark.spark


def test_three_indicators_match_across_engines(small_lake):
    duck, spark = Engine("duckdb", small_lake), Engine("spark", small_lake)
    ctx = Context(years=[2019, 2020, 2021, 2022], cities=[SZ, GZ, DG])
    try:
        for code in ("valid_invention_patents", "pledge_amount", "pct_applications", "valid_trademarks"):
            d = get_indicator(code).execute(duck, ctx).to_pylist()
            s = get_indicator(code).execute(spark, ctx).to_pylist()
            assert d == s, code
    finally:
        duck.close()
