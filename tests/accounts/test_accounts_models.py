"""Organisation and User validation; the append-only event log."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from gdip.accounts.models import Event, Organisation, User

GOOD_USCC = "91440300MA5DEM0019"  # demo enterprise1, correct check character


@pytest.mark.django_db
def test_organisation_accepts_valid_uscc_and_normalises_it() -> None:
    org = Organisation(name="甲", org_type="enterprise", uscc=" 91440300ma5dem0019 ", city_code="440300")
    org.full_clean()
    assert org.uscc == GOOD_USCC


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["91440300MA5DEM0018", "9144030MA5DEM0019", "91440300MA5DEMO019"])
def test_organisation_rejects_bad_uscc(bad: str) -> None:
    org = Organisation(name="甲", org_type="enterprise", uscc=bad)
    with pytest.raises(ValidationError) as info:
        org.full_clean()
    assert "uscc" in info.value.message_dict


@pytest.mark.django_db
def test_uscc_error_is_in_the_active_language() -> None:
    org = Organisation(name="甲", org_type="enterprise", uscc="91440300MA5DEM0018")
    with translation.override("en"), pytest.raises(ValidationError) as en:
        org.clean()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as zh:
        org.clean()
    assert "check" in en.value.message_dict["uscc"][0].lower()
    assert "统一社会信用代码" in zh.value.message_dict["uscc"][0]


@pytest.mark.django_db
def test_uscc_unique_when_set_and_many_blanks_allowed() -> None:
    Organisation.objects.create(name="a", org_type="enterprise", uscc=GOOD_USCC)
    Organisation.objects.create(name="b", org_type="enterprise", uscc=None)
    blank = Organisation(name="c", org_type="enterprise", uscc="")
    blank.full_clean()  # "" becomes NULL, so it does not collide with b
    blank.save()
    assert blank.uscc is None
    with transaction.atomic(), pytest.raises(IntegrityError):
        Organisation.objects.create(name="d", org_type="enterprise", uscc=GOOD_USCC)


@pytest.mark.django_db
def test_region_codes_and_district_in_city() -> None:
    with pytest.raises(ValidationError) as info:
        Organisation(name="a", org_type="enterprise", city_code="4403").full_clean()
    assert "city_code" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        Organisation(name="a", org_type="enterprise", city_code="440300", district_code="440104").full_clean()
    assert "district_code" in info.value.message_dict


@pytest.mark.django_db
def test_user_city_derived_from_organisation_and_role_org_pairing() -> None:
    office = Organisation.objects.create(name="深圳局", org_type="office", city_code="440300")
    bank = Organisation.objects.create(name="银行", org_type="bank", city_code="440100")
    admin = User(username="c", role="city_admin", organisation=office)
    admin.full_clean(exclude=["password"])
    assert admin.city_code == "440300"
    with pytest.raises(ValidationError) as info:
        User(username="e", role="enterprise", organisation=bank).full_clean(exclude=["password"])
    assert "organisation" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        User(username="e2", role="enterprise").full_clean(exclude=["password"])
    assert "organisation" in info.value.message_dict
    User(username="p", role="province_admin").full_clean(exclude=["password"])  # no org needed
    saved = User.objects.create(username="b", role="bank", organisation=bank)
    assert saved.city_code == "440100"  # derived on save too


@pytest.mark.django_db
def test_events_are_append_only() -> None:
    event = Event.objects.create(type="test.happened", params={"n": 1})
    event.params = {"n": 2}
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        Event.objects.filter(pk=event.pk).update(type="x")
    with pytest.raises(PermissionError):
        Event.objects.all().delete()
    assert Event.objects.get(pk=event.pk).params == {"n": 1}
