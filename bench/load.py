"""Load test: the real server under a realistic mix of users, then a check for leaks.

    python -m bench.load [--users 20] [--duration 60] [--scale small] [--keep]

1. A fresh GDIP_HOME: `gdip init`, `gdip demo-users`, `gdip demo-data --scale small`.
   GDIP_DATABASE_URL is passed through: with it, the run uses PostgreSQL.
2. `gdip serve` (gunicorn, 2 workers × 4 threads) on a free port.
3. Locust, headless, with bench/locustfile.py: visitors, an enterprise, a bank officer and a
   city administrator (weights 6:2:1:1); prints requests/s, p50/p95/p99 and errors per endpoint.
   The rate limits are raised for the run (GDIP_RATELIMIT_API/LOGIN): this measures capacity,
   not the limiter (tests/security/test_ratelimit.py does that).
4. Leak checks, after a short idle period and after shutdown:
   - errors: zero failed requests (any non-2xx/3xx answer or connection error);
   - processes: every process of the server tree is gone after SIGTERM (no orphaned workers);
   - DuckDB temporary files: none left under GDIP_HOME (``*.tmp``, ``duckdb_temp*``, staged lake
     files outside a commit) and none in the system temp directory created during the run;
   - database connections: PostgreSQL — ``pg_stat_activity`` for the database is back to its
     baseline after shutdown; SQLite — no open handles remain (the server's processes are gone)
     and the WAL file is checkpointed below a size bound;
   - open file descriptors of the server tree after the run vs. after warm-up, reported (a
     growth beyond workers × threads × 8 fails: handles kept per request would show here).
Exit status 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import psutil

PY = sys.executable
HERE = Path(__file__).resolve().parent
PASSWORD = "Load-Password-2026"
WORKERS, THREADS = 2, 4


def gdip(*args: str) -> list[str]:
    return [PY, "-m", "gdip.cli.main", *args]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def open_fds(procs: list[psutil.Process]) -> int:
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.num_fds()
    return total


def temp_files(home: Path) -> list[str]:
    patterns = ("*.tmp", "duckdb_temp*", "*.duckdb.wal", "staged.parquet")
    found = {str(p) for pattern in patterns for p in home.rglob(pattern)}
    return sorted(found)


def system_temp_duckdb() -> set[str]:
    tmp = Path(tempfile.gettempdir())
    return {str(p) for p in tmp.glob("duckdb_temp*")} | {str(p) for p in tmp.glob("*.duckdb*")}


def pg_connections(env: dict[str, str]) -> int | None:
    url = env.get("GDIP_DATABASE_URL")
    if not url:
        return None
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row else 0


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the server exited during start-up")
        try:
            urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not start")


def read_stats(prefix: Path) -> list[dict[str, Any]]:
    with open(f"{prefix}_stats.csv", newline="") as fh:
        return list(csv.DictReader(fh))


def report(rows: list[dict[str, Any]]) -> dict[str, Any]:
    print(f"\n  {'endpoint':<44} {'reqs':>7} {'fail':>5} {'rps':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    total: dict[str, Any] = {}
    for r in rows:
        label = "TOTAL" if r["Name"] == "Aggregated" else f"{r['Type']} {r['Name']}"
        print(
            f"  {label[:44]:<44} {int(r['Request Count']):>7} {int(r['Failure Count']):>5} "
            f"{float(r['Requests/s']):>7.1f} {r['50%']:>6} {r['95%']:>6} {r['99%']:>6}"
        )
        if r["Name"] == "Aggregated":
            total = r
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--scale", default="small")
    parser.add_argument("--keep", action="store_true", help="keep the temporary GDIP_HOME")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="gdip-load-"))
    home = work / "home"
    out = HERE / "out"
    out.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "GDIP_HOME": str(home),
        "GDIP_DEMO_PASSWORD": PASSWORD,
        "LOAD_PASSWORD": PASSWORD,
        "GDIP_RATELIMIT_API": "1000000/min",
        "GDIP_RATELIMIT_LOGIN": "10000/min",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    print(
        f"load test: GDIP_HOME={home} database={'PostgreSQL' if env.get('GDIP_DATABASE_URL') else 'SQLite'}"
    )
    for step in (["init"], ["demo-users"], ["demo-data", "--scale", args.scale, "--json"]):
        t = time.perf_counter()
        subprocess.run(gdip(*step), env=env, check=True, capture_output=True, timeout=3600)
        print(f"  {' '.join(step[:3]):<44} {time.perf_counter() - t:6.1f} s")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    pg_baseline = pg_connections(env)
    tmp_before = system_temp_duckdb()
    server = subprocess.Popen(
        gdip("serve", "--port", str(port), "--workers", str(WORKERS)),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    failures: list[str] = []
    try:
        wait_ready(base, server)
        for path in ("/", "/patents/", "/api/v1/datacenter/stats"):  # warm-up: engines, templates
            try:
                urllib.request.urlopen(base + path, timeout=60).read()
            except urllib.error.HTTPError as err:
                failures.append(f"warm-up {path}: HTTP {err.code}")
        procs = tree(server.pid)
        fds_warm = open_fds(procs)
        prefix = out / "load"
        cmd = [
            PY,
            "-m",
            "locust",
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "-u",
            str(args.users),
            "-r",
            str(args.spawn_rate),
            "-t",
            f"{args.duration}s",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
        ]
        print(f"\n  locust: {args.users} users for {args.duration} s against {base}")
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=args.duration + 300)
        total = report(read_stats(prefix))
        requests, errors = int(total.get("Request Count", 0)), int(total.get("Failure Count", 0))
        print(
            f"\n  requests/s {float(total.get('Requests/s', 0)):.1f}   p50 {total.get('50%')} ms   "
            f"p95 {total.get('95%')} ms   p99 {total.get('99%')} ms   errors {errors} of {requests}"
        )
        if requests == 0:
            failures.append("no requests were made")
        if errors:
            failures.append(f"{errors} failed requests (see {prefix}_failures.csv)")
        time.sleep(2)  # idle: requests finished, connections returned
        procs = tree(server.pid)
        fds_after = open_fds(procs)
        print(
            f"  open file descriptors of the server tree: {fds_warm} after warm-up, {fds_after} after the run"
        )
        if fds_after - fds_warm > WORKERS * THREADS * 8:
            failures.append(f"file descriptors grew from {fds_warm} to {fds_after}")
    finally:
        procs = tree(server.pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            failures.append("the server did not stop on SIGTERM within 60 s")
        _gone, alive = psutil.wait_procs(procs, timeout=15)
    print(f"  server processes: {len(procs)} before shutdown, {len(alive)} left after")
    if alive:
        failures.append(f"processes left after shutdown: {[p.pid for p in alive]}")
        for p in alive:
            p.kill()
    leftovers = temp_files(home)
    new_tmp = sorted(system_temp_duckdb() - tmp_before)
    print(f"  DuckDB/lake temporary files left: {len(leftovers) + len(new_tmp)}")
    if leftovers or new_tmp:
        failures.append(f"temporary files left: {leftovers + new_tmp}")
    if pg_baseline is not None:
        pg_after = pg_connections(env)
        print(f"  PostgreSQL connections: {pg_baseline} before, {pg_after} after shutdown")
        if pg_after is not None and pg_after > pg_baseline:
            failures.append(f"database connections: {pg_baseline} before, {pg_after} after")
    else:
        wal = home / "gdip.sqlite3-wal"
        size = wal.stat().st_size if wal.exists() else 0
        print(f"  SQLite WAL after shutdown: {size} bytes")
        if size > 64 * 1024 * 1024:
            failures.append(f"SQLite WAL not checkpointed: {size} bytes")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    print("\nload test " + ("PASSED" if not failures else "FAILED:\n  - " + "\n  - ".join(failures)))
    return 0 if not failures else 1


if __name__ == "__main__":
    raise SystemExit(main())
