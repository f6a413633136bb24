"""Fixtures of the accounts tests (the world itself is described in accounts_world.py)."""

from __future__ import annotations

import pytest
from accounts_world import ORGS, USERS, World


@pytest.fixture
def world(db: None) -> World:
    """Create ORGS and USERS (unusable passwords: tests sign in with force_login)."""
    from gdip.accounts.models import Organisation, User

    w = World()
    for key, (org_type, city, parent) in ORGS.items():
        w.orgs[key] = Organisation.objects.create(
            name=f"Org {key}", org_type=org_type, city_code=city, parent=w.orgs.get(parent or "")
        )
    for username, (role, org_key) in USERS.items():
        user = User(username=username, role=role, organisation=w.orgs.get(org_key or ""))
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        w.users[username] = user
    return w
