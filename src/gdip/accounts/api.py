"""API authentication: bearer tokens, the token endpoints and the current user.

Other routers authenticate with ``auth=API_AUTH``: a bearer token (scripts, other systems) or the
browser session (with CSRF protection, as django-ninja's session auth checks it).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import authenticate
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.security import HttpBearer, django_auth

from gdip.accounts.actions import (
    access_api_token_by_id,
    do_issue_api_token,
    do_revoke_api_token,
    hash_token,
)
from gdip.accounts.models import ApiToken
from gdip.accounts.otp import requires_otp
from gdip.accounts.otp import verify_token as verify_otp
from gdip.core.api_schemas import ErrorOut, ValidationErrorOut

__all__ = ["API_AUTH", "TokenAuth", "router"]

# last_used is a hint for users reviewing their tokens; writing it on every request would turn
# each read into a database write.
LAST_USED_RESOLUTION = timedelta(minutes=1)

BAD_CREDENTIALS = "用户名或密码错误 / Invalid username or password"
NO_TOKEN = "未指定要吊销的令牌 / No token to revoke: send token_id or use bearer authentication"
OTP_REQUIRED = "需要有效的动态口令（otp 字段） / A valid one-time password (field otp) is required"


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` against the hashed API tokens."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        """The token's user when the token is known, unrevoked, unexpired and the user active."""
        if not token or len(token) > 200:
            return None
        now = timezone.now()
        api_token = (
            ApiToken.objects.select_related("user", "user__organisation")
            .filter(key_hash=hash_token(token), revoked__isnull=True, expires__gt=now)
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            return None
        ApiToken.objects.filter(pk=api_token.pk).filter(
            Q(last_used__isnull=True) | Q(last_used__lt=now - LAST_USED_RESOLUTION)
        ).update(last_used=now)
        # Downstream code (restrict(), record_event()) reads request.user, as for a session.
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


API_AUTH = [TokenAuth(), django_auth]

router = Router(tags=["auth"], auth=API_AUTH)


class TokenIn(Schema):
    """Credentials exchanged for a token."""

    username: str = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=4096)
    name: str = Field("", max_length=100, description="a label to tell your tokens apart")
    otp: str = Field(
        "",
        max_length=12,
        description="the current TOTP code; required for accounts with a second factor "
        "(province_admin, auditor, and anyone who enrolled one)",
    )


class TokenOut(Schema):
    """A newly issued token; the only time its plaintext is shown."""

    token: str
    token_id: int
    expires: datetime


class RevokeIn(Schema):
    """Which token to revoke; omitted means the bearer token of this request."""

    token_id: int | None = None


class RevokedOut(Schema):
    """The revoked token."""

    token_id: int
    revoked: datetime


class OrganisationOut(Schema):
    """The organisation of the current user."""

    id: int
    name: str
    name_en: str
    org_type: str


class MeOut(Schema):
    """The signed-in user."""

    id: int
    username: str
    role: str
    role_label: str
    organisation: OrganisationOut | None
    city_code: str


@router.post(
    "/token",
    auth=None,
    response={200: TokenOut, 400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut},
    summary="Exchange username and password for an API token",
)
def issue_token(request: HttpRequest, payload: TokenIn) -> Any:
    """Issue a bearer token valid for 30 days; 401 for wrong credentials, a locked account or a
    missing/wrong one-time password where a second factor is required."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        return Status(401, {"detail": BAD_CREDENTIALS})
    if requires_otp(user) and verify_otp(user, payload.otp, request=request) is None:
        return Status(401, {"detail": OTP_REQUIRED})
    token, api_token = do_issue_api_token(user, payload.name, request=request)  # type: ignore[arg-type]
    return Status(200, {"token": token, "token_id": api_token.pk, "expires": api_token.expires})


@router.get("/me", response={200: MeOut, 401: ErrorOut, 403: ErrorOut}, summary="The current user")
def me(request: HttpRequest) -> Any:
    """Username, role, organisation and city of the authenticated user."""
    user = request.auth  # type: ignore[attr-defined]
    org = user.organisation
    return {
        "id": user.pk,
        "username": user.username,
        "role": user.role,
        "role_label": str(user.get_role_display()),
        "organisation": None
        if org is None
        else {"id": org.pk, "name": org.name, "name_en": org.name_en, "org_type": org.org_type},
        "city_code": user.city_code,
    }


@router.post(
    "/token/revoke",
    response={
        200: RevokedOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ValidationErrorOut,
    },
    summary="Revoke an API token",
)
def revoke_token(request: HttpRequest, payload: RevokeIn | None = None) -> Any:
    """Revoke `token_id` (one of your own tokens), or the bearer token of this request."""
    user = request.auth  # type: ignore[attr-defined]
    token_id = payload.token_id if payload is not None else None
    api_token: ApiToken | None
    if token_id is not None:
        api_token = access_api_token_by_id(user, token_id, "change")
    else:
        api_token = getattr(request, "api_token", None)
        if api_token is None:
            return Status(400, {"detail": NO_TOKEN})
    do_revoke_api_token(user, api_token, request=request)
    return Status(200, {"token_id": api_token.pk, "revoked": api_token.revoked})
