"""The REST API (django-ninja): one NinjaAPI, each domain app adds its router here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

api = NinjaAPI(
    title="GDIP API",
    version="1.0.0",
    description="广东知识产权保护和运用平台 REST API — Guangdong IP Protection and Utilization Platform",
    urls_namespace="api-v1",
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """401 with a bilingual message (no credentials, or a bad, expired or revoked token)."""
    return api.create_response(request, {"detail": "未登录或令牌无效 / Not authenticated"}, status=401)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """403 as JSON: restrict()/require() raise PermissionDenied, which ninja leaves to Django's HTML page."""
    return api.create_response(request, {"detail": "无权执行此操作 / Permission denied"}, status=403)


# Routers are given as import paths: their modules import models, which needs the app registry.
api.add_router("/auth/", "gdip.accounts.api.router")
api.add_router("/datacenter/", "gdip.datacenter.api.router")
api.add_router("/indicators/", "gdip.indicators.api.router")
api.add_router("/finance/", "gdip.finance.api.router")
