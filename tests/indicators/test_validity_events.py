"""Validity at a year end follows the legal events: lapse ends a right, restoration revives it."""

from __future__ import annotations

import orjson

from factories import cn_appno, patent
from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.engines import Engine
from gdip.datacenter.services.ingest import ingest_file
from gdip.indicators.high_value import high_value_patents, valid_patents

A, B, C, D = (cn_appno(2012, 1, n) for n in (1, 2, 3, 4))


def _lake(tmp_path) -> Engine:
    lake = ParquetLake(tmp_path / "lake")
    pats = [
        patent(
            1, application_number=A, filing_date="2012-03-01", publication_date=None, grant_date="2014-05-01"
        ),
        patent(
            2, application_number=B, filing_date="2012-03-01", publication_date=None, grant_date="2014-05-01"
        ),
        patent(
            3, application_number=C, filing_date="2012-03-01", publication_date=None, grant_date="2014-05-01"
        ),
        patent(
            4,
            application_number=D,
            filing_date="2012-03-01",
            publication_date=None,
            grant_date="2014-05-01",
            status="lapsed",
        ),
    ]
    events = [
        {"application_number": A, "event_type": "lapse", "event_date": "2019-03-01"},
        {"application_number": B, "event_type": "lapse", "event_date": "2019-03-01"},
        {"application_number": B, "event_type": "restoration", "event_date": "2019-10-08"},
        {"application_number": C, "event_type": "lapse", "event_date": "2021-03-01"},
    ]
    (tmp_path / "p.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in pats))
    (tmp_path / "e.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in events))
    ingest_file("patents", tmp_path / "p.jsonl", lake=lake)
    ingest_file("legal-events", tmp_path / "e.jsonl", lake=lake)
    return Engine("duckdb", lake)


def _valid(engine: Engine, year: int, numbers=None) -> set[str]:
    t = valid_patents(engine, year=year, application_numbers=numbers)
    return set(t.application_number.to_pyarrow().to_pylist())


def test_lapse_restoration_and_status_fallback(tmp_path):
    engine = _lake(tmp_path)
    assert _valid(engine, 2018) == {A, B, C}  # D has no events and is lapsed now: never counted
    assert _valid(engine, 2019) == {B, C}  # A lapsed in 2019; B lapsed and was restored
    assert _valid(engine, 2020) == {B, C}
    assert _valid(engine, 2021) == {B}  # C lapsed in 2021


def test_one_patent_gives_the_same_answer_as_the_whole_lake(tmp_path):
    engine = _lake(tmp_path)
    assert _valid(engine, 2020, [B]) == {B}
    assert _valid(engine, 2020, [A]) == set()
    whole = high_value_patents(engine, year=2022).to_pyarrow().to_pylist()
    one = high_value_patents(engine, year=2022, application_numbers=[B]).to_pyarrow().to_pylist()
    assert one == [r for r in whole if r["application_number"] == B]
    assert one and one[0]["maintained_10y"] is True and one[0]["overseas_grant"] is True
