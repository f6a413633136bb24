"""`make bench`: ingest throughput, demo-data scale and lake queries, each against a baseline.

Every figure comes with its data size, peak RSS of the whole process tree (workers included)
and a baseline measured in the same run on the same machine. Sizes can be reduced with
BENCH_RECORDS / BENCH_XML_RECORDS; BENCH_SKIP_FULL=1 skips the full-scale demo data set.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from bench.jsonl_gen import write_patents_jsonl
from bench.measure import run_measured
from bench.xml_gen import write_st36_file, write_uspto_file

PY = sys.executable
OUT = Path("bench/out")


def gdip(*args: str) -> list[str]:
    return [PY, "-m", "gdip.cli.main", *args]


def line(label: str, value: str) -> None:
    print(f"  {label:<44} {value}")


def ingest_case(work: Path, label: str, kind: str, path: Path, fmt: str, n: int) -> dict:
    home = work / f"home-{fmt}"
    shutil.rmtree(home, ignore_errors=True)
    run_measured(gdip("init"), env={"GDIP_HOME": str(home)})
    m = run_measured(gdip("ingest", kind, str(path), "--format", fmt, "--json"), env={"GDIP_HOME": str(home)})
    if m.returncode != 0:
        raise SystemExit(f"ingest failed: {m.stderr[-2000:]}")
    report = orjson.loads(m.stdout)
    rate = report["read"] / m.seconds
    print(f"\n{label}: {n:,} records, {path.stat().st_size / 1e6:,.0f} MB")
    line(
        "gdip ingest (validate + normalise + commit)",
        f"{m.seconds:8.1f} s  {rate:10,.0f} records/s  peak RSS {m.peak_rss_mb:7,.0f} MB",
    )
    line(
        "reconciliation",
        f"read {report['read']:,} = loaded {report['loaded']:,} + rejected {report['rejected']:,}",
    )
    return {
        "records": n,
        "bytes": path.stat().st_size,
        "seconds": m.seconds,
        "records_per_s": rate,
        "peak_rss_mb": m.peak_rss_mb,
        "report": report,
    }


def baseline_case(kind: str, path: Path, n: int, gdip_result: dict) -> dict:
    m = run_measured([PY, "-m", "bench.baselines", kind, str(path)])
    if m.returncode != 0:
        line(f"pandas baseline ({kind})", f"failed: {m.stderr.strip().splitlines()[-1][:100]}")
        return {"failed": m.stderr[-500:]}
    rate = n / m.seconds
    line(
        f"pandas baseline ({'read_json+to_parquet' if kind == 'jsonl' else 'read_xml'}, no validation)",
        f"{m.seconds:8.1f} s  {rate:10,.0f} records/s  peak RSS {m.peak_rss_mb:7,.0f} MB",
    )
    line(
        "ratio gdip/pandas",
        f"throughput ×{gdip_result['records_per_s'] / rate:.2f}, "
        f"memory ×{gdip_result['peak_rss_mb'] / m.peak_rss_mb:.2f}",
    )
    return {"seconds": m.seconds, "records_per_s": rate, "peak_rss_mb": m.peak_rss_mb}


def main() -> None:
    n = int(os.environ.get("BENCH_RECORDS", "1000000"))
    n_xml = int(os.environ.get("BENCH_XML_RECORDS", "200000"))
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": {"cpus": os.cpu_count()}, "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    work = Path(tempfile.mkdtemp(prefix="gdip-bench-"))
    try:
        print(f"GDIP benchmark — {os.cpu_count()} cores, work dir {work}")
        sections = set(os.environ.get("BENCH_SECTIONS", "jsonl,xml,full").split(","))
        if "jsonl" in sections:
            jsonl_section(work, n, results)
        if "xml" in sections:
            xml_section(work, n_xml, results)
        if "full" in sections and os.environ.get("BENCH_SKIP_FULL") != "1":
            full_section(work, results)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str))
    print(f"\nresults written to {OUT / 'results.json'}")


def jsonl_section(work: Path, n: int, results: dict) -> None:
    """JSONL ingest against pandas."""
    jsonl = write_patents_jsonl(work / "patents.jsonl", n)
    results["jsonl"] = ingest_case(work, "JSONL ingest (patents)", "patents", jsonl, "jsonl", n)
    results["jsonl"]["baseline"] = baseline_case("jsonl", jsonl, n, results["jsonl"])
    jsonl.unlink()


def xml_section(work: Path, n_xml: int, results: dict) -> None:
    """XML ingest of both formats, ST.36 against pandas.read_xml."""
    st36 = write_st36_file(work / "cn.xml", n_xml)
    results["st36"] = ingest_case(work, "XML ingest (ST.36, CNIPA style)", "patents", st36, "st36", n_xml)
    results["st36"]["baseline"] = baseline_case("xml", st36, n_xml, results["st36"])
    st36.unlink()
    uspto = write_uspto_file(work / "ipg_bench.xml", n_xml)
    results["uspto"] = ingest_case(
        work, "XML ingest (USPTO grant, concatenated)", "patents", uspto, "uspto", n_xml
    )
    uspto.unlink()


def _json_or_report(label: str, m: Any) -> dict:
    """The JSON a measured step printed, or an empty result with its error shown."""
    if m.returncode == 0:
        return json.loads(m.stdout)
    line(label, f"failed: {m.stderr.strip()[-800:]}")
    return {}


def full_section(work: Path, results: dict) -> None:
    """Full-scale demo data, lake queries against pandas, valuation throughput."""
    home = work / "home-full"
    m = run_measured(
        gdip("demo-data", "--scale", "full", "--json"), env={"GDIP_HOME": str(home)}, timeout=7200
    )
    size = sum(f.stat().st_size for f in (home / "lake").rglob("*.parquet")) / 1e6
    summary = orjson.loads(m.stdout) if m.returncode == 0 else {"error": m.stderr[-1000:]}
    print("\ndemo-data --scale full")
    line("generation", f"{m.seconds:8.1f} s  peak RSS {m.peak_rss_mb:7,.0f} MB  lake {size:,.0f} MB")
    results["full"] = {
        "seconds": m.seconds,
        "peak_rss_mb": m.peak_rss_mb,
        "lake_mb": size,
        "summary": summary,
    }
    lake = str(home / "lake")
    duck = run_measured([PY, "-m", "bench.lake_queries", lake])
    pandas = run_measured([PY, "-m", "bench.baselines", "queries", lake])
    dq, pq_ = (
        _json_or_report("lake queries (DuckDB)", duck),
        _json_or_report("lake queries (pandas)", pandas),
    )
    print("\nlake queries at full scale (Ibis on DuckDB vs pandas over the same Parquet files)")
    for name, (secs, rows) in dq.items():
        base = pq_.get(name)
        ratio = f"  pandas {base[0]:6.2f} s  ×{base[0] / secs:5.1f} faster" if base else ""
        line(name, f"{secs:6.2f} s  result {rows:,}{ratio}")
    line(
        "peak RSS (whole process)",
        f"DuckDB {duck.peak_rss_mb:,.0f} MB, pandas {pandas.peak_rss_mb:,.0f} MB",
    )
    results["queries"] = {
        "duckdb": dq,
        "pandas": pq_,
        "duckdb_peak_rss_mb": duck.peak_rss_mb,
        "pandas_peak_rss_mb": pandas.peak_rss_mb,
    }
    print("\nvaluation at full scale (vectorised vs a per-patent Python loop, same run)")
    val = run_measured([PY, "-m", "bench.valuation", "--lake", lake], timeout=7200)
    print(val.stdout.rstrip() if val.returncode == 0 else f"  failed: {val.stderr[-500:]}")
    line("peak RSS (valuation)", f"{val.peak_rss_mb:,.0f} MB")
    results["valuation"] = {"stdout": val.stdout, "peak_rss_mb": val.peak_rss_mb}


if __name__ == "__main__":
    main()
