"""Fixtures of the finance tests: a multi-tenant world, the small lake, API clients per user."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from finance_lake import build_lake
from finance_world import World, make_world


@pytest.fixture
def world(db: None) -> World:
    """The multi-tenant world."""
    return make_world()


@pytest.fixture
def lake(gdip_home: Path, tmp_path: Path) -> Path:
    """The finance tests' lake under this test's GDIP_HOME, with fresh engines."""
    from gdip.datacenter.engines import reset_engines

    root = build_lake(tmp_path / "src")
    reset_engines()
    return root


@pytest.fixture
def api(client: Any, world: World) -> Callable[..., Any]:
    """api(method, path, user=None, body=None) → response, against /api/v1/finance."""
    import json

    def call(method: str, path: str, user: str | None = None, body: Any = None, **params: Any) -> Any:
        url = "/api/v1/finance" + path
        headers = world.headers(user)
        if method == "GET":
            return client.get(url, params or None, headers=headers)
        return client.post(url, data=json.dumps(body or {}), content_type="application/json", headers=headers)

    return call
