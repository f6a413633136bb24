"""Population denominators: series on each basis, loading year-end figures, and the plan's 27.9 / 27.8."""

from __future__ import annotations

import ibis
import pyarrow as pa
import pytest

from gdip.core.services import load_census_population, load_regions
from gdip.indicators.computed import per_10k
from gdip.indicators.evaluation import round_half_up
from gdip.indicators.population import load_population_csv, population_series, population_table
from gdip.indicators.registry import Context

pytestmark = pytest.mark.django_db


@pytest.fixture()
def census(db):
    load_regions()
    load_census_population()


def _csv(tmp_path, text: str):
    path = tmp_path / "pop.csv"
    path.write_text(text, "utf-8")
    return path


def test_census_series_covers_the_province_and_cities(census):
    t = population_table(["440000", "440300"], [2020], "census").to_pylist()
    assert t == [
        {
            "region_code": "440000",
            "year": 2020,
            "population": 126_012_510,
            "basis": "census",
            "source": t[0]["source"],
        },
        {
            "region_code": "440300",
            "year": 2020,
            "population": 17_560_061,
            "basis": "census",
            "source": t[1]["source"],
        },
    ]
    assert "第七次全国人口普查" in t[0]["source"]
    # A year without a census uses the census in force (the nearest one).
    assert population_table(["440300"], [2023], "census").column("population").to_pylist() == [17_560_061]
    assert population_table(["440300"], [2023], "year_end").num_rows == 0


def test_load_year_end_population_rejects_bad_rows_and_loads_good_ones(census, tmp_path):
    path = _csv(
        tmp_path,
        "region_code,year,population,source\n"
        "440000,2020,126240000,\n"
        "440300,2021,17681600,深圳市2021年国民经济和社会发展统计公报\n"
        "449999,2021,100,\n"
        "440100,1889,100,\n"
        "440100,2021,-5,\n"
        "440100,2021,1.2万,\n",
    )
    report = load_population_csv(path, basis="year_end", source="广东省2020年国民经济和社会发展统计公报")
    assert (report.read, report.loaded, len(report.rejected)) == (6, 2, 4)
    assert [r["line"] for r in report.rejected] == [4, 5, 6, 7]
    assert "unknown region code '449999'" in report.rejected[0]["reason"]
    assert "1990–2100" in report.rejected[1]["reason"]
    assert (
        "positive integer" in report.rejected[2]["reason"]
        and "positive integer" in report.rejected[3]["reason"]
    )
    best = population_table(["440000", "440300"], [2020, 2021], "best").to_pylist()
    got = {(r["region_code"], r["year"]): (r["population"], r["basis"]) for r in best}
    assert got == {
        ("440000", 2020): (126_240_000, "year_end"),  # year-end loaded: preferred
        ("440000", 2021): (126_012_510, "census"),  # not loaded: the nearest census
        ("440300", 2020): (17_560_061, "census"),
        ("440300", 2021): (17_681_600, "year_end"),
    }
    # Reloading replaces the figure instead of duplicating it.
    load_population_csv(_csv(tmp_path, "region_code,year,population\n440000,2020,126240001\n"), source="x")
    assert population_table(["440000"], [2020], "year_end").column("population").to_pylist() == [126_240_001]


def test_missing_columns_are_a_clear_error(census, tmp_path):
    with pytest.raises(ValueError, match="missing column\\(s\\) population"):
        load_population_csv(_csv(tmp_path, "region_code,year\n440000,2020\n"), source="x")


def test_population_series_is_an_ibis_table(census):
    t = population_series(["440000"], [2020], "best")
    assert isinstance(t, ibis.expr.types.Table)
    assert t.to_pyarrow().column("population").to_pylist() == [126_012_510]


def test_the_plans_per_10k_figure_depends_on_the_population_basis(census, tmp_path):
    """35.1万 valid invention patents: 27.9 per 10k with the census, 27.8 (the plan's figure) year-end."""
    load_population_csv(
        _csv(tmp_path, "region_code,year,population\n440000,2020,126240000\n"),
        source="广东省2020年国民经济和社会发展统计公报（年末常住人口12624万人）",
    )
    counts = ibis.memtable(
        pa.table({"region_code": ["440000"], "year": pa.array([2020], pa.int32()), "value": [351_000.0]})
    )
    figures = {}
    for basis in ("census", "year_end"):
        ctx = Context(years=[2020], cities=[], population_basis=basis)
        row = per_10k(counts, ctx).to_pyarrow().to_pylist()[0]
        figures[basis] = round_half_up(row["value"], 1)
    assert figures == {"census": 27.9, "year_end": 27.8}
    # Half-up, as the bulletins round (Python's round() would give 0.2 for 0.25).
    assert round_half_up(0.25, 1) == 0.3 and round_half_up(27.85, 1) == 27.9
