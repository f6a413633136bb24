"""Web hardening: security headers on every response, clean 500s and 503s.

``SecurityHeadersMiddleware`` goes first in MIDDLEWARE (outermost), so that it sees every
response, including the ones Django builds for exceptions raised anywhere below it:

* Security headers: a strict Content-Security-Policy (no inline scripts or styles anywhere but
  the Django admin, whose change list carries one inline ``<style>``), X-Frame-Options,
  Referrer-Policy, X-Content-Type-Options, Permissions-Policy, Cross-Origin-Opener-Policy and
  Cross-Origin-Resource-Policy. HSTS comes from Django's SecurityMiddleware
  (SECURE_HSTS_SECONDS), which sends it on secure requests only.
* Database unavailable: an ``OperationalError``/``InterfaceError`` (PostgreSQL stopped, network
  cut, SQLite file locked for too long) gives a 503 with Retry-After and a bilingual message —
  JSON under /api/, an HTML page elsewhere — instead of a 500.
* API errors: Django's HTML error pages under /api/ (no such URL, CSRF failure, body too
  large) become JSON ``{"detail": "…"}``; an unhandled exception under /api/ gives JSON
  ``{"detail": "服务器内部错误 / Internal server error"}`` (no traceback, no SQL) instead of the
  HTML 500 page. With DEBUG on, Django's debug page is left alone for anything but the 503.

Exceptions raised below this middleware are turned into 500 responses by Django's handler
before they get here, so the exception is noted on the request by a ``got_request_exception``
receiver (Django sends that signal for every unhandled exception, with the exception being
handled in ``sys.exc_info()``), and this middleware rewrites the 500 it receives.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

__all__ = [
    "ADMIN_CSP",
    "API_SERVER_ERROR",
    "DB_UNAVAILABLE",
    "DEFAULT_CSP",
    "PERMISSIONS_POLICY",
    "SecurityHeadersMiddleware",
]

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
# Django's admin change list has one inline <style> block (admin/change_list.html) when a model
# has no actions; scripts stay 'self' only. Everything else is the same as DEFAULT_CSP.
ADMIN_CSP = DEFAULT_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)
DB_UNAVAILABLE = "数据库暂时不可用，请稍后重试 / The database is temporarily unavailable, please retry later"
API_SERVER_ERROR = "服务器内部错误 / Internal server error"
DB_RETRY_AFTER_SECONDS = 30
API_HTML_ERRORS = {
    400: "请求无效 / Bad request",
    403: "无权执行此操作 / Permission denied",
    404: "未找到 / Not found",
    405: "不支持该请求方法 / Method not allowed",
    413: "请求过大 / Request too large",
}

_EXC_ATTR = "_gdip_unhandled_exception"
_DB_UNAVAILABLE_PAGE = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
    '<link rel="stylesheet" href="/static/web/gdip.css">'
    '<title>服务暂时不可用 / Service unavailable · GDIP</title></head><body><main class="wrap">'
    '<h1>服务暂时不可用 / Service unavailable <span class="muted">503</span></h1>'
    f'<p>{DB_UNAVAILABLE}</p><p><a href="/">返回首页 / Home</a></p></main></body></html>'
)
logger = logging.getLogger("gdip.security")


def _note_exception(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Remember the class of the exception being handled, for the middleware to act on."""
    exc = sys.exc_info()[1]
    if request is not None and exc is not None:
        setattr(request, _EXC_ATTR, exc)


got_request_exception.connect(_note_exception, dispatch_uid="gdip.core.middleware.note_exception")


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _is_admin(request: HttpRequest) -> bool:
    # /admin/ and its language-prefixed form /en/admin/ (i18n_patterns).
    parts = request.path.lstrip("/").split("/", 2)
    return parts[0] == "admin" or (len(parts) > 1 and parts[1] == "admin")


def _db_unavailable_response(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if _is_api(request):
        response = JsonResponse({"detail": DB_UNAVAILABLE}, status=503)
    else:
        # A self-contained page: rendering a template could need what is failing.
        response = HttpResponse(_DB_UNAVAILABLE_PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(getattr(settings, "GDIP_DB_RETRY_AFTER", DB_RETRY_AFTER_SECONDS))
    response["Cache-Control"] = "no-store"
    return response


class SecurityHeadersMiddleware:
    """Outermost middleware: security headers, 503 on database outages, JSON 500s for the API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except (OperationalError, InterfaceError):
            # Only reached when an exception escapes Django's own conversion (it normally does
            # not); the signal path below handles the usual case.
            response = _db_unavailable_response(request)
        response = self._rewrite_error(request, response)
        self._add_headers(request, response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A database outage inside a view: 503 at once (no 500 logged for a known outage)."""
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.warning("database unavailable: %s %s: %s", request.method, request.path, exception)
            return _db_unavailable_response(request)
        return None

    @staticmethod
    def _rewrite_error(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        exc = getattr(request, _EXC_ATTR, None)
        if (
            _is_api(request)
            and response.status_code in API_HTML_ERRORS
            and response.get("Content-Type", "").startswith("text/html")
            and exc is None
        ):
            # Django's own HTML error pages (no URL matched, CSRF, request too big) as JSON.
            json_response = JsonResponse(
                {"detail": API_HTML_ERRORS[response.status_code]}, status=response.status_code
            )
            if response.has_header("Allow"):
                json_response["Allow"] = response["Allow"]
            return json_response
        if exc is None or response.status_code != 500:
            return response
        if isinstance(exc, (OperationalError, InterfaceError)):
            return _db_unavailable_response(request)
        if _is_api(request) and not settings.DEBUG:
            return JsonResponse({"detail": API_SERVER_ERROR}, status=500)
        return response

    @staticmethod
    def _add_headers(request: HttpRequest, response: HttpResponse) -> None:
        csp = getattr(settings, "GDIP_CSP", DEFAULT_CSP)
        if _is_admin(request):
            csp = getattr(settings, "GDIP_ADMIN_CSP", ADMIN_CSP)
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
