"""The indicator tests' hand-built lake: every indicator value is known exactly (see the comments).

Cities: 深圳 440300 (SZ), 广州 440100 (GZ), 东莞 441900 (DG); a Beijing holder is the non-resident.
IPC A47G 19/00 maps to no strategic emerging industry, so a patent is high-value only by the
condition the test gives it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from factories import cn_appno, patent
from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.services.ingest import ingest_file

SZ, GZ, DG = "440300", "440100", "441900"
ADDR = {
    SZ: "广东省深圳市南山区粤海街道高新南七道18号",
    GZ: "广东省广州市天河区天河路1号",
    DG: "广东省东莞市松山湖大道1号",
    "BJ": "北京市海淀区中关村大街1号",
}


def holder(city: str, n: int = 0) -> list[dict[str, Any]]:
    return [{"name": f"测试科技有限公司{city}{n}", "address": ADDR[city]}]


def inv(serial: int, city: str, filed: str, granted: str | None, **kw: Any) -> dict[str, Any]:
    """A CN invention of a holder in ``city`` with a non-strategic IPC and no family."""
    year = int(filed[:4])
    rec = patent(
        serial,
        application_number=cn_appno(year, 1, serial),
        filing_date=filed,
        publication_date=None,
        grant_date=granted,
        applicants=holder(city, serial),
        ipc=["A47G 19/00"],
        family=[],
    )
    rec.update(kw)
    return rec


def an(serial: int, filed: str) -> str:
    return cn_appno(int(filed[:4]), 1, serial)


PATENTS = [
    inv(
        1,
        SZ,
        "2015-03-15",
        "2018-06-30",  # valid 2018-; pledged 1亿 in 2021 → high-value 2021
        family=[{"office": "WO", "number": "PCT/CN2016/000002"}],
    ),  # PCT without a WO record: filed 2015
    inv(2, SZ, "2016-03-15", "2019-05-10", status="lapsed"),  # lapse event 2021-03-01 → valid 2019-2020
    inv(3, GZ, "2017-03-15", "2020-12-31"),  # granted on 31 Dec: valid at end of 2020
    inv(4, GZ, "2018-03-15", "2021-01-01"),  # valid from 2021
    inv(5, DG, "2010-03-15", "2012-06-30", status="invalidated"),  # invalidated 2020-06-01 → valid to 2019
    inv(6, DG, "2010-04-15", "2013-06-30"),  # invalidation request rejected: valid; maintained > 10 years
    inv(7, SZ, "2014-03-15", "2016-06-30", status="lapsed"),  # lapsed, no event: never counted
    inv(8, "BJ", "2015-03-15", "2017-06-30"),  # non-resident
    patent(
        9,
        application_number=cn_appno(2016, 2, 9),
        kind="utility",
        filing_date="2016-03-15",
        publication_date=None,
        grant_date="2016-09-30",
        applicants=holder(SZ, 9),
        ipc=["A47G 19/00"],
        family=[],
    ),
    inv(
        10, SZ, "2019-03-15", None, status="rejected", agency="深圳市甲知识产权代理有限公司"
    ),  # rejected 2021-05-01
    inv(
        11,
        SZ,
        "2019-04-15",
        "2021-06-30",
        agency="深圳市甲知识产权代理有限公司",  # agency grant 2021
        family=[{"office": "WO", "number": "PCT/CN2021/000001"}],
    ),
    inv(
        12, SZ, "2019-05-15", None, status="withdrawn", agency="深圳市乙知识产权代理有限公司"
    ),  # withdrawn 2021-08-01
    inv(13, GZ, "2019-06-15", "2021-03-01", agency="广州市丙专利代理事务所(普通合伙)"),  # agency grant 2021
    # A national-phase entry (type digit 8) of a Guangzhou applicant with no WO member: one PCT
    # application filed 2021.
    patent(
        14,
        application_number=cn_appno(2021, 8, 14),
        filing_date="2021-02-01",
        publication_date=None,
        grant_date=None,
        applicants=holder(GZ, 14),
        ipc=["A47G 19/00"],
        family=[],
    ),
    # PCT international applications (WO records): filed 2021 (the member of patent 11) and 2020.
    {
        "office": "WO",
        "application_number": "PCT/CN2021/000001",
        "kind": "invention",
        "filing_date": "2021-03-01",
        "applicants": holder(SZ, 11),
        "title": "国际申请一",
    },
    {
        "office": "WO",
        "application_number": "PCT/CN2020/000003",
        "kind": "invention",
        "filing_date": "2020-06-01",
        "applicants": holder(SZ, 30),
        "title": "国际申请二",
    },
    # Grants abroad: SZ 2021 (US), GZ 2022 (EP), non-resident 2021 (US), SZ 2021 utility (not counted).
    {
        "office": "US",
        "application_number": "16/123,456",
        "kind": "invention",
        "filing_date": "2019-05-01",
        "grant_date": "2021-05-04",
        "applicants": holder(SZ, 1),
        "title": "Battery",
    },
    {
        "office": "EP",
        "application_number": "EP20123456.7",
        "kind": "invention",
        "filing_date": "2020-01-10",
        "grant_date": "2022-02-02",
        "applicants": holder(GZ, 3),
        "title": "Cup",
    },
    {
        "office": "US",
        "application_number": "16/999,001",
        "kind": "invention",
        "filing_date": "2019-05-01",
        "grant_date": "2021-07-06",
        "applicants": holder("BJ", 8),
        "title": "Lamp",
    },
]

EVENTS = [
    {"application_number": an(2, "2016"), "event_type": "lapse", "event_date": "2021-03-01"},
    {
        "application_number": an(5, "2010"),
        "event_type": "invalidation_decision",
        "event_date": "2020-06-01",
        "outcome": "invalidated",
    },
    {
        "application_number": an(6, "2010"),
        "event_type": "invalidation_decision",
        "event_date": "2020-06-01",
        "outcome": "upheld",
    },
    {"application_number": an(10, "2019"), "event_type": "rejection", "event_date": "2021-05-01"},
    {"application_number": an(12, "2019"), "event_type": "withdrawal", "event_date": "2021-08-01"},
    # Pledges: project ZL-2021-001 (SZ, 1亿 + 0.5亿), ZL-2021-002 (GZ, 0.3亿), a non-resident one,
    # a trademark pledge (DG 0.2亿, 2022) and one without a registration number (DG 0.05亿, 2022).
    {
        "application_number": an(1, "2015"),
        "event_type": "pledge",
        "event_date": "2021-04-01",
        "amount": "100000000.00",
        "registration_number": "ZL-2021-001",
        "pledgee": "粤海示范银行",
    },
    {
        "application_number": an(2, "2016"),
        "event_type": "pledge",
        "event_date": "2021-04-01",
        "amount": "50000000.00",
        "registration_number": "ZL-2021-001",
        "pledgee": "粤海示范银行",
    },
    {
        "application_number": an(3, "2017"),
        "event_type": "pledge",
        "event_date": "2021-07-01",
        "amount": "30000000.00",
        "registration_number": "ZL-2021-002",
        "pledgee": "粤海示范银行",
    },
    {
        "application_number": an(8, "2015"),
        "event_type": "pledge",
        "event_date": "2021-07-01",
        "amount": "1000000000.00",
        "registration_number": "ZL-2021-003",
        "pledgee": "京城银行",
    },
    {
        "application_number": "T0001",
        "right_kind": "trademark",
        "event_type": "pledge",
        "event_date": "2022-01-10",
        "amount": "20000000.00",
        "registration_number": "TM-2022-001",
        "pledgee": "粤海示范银行",
    },
    {
        "application_number": an(6, "2010"),
        "event_type": "pledge",
        "event_date": "2022-03-01",
        "amount": "5000000.00",
        "pledgee": "粤海示范银行",
    },
    # Trademark T0004 cancelled 2021-02-01.
    {
        "application_number": "T0004",
        "right_kind": "trademark",
        "event_type": "lapse",
        "event_date": "2021-02-01",
    },
]


def tm(no: str, city: str, registered: str | None, expiry: str | None, **kw: Any) -> dict[str, Any]:
    rec = {
        "office": "CN",
        "application_number": no,
        "mark_text": f"商标{no}",
        "applicants": holder(city, 0),
        "filing_date": "2008-01-01",
        "registration_date": registered,
        "expiry_date": expiry,
    }
    rec.update(kw)
    return rec


TRADEMARKS = [
    tm("T0001", DG, "2015-05-01", "2025-04-30"),  # valid; pledged 2022
    tm("T0002", SZ, "2009-07-01", "2019-06-30", status="expired"),  # valid to end 2018
    tm("T0003", SZ, "2018-03-01", "2028-02-29", office="WO", madrid=True),  # Madrid
    tm("T0004", SZ, "2016-01-01", "2025-12-31", status="lapsed"),  # cancelled 2021-02-01
    tm("T0005", GZ, "2019-09-09", "2029-09-08", geographic_indication=True, collective=True),  # GI mark
    tm("T0006", GZ, None, None),  # pending
    tm("T0007", "BJ", "2015-05-01", "2025-04-30"),  # non-resident
]

GIS = [
    {
        "gi_number": "GI-001",
        "name": "凤凰单丛",
        "protection_type": "gi_product",
        "region_text": "广东省潮州市",
        "approval_date": "2018-01-01",
    },
    {
        "gi_number": "GI-002",
        "name": "增城丝苗米",
        "protection_type": "gi_product",
        "region_text": "广东省广州市",
        "approval_date": "2021-05-01",
    },
    {
        "gi_number": "GI-003",
        "name": "梅州金柚",
        "protection_type": "agri_gi",
        "region_text": "广东省梅州市",
        "approval_date": "2019-03-03",
    },
]

VARIETIES = [
    {
        "application_number": "20210001",
        "variety_name": "粤丰1号",
        "sector": "agricultural",
        "applicants": holder(GZ, 1),
        "filing_date": "2021-03-01",
    },
    {
        "application_number": "20200002",
        "variety_name": "鹏城2号",
        "sector": "agricultural",
        "applicants": holder(SZ, 2),
        "filing_date": "2020-05-01",
        "grant_date": "2021-09-01",
    },
    {
        "application_number": "20210003",
        "variety_name": "客家松3号",
        "sector": "forestry",
        "applicants": holder(GZ, 3),
        "filing_date": "2021-04-01",
    },
]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in records) + b"\n")
    return path


def build_lake(root: Path) -> ParquetLake:
    """Ingest the records above into a new lake under ``root``; every record must load."""
    root.mkdir(parents=True, exist_ok=True)
    lake = ParquetLake(root / "lake")
    for kind, records in (
        ("patents", PATENTS),
        ("trademarks", TRADEMARKS),
        ("legal-events", EVENTS),
        ("gis", GIS),
        ("plant-varieties", VARIETIES),
    ):
        report = ingest_file(kind, write_jsonl(root / f"{kind}.jsonl", records), lake=lake, workers=1)
        assert report.rejected == 0, (kind, Path(report.rejects_file).read_text("utf-8"))
    return lake
