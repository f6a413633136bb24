"""URL configuration: pages, the Django admin and the REST API under /api/v1/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from gdip.config.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("gdip.accounts.urls")),
    path("monitoring/", include("gdip.indicators.urls")),
    path("finance/", include("gdip.finance.urls")),
    path("", include("gdip.web.urls")),
    prefix_default_language=False,
)
