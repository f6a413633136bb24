"""Personal data masking: the functions, the policy, and the pages / API / exports that apply it."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from test_url_matrix import (  # noqa: F401  (fixtures)
    INDIVIDUAL_ADDRESS,
    INDIVIDUAL_NAME,
    INDIVIDUAL_PATENT,
    TRANSFEROR,
    World,
    built_lake_fixture,
    small_lake_fixture,
    world_fixture,
)

from factories import patent
from gdip.core.masking import (
    PERSONAL_DATA_VIEW,
    Masker,
    can_see_personal_data,
    mask_address,
    mask_id_card,
    mask_person_name,
    mask_phone,
    mask_user_phone,
)

MASKED_NAME = "欧阳**"
MASKED_ADDRESS = "广东省深圳市南山区****"
STREET = "科技园路"
P1 = patent(1)["application_number"]


# -- the functions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("440305199001011234", "440305********1234"),
        ("44030519900101123X", "440305********123X"),
        ("440305900101123", "440305*****1123"),
        ("12345", "*****"),
        ("", ""),
        (None, None),
    ],
)
def test_mask_id_card(value: str | None, masked: str | None) -> None:
    assert mask_id_card(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("+86 13812345678", "+86 138****5678"),
        ("020-87654321", "020-****4321"),
        ("0755 12345678", "0755-****5678"),
        ("(0769)2345678", "(0769)-***5678"),
        ("12345", "*2345"),
    ],
)
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("广东省深圳市南山区粤海街道高新南七道18号", "广东省深圳市南山区****"),
        ("广州市萝岗区科学城", "广州市萝岗区****"),
        ("北京市朝阳区建国路1号", "北京市朝阳区****"),
        ("广东省佛山市顺德区", "广东省佛山市顺德区"),
        ("科技园路1号", "****"),
    ],
)
def test_mask_address(value: str, masked: str) -> None:
    assert mask_address(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("张伟", "张*"),
        ("欧阳娜娜", "欧阳**"),
        ("李小明", "李**"),
        ("司马光", "司马*"),
        ("Smith, John", "S***"),
    ],
)
def test_mask_person_name(value: str, masked: str) -> None:
    assert mask_person_name(value) == masked


# -- the policy -----------------------------------------------------------------------------------


def test_policy_by_role(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not can_see_personal_data(AnonymousUser(), "datacenter.record")
    for role, user in world.users.items():
        expected = role in ("province_admin", "auditor")
        assert can_see_personal_data(user, "datacenter.record") is expected, role
    owner = world.users["enterprise"]  # USCC 91440300MA5DEM0019
    assert can_see_personal_data(owner, "datacenter.record", owner_usccs=["91440300ma5dem0019"])
    assert not can_see_personal_data(
        world.others["enterprise"], "datacenter.record", owner_usccs=["91440300MA5DEM0019"]
    )


def test_user_phone_is_masked_for_other_organisations(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    target = world.users["enterprise"]
    target.phone = "13812345678"
    assert mask_user_phone(AnonymousUser(), target) == "138****5678"
    assert mask_user_phone(world.others["enterprise"], target) == "138****5678"
    assert mask_user_phone(world.users["city_admin"], target) == "138****5678"
    assert mask_user_phone(target, target) == "13812345678"
    assert mask_user_phone(world.users["province_admin"], target) == "13812345678"
    assert mask_user_phone(world.users["auditor"], target) == "13812345678"


def test_masker_leaves_organisations_alone(world: World) -> None:
    masker = Masker(None, "test", user=world.users["bank"])
    org = {
        "name": "深圳市鹏城新能源科技有限公司",
        "address": "广东省深圳市南山区粤海街道",
        "applicant_type": "enterprise",
    }
    assert masker.party(org) == org
    assert masker.row(
        {"applicant_names": "深圳市鹏城新能源科技有限公司; 张伟", "applicant_type": "enterprise"}
    ) == {"applicant_names": "深圳市鹏城新能源科技有限公司; 张*", "applicant_type": "enterprise"}


# -- where personal data is shown --------------------------------------------------------------


def _events(world: World) -> list[Any]:
    from gdip.accounts.models import Event

    return list(Event.objects.filter(type=PERSONAL_DATA_VIEW).order_by("seq"))


@pytest.mark.parametrize("role", ["anonymous", "enterprise", "bank", "city_admin"])
def test_detail_page_and_api_are_masked(world: World, role: str) -> None:
    page = world.client(role).get(f"/patents/CN/{INDIVIDUAL_PATENT}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert MASKED_NAME in html and MASKED_ADDRESS in html
    assert INDIVIDUAL_NAME not in html and STREET not in html
    api = world.client(role, api=True).get(
        f"/api/v1/datacenter/patents/CN/{INDIVIDUAL_PATENT}", headers=world.auth_headers(role)
    )
    party = api.json()["applicants"][0]
    assert (party["name"], party["address"]) == (MASKED_NAME, MASKED_ADDRESS)
    assert INDIVIDUAL_NAME not in api.content.decode()
    assert _events(world) == []


@pytest.mark.parametrize("role", ["province_admin", "auditor"])
def test_admin_roles_see_unmasked_and_it_is_audited(world: World, role: str) -> None:
    page = world.client(role).get(f"/patents/CN/{INDIVIDUAL_PATENT}/")
    html = page.content.decode()
    assert INDIVIDUAL_NAME in html and INDIVIDUAL_ADDRESS in html
    (event,) = _events(world)
    assert event.actor == world.users[role]
    assert event.params["purpose"] == "datacenter.record" and INDIVIDUAL_PATENT in event.params["subject"]
    api = world.client(role, api=True).get(
        f"/api/v1/datacenter/patents/CN/{INDIVIDUAL_PATENT}", headers=world.auth_headers(role)
    )
    assert api.json()["applicants"][0]["name"] == INDIVIDUAL_NAME
    assert len(_events(world)) == 2


def test_owner_sees_its_record_unmasked(world: World) -> None:
    # Patent 1 belongs to enterprise1's organisation; its transfer event names a natural person.
    # (Inventors are not masked: the patent document publishes them; see docs/security-hardening.md.)
    owner = world.client("enterprise").get(f"/patents/CN/{P1}/").content.decode()
    assert TRANSFEROR in owner
    assert [e.params["purpose"] for e in _events(world)] == ["datacenter.record"]
    other = world.client("bank").get(f"/patents/CN/{P1}/").content.decode()
    assert TRANSFEROR not in other and "王*" in other


def test_lists_and_exports_are_masked(world: World) -> None:
    enterprise = world.client("enterprise")
    listing = enterprise.get("/patents/?applicant_type=individual").content.decode()
    assert MASKED_NAME in listing and INDIVIDUAL_NAME not in listing
    api = world.client("anonymous").get("/api/v1/datacenter/patents?applicant_type=individual").json()
    assert [r["applicant_names"] for r in api["results"]] == [MASKED_NAME]
    export = b"".join(enterprise.get("/patents/export.csv").streaming_content).decode("utf-8-sig")
    names = [row[5] for row in csv.reader(io.StringIO(export))]
    assert MASKED_NAME in names and INDIVIDUAL_NAME not in names
    assert _events(world) == []

    admin = world.client("province_admin")
    export = b"".join(admin.get("/patents/export.csv").streaming_content).decode("utf-8-sig")
    assert INDIVIDUAL_NAME in export
    assert [e.params["purpose"] for e in _events(world)] == ["datacenter.export"]


def test_xlsx_export_is_masked(world: World) -> None:
    from openpyxl import load_workbook

    response = world.client("bank").get("/patents/export.xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    cells = {str(c) for row in workbook.worksheets[0].iter_rows(values_only=True) for c in row}
    assert MASKED_NAME in cells and INDIVIDUAL_NAME not in cells


def test_individual_entity_profile_is_masked(world: World) -> None:
    from gdip.datacenter import queries
    from gdip.datacenter.engines import get_engine

    detail = queries.patent_detail(get_engine(), "CN", INDIVIDUAL_PATENT)
    assert detail is not None
    entity = {"entity_id": detail.record["applicants"][0]["entity_id"]}
    url = f"/enterprises/{entity['entity_id']}/"
    html = world.client("anonymous").get(url).content.decode()
    assert INDIVIDUAL_NAME not in html and MASKED_NAME in html
    search = world.client("anonymous").get("/enterprises/", {"q": "欧阳"}).content.decode()
    assert INDIVIDUAL_NAME not in search
    api = world.client("anonymous").get(f"/api/v1/datacenter/enterprises/{entity['entity_id']}").json()
    assert api["name"] == MASKED_NAME and INDIVIDUAL_NAME not in str(api)
    assert INDIVIDUAL_NAME in world.client("auditor").get(url).content.decode()
    assert [e.params["purpose"] for e in _events(world)] == ["datacenter.enterprise"]
