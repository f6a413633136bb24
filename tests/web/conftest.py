"""Fixtures of the web tests: the small lake (see web_lake.py) and an enterprise user."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_lake import build_lake


@pytest.fixture
def lake(gdip_home: Path, tmp_path: Path) -> Path:
    """The web tests' lake under this test's GDIP_HOME, with fresh engines."""
    from gdip.datacenter.engines import reset_engines

    root = build_lake(tmp_path / "src")
    reset_engines()
    return root


@pytest.fixture
def enterprise_user(db: None):
    """An enterprise user of the Shenzhen applicant (tests sign in with force_login)."""
    from gdip.accounts.models import Organisation, OrgType, Role, User

    org = Organisation.objects.create(
        name="深圳市鹏城新能源科技有限公司",
        org_type=OrgType.ENTERPRISE,
        uscc="91440300MA5DEM0019",
        city_code="440300",
    )
    user = User(username="pengcheng", role=Role.ENTERPRISE, organisation=org)
    user.set_unusable_password()
    user.save()
    return user
