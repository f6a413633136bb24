"""The site's URLconf plus the security pages (the lead includes gdip.accounts.urls for real)."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from gdip.config.urls import urlpatterns as site_patterns

urlpatterns = [
    *i18n_patterns(path("", include("gdip.accounts.urls")), prefix_default_language=False),
    *site_patterns,
]
