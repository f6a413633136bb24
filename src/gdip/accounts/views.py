"""Pages: TOTP enrolment and verification, the audit log (search, CSV export).

The audit pages are for auditors and provincial administrators (capability audit.view_events);
any other signed-in user gets a 404, as if the page did not exist. Exporting the audit log is
itself an audited event.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from gdip.accounts.forms import AuditSearchForm, OTPTokenForm
from gdip.accounts.models import Event
from gdip.accounts.otp import b32_secret, confirmed_devices, pending_device, qr_svg, verify_token
from gdip.core.audit import export_lines, filter_events
from gdip.core.events import record_event
from gdip.core.permissions import has_capability, restrict

__all__ = ["AUDIT_EXPORTED", "audit_export_csv", "audit_list", "otp_enrol", "otp_verify"]

AUDIT_EXPORTED = "audit.exported"
PAGE_SIZE = 50


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _verified(request: HttpRequest, device: Any) -> HttpResponse:
    # A new session key on privilege elevation (no session fixation across the second factor).
    request.session.cycle_key()
    otp_login(request, device)
    return redirect(_next_url(request))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Show a new TOTP secret (text, otpauth URI, QR code) and confirm it with a first code."""
    user = request.user
    if confirmed_devices(user):
        if user.is_verified():  # type: ignore[union-attr]
            return redirect(_next_url(request))
        return redirect("otp-verify")
    device = pending_device(user)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verify_token(user, form.cleaned_data["token"], request=request, devices=[device], enrolment=True):
            return _verified(request, device)
        form.add_error("token", form.fields["token"].error_messages["invalid"])
    uri = device.config_url
    context = {
        "form": form,
        "secret": b32_secret(device),
        "otpauth_uri": uri,
        "qr_svg": qr_svg(uri),
        "next": _next_url(request),
    }
    return render(request, "accounts/otp_enrol.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current code of an enrolled device."""
    user = request.user
    if not confirmed_devices(user):
        return redirect("otp-enrol")
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(_next_url(request))
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_token(user, form.cleaned_data["token"], request=request)
        if device is not None:
            return _verified(request, device)
        form.add_error("token", form.fields["token"].error_messages["invalid"])
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


def _audit_queryset(request: HttpRequest) -> tuple[AuditSearchForm, Any]:
    if not has_capability(request.user, "audit.view_events"):
        raise Http404
    form = AuditSearchForm(request.GET or None)
    queryset = restrict(Event.objects.select_related("actor"), request.user)
    if form.is_bound and form.is_valid():
        queryset = filter_events(queryset, **form.filters())
    elif form.is_bound:
        queryset = queryset.none()
    return form, queryset


@never_cache
@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first, with search by type, actor, dates and object."""
    form, queryset = _audit_queryset(request)
    page = Paginator(queryset.order_by("-seq"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "accounts/audit_list.html", context, status=200 if not form.errors else 400)


@never_cache
@login_required
@require_GET
def audit_export_csv(request: HttpRequest) -> HttpResponseBase:
    """The filtered audit log as CSV, streamed (no row cap)."""
    form, queryset = _audit_queryset(request)
    if form.errors:
        return HttpResponse(str(form.errors.as_text()), status=400, content_type="text/plain; charset=utf-8")
    record_event(AUDIT_EXPORTED, request=request, params={"filters": request.GET.dict(), "format": "csv"})
    response = StreamingHttpResponse(export_lines(queryset, "csv"), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="gdip-audit-{stamp}.csv"'
    return response
