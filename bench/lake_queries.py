"""The benchmark's lake queries through GDIP's engine layer (Ibis on DuckDB by default)."""

from __future__ import annotations

import json
import sys
import time

from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.engines import Engine


def main(lake_root: str, engine_name: str = "duckdb") -> None:
    engine = Engine(engine_name, ParquetLake(lake_root))
    timings = {}
    start = time.perf_counter()
    p = engine.table("patents")
    v = p.filter((p.kind == "invention") & (p.status == "valid"))
    r = v.group_by("city_code").aggregate(n=v.count())
    n = int(r.to_pyarrow()["n"].to_numpy().sum())  # run the query before reading the clock
    timings["valid_inventions_by_city"] = (time.perf_counter() - start, n)
    start = time.perf_counter()
    t = engine.table("trademarks")
    tv = t.filter(t.status == "valid")
    r = tv.group_by("city_code").aggregate(n=tv.count())
    n = int(r.to_pyarrow()["n"].to_numpy().sum())  # run the query before reading the clock
    timings["valid_trademarks_by_city"] = (time.perf_counter() - start, n)
    start = time.perf_counter()
    e = engine.table("legal-events")
    e = e.filter(e.event_type == "pledge")
    r = e.group_by(year=e.event_date.year()).aggregate(n=e.count(), amount=e.amount.sum())
    n = int(r.to_pyarrow()["n"].to_numpy().sum())
    timings["pledges_by_year"] = (time.perf_counter() - start, n)
    try:
        from gdip.indicators.high_value import high_value_patents

        start = time.perf_counter()
        count = int(high_value_patents(engine, year=2020).count().execute())
        timings["high_value_2020"] = (time.perf_counter() - start, count)
    except ImportError:
        pass
    print(json.dumps(timings))


if __name__ == "__main__":
    main(*sys.argv[1:])
