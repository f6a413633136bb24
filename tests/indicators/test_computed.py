"""Computed indicators on the hand-built lake (tests/indicators/indicator_lake.py): exact values."""

from __future__ import annotations

import pyarrow as pa
import pytest
from indicator_lake import DG, GZ, SZ

from gdip.indicators.registry import REGISTRY, Context, get_indicator

CITIES = [SZ, GZ, DG]
PROV = "440000"


def population(year_values: dict[int, dict[str, int]]) -> pa.Table:
    rows = [
        {"region_code": r, "year": y, "population": p, "basis": "census", "source": "test"}
        for y, by_region in year_values.items()
        for r, p in by_region.items()
    ]
    return pa.Table.from_pylist(
        rows,
        schema=pa.schema(
            [
                ("region_code", pa.string()),
                ("year", pa.int32()),
                ("population", pa.int64()),
                ("basis", pa.string()),
                ("source", pa.string()),
            ]
        ),
    )


POP = population({y: {PROV: 40_000, SZ: 20_000, GZ: 10_000, DG: 10_000} for y in (2019, 2020, 2021, 2022)})


def values(engine, code: str, years=(2019, 2020, 2021, 2022), **kw) -> dict[tuple[str, int], float | None]:
    ctx = Context(years=years, cities=CITIES, population=POP, **kw)
    return {
        (r["region_code"], r["year"]): r["value"]
        for r in get_indicator(code).execute(engine, ctx).to_pylist()
    }


def by_year(v: dict, region: str) -> list:
    return [v[(region, y)] for y in sorted({y for _, y in v})]


def test_valid_invention_patents_at_year_end(engine):
    v = values(engine, "valid_invention_patents")
    # 2019: P1 P2 (SZ), P5 P6 (DG). 2020: P5 invalidated, P3 granted on 31 Dec. 2021: P2 lapsed;
    # P4 P11 P13 granted. P7 (lapsed, no event), P8 (Beijing), P9 (utility) never count.
    assert by_year(v, PROV) == [4, 4, 6, 6]
    assert by_year(v, SZ) == [2, 2, 2, 2]
    assert by_year(v, GZ) == [0, 1, 3, 3]
    assert by_year(v, DG) == [2, 1, 1, 1]


def test_per_10k_uses_the_given_population(engine):
    v = values(engine, "invention_per_10k", years=(2020, 2021))
    assert v == {
        (PROV, 2020): 1.0,
        (PROV, 2021): 1.5,
        (SZ, 2020): 1.0,
        (SZ, 2021): 1.0,
        (GZ, 2020): 1.0,
        (GZ, 2021): 3.0,
        (DG, 2020): 1.0,
        (DG, 2021): 1.0,
    }
    ctx = Context(years=[2021], cities=CITIES, population=POP)
    row = next(
        r
        for r in get_indicator("invention_per_10k").execute(engine, ctx).to_pylist()
        if r["region_code"] == GZ
    )
    assert (row["numerator"], row["denominator"]) == (3.0, 1.0)


def test_a_region_without_population_has_no_per_10k_value(engine):
    pop = population({2021: {PROV: 40_000}})
    ctx = Context(years=[2021], cities=CITIES, population=pop)
    got = {
        r["region_code"]: r["value"]
        for r in get_indicator("invention_per_10k").execute(engine, ctx).to_pylist()
    }
    assert got == {PROV: 1.5, SZ: None, GZ: None, DG: None}


def test_high_value_per_10k(engine):
    # 2020: P6 (maintained > 10 years). 2021: + P1 (pledged 1亿) and P3 (pledged 3000万 ≥ 1000万);
    # P2 was pledged 5000万 but lapsed in 2021.
    v = values(engine, "high_value_invention_patents", years=(2020, 2021))
    assert (by_year(v, PROV), by_year(v, SZ), by_year(v, GZ), by_year(v, DG)) == (
        [1, 3],
        [0, 1],
        [0, 1],
        [1, 1],
    )
    r = values(engine, "high_value_invention_per_10k", years=(2020, 2021))
    assert (r[(PROV, 2020)], r[(PROV, 2021)], r[(SZ, 2021)]) == (0.25, 0.75, 0.5)


def test_overseas_grants_count_resident_foreign_grants_by_grant_year(engine):
    v = values(engine, "overseas_invention_grants", years=(2020, 2021, 2022))
    assert by_year(v, PROV) == [0, 1, 1] and by_year(v, SZ) == [0, 1, 0] and by_year(v, GZ) == [0, 0, 1]


