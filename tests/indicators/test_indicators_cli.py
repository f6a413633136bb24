"""The indicator commands as an operator runs them: real processes, JSON on stdout, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from indicator_lake import build_lake

# main.py wires the apps (the lead's part); these run the Typer apps directly.
APP = "import sys; from gdip.indicators.cli import {app} as app; sys.argv[0] = 'gdip'; app(prog_name='gdip')"


def run(home: Path, app: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GDIP_HOME": str(home), "COLUMNS": "240"}
    return subprocess.run(
        [sys.executable, "-c", APP.format(app=app), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_compute_prints_the_evaluation_as_json(gdip_home):
    build_lake(gdip_home)
    result = run(
        gdip_home,
        "indicators_app",
        "compute",
        "--plan",
        "gd-14th",
        "--year",
        "2021",
        "--population",
        "census",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 15
    assert all(
        set(r)
        == {
            "code",
            "name_zh",
            "name_en",
            "unit",
            "value",
            "baseline",
            "target",
            "progress",
            "expected_progress",
            "projection",
            "projection_method",
            "status",
        }
        for r in rows
    )
    by_code = {r["code"]: r for r in rows}
    amount = by_code["pledge_financing_amount"]
    assert (amount["value"], amount["target"], amount["expected_progress"], amount["status"]) == (
        1.8,
        2500,
        0.2,
        "behind",
    )
    assert by_code["gi_product_trade"]["status"] == "no_data" and by_code["gi_product_trade"]["value"] is None
    # Census 2020 for every year: 3 high-value patents / 12,601.251万 residents.
    assert by_code["high_value_invention_per_10k"]["value"] == 0.0
    city = json.loads(
        run(gdip_home, "indicators_app", "compute", "--year", "2021", "--city", "440300", "--json").stdout
    )
    assert {r["code"]: r["value"] for r in city}["pledge_financing_amount"] == 1.5
    table = run(gdip_home, "indicators_app", "compute", "--year", "2021")
    assert table.returncode == 0 and "知识产权质押融资登记金额" in table.stdout


def test_bad_options_exit_with_a_message(gdip_home):
    bad = run(gdip_home, "indicators_app", "compute", "--plan", "nope", "--json")
    assert bad.returncode == 2 and "neither a packaged plan id" in bad.stderr
    assert run(gdip_home, "indicators_app", "compute", "--population", "guess").returncode == 2
    plans = json.loads(run(gdip_home, "indicators_app", "list-plans", "--json").stdout)
    assert plans[0]["id"] == "gd-14th" and plans[0]["indicators"] == 15


def test_high_value_patents_list_their_conditions(gdip_home):
    build_lake(gdip_home)
    result = run(gdip_home, "patents_app", "--year", "2021", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["count"] == 3
    conditions = {p["city_code"]: p["conditions"] for p in out["patents"]}
    assert conditions == {
        "440100": ["pledge_amount"],
        "440300": ["pledge_amount"],
        "441900": ["maintained_10y"],
    }
    assert set(out["patents"][0]) == {"office", "application_number", "city_code", "conditions"}
    one = json.loads(run(gdip_home, "patents_app", "--year", "2021", "--city", "441900", "--json").stdout)
    assert one["count"] == 1


def test_population_load_reports_rejects(gdip_home, tmp_path):
    path = tmp_path / "pop.csv"
    path.write_text("region_code,year,population\n440000,2020,126240000\n999999,2020,5\n", "utf-8")
    result = run(gdip_home, "population_app", str(path), "--source", "广东统计公报", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["read"], report["loaded"], report["rejected"]) == (3 - 1, 1, 1)
