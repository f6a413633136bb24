"""Bad input: each gets a clear 4xx (or a clean refusal from the CLI) and changes nothing.

A table of hostile or broken requests — malformed JSON, wrong types, 1 MB strings, SQL and
template injection, path traversal, invalid identifiers, out-of-range dates — against pages and
the API; XML bombs and external entities through `gdip ingest`; Excel formulas through
validate_upload. After each: no 5xx, no traceback, no evaluated template, and the database rows
and the lake are as they were.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from test_url_matrix import (  # noqa: F401  (fixtures)
    URLCONF,
    World,
    built_lake_fixture,
    small_lake_fixture,
    state_snapshot,
    world_fixture,
)

from gdip.core.uploads import UploadRejected, validate_upload

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]

MB = "A" * (1024 * 1024)
SQLI = "' OR 1=1 --"
XML_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "xml"


def _json(body: Any) -> tuple[str, str]:
    return (body if isinstance(body, str) else json.dumps(body)), "application/json"


# (id, method, path, body or None, expected status, text that must be in the answer or None)
CASES: list[tuple[str, str, str, Any, int, str | None]] = [
    # malformed and wrongly typed JSON
    ("json-malformed", "POST", "/api/v1/auth/token", '{"username": "a", "password":', 400, None),
    ("json-not-object", "POST", "/api/v1/auth/token", "[1, 2, 3]", 422, None),
    ("json-wrong-types", "POST", "/api/v1/auth/token", {"username": 123, "password": ["x"]}, 422, None),
    ("json-missing", "POST", "/api/v1/auth/token", {}, 422, None),
    ("json-revoke-string-id", "POST", "/api/v1/auth/token/revoke", {"token_id": "abc"}, 401, None),
    ("query-wrong-type", "GET", "/api/v1/datacenter/patents?page=abc", None, 422, None),
    ("query-page-size", "GET", "/api/v1/datacenter/patents?page_size=100000", None, 422, None),
    # huge strings
    ("huge-username", "POST", "/api/v1/auth/token", {"username": MB, "password": "x"}, 422, None),
    ("huge-query-api", "GET", f"/api/v1/datacenter/patents?q={MB}", None, 422, None),
    ("huge-query-page", "GET", f"/patents/?q={MB}", None, 400, None),
    ("huge-login", "POST", "/accounts/login/", {"username": MB, "password": MB}, 200, None),
    # SQL injection: plain text to every layer (search finds nothing, login fails, lookups 404)
    ("sqli-search-page", "GET", f"/patents/?q={SQLI}", None, 200, None),
    ("sqli-search-api", "GET", f"/api/v1/datacenter/patents?q={SQLI}", None, 200, '"count": 0'),
    ("sqli-token", "POST", "/api/v1/auth/token", {"username": SQLI, "password": SQLI}, 401, None),
    ("sqli-detail", "GET", "/api/v1/datacenter/patents/CN/1%27%20OR%201=1%20--", None, 404, None),
    ("sqli-entity", "GET", "/api/v1/datacenter/enterprises/U:1'%20OR%201=1", None, 404, None),
    ("sqli-city", "GET", "/api/v1/datacenter/patents?city=440300' OR '1'='1", None, 400, None),
    # template injection: shown as text, never evaluated
    ("ssti-search", "GET", "/patents/?q={{7*7}}", None, 200, "{{7*7}}"),
    ("ssti-debug", "GET", "/enterprises/?q={% debug %}", None, 200, "{% debug %}"),
    ("ssti-api", "GET", "/api/v1/datacenter/patents?q={{7*7}}", None, 200, '"count": 0'),
    # path traversal in path and query parameters
    ("traversal-patent", "GET", "/patents/CN/..%2F..%2Fetc%2Fpasswd/", None, 404, None),
    ("traversal-entity", "GET", "/enterprises/..%2F..%2Fetc%2Fpasswd/", None, 404, None),
    ("traversal-api", "GET", "/api/v1/datacenter/enterprises/..%2F..%2Fetc%2Fpasswd", None, 404, None),
    ("traversal-api-patent", "GET", "/api/v1/datacenter/patents/CN/..%2F..%2Fetc%2Fpasswd", None, 404, None),
    ("traversal-static", "GET", "/static/../../../../etc/passwd", None, 404, None),
    ("traversal-query", "GET", "/patents/?entity=../../etc/passwd", None, 400, None),
    ("traversal-query-api", "GET", "/api/v1/datacenter/patents?entity=../../etc/passwd", None, 400, None),
    # invalid identifiers
    ("bad-uscc-entity", "GET", "/api/v1/datacenter/enterprises/U:91440300MA5DEM001X", None, 404, None),
    ("bad-uscc-filter", "GET", "/api/v1/datacenter/patents?entity=U:%E4%B8%AD", None, 400, None),
    ("bad-appno-check-digit", "GET", "/api/v1/datacenter/patents/CN/201910000001.0", None, 404, None),
    ("bad-appno-page", "GET", "/patents/CN/20191000000X.1/", None, 404, None),
    ("bad-office", "GET", "/patents/C1/201910000001.0/", None, 404, None),
    # dates out of range
    ("year-99999-page", "GET", "/patents/?year=99999", None, 400, "99999"),
    ("year-99999-api", "GET", "/api/v1/datacenter/patents?year=99999", None, 400, None),
    ("year-zero-date", "GET", "/api/v1/datacenter/trademarks?year_from=0000-00-00", None, 400, None),
    ("year-reversed", "GET", "/api/v1/datacenter/patents?year_from=2020&year_to=2010", None, 400, None),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "shown"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_request(
    world: World, settings: Any, method: str, path: str, body: Any, status: int, shown: str | None
) -> None:
    settings.GDIP_RATELIMIT_ENABLED = False
    client = Client(raise_request_exception=False)
    before = state_snapshot()
    if method == "POST" and path.startswith("/api/"):
        data, content_type = _json(body)
        response = client.post(path, data, content_type=content_type)
    elif method == "POST":
        response = client.post(path, body)
    else:
        response = client.get(path)
    text = response.content.decode("utf-8", "replace")
    assert response.status_code == status, text[:500]
    assert "Traceback" not in text and "root:x:" not in text
    if shown is not None:
        assert shown in text
    if "7*7" in path and not path.startswith("/api/"):
        assert "{{7*7}}" in text and ">49<" not in text
    if "debug" in path:
        assert "DEFAULT_MESSAGE_LEVELS" not in text and "sql_queries" not in text
    if path.startswith("/api/") and status >= 400:
        assert "detail" in response.json()  # a message, not a page
    assert state_snapshot() == before


def test_template_injection_is_not_evaluated(world: World) -> None:
    html = Client().get("/patents/", {"q": "{{7*7}}"}).content.decode()
    assert 'value="{{7*7}}"' in html


# -- the CLI: XML bombs and external entities -------------------------------------------------------


def _gdip(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GDIP_HOME": str(home)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "gdip.cli.main", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_cli_refuses_xml_bombs_and_external_entities(tmp_path: Path) -> None:
    home = tmp_path / "cli-home"
    assert _gdip(home, "init").returncode == 0
    good = _gdip(home, "ingest", "patents", str(XML_FIXTURES / "cnipa_st36_3docs.xml"), "--json")
    assert good.returncode == 0, good.stderr
    stats_before = _gdip(home, "lake", "stats", "--json").stdout
    for name in ("billion_laughs.xml", "xxe_file.xml", "xxe_http.xml"):
        result = _gdip(home, "ingest", "patents", str(XML_FIXTURES / name), "--format", "st36", "--json")
        assert result.returncode == 2, (name, result.stdout, result.stderr)
        refusal = json.loads(result.stdout)
        assert refusal["error"] and refusal["message_zh"] and refusal["message_en"]
        assert "root:x:" not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr
    assert _gdip(home, "lake", "stats", "--json").stdout == stats_before


# -- uploads: Excel formulas ------------------------------------------------------------------------


def _xlsx(rows: list[list[Any]]) -> io.BytesIO:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "upload.xlsx"
    return buffer


@pytest.mark.parametrize("formula", ["=1+1", '=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0"])
def test_excel_formula_upload_is_refused(formula: str) -> None:
    with pytest.raises(UploadRejected) as refused:
        validate_upload(_xlsx([["名称", "金额"], ["甲", formula]]), allowed={"xlsx"}, max_bytes=1 << 20)
    assert refused.value.reason == "excel_formula"
    assert "公式" in refused.value.message_zh and "formula" in refused.value.message_en
