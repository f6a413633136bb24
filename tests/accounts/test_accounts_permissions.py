"""restrict() matrix for every role and another tenant of the same role; 404 for other tenants."""

from __future__ import annotations

from typing import Any

import pytest
from accounts_world import ORGS, World
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

from gdip.accounts.actions import access_user_by_id
from gdip.accounts.models import Event, Organisation, User
from gdip.core.permissions import (
    access_object_by_id,
    can,
    extend_policy,
    has_capability,
    register_policy,
    require,
    restrict,
)

SZ_ORGS = {k for k, (_, city, _) in ORGS.items() if city == "440300"}
GZ_ORGS = {k for k, (_, city, _) in ORGS.items() if city == "440100"}
ALL_ORGS = set(ORGS)

# username → (visible organisations, changeable organisations); spelled out, not derived.
ORG_MATRIX: dict[str, tuple[set[str], set[str]]] = {
    "ent1": ({"ent1"}, set()),
    "ent2": ({"ent2"}, set()),
    "bank1": ({"bank1", "bank1_gz"}, set()),
    "bank2": ({"bank2"}, set()),
    "agency1": ({"agency1"}, set()),
    "agency2": ({"agency2"}, set()),
    "insurer1": ({"insurer1"}, set()),
    "insurer2": ({"insurer2"}, set()),
    "fund1": ({"fund1"}, set()),
    "fund2": ({"fund2"}, set()),
    "centre1": ({"centre1"}, set()),
    "centre2": ({"centre2"}, set()),
    "city_sz": (
        {"ent1", "ent3", "bank1", "agency1", "insurer2", "fund1", "centre1", "office_sz"},
        {"ent1", "ent3", "bank1", "agency1", "insurer2", "fund1", "centre1", "office_sz"},
    ),
    "city_gz": (
        {"ent2", "bank1_gz", "bank2", "agency2", "insurer1", "fund2", "centre2", "office_gz"},
        {"ent2", "bank1_gz", "bank2", "agency2", "insurer1", "fund2", "centre2", "office_gz"},
    ),
    "prov": (ALL_ORGS, ALL_ORGS),
    "prov_noorg": (ALL_ORGS, ALL_ORGS),
    "auditor": (ALL_ORGS, set()),
}

SZ_USERS = {"ent1", "ent1b", "bank1", "agency1", "insurer2", "fund1", "centre1", "city_sz"}
GZ_USERS = {"ent2", "bank2", "agency2", "insurer1", "fund2", "centre2", "city_gz"}
ALL_USERS = SZ_USERS | GZ_USERS | {"prov", "prov_noorg", "auditor"}

USER_MATRIX: dict[str, tuple[set[str], set[str]]] = {
    "ent1": ({"ent1", "ent1b"}, {"ent1"}),
    "ent1b": ({"ent1", "ent1b"}, {"ent1b"}),
    "ent2": ({"ent2"}, {"ent2"}),
    "bank1": ({"bank1"}, {"bank1"}),
    "bank2": ({"bank2"}, {"bank2"}),
    "agency1": ({"agency1"}, {"agency1"}),
    "agency2": ({"agency2"}, {"agency2"}),
    "insurer1": ({"insurer1"}, {"insurer1"}),
    "insurer2": ({"insurer2"}, {"insurer2"}),
    "fund1": ({"fund1"}, {"fund1"}),
    "fund2": ({"fund2"}, {"fund2"}),
    "centre1": ({"centre1"}, {"centre1"}),
    "centre2": ({"centre2"}, {"centre2"}),
    "city_sz": (SZ_USERS, {"city_sz"}),
    "city_gz": (GZ_USERS, {"city_gz"}),
    "prov": (ALL_USERS, ALL_USERS),
    "prov_noorg": (ALL_USERS, ALL_USERS),
    "auditor": (ALL_USERS, {"auditor"}),
}


def test_matrices_cover_every_user_and_city_sets_are_right() -> None:
    from accounts_world import USERS

    assert set(ORG_MATRIX) | {"ent1b"} == set(USERS)
    assert set(USER_MATRIX) == set(USERS)
    assert ORG_MATRIX["city_sz"][0] == SZ_ORGS
    assert ORG_MATRIX["city_gz"][0] == GZ_ORGS


def _visible(world: World, model: Any, user: Any, action: str) -> set[str]:
    pks = set(restrict(model.objects.all(), user, action).values_list("pk", flat=True))
    return world.org_keys(pks) if model is Organisation else world.user_keys(pks)


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(ORG_MATRIX))
def test_organisation_matrix(world: World, username: str) -> None:
    view, change = ORG_MATRIX[username]
    user = world.users[username]
    assert _visible(world, Organisation, user, "view") == view
    assert _visible(world, Organisation, user, "change") == change
    assert _visible(world, Organisation, user, "delete") == change


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(USER_MATRIX))
def test_user_matrix(world: World, username: str) -> None:
    view, change = USER_MATRIX[username]
    user = world.users[username]
    assert _visible(world, User, user, "view") == view
    assert _visible(world, User, user, "change") == change


