"""Pages of the web app (mounted under i18n_patterns: /… in Chinese, /en/… in English).

URL names are not namespaced: settings use LOGIN_REDIRECT_URL = "home" and Django's auth views
are named "login"/"logout".
"""

from __future__ import annotations

from django.urls import include, path, register_converter

from gdip.web import views


class OfficeConverter:
    """A two-letter office code (CN, US, WO …); lower case is redirected to upper case by the view."""

    regex = "[A-Za-z]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class EntityIdConverter:
    """An entity id: ``U:<USCC>`` or ``N:<hex>`` (the default str converter would accept any text)."""

    regex = "[UNun]:[0-9A-Za-z]{1,40}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(OfficeConverter, "office")
register_converter(EntityIdConverter, "entity")

urlpatterns = [
    path("", views.home, name="home"),
    path("patents/", views.record_list, {"kind": "patents"}, name="patent-list"),
    path("patents/export.csv", views.export_csv, {"kind": "patents"}, name="patent-export-csv"),
    path("patents/export.xlsx", views.export_xlsx, {"kind": "patents"}, name="patent-export-xlsx"),
    path("patents/<office:office>/<path:number>/", views.patent_detail, name="patent-detail"),
    path("trademarks/", views.record_list, {"kind": "trademarks"}, name="trademark-list"),
    path("trademarks/export.csv", views.export_csv, {"kind": "trademarks"}, name="trademark-export-csv"),
    path("trademarks/export.xlsx", views.export_xlsx, {"kind": "trademarks"}, name="trademark-export-xlsx"),
    path("trademarks/<office:office>/<path:number>/", views.trademark_detail, name="trademark-detail"),
    path("enterprises/", views.enterprise_list, name="enterprise-list"),
    path("enterprises/<entity:entity_id>/", views.enterprise_profile, name="enterprise-profile"),
    path("accounts/", include("django.contrib.auth.urls")),
]
