"""The platform under its real server (gunicorn), driven over HTTP like a client would."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request

import orjson
import pytest

from factories import patent
from live_server import GDIP, gdip_server

pytestmark = pytest.mark.e2e


def _request(url: str, data: dict | None = None, headers: dict | None = None) -> tuple[int, bytes, dict]:
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), dict(err.headers)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("e2e") / "home"
    env = {**os.environ, "GDIP_HOME": str(home), "GDIP_DEMO_PASSWORD": "E2e-Password-2026"}
    data = home.parent / "p.jsonl"
    data.write_bytes(b"\n".join(orjson.dumps(patent(i)) for i in range(1, 4)) + b"\n")
    for args in (["init"], ["demo-users"], ["ingest", "patents", str(data)]):
        subprocess.run([*GDIP, *args], env=env, check=True, capture_output=True, timeout=300)
    with gdip_server(env) as base:
        yield base


def test_token_login_and_me(server):
    status, body, _ = _request(
        server + "/api/v1/auth/token", {"username": "bank1", "password": "E2e-Password-2026"}
    )
    assert status == 200
    token = json.loads(body)["token"]
    status, body, _ = _request(server + "/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert status == 200 and json.loads(body)["role"] == "bank"
    status, body, _ = _request(
        server + "/api/v1/auth/token", {"username": "bank1", "password": "wrong-password"}
    )
    assert status == 401 and "Invalid username or password" in json.loads(body)["detail"]
    status, _, _ = _request(server + "/api/v1/auth/me", headers={"Authorization": "Bearer not-a-token"})
    assert status == 401


def test_pages_are_served_in_chinese_by_default_and_english_on_request(server):
    status, body, headers = _request(server + "/")
    assert status == 200 and "text/html" in headers["Content-Type"]
    assert "知识产权" in body.decode()
    status, body, _ = _request(server + "/en/")
    assert status == 200 and "Intellectual Property" in body.decode()


def test_static_assets_are_served_locally(server):
    status, body, _ = _request(server + "/static/vendor/echarts/echarts.min.js")
    assert status == 200 and len(body) > 500_000


def test_patent_page_and_api_over_http(server):
    from factories import cn_appno

    number = cn_appno(2019, 1, 2)
    status, body, _ = _request(f"{server}/patents/CN/{number}/")
    assert status == 200 and "一种锂离子电池正极材料的制备方法2" in body.decode()
    status, body, _ = _request(f"{server}/api/v1/datacenter/patents/CN/{number}")
    assert status == 200
    status, _, _ = _request(f"{server}/api/v1/datacenter/patents/CN/000000000000.0")
    assert status == 404


def test_malformed_requests_get_4xx_not_5xx(server):
    req = urllib.request.Request(
        server + "/api/v1/auth/token", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    try:
        urllib.request.urlopen(req, timeout=10)
        code = 200
    except urllib.error.HTTPError as err:
        code = err.code
    assert 400 <= code < 500
    status, _, _ = _request(server + "/patents/?year_from=abc")
    assert 400 <= status < 500
