"""Locust users for `python -m bench.load`: a realistic mix of every kind of platform user.

* Visitor (anonymous, most traffic): home, patent list and search, patent detail, enterprise
  profile, API statistics and lists.
* Enterprise (enterprise1, signed in through the login form): its profile, its patents, CSV
  export of its own portfolio, /api/v1/auth/me.
* Bank officer and city administrator (bank1, city_admin1): lists with filters and the API with
  a bearer token (lists, details, enterprise profiles).

Credentials come from the environment (LOAD_PASSWORD; bench/load.py sets it together with the
demo users). Province admin and auditor need a TOTP second factor for pages; their API use is
covered by the bearer-token users' mix.
"""

from __future__ import annotations

import os
import random
import re
from typing import Any

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "Load-Password-2026")
ENTERPRISE = os.environ.get("LOAD_ENTERPRISE_ID", "U:91440300MA5DEM0019")
_numbers: list[str] = []


def _patent_numbers(user: HttpUser) -> list[str]:
    if not _numbers:
        with user.client.get(
            "/api/v1/datacenter/patents?page_size=50", name="/api/v1/datacenter/patents", catch_response=True
        ) as response:
            if response.status_code == 200:
                _numbers.extend(
                    r["application_number"] for r in response.json()["results"] if r["office"] == "CN"
                )
                response.success()
    return _numbers or ["201910000001.0"]


def _detail(user: HttpUser, prefix: str) -> None:
    number = random.choice(_patent_numbers(user))
    user.client.get(
        f"{prefix}patents/CN/{number}" + ("/" if not prefix.startswith("/api") else ""),
        name=f"{prefix}patents/CN/[number]",
    )


class Visitor(HttpUser):
    """An anonymous member of the public."""

    weight = 6
    wait_time = between(0.2, 1.0)

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(3)
    def patent_list(self) -> None:
        params = random.choice(
            [
                {},
                {"q": "电池"},
                {"kind": "invention", "status": "valid"},
                {"city": "440300"},
                {"year": str(random.randint(2015, 2023))},
            ]
        )
        self.client.get("/patents/", params=params, name="/patents/")

    @task(3)
    def patent_detail(self) -> None:
        _detail(self, "/")

    @task(1)
    def enterprise_profile(self) -> None:
        self.client.get(f"/enterprises/{ENTERPRISE}/", name="/enterprises/[id]/")

    @task(2)
    def api_stats(self) -> None:
        self.client.get("/api/v1/datacenter/stats", name="/api/v1/datacenter/stats")

    @task(2)
    def api_list(self) -> None:
        self.client.get(
            "/api/v1/datacenter/trademarks", params={"page_size": 20}, name="/api/v1/datacenter/trademarks"
        )


class Enterprise(HttpUser):
    """enterprise1, signed in: its own profile, portfolio and exports."""

    weight = 2
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", name="/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.client.post(
            "/accounts/login/",
            name="/accounts/login/ [POST]",
            data={
                "username": "enterprise1",
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
        )

    @task(3)
    def profile(self) -> None:
        self.client.get(f"/enterprises/{ENTERPRISE}/", name="/enterprises/[id]/")

    @task(2)
    def own_patents(self) -> None:
        self.client.get("/patents/", params={"entity": ENTERPRISE}, name="/patents/?entity")

    @task(1)
    def own_export(self) -> None:
        with self.client.get(
            "/patents/export.csv",
            params={"entity": ENTERPRISE},
            name="/patents/export.csv",
            stream=True,
            catch_response=True,
        ) as response:
            for _ in response.iter_content(65536):
                pass
            if response.status_code == 200:
                response.success()
            else:
                response.failure(f"export: {response.status_code}")


class _TokenUser(HttpUser):
    abstract = True
    username = ""
    token = ""

    def on_start(self) -> None:
        response = self.client.post(
            "/api/v1/auth/token",
            json={"username": self.username, "password": PASSWORD},
            name="/api/v1/auth/token",
        )
        self.token = response.json().get("token", "") if response.status_code == 200 else ""

    def api(self, path: str, name: str, **params: Any) -> None:
        self.client.get(path, params=params, headers={"Authorization": f"Bearer {self.token}"}, name=name)


class BankOfficer(_TokenUser):
    """bank1: lists and the API with a token."""

    weight = 1
    wait_time = between(0.3, 1.5)
    username = "bank1"

    @task(2)
    def pledged(self) -> None:
        self.client.get("/patents/", params={"status": "valid", "kind": "invention"}, name="/patents/")

    @task(3)
    def api_patents(self) -> None:
        self.api("/api/v1/datacenter/patents", "/api/v1/datacenter/patents", status="valid")

    @task(2)
    def api_enterprise(self) -> None:
        self.api(f"/api/v1/datacenter/enterprises/{ENTERPRISE}", "/api/v1/datacenter/enterprises/[id]")

    @task(1)
    def me(self) -> None:
        self.api("/api/v1/auth/me", "/api/v1/auth/me")


class CityAdmin(_TokenUser):
    """city_admin1 (Shenzhen): city-filtered lists and details through the API."""

    weight = 1
    wait_time = between(0.3, 1.5)
    username = "city_admin1"

    @task(3)
    def city_list(self) -> None:
        self.api("/api/v1/datacenter/patents", "/api/v1/datacenter/patents", city="440300")

    @task(2)
    def detail(self) -> None:
        number = random.choice(_patent_numbers(self))
        self.api(f"/api/v1/datacenter/patents/CN/{number}", "/api/v1/datacenter/patents/CN/[number]")

    @task(1)
    def stats(self) -> None:
        self.api("/api/v1/datacenter/stats", "/api/v1/datacenter/stats")
