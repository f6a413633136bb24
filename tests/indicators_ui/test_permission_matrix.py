"""Every monitoring page and API operation × anonymous, the nine roles and another city's admin:
the status code, and that a refused request changed nothing.

``other_city`` is the Guangzhou city admin acting on Shenzhen's objects (values are entered by a
second Shenzhen admin, so the Shenzhen ``city_admin`` may approve them: four-eyes). Published:
2021; unpublished: 2022 (and the mid-term year 2023).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from gdip.accounts.models import Event
from gdip.indicators import actions, reports
from gdip.indicators.models import ManualIndicatorValue, Publication
from gdip.indicators.plans import load_plan
from indicators.indicator_lake import SZ
from indicators_ui.monitoring_world import ORG_ROLES, ROLES

pytestmark = pytest.mark.django_db
WHO = (*ROLES, "other_city")
ADMINS = ("city_admin", "province_admin", "auditor", "other_city")
API = "/api/v1/indicators"
PDF = b"%PDF-1.4\n%%EOF\n"


def expect(default: str, **per: str) -> dict[str, str]:
    out = {w: per.get(w, default) for w in WHO}
    if "other_city" not in per:
        out["other_city"] = out["city_admin"]
    return out


def public_admin(public: str, admin: str) -> dict[str, str]:
    return expect(public, **dict.fromkeys(ADMINS, admin))


def signed_in(code: str, anon: str, org: str, **per: str) -> dict[str, str]:
    return expect(code, anonymous=anon, **dict.fromkeys(ORG_ROLES, org), **per)


@dataclass(frozen=True)
class Probe:
    key: str  # URL name or "METHOD /path" of the operation
    path: str
    expected: dict[str, str]
    method: str = "GET"
    data: dict[str, Any] | None = None
    json: bool = False
    api: bool = False
    files: dict[str, bytes] = field(default_factory=dict)


NEW = {
    "code": "public_service_website_visits",
    "region_code": SZ,
    "year": "2021",
    "value": "12.5",
    "source_citation": "网站统计报表",
}
ALL200 = expect("200")
PAGES = [
    Probe("monitoring-dashboard", "/monitoring/?year=2021", ALL200),
    Probe("monitoring-dashboard", "/monitoring/?year=2022", ALL200),
    Probe("monitoring-city", f"/monitoring/cities/{SZ}/?year=2021", ALL200),
    Probe("monitoring-city", "/monitoring/cities/110100/?year=2021", expect("404")),
    Probe(
        "monitoring-patents", "/monitoring/indicators/high_value_invention_per_10k/patents/?year=2021", ALL200
    ),
    Probe(
        "monitoring-patents",
        "/monitoring/indicators/high_value_invention_per_10k/patents/?year=2022",
        public_admin("404", "200"),
    ),
    Probe("monitoring-manual-list", "/monitoring/manual/", signed_in("200", "302:login", "403")),
    Probe(
        "monitoring-manual-new",
        "/monitoring/manual/new/",
        signed_in("200", "302:login", "403", auditor="403"),
    ),
    Probe(
        "monitoring-manual-new",
        "/monitoring/manual/new/",
        signed_in("302", "302:login", "403", auditor="403", other_city="400"),
        method="POST",
        data=NEW,
    ),
    Probe(
        "monitoring-manual-detail",
        "/monitoring/manual/{submitted}/",
        signed_in("200", "302:login", "403", other_city="404"),
    ),
    Probe(
        "monitoring-manual-submit",
        "/monitoring/manual/{draft}/submit/",
        signed_in("302", "302:login", "403", auditor="403", other_city="404"),
        method="POST",
    ),
    Probe(
        "monitoring-manual-approve",
        "/monitoring/manual/{submitted}/approve/",
        signed_in("302", "302:login", "403", auditor="403", other_city="404"),
        method="POST",
    ),
    Probe(
        "monitoring-manual-reject",
        "/monitoring/manual/{submitted}/reject/",
        signed_in("302", "302:login", "403", auditor="403", other_city="404"),
        method="POST",
        data={"reason": "与公报不符"},
    ),
    Probe(
        "monitoring-manual-document",
        "/monitoring/manual/{doc}/document/",
        signed_in("200", "302:login", "403", other_city="404"),
    ),
    Probe("monitoring-reports", "/monitoring/reports/", ALL200),
    Probe(
        "monitoring-report-download",
        "/monitoring/reports/download/?kind=annual&year=2021&format=html",
        ALL200,
    ),
    Probe(
        "monitoring-report-download",
        "/monitoring/reports/download/?kind=annual&year=2022&format=xlsx",
        public_admin("404", "200"),
    ),
    Probe(
        "monitoring-publish",
        "/monitoring/publications/",
        expect("403", anonymous="302:login", province_admin="302"),
        method="POST",
        data={"year": "2022"},
    ),
    Probe(
        "monitoring-withdraw",
        "/monitoring/publications/{pub}/withdraw/",
        expect("403", anonymous="302:login", province_admin="302"),
        method="POST",
        data={"reason": "更正"},
    ),
]
API_PROBES = [
    Probe("GET /plans", f"{API}/plans", ALL200, api=True),
    Probe("GET /plans/{plan_id}", f"{API}/plans/gd-14th", ALL200, api=True),
    Probe("GET /plans/{plan_id}", f"{API}/plans/zj-14th", expect("404"), api=True),
    Probe("GET /evaluation", f"{API}/evaluation?year=2021", ALL200, api=True),
    Probe("GET /evaluation", f"{API}/evaluation?year=2022&city={SZ}", public_admin("404", "200"), api=True),
    Probe(
        "GET /indicators/{code}/series",
        f"{API}/indicators/high_value_invention_per_10k/series?to=2021",
        ALL200,
        api=True,
    ),
    Probe(
        "GET /indicators/{code}/ranking",
        f"{API}/indicators/pledge_financing_amount/ranking?year=2021",
        ALL200,
        api=True,
    ),
    Probe(
        "GET /indicators/{code}/patents",
        f"{API}/indicators/high_value_invention_per_10k/patents?year=2021",
        ALL200,
        api=True,
    ),
    Probe(
        "GET /indicators/{code}/patents",
        f"{API}/indicators/high_value_invention_per_10k/patents?year=2022",
        public_admin("404", "200"),
        api=True,
    ),
    Probe("GET /manual", f"{API}/manual", signed_in("200", "401", "403"), api=True),
    Probe(
        "POST /manual",
        f"{API}/manual",
        signed_in("201", "401", "403", auditor="403", other_city="403"),
        method="POST",
        data=NEW,
        api=True,
        files={"source_file": PDF},
    ),
    Probe(
        "GET /manual/{value_id}",
        f"{API}/manual/{{submitted}}",
        signed_in("200", "401", "403", other_city="404"),
        api=True,
    ),
    Probe(
        "POST /manual/{value_id}/submit",
        f"{API}/manual/{{draft}}/submit",
        signed_in("200", "401", "404", auditor="403", other_city="404"),
        method="POST",
        api=True,
    ),
    Probe(
        "POST /manual/{value_id}/approve",
        f"{API}/manual/{{submitted}}/approve",
        signed_in("200", "401", "404", auditor="403", other_city="404"),
        method="POST",
        api=True,
    ),
    Probe(
        "POST /manual/{value_id}/reject",
        f"{API}/manual/{{submitted}}/reject",
        signed_in("200", "401", "404", auditor="403", other_city="404"),
        method="POST",
        api=True,
        data={"reason": "与公报不符"},
        json=True,
    ),
    Probe("GET /publications", f"{API}/publications", ALL200, api=True),
    Probe(
        "POST /publications",
        f"{API}/publications",
        expect("403", anonymous="401", province_admin="201"),
        method="POST",
        api=True,
        data={"year": 2022},
        json=True,
    ),
    Probe(
        "POST /publications/{publication_id}/withdraw",
        f"{API}/publications/{{pub}}/withdraw",
        expect("403", anonymous="401", province_admin="200"),
        method="POST",
        api=True,
        data={"reason": "更正"},
        json=True,
    ),
    Probe("GET /reports/annual", f"{API}/reports/annual?year=2021&format=html", ALL200, api=True),
    Probe(
        "GET /reports/annual",
        f"{API}/reports/annual?year=2022&format=pdf",
        public_admin("404", "200"),
        api=True,
    ),
    Probe("GET /reports/midterm", f"{API}/reports/midterm?format=xlsx", public_admin("404", "200"), api=True),
]
ALL = PAGES + API_PROBES


def test_every_page_and_operation_is_probed():
    from gdip.indicators.api import router
    from gdip.indicators.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {p.key for p in PAGES}
    ops = {
        f"{m} {path}"
        for path, view in router.path_operations.items()
        for op in view.operations
        for m in op.methods
    }
    assert ops == {p.key for p in API_PROBES}


def _world_objects(world) -> dict[str, Any]:
    clerk = world.users["sz_clerk"]

    def value(**kw):
        return actions.do_create_manual_value(
            clerk,
            plan_id="gd-14th",
            code="protection_satisfaction",
            region_code=SZ,
            year=2021,
            value="81",
            source_citation="调查报告",
            **kw,
        )

    from django.core.files.uploadedfile import SimpleUploadedFile

    plan = load_plan("gd-14th")
    pub = actions.do_publish(
        world.users["province_admin"], plan_id=plan.id, year=2021, data=reports.live_report_data(plan, 2021)
    )
    return {
        "draft": value().pk,
        "submitted": value(submit=True).pk,
        "doc": value(source_file=SimpleUploadedFile("r.pdf", PDF)).pk,
        "pub": pub.pk,
    }


def _snapshot() -> Any:
    return (
        list(ManualIndicatorValue.objects.order_by("id").values_list("id", "status", "approved_by_id")),
        list(Publication.objects.order_by("id").values_list("id", "status")),
        Event.objects.count(),
    )


def _outcome(response) -> str:
    code = response.status_code
    if code == 302 and "/accounts/login/" in response["Location"]:
        return "302:login"
    return str(code)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("probe", ALL, ids=[f"{p.method} {p.path}" for p in ALL])
def test_access(probe: Probe, who: str, world, lake):
    objs = _world_objects(world)
    actor = "gz_admin" if who == "other_city" else who
    path = probe.path.format(**objs)
    from django.test import Client

    client = Client() if probe.api else world.client(actor)  # signing in writes a login event
    before = _snapshot()
    if probe.api:
        headers = world.headers(actor)
        if probe.method == "GET":
            response = client.get(path, headers=headers)
        elif probe.json:
            response = client.post(path, probe.data or {}, content_type="application/json", headers=headers)
        else:
            from django.core.files.uploadedfile import SimpleUploadedFile

            data = {
                **(probe.data or {}),
                **{k: SimpleUploadedFile("s.pdf", v) for k, v in probe.files.items()},
            }
            response = client.post(path, data, headers=headers)
    else:
        response = client.get(path) if probe.method == "GET" else client.post(path, probe.data or {})
    outcome = _outcome(response)
    assert outcome == probe.expected[who], (who, probe.path, response.content[:300])
    if outcome == "302:login" or response.status_code >= 400 or probe.method == "GET":
        assert _snapshot() == before
    else:
        assert _snapshot() != before
