"""The same Ibis expressions give exactly the same results on DuckDB and on PySpark."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import ibis
import orjson
import pytest

from factories import cn_appno, patent
from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.engines import Engine
from gdip.datacenter.services.ingest import ingest_file

pytestmark = pytest.mark.spark

CITIES = [
    ("广东省广州市天河区", "440100"),
    ("广东省深圳市南山区", "440300"),
    ("东莞市松山湖", "441900"),
    ("佛山市顺德区", "440600"),
    ("珠海市横琴新区", "440400"),
]


def _records(n: int) -> list[dict]:
    out = []
    for i in range(1, n + 1):
        address, _ = CITIES[i % len(CITIES)]
        year = 2011 + i % 12
        out.append(
            patent(
                i,
                application_number=cn_appno(year, 1 if i % 3 else 2, i),
                kind="invention" if i % 3 else "utility",
                filing_date=f"{year}-03-15",
                publication_date=None,
                grant_date=f"{year + 2}-06-30" if i % 4 else None,
                applicants=[{"name": f"测试科技有限公司{i % 17}", "address": address}],
                ipc=["H01M 4/525"] if i % 2 else ["G06N 3/08", "G06F 16/00"],
                family=[{"office": "US", "number": f"US{i}", "granted": bool(i % 5 == 0)}],
            )
        )
    return out


def _write(path: Path, records: list[dict]) -> Path:
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in records) + b"\n")
    return path


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    root = tmp_path_factory.mktemp("parity")
    lake = ParquetLake(root / "lake")
    ingest_file("patents", _write(root / "a.jsonl", _records(300)), lake=lake)
    moment = datetime.now(UTC)
    updates = [dict(r, status="lapsed") for r in _records(300)[:40] if r.get("grant_date")]
    ingest_file("patents", _write(root / "b.jsonl", updates), lake=lake)
    events = [
        {
            "application_number": cn_appno(2011 + i % 12, 1 if i % 3 else 2, i),
            "event_type": "pledge",
            "event_date": "2022-05-01",
            "amount": f"{i * 10000}.50",
            "pledgee": "粤海示范银行",
        }
        for i in range(1, 61)
    ]
    ingest_file("legal-events", _write(root / "e.jsonl", events), lake=lake)
    duck, spark = Engine("duckdb", lake), Engine("spark", lake)
    yield duck, spark, moment
    duck.close()


def _by_city_status(e: Engine, **kw):
    t = e.table("patents", **kw)
    return t.group_by(["city_code", "kind", "status"]).aggregate(n=t.count())


def _valid_by_filing_year(e: Engine, **kw):
    t = e.table("patents", **kw).filter(lambda t: t.status == "valid")
    return t.group_by(year=t.filing_date.year()).aggregate(n=t.count(), claims=t.claims_count.sum())


def _applicant_counts(e: Engine, **kw):
    t = e.table("patents", **kw)
    u = t.select(t.application_number, party=t.applicants.unnest())
    u = u.mutate(entity_id=u.party["entity_id"], city=u.party["city_code"])
    return u.group_by(["entity_id", "city"]).aggregate(n=u.count())


def _overseas_granted(e: Engine, **kw):
    t = e.table("patents", **kw)
    f = t.select(t.application_number, t.city_code, m=t.family.unnest())
    f = f.filter((f.m["office"] != "CN") & f.m["granted"])
    return f.group_by("city_code").aggregate(n=f.application_number.nunique())


def _pledge_amounts(e: Engine, **kw):
    ev = e.table("legal-events")
    p = e.table("patents", **kw)
    j = ev.filter(ev.event_type == "pledge").join(p, ["office", "application_number"])
    return j.group_by(j.city_code).aggregate(n=j.count(), amount=j.amount.sum().cast("decimal(18, 2)"))


def _ipc_subclasses(e: Engine, **kw):
    t = e.table("patents", **kw)
    u = t.select(code=t.ipc.unnest())
    u = u.mutate(subclass=u.code.substr(0, 4))
    return u.group_by("subclass").aggregate(n=u.count())


def _high_value(e: Engine, **kw):
    from gdip.indicators.high_value import high_value_patents

    hv = high_value_patents(e, year=2024)
    return hv.select(
        "application_number",
        "city_code",
        "strategic_industry",
        "overseas_grant",
        "maintained_10y",
        "pledge_amount",
        "award",
    )


QUERIES = [
    _high_value,
    _by_city_status,
    _valid_by_filing_year,
    _applicant_counts,
    _overseas_granted,
    _pledge_amounts,
    _ipc_subclasses,
]


def _rows(e: Engine, query, **kw) -> list[tuple]:
    table = query(e, **kw).to_pyarrow()
    return sorted(tuple(row.values()) for row in table.to_pylist())


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.__name__.strip("_"))
def test_same_result_on_both_engines(engines, query):
    duck, spark, _ = engines
    expected = _rows(duck, query)
    assert expected, "the query should return rows"
    assert _rows(spark, query) == expected


def test_as_of_and_current_view_agree(engines):
    duck, spark, moment = engines
    for e in (duck, spark):
        assert e.table("patents").filter(lambda t: t.status == "lapsed").count().execute() == 30
        assert e.table("patents", as_of=moment).filter(lambda t: t.status == "lapsed").count().execute() == 0
        assert e.table("patents").count().execute() == 300
    assert _rows(duck, _by_city_status, as_of=moment) == _rows(spark, _by_city_status, as_of=moment)
    assert ibis.to_sql(_by_city_status(duck)).count("ROW_NUMBER") == 1
