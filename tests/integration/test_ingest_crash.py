"""kill -9 during an ingest leaves the lake exactly as it was (real processes, real signals)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import psutil
import pytest

from factories import patent
from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.engines import Engine


def _gdip(home: Path, *args: str, env_extra: dict[str, str] | None = None) -> subprocess.Popen:
    env = {**os.environ, "GDIP_HOME": str(home), **(env_extra or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "gdip.cli.main", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _survivors(path: Path, wait: float = 5.0) -> list[int]:
    """Processes still working on the file (orphaned workers), after giving them time to exit."""
    deadline = time.time() + wait
    while True:
        pids = [
            p.pid for p in psutil.process_iter(["cmdline"]) if str(path) in " ".join(p.info["cmdline"] or [])
        ]
        if not pids or time.time() > deadline:
            return pids
        time.sleep(0.1)


def _snapshot(lake: ParquetLake) -> tuple[bytes, int]:
    manifest = (lake.root / "_manifest.json").read_bytes()
    return manifest, Engine("duckdb", lake).table("patents").count().execute()


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "patents.jsonl"
    with open(path, "wb") as fh:
        for i in range(1, 40_001):
            fh.write(orjson.dumps(patent(100_000 + i, title=f"title {i}")) + b"\n")
    return path


def _baseline(home: Path, tmp_path: Path) -> ParquetLake:
    first = tmp_path / "first.jsonl"
    first.write_bytes(b"\n".join(orjson.dumps(patent(i)) for i in range(1, 101)) + b"\n")
    proc = _gdip(home, "ingest", "patents", str(first), "--json")
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return ParquetLake(home / "lake")


@pytest.mark.parametrize("delay", [0.5, 1.5, 3.0])
def test_kill_during_staging(tmp_path, big_file, delay):
    home = tmp_path / "home"
    lake = _baseline(home, tmp_path)
    before = _snapshot(lake)
    proc = _gdip(home, "ingest", "patents", str(big_file), "--json")
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert _snapshot(lake) == before
    assert _survivors(big_file) == [], "the killed ingest's worker processes must exit with it"
    # The next run is not disturbed by what the killed one left behind.
    rerun = _gdip(home, "ingest", "patents", str(big_file), "--json")
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert orjson.loads(out)["loaded"] == 40_000
    assert Engine("duckdb", lake).table("patents").count().execute() == 40_100


def test_kill_after_data_files_are_written_but_before_the_manifest_swap(tmp_path, big_file):
    home = tmp_path / "home"
    lake = _baseline(home, tmp_path)
    before = _snapshot(lake)
    marker = tmp_path / "reached"
    proc = _gdip(
        home,
        "ingest",
        "patents",
        str(big_file),
        "--json",
        env_extra={"GDIP_FAULT_PAUSE": "before_manifest", "GDIP_FAULT_MARKER": str(marker)},
    )
    deadline = time.time() + 240
    # Wait until the commit has written and fsynced its data files and is about to swap the manifest.
    while not marker.exists() and time.time() < deadline:
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert list((lake.root / "patents" / "c2").glob("*.parquet")), (
        "the kill should land after data files exist"
    )
    assert _snapshot(lake) == before
    removed = lake.vacuum()
    assert any(r.startswith("patents/c2/") for r in removed)
    assert _snapshot(lake) == before
