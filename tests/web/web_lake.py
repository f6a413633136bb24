"""The small, realistic lake of the web tests: records, the expected figures, and how to build it."""

from __future__ import annotations

from pathlib import Path

import orjson

from factories import cn_appno, patent

# The records (and their expected figures) the page and API tests assert against.
P1 = cn_appno(2019, 1, 1)  # Shenzhen 南山区, valid invention, pledged and released
P2 = cn_appno(2020, 1, 2)  # Guangzhou 黄埔区 (萝岗), pending → granted in a second ingest, pledged
P3 = cn_appno(2021, 2, 3)  # Shenzhen utility model
P4 = cn_appno(2020, 8, 4)  # Dongguan PCT invention, pending
P5 = cn_appno(2018, 1, 5)  # Shenzhen valid invention with a formula-looking title
FORMULA_TITLE = '=HYPERLINK("http://evil.example/","点击")'
PENGCHENG = "U:91440300MA5DEM0019"


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def _patents_v1() -> list[dict]:
    return [
        patent(1),
        patent(
            2,
            application_number=P2,
            filing_date="2020-04-01",
            publication_date="2020-10-09",
            grant_date=None,
            title="一种抗肿瘤化合物及其制备方法",
            ipc=["C07D 401/04"],
            publication_number="CN111000002A",
            family=[],
            applicants=[{"name": "广州穗华生物医药股份有限公司", "address": "广州市萝岗区科学城"}],
        ),
        patent(
            3,
            application_number=P3,
            kind="utility",
            filing_date="2021-05-10",
            publication_date=None,
            grant_date="2021-12-01",
            title="一种电池包散热结构",
            ipc=["H01M 10/613"],
            family=[],
            publication_number="CN215000003U",
        ),
        patent(
            4,
            application_number=P4,
            filing_date="2020-01-08",
            publication_date="2020-07-03",
            grant_date=None,
            title="一种智能装配机器人",
            ipc=["B25J 9/16"],
            publication_number="CN111000004A",
            family=[],
            applicants=[{"name": "东莞市松湖智能装备有限公司", "address": "广东省东莞市松山湖高新区"}],
        ),
        patent(
            5,
            application_number=P5,
            filing_date="2018-02-01",
            publication_date="2018-08-01",
            title=FORMULA_TITLE,
            publication_number="CN108000005A",
        ),
    ]


def _trademarks() -> list[dict]:
    return [
        {
            "office": "CN",
            "application_number": "12345678",
            "registration_number": "12345678",
            "mark_text": "鹏城",
            "mark_type": "文字",
            "nice_classes": [9, 42],
            "goods": ["电池", "计算机软件"],
            "applicants": [
                {
                    "name": "深圳市鹏城新能源科技有限公司",
                    "uscc": "91440300MA5DEM0019",
                    "address": "广东省深圳市南山区粤海街道",
                }
            ],
            "filing_date": "2015-01-05",
            "registration_date": "2016-03-07",
            "expiry_date": "2036-03-06",
        },
        {
            "office": "CN",
            "application_number": "23456789",
            "mark_text": "潮汕牛肉丸",
            "mark_type": "组合",
            "nice_classes": [29],
            "goods": ["肉丸"],
            "collective": True,
            "applicants": [{"name": "汕头市牛肉丸行业协会", "address": "广东省汕头市金平区"}],
            "filing_date": "2012-01-05",
            "registration_date": "2013-03-07",
            "expiry_date": "2033-03-06",
        },
        {
            "office": "CN",
            "application_number": "34567890",
            "mark_text": "顺德味道",
            "mark_type": "文字",
            "nice_classes": [43],
            "applicants": [
                {"name": "佛山市顺德区味道餐饮管理有限公司", "address": "广东省佛山市顺德区大良街道"}
            ],
            "filing_date": "2023-06-01",
        },
    ]


def _events() -> list[dict]:
    return [
        {"application_number": P1, "event_type": "grant", "event_date": "2021-06-30"},
        {
            "application_number": P1,
            "event_type": "pledge",
            "event_date": "2022-03-01",
            "amount": "500万",
            "pledgee": "粤海示范银行深圳分行",
            "registration_number": "Y2022440000123",
        },
        {
            "application_number": P1,
            "event_type": "pledge_release",
            "event_date": "2023-03-01",
            "registration_number": "Y2022440000123",
        },
        {
            "application_number": P2,
            "event_type": "pledge",
            "event_date": "2023-05-01",
            "amount": "1200000",
            "pledgee": "珠江示范银行广州分行",
            "registration_number": "Y2023440000456",
        },
    ]


def build_lake(source_dir: Path) -> Path:
    """Ingest patents (then an update of P2), trademarks, legal events and an entity into GDIP_HOME's lake."""
    from gdip.config.paths import lake_dir
    from gdip.datacenter.adapters.lake_parquet import ParquetLake
    from gdip.datacenter.services.ingest import ingest_file

    target = ParquetLake(lake_dir())
    src = source_dir
    src.mkdir(parents=True, exist_ok=True)
    ingest_file("patents", _write_jsonl(src / "patents-2023.jsonl", _patents_v1()), lake=target, workers=1)
    granted = next(r for r in _patents_v1() if r["application_number"] == P2)
    granted.update(grant_date="2023-02-10", grant_number="ZL202010000002.0")
    ingest_file("patents", _write_jsonl(src / "patents-2024.jsonl", [granted]), lake=target, workers=1)
    ingest_file("trademarks", _write_jsonl(src / "trademarks.jsonl", _trademarks()), lake=target, workers=1)
    ingest_file("legal-events", _write_jsonl(src / "events.jsonl", _events()), lake=target, workers=1)
    entity = {
        "name": "深圳市鹏城新能源科技有限公司",
        "uscc": "91440300MA5DEM0019",
        "address": "广东省深圳市南山区粤海街道高新南七道18号",
        "flags": ["high_tech", "specialised_sme"],
    }
    ingest_file("entities", _write_jsonl(src / "entities.jsonl", [entity]), lake=target, workers=1)
    return target.root
