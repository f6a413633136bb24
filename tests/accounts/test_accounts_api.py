"""The token endpoints, bearer and session authentication, and the events they leave."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gdip.accounts.actions import TOKEN_ISSUED, TOKEN_REVOKED, do_create_user, do_issue_api_token
from gdip.accounts.api import BAD_CREDENTIALS
from gdip.accounts.models import ApiToken, Event, Organisation, User
from gdip.accounts.signals import LOGIN, LOGIN_FAILED

PASSWORD = "Tr1cky-Passw0rd!"
TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/auth/me"
REVOKE_URL = "/api/v1/auth/token/revoke"


@pytest.fixture
def alice(db: None) -> User:
    org = Organisation.objects.create(
        name="鹏城科技", name_en="Pengcheng Tech", org_type="enterprise", city_code="440300"
    )
    return do_create_user(None, username="alice", password=PASSWORD, role="enterprise", organisation=org)


def _post(client: Client, url: str, body: Any, **extra: Any) -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", **extra)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_good_credentials_give_a_working_token(client: Client, alice: User) -> None:
    response = _post(client, TOKEN_URL, {"username": "alice", "password": PASSWORD, "name": "script"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["token"].startswith("gdip_")
    assert set(body) == {"token", "token_id", "expires"}
    stored = ApiToken.objects.get(pk=body["token_id"])
    assert body["token"] not in stored.key_hash and len(stored.key_hash) == 64
    assert stored.expires > timezone.now() + timedelta(days=29)

    me = client.get(ME_URL, headers=_bearer(body["token"]))
    assert me.status_code == 200
    assert me.json() == {
        "id": alice.pk,
        "username": "alice",
        "role": "enterprise",
        "role_label": me.json()["role_label"],
        "organisation": {
            "id": alice.organisation_id,
            "name": "鹏城科技",
            "name_en": "Pengcheng Tech",
            "org_type": "enterprise",
        },
        "city_code": "440300",
    }
    stored.refresh_from_db()
    assert stored.last_used is not None

    event = Event.objects.get(type=TOKEN_ISSUED)
    assert event.actor == alice and event.params["token_id"] == stored.pk
    assert event.organisation_id == alice.organisation_id and event.ip_address == "127.0.0.1"
    assert body["token"] not in json.dumps(event.params)


def test_last_used_written_at_most_once_a_minute(client: Client, alice: User) -> None:
    token, api_token = do_issue_api_token(alice, "t")
    client.get(ME_URL, headers=_bearer(token))
    api_token.refresh_from_db()
    first = api_token.last_used
    client.get(ME_URL, headers=_bearer(token))
    api_token.refresh_from_db()
    assert api_token.last_used == first
    stale = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=api_token.pk).update(last_used=stale)
    client.get(ME_URL, headers=_bearer(token))
    api_token.refresh_from_db()
    assert api_token.last_used is not None and api_token.last_used > stale + timedelta(minutes=1)


@pytest.mark.parametrize("username,password", [("alice", "wrong-password"), ("nobody", PASSWORD)])
def test_bad_credentials_give_bilingual_401(
    client: Client, alice: User, username: str, password: str
) -> None:
    response = _post(client, TOKEN_URL, {"username": username, "password": password})
    assert response.status_code == 401
    assert response.json() == {"detail": BAD_CREDENTIALS}
    assert "用户名或密码错误" in BAD_CREDENTIALS and "Invalid username or password" in BAD_CREDENTIALS
    assert not ApiToken.objects.exists()
    failed = Event.objects.get(type=LOGIN_FAILED)
    assert failed.params == {"username": username}
    assert failed.actor is None


def test_inactive_user_gets_401(client: Client, alice: User) -> None:
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert _post(client, TOKEN_URL, {"username": "alice", "password": PASSWORD}).status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "",
        "[]",
        json.dumps({"username": "alice"}),
        json.dumps({"username": 1, "password": []}),
        json.dumps({"username": "", "password": ""}),
        json.dumps({"username": "a" * 1000, "password": "x"}),
    ],
    ids=["broken", "empty", "list", "missing", "wrong-types", "blank", "too-long"],
)
def test_malformed_bodies_are_4xx_not_500(client: Client, alice: User, body: str) -> None:
    response = _post(client, TOKEN_URL, body)
    assert 400 <= response.status_code < 500, (response.status_code, response.content)


def test_validation_error_is_documented_as_422(client: Client, db: None) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    responses = schema["paths"][TOKEN_URL]["post"]["responses"]
    assert {"200", "401", "422"} <= set(responses)


@pytest.mark.parametrize(
    "header",
    ["Bearer gdip_nope", "Bearer ", "Token abc", "Bearer " + "x" * 5000],
    ids=["unknown", "empty", "other-scheme", "huge"],
)
def test_unknown_tokens_are_401(client: Client, db: None, header: str) -> None:
    assert client.get(ME_URL, headers={"Authorization": header}).status_code == 401


def test_no_credentials_is_401(client: Client, db: None) -> None:
    assert client.get(ME_URL).status_code == 401


def test_revoked_token_is_401(client: Client, alice: User) -> None:
    token, api_token = do_issue_api_token(alice, "t")
    response = _post(client, REVOKE_URL, {}, headers=_bearer(token))
    assert response.status_code == 200, response.content
    assert response.json()["token_id"] == api_token.pk
    assert client.get(ME_URL, headers=_bearer(token)).status_code == 401
    assert Event.objects.filter(type=TOKEN_REVOKED, object_id=str(api_token.pk)).count() == 1


def test_revoke_by_id_only_own_tokens(client: Client, alice: User) -> None:
    token, _ = do_issue_api_token(alice, "main")
    _, second = do_issue_api_token(alice, "second")
    bob = do_create_user(
        None,
        username="bob",
        password=PASSWORD,
        role="enterprise",
        organisation=Organisation.objects.create(name="b", org_type="enterprise"),
    )
    _, bobs = do_issue_api_token(bob, "bob")
    assert _post(client, REVOKE_URL, {"token_id": bobs.pk}, headers=_bearer(token)).status_code == 404
    assert _post(client, REVOKE_URL, {"token_id": second.pk}, headers=_bearer(token)).status_code == 200
    bobs.refresh_from_db()
    second.refresh_from_db()
    assert bobs.revoked is None and second.revoked is not None
    assert client.get(ME_URL, headers=_bearer(token)).status_code == 200


def test_expired_token_is_401(client: Client, alice: User) -> None:
    token, api_token = do_issue_api_token(alice, "t")
    ApiToken.objects.filter(pk=api_token.pk).update(expires=timezone.now() - timedelta(seconds=1))
    assert client.get(ME_URL, headers=_bearer(token)).status_code == 401


def test_deactivated_user_token_is_401(client: Client, alice: User) -> None:
    token, _ = do_issue_api_token(alice, "t")
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert client.get(ME_URL, headers=_bearer(token)).status_code == 401


def test_session_auth_works_and_revoke_needs_csrf(alice: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get(ME_URL).json()["username"] == "alice"
    _, api_token = do_issue_api_token(alice, "t")
    assert _post(client, REVOKE_URL, {"token_id": api_token.pk}).status_code == 403  # no CSRF token
    client.get(ME_URL)  # any response may set the cookie; fetch it explicitly otherwise
    from django.middleware.csrf import _get_new_csrf_string

    csrf = _get_new_csrf_string()
    client.cookies["csrftoken"] = csrf
    ok = _post(client, REVOKE_URL, {"token_id": api_token.pk}, headers={"X-CSRFToken": csrf})
    assert ok.status_code == 200, ok.content
    # A session has no bearer token to revoke by default.
    assert _post(client, REVOKE_URL, {}, headers={"X-CSRFToken": csrf}).status_code == 400


def test_login_success_and_failure_events(client: Client, alice: User) -> None:
    assert client.login(username="alice", password=PASSWORD)
    assert not client.login(username="alice", password="nope")
    login = Event.objects.get(type=LOGIN)
    assert login.actor == alice and login.params == {"username": "alice"}
    assert Event.objects.filter(type=LOGIN_FAILED, params__username="alice").count() == 1
    client.logout()
    assert Event.objects.filter(type="accounts.logout", actor=alice).count() == 1


def test_lockout_backend(client: Client, alice: User, settings: Any) -> None:
    settings.AUTHENTICATION_BACKENDS = ["gdip.accounts.backends.LockoutModelBackend"]
    settings.GDIP_LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert _post(client, TOKEN_URL, {"username": "alice", "password": "bad"}).status_code == 401
    # Locked: even the right password is refused, with the same message (no account enumeration).
    locked = _post(client, TOKEN_URL, {"username": "alice", "password": PASSWORD})
    assert locked.status_code == 401 and locked.json() == {"detail": BAD_CREDENTIALS}
    settings.GDIP_LOGIN_FAILURE_LIMIT = 10
    assert _post(client, TOKEN_URL, {"username": "alice", "password": PASSWORD}).status_code == 200
    # A success resets the count.
    settings.GDIP_LOGIN_FAILURE_LIMIT = 3
    assert _post(client, TOKEN_URL, {"username": "alice", "password": PASSWORD}).status_code == 200


def test_errors_are_bilingual_json(client: Client, alice: User) -> None:
    unauthenticated = client.get(ME_URL)
    assert unauthenticated.status_code == 401
    assert "Not authenticated" in unauthenticated.json()["detail"]
    auditor = do_create_user(None, username="aud", password=PASSWORD, role="auditor")
    token, _ = do_issue_api_token(auditor, "t")
    _, alices = do_issue_api_token(alice, "a")
    # The auditor sees every token but may revoke none but its own: 403, as JSON.
    forbidden = _post(client, REVOKE_URL, {"token_id": alices.pk}, headers=_bearer(token))
    assert forbidden.status_code == 403
    assert "Permission denied" in forbidden.json()["detail"]
