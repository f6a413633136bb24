"""Test set-up shared by every suite: an isolated GDIP_HOME per test, and the PostgreSQL pass.

`GDIP_TEST_DB=postgres` runs the database tests against a throwaway PostgreSQL cluster from
Debian's packages, started here (initdb refuses to run as root, so it runs as `postgres`).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from live_server import free_port


@pytest.fixture(autouse=True)
def gdip_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own state directory (database files, lake, rejects)."""
    home = tmp_path / "gdip-home"
    monkeypatch.setenv("GDIP_HOME", str(home))
    yield home
    from gdip.datacenter.engines import reset_engines

    reset_engines()


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed: run `make system-deps`")
    return found


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[dict[str, str]]:
    """A throwaway PostgreSQL cluster on a free loopback port; removed afterwards."""
    # Not under pytest's tmp_path: its base directory is mode 0700 for root, so postgres could not enter.
    datadir = tempfile.mkdtemp(prefix="gdip-pg-")
    runas = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if runas:
        shutil.chown(datadir, "postgres", "postgres")
    port = free_port()
    subprocess.run(
        [
            *runas,
            _pg_bin("initdb"),
            "-D",
            datadir,
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
    subprocess.run(
        [
            *runas,
            _pg_bin("pg_ctl"),
            "-D",
            datadir,
            "-l",
            f"{datadir}/server.log",
            "-w",
            "-o",
            f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield {"host": "127.0.0.1", "port": str(port), "user": "postgres", "datadir": datadir}
    finally:
        subprocess.run(
            [*runas, _pg_bin("pg_ctl"), "-D", datadir, "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(datadir, ignore_errors=True)


if os.environ.get("GDIP_TEST_DB") == "postgres":

    @pytest.fixture(scope="session")
    def django_db_modify_db_settings(postgres_server: dict[str, str]) -> None:
        """Point Django at the throwaway cluster before the test database is created."""
        from django.conf import settings
        from django.db import connections

        settings.DATABASES["default"].update(
            {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "gdip",
                "USER": postgres_server["user"],
                "PASSWORD": "",
                "HOST": postgres_server["host"],
                "PORT": postgres_server["port"],
                "OPTIONS": {},
                "CONN_MAX_AGE": 0,
            }
        )
        del connections["default"]
