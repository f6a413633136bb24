"""Second-factor pages and the audit log. Include at the site root, inside i18n_patterns::

    path("", include("gdip.accounts.urls")),

giving /accounts/otp/enrol/, /accounts/otp/verify/, /audit/ and /audit/export.csv (and /en/…).
"""

from __future__ import annotations

from django.urls import path

from gdip.accounts import views

urlpatterns = [
    path("accounts/otp/enrol/", views.otp_enrol, name="otp-enrol"),
    path("accounts/otp/verify/", views.otp_verify, name="otp-verify"),
    path("audit/", views.audit_list, name="audit-list"),
    path("audit/export.csv", views.audit_export_csv, name="audit-export-csv"),
]
