"""The authorisation matrix: for every URL pattern and API operation, who gets what.

tests/security/test_url_matrix.py walks every URL pattern of the URLconf (get_resolver(),
recursively: i18n, admin, the API's own patterns) and every operation of the OpenAPI document,
and requests each one as an anonymous visitor and as each of the nine roles (and, where objects
belong to a tenant, with another tenant's object of the same role). A pattern or operation with
no entry here fails that test: **a new page or endpoint needs a line here** saying who may use it.

Keys:

* ``URL_MATRIX``: ``"namespace:url_name"`` (``"url_name"`` without a namespace; the route text
  for unnamed patterns, e.g. ``"admin/(?P<url>.*)$"``).
* ``API_MATRIX``: ``"METHOD /api/v1/path/{param}"`` as in the OpenAPI document. The API's URL
  patterns (``api-v1:...``) of documented operations are covered by these entries.

Each key maps to one or more ``Probe``: a concrete request (path with placeholders filled from
the test world, method, body) and the expected outcome per role:

=================  ==========================================================================
``"200"`` …        exactly that status code
``"302:login"``    redirect to the site's login page (anonymous on a signed-in page)
``"302:admin"``    redirect to the admin's login page
``"302"``          any other redirect
=================  ==========================================================================

Placeholders: ``{patent}`` (CN application number of a patent in the lake), ``{trademark}``,
``{entity}`` (an entity id of the lake), ``{org_id}`` (the user's own organisation),
``{other_org_id}`` (another tenant's organisation of the same type), ``{user_id}``,
``{other_user_id}``, ``{spare_token_id}`` (another of the user's own API tokens),
``{other_token_id}`` (a token of another tenant's user of the same role), ``{event_id}``,
``{device_id}``, ``{group_id}``, ``{ct_id}`` (a content type id), ``{uidb64}``.

``changes_state=True`` marks requests that change something when they succeed: the test then
asserts that a refused one (4xx or a redirect to a login page) changed nothing (row counts,
revoked tokens, the lake's statistics).

Roles: province_admin and auditor sign in with a verified second factor (their role requires
one); API calls of signed-in roles use a bearer token of the user.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gdip.core.permissions import ALL_ROLES, ANONYMOUS

__all__ = ["API_MATRIX", "ROLES", "URL_MATRIX", "Probe", "expect"]

ROLES: tuple[str, ...] = (ANONYMOUS, *ALL_ROLES)
STAFF_ROLES = frozenset({"province_admin"})  # demo accounts: only the provincial admin is staff


def expect(default: str, **per_role: str) -> dict[str, str]:
    """An expectation for every role: `default`, with per-role exceptions."""
    unknown = set(per_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return {role: per_role.get(role, default) for role in ROLES}


@dataclass(frozen=True)
class Probe:
    """One request and its expected outcome for each role."""

    path: str
    expected: Mapping[str, str]
    method: str = "GET"
    data: Mapping[str, Any] | None = None
    json: bool = False  # send `data` as a JSON body
    changes_state: bool = False
    note: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)


# Shorthands -------------------------------------------------------------------------------

PUBLIC = expect("200")
SIGNED_IN = expect("200", anonymous="302:login")
# Django admin: staff only; everyone else is sent to the admin login. Demo province_admin is
# staff without model permissions (granted per deployment): model pages are 403 for it.
ADMIN_MODEL = expect("302:admin", province_admin="403")
ADMIN_PAGE = expect("302:admin", province_admin="200")
ADMIN_404 = expect("302:admin", province_admin="404")
AUDIT = expect("404", anonymous="302:login", province_admin="200", auditor="200")


def _admin_model(app: str, model: str) -> dict[str, tuple[Probe, ...]]:
    """The standard ModelAdmin pages of one model, with an existing object id where needed."""
    app_model = f"{app}_{model}"
    base = f"/admin/{app}/{model}/"
    obj = {
        "auth_group": "{group_id}",
        "accounts_organisation": "{other_org_id}",
        "accounts_user": "{other_user_id}",
        "accounts_apitoken": "{other_token_id}",
        "accounts_event": "{event_id}",
        "otp_totp_totpdevice": "{device_id}",
    }[app_model]
    prefix = f"admin:{app_model}"
    return {
        f"{prefix}_changelist": (Probe(base, ADMIN_MODEL),),
        f"{prefix}_add": (
            Probe(base + "add/", ADMIN_MODEL),
            Probe(base + "add/", ADMIN_MODEL, method="POST", data={"name": "x"}, changes_state=True),
        ),
        f"{prefix}_history": (Probe(f"{base}{obj}/history/", ADMIN_MODEL),),
        f"{prefix}_delete": (
            Probe(f"{base}{obj}/delete/", ADMIN_MODEL),
            Probe(
                f"{base}{obj}/delete/", ADMIN_MODEL, method="POST", data={"post": "yes"}, changes_state=True
            ),
        ),
        f"{prefix}_change": (
            Probe(f"{base}{obj}/change/", ADMIN_MODEL),
            Probe(f"{base}{obj}/change/", ADMIN_MODEL, method="POST", data={"name": "x"}, changes_state=True),
        ),
        # "<object_id>/" alone redirects to ".../change/" (for everyone who reaches the admin).
        f"admin/{app}/{model}/<path:object_id>/": (
            Probe(f"{base}{obj}/", expect("302:admin", province_admin="302")),
        ),
    }


URL_MATRIX: dict[str, tuple[Probe, ...]] = {
    # -- web pages (gdip.web) ------------------------------------------------------------------
    "home": (Probe("/", PUBLIC), Probe("/en/", PUBLIC)),
    "patent-list": (Probe("/patents/", PUBLIC), Probe("/patents/?year=99999", expect("400"))),
    "patent-export-csv": (Probe("/patents/export.csv", SIGNED_IN),),
    "patent-export-xlsx": (Probe("/patents/export.xlsx", SIGNED_IN),),
    "patent-detail": (
        Probe("/patents/CN/{patent}/", PUBLIC),
        Probe("/patents/CN/200000000000.0/", expect("404"), note="unknown number"),
        Probe("/patents/CN/{patent}/", expect("405"), method="POST", data={}),
    ),
    "trademark-list": (Probe("/trademarks/", PUBLIC),),
    "trademark-export-csv": (Probe("/trademarks/export.csv", SIGNED_IN),),
    "trademark-export-xlsx": (Probe("/trademarks/export.xlsx", SIGNED_IN),),
    "trademark-detail": (Probe("/trademarks/CN/{trademark}/", PUBLIC),),
    "enterprise-list": (Probe("/enterprises/", PUBLIC), Probe("/enterprises/?q=深圳", PUBLIC)),
    "enterprise-profile": (
        Probe("/enterprises/{entity}/", PUBLIC),
        Probe("/enterprises/N:0/", expect("404")),
    ),
    # -- sign-in pages (django.contrib.auth.urls) ---------------------------------------------
    "login": (
        Probe("/accounts/login/", PUBLIC),
        Probe(
            "/accounts/login/",
            PUBLIC,
            method="POST",
            data={"username": "nobody", "password": "wrong"},
            note="bad credentials: the form again",
        ),
    ),
    "logout": (
        Probe("/accounts/logout/", expect("405")),
        Probe("/accounts/logout/", expect("302"), method="POST", data={}),
    ),
    "password_change": (
        Probe("/accounts/password_change/", SIGNED_IN),
        Probe(
            "/accounts/password_change/",
            SIGNED_IN,
            method="POST",
            data={"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
            changes_state=True,
        ),
    ),
    "password_change_done": (Probe("/accounts/password_change/done/", SIGNED_IN),),
    "password_reset": (Probe("/accounts/password_reset/", PUBLIC),),
    "password_reset_done": (Probe("/accounts/password_reset/done/", PUBLIC),),
    "password_reset_confirm": (
        Probe("/accounts/reset/{uidb64}/not-a-token/", PUBLIC, note="invalid link page"),
        Probe(
            "/accounts/reset/{uidb64}/not-a-token/",
            PUBLIC,
            method="POST",
            data={"new_password1": "Another-Pass-2026!", "new_password2": "Another-Pass-2026!"},
            changes_state=True,
            note="invalid link: nothing changes",
        ),
    ),
    "password_reset_complete": (Probe("/accounts/reset/done/", PUBLIC),),
    "set_language": (
        Probe("/i18n/setlang/", expect("302")),
        Probe("/i18n/setlang/", expect("302"), method="POST", data={"language": "en", "next": "/"}),
    ),
    # -- second factor and audit log (gdip.accounts.urls) ---------------------------------------
    # Roles that need no second factor and have no device are sent on; the others see the pages.
    "otp-enrol": (
        Probe(
            "/accounts/otp/enrol/", expect("200", anonymous="302:login", province_admin="302", auditor="302")
        ),
    ),
    "otp-verify": (Probe("/accounts/otp/verify/", expect("302", anonymous="302:login")),),
    "audit-list": (Probe("/audit/", AUDIT),),
    "audit-export-csv": (Probe("/audit/export.csv", AUDIT),),
    # -- API pages that are not operations ------------------------------------------------------
    "api-v1:openapi-json": (Probe("/api/v1/openapi.json", PUBLIC),),
    "api-v1:openapi-view": (Probe("/api/v1/docs", PUBLIC),),
    "api-v1:api-root": (Probe("/api/v1/", expect("404")),),
    # -- Django admin ---------------------------------------------------------------------------
    "admin:index": (Probe("/admin/", ADMIN_PAGE), Probe("/en/admin/", ADMIN_PAGE)),
    "admin:login": (Probe("/admin/login/", expect("200", province_admin="302")),),
    "admin:logout": (Probe("/admin/logout/", expect("302", province_admin="405")),),
    "admin:password_change": (Probe("/admin/password_change/", ADMIN_PAGE),),
    "admin:password_change_done": (Probe("/admin/password_change/done/", ADMIN_PAGE),),
    "admin:autocomplete": (Probe("/admin/autocomplete/", expect("302:admin", province_admin="403")),),
    "admin:jsi18n": (Probe("/admin/jsi18n/", ADMIN_PAGE),),
    "admin:view_on_site": (Probe("/admin/r/{ct_id}/{other_org_id}/", ADMIN_404),),
    "admin:app_list": (Probe("/admin/accounts/", ADMIN_404),),
    "admin/(?P<url>.*)$": (Probe("/admin/no-such-page/", ADMIN_404),),
    "admin:auth_user_password_change": (
        Probe("/admin/accounts/user/{other_user_id}/password/", ADMIN_MODEL),
        Probe(
            "/admin/accounts/user/{other_user_id}/password/",
            ADMIN_MODEL,
            method="POST",
            data={"password1": "Another-Pass-2026!", "password2": "Another-Pass-2026!"},
            changes_state=True,
        ),
    ),
    "admin:otp_totp_totpdevice_config": (
        Probe("/admin/otp_totp/totpdevice/{device_id}/config/", ADMIN_MODEL),
    ),
    "admin:otp_totp_totpdevice_qrcode": (
        Probe("/admin/otp_totp/totpdevice/{device_id}/qrcode/", ADMIN_MODEL),
    ),
    **_admin_model("auth", "group"),
    **_admin_model("accounts", "organisation"),
    **_admin_model("accounts", "user"),
    **_admin_model("accounts", "apitoken"),
    **_admin_model("accounts", "event"),
    **_admin_model("otp_totp", "totpdevice"),
}

API_SIGNED_IN = expect("200", anonymous="401")

API_MATRIX: dict[str, tuple[Probe, ...]] = {
    "POST /api/v1/auth/token": (
        Probe(
            "/api/v1/auth/token",
            expect("401"),
            method="POST",
            json=True,
            data={"username": "enterprise1", "password": "wrong-password"},
            changes_state=True,
        ),
        Probe(
            "/api/v1/auth/token",
            expect("422"),
            method="POST",
            json=True,
            data={"username": ""},
            changes_state=True,
        ),
    ),
    "GET /api/v1/auth/me": (Probe("/api/v1/auth/me", API_SIGNED_IN),),
    "POST /api/v1/auth/token/revoke": (
        # Another tenant's token (same role): invisible (404) except to the provincial admin, who
        # may revoke any token, and the auditor, who sees all but changes none (403).
        Probe(
            "/api/v1/auth/token/revoke",
            expect("404", anonymous="401", province_admin="200", auditor="403"),
            method="POST",
            json=True,
            data={"token_id": "{other_token_id}"},
            changes_state=True,
        ),
        # One of the user's own tokens: everyone signed in may revoke it.
        Probe(
            "/api/v1/auth/token/revoke",
            API_SIGNED_IN,
            method="POST",
            json=True,
            data={"token_id": "{spare_token_id}"},
            changes_state=True,
        ),
        Probe(
            "/api/v1/auth/token/revoke",
            expect("404", anonymous="401"),
            method="POST",
            json=True,
            data={"token_id": 999999999},
            changes_state=True,
        ),
    ),
    "GET /api/v1/datacenter/stats": (Probe("/api/v1/datacenter/stats", PUBLIC),),
    "GET /api/v1/datacenter/patents": (
        Probe("/api/v1/datacenter/patents", PUBLIC),
        Probe("/api/v1/datacenter/patents?page=0", expect("422")),
    ),
    "GET /api/v1/datacenter/patents/{office}/{number}": (
        Probe("/api/v1/datacenter/patents/CN/{patent}", PUBLIC),
        Probe("/api/v1/datacenter/patents/CN/200000000000.0", expect("404")),
    ),
    "GET /api/v1/datacenter/trademarks": (Probe("/api/v1/datacenter/trademarks", PUBLIC),),
    "GET /api/v1/datacenter/trademarks/{office}/{number}": (
        Probe("/api/v1/datacenter/trademarks/CN/{trademark}", PUBLIC),
    ),
    "GET /api/v1/datacenter/enterprises/{entity_id}": (
        Probe("/api/v1/datacenter/enterprises/{entity}", PUBLIC),
        Probe("/api/v1/datacenter/enterprises/N:0", expect("404")),
    ),
}

# -- plan monitoring (gdip.indicators.urls) -------------------------------------------------
# The test world has no publication: every year is unpublished, so the public and the
# organisation roles see the dashboard shell but no drill-down or report (404), while city and
# provincial admins and auditors see live figures. Manual values: admins of the value's scope
# (the auditor reads only); ids that do not exist are 404 for those who may use the page.
MONITORING_ADMINS = ("city_admin", "province_admin", "auditor")
UNPUBLISHED = expect("404", **dict.fromkeys(MONITORING_ADMINS, "200"))
MANUAL_READ = expect("403", anonymous="302:login", **dict.fromkeys(MONITORING_ADMINS, "200"))
MANUAL_MISSING = expect("403", anonymous="302:login", **dict.fromkeys(MONITORING_ADMINS, "404"))
MANUAL_WRITE_MISSING = expect("403", anonymous="302:login", city_admin="404", province_admin="404")
MANUAL_NEW = {
    "code": "public_service_website_visits",
    "region_code": "440300",
    "year": "2022",
    "value": "12.5",
    "source_citation": "网站统计报表",
}
MONITORING_URLS: dict[str, tuple[Probe, ...]] = {
    "monitoring-dashboard": (Probe("/monitoring/", PUBLIC), Probe("/monitoring/?year=2022", PUBLIC)),
    "monitoring-city": (
        Probe("/monitoring/cities/440300/", PUBLIC),
        Probe("/monitoring/cities/110100/", expect("404"), note="not a Guangdong city"),
    ),
    "monitoring-patents": (
        Probe("/monitoring/indicators/high_value_invention_per_10k/patents/?year=2022", UNPUBLISHED),
    ),
    "monitoring-manual-list": (Probe("/monitoring/manual/", MANUAL_READ),),
    "monitoring-manual-new": (
        Probe("/monitoring/manual/new/", MANUAL_READ | {"auditor": "403"}),
        Probe(
            "/monitoring/manual/new/",
            expect("403", anonymous="302:login", city_admin="302", province_admin="302"),
            method="POST",
            data=MANUAL_NEW,
            changes_state=True,
        ),
    ),
    "monitoring-manual-detail": (Probe("/monitoring/manual/999999/", MANUAL_MISSING),),
    "monitoring-manual-document": (Probe("/monitoring/manual/999999/document/", MANUAL_MISSING),),
    "monitoring-manual-submit": (
        Probe("/monitoring/manual/999999/submit/", MANUAL_WRITE_MISSING, method="POST", changes_state=True),
    ),
    "monitoring-manual-approve": (
        Probe("/monitoring/manual/999999/approve/", MANUAL_WRITE_MISSING, method="POST", changes_state=True),
    ),
    "monitoring-manual-reject": (
        Probe(
            "/monitoring/manual/999999/reject/",
            MANUAL_WRITE_MISSING,
            method="POST",
            data={"reason": "与公报不符"},
            changes_state=True,
        ),
    ),
    "monitoring-reports": (Probe("/monitoring/reports/", PUBLIC),),
    "monitoring-report-download": (
        Probe("/monitoring/reports/download/?kind=annual&year=2022&format=html", UNPUBLISHED),
    ),
    "monitoring-publish": (
        Probe(
            "/monitoring/publications/",
            expect("403", anonymous="302:login", province_admin="302"),
            method="POST",
            data={"year": "2022"},
            changes_state=True,
        ),
    ),
    "monitoring-withdraw": (
        Probe(
            "/monitoring/publications/999999/withdraw/",
            expect("403", anonymous="302:login", province_admin="404"),
            method="POST",
            data={"reason": "更正"},
            changes_state=True,
        ),
    ),
}
URL_MATRIX.update(MONITORING_URLS)

API_UNPUBLISHED = expect("404", **dict.fromkeys(MONITORING_ADMINS, "200"))
API_MANUAL_READ = expect("403", anonymous="401", **dict.fromkeys(MONITORING_ADMINS, "200"))
API_MANUAL_MISSING = expect("403", anonymous="401", **dict.fromkeys(MONITORING_ADMINS, "404"))
API_MANUAL_WRITE_MISSING = expect("404", anonymous="401")  # transitions look the value up first
IND = "/api/v1/indicators"
MONITORING_API: dict[str, tuple[Probe, ...]] = {
    f"GET {IND}/plans": (Probe(f"{IND}/plans", PUBLIC),),
    f"GET {IND}/plans/{{plan_id}}": (
        Probe(f"{IND}/plans/gd-14th", PUBLIC),
        Probe(f"{IND}/plans/zj-14th", expect("404"), note="no such plan"),
    ),
    f"GET {IND}/evaluation": (Probe(f"{IND}/evaluation?year=2022", API_UNPUBLISHED),),
    f"GET {IND}/indicators/{{code}}/series": (
        Probe(f"{IND}/indicators/high_value_invention_per_10k/series?to=2022", API_UNPUBLISHED),
    ),
    f"GET {IND}/indicators/{{code}}/ranking": (
        Probe(f"{IND}/indicators/pledge_financing_amount/ranking?year=2022", API_UNPUBLISHED),
    ),
    f"GET {IND}/indicators/{{code}}/patents": (
        Probe(f"{IND}/indicators/high_value_invention_per_10k/patents?year=2022", API_UNPUBLISHED),
    ),
    f"GET {IND}/manual": (Probe(f"{IND}/manual", API_MANUAL_READ),),
    f"POST {IND}/manual": (
        Probe(
            f"{IND}/manual",
            expect("403", anonymous="401", city_admin="201", province_admin="201"),
            method="POST",
            data=MANUAL_NEW,
            changes_state=True,
        ),
    ),
    f"GET {IND}/manual/{{value_id}}": (Probe(f"{IND}/manual/999999", API_MANUAL_MISSING),),
    f"POST {IND}/manual/{{value_id}}/submit": (
        Probe(f"{IND}/manual/999999/submit", API_MANUAL_WRITE_MISSING, method="POST", changes_state=True),
    ),
    f"POST {IND}/manual/{{value_id}}/approve": (
        Probe(f"{IND}/manual/999999/approve", API_MANUAL_WRITE_MISSING, method="POST", changes_state=True),
    ),
    f"POST {IND}/manual/{{value_id}}/reject": (
        Probe(
            f"{IND}/manual/999999/reject",
            API_MANUAL_WRITE_MISSING,
            method="POST",
            json=True,
            data={"reason": "与公报不符"},
            changes_state=True,
        ),
    ),
    f"GET {IND}/publications": (Probe(f"{IND}/publications", PUBLIC),),
    f"POST {IND}/publications": (
        Probe(
            f"{IND}/publications",
            expect("403", anonymous="401", province_admin="201"),
            method="POST",
            json=True,
            data={"year": 2022},
            changes_state=True,
        ),
    ),
    f"POST {IND}/publications/{{publication_id}}/withdraw": (
        Probe(
            f"{IND}/publications/999999/withdraw",
            expect("403", anonymous="401", province_admin="404"),
            method="POST",
            json=True,
            data={"reason": "更正"},
            changes_state=True,
        ),
    ),
    f"GET {IND}/reports/annual": (Probe(f"{IND}/reports/annual?year=2022&format=html", API_UNPUBLISHED),),
    f"GET {IND}/reports/midterm": (Probe(f"{IND}/reports/midterm?format=html", API_UNPUBLISHED),),
}
API_MATRIX.update(MONITORING_API)

# -- pledge financing (gdip.finance) -----------------------------------------------------------
# Applications belong to an enterprise and the banks it shared them with; the tenant matrix
# (own / shared / another tenant → 404) is tests/finance/test_finance_permissions.py. Here:
# every page and operation, with an application id that exists for nobody (404 for every
# signed-in role: no leak of existence), the lists, and creation, which only enterprises may do.
FIN = "/api/v1/finance"
FIN_MISSING_API = expect("404", anonymous="401")
# Roles with no part in financing (agency, insurer, fund manager, centre staff) are refused the
# pages outright; their own modules (valuation orders, insurance, compensation) come later.
_NO_FINANCE = dict.fromkeys(("agency", "centre_staff", "fund_manager", "insurer"), "403")
FIN_MISSING_PAGE = expect("404", anonymous="302:login", **_NO_FINANCE)
FIN_BODIES: dict[str, dict[str, Any]] = {
    "share": {"bank_ids": [1]},
    "withdraw": {"reason": "x"},
    "query": {},
    "approve": {"amount": "1000000.00", "rate": "0.04", "term_months": 12},
    "reject": {"reasons": ["x"]},
    "register_pledge": {"registration_number": "Y1", "registered_on": "2026-01-10"},
    "disburse": {"disbursed_on": "2026-01-15"},
    "repay": {"amount": "1.00", "paid_on": "2026-01-20"},
    "release": {"released_on": "2026-01-20"},
    "close": {},
    "cancel": {"reason": "x"},
}
FIN_NEW_BODY = {
    "amount_requested": "1000000.00",
    "term_months": 12,
    "rights": [{"application_number": "200000000000.0"}],
}
FINANCE_URLS: dict[str, tuple[Probe, ...]] = {
    "finance-list": (Probe("/finance/", expect("200", anonymous="302:login", **_NO_FINANCE)),),
    "finance-new": (Probe("/finance/new/", expect("403", anonymous="302:login", enterprise="200")),),
    "finance-detail": (Probe("/finance/999999/", FIN_MISSING_PAGE),),
    "finance-action": (
        Probe("/finance/999999/approve/", FIN_MISSING_PAGE, method="POST", data={}, changes_state=True),
    ),
}
URL_MATRIX.update(FINANCE_URLS)
FINANCE_API: dict[str, tuple[Probe, ...]] = {
    f"GET {FIN}/applications": (Probe(f"{FIN}/applications", expect("200", anonymous="401")),),
    f"POST {FIN}/applications": (
        Probe(
            f"{FIN}/applications",
            expect("403", anonymous="401", enterprise="400"),
            method="POST",
            json=True,
            data=FIN_NEW_BODY,
            changes_state=True,
            note="a right the enterprise does not own: refused",
        ),
    ),
    f"GET {FIN}/applications/{{app_id}}": (Probe(f"{FIN}/applications/999999", FIN_MISSING_API),),
    f"GET {FIN}/applications/{{app_id}}/eligibility": (
        Probe(f"{FIN}/applications/999999/eligibility", FIN_MISSING_API),
    ),
    f"GET {FIN}/applications/{{app_id}}/timeline": (
        Probe(f"{FIN}/applications/999999/timeline", FIN_MISSING_API),
    ),
    f"GET {FIN}/loans": (Probe(f"{FIN}/loans", expect("200", anonymous="401")),),
    f"GET {FIN}/portfolio": (Probe(f"{FIN}/portfolio", expect("403", anonymous="401", enterprise="200")),),
    **{
        f"POST {FIN}/applications/{{app_id}}/{action}": (
            Probe(
                f"{FIN}/applications/999999/{action}",
                FIN_MISSING_API,
                method="POST",
                json=True,
                data=body,
                changes_state=True,
            ),
        )
        for action, body in FIN_BODIES.items()
    },
}
API_MATRIX.update(FINANCE_API)
