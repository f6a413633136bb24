"""The data-center REST API: exact JSON, errors with every status code documented, OpenAPI."""

from __future__ import annotations

import pytest
from web_lake import P1, P2, P3

pytestmark = pytest.mark.django_db
API = "/api/v1/datacenter"
PENGCHENG = "深圳市鹏城新能源科技有限公司"


def test_stats(lake, client):
    r = client.get(f"{API}/stats")
    assert r.status_code == 200
    assert r.json() == {
        "records": {
            "patents": 5,
            "trademarks": 3,
            "copyrights": 0,
            "gis": 0,
            "plant-varieties": 0,
            "ic-layouts": 0,
            "legal-events": 4,
            "entities": 1,
        },
        "valid_invention_patents": 3,
        "valid_trademarks": 2,
        "pct_applications": 1,
        "pledges": 2,
        "pledge_amount": "6200000.00",
        "records_by_city": [
            {"city_code": "440300", "city_name": "深圳市", "count": 4},
            {"city_code": "440100", "city_name": "广州市", "count": 1},
            {"city_code": "440500", "city_name": "汕头市", "count": 1},
            {"city_code": "440600", "city_name": "佛山市", "count": 1},
            {"city_code": "441900", "city_name": "东莞市", "count": 1},
        ],
        "valid_invention_by_city": [
            {"city_code": "440300", "city_name": "深圳市", "count": 2},
            {"city_code": "440100", "city_name": "广州市", "count": 1},
        ],
    }


def test_patent_list_with_filters(lake, client):
    r = client.get(f"{API}/patents", {"city": "440300", "year_from": "2019", "page_size": "1"})
    assert r.status_code == 200
    assert r.json() == {
        "count": 2,
        "page": 1,
        "page_size": 1,
        "results": [
            {
                "office": "CN",
                "application_number": P3,
                "kind": "utility",
                "pct": False,
                "title": "一种电池包散热结构",
                "applicant_names": PENGCHENG,
                "filing_date": "2021-05-10",
                "publication_number": "CN215000003U",
                "grant_date": "2021-12-01",
                "status": "valid",
                "ipc_main": "H01M 10/613",
                "ipc_codes": "H01M 10/613",
                "applicant_type": "enterprise",
                "city_code": "440300",
                "district_code": "440305",
            }
        ],
    }
    page2 = client.get(
        f"{API}/patents", {"city": "440300", "year_from": "2019", "page_size": "1", "page": "2"}
    )
    assert [p["application_number"] for p in page2.json()["results"]] == [P1]
    ipc = client.get(f"{API}/patents", {"ipc": "c07d"}).json()
    assert [p["application_number"] for p in ipc["results"]] == [P2]


