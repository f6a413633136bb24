"""User and token actions: who may call them, what they change, which events they write."""

from __future__ import annotations

import pytest
from accounts_world import World
from django.core.exceptions import PermissionDenied, ValidationError

from gdip.accounts.actions import (
    USER_CREATED,
    USER_DEACTIVATED,
    USER_PASSWORD_SET,
    do_create_user,
    do_deactivate_user,
    do_issue_api_token,
    do_revoke_api_token,
    do_set_password,
)
from gdip.accounts.models import ApiToken, Event, User

PASSWORD = "Tr1cky-Passw0rd!"


@pytest.mark.django_db
def test_only_province_admin_creates_users(world: World) -> None:
    org = world.orgs["ent3"]
    for name in ("city_sz", "ent1", "auditor"):
        with pytest.raises(PermissionDenied):
            do_create_user(
                world.users[name], username="x", password=PASSWORD, role="enterprise", organisation=org
            )
    user = do_create_user(
        world.users["prov"],
        username="new",
        password=PASSWORD,
        role="enterprise",
        organisation=org,
        phone="13800138000",
    )
    assert user.check_password(PASSWORD) and user.city_code == "440300"
    event = Event.objects.get(type=USER_CREATED)
    assert event.actor == world.users["prov"] and event.object_id == str(user.pk)
    assert event.organisation == org and event.city_code == "440300"
    assert PASSWORD not in str(event.params)


@pytest.mark.django_db
def test_create_user_validates_password_and_role(world: World) -> None:
    prov = world.users["prov"]
    with pytest.raises(ValidationError):
        do_create_user(
            prov, username="weak", password="12345678", role="enterprise", organisation=world.orgs["ent1"]
        )
    with pytest.raises(ValidationError):
        do_create_user(
            prov, username="mismatch", password=PASSWORD, role="bank", organisation=world.orgs["ent1"]
        )
    assert not User.objects.filter(username__in=["weak", "mismatch"]).exists()


@pytest.mark.django_db
def test_set_password_self_or_admin_and_revokes_tokens(world: World) -> None:
    ent1, ent1b = world.users["ent1"], world.users["ent1b"]
    with pytest.raises(PermissionDenied):
        do_set_password(ent1b, ent1, PASSWORD)  # a colleague may see, not change
    with pytest.raises(PermissionDenied):
        do_set_password(world.users["city_sz"], ent1, PASSWORD)
    _, token = do_issue_api_token(ent1, "t")
    do_set_password(ent1, ent1, PASSWORD)
    token.refresh_from_db()
    assert token.revoked is not None
    do_set_password(world.users["prov"], ent1, "An0ther-Passw0rd")
    assert Event.objects.filter(type=USER_PASSWORD_SET, object_id=str(ent1.pk)).count() == 2


@pytest.mark.django_db
def test_deactivate_user(world: World) -> None:
    target = world.users["ent2"]
    _, token = do_issue_api_token(target, "t")
    with pytest.raises(PermissionDenied):
        do_deactivate_user(world.users["city_gz"], target)
    with pytest.raises(ValidationError):
        do_deactivate_user(world.users["prov"], world.users["prov"])
    do_deactivate_user(world.users["prov"], target)
    do_deactivate_user(world.users["prov"], target)  # twice: one event
    target.refresh_from_db()
    token.refresh_from_db()
    assert not target.is_active and token.revoked is not None
    assert Event.objects.filter(type=USER_DEACTIVATED).count() == 1
    with pytest.raises(PermissionDenied):
        do_issue_api_token(target, "again")


@pytest.mark.django_db
def test_token_stored_as_hash_and_revocation_scoped(world: World) -> None:
    plaintext, token = do_issue_api_token(world.users["bank1"], "t")
    assert not ApiToken.objects.filter(key_hash__contains=plaintext[5:20]).exists()
    with pytest.raises(PermissionDenied):
        do_revoke_api_token(world.users["bank2"], token)
    with pytest.raises(PermissionDenied):
        do_revoke_api_token(world.users["auditor"], token)
    do_revoke_api_token(world.users["prov"], token)
    token.refresh_from_db()
    assert token.revoked is not None