def test_pledge_amount_and_projects(engine):
    amount = values(engine, "pledge_amount", years=(2021, 2022))
    assert (amount[(PROV, 2021)], amount[(SZ, 2021)], amount[(GZ, 2021)]) == (1.8, 1.5, 0.3)
    assert (amount[(PROV, 2022)], amount[(DG, 2022)]) == (0.25, 0.25)  # trademark 0.2亿 + patent 0.05亿
    projects = values(engine, "pledge_projects", years=(2021, 2022))
    # ZL-2021-001 covers two patents: one project. The non-resident ZL-2021-003 is left out.
    assert (projects[(PROV, 2021)], projects[(SZ, 2021)], projects[(GZ, 2021)]) == (2, 1, 1)
    assert (projects[(PROV, 2022)], projects[(DG, 2022)]) == (2, 2)


def test_pct_applications_and_growth(engine):
    v = values(engine, "pct_applications", years=(2020, 2021))
    # 2020: one WO record (SZ). 2021: the WO record that is also patent 11's member (once), and
    # a national-phase entry without a WO member (GZ).
    assert (by_year(v, PROV), by_year(v, SZ), by_year(v, GZ)) == ([1, 2], [1, 1], [0, 1])
    g = values(engine, "pct_growth_rate", years=(2021,))
    assert (g[(PROV, 2021)], g[(SZ, 2021)], g[(GZ, 2021)]) == (100.0, 0.0, None)
    assert values(engine, "pct_applications", years=(2015,))[(SZ, 2015)] == 1  # P1's member, dated by P1


def test_trademarks_madrid_and_gi(engine):
    tm = values(engine, "valid_trademarks", years=(2018, 2019, 2020, 2021))
    # 2018: T1 T2 T4. 2019: T2 expired mid-year, T5 registered. 2021: T4 cancelled. T3 is Madrid,
    # T6 pending, T7 Beijing.
    assert by_year(tm, PROV) == [3, 3, 3, 2]
    assert by_year(tm, SZ) == [2, 1, 1, 0]
    assert by_year(values(engine, "madrid_valid_registrations", years=(2017, 2018)), SZ) == [0, 1]
    gi = values(engine, "gi_trademarks", years=(2018, 2019))
    assert (by_year(gi, PROV), by_year(gi, GZ)) == ([0, 1], [0, 1])
    ctx = Context(years=[2020, 2021], cities=["445100", GZ, "441400"])
    products = {
        (r["region_code"], r["year"]): r["value"]
        for r in get_indicator("gi_products").execute(engine, ctx).to_pylist()
    }
    assert products == {
        (PROV, 2020): 1,
        (PROV, 2021): 2,
        ("445100", 2020): 1,
        ("445100", 2021): 1,
        (GZ, 2020): 0,
        (GZ, 2021): 1,
        ("441400", 2020): 0,
        ("441400", 2021): 0,
    }
    agri = {
        (r["region_code"], r["year"]): r["value"]
        for r in get_indicator("agri_gi_registrations").execute(engine, ctx).to_pylist()
    }
    assert (agri[(PROV, 2020)], agri[("441400", 2020)]) == (1, 1)


def test_plant_varieties(engine):
    assert by_year(values(engine, "plant_variety_applications_agricultural", years=(2020, 2021)), PROV) == [
        1,
        1,
    ]
    assert by_year(values(engine, "plant_variety_grants_agricultural", years=(2020, 2021)), SZ) == [0, 1]
    assert by_year(values(engine, "plant_variety_applications_forestry", years=(2021,)), GZ) == [1]


def test_agency_grant_rate(engine):
    ctx = Context(years=[2021], cities=CITIES, population=POP)
    rows = {
        r["region_code"]: r
        for r in get_indicator("agency_invention_grant_rate").execute(engine, ctx).to_pylist()
    }
    # SZ: P11 granted, P10 rejected, P12 withdrawn → 1/3; GZ: P13 granted → 1/1.
    assert (rows[PROV]["numerator"], rows[PROV]["denominator"], rows[PROV]["value"]) == (2, 4, 50.0)
    assert rows[SZ]["value"] == pytest.approx(100 / 3, abs=1e-12) and rows[GZ]["value"] == 100.0
    assert rows[DG]["value"] is None  # nothing decided: no rate, not 0 %


def test_module_fed_indicators_have_no_data(engine):
    for code in ("gi_product_trade", "aid_mediation_cases", "public_service_nodes"):
        d = REGISTRY[code] if code in REGISTRY else get_indicator(code)
        assert d.source == "module" and d.module in ("M5", "M7", "M8")
        assert set(values(engine, code, years=(2021,)).values()) == {None}


def test_every_region_and_year_has_a_row(engine):
    ctx = Context(years=[2020, 2021], cities=CITIES)
    for code in ("valid_trademarks", "pledge_amount", "gi_products"):
        t = get_indicator(code).execute(engine, ctx)
        assert t.num_rows == 8 and t.schema.names == [
            "region_code",
            "year",
            "value",
            "numerator",
            "denominator",
        ]
