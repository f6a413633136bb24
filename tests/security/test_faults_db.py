"""Faults: the database goes away and comes back; the disk fills up during an ingest.

Database outage: the real server (`gdip serve`, gunicorn with 2 workers) runs against a
PostgreSQL cluster of its own (not the session's `postgres_server`, which the PostgreSQL pass's
test database lives on: stopping that would break the connections of the tests after this one).
While PostgreSQL is stopped (`pg_ctl stop -m fast`), requests that need the database get a 503
with Retry-After and a bilingual message — JSON for the API, HTML for pages — never a 500 or a
traceback; after `pg_ctl start` the same server answers normally again (CONN_HEALTH_CHECKS:
stale connections are replaced), without a restart.

Full disk: the lake writer's write raises ENOSPC; the ingest fails with the code `disk_full`
and the lake is unchanged.
"""

from __future__ import annotations

import errno
import glob
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from factories import patent
from live_server import GDIP, free_port, gdip_server

DB_UNAVAILABLE_ZH = "数据库暂时不可用"
DB_UNAVAILABLE_EN = "The database is temporarily unavailable"


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed: run `make system-deps`")
    return found


class Cluster:
    """A throwaway PostgreSQL cluster that the test may stop and start."""

    def __init__(self) -> None:
        self.datadir = tempfile.mkdtemp(prefix="gdip-pg-faults-")
        self.runas = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.runas:
            shutil.chown(self.datadir, "postgres", "postgres")
        self.port = free_port()
        subprocess.run(
            [
                *self.runas,
                _pg_bin("initdb"),
                "-D",
                self.datadir,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [
                *self.runas,
                _pg_bin("pg_ctl"),
                "-D",
                self.datadir,
                "-l",
                f"{self.datadir}/server.log",
                "-w",
                "-o",
                options,
                *args,
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        subprocess.run(
            [*self.runas, _pg_bin("pg_ctl"), "-D", self.datadir, "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.datadir, ignore_errors=True)


def _request(url: str, data: dict | None = None, headers: dict | None = None) -> tuple[int, str, dict]:
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read().decode(), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), dict(err.headers)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    c = Cluster()
    c.pg_ctl("start")
    try:
        subprocess.run(
            [*c.runas, _pg_bin("createdb"), "-h", c.datadir, "-p", str(c.port), "-U", "postgres", "gdip"],
            check=True,
            capture_output=True,
        )
        yield c
    finally:
        c.remove()


@pytest.fixture(scope="module")
def server(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    home = tmp_path_factory.mktemp("faults") / "home"
    env = {
        **os.environ,
        "GDIP_HOME": str(home),
        "GDIP_DATABASE_URL": cluster.url("gdip"),
        "GDIP_DEMO_PASSWORD": "Faults-Password-2026",
        "GDIP_RATELIMIT_ENABLED": "0",  # the load below is a test load, not abuse
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    data = home.parent / "p.jsonl"
    data.write_bytes(b"\n".join(orjson.dumps(patent(i)) for i in range(1, 4)) + b"\n")
    for args in (["init"], ["demo-users"], ["ingest", "patents", str(data)]):
        subprocess.run([*GDIP, *args], env=env, check=True, capture_output=True, timeout=300)
    with gdip_server(env) as base:
        status, body, _ = _request(
            base + "/api/v1/auth/token", {"username": "bank1", "password": "Faults-Password-2026"}
        )
        assert status == 200, body
        yield {"base": base, "token": json.loads(body)["token"]}


@pytest.mark.postgres
@pytest.mark.e2e
def test_database_outage_gives_503_and_recovers_without_restart(
    cluster: Cluster, server: dict[str, Any]
) -> None:
    base, auth = server["base"], {"Authorization": f"Bearer {server['token']}"}
    assert _request(base + "/api/v1/auth/me", headers=auth)[0] == 200
    # Load: four clients keep calling the API through the outage and the recovery.
    statuses: list[int] = []
    stop = threading.Event()

    def client() -> None:
        for _ in range(2000):  # bounded, and stopped as soon as the test is done
            if stop.is_set():
                return
            statuses.append(_request(base + "/api/v1/auth/me", headers=auth)[0])
            time.sleep(0.02)

    clients = [threading.Thread(target=client, daemon=True) for _ in range(4)]
    for t in clients:
        t.start()
    time.sleep(0.5)
    cluster.pg_ctl("stop", "-m", "fast")
    try:
        for _ in range(3):  # both workers, fresh and pooled connections
            status, body, headers = _request(base + "/api/v1/auth/me", headers=auth)
            assert status == 503, body
            assert json.loads(body)["detail"].startswith(DB_UNAVAILABLE_ZH) and DB_UNAVAILABLE_EN in body
            assert int(headers["Retry-After"]) > 0
        status, body, headers = _request(base + "/api/v1/auth/token", {"username": "bank1", "password": "x"})
        assert status == 503 and DB_UNAVAILABLE_EN in body
        # A page that needs the database (sign-in checks the account): an HTML 503.
        form = urllib.parse.urlencode({"username": "bank1", "password": "x"}).encode()
        req = urllib.request.Request(base + "/accounts/login/", data=form)
        try:
            urllib.request.urlopen(req, timeout=30)
            raise AssertionError("expected an error status")
        except urllib.error.HTTPError as err:
            page = err.read().decode()
            # CSRF comes first for a form without a token (403); with one, the database (503).
            assert err.code in (403, 503), page
            assert "Traceback" not in page and "psycopg" not in page and "OperationalError" not in page
        body = _request(base + "/api/v1/auth/me", headers=auth)[1]
        assert "Traceback" not in body and "psycopg" not in body
    finally:
        cluster.pg_ctl("start")
    # The same server, without a restart: connections are re-established.
    deadline = time.time() + 30
    while time.time() < deadline:
        status, body, _ = _request(base + "/api/v1/auth/me", headers=auth)
        if status == 200:
            break
        time.sleep(0.5)
    assert status == 200 and json.loads(body)["username"] == "bank1"
    for _ in range(4):
        assert _request(base + "/api/v1/auth/me", headers=auth)[0] == 200
    time.sleep(1.0)  # the clients run on against the recovered database
    stop.set()
    for t in clients:
        t.join(timeout=30)
    # Under load, every answer was a success or a clean 503 — never a 500 — and the clients
    # saw both the outage and the recovery.
    assert set(statuses) <= {200, 503}, sorted(set(statuses))
    assert 503 in statuses and statuses[-1] == 200


@pytest.mark.postgres
@pytest.mark.e2e
def test_database_outage_page_is_bilingual_html(cluster: Cluster, server: dict[str, Any]) -> None:
    """A signed-in page whose session lives in the database: the HTML 503 page."""
    import http.cookiejar

    base = server["base"]
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_page = opener.open(base + "/accounts/login/", timeout=30).read().decode()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    assert "csrfmiddlewaretoken" in login_page
    form = urllib.parse.urlencode(
        {"username": "bank1", "password": "Faults-Password-2026", "csrfmiddlewaretoken": csrf}
    ).encode()
    opener.open(
        urllib.request.Request(base + "/accounts/login/", data=form, headers={"Referer": base + "/"}),
        timeout=30,
    )
    assert any(c.name == "sessionid" for c in jar)
    cluster.pg_ctl("stop", "-m", "fast")
    try:
        try:
            opener.open(base + "/patents/", timeout=30)
            raise AssertionError("expected 503")
        except urllib.error.HTTPError as err:
            page = err.read().decode()
            assert err.code == 503, page
            assert err.headers["Content-Type"].startswith("text/html")
            assert DB_UNAVAILABLE_ZH in page and DB_UNAVAILABLE_EN in page
            assert int(err.headers["Retry-After"]) > 0
            assert "Traceback" not in page and "psycopg" not in page
    finally:
        cluster.pg_ctl("start")
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if opener.open(base + "/patents/", timeout=30).status == 200:
                break
        except urllib.error.HTTPError:
            time.sleep(0.5)
    else:
        raise AssertionError("pages did not recover after PostgreSQL came back")


# -- full disk during an ingest ---------------------------------------------------------------------


def test_full_disk_during_ingest_leaves_the_lake_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gdip_home: Path
) -> None:
    from gdip.datacenter.adapters import lake_parquet
    from gdip.datacenter.adapters.lake_parquet import ParquetLake
    from gdip.datacenter.services.ingest import IngestFailed, ingest_file

    lake = ParquetLake(tmp_path / "lake")
    first = tmp_path / "first.jsonl"
    first.write_bytes(b"".join(orjson.dumps(patent(i)) + b"\n" for i in range(1, 4)))
    ingest_file("patents", first, lake=lake, workers=1)
    before = lake.stats()
    files_before = sorted(p.relative_to(lake.root) for p in lake.root.rglob("*") if p.is_file())

    def full_disk(self: Any, *args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lake_parquet.pq.ParquetWriter, "write_table", full_disk)
    second = tmp_path / "second.jsonl"
    second.write_bytes(b"".join(orjson.dumps(patent(i)) + b"\n" for i in range(4, 9)))
    with pytest.raises(IngestFailed) as failed:
        ingest_file("patents", second, lake=lake, workers=1)
    assert failed.value.code == "disk_full"
    assert "磁盘空间不足" in failed.value.message_zh and "disk is full" in failed.value.message_en
    monkeypatch.undo()
    assert lake.stats() == before
    files_after = sorted(p.relative_to(lake.root) for p in lake.root.rglob("*") if p.is_file())
    assert files_after == files_before
