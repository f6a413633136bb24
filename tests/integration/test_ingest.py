"""Ingest end to end on real files: reconciliation, rejects, idempotence, history, formats."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from factories import cn_appno, patent
from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.engines import Engine
from gdip.datacenter.services.ingest import IngestFailed, ingest_file


def write_jsonl(path: Path, records: list) -> Path:
    with open(path, "wb") as fh:
        for r in records:
            fh.write(r if isinstance(r, bytes) else orjson.dumps(r))
            fh.write(b"\n")
    return path


@pytest.fixture()
def lake(tmp_path: Path) -> ParquetLake:
    return ParquetLake(tmp_path / "lake")


def rejects(report) -> list[dict]:
    return [json.loads(line) for line in Path(report.rejects_file).read_text("utf-8").splitlines()]


def test_good_records_load_and_bad_ones_are_rejected_with_reasons(tmp_path, lake):
    bad_check = cn_appno(2019, 1, 7)[:-1] + ("0" if cn_appno(2019, 1, 7)[-1] != "0" else "1")
    records = [
        patent(1),
        patent(2, applicants=[{"name": "广州穗华生物医药股份有限公司", "address": "广州市萝岗区科学城"}]),
        patent(3, application_number=bad_check),
        patent(4, grant_date="2018-01-01"),  # granted before filing
        patent(5, ipc=["H01M 4/525", "not-an-ipc"]),
        patent(6, applicants=[{"name": "某公司", "uscc": "91440300MA5DEM0010"}]),
        b"{not json",
        patent(8, filing_date="2019-02-30"),
        patent(9, kind="design"),  # type digit 1 says invention
    ]
    report = ingest_file("patents", write_jsonl(tmp_path / "p.jsonl", records), lake=lake, workers=1)
    assert (report.read, report.loaded, report.rejected) == (9, 2, 7)
    codes = {r["position"]: r["code"] for r in rejects(report)}
    assert codes == {
        3: "appno_check",
        4: "date_order",
        5: "ipc_syntax",
        6: "uscc_check",
        7: "json_syntax",
        8: "date_invalid",
        9: "kind_mismatch",
    }
    for row in rejects(report):
        assert row["message_zh"] and row["message_en"] and row["record"]
    table = Engine("duckdb", lake).table("patents").order_by("application_number").to_pyarrow().to_pylist()
    assert [r["application_number"] for r in table] == [cn_appno(2019, 1, 1), cn_appno(2019, 1, 2)]
    first, second = table
    assert (
        first["status"] == "valid"
        and first["pct"] is False
        and first["ipc"] == ["H01M 4/525", "H01M 10/0525"]
    )
    assert (first["city_code"], first["district_code"]) == ("440300", "440305")
    assert first["applicants"][0]["entity_id"] == "U:91440300MA5DEM0019"
    assert first["applicants"][0]["applicant_type"] == "enterprise"
    # 萝岗区 was merged into 黄埔区 (440112) in 2014.
    assert (second["city_code"], second["district_code"]) == ("440100", "440112")


def test_reingesting_the_same_file_changes_nothing(tmp_path, lake):
    path = write_jsonl(tmp_path / "p.jsonl", [patent(i) for i in range(1, 51)])
    first = ingest_file("patents", path, lake=lake)
    manifest = (lake.root / "_manifest.json").read_bytes()
    second = ingest_file("patents", path, lake=lake)
    assert (first.inserted, second.inserted, second.updated, second.unchanged) == (50, 0, 0, 50)
    assert second.commit is None
    assert (lake.root / "_manifest.json").read_bytes() == manifest


def test_a_later_record_updates_by_natural_key_and_keeps_history(tmp_path, lake):
    ingest_file("patents", write_jsonl(tmp_path / "a.jsonl", [patent(1), patent(2)]), lake=lake)
    before_update = datetime.now(UTC)
    report = ingest_file(
        "patents", write_jsonl(tmp_path / "b.jsonl", [patent(1, status="lapsed"), patent(3)]), lake=lake
    )
    assert (report.inserted, report.updated, report.unchanged) == (1, 1, 0)
    engine = Engine("duckdb", lake)
    current = {r["application_number"]: r["status"] for r in engine.table("patents").to_pyarrow().to_pylist()}
    assert current == {
        cn_appno(2019, 1, 1): "lapsed",
        cn_appno(2019, 1, 2): "valid",
        cn_appno(2019, 1, 3): "valid",
    }
    past = {
        r["application_number"]: r["status"]
        for r in engine.table("patents", as_of=before_update).to_pyarrow().to_pylist()
    }
    assert past == {cn_appno(2019, 1, 1): "valid", cn_appno(2019, 1, 2): "valid"}
    history = engine.table("patents", history=True).filter(
        lambda t: t.application_number == cn_appno(2019, 1, 1)
    )
    assert sorted(r["status"] for r in history.to_pyarrow().to_pylist()) == ["lapsed", "valid"]
    assert lake.stats()["kinds"]["patents"] == {"records": 3, "versions": 4, "files": 2}


def test_status_is_derived_from_dates_when_absent(tmp_path, lake):
    records = [
        patent(1, grant_date=None),  # not granted: pending
        patent(
            2,
            application_number=cn_appno(2003, 1, 2),
            filing_date="2003-05-06",
            publication_date=None,
            grant_date="2006-01-04",
        ),  # 20-year term ended 2023-05-06
        patent(
            3,
            application_number=cn_appno(2016, 2, 3),
            kind="utility",
            filing_date="2016-01-01",
            publication_date=None,
            grant_date="2016-08-01",
        ),  # utility: 10 years, still valid in 2025
    ]
    ingest_file("patents", write_jsonl(tmp_path / "p.jsonl", records), lake=lake)
    rows = Engine("duckdb", lake).table("patents").to_pyarrow().to_pylist()
    status = {r["application_number"]: r["status"] for r in rows}
    assert status[cn_appno(2019, 1, 1)] == "pending"
    assert status[cn_appno(2003, 1, 2)] == "expired"
    assert status[cn_appno(2016, 2, 3)] == (
        "expired" if datetime.now().date().isoformat() >= "2026-01-01" else "valid"
    )


def test_csv_in_gb18030_with_list_cells(tmp_path, lake):
    path = tmp_path / "tm.csv"
    with open(path, "w", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "office",
                "application_number",
                "mark_text",
                "mark_type",
                "nice_classes",
                "goods",
                "applicants",
                "filing_date",
                "registration_date",
                "expiry_date",
                "madrid",
                "collective",
                "certification",
                "well_known",
            ]
        )
        w.writerow(
            [
                "CN",
                "12345678",
                "鹏城",
                "文字",
                "9;42",
                "电池;计算机软件",
                "深圳市鹏城新能源科技有限公司",
                "2015-01-05",
                "2016-03-07",
                "2036-03-06",
                "否",
                "0",
                "false",
                "",
            ]
        )
        w.writerow(
            [
                "CN",
                "23456789",
                "潮汕牛肉丸",
                "组合",
                "29",
                "肉丸",
                json.dumps(
                    [{"name": "汕头市牛肉丸行业协会", "address": "广东省汕头市金平区"}], ensure_ascii=False
                ),
                "2012-01-05",
                "2013-03-07",
                "2033-03-06",
                "",
                "是",
                "",
                "",
            ]
        )
        w.writerow(
            ["CN", "34567890", "坏类别", "文字", "46", "", "某人", "2015-01-05", "", "", "", "", "", ""]
        )
    report = ingest_file("trademarks", path, lake=lake)
    assert (report.read, report.loaded, report.rejected) == (3, 2, 1)
    assert rejects(report)[0]["code"] == "int_range" and rejects(report)[0]["field"] == "nice_classes"
    rows = {
        r["application_number"]: r
        for r in Engine("duckdb", lake).table("trademarks").to_pyarrow().to_pylist()
    }
    assert rows["12345678"]["nice_classes"] == [9, 42] and rows["12345678"]["mark_type"] == "word"
    assert rows["12345678"]["city_code"] == "440300" and rows["12345678"]["status"] == "valid"
    assert rows["23456789"]["collective"] is True and rows["23456789"]["city_code"] == "440500"


def test_parquet_input(tmp_path, lake):
    path = tmp_path / "p.parquet"
    pq.write_table(pa.Table.from_pylist([patent(1), patent(2, application_number="bad")]), path)
    report = ingest_file("patents", path, lake=lake)
    assert (report.read, report.loaded, report.rejected) == (2, 1, 1)


def test_legal_events_and_entities(tmp_path, lake):
    events = [
        {
            "application_number": cn_appno(2019, 1, 1),
            "event_type": "质押",
            "event_date": "2022-03-01",
            "amount": "500万",
            "pledgee": "粤海示范银行深圳分行",
            "registration_number": "Y2022440000123",
        },
        {
            "application_number": cn_appno(2019, 1, 1),
            "event_type": "pledge_release",
            "event_date": "2023-03-01",
        },
        {"application_number": cn_appno(2019, 1, 1), "event_type": "not-a-type", "event_date": "2023-03-01"},
    ]
    report = ingest_file("legal-events", write_jsonl(tmp_path / "e.jsonl", events), lake=lake)
    assert (report.loaded, report.rejected) == (2, 1)
    again = ingest_file("legal-events", write_jsonl(tmp_path / "e2.jsonl", events), lake=lake)
    assert again.unchanged == 2 and again.inserted == 0
    pledge = Engine("duckdb", lake).table("legal-events").filter(lambda t: t.event_type == "pledge")
    row = pledge.to_pyarrow().to_pylist()[0]
    assert str(row["amount"]) == "5000000.00" and row["currency"] == "CNY"
    entities = [
        {
            "name": "深圳市鹏城新能源科技有限公司",
            "uscc": "91440300MA5DEM0019",
            "address": "深圳市南山区科技园",
            "flags": ["high_tech", "specialised_sme"],
        }
    ]
    report = ingest_file("entities", write_jsonl(tmp_path / "ent.jsonl", entities), lake=lake)
    row = Engine("duckdb", lake).table("entities").to_pyarrow().to_pylist()[0]
    assert (row["entity_id"], row["entity_type"], row["district_code"]) == (
        "U:91440300MA5DEM0019",
        "enterprise",
        "440305",
    )


def test_parallel_validation_gives_the_same_result(tmp_path, lake):
    records = [patent(i) for i in range(1, 12_001)] + [patent(99_999, filing_date="bad")]
    path = write_jsonl(tmp_path / "p.jsonl", records)
    from gdip.datacenter.adapters.sources import JsonlSource
    from gdip.datacenter.services.ingest import ingest

    report = ingest("patents", JsonlSource(path), lake, workers=2, size_hint=10**9)
    assert (report.read, report.loaded, report.rejected) == (12_001, 12_000, 1)
    assert Engine("duckdb", lake).table("patents").count().execute() == 12_000


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("image.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "source_unreadable"),
        ("p.txt", b"{}", "format_unknown"),
        ("missing.jsonl", None, "source_unreadable"),
    ],
)
def test_unreadable_input_fails_clearly_and_changes_nothing(tmp_path, lake, name, content, code):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(IngestFailed) as err:
        ingest_file("patents", path, lake=lake)
    assert err.value.code == code and err.value.message_zh and err.value.message_en
    assert lake.stats()["last_commit"] is None


def test_unknown_kind(tmp_path, lake):
    with pytest.raises(IngestFailed) as err:
        ingest_file("widgets", write_jsonl(tmp_path / "p.jsonl", [patent(1)]), lake=lake)
    assert err.value.code == "kind_unknown"


def test_jsonl_blocks_cover_every_line_once_with_its_number(tmp_path):
    from gdip.datacenter.adapters.sources import JsonlSource, read_jsonl_block

    long_title = "长" * 5000  # one line longer than a block
    records = [patent(i, title=long_title if i == 7 else f"t{i}") for i in range(1, 40)]
    path = write_jsonl(tmp_path / "p.jsonl", records)
    with open(path, "ab") as fh:
        fh.write(b"\n\n" + orjson.dumps(patent(99)))  # blank lines and no final newline
    lines: list[tuple[int, bytes]] = []
    for offset, length, first in JsonlSource(path).ranges(block=2048):
        lines.extend(read_jsonl_block(path, offset, length, first))
    expected = [
        (n, line.strip()) for n, line in enumerate(path.read_bytes().split(b"\n"), start=1) if line.strip()
    ]
    assert lines == expected and len(lines) == 40
