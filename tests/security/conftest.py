"""Fixtures of the security tests: users per role, TOTP codes, a file-backed database alias."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PASSWORD = "Secur3-Enough-Pass!"


@pytest.fixture
def make_user(db: None) -> Callable[..., Any]:
    """Create a user with PASSWORD (province_admin and auditor need no organisation)."""
    from gdip.accounts.actions import do_create_user
    from gdip.accounts.models import Organisation

    def make(username: str, role: str = "enterprise", **kwargs: Any) -> Any:
        org = kwargs.pop("organisation", None)
        if org is None and role not in ("province_admin", "auditor"):
            org_type = {"city_admin": "office", "bank": "bank"}.get(role, "enterprise")
            org = Organisation.objects.create(
                name=f"Org of {username}", org_type=org_type, city_code="440300"
            )
        return do_create_user(
            None, username=username, password=PASSWORD, role=role, organisation=org, **kwargs
        )

    return make


def totp_now(device: Any, offset_steps: int = 0) -> str:
    """The device's code for the current time step (+ offset)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


@dataclass
class FileDB:
    """A database alias for threads: `attach()` in every thread that uses it, `detach()` at its end."""

    alias: str
    config: dict[str, Any] | None = None

    def attach(self) -> None:
        from django.db import connections
        from django.db.utils import load_backend

        if self.config is None:
            return
        # A connection made here, not listed in settings: Django's test case lets such
        # "dynamically created" connections through from any thread.
        connections[self.alias] = load_backend(self.config["ENGINE"]).DatabaseWrapper(self.config, self.alias)

    def detach(self) -> None:
        from django.db import connections

        if self.config is None:
            connections.close_all()
            return
        with contextlib.suppress(Exception):
            connections[self.alias].close()
            del connections[self.alias]


@pytest.fixture
def file_db(transactional_db: None, tmp_path: Path) -> Iterator[FileDB]:
    """A database that several threads can write at once, attached in the calling thread.

    On PostgreSQL that is "default". The SQLite test database is in memory with a shared cache,
    where concurrent writers get "table is locked" at once instead of waiting; so on SQLite this
    copies the (migrated) test database into a file in WAL mode — as in production.
    """
    from django.db import connections

    default = connections["default"]
    if default.vendor != "sqlite":
        yield FileDB("default")
        return
    path = tmp_path / "file-db.sqlite3"
    default.ensure_connection()
    dst = sqlite3.connect(path)
    default.connection.backup(dst)
    dst.execute("PRAGMA journal_mode=WAL")
    dst.close()
    db = FileDB("security_file", {**connections.settings["default"], "NAME": str(path)})
    db.attach()
    try:
        yield db
    finally:
        db.detach()
