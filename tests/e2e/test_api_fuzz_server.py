"""schemathesis against the OpenAPI document of a running server (gunicorn), over HTTP.

tests/security/test_api_fuzz.py fuzzes the WSGI application in-process with more examples;
this run goes through the real server as CI deploys it: zero 5xx and zero responses that break
the documented schema, as a city administrator (bearer token) on every operation.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from live_server import GDIP, gdip_server

pytestmark = pytest.mark.e2e
# As in tests/security/test_api_fuzz.py: list filters are checked in two stages (schema types,
# then the filter form with bilingual 400s), so "schema-valid yet refused" is by design.
EXCLUDED = [positive_data_acceptance, negative_data_rejection]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    home = tmp_path_factory.mktemp("fuzz") / "home"
    env = {
        **os.environ,
        "GDIP_HOME": str(home),
        "GDIP_DEMO_PASSWORD": "Fuzz-Password-2026",
        "GDIP_RATELIMIT_ENABLED": "0",
    }
    for args in (["init"], ["demo-users"], ["demo-data", "--scale", "small", "--json"]):
        subprocess.run([*GDIP, *args], env=env, check=True, capture_output=True, timeout=600)
    with gdip_server(env) as base:
        req = urllib.request.Request(
            base + "/api/v1/auth/token",
            method="POST",
            data=json.dumps({"username": "city_admin1", "password": "Fuzz-Password-2026"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        token = json.loads(urllib.request.urlopen(req, timeout=30).read())["token"]
        yield {"base": base, "token": token}


@pytest.fixture(scope="module")
def live_schema(live: dict[str, str]) -> Any:
    return schemathesis.openapi.from_url(live["base"] + "/api/v1/openapi.json")


schema = schemathesis.pytest.from_fixture("live_schema")


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_running_server_answers_every_operation_as_documented(case: Any, live: dict[str, str]) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {live['token']}"}, excluded_checks=EXCLUDED)
