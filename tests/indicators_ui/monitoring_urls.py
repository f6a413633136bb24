"""The site's URLconf plus the monitoring pages (monitoring/) and API (/api/v1/indicators/)
while the lead has not mounted them yet; once mounted, the site's own patterns are used."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, include, path, resolve
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from gdip.config.api import _forbidden, _unauthenticated
from gdip.config.urls import urlpatterns as site

urlpatterns: list[URLPattern | URLResolver] = []
try:
    resolve("/api/v1/indicators/plans", urlconf="gdip.config.urls")
except Resolver404:
    api = NinjaAPI(title="GDIP indicators (test)", version="test", urls_namespace="indicators-test-api")
    api.add_exception_handler(AuthenticationError, _unauthenticated)
    api.add_exception_handler(PermissionDenied, _forbidden)
    api.add_router("/", "gdip.indicators.api.router")
    urlpatterns.append(path("api/v1/indicators/", api.urls))
if "monitoring-dashboard" not in get_resolver("gdip.config.urls").reverse_dict:
    urlpatterns += i18n_patterns(
        path("monitoring/", include("gdip.indicators.urls")), prefix_default_language=False
    )
urlpatterns += site
