"""Fixtures of the plan-monitoring UI/API tests.

The lake is tests/indicators/indicator_lake.py's hand-built one (every figure known exactly),
ingested once per session; the engines read it through a patched ``lake_dir`` so that the live
figures (cached per lake) are computed once. Population: the 2020 census figures of the
evaluation tests (province 40,000; 深圳 20,000; 广州 10,000; 东莞 10,000), stored in the database
as the views read them.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from indicators.indicator_lake import DG, GZ, SZ, build_lake

PROV = "440000"
POPULATION = {PROV: 40_000, SZ: 20_000, GZ: 10_000, DG: 10_000}
ROLES = (
    "anonymous",
    "enterprise",
    "bank",
    "agency",
    "insurer",
    "fund_manager",
    "centre_staff",
    "city_admin",
    "province_admin",
    "auditor",
)
ORG_ROLES = ROLES[1:7]


@pytest.fixture(scope="session")
def shared_lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built lake, ingested once per session; returns its directory."""
    root = tmp_path_factory.mktemp("monitoring")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GDIP_HOME", str(root / "home"))
        lake = build_lake(root)
    return Path(lake.root)


@pytest.fixture
def lake(shared_lake: Path, monkeypatch: pytest.MonkeyPatch, db: None) -> Path:
    """Engines read the shared lake; population figures are in the database."""
    from gdip.core.models import PopulationFigure, Region
    from gdip.datacenter.engines import reset_engines

    monkeypatch.setattr("gdip.datacenter.engines.lake_dir", lambda: shared_lake)
    reset_engines()
    Region.objects.get_or_create(code=PROV, defaults={"name": "广东省", "level": "province"})
    for code in (SZ, GZ, DG):
        Region.objects.get_or_create(code=code, defaults={"name": code, "level": "city", "parent_id": PROV})
    for code, pop in POPULATION.items():
        PopulationFigure.objects.update_or_create(
            region_id=code, year=2020, basis="census", defaults={"population": pop, "source": "test"}
        )
    return shared_lake


class World:
    """Users of every role (plus a second Shenzhen admin, a Guangzhou admin and a second
    provincial admin), their bearer tokens, and clients."""

    def __init__(self) -> None:
        from gdip.accounts.actions import hash_token
        from gdip.accounts.models import ApiToken, User

        self.users: dict[str, Any] = {}
        self.tokens: dict[str, str] = {}
        extra = {
            "sz_clerk": ("city_admin", SZ),
            "gz_admin": ("city_admin", GZ),
            "province_clerk": ("province_admin", ""),
        }
        specs = {r: (r, SZ if r in ("city_admin", *ORG_ROLES) else "") for r in ROLES[1:]} | extra
        for name, (role, city) in specs.items():
            user = User(username=f"u_{name}", role=role, city_code=city)
            user.set_unusable_password()
            user.save()
            self.users[name] = user
            token = "gdip_" + secrets.token_urlsafe(24)
            ApiToken.objects.create(user=user, key_hash=hash_token(token), prefix=token[5:13], name="test")
            self.tokens[name] = token

    def client(self, who: str) -> Client:
        """A browser session (a verified second factor for the roles that need one)."""
        client = Client()
        if who == "anonymous":
            return client
        user = self.users[who]
        client.force_login(user)
        if user.role in ("province_admin", "auditor"):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client

    def headers(self, who: str) -> dict[str, str]:
        return {} if who == "anonymous" else {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture
def world(db: None) -> World:
    return World()


def population_table() -> Any:
    import pyarrow as pa

    from gdip.indicators.population import POPULATION_SCHEMA

    return pa.Table.from_pylist(
        [
            {"region_code": r, "year": y, "population": p, "basis": "census", "source": "test"}
            for y in range(2020, 2024)
            for r, p in POPULATION.items()
        ],
        schema=POPULATION_SCHEMA,
    )


@pytest.fixture(autouse=True)
def _monitoring_urls(settings: Any) -> Iterator[None]:
    settings.ROOT_URLCONF = "indicators_ui.monitoring_urls"
    from django.urls import clear_url_caches

    clear_url_caches()
    yield
    clear_url_caches()
