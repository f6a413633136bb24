"""TOTP second factor (django-otp): who needs it, enrolment, verification and their events.

province_admin and auditor (GDIP_OTP_REQUIRED_ROLES; a superuser counts as province_admin) must
use a second factor; any other user may enrol one, and once enrolled it is required at every
sign-in. Secrets never leave the server except on the enrolment page (and in the output of
``gdip demo-users`` for the demo accounts).
"""

from __future__ import annotations

import re
from base64 import b32encode
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from gdip.core.events import record_event
from gdip.core.permissions import role_of

__all__ = [
    "OTP_ENROLLED",
    "OTP_FAILED",
    "OTP_VERIFIED",
    "b32_secret",
    "confirmed_devices",
    "create_confirmed_device",
    "otp_required_role",
    "pending_device",
    "qr_svg",
    "requires_otp",
    "verify_token",
]

OTP_ENROLLED = "accounts.otp_enrolled"
OTP_VERIFIED = "accounts.otp_verified"
OTP_FAILED = "accounts.otp_failed"
DEVICE_NAME = "TOTP"
_TOKEN = re.compile(r"^\d{6,8}$")


def otp_required_role(user: Any) -> bool:
    """True when the user's role must use a second factor."""
    return role_of(user) in tuple(getattr(settings, "GDIP_OTP_REQUIRED_ROLES", ("province_admin", "auditor")))


def confirmed_devices(user: Any) -> list[Any]:
    """The user's confirmed TOTP devices."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if user is None or user.pk is None:
        return []
    return list(TOTPDevice.objects.filter(user=user, confirmed=True))


def requires_otp(user: Any) -> bool:
    """True when this signed-in user must pass a second factor (role, or an enrolled device)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return otp_required_role(user) or bool(confirmed_devices(user))


def pending_device(user: Any) -> Any:
    """The user's unconfirmed device for enrolment (created on first use, same secret until confirmed)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def create_confirmed_device(user: Any) -> Any:
    """A new confirmed device (demo accounts: the secret is printed once by `gdip demo-users`)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        record_event(
            OTP_ENROLLED, actor=None, obj=user, params={"username": user.username, "device_id": device.pk}
        )
    return device


def b32_secret(device: Any) -> str:
    """The device secret as the base32 text authenticator apps accept."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code (no style attributes, no scripts: CSP-safe)."""
    import segno

    return str(segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff", title="TOTP"))


def verify_token(
    user: Any,
    token: str,
    *,
    request: HttpRequest | None = None,
    devices: list[Any] | None = None,
    enrolment: bool = False,
) -> Any:
    """The device that accepts `token` (and records otp_verified / otp_enrolled), else None (otp_failed).

    django-otp refuses a token already used (replay) and throttles after failures.
    """
    token = (token or "").strip().replace(" ", "")
    candidates = confirmed_devices(user) if devices is None else devices
    accepted = None
    throttled = False
    if _TOKEN.match(token):
        for device in candidates:
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(token):
                accepted = device
                break
    params: dict[str, Any] = {"username": user.get_username()}
    if accepted is None:
        if throttled:
            params["throttled"] = True
        record_event(OTP_FAILED, actor=user, obj=user, request=request, params=params)
        return None
    params["device_id"] = accepted.pk
    with transaction.atomic():
        if enrolment:
            accepted.confirmed = True
            accepted.save(update_fields=["confirmed"])
            record_event(OTP_ENROLLED, actor=user, obj=user, request=request, params=params)
        record_event(OTP_VERIFIED, actor=user, obj=user, request=request, params=params)
    return accepted
