"""Fixtures of the security tests: users per role, a database alias for threads."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from security_helpers import PASSWORD, FileDB


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
