"""Login, logout and failed-login events.

Django announces these only through its auth signals, so receivers are the one place where the
audit log is written from a signal; every other event is written by an action.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from gdip.core.events import record_event

__all__ = ["LOGIN", "LOGIN_FAILED", "LOGOUT", "connect"]

LOGIN = "accounts.login"
LOGOUT = "accounts.logout"
LOGIN_FAILED = "accounts.login_failed"


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Record a successful sign-in."""
    record_event(LOGIN, actor=user, obj=user, request=request, params={"username": user.get_username()})


def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Record a sign-out (user is None when the session had already expired)."""
    if user is None:
        return
    record_event(LOGOUT, actor=user, obj=user, request=request, params={"username": user.get_username()})


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Record a failed sign-in with the username tried (Django has already masked the password)."""
    username = str(credentials.get("username") or "")[:150]
    record_event(LOGIN_FAILED, request=request, params={"username": username})


def connect() -> None:
    """Connect the receivers (idempotent: dispatch_uid)."""
    user_logged_in.connect(on_logged_in, dispatch_uid="gdip.accounts.login")
    user_logged_out.connect(on_logged_out, dispatch_uid="gdip.accounts.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="gdip.accounts.login_failed")
