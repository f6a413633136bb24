"""Demo users: idempotent, every role present, passwords handled as documented."""

from __future__ import annotations

import pytest

from gdip.accounts.actions import USER_CREATED
from gdip.accounts.demo import DEFAULT_DEMO_PASSWORD, create_demo_users
from gdip.accounts.models import Event, Organisation, Role, User
from gdip.core.demo_registry import DEMO_ORGANISATIONS


@pytest.mark.django_db
def test_demo_users_idempotent_and_complete(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GDIP_DEMO_PASSWORD", raising=False)
    lines = create_demo_users()
    assert len(lines) == 12
    assert all(DEFAULT_DEMO_PASSWORD in line for line in lines)
    assert {u.role for u in User.objects.all()} == set(Role.values)
    assert Organisation.objects.count() == len(DEMO_ORGANISATIONS)
    created = Event.objects.filter(type=USER_CREATED).count()

    again = create_demo_users()
    assert len(again) == 12
    assert User.objects.count() == 12 and Organisation.objects.count() == len(DEMO_ORGANISATIONS)
    assert Event.objects.filter(type=USER_CREATED).count() == created

    sz = User.objects.get(username="city_admin1")
    gz = User.objects.get(username="city_admin2")
    assert (sz.city_code, gz.city_code) == ("440300", "440100")
    prov = User.objects.get(username="province_admin1")
    assert prov.is_staff and not prov.is_superuser
    auditor_org = User.objects.get(username="auditor1").organisation
    assert auditor_org is not None and auditor_org.name == "广东省知识产权局"
    assert User.objects.get(username="enterprise1").check_password(DEFAULT_DEMO_PASSWORD)


@pytest.mark.django_db
def test_existing_password_kept_unless_env_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GDIP_DEMO_PASSWORD", raising=False)
    create_demo_users()
    user = User.objects.get(username="bank1")
    user.set_password("Another-Pass-2027")
    user.save()
    lines = create_demo_users()
    assert any(line.startswith("bank1 ") and "(unchanged)" in line for line in lines)
    user.refresh_from_db()
    assert user.check_password("Another-Pass-2027")

    monkeypatch.setenv("GDIP_DEMO_PASSWORD", "Env-Chosen-Pass-9")
    create_demo_users()
    user.refresh_from_db()
    assert user.check_password("Env-Chosen-Pass-9")
