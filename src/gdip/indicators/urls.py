"""Plan-monitoring pages; included by the site at ``monitoring/`` (URL names are not namespaced,
like gdip.web's, and all start with ``monitoring-``)."""

from __future__ import annotations

from django.urls import path

from gdip.indicators import views

urlpatterns = [
    path("", views.dashboard, name="monitoring-dashboard"),
    path("cities/<str:city>/", views.city_dashboard, name="monitoring-city"),
    path("indicators/<slug:code>/patents/", views.patents, name="monitoring-patents"),
    path("manual/", views.manual_list, name="monitoring-manual-list"),
    path("manual/new/", views.manual_new, name="monitoring-manual-new"),
    path("manual/<int:pk>/", views.manual_detail, name="monitoring-manual-detail"),
    path("manual/<int:pk>/submit/", views.manual_submit, name="monitoring-manual-submit"),
    path("manual/<int:pk>/approve/", views.manual_approve, name="monitoring-manual-approve"),
    path("manual/<int:pk>/reject/", views.manual_reject, name="monitoring-manual-reject"),
    path("manual/<int:pk>/document/", views.manual_document, name="monitoring-manual-document"),
    path("reports/", views.reports_page, name="monitoring-reports"),
    path("reports/download/", views.report_download, name="monitoring-report-download"),
    path("publications/", views.publish, name="monitoring-publish"),
    path("publications/<int:pk>/withdraw/", views.withdraw, name="monitoring-withdraw"),
]
