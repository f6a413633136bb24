"""State changes of accounts: users, passwords and API tokens.

`check_*` authorises and validates, `do_*` changes state inside a transaction and writes the
event, `access_*_by_id` fetches only what the caller may see. Views, the API and the CLI call
these; `actor=None` means the system itself (CLI, seeding) and skips the authorisation check.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gdip.accounts.models import API_TOKEN_LIFETIME, ApiToken, Organisation, User
from gdip.core.events import record_event
from gdip.core.permissions import access_object_by_id, has_capability, require, restrict

__all__ = [
    "TOKEN_ISSUED",
    "TOKEN_REVOKED",
    "USER_CREATED",
    "USER_DEACTIVATED",
    "USER_PASSWORD_SET",
    "access_api_token_by_id",
    "access_user_by_id",
    "check_create_user",
    "do_create_user",
    "do_deactivate_user",
    "do_issue_api_token",
    "do_revoke_api_token",
    "do_set_password",
    "hash_token",
]

USER_CREATED = "accounts.user_created"
USER_PASSWORD_SET = "accounts.password_set"
USER_DEACTIVATED = "accounts.user_deactivated"
TOKEN_ISSUED = "accounts.api_token_issued"
TOKEN_REVOKED = "accounts.api_token_revoked"

TOKEN_PREFIX = "gdip_"


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def access_user_by_id(actor: Any, pk: Any, action: str = "view") -> User:
    """The user `pk` if `actor` may perform `action` on it; Http404 otherwise."""
    return access_object_by_id(User.objects.select_related("organisation"), actor, pk, action)


def access_api_token_by_id(actor: Any, pk: Any, action: str = "view") -> ApiToken:
    """The API token `pk` if `actor` may perform `action` on it; Http404 otherwise."""
    return access_object_by_id(ApiToken.objects.select_related("user"), actor, pk, action)


def check_create_user(
    actor: Any,
    *,
    username: str,
    password: str,
    role: str,
    organisation: Organisation | None = None,
    city_code: str = "",
    email: str = "",
    phone: str = "",
) -> User:
    """Authorise and validate a new account; returns the unsaved user (ValidationError if invalid)."""
    if actor is not None:
        if not has_capability(actor, "accounts.manage_users"):
            raise PermissionDenied("accounts.manage_users")
        if (
            organisation is not None
            and not restrict(Organisation.objects.all(), actor).filter(pk=organisation.pk).exists()
        ):
            raise PermissionDenied("organisation")
    user = User(
        username=username,
        role=role,
        organisation=organisation,
        city_code=city_code or "",
        email=email,
        phone=phone,
    )
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    return user


def do_create_user(
    actor: Any,
    *,
    username: str,
    password: str,
    role: str,
    organisation: Organisation | None = None,
    city_code: str = "",
    email: str = "",
    phone: str = "",
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    request: HttpRequest | None = None,
) -> User:
    """Create an account (password hashed), recording accounts.user_created."""
    user = check_create_user(
        actor,
        username=username,
        password=password,
        role=role,
        organisation=organisation,
        city_code=city_code,
        email=email,
        phone=phone,
    )
    user.first_name = first_name
    user.last_name = last_name
    user.is_staff = is_staff
    user.set_password(password)
    with transaction.atomic():
        user.save()
        record_event(
            USER_CREATED,
            actor=actor,
            obj=user,
            request=request,
            params={"username": user.username, "role": user.role, "organisation_id": user.organisation_id},
        )
    return user


def _revoke_all_tokens(user: User, now: datetime) -> int:
    return ApiToken.objects.filter(user=user, revoked__isnull=True).update(revoked=now)


def do_set_password(actor: Any, user: User, password: str, *, request: HttpRequest | None = None) -> None:
    """Set a new password (self-service or user administration); revokes the user's API tokens.

    Tokens go with the old password because a password change is what a user does after a
    compromise; a token issued with the old password must not outlive it.
    """
    if actor is not None:
        require(actor, "change", user)
    validate_password(password, user)
    now = timezone.now()
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        revoked = _revoke_all_tokens(user, now)
        record_event(
            USER_PASSWORD_SET,
            actor=actor,
            obj=user,
            request=request,
            params={"username": user.username, "tokens_revoked": revoked},
        )


def do_deactivate_user(actor: Any, user: User, *, request: HttpRequest | None = None) -> None:
    """Deactivate an account (never delete: events refer to it) and revoke its API tokens."""
    if actor is not None:
        if not has_capability(actor, "accounts.manage_users"):
            raise PermissionDenied("accounts.manage_users")
        require(actor, "change", user)
        if actor.pk == user.pk:
            raise ValidationError(_("You cannot deactivate your own account."), code="self")
    if not user.is_active:
        return
    now = timezone.now()
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        revoked = _revoke_all_tokens(user, now)
        record_event(
            USER_DEACTIVATED,
            actor=actor,
            obj=user,
            request=request,
            params={"username": user.username, "tokens_revoked": revoked},
        )


def do_issue_api_token(
    user: User,
    name: str = "",
    *,
    lifetime: timedelta = API_TOKEN_LIFETIME,
    request: HttpRequest | None = None,
) -> tuple[str, ApiToken]:
    """Issue a bearer token for `user`; the plaintext is returned once and never stored."""
    if not user.is_active:
        raise PermissionDenied("inactive")
    if not has_capability(user, "accounts.use_api_tokens"):
        raise PermissionDenied("accounts.use_api_tokens")
    secret = secrets.token_urlsafe(32)
    plaintext = TOKEN_PREFIX + secret
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            key_hash=hash_token(plaintext),
            prefix=secret[:8],
            name=name[:100],
            expires=timezone.now() + lifetime,
        )
        record_event(
            TOKEN_ISSUED,
            actor=user,
            obj=token,
            request=request,
            params={
                "username": user.username,
                "token_id": token.pk,
                "name": token.name,
                "expires": token.expires.isoformat(),
            },
        )
    return plaintext, token


def do_revoke_api_token(actor: Any, token: ApiToken, *, request: HttpRequest | None = None) -> None:
    """Revoke a token (its owner, or whoever may change it); revoking twice changes nothing."""
    if actor is not None:
        require(actor, "change", token)
    if token.revoked is not None:
        return
    with transaction.atomic():
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        record_event(
            TOKEN_REVOKED,
            actor=actor,
            obj=token,
            request=request,
            organisation=token.user.organisation,
            params={"username": token.user.username, "token_id": token.pk},
        )
