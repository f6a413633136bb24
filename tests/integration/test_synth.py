"""The demo data generator: determinism, idempotence, valid identifiers, calibration, high-value rule."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from gdip.core.demo_registry import demo_enterprises
from gdip.core.validators import normalise_ipc, parse_cn_application_number, validate_uscc
from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.domain import KINDS, LEGAL_EVENTS, PATENTS
from gdip.datacenter.engines import Engine
from gdip.datacenter.synth.build import build_demo_data
from gdip.datacenter.synth.calibration import calibration_report
from gdip.datacenter.synth.regions import CITIES
from gdip.indicators.high_value import HighValueParams, high_value_count_by_city, high_value_patents

SEED = 7


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ParquetLake]:
    root = tmp_path_factory.mktemp("synth")
    lakes = {name: ParquetLake(root / name) for name in ("a", "b", "other")}
    build_demo_data("small", seed=SEED, lake=lakes["a"])
    build_demo_data("small", seed=SEED, lake=lakes["b"])
    build_demo_data("small", seed=SEED + 1, lake=lakes["other"])
    return lakes


def rows(lake: ParquetLake, kind: str, sql: str = "SELECT * FROM t") -> list[dict]:
    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet({lake.files(kind)!r})")
    return con.execute(sql).arrow().read_all().to_pylist()


def hashes(lake: ParquetLake, kind: str) -> list[str]:
    return [r["_hash"] for r in rows(lake, kind, "SELECT _hash FROM t ORDER BY _hash")]


def test_same_seed_same_content_other_seed_other_content(built):
    for kind in KINDS:
        assert hashes(built["a"], kind) == hashes(built["b"], kind), kind
        assert hashes(built["a"], kind), kind
    assert hashes(built["a"], "patents") != hashes(built["other"], "patents")
    assert hashes(built["a"], "trademarks") != hashes(built["other"], "trademarks")


def test_rebuilding_into_the_same_lake_changes_nothing(built):
    lake = built["a"]
    before = json.loads((lake.root / "_manifest.json").read_text("utf-8"))
    summary = build_demo_data("small", seed=SEED, lake=lake)
    after = json.loads((lake.root / "_manifest.json").read_text("utf-8"))
    assert after == before
    assert all(
        k["inserted"] == 0 and k["updated"] == 0 and k["unchanged"] > 0 for k in summary["kinds"].values()
    )


def test_invalid_scale_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="valid scales: small, medium, full"):
        build_demo_data("huge", seed=1, lake=ParquetLake(tmp_path))


def test_identifiers_are_valid(built):
    lake = built["a"]
    cn = rows(lake, "patents", "SELECT application_number, kind, pct, ipc FROM t WHERE office = 'CN'")
    assert len(cn) > 20_000
    for r in cn:
        parsed = parse_cn_application_number(r["application_number"])
        assert parsed.canonical == r["application_number"]
        assert parsed.kind == r["kind"] and parsed.pct == r["pct"]
        for symbol in r["ipc"] or []:
            assert normalise_ipc(symbol) == symbol
    entities = rows(lake, "entities", "SELECT entity_id, uscc, district_code, province_code FROM t")
    usccs = [r for r in entities if r["uscc"]]
    assert len(usccs) > 3000
    for r in usccs:
        assert validate_uscc(r["uscc"]) == r["uscc"] and r["entity_id"] == "U:" + r["uscc"]
    districts = {code for c in CITIES for code, _ in c.districts if code}
    for r in entities:
        if r["province_code"] == "440000" and r["district_code"]:
            assert r["district_code"] in districts
    assert all(r["entity_id"].startswith(("U:", "N:")) for r in entities)


def test_dates_are_ordered_and_statuses_match_events(built):
    lake = built["a"]
    bad = rows(
        lake,
        "patents",
        """SELECT application_number FROM t WHERE grant_date < filing_date
        OR publication_date < filing_date OR (status = 'valid' AND grant_date IS NULL)
        OR (status IN ('pending', 'rejected', 'withdrawn') AND grant_date IS NOT NULL)
        OR filing_date > DATE '2025-12-31' OR grant_date > DATE '2025-12-31'""",
    )
    assert bad == []
    bad = rows(
        lake,
        "trademarks",
        """SELECT application_number FROM t WHERE registration_date < filing_date
        OR expiry_date <= registration_date OR (status = 'valid' AND expiry_date < DATE '2025-12-31')""",
    )
    assert bad == []
    con = duckdb.connect()
    con.execute(f"CREATE VIEW p AS SELECT * FROM read_parquet({lake.files('patents')!r})")
    con.execute(f"CREATE VIEW e AS SELECT * FROM read_parquet({lake.files('legal-events')!r})")
    # Every lapsed / expired CN patent has its ending event; every grant event matches the grant date.
    missing = con.execute("""SELECT count(*) FROM p WHERE office = 'CN' AND status IN ('lapsed', 'expired')
        AND NOT EXISTS (SELECT 1 FROM e WHERE e.application_number = p.application_number
                        AND e.event_type IN ('lapse', 'expiry'))""").fetchone()
    assert missing == (0,)
    wrong = con.execute("""SELECT count(*) FROM e JOIN p USING (office, application_number)
        WHERE e.right_kind = 'patent' AND e.event_type = 'grant'
        AND e.event_date <> p.grant_date""").fetchone()
    assert wrong == (0,)
    early = con.execute("""SELECT count(*) FROM e JOIN p USING (office, application_number)
        WHERE e.right_kind = 'patent' AND e.event_type IN ('pledge', 'transfer', 'licence', 'lapse')
        AND e.event_date < p.grant_date""").fetchone()
    assert early == (0,)
    pledges = con.execute("""SELECT count(*), count(*) FILTER (WHERE amount > 0 AND pledgee IS NOT NULL
        AND registration_number IS NOT NULL) FROM e WHERE event_type = 'pledge'""").fetchone()
    assert pledges[0] > 0 and pledges[0] == pledges[1]


def test_demo_enterprises_own_portfolios(built):
    lake = built["a"]
    for org in demo_enterprises():
        eid = "U:" + org.uscc
        pats = rows(lake, "patents", f"SELECT kind, status FROM t WHERE list_contains(entity_ids, '{eid}')")
        assert 40 <= len(pats) <= 120, org.key
        assert sum(1 for p in pats if p["kind"] == "invention" and p["status"] == "valid") >= 20
        marks = rows(lake, "trademarks", f"SELECT status FROM t WHERE list_contains(entity_ids, '{eid}')")
        assert len(marks) >= 5
        pledged = rows(
            lake,
            "legal-events",
            f"SELECT registration_number FROM t WHERE event_type = 'pledge' AND from_party = '{org.name}'",
        )
        assert 1 <= len({p["registration_number"] for p in pledged}) <= 3


def test_small_scale_keeps_the_calibrated_ratios(built):
    report = calibration_report(Engine("duckdb", built["a"]), scale="small")
    # At 1/200 the counts are small (e.g. 18 pledge projects); the demo portfolios are not scaled.
    off = [r for r in report if abs(r["deviation"]) > max(r["tolerance"], 0.08)]
    assert off == []
    assert {r["target"] for r in report} >= {
        "high_value_per_10k_2020",
        "valid_trademarks_2020",
        "pct_cumulative_2020",
    }


# --- the high-value rule on a hand-made lake ---------------------------------------------------


def party(city: str = "440300", province: str = "440000") -> dict:
    return {
        "name": "测试公司",
        "entity_id": "N:0000000000000001",
        "address": None,
        "country": "CN",
        "uscc": None,
        "applicant_type": "enterprise",
        "province_code": province,
        "city_code": city,
        "district_code": None,
    }


def patent(
    no: str,
    *,
    ipc: list[str],
    filing: str = "2016-03-01",
    grant: str | None = "2018-06-01",
    status: str = "valid",
    kind: str = "invention",
    office: str = "CN",
    city: str = "440300",
    province: str = "440000",
    family: list[dict] | None = None,
    awards: list[dict] | None = None,
) -> dict:
    return {
        "office": office,
        "application_number": no,
        "kind": kind,
        "pct": False,
        "title": "t",
        "filing_date": dt.date.fromisoformat(filing),
        "grant_date": dt.date.fromisoformat(grant) if grant else None,
        "status": status,
        "ipc": ipc,
        "ipc_main": ipc[0] if ipc else None,
        "applicants": [party(city, province)],
        "family": family or [],
        "awards": awards or [],
        "province_code": province,
        "city_code": city,
        "applicant_type": "enterprise",
        "entity_ids": ["N:0000000000000001"],
    }


def event(
    no: str, event_type: str, when: str, amount: float | None = None, outcome: str | None = None
) -> dict:
    from decimal import Decimal

    return {
        "office": "CN",
        "application_number": no,
        "right_kind": "patent",
        "event_type": event_type,
        "event_date": dt.date.fromisoformat(when),
        "event_id": f"{no}/{event_type}/{when}",
        "amount": Decimal(str(amount)) if amount is not None else None,
        "outcome": outcome,
    }


@pytest.fixture()
def tiny_engine(tmp_path: Path) -> Engine:
    lake = ParquetLake(tmp_path / "lake")
    pats = [
        patent("P1", ipc=["H01M 10/0525"]),  # (1) strategic emerging industry
        patent(
            "P2",
            ipc=["A61K 8/97"],
            city="440100",  # cosmetics: not SEI; (2) granted abroad
            family=[{"office": "US", "number": "17999999", "granted": True}],
        ),
        patent("P3", ipc=["F24F 11/64"], filing="2009-05-01", grant="2012-01-01"),  # (3) filed 2009
        patent("P4", ipc=["B65D 81/00"]),  # (4) pledged 600万 + 500万 by 2020
        patent("P5", ipc=["B65D 81/00"], awards=[{"name": "中国专利金奖", "year": 2019}]),  # (5)
        patent(
            "P6", ipc=["B65D 81/00"], awards=[{"name": "广东专利奖", "year": 2019}]
        ),  # provincial; 900万 by 2020
        patent("P7", ipc=["H01M 10/0525"], city="110100", province="110000"),  # not a resident
        patent("P8", ipc=["G06N 3/08"], grant="2016-06-01", status="lapsed"),  # lapsed 2019
        patent("P9", ipc=["G06N 3/08"], filing="2019-01-01", grant="2021-03-01"),  # granted after 2020
        patent("P10", ipc=["G06N 3/08"], status="invalidated"),  # invalidated 2020
        patent(
            "P11",
            ipc=["F16K 31/00"],  # EP member granted only in 2022
            family=[
                {"office": "EP", "number": "21100001", "granted": True},
                {"office": "WO", "number": "PCT/CN2016/000001", "granted": False},
            ],
        ),
        patent("P12", ipc=["H01M 10/0525"], kind="utility"),  # utility models are not counted
        patent("P13", ipc=["G06N 3/08"], status="lapsed"),  # lapsed, but no event: never counted
        patent("21100001", ipc=["F16K 31/00"], office="EP", filing="2017-01-01", grant="2022-05-01"),
    ]
    w = lake.writer("patents", "hand")
    w.write_batch(pa.Table.from_pylist(pats, schema=PATENTS.schema))
    w.commit()
    events = [
        event("P4", "pledge", "2019-03-01", 6_000_000),
        event("P4", "pledge", "2020-08-01", 5_000_000),
        event("P6", "pledge", "2019-03-01", 9_000_000),
        event("P6", "pledge", "2021-03-01", 20_000_000),
        event("P8", "lapse", "2019-06-01"),
        event("P10", "invalidation_decision", "2020-03-01", outcome="invalidated"),
        event("P1", "invalidation_decision", "2020-05-01", outcome="upheld"),
    ]
    w = lake.writer("legal-events", "hand")
    w.write_batch(pa.Table.from_pylist(events, schema=LEGAL_EVENTS.schema))
    w.commit()
    return Engine("duckdb", lake)


def conditions(engine: Engine, year: int, params: HighValueParams | None = None) -> dict[str, set[str]]:
    t = high_value_patents(engine, year=year, params=params).to_pyarrow().to_pylist()
    names = ("strategic_industry", "overseas_grant", "maintained_10y", "pledge_amount", "award")
    return {r["application_number"]: {n for n in names if r[n]} for r in t}


def test_high_value_conditions_on_hand_made_records(tiny_engine):
    assert conditions(tiny_engine, 2020) == {
        "P1": {"strategic_industry"},
        "P2": {"overseas_grant"},
        "P3": {"maintained_10y"},
        "P4": {"pledge_amount"},
        "P5": {"award"},
    }
    later = conditions(tiny_engine, 2022)
    assert later["P6"] == {"pledge_amount"}  # 900万 + 2000万 by 2021
    assert later["P9"] == {"strategic_industry"}
    assert later["P11"] == {"overseas_grant"}  # the EP grant of 2022
    assert "P8" not in later and "P10" not in later and "P13" not in later
    assert conditions(tiny_engine, 2018)["P8"] == {"strategic_industry"}  # valid before its 2019 lapse
    assert "P3" not in conditions(tiny_engine, 2018)  # only 9 years since filing then


def test_high_value_parameters_and_city_counts(tiny_engine):
    params = HighValueParams(pledge_threshold_yuan=5_000_000, maintained_years=15)
    got = conditions(tiny_engine, 2020, params)
    assert got["P6"] == {"pledge_amount"} and "P3" not in got
    by_city = {
        r["city_code"]: r for r in high_value_count_by_city(tiny_engine, 2020).to_pyarrow().to_pylist()
    }
    assert by_city["440300"]["high_value"] == 4 and by_city["440100"]["high_value"] == 1
    assert by_city["440100"]["overseas_grant"] == 1
