"""The `gdip` command as an operator runs it: real processes, real files, exit codes and JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import orjson

from factories import patent

GDIP = [sys.executable, "-m", "gdip.cli.main"]


def run(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GDIP_HOME": str(home)}
    return subprocess.run([*GDIP, *args], env=env, capture_output=True, text=True, timeout=300)


def test_first_use_prepares_home_and_ingest_prints_the_reconciliation(tmp_path):
    home = tmp_path / "home"
    path = tmp_path / "p.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(patent(i)) for i in range(1, 6)) + b"\n{broken\n")
    result = run(home, "ingest", "patents", str(path), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {k: report[k] for k in ("read", "loaded", "rejected")} == {"read": 6, "loaded": 5, "rejected": 1}
    assert set(report) >= {"read", "loaded", "rejected", "rejects_file", "duration_s"}
    assert Path(report["rejects_file"]).parent == home / "rejects"
    assert (home / "gdip.sqlite3").exists() and (home / "lake" / "_manifest.json").exists()
    stats = json.loads(run(home, "lake", "stats", "--json").stdout)
    assert stats["kinds"]["patents"]["records"] == 5 and stats["last_commit"]["kind"] == "patents"
    again = json.loads(run(home, "ingest", "patents", str(path), "--json").stdout)
    assert (again["unchanged"], again["inserted"], again["commit"]) == (5, 0, None)


def test_unreadable_input_exits_non_zero_with_a_bilingual_message(tmp_path):
    bad = tmp_path / "scan.jsonl"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = run(tmp_path / "home", "ingest", "patents", str(bad))
    assert result.returncode == 2
    assert "不是文本文件" in result.stderr and "not a text file" in result.stderr
    as_json = run(tmp_path / "home", "ingest", "patents", str(tmp_path / "missing.jsonl"), "--json")
    assert as_json.returncode == 2 and json.loads(as_json.stdout)["error"] == "source_unreadable"


def test_validate_and_geo_commands(tmp_path):
    home = tmp_path / "home"
    ok = run(home, "validate", "appno", "CN201810336559.X")
    assert ok.returncode == 0 and "201810336559.X" in ok.stdout
    bad = run(home, "validate", "uscc", "91440300708461136A")
    assert bad.returncode == 1 and "校验" in (bad.stdout + bad.stderr)
    geo = run(home, "geo", "resolve", "广州市萝岗区科学城", "--json")
    assert json.loads(geo.stdout)["district_code"] == "440112"


def test_init_and_demo_users(tmp_path):
    home = tmp_path / "home"
    init = run(home, "init")
    assert init.returncode == 0 and "regions: 144" in init.stdout
    users = run(home, "demo-users")
    assert users.returncode == 0
    names = {line.split()[0] for line in users.stdout.splitlines() if line.strip()}
    assert {
        "enterprise1",
        "enterprise2",
        "bank1",
        "bank2",
        "agency1",
        "insurer1",
        "fund_manager1",
        "centre_staff1",
        "city_admin1",
        "city_admin2",
        "province_admin1",
        "auditor1",
    } <= names