def test_list_errors(lake, client):
    r = client.get(f"{API}/patents", {"year": "abc"})
    assert (r.status_code, r.json()) == (400, {"detail": "year: 输入整数。 / year: Enter a whole number."})
    r = client.get(f"{API}/patents", {"page_size": "500"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "page_size"]
    r = client.get(f"{API}/trademarks", {"kind": "invention"})  # not a trademark filter: ignored
    assert r.status_code == 200 and r.json()["count"] == 3


def test_patent_detail(lake, client):
    r = client.get(f"{API}/patents/CN/{P2}")
    assert r.status_code == 200
    body = r.json()
    assert (body["title"], body["status"], body["grant_number"]) == (
        "一种抗肿瘤化合物及其制备方法",
        "valid",
        "ZL202010000002.0",
    )
    assert body["applicants"][0] == {
        "name": "广州穗华生物医药股份有限公司",
        "entity_id": "N:736e89b1bb37ffff",
        "address": "广州市萝岗区科学城",
        "country": "CN",
        "uscc": None,
        "applicant_type": "enterprise",
        "province_code": "440000",
        "city_code": "440100",
        "district_code": "440112",
    }
    assert body["events"] == [
        {
            "office": "CN",
            "application_number": P2,
            "right_kind": "patent",
            "event_type": "pledge",
            "event_date": "2023-05-01",
            "from_party": None,
            "to_party": None,
            "amount": "1200000.00",
            "currency": "CNY",
            "pledgee": "珠江示范银行广州分行",
            "registration_number": "Y2023440000456",
            "term_start": None,
            "term_end": None,
            "licence_type": None,
            "outcome": None,
            "description": None,
        }
    ]
    assert [(v["commit"], v["source"], v["status"]) for v in body["versions"]] == [
        (1, "patents-2023.jsonl", "pending"),
        (2, "patents-2024.jsonl", "valid"),
    ]
    assert all(
        v["committed_at"].endswith("Z") or v["committed_at"].endswith("+00:00") for v in body["versions"]
    )
    # Any common spelling of a CN number finds the record.
    assert client.get(f"{API}/patents/cn/ZL{P2.replace('.', '')}").json()["application_number"] == P2


def test_not_found_is_bilingual_json(lake, client):
    for url, detail in (
        (f"{API}/patents/CN/201910000099.0", "未找到该专利 / Patent not found"),
        (f"{API}/patents/CN/not-a-number", "未找到该专利 / Patent not found"),
        (f"{API}/trademarks/CN/99999999", "未找到该商标 / Trademark not found"),
        (f"{API}/enterprises/U:91440300MA5DEM0XXX", "未找到该主体 / Applicant not found"),
    ):
        r = client.get(url)
        assert (r.status_code, r.json()) == (404, {"detail": detail}), url


def test_trademark_detail_and_enterprise(lake, client):
    tm = client.get(f"{API}/trademarks/CN/12345678").json()
    assert (tm["mark_text"], tm["nice_classes"], tm["goods"], tm["status"]) == (
        "鹏城",
        [9, 42],
        ["电池", "计算机软件"],
        "valid",
    )
    ent = client.get(f"{API}/enterprises/U:91440300MA5DEM0019").json()
    assert (ent["name"], ent["totals"], ent["valid"], ent["events_total"], ent["pledge_amount"]) == (
        PENGCHENG,
        {"patents": 3, "trademarks": 1},
        {"patents": 3, "trademarks": 1},
        3,
        "5000000.00",
    )
    assert ent["portfolio"] == [
        {"kind": "patents", "year": 2018, "count": 1, "valid": 1},
        {"kind": "patents", "year": 2019, "count": 1, "valid": 1},
        {"kind": "patents", "year": 2021, "count": 1, "valid": 1},
        {"kind": "trademarks", "year": 2015, "count": 1, "valid": 1},
    ]
    assert [e["event_type"] for e in ent["events"]] == ["pledge_release", "pledge", "grant"]
    assert [p["registration_number"] for p in ent["pledges"]] == ["Y2022440000123"]
    assert ent["top_ipc"] == [{"subclass": "H01M", "count": 3}]
    assert ent["entity"]["flags"] == ["high_tech", "specialised_sme"]


def test_openapi_lists_every_datacenter_path_and_status(client, db):
    doc = client.get("/api/v1/openapi.json").json()
    paths = {p: set(ops) for p, ops in doc["paths"].items() if p.startswith("/api/v1/datacenter/")}
    assert paths == {
        "/api/v1/datacenter/stats": {"get"},
        "/api/v1/datacenter/patents": {"get"},
        "/api/v1/datacenter/patents/{office}/{number}": {"get"},
        "/api/v1/datacenter/trademarks": {"get"},
        "/api/v1/datacenter/trademarks/{office}/{number}": {"get"},
        "/api/v1/datacenter/enterprises/{entity_id}": {"get"},
    }
    codes = {p: set(doc["paths"][p]["get"]["responses"]) for p in paths}
    assert codes["/api/v1/datacenter/stats"] == {"200"}
    assert codes["/api/v1/datacenter/patents"] == {"200", "400", "422"}
    assert codes["/api/v1/datacenter/patents/{office}/{number}"] == {"200", "404", "422"}
    params = {p["name"] for p in doc["paths"]["/api/v1/datacenter/patents"]["get"]["parameters"]}
    assert params == {
        "q",
        "kind",
        "status",
        "city",
        "year",
        "year_from",
        "year_to",
        "ipc",
        "applicant_type",
        "entity",
        "page",
        "page_size",
    }
    assert all(op.get("security") is None for p in paths for op in doc["paths"][p].values())
