"""Baselines measured in the same run: the plain-pandas way of doing the same job."""

from __future__ import annotations

import sys
import time


def pandas_jsonl(path: str) -> None:
    """Read JSONL into a DataFrame and write Parquet, with no validation or normalisation."""
    import pandas as pd

    start = time.perf_counter()
    df = pd.read_json(path, lines=True)
    df.to_parquet(path + ".pandas.parquet")
    print(len(df), time.perf_counter() - start)


def pandas_xml(path: str) -> None:
    """pandas.read_xml of the documents' titles and numbers (lxml, whole tree in memory)."""
    import pandas as pd

    start = time.perf_counter()
    df = pd.read_xml(path, xpath="//application-reference/document-id", parser="lxml")
    print(len(df), time.perf_counter() - start)


def pandas_queries(lake_root: str) -> None:
    """The lake queries of the benchmark, in pandas over the same Parquet files."""
    import json
    from pathlib import Path

    import pandas as pd

    manifest = json.loads((Path(lake_root) / "_manifest.json").read_text())
    files = {k: [str(Path(lake_root) / f) for f in v["files"]] for k, v in manifest["kinds"].items()}
    timings = {}
    start = time.perf_counter()
    p = pd.concat(pd.read_parquet(f, columns=["kind", "status", "city_code"]) for f in files["patents"])
    r = p[(p.kind == "invention") & (p.status == "valid")].groupby("city_code", dropna=False).size()
    timings["valid_inventions_by_city"] = (time.perf_counter() - start, int(r.sum()))
    start = time.perf_counter()
    t = pd.concat(pd.read_parquet(f, columns=["status", "city_code"]) for f in files["trademarks"])
    r = t[t.status == "valid"].groupby("city_code", dropna=False).size()
    timings["valid_trademarks_by_city"] = (time.perf_counter() - start, int(r.sum()))
    start = time.perf_counter()
    e = pd.concat(
        pd.read_parquet(f, columns=["event_type", "event_date", "amount"]) for f in files["legal-events"]
    )
    e = e[e.event_type == "pledge"]
    r = e.groupby(pd.to_datetime(e.event_date).dt.year)["amount"].agg(["count", "sum"])
    timings["pledges_by_year"] = (time.perf_counter() - start, int(r["count"].sum()))
    print(json.dumps(timings))


if __name__ == "__main__":
    {"jsonl": pandas_jsonl, "xml": pandas_xml, "queries": pandas_queries}[sys.argv[1]](sys.argv[2])