@pytest.mark.django_db
def test_anonymous_and_inactive_see_nothing(world: World) -> None:
    anon = AnonymousUser()
    for model in (Organisation, User, Event):
        assert not restrict(model.objects.all(), anon).exists()
    inactive = world.users["prov"]
    inactive.is_active = False
    assert not restrict(Organisation.objects.all(), inactive).exists()


@pytest.mark.django_db
def test_superuser_counts_as_province_admin(world: World) -> None:
    root = User.objects.create(
        username="root", role="enterprise", is_superuser=True, organisation=world.orgs["ent1"]
    )
    assert _visible(world, Organisation, root, "change") == ALL_ORGS


@pytest.mark.django_db
def test_access_object_by_id_other_tenant_is_404(world: World) -> None:
    ent1, ent2 = world.users["ent1"], world.users["ent2"]
    qs = Organisation.objects.all()
    assert access_object_by_id(qs, ent1, world.orgs["ent1"].pk) == world.orgs["ent1"]
    with pytest.raises(Http404):
        access_object_by_id(qs, ent1, world.orgs["ent2"].pk)
    with pytest.raises(Http404):
        access_object_by_id(qs, ent1, world.orgs["ent2"].pk, "change")
    with pytest.raises(Http404):
        access_object_by_id(qs, ent1, 999_999)
    with pytest.raises(Http404):
        access_object_by_id(qs, ent1, "not-a-number")
    # Visible but not changeable: 403 is fine, existence is known to the caller.
    with pytest.raises(PermissionDenied):
        access_object_by_id(qs, ent1, world.orgs["ent1"].pk, "change")
    with pytest.raises(Http404):
        access_user_by_id(ent2, world.users["ent1"].pk)
    with pytest.raises(Http404):
        access_user_by_id(world.users["city_gz"], world.users["ent1"].pk)
    assert access_user_by_id(world.users["city_sz"], world.users["ent1"].pk) == world.users["ent1"]


@pytest.mark.django_db
def test_can_and_require(world: World) -> None:
    org = world.orgs["ent1"]
    assert can(world.users["ent1"], "view", org)
    assert not can(world.users["ent2"], "view", org)
    assert not can(world.users["auditor"], "change", org)
    assert can(world.users["city_sz"], "change", org)
    with pytest.raises(PermissionDenied):
        require(world.users["ent1"], "change", org)
    require(world.users["prov"], "delete", org)


@pytest.mark.django_db
def test_event_scope(world: World) -> None:
    from gdip.core.events import record_event

    e1 = record_event("t", actor=world.users["ent1"])
    e2 = record_event("t", actor=world.users["ent2"])
    e_gd = record_event("t", actor=world.users["prov"])

    def ids(u: Any, action: str = "view") -> set[int]:
        return set(restrict(Event.objects.all(), world.users[u], action).values_list("pk", flat=True))

    assert ids("ent1") == {e1.pk}
    assert ids("city_gz") == {e2.pk}
    assert ids("auditor") == {e1.pk, e2.pk, e_gd.pk}
    assert ids("prov", "change") == set()


def test_capabilities() -> None:
    from types import SimpleNamespace

    def user(role: str) -> Any:
        return SimpleNamespace(is_authenticated=True, is_active=True, is_superuser=False, role=role)

    assert has_capability(user("province_admin"), "accounts.manage_users")
    for role in ("enterprise", "bank", "city_admin", "auditor"):
        assert not has_capability(user(role), "accounts.manage_users")
    assert has_capability(AnonymousUser(), "datacenter.view_published")
    # Record pages are public records (docs/decisions/0005); bulk export needs an account.
    assert has_capability(AnonymousUser(), "datacenter.view_records")
    assert not has_capability(AnonymousUser(), "datacenter.export_records")
    assert has_capability(user("enterprise"), "datacenter.export_records")
    assert not has_capability(user("province_admin"), "no.such.capability")


def test_unregistered_model_fails_loudly() -> None:
    from django.contrib.auth.models import Group

    with pytest.raises(ImproperlyConfigured):
        restrict(Group.objects.all(), AnonymousUser())
    with pytest.raises(ImproperlyConfigured):
        register_policy(Organisation, {})


@pytest.mark.django_db
def test_extend_policy_widens_one_role(world: World) -> None:
    from django.db.models import Q

    from gdip.core import permissions

    saved = dict(permissions._POLICIES[Organisation])
    try:
        extend_policy(Organisation, "bank", lambda user, action: Q(pk=world.orgs["ent1"].pk))
        assert _visible(world, Organisation, world.users["bank2"], "view") == {"bank2", "ent1"}
        assert _visible(world, Organisation, world.users["ent2"], "view") == {"ent2"}
    finally:
        permissions._POLICIES[Organisation] = saved
