"""Authentication backend with lockout after repeated failures (等保 2.0: 登录失败处理).

Failures are counted from the audit log (accounts.login_failed events), so the count is shared
by every worker process and survives restarts without a cache server. Two locks apply:

* per account: a username is locked once it has GDIP_LOGIN_FAILURE_LIMIT failures (default 5)
  within GDIP_LOGIN_LOCKOUT_SECONDS (default 900) and no successful sign-in (session or API
  token) after them;
* per source address: an address is locked once GDIP_LOGIN_IP_FAILURE_LIMIT failures (default 5,
  any usernames) came from it within the window. A success does not reset this count, or an
  attacker holding one valid account could keep guessing other accounts' passwords.

A lock lifts when the window passes. A locked attempt fails exactly like a wrong password (the
same generic message: no account enumeration) and leaves an accounts.login_locked event besides
the accounts.login_failed one Django's signal writes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from gdip.core.events import client_ip, record_event

__all__ = ["LOGIN_LOCKED", "LockoutModelBackend", "is_address_locked_out", "is_locked_out", "lockout_scope"]

LOGIN_LOCKED = "accounts.login_locked"


def _window_start() -> Any:
    window = int(getattr(settings, "GDIP_LOGIN_LOCKOUT_SECONDS", 900))
    return timezone.now() - timedelta(seconds=window)


def is_locked_out(username: str) -> bool:
    """True when `username` has reached the failure limit within the lockout window."""
    from gdip.accounts.actions import TOKEN_ISSUED
    from gdip.accounts.models import Event
    from gdip.accounts.signals import LOGIN, LOGIN_FAILED

    limit = int(getattr(settings, "GDIP_LOGIN_FAILURE_LIMIT", 5))
    since = _window_start()
    last_success = (
        Event.objects.filter(type__in=(LOGIN, TOKEN_ISSUED), params__username=username, created__gte=since)
        .order_by("-created")
        .values_list("created", flat=True)
        .first()
    )
    if last_success is not None:
        since = last_success
    failures = Event.objects.filter(type=LOGIN_FAILED, params__username=username, created__gt=since)
    return failures.count() >= limit


def is_address_locked_out(ip_address: str | None) -> bool:
    """True when `ip_address` has reached the per-address failure limit within the window."""
    if not ip_address:
        return False
    from gdip.accounts.models import Event
    from gdip.accounts.signals import LOGIN_FAILED

    limit = int(getattr(settings, "GDIP_LOGIN_IP_FAILURE_LIMIT", 5))
    failures = Event.objects.filter(type=LOGIN_FAILED, ip_address=ip_address, created__gt=_window_start())
    return failures.count() >= limit


def lockout_scope(username: str | None, ip_address: str | None) -> str | None:
    """ "account", "address" or None: which lock (if any) refuses this attempt."""
    if username and is_locked_out(username):
        return "account"
    if is_address_locked_out(ip_address):
        return "address"
    return None


class LockoutModelBackend(ModelBackend):
    """ModelBackend that refuses a locked-out username or address before checking the password."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """Refuse locked usernames and addresses (PermissionDenied stops the other backends too)."""
        if username is None:
            username = kwargs.get("username")
        scope = lockout_scope(username, client_ip(request))
        if scope is not None:
            record_event(
                LOGIN_LOCKED, request=request, params={"username": str(username or "")[:150], "scope": scope}
            )
            raise PermissionDenied("locked out")
        return super().authenticate(request, username=username, password=password, **kwargs)
