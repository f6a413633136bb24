"""Authentication backend with lockout after repeated failures (等保 2.0: 登录失败处理).

Failures are counted from the audit log (accounts.login_failed events), so the count is shared
by every worker process and survives restarts without a cache server. A username is locked once
it has GDIP_LOGIN_FAILURE_LIMIT failures (default 5) within GDIP_LOGIN_LOCKOUT_SECONDS
(default 900) and no successful sign-in (session or API token) after them; the lock lifts when
the window passes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

__all__ = ["LockoutModelBackend", "is_locked_out"]


def is_locked_out(username: str) -> bool:
    """True when `username` has reached the failure limit within the lockout window."""
    from gdip.accounts.actions import TOKEN_ISSUED
    from gdip.accounts.models import Event
    from gdip.accounts.signals import LOGIN, LOGIN_FAILED

    limit = int(getattr(settings, "GDIP_LOGIN_FAILURE_LIMIT", 5))
    window = int(getattr(settings, "GDIP_LOGIN_LOCKOUT_SECONDS", 900))
    since = timezone.now() - timedelta(seconds=window)
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


class LockoutModelBackend(ModelBackend):
    """ModelBackend that refuses a locked-out username before checking the password."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """Refuse locked usernames (PermissionDenied stops the other backends too)."""
        if username is None:
            username = kwargs.get("username")
        if username and is_locked_out(username):
            raise PermissionDenied("locked out")
        return super().authenticate(request, username=username, password=password, **kwargs)
