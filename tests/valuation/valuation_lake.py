"""A tiny hand-made lake whose OECD indicators and value-degree sub-scores are known exactly.

Valuation date 2025-12-31. Citations (by publication or grant number):

    P2 (2017, H01M) → P1          P3 (2019, G06F + H04L) → P1 (grant no.), P2
    P4 (2022, A47G) → P1          (P4 is outside P1's 5-year window: pub 2016-09-01 + 5y)

P1: H01M/G06F invention of a high-tech enterprise, upheld after invalidation, US + EP + WO
family, exclusive licence, pledged 3000万, litigation settled, 中国专利银奖; P6 is its
H01M × 2015 cohort peer without citations. P5 is a utility model pledged for 300万.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from factories import cn_appno, patent
from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.services.ingest import ingest_file

AS_OF_ISO = "2025-12-31"
USCC = "91440300MA5DEM0019"
ENTITY = "U:" + USCC
P1, P2, P3 = cn_appno(2015, 1, 1), cn_appno(2017, 1, 2), cn_appno(2019, 1, 3)
P4, P5, P6 = cn_appno(2022, 1, 4), cn_appno(2020, 2, 5), cn_appno(2015, 1, 6)


def _p(serial: int, number: str, **kw: Any) -> dict[str, Any]:
    return patent(serial, application_number=number, **{"family": [], "citations": [], **kw})


PATENTS = [
    _p(
        1,
        P1,
        filing_date="2015-03-15",
        publication_date="2016-09-01",
        publication_number="CN109000001A",
        grant_date="2018-06-30",
        grant_number="CN105000001B",
        status="valid",
        ipc=["H01M 4/525", "H01M 10/0525", "G06F 1/00"],
        ipc_main="H01M 4/525",
        claims_count=12,
        family=[
            {"office": "US", "number": "US11234567B2", "granted": True},
            {"office": "EP", "number": "EP3000001B1", "granted": True},
            {"office": "WO", "number": "PCT/CN2016/000001"},
        ],
        awards=[{"name": "中国专利银奖", "year": 2020}],
    ),
    _p(
        2,
        P2,
        filing_date="2017-05-10",
        publication_date="2018-11-10",
        publication_number="CN109000002A",
        grant_date="2019-08-01",
        status="lapsed",
        ipc=["H01M 4/36"],
        ipc_main="H01M 4/36",
        claims_count=5,
        citations=["CN109000001A"],
    ),
    _p(
        3,
        P3,
        filing_date="2019-02-01",
        publication_date="2019-08-01",
        publication_number="CN109000003A",
        grant_date="2021-03-01",
        status="valid",
        ipc=["G06F 3/01", "H04L 9/00"],
        ipc_main="G06F 3/01",
        claims_count=8,
        citations=["CN105000001B", "CN109000002A"],
    ),
    _p(
        4,
        P4,
        filing_date="2022-01-01",
        publication_date="2022-07-01",
        publication_number="CN109000004A",
        grant_date=None,
        status="pending",
        ipc=["A47G 19/00"],
        ipc_main="A47G 19/00",
        claims_count=3,
        citations=["CN109000001A"],
    ),
    _p(
        5,
        P5,
        kind="utility",
        filing_date="2020-01-01",
        publication_date="2020-08-01",
        publication_number="CN209000005U",
        grant_date="2020-08-01",
        status="valid",
        ipc=["H01M 50/20"],
        ipc_main="H01M 50/20",
        claims_count=6,
    ),
    _p(
        6,
        P6,
        filing_date="2015-06-01",
        publication_date="2016-12-01",
        publication_number="CN109000006A",
        grant_date="2017-10-01",
        status="valid",
        ipc=["H01M 4/13"],
        ipc_main="H01M 4/13",
        claims_count=4,
    ),
]

EVENTS = [
    {"application_number": P1, "event_type": "fee_payment", "event_date": "2025-03-01"},
    {"application_number": P1, "event_type": "invalidation_request", "event_date": "2021-01-10"},
    {
        "application_number": P1,
        "event_type": "invalidation_decision",
        "event_date": "2021-09-10",
        "outcome": "upheld",
    },
    {
        "application_number": P1,
        "event_type": "licence",
        "event_date": "2023-05-01",
        "amount": "2000000.00",
        "licence_type": "exclusive",
        "term_start": "2023-05-01",
        "term_end": "2026-04-30",
    },
    {
        "application_number": P1,
        "event_type": "pledge",
        "event_date": "2024-01-10",
        "amount": "30000000.00",
        "registration_number": "ZL-2024-001",
        "pledgee": "粤海示范银行",
    },
    {"application_number": P1, "event_type": "litigation", "event_date": "2022-04-01", "outcome": "settled"},
    {"application_number": P2, "event_type": "lapse", "event_date": "2022-05-10"},
    {"application_number": P3, "event_type": "transfer", "event_date": "2023-01-01"},
    {"application_number": P3, "event_type": "invalidation_request", "event_date": "2025-06-01"},
    {
        "application_number": P5,
        "event_type": "pledge",
        "event_date": "2023-06-01",
        "amount": "3000000.00",
        "registration_number": "ZL-2023-009",
        "pledgee": "粤海示范银行",
    },
    {
        "application_number": P6,
        "event_type": "licence",
        "event_date": "2024-06-01",
        "amount": "1000000.00",
        "licence_type": "ordinary",
        "term_start": "2024-06-01",
        "term_end": "2027-05-31",
    },
]

ENTITIES = [
    {
        "name": "深圳市鹏城新能源科技有限公司",
        "uscc": USCC,
        "address": "广东省深圳市南山区粤海街道高新南七道18号",
        "flags": ["high_tech"],
    },
]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in records) + b"\n")
    return path


def build_lake(root: Path) -> ParquetLake:
    """Ingest the records into ``root/lake``; every record must load."""
    root.mkdir(parents=True, exist_ok=True)
    lake = ParquetLake(root / "lake")
    for kind, records in (("patents", PATENTS), ("legal-events", EVENTS), ("entities", ENTITIES)):
        report = ingest_file(kind, write_jsonl(root / f"{kind}.jsonl", records), lake=lake, workers=1)
        assert report.rejected == 0, (kind, Path(report.rejects_file).read_text("utf-8"))
    return lake
