"""Dashboards, drill-down and the API with exact figures; published vs unpublished for the public."""

from __future__ import annotations

import re

import pytest

from gdip.indicators import actions
from indicators.indicator_lake import SZ
from web.web_html import json_script, table_rows, text_of

pytestmark = pytest.mark.django_db
API = "/api/v1/indicators"


def publish(world, year=2021):
    return actions.do_publish(world.users["province_admin"], plan_id="gd-14th", year=year)


def test_the_admin_dashboard_shows_live_figures_status_trends_and_the_map(world, lake):
    r = world.client("auditor").get("/monitoring/?year=2021&map=pledge_financing_amount")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-mode="live"' in html
    rows = {row[1].split(" ")[0]: row for row in table_rows(html, "indicator-table")[1:]}
    assert rows["每万人口高价值发明专利拥有量"][3:9] == [
        "13.5",
        "20",
        "0.8",
        "-196.2%",
        "2.8 线性趋势",
        "滞后",
    ]
    assert rows["知识产权质押融资登记金额"][3:9] == [
        "(907.6)",
        "(2,500)",
        "1.8",
        "0.1%",
        "27.0 线性趋势",
        "滞后",
    ]
    assert 'class="row-behind"' in html and 'class="st st-behind"' in html
    trends = json_script(html, "trend-data")
    assert trends["high_value_invention_per_10k"]["values"] == [0.3, 0.8, None, None, None, None]
    assert trends["high_value_invention_per_10k"]["target"] == 20
    assert json_script(html, "city-map-data")["cities"][:2] == [
        {"code": SZ, "name": "深圳市", "value": 1.5},
        {"code": "440100", "name": "广州市", "value": 0.3},
    ]
    assert table_rows(html, "city-ranking")[1:3] == [
        ["1", "深圳市", "1.5", "83.3%"],
        ["2", "广州市", "0.3", "16.7%"],
    ]
    assert (
        table_rows(html, "high-value-table")[1] == ["合计", "3"]
        or table_rows(html, "high-value-table")[1][1] == "3"
    )
    assert text_of(html, "sum-behind") == "5"
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert all(
        'type="application/json"' in a or (b.strip() == "" and 'src="/static/' in a) for a, b in scripts
    )
    assert "/static/indicators/dashboard.js" in html and ' style="' not in html


def test_the_city_view_and_the_drill_down(world, lake):
    c = world.client("city_admin")
    html = c.get(f"/monitoring/cities/{SZ}/?year=2021").content.decode()
    rows = {row[1]: row for row in table_rows(html, "city-indicator-table")[1:]}
    # 深圳: 1 high-value patent / 20,000 people = 0.5 per 10k (广州, 东莞: 1.0 → 深圳 third);
    # pledges 1.5亿 = 83.3% of the province, rank 1
    assert rows["每万人口高价值发明专利拥有量"][5] == "0.5" and rows["每万人口高价值发明专利拥有量"][7] == "3"
    assert rows["知识产权质押融资登记金额"][5:10] == ["1.5", "—", "1", "83.3%", "无目标"]
    page = c.get("/monitoring/indicators/high_value_invention_per_10k/patents/?year=2021").content.decode()
    assert text_of(page, "patent-total") == "3"
    cells = table_rows(page, "patent-table")[1:]
    assert [r[2] for r in cells] == ["广州市", "深圳市", "东莞市"]
    assert "/patents/CN/" in page
    assert c.get("/monitoring/indicators/pledge_financing_amount/patents/?year=2021").status_code == 404


def test_anonymous_sees_published_figures_only(world, lake):
    anon = world.client("anonymous")
    r = anon.get("/monitoring/?year=2021")
    assert r.status_code == 200 and 'id="no-figures"' in r.content.decode()
    assert anon.get(f"{API}/evaluation?year=2021").status_code == 404
    assert (
        anon.get("/monitoring/indicators/high_value_invention_per_10k/patents/?year=2021").status_code == 404
    )
    assert anon.get("/monitoring/reports/download/?kind=annual&year=2021&format=html").status_code == 404
    pub = publish(world)
    html = anon.get("/monitoring/").content.decode()  # the latest published year by default
    assert 'data-mode="published"' in html
    rows = {row[1].split(" ")[0]: row for row in table_rows(html, "indicator-table")[1:]}
    assert rows["知识产权质押融资登记金额"][5] == "1.8"
    j = anon.get(f"{API}/evaluation").json()
    assert (j["figures"], j["year"]) == ("published", 2021)
    assert anon.get(f"{API}/evaluation?year=2022").status_code == 404
    r = anon.get("/monitoring/reports/download/?kind=annual&year=2021&format=html")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment;")
    assert "style-src 'unsafe-inline'" in r["Content-Security-Policy"]
    actions.do_withdraw_publication(world.users["province_admin"], pub, "数据更正")
    assert anon.get(f"{API}/evaluation?year=2021").status_code == 404


