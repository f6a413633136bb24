"""身份鉴别: password policy, lockout per account and per address, idle timeout, TOTP."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation
from security_helpers import PASSWORD, totp_now

from gdip.accounts.backends import LOGIN_LOCKED
from gdip.accounts.models import Event, User
from gdip.accounts.otp import OTP_ENROLLED, OTP_FAILED, OTP_VERIFIED
from gdip.accounts.password_validation import password_variants
from gdip.accounts.signals import LOGIN, LOGIN_FAILED, LOGOUT

pytestmark = pytest.mark.urls("security_urls")
TOKEN_URL = "/api/v1/auth/token"


class _U:
    username = "Zhang.Wei"


def _codes(password: str) -> set[str]:
    try:
        validate_password(password, _U())  # type: ignore[arg-type]
    except ValidationError as exc:
        return {e.code for e in exc.error_list}  # type: ignore[misc]
    return set()


# --- password policy ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("Xk9#mQ2vLp", set()),
        ("Gdip-Demo-2026!", set()),
        ("Sh0rt!aB", {"password_too_short"}),
        ("alllowercase1", {"password_too_simple"}),
        ("ALLUPPER-LETTERS", {"password_too_simple"}),
        ("1234567890!!", {"password_too_simple"}),
        ("Iloveyou2026#", {"password_too_common"}),
        ("my-zhang.wei-Pass1", {"password_contains_username"}),
        ("ZHANG.WEI2026abc", {"password_contains_username"}),
        ("P@ssw0rd2024!", {"password_too_common"}),  # leetspeak + decoration
        ("drowssaP123!", {"password_too_common"}),  # reversed
        ("Qwerty12345!", {"password_too_common"}),
        ("!!Sunshine2024", {"password_too_common"}),
    ],
)
def test_password_policy(password: str, codes: set[str]) -> None:
    assert _codes(password) == codes


def test_variants_undo_disguises() -> None:
    assert "password" in password_variants("P@55w0rd!!")
    assert "dragon" in password_variants("nogarD#2024")


def test_policy_messages_in_both_languages() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as en:
        validate_password("short1A!")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as zh:
        validate_password("short1A!")
    assert "at least 10 characters" in en.value.messages[0]
    assert zh.value.messages[0] != en.value.messages[0] or "10" in zh.value.messages[0]


def test_settings_use_the_policy(settings: Any) -> None:
    names = [v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == [
        "LengthValidator",
        "CharacterClassesValidator",
        "UsernameValidator",
        "CommonPasswordValidator",
    ]


# --- lockout -----------------------------------------------------------------------------------


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_account_locked_after_five_failures_with_the_generic_message(make_user: Any, client: Client) -> None:
    make_user("alice")
    generic = _login(client, "alice", "wrong-password").content
    for i in range(4):
        _login(client, "alice", "wrong-password", ip=f"10.0.1.{i}")
    locked = _login(client, "alice", PASSWORD, ip="10.0.2.1")
    assert locked.status_code == 200 and "_auth_user_id" not in client.session
    # Same page, same message as a wrong password: a locked account is not revealed.
    assert locked.content.replace(b"10.0.2.1", b"").count(b"error-list") == generic.count(b"error-list")
    event = Event.objects.get(type=LOGIN_LOCKED)
    assert event.params == {"username": "alice", "scope": "account"} and event.ip_address == "10.0.2.1"
    assert Event.objects.filter(type=LOGIN_FAILED).count() == 6


def test_lock_lifts_after_the_window(make_user: Any, client: Client, settings: Any) -> None:
    make_user("alice")
    for _ in range(5):
        _login(client, "alice", "nope-nope-nope")
    assert _login(client, "alice", PASSWORD, ip="10.9.9.9").status_code == 200
    settings.GDIP_LOGIN_LOCKOUT_SECONDS = 0
    assert _login(client, "alice", PASSWORD, ip="10.9.9.9").status_code == 302


def test_address_locked_after_five_failures_across_usernames(make_user: Any, client: Client) -> None:
    make_user("bob")
    for name in ("u1", "u2", "u3", "u4", "u5"):
        _login(client, name, "whatever-pass", ip="192.0.2.7")
    refused = _login(client, "bob", PASSWORD, ip="192.0.2.7")
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert Event.objects.filter(type=LOGIN_LOCKED, params__scope="address").count() == 1
    # The account itself is not locked: from another address bob gets in.
    assert _login(client, "bob", PASSWORD, ip="192.0.2.8").status_code == 302


def test_api_token_endpoint_honours_the_lockout(make_user: Any, client: Client) -> None:
    make_user("carol")
    body = {"username": "carol", "password": "bad-bad-bad"}
    for _ in range(5):
        client.post(TOKEN_URL, json.dumps(body), content_type="application/json")
    good = {"username": "carol", "password": PASSWORD}
    locked = client.post(TOKEN_URL, json.dumps(good), content_type="application/json")
    assert locked.status_code == 401
    assert Event.objects.filter(type=LOGIN_LOCKED, params__username="carol").exists()


def test_login_logout_and_failure_are_events(make_user: Any, client: Client) -> None:
    user = make_user("dave")
    _login(client, "dave", "wrong-wrong")
    assert _login(client, "dave", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    types = list(
        Event.objects.filter(type__in=(LOGIN, LOGOUT, LOGIN_FAILED))
        .order_by("seq")
        .values_list("type", flat=True)
    )
    assert types == [LOGIN_FAILED, LOGIN, LOGOUT]
    assert Event.objects.get(type=LOGIN).actor == user


# --- idle session timeout ------------------------------------------------------------------------


def test_idle_session_expires(make_user: Any, client: Client, settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 1800 and settings.SESSION_SAVE_EVERY_REQUEST
    make_user("erin")
    assert _login(client, "erin", PASSWORD).status_code == 302
    assert client.get("/accounts/password_change/").status_code == 200  # active: the session works
    key = client.session.session_key
    session = Session.objects.get(session_key=key)
    # Each request pushed the expiry 30 minutes ahead of that request.
    assert session.expire_date > timezone.now() + timedelta(seconds=1700)
    # Idle for 31 minutes: the session's expiry date has passed.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(minutes=1))
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- TOTP ---------------------------------------------------------------------------------------


def test_required_role_is_sent_to_enrolment_and_confined_until_verified(
    make_user: Any, client: Client
) -> None:
    make_user("prov", role="province_admin")
    response = _login(client, "prov", PASSWORD)
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith("/accounts/otp/enrol/")
    for url in ("/audit/", "/patents/", "/accounts/password_change/", "/admin/"):
        assert client.get(url).status_code == 302, url
    api = client.get("/api/v1/auth/me")
    assert api.status_code == 403 and "one-time password" in api.json()["detail"]

    page = client.get("/accounts/otp/enrol/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "otpauth://totp/" in html
    assert "<script" not in html.split("</header>")[1] and "style=" not in html
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username="prov", confirmed=False)
    assert page.context["secret"] in html

    bad = client.post("/accounts/otp/enrol/", {"token": "000000"})
    assert bad.status_code == 200 and Event.objects.filter(type=OTP_FAILED).count() == 1
    device.refresh_from_db()
    device.throttle_reset()
    ok = client.post("/accounts/otp/enrol/", {"token": totp_now(device), "next": "/audit/"})
    assert ok.status_code == 302 and ok["Location"] == "/audit/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/audit/").status_code == 200
    assert {OTP_ENROLLED, OTP_VERIFIED} <= set(Event.objects.values_list("type", flat=True))


def test_enrolled_user_verifies_at_each_sign_in(make_user: Any, client: Client, settings: Any) -> None:
    from gdip.accounts.otp import create_confirmed_device

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = make_user("aud", role="auditor")
    device = create_confirmed_device(user)
    _login(client, "aud", PASSWORD)
    home = client.get("/")
    assert home["Location"].startswith("/accounts/otp/verify/")
    assert client.get("/accounts/otp/enrol/")["Location"] == "/accounts/otp/verify/"
    wrong = client.post("/accounts/otp/verify/", {"token": "123456"})
    assert wrong.status_code == 200 and Event.objects.filter(type=OTP_FAILED).exists()
    code = totp_now(device)
    assert client.post("/accounts/otp/verify/", {"token": code}).status_code == 302
    assert client.get("/audit/").status_code == 200
    # A code is accepted once (no replay), in a new session too.
    other = Client()
    _login(other, "aud", PASSWORD)
    assert other.post("/accounts/otp/verify/", {"token": code}).status_code == 200


def test_other_roles_are_not_asked_unless_enrolled(make_user: Any, client: Client, settings: Any) -> None:
    from gdip.accounts.otp import create_confirmed_device

    user = make_user("ent")
    _login(client, "ent", PASSWORD)
    assert client.get("/accounts/password_change/").status_code == 200
    client.post("/accounts/logout/")
    create_confirmed_device(user)  # optional second factor: once enrolled, always asked
    _login(client, "ent", PASSWORD)
    assert client.get("/accounts/password_change/")["Location"].startswith("/accounts/otp/verify/")


def test_api_token_for_otp_roles_needs_a_valid_otp(make_user: Any, client: Client, settings: Any) -> None:
    from gdip.accounts.otp import create_confirmed_device

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = make_user("prov2", role="province_admin")
    device = create_confirmed_device(user)
    body: dict[str, Any] = {"username": "prov2", "password": PASSWORD}
    missing = client.post(TOKEN_URL, json.dumps(body), content_type="application/json")
    assert missing.status_code == 401 and "otp" in missing.json()["detail"]
    body["otp"] = "000000" if totp_now(device) != "000000" else "111111"
    assert client.post(TOKEN_URL, json.dumps(body), content_type="application/json").status_code == 401
    body["otp"] = totp_now(device)
    ok = client.post(TOKEN_URL, json.dumps(body), content_type="application/json")
    assert ok.status_code == 200 and ok.json()["token"].startswith("gdip_")
    # Other roles need no otp.
    make_user("ent9")
    plain = client.post(
        TOKEN_URL, json.dumps({"username": "ent9", "password": PASSWORD}), content_type="application/json"
    )
    assert plain.status_code == 200


def test_demo_users_print_totp_secrets_once(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gdip.accounts.demo import create_demo_users
    from gdip.accounts.otp import b32_secret

    monkeypatch.delenv("GDIP_DEMO_PASSWORD", raising=False)
    lines = {line.split()[0]: line for line in create_demo_users()}
    for name in ("province_admin1", "auditor1"):
        device = TOTPDevice.objects.get(user__username=name, confirmed=True)
        assert f"TOTP secret: {b32_secret(device)}" in lines[name]
    assert "TOTP" not in lines["enterprise1"]
    again = {line.split()[0]: line for line in create_demo_users()}
    assert "already enrolled" in again["auditor1"] and TOTPDevice.objects.count() == 2
    assert User.objects.get(username="auditor1").role == "auditor"
