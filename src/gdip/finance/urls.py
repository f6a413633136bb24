"""Financing pages; the site includes them at ``finance/`` (URL names start with ``finance-``)."""

from __future__ import annotations

from django.urls import path

from gdip.finance import views

urlpatterns = [
    path("", views.application_list, name="finance-list"),
    path("new/", views.application_new, name="finance-new"),
    path("<int:pk>/", views.application_detail, name="finance-detail"),
    path("<int:pk>/<slug:action>/", views.application_action, name="finance-action"),
]
