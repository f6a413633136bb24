"""Security headers and CSP on every response; clean 500 and 503 responses with no details."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.db.utils import InterfaceError, OperationalError
from django.test import Client
from test_url_matrix import (  # noqa: F401  (fixtures)
    INDIVIDUAL_PATENT,
    URLCONF,
    World,
    built_lake_fixture,
    small_lake_fixture,
    world_fixture,
)

from gdip.core.middleware import ADMIN_CSP, API_SERVER_ERROR, DB_UNAVAILABLE, DEFAULT_CSP

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
TEMPLATE_DIRS = sorted(Path(__file__).resolve().parents[2].joinpath("src", "gdip").glob("*/templates"))


def _assert_hardened(response: Any, csp: str = CSP) -> None:
    assert response["Content-Security-Policy"] == csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_policy_constant_is_the_documented_one() -> None:
    assert DEFAULT_CSP == CSP
    assert CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") == ADMIN_CSP


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/accounts/login/", 200),
        ("/en/accounts/login/", 200),
        ("/api/v1/openapi.json", 200),
        ("/api/v1/auth/me", 401),
        ("/no-such-page/", 404),
        ("/patents/export.csv", 302),
        ("/static/web/gdip.css", 200),
    ],
)
def test_headers_on_every_kind_of_response(client: Client, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    _assert_hardened(response)


def test_admin_allows_its_inline_style_only(client: Client) -> None:
    response = client.get("/admin/login/")
    _assert_hardened(response, ADMIN_CSP)
    assert "script-src 'self';" in response["Content-Security-Policy"]


def test_a_view_may_set_its_own_policy(monkeypatch: pytest.MonkeyPatch, client: Client) -> None:
    from gdip.core.middleware import SecurityHeadersMiddleware

    response = SecurityHeadersMiddleware(lambda request: _with_csp())(client.get("/").wsgi_request)
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert response["X-Frame-Options"] == "DENY"


def _with_csp() -> Any:
    from django.http import HttpResponse

    response = HttpResponse("<style>p{}</style>")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def test_hsts_only_on_secure_requests(client: Client, settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    assert "Strict-Transport-Security" not in client.get("/accounts/login/")
    secure = client.get("/accounts/login/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


def test_proxy_ssl_header_makes_requests_secure(client: Client, settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 600
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert response["Strict-Transport-Security"].startswith("max-age=600")


# -- templates: nothing inline that the CSP would block --------------------------------------


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"\sstyle\s*=|<style", re.I)


def _inline_violations(html: str) -> list[str]:
    found = []
    for name, pattern in (
        ("inline script", INLINE_SCRIPT),
        ("event handler", INLINE_HANDLER),
        ("inline style", STYLE_ATTR),
    ):
        found += [f"{name}: {m.group(0)!r}" for m in pattern.finditer(html)]
    return found


# Standalone documents (PDF sources, downloadable HTML reports) carry their own <style>: they are
# not pages of the site. A view that shows one inline sets its own Content-Security-Policy on the
# response (the middleware keeps a CSP the view has set).
STANDALONE_DOCUMENTS = {"indicators/report.html", "valuation/report.html"}


def test_template_sources_have_no_inline_script_or_style() -> None:
    assert TEMPLATE_DIRS
    problems = []
    for directory in TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            if template.relative_to(directory).as_posix() in STANDALONE_DOCUMENTS:
                continue
            problems += [f"{template.name}: {v}" for v in _inline_violations(template.read_text())]
    assert not problems, problems


def test_rendered_pages_have_no_inline_script_or_style(world: World) -> None:
    pages = [
        "/",
        "/patents/",
        f"/patents/CN/{INDIVIDUAL_PATENT}/",
        "/trademarks/",
        "/enterprises/",
        "/enterprises/U:91440300MA5DEM0019/",
        "/accounts/login/",
        "/patents/?year=abc",
        "/no-such-page/",
        "/audit/",
        "/accounts/otp/enrol/",
    ]
    problems = []
    for role in ("anonymous", "province_admin", "enterprise"):
        client = world.client(role)
        for path in pages:
            response = client.get(path)
            if response.get("Content-Type", "").startswith("text/html"):
                problems += [f"{role} {path}: {v}" for v in _inline_violations(response.content.decode())]
    assert not problems, problems


# -- errors: no tracebacks, no SQL, bilingual ----------------------------------------------------


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("SELECT secret_column FROM secret_table -- boom")


def test_page_500_is_the_plain_page(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    settings.DEBUG = False
    monkeypatch.setattr("gdip.datacenter.queries.headline_figures", _boom)
    response = Client(raise_request_exception=False).get("/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "服务器错误 / Server error" in body
    for leak in ("Traceback", "secret_table", "RuntimeError", "SELECT", 'File "'):
        assert leak not in body
    _assert_hardened(response)


def test_api_500_is_json_without_details(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    settings.DEBUG = False
    monkeypatch.setattr("gdip.datacenter.queries.headline_figures", _boom)
    response = Client(raise_request_exception=False).get("/api/v1/datacenter/stats")
    assert response.status_code == 500
    assert response.json() == {"detail": API_SERVER_ERROR}
    assert response.json() == {"detail": "服务器内部错误 / Internal server error"}
    _assert_hardened(response)


@pytest.mark.parametrize("exc", [OperationalError("connection refused"), InterfaceError("connection closed")])
def test_database_outage_in_a_view_is_503(monkeypatch: pytest.MonkeyPatch, exc: Exception) -> None:
    def down(*args: Any, **kwargs: Any) -> Any:
        raise exc

    monkeypatch.setattr("gdip.datacenter.queries.headline_figures", down)
    client = Client(raise_request_exception=False)
    page = client.get("/")
    assert page.status_code == 503 and page["Retry-After"].isdigit()
    assert DB_UNAVAILABLE in page.content.decode() and "connection" not in page.content.decode()
    api = client.get("/api/v1/datacenter/stats")
    assert api.status_code == 503 and api.json() == {"detail": DB_UNAVAILABLE}
    _assert_hardened(api)


def test_database_outage_outside_a_view_is_503(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Raised in a middleware (the second-factor check reads the database before any view)."""

    def down(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("server closed the connection unexpectedly")

    client = world.client("enterprise")
    monkeypatch.setattr("gdip.accounts.middleware.confirmed_devices", down)
    client.raise_request_exception = False
    response = client.get("/patents/")
    assert response.status_code == 503 and "Retry-After" in response
    assert "server closed" not in response.content.decode()
    monkeypatch.setattr("gdip.accounts.api.TokenAuth.authenticate", down)
    api = Client(raise_request_exception=False).get("/api/v1/auth/me", headers=world.auth_headers("bank"))
    assert api.status_code == 503 and api.json() == {"detail": DB_UNAVAILABLE}