def test_the_api_gives_exact_figures(world, lake):
    h = world.headers("city_admin")
    c = world.client("anonymous")
    j = c.get(f"{API}/evaluation?year=2021", headers=h).json()
    assert j["figures"] == "live" and j["summary"]["behind"] == 5
    amount = next(i for i in j["indicators"] if i["code"] == "pledge_financing_amount")
    assert (amount["value"], amount["status"]) == (pytest.approx(1.8), "behind")
    assert [(x["region_code"], x["rank"]) for x in amount["cities"][:2]] == [(SZ, 1), ("440100", 2)]
    city = c.get(f"{API}/evaluation?year=2021&city={SZ}", headers=h).json()
    hv = next(i for i in city["indicators"] if i["code"] == "high_value_invention_per_10k")
    assert (hv["value"], hv["rank"], hv["baseline"]) == (0.5, 3, 0.0)
    s = c.get(f"{API}/indicators/high_value_invention_per_10k/series?to=2021&region={SZ}", headers=h).json()
    assert s["points"] == [{"year": 2020, "value": 0.0}, {"year": 2021, "value": 0.5}]
    rk = c.get(f"{API}/indicators/pledge_financing_amount/ranking?year=2021", headers=h).json()
    assert rk["cities"][0] == {
        "region_code": SZ,
        "name": "深圳市",
        "value": 1.5,
        "rank": 1,
        "share": pytest.approx(1.5 / 1.8),
    }
    p = c.get(
        f"{API}/indicators/high_value_invention_per_10k/patents?year=2021&city={SZ}&page_size=10", headers=h
    )
    assert p.json()["count"] == 1 and p.json()["results"][0]["conditions"] == ["pledge_amount"]
    assert c.get(f"{API}/evaluation?year=2021&city=110100", headers=h).status_code == 400
    assert c.get(f"{API}/evaluation?year=abc", headers=h).status_code == 422
    x = c.get(f"{API}/reports/annual?year=2021&format=xlsx", headers=h)
    assert x.status_code == 200 and x.content[:2] == b"PK"


def test_manual_entry_through_the_api_and_the_pages(world, lake):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = world.client("anonymous")
    body = {
        "code": "protection_satisfaction",
        "region_code": SZ,
        "year": "2021",
        "value": "81.5",
        "source_citation": "深圳市市场监管局调查报告",
        "submit": "true",
        "source_file": SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n"),
    }
    r = c.post(f"{API}/manual", body, headers=world.headers("sz_clerk"))
    assert r.status_code == 201, r.content
    vid = r.json()["id"]
    assert (r.json()["status"], r.json()["value"], r.json()["has_document"]) == (
        "submitted",
        "81.500000",
        True,
    )
    r = c.post(f"{API}/manual/{vid}/approve", headers=world.headers("sz_clerk"))
    assert r.status_code == 403 and "someone other" in r.json()["detail"]
    assert c.post(f"{API}/manual/{vid}/approve", headers=world.headers("gz_admin")).status_code == 404
    r = c.post(f"{API}/manual/{vid}/approve", headers=world.headers("city_admin"))
    assert r.status_code == 200 and r.json()["approved_by"] == "u_city_admin"
    assert c.post(f"{API}/manual/{vid}/approve", headers=world.headers("province_admin")).status_code == 409
    page = world.client("auditor").get(f"/monitoring/manual/{vid}/").content.decode()
    assert [row[2] for row in table_rows(page, "history-table")[1:]] == ["Approved"] or "81.5" in page
    doc = world.client("city_admin").get(f"/monitoring/manual/{vid}/document/")
    assert doc.status_code == 200 and b"".join(doc.streaming_content).startswith(b"%PDF")
    j = c.get(f"{API}/evaluation?year=2021&city={SZ}", headers=world.headers("auditor")).json()
    sat = next(i for i in j["indicators"] if i["code"] == "protection_satisfaction")
    assert (sat["value"], sat["status"]) == (81.5, "on_track")  # no city baseline: 81.5 / 83 ≥ 20% elapsed


def test_the_manual_form_creates_a_draft_and_the_page_flow_approves_it(world, lake):
    clerk = world.client("sz_clerk")
    assert clerk.get("/monitoring/manual/new/").status_code == 200
    r = clerk.post(
        "/monitoring/manual/new/",
        {
            "code": "public_service_website_visits",
            "region_code": SZ,
            "year": "2021",
            "value": "12.5",
            "source_citation": "网站统计",
            "action": "draft",
        },
    )
    assert r.status_code == 302
    from gdip.indicators.models import ManualIndicatorValue

    mv = ManualIndicatorValue.objects.get()
    assert (mv.status, mv.value, mv.unit) == ("draft", 12.5, "万人次/年")
    assert clerk.post(f"/monitoring/manual/{mv.pk}/submit/").status_code == 302
    assert clerk.post(f"/monitoring/manual/{mv.pk}/approve/").status_code == 403
    assert world.client("gz_admin").post(f"/monitoring/manual/{mv.pk}/approve/").status_code == 404
    assert world.client("city_admin").post(f"/monitoring/manual/{mv.pk}/approve/").status_code == 302
    mv.refresh_from_db()
    assert mv.status == "approved"
    bad = clerk.post(
        "/monitoring/manual/new/",
        {
            "code": "public_service_website_visits",
            "region_code": "440100",
            "year": "2021",
            "value": "1",
            "source_citation": "x",
        },
    )
    assert bad.status_code == 400 and ManualIndicatorValue.objects.count() == 1
