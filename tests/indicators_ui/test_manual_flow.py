"""Manual indicator values: four-eyes approval, scope, history and supersede, uploads, and the
provider that feeds evaluate_plan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from gdip.accounts.models import Event
from gdip.indicators import actions
from gdip.indicators.evaluation import evaluate_plan
from gdip.indicators.manual import manual_provider
from gdip.indicators.models import ManualIndicatorValue
from gdip.indicators.plans import load_plan
from gdip.indicators.reports import evaluate_all_regions
from indicators.indicator_lake import GZ, SZ
from indicators_ui.monitoring_world import PROV, population_table

pytestmark = pytest.mark.django_db
PLAN = load_plan("gd-14th")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def enter(
    world, who="sz_clerk", *, region=SZ, code="protection_satisfaction", year=2021, value="81.25", **kw
):
    return actions.do_create_manual_value(
        world.users[who],
        plan_id="gd-14th",
        code=code,
        region_code=region,
        year=year,
        value=value,
        source_citation="广东省市场监管局《2021年知识产权保护社会满意度调查报告》",
        **kw,
    )


def state():
    return (
        list(ManualIndicatorValue.objects.order_by("id").values_list("id", "status", "approved_by_id")),
        Event.objects.count(),
    )


def test_four_eyes_flow_refuses_self_approval_and_another_citys_admin(world):
    mv = enter(world, submit=True)
    assert (mv.status, mv.unit, mv.value, mv.supersedes_id) == ("submitted", "分", Decimal("81.25"), None)
    before = state()
    with pytest.raises(PermissionDenied):  # the enterer cannot approve
        actions.do_approve_manual_value(world.users["sz_clerk"], mv)
    with pytest.raises(Http404):  # another city's admin does not see it
        actions.access_manual_value_by_id(world.users["gz_admin"], mv.pk, "approve")
    with pytest.raises(PermissionDenied):  # nor may act on it directly
        actions.do_approve_manual_value(world.users["gz_admin"], mv)
    with pytest.raises(PermissionDenied):  # an auditor sees it but approves nothing
        actions.access_manual_value_by_id(world.users["auditor"], mv.pk, "approve")
    assert state() == before
    approved = actions.do_approve_manual_value(world.users["city_admin"], mv)
    assert (approved.status, approved.approved_by, approved.entered_by) == (
        "approved",
        world.users["city_admin"],
        world.users["sz_clerk"],
    )
    types = list(Event.objects.filter(object_id=str(mv.pk)).order_by("id").values_list("type", flat=True))
    assert types == ["indicators.manual_created", "indicators.manual_submitted", "indicators.manual_approved"]
    assert manual_provider("gd-14th")("protection_satisfaction", SZ, 2021) == 81.25


def test_a_draft_is_not_approvable_and_state_errors_change_nothing(world):
    mv = enter(world)
    before = state()
    with pytest.raises(actions.StateError):
        actions.do_approve_manual_value(world.users["city_admin"], mv)
    assert state() == before
    actions.do_submit_manual_value(world.users["sz_clerk"], mv)
    rejected = actions.do_reject_manual_value(world.users["city_admin"], mv, "数值与公报不符")
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "数值与公报不符")
    with pytest.raises(actions.StateError):
        actions.do_submit_manual_value(world.users["sz_clerk"], rejected)
    assert manual_provider("gd-14th")("protection_satisfaction", SZ, 2021) is None


def test_scope_city_admins_enter_only_their_city_and_never_the_province(world):
    for who, region in (("sz_clerk", GZ), ("sz_clerk", PROV), ("auditor", SZ), ("enterprise", SZ)):
        with pytest.raises(PermissionDenied):
            enter(world, who, region=region)
    with pytest.raises(ValidationError):  # not a manual indicator of the plan
        enter(world, code="high_value_invention_per_10k")
    enter(world, value="101")  # a score in 分 is not a percentage
    with pytest.raises(ValidationError):
        enter(world, code="copyright_industry_share", value="101")  # a percentage above 100
    with pytest.raises(ValidationError):
        enter(world, year=2019)
    assert ManualIndicatorValue.objects.count() == 1  # only the 101-point score above


def test_a_correction_supersedes_the_approved_value_and_keeps_the_history(world):
    first = enter(world, submit=True)
    actions.do_approve_manual_value(world.users["city_admin"], first)
    correction = enter(world, "city_admin", value="82.5", submit=True)
    assert correction.supersedes_id == first.pk
    stale = enter(world, "sz_clerk", value="83", submit=True)  # a second correction of the same value
    actions.do_approve_manual_value(world.users["province_admin"], correction)
    first.refresh_from_db()
    assert (first.status, first.value) == ("superseded", Decimal("81.25"))  # never overwritten
    with pytest.raises(actions.StateError):  # it corrects a value that is no longer the approved one
        actions.do_approve_manual_value(world.users["province_admin"], stale)
    history = list(
        ManualIndicatorValue.objects.filter(code="protection_satisfaction", region_code=SZ, year=2021)
        .order_by("id")
        .values_list("value", "status", "supersedes_id")
    )
    assert history == [
        (Decimal("81.250000"), "superseded", None),
        (Decimal("82.500000"), "approved", first.pk),
        (Decimal("83.000000"), "submitted", first.pk),
    ]
    p = manual_provider("gd-14th").provenance("protection_satisfaction", SZ, 2021)
    assert (p.value, p.value_id, p.supersedes_id, p.entered_by, p.approved_by) == (
        82.5,
        correction.pk,
        first.pk,
        "u_city_admin",
        "u_province_admin",
    )


def test_the_source_document_is_checked_stored_and_hashed(world, gdip_home):
    import hashlib

    mv = enter(world, source_file=SimpleUploadedFile("公报.pdf", PDF, content_type="application/pdf"))
    assert (mv.source_file_name, mv.source_file_type, mv.source_file_size) == ("公报.pdf", "pdf", len(PDF))
    assert mv.source_file_sha256 == hashlib.sha256(PDF).hexdigest()
    stored = gdip_home / "media" / "indicators" / mv.source_file.name
    assert stored.read_bytes() == PDF
    before = state()
    for name, content in (
        ("x.pdf", b"MZ\x90\x00binary"),
        ("x.exe", b"MZ"),
        ("big.pdf", PDF + b"0" * (21 << 20)),
    ):
        with pytest.raises(ValidationError):
            enter(world, source_file=SimpleUploadedFile(name, content))
    assert state() == before


def test_the_provider_feeds_evaluate_plan(world, lake):
    mv = enter(world, "province_clerk", region=PROV, code="trademark_brand_index", value="88.5", submit=True)
    with pytest.raises(Http404):  # a city admin has no provincial scope
        actions.access_manual_value_by_id(world.users["city_admin"], mv.pk, "approve")
    actions.do_approve_manual_value(world.users["province_admin"], mv)
    from gdip.datacenter.engines import get_engine

    results = {
        r.code: r
        for r in evaluate_plan(
            PLAN, get_engine(), year=2021, population=population_table(), manual=manual_provider("gd-14th")
        )
    }
    brand = results["trademark_brand_index"]
    assert (brand.value, brand.status) == (88.5, "on_track")
    assert brand.progress == pytest.approx(0.55 / 2.05, rel=1e-12)


def test_evaluate_all_regions_equals_evaluate_plan_for_the_province_and_each_city(world, lake):
    from gdip.datacenter.engines import get_engine

    enter(world, "province_clerk", region=PROV, code="trademark_brand_index", value="88.5")
    manual = {("protection_satisfaction", SZ, 2021): 81.0, ("trademark_brand_index", PROV, 2021): 88.5}
    provider = lambda c, r, y: manual.get((c, r, y))  # noqa: E731
    pop = population_table()
    province, cities = evaluate_all_regions(PLAN, get_engine(), year=2021, population=pop, manual=provider)
    expected = evaluate_plan(PLAN, get_engine(), year=2021, population=pop, manual=provider)
    assert [e.as_dict() for e in province] == [e.as_dict() for e in expected]
    for city in (SZ, GZ, "440500"):
        expected = evaluate_plan(PLAN, get_engine(), year=2021, city=city, population=pop, manual=provider)
        assert [e.as_dict() for e in cities[city]] == [e.as_dict() for e in expected], city
