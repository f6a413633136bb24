"""The REST API (django-ninja): one NinjaAPI, each domain app adds its router here."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="GDIP API",
    version="1.0.0",
    description="广东知识产权保护和运用平台 REST API — Guangdong IP Protection and Utilization Platform",
    urls_namespace="api-v1",
)
# Routers are given as import paths: their modules import models, which needs the app registry.
api.add_router("/auth/", "gdip.accounts.api.router")
