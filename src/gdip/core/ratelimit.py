"""Rate limits: a small fixed-window counter on Django's cache, applied by a middleware.

* Login: POSTs to the login page (``login``) and to ``/api/v1/auth/token`` are limited per
  client address and per username (``GDIP_RATELIMIT_LOGIN``, default 10/min each). This sits in
  front of the account lockout (gdip.accounts.backends), which counts *failures*: the rate limit
  also caps the speed of attempts that the lockout cannot see (many usernames from one address).
* API: every request under ``/api/v1/`` is limited per identity (``GDIP_RATELIMIT_API``, default
  600/min): the bearer token (by its SHA-256; no database lookup), else the signed-in user, else
  the client address.

Over the limit: 429 with Retry-After (seconds to the end of the window) and a bilingual message,
JSON under /api/, a small HTML page elsewhere.

The counters live in the cache alias ``GDIP_RATELIMIT_CACHE`` (default "ratelimit"). gunicorn
runs several worker processes, so that cache must be shared between processes: settings
configure a FileBasedCache under GDIP_HOME/cache/ratelimit (docs/security-hardening.md). Its
increment is read-then-write, so two workers racing on the same key may lose one count: the
limit is approximate by at most the number of workers per window, which is fine for abuse
control. Keys are namespaced by GDIP_HOME, so installations (and tests) sharing a cache
location do not count each other's requests.

The client address is REMOTE_ADDR (X-Forwarded-For is client-controlled; see
gdip.core.events.client_ip). Behind a reverse proxy, have the proxy limit per client as well.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, JsonResponse

from gdip.config.paths import gdip_home
from gdip.core.events import client_ip

__all__ = [
    "RATE_LIMITED",
    "Rate",
    "RateLimitMiddleware",
    "hit",
    "parse_rate",
]

RATE_LIMITED = "请求过于频繁，请稍后重试 / Too many requests, please retry later"
LOGIN_URL_NAMES = frozenset({"login"})
API_PREFIX = "/api/v1/"
API_TOKEN_PATH = "/api/v1/auth/token"
DEFAULT_LOGIN_RATE = "10/min"
DEFAULT_API_RATE = "600/min"

_PERIODS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}
logger = logging.getLogger("gdip.security")


@dataclass(frozen=True)
class Rate:
    """At most `limit` requests per `period` seconds."""

    limit: int
    period: int


def parse_rate(text: str) -> Rate:
    """ "10/min", "600/m", "5/30s", "1000/hour" → Rate; ValueError for anything else."""
    try:
        count_text, period_text = text.strip().split("/", 1)
        count = int(count_text)
        period_text = period_text.strip().lower()
        digits = "".join(ch for ch in period_text if ch.isdigit())
        unit = period_text[len(digits) :] or "s"
        period = (int(digits) if digits else 1) * _PERIODS[unit]
    except (ValueError, KeyError):
        raise ValueError(f"not a rate: {text!r} (expected e.g. '10/min', '600/m', '5/30s')") from None
    if count < 1 or period < 1:
        raise ValueError(f"not a rate: {text!r} (count and period must be positive)")
    return Rate(count, period)


def _namespace() -> str:
    return hashlib.sha256(str(gdip_home()).encode()).hexdigest()[:10]


def clock() -> float:
    """The time the windows are cut from (tests pin it so that no window ends mid-test)."""
    return time.time()


def hit(scope: str, ident: str, rate: Rate, *, now: float | None = None) -> tuple[bool, int]:
    """Count one request of `ident` in `scope`; (allowed, seconds until the window ends)."""
    now = clock() if now is None else now
    window = int(now // rate.period)
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"gdip-rl:{_namespace()}:{scope}:{digest}:{window}"
    cache = caches[getattr(settings, "GDIP_RATELIMIT_CACHE", "ratelimit")]
    if cache.add(key, 1, timeout=rate.period + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=rate.period + 5)
            count = 1
    retry_after = max(1, int((window + 1) * rate.period - now + 0.999))
    return count <= rate.limit, retry_after


def _too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": RATE_LIMITED}, status=429)
    else:
        page = (
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            '<link rel="stylesheet" href="/static/web/gdip.css">'
            '<title>429 · GDIP</title></head><body><main class="wrap">'
            '<h1>请求过于频繁 / Too many requests <span class="muted">429</span></h1>'
            f"<p>{RATE_LIMITED}</p>"
            f"<p>请在 {retry_after} 秒后重试。 / Please retry in {retry_after} seconds.</p>"
            "</main></body></html>"
        )
        response = HttpResponse(page, status=429, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def _login_username(request: HttpRequest) -> str:
    if request.path == API_TOKEN_PATH:
        try:
            data = json.loads(request.body or b"{}")
        except Exception:  # unreadable, too big or not JSON: the view reports it; count by address
            return ""
        value = data.get("username") if isinstance(data, dict) else None
        return value.strip().casefold()[:150] if isinstance(value, str) else ""
    value = request.POST.get("username", "")
    return value.strip().casefold()[:150]


def _api_identity(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return "token:" + credentials.strip()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request) or '-'}"


class RateLimitMiddleware:
    """Login and API rate limits (place after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def _check(self, request: HttpRequest, checks: Iterable[tuple[str, str, Rate]]) -> HttpResponse | None:
        for scope, ident, rate in checks:
            allowed, retry_after = hit(scope, ident, rate)
            if not allowed:
                logger.warning(
                    "rate limit %s exceeded: %s %s from %s",
                    scope,
                    request.method,
                    request.path,
                    client_ip(request),
                )
                return _too_many(request, retry_after)
        return None

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not getattr(settings, "GDIP_RATELIMIT_ENABLED", True):
            return None
        checks: list[tuple[str, str, Rate]] = []
        match = request.resolver_match
        is_login = request.method == "POST" and (
            (match is not None and match.url_name in LOGIN_URL_NAMES) or request.path == API_TOKEN_PATH
        )
        if is_login:
            rate = parse_rate(getattr(settings, "GDIP_RATELIMIT_LOGIN", DEFAULT_LOGIN_RATE))
            checks.append(("login-ip", client_ip(request) or "-", rate))
            username = _login_username(request)
            if username:
                checks.append(("login-user", username, rate))
        if request.path.startswith(API_PREFIX):
            rate = parse_rate(getattr(settings, "GDIP_RATELIMIT_API", DEFAULT_API_RATE))
            checks.append(("api", _api_identity(request), rate))
        return self._check(request, checks) if checks else None
