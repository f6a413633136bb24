"""The finance tests' small lake: one patent per refusal ground, built relative to today.

Every patent belongs to ENT1 (深圳市鹏城新能源科技有限公司, the factories' default applicant)
unless its comment says otherwise. Dates are computed from today so the grounds that compare
with the current date (fees, remaining term) keep their meaning as time passes.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import orjson

from factories import cn_appno, patent

ENT1_USCC = "91440300MA5DEM0019"
ENT1_NAME = "深圳市鹏城新能源科技有限公司"
ENT2_USCC = "91440101MA59DEM023"
ENT2_NAME = "广州穗华生物医药股份有限公司"

TODAY = date.today()
FILING = date(TODAY.year - 4, 3, 15)

OK1 = cn_appno(TODAY.year - 4, 1, 1)  # eligible invention
OK2 = cn_appno(TODAY.year - 4, 1, 2)  # eligible invention
NOT_OWNER = cn_appno(TODAY.year - 4, 1, 3)  # held by ENT2
NOT_GRANTED = cn_appno(TODAY.year - 4, 1, 4)  # pending
LAPSED = cn_appno(TODAY.year - 4, 1, 5)  # lapse event, status lapsed
FEES = cn_appno(TODAY.year - 4, 1, 6)  # fees paid for year 2 only
DISPUTE = cn_appno(TODAY.year - 4, 1, 7)  # ownership dispute litigation
TERM = cn_appno(TODAY.year - 20, 1, 8)  # invention ending in about 6 months
CO_OWNED = cn_appno(TODAY.year - 4, 1, 9)  # co-owned with a university
PLEDGED = cn_appno(TODAY.year - 4, 1, 10)  # pledged, not released
RELEASED = cn_appno(TODAY.year - 4, 1, 11)  # pledged and released: eligible
INVALIDATION = cn_appno(TODAY.year - 4, 1, 12)  # invalidation request pending
UPHELD = cn_appno(TODAY.year - 4, 1, 13)  # invalidation request decided (upheld): eligible
TRANSFERRED = cn_appno(TODAY.year - 4, 1, 14)  # transferred away from ENT1 after filing
ENT2_OK = cn_appno(TODAY.year - 4, 1, 15)  # ENT2's eligible invention
UNIVERSITY = "华南示范理工大学"

ENT2_APPLICANT = {
    "name": ENT2_NAME,
    "address": "广东省广州市黄埔区科学大道88号",
    "country": "CN",
    "uscc": ENT2_USCC,
}


def _p(number: str, serial: int, **overrides: object) -> dict:
    record = patent(
        serial,
        application_number=number,
        filing_date=FILING.isoformat(),
        publication_date=(FILING + timedelta(days=180)).isoformat(),
        grant_date=(FILING + timedelta(days=700)).isoformat(),
        publication_number=f"CN{119000000 + serial}A",
        family=[],
    )
    record.update(overrides)
    return record


def patents() -> list[dict]:
    term_filing = TODAY - timedelta(days=round(19.5 * 365.25))
    return [
        _p(OK1, 1),
        _p(OK2, 2),
        _p(NOT_OWNER, 3, applicants=[ENT2_APPLICANT]),
        _p(NOT_GRANTED, 4, grant_date=None),
        _p(LAPSED, 5, status="lapsed"),
        _p(FEES, 6),
        _p(DISPUTE, 7),
        _p(
            TERM,
            8,
            filing_date=term_filing.isoformat(),
            publication_date=(term_filing + timedelta(days=180)).isoformat(),
            grant_date=(term_filing + timedelta(days=900)).isoformat(),
        ),
        _p(
            CO_OWNED,
            9,
            applicants=[
                {
                    "name": ENT1_NAME,
                    "address": "广东省深圳市南山区粤海街道",
                    "country": "CN",
                    "uscc": ENT1_USCC,
                },
                {"name": UNIVERSITY, "address": "广东省广州市天河区五山路", "country": "CN"},
            ],
        ),
        _p(PLEDGED, 10),
        _p(RELEASED, 11),
        _p(INVALIDATION, 12),
        _p(UPHELD, 13),
        _p(TRANSFERRED, 14),
        _p(ENT2_OK, 15, applicants=[ENT2_APPLICANT]),
    ]


def _fee_year(filing: date) -> int:
    """The fee year that covers today (paid until filing + N years > today)."""
    return TODAY.year - filing.year + 1


def events() -> list[dict]:
    recent = (TODAY - timedelta(days=30)).isoformat()
    fee = f"缴纳第{_fee_year(FILING)}年度年费"
    out: list[dict] = []
    for number in (
        OK1,
        OK2,
        NOT_OWNER,
        LAPSED,
        DISPUTE,
        CO_OWNED,
        PLEDGED,
        RELEASED,
        INVALIDATION,
        UPHELD,
        TRANSFERRED,
        ENT2_OK,
    ):
        out.append(
            {
                "application_number": number,
                "event_type": "fee_payment",
                "event_date": recent,
                "description": fee,
            }
        )
    term_filing = TODAY - timedelta(days=round(19.5 * 365.25))
    out.append(
        {
            "application_number": TERM,
            "event_type": "fee_payment",
            "event_date": recent,
            "description": f"缴纳第{_fee_year(term_filing)}年度年费",
        }
    )
    out += [
        {
            "application_number": FEES,
            "event_type": "fee_payment",
            "event_date": (FILING + timedelta(days=700)).isoformat(),
            "description": "缴纳第2年度年费",
        },
        {
            "application_number": LAPSED,
            "event_type": "lapse",
            "event_date": (TODAY - timedelta(days=10)).isoformat(),
            "description": "未缴年费专利权终止",
        },
        {
            "application_number": DISPUTE,
            "event_type": "litigation",
            "event_date": (TODAY - timedelta(days=60)).isoformat(),
            "outcome": "ownership_dispute",
            "description": "专利权权属纠纷",
        },
        {
            "application_number": PLEDGED,
            "event_type": "pledge",
            "event_date": (TODAY - timedelta(days=200)).isoformat(),
            "amount": "1000000",
            "pledgee": "某银行",
            "registration_number": "Y2099440000001",
        },
        {
            "application_number": RELEASED,
            "event_type": "pledge",
            "event_date": (TODAY - timedelta(days=400)).isoformat(),
            "amount": "1000000",
            "pledgee": "某银行",
            "registration_number": "Y2099440000002",
        },
        {
            "application_number": RELEASED,
            "event_type": "pledge_release",
            "event_date": (TODAY - timedelta(days=100)).isoformat(),
            "registration_number": "Y2099440000002",
        },
        {
            "application_number": INVALIDATION,
            "event_type": "invalidation_request",
            "event_date": (TODAY - timedelta(days=50)).isoformat(),
            "description": "无效宣告请求",
        },
        {
            "application_number": UPHELD,
            "event_type": "invalidation_request",
            "event_date": (TODAY - timedelta(days=300)).isoformat(),
            "description": "无效宣告请求",
        },
        {
            "application_number": UPHELD,
            "event_type": "invalidation_decision",
            "event_date": (TODAY - timedelta(days=100)).isoformat(),
            "outcome": "upheld",
        },
        {
            "application_number": TRANSFERRED,
            "event_type": "transfer",
            "event_date": (TODAY - timedelta(days=90)).isoformat(),
            "from_party": ENT1_NAME,
            "to_party": "深圳某某科技有限公司",
        },
    ]
    return out


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def build_lake(source_dir: Path, extra_events: list[dict] | None = None) -> Path:
    """Ingest the patents and legal events into GDIP_HOME's lake; returns the lake root."""
    from gdip.config.paths import lake_dir
    from gdip.datacenter.adapters.lake_parquet import ParquetLake
    from gdip.datacenter.services.ingest import ingest_file

    lake = ParquetLake(lake_dir())
    source_dir.mkdir(parents=True, exist_ok=True)
    for kind, name, records in (
        ("patents", "patents.jsonl", patents()),
        ("legal-events", "events.jsonl", events() + (extra_events or [])),
    ):
        report = ingest_file(kind, _jsonl(source_dir / name, records), lake=lake, workers=1)
        assert report.rejected == 0, (kind, report)
    return lake.root
