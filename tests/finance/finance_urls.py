"""The site's URLconf plus the finance API and pages, until the lead mounts them for real.

When gdip.config.api already carries the finance router and gdip.config.urls the pages, this is
just the site's URLconf.
"""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from gdip.config.api import api as site_api
from gdip.config.urls import urlpatterns as site_patterns
from gdip.finance.api import router

urlpatterns: list[URLPattern | URLResolver] = []

if not any(r is router for _prefix, r in site_api._routers):
    finance_api = NinjaAPI(title="GDIP finance (tests)", urls_namespace="api-v1-finance-tests")

    @finance_api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return finance_api.create_response(
            request, {"detail": "未登录或令牌无效 / Not authenticated"}, status=401
        )

    @finance_api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return finance_api.create_response(
            request, {"detail": "无权执行此操作 / Permission denied"}, status=403
        )

    finance_api.add_router("/finance/", router)
    urlpatterns.append(path("api/v1/", finance_api.urls))


def _includes_finance(patterns: list) -> bool:
    for p in patterns:
        if isinstance(p, URLResolver):
            module = getattr(p.urlconf_name, "__name__", p.urlconf_name)
            if module == "gdip.finance.urls" or (
                isinstance(p.urlconf_name, list) and _includes_finance(p.urlconf_name)
            ):
                return True
    return False


_site_has_pages = _includes_finance(site_patterns)
if not _site_has_pages:
    urlpatterns += i18n_patterns(
        path("finance/", include("gdip.finance.urls")), prefix_default_language=False
    )
urlpatterns += site_patterns
