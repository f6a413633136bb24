"""RequireOTPMiddleware: a signed-in user who needs a second factor reaches only the OTP pages.

Placed after django-otp's OTPMiddleware (which provides ``request.user.is_verified()``). Until
the session is verified, a user who must use TOTP (see gdip.accounts.otp.requires_otp) is sent to
the enrolment page (no confirmed device yet) or the verification page; logout, login and the
language switch stay reachable. Session-authenticated API calls get a JSON 403 instead.
Bearer-token API calls are not affected: tokens for these users are issued only against a valid
one-time password.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from gdip.accounts.otp import confirmed_devices, otp_required_role

__all__ = ["OTP_PENDING_DETAIL", "RequireOTPMiddleware"]

ALLOWED_URL_NAMES = frozenset({"otp-enrol", "otp-verify", "logout", "login", "set_language"})
OTP_PENDING_DETAIL = "需要完成动态口令验证 / Second-factor verification (one-time password) required"


class RequireOTPMiddleware:
    """Send unverified users who need a second factor to enrolment or verification."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        is_verified = getattr(user, "is_verified", None)
        if callable(is_verified) and is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in ALLOWED_URL_NAMES:
            return None
        devices = confirmed_devices(user)
        if not devices and not otp_required_role(user):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": OTP_PENDING_DETAIL}, status=403)
        target = reverse("otp-verify" if devices else "otp-enrol")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
