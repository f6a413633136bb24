"""Rate limits: login per address and per username, the API per identity; 429 with Retry-After."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from gdip.core.ratelimit import RATE_LIMITED, Rate, hit, parse_rate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixed windows restart on the minute: pin the limiter's clock mid-window so that a test
    straddling a minute boundary does not see its count reset."""
    from gdip.core import ratelimit

    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_030.0)


@pytest.fixture
def shared_cache(settings: Any, gdip_home: Path) -> Path:
    """The rate-limit cache in this test's GDIP_HOME (as a server process would configure it)."""
    location = gdip_home / "cache" / "ratelimit"
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {**settings.CACHES["ratelimit"], "LOCATION": str(location)},
    }
    return location


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("10/min", Rate(10, 60)),
        ("600/m", Rate(600, 60)),
        ("5/30s", Rate(5, 30)),
        ("1000/hour", Rate(1000, 3600)),
        ("3/2h", Rate(3, 7200)),
        ("1/s", Rate(1, 1)),
    ],
)
def test_parse_rate(text: str, rate: Rate) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "10", "x/min", "10/fortnight", "0/min", "-1/min", "10/0s"])
def test_parse_rate_refuses_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        parse_rate(text)


def test_fixed_window(shared_cache: Path) -> None:
    rate = Rate(3, 60)
    start = 1_000_040.0  # 20 s into a window (1_000_020 is a multiple of 60)
    assert [hit("t", "a", rate, now=start + i)[0] for i in range(4)] == [True, True, True, False]
    assert hit("t", "a", rate, now=start + 5) == (False, 35)
    assert hit("t", "b", rate, now=start)[0]  # other identity, own counter
    assert hit("t", "a", rate, now=start + 40)[0]  # next window


def test_settings_use_a_cache_shared_between_processes(settings: Any) -> None:
    backend = settings.CACHES[settings.GDIP_RATELIMIT_CACHE]["BACKEND"]
    assert backend == "django.core.cache.backends.filebased.FileBasedCache"


def test_counts_are_shared_with_another_process(shared_cache: Path, gdip_home: Path) -> None:
    """A second process (another gunicorn worker) adds to the same counter."""
    code = (
        "import django; django.setup()\n"
        "from gdip.core.ratelimit import Rate, hit\n"
        "print([hit('shared', 'x', Rate(3, 3600), now=1_800_000_030.0)[0] for _ in range(2)])\n"
    )
    env = {**os.environ, "GDIP_HOME": str(gdip_home), "DJANGO_SETTINGS_MODULE": "gdip.config.settings"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "[True, True]", out.stderr
    assert hit("shared", "x", Rate(3, 3600))[0] is True
    assert hit("shared", "x", Rate(3, 3600))[0] is False


def test_login_posts_limited_per_address(shared_cache: Path, settings: Any) -> None:
    settings.GDIP_RATELIMIT_LOGIN = "3/min"
    client = Client()
    statuses = [
        client.post("/accounts/login/", {"username": f"user{i}", "password": "x"}).status_code
        for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    response = client.post("/accounts/login/", {"username": "other", "password": "x"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert "请求过于频繁" in body and "Too many requests" in body
    assert client.get("/accounts/login/").status_code == 200  # only POSTs count
    other_address = Client(REMOTE_ADDR="10.0.0.2")
    assert other_address.post("/accounts/login/", {"username": "u", "password": "x"}).status_code == 200


def test_login_posts_limited_per_username(shared_cache: Path, settings: Any) -> None:
    settings.GDIP_RATELIMIT_LOGIN = "3/min"
    statuses = [
        Client(REMOTE_ADDR=f"10.0.1.{i}")
        .post("/accounts/login/", {"username": "Alice ", "password": "x"})
        .status_code
        for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    api = Client(REMOTE_ADDR="10.0.2.1").post(
        "/api/v1/auth/token", {"username": "alice", "password": "x"}, content_type="application/json"
    )
    assert api.status_code == 429 and api.json() == {"detail": RATE_LIMITED}


def test_token_endpoint_is_a_login(shared_cache: Path, settings: Any) -> None:
    settings.GDIP_RATELIMIT_LOGIN = "2/min"
    client = Client()
    statuses = [
        client.post(
            "/api/v1/auth/token", {"username": f"u{i}", "password": "x"}, content_type="application/json"
        ).status_code
        for i in range(3)
    ]
    assert statuses == [401, 401, 429]


def test_api_limited_per_identity(shared_cache: Path, settings: Any) -> None:
    settings.GDIP_RATELIMIT_API = "3/min"
    client = Client()
    statuses = [client.get("/api/v1/auth/me").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 429 and response.json() == {"detail": RATE_LIMITED}
    assert 0 < int(response["Retry-After"]) <= 60
    # A bearer token is its own identity (counted by hash, before any database lookup).
    tokens = [
        Client().get("/api/v1/auth/me", headers={"Authorization": "Bearer tok-a"}).status_code
        for _ in range(4)
    ]
    assert tokens == [401, 401, 401, 429]
    assert Client().get("/api/v1/auth/me", headers={"Authorization": "Bearer tok-b"}).status_code == 401
    assert client.get("/accounts/login/").status_code == 200  # pages are not API-limited


def test_disabled(shared_cache: Path, settings: Any) -> None:
    settings.GDIP_RATELIMIT_ENABLED = False
    settings.GDIP_RATELIMIT_API = "1/min"
    assert [Client().get("/api/v1/auth/me").status_code for _ in range(3)] == [401, 401, 401]
