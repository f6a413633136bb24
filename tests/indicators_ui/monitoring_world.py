"""The monitoring tests' world: constants, users of every role with tokens and clients, population."""

from __future__ import annotations

import secrets
from typing import Any

from django.test import Client

from indicators.indicator_lake import DG, GZ, SZ

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
