"""One loan from application to release through the API, with the exact repayment schedule;
the second pledge of a pledged patent is refused."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from finance_lake import OK1, OK2, PLEDGED

from gdip.finance.models import FinancingApplication, Loan, PledgeRegistration

pytestmark = [pytest.mark.django_db, pytest.mark.urls("finance_urls")]


def _create(api, user="ent1", rights=None, amount="1000000.00", term=12):
    rights = rights or [
        {"application_number": OK1, "appraised_value": "1500000.00"},
        {"application_number": OK2, "appraised_value": "1000000.00"},
    ]
    r = api(
        "POST",
        "/applications",
        user,
        {"amount_requested": amount, "term_months": term, "purpose": "研发", "rights": rights},
    )
    assert r.status_code == 201, r.content
    return r.json()


def _expected_equal_principal(amount: Decimal, rate: Decimal, n: int) -> list[tuple[str, str, str]]:
    cent = Decimal("0.01")
    part = (amount / n).quantize(cent, ROUND_HALF_UP)
    out, left = [], amount
    for i in range(1, n + 1):
        interest = (left * rate / 12).quantize(cent, ROUND_HALF_UP)
        principal = left if i == n else part
        out.append((str(principal), str(interest), str(principal + interest)))
        left -= principal
    return out


def test_application_to_release(api, world, lake):
    bank1, bank2 = world.orgs["bank1"].pk, world.orgs["bank2"].pk
    app = _create(api)
    assert app["state"] == "draft" and app["version"] == 1 and app["allowed_actions"] == ["share", "withdraw"]
    assert [r["right_kind"] for r in app["rights"]] == ["invention", "invention"]
    pk = app["id"]

    r = api("POST", f"/applications/{pk}/share", "ent1", {"bank_ids": [bank1, bank2], "version": 1})
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "shared" and r.json()["due_at"] is not None
    assert {s["bank"]["id"] for s in r.json()["shares"]} == {bank1, bank2}

    # the bank sees only its own share
    detail = api("GET", f"/applications/{pk}", "bank1").json()
    assert [s["bank"]["id"] for s in detail["shares"]] == [bank1]
    assert set(detail["allowed_actions"]) == {"query", "approve", "reject"}

    r = api("POST", f"/applications/{pk}/query", "bank1", {})
    assert r.status_code == 200 and r.json()["state"] == "under_review"
    checks = r.json()["checks"]
    assert len(checks) == 18 and all(c["passed"] for c in checks)

    elig = api("GET", f"/applications/{pk}/eligibility", "bank1").json()
    assert elig["eligible"] is True and len(elig["rights"]) == 2 and len(elig["rights"][0]["grounds"]) == 9

    r = api("POST", f"/applications/{pk}/reject", "bank2", {"reasons": ["行业风险集中"]})
    assert r.status_code == 200 and r.json()["state"] == "under_review"  # bank1 has not decided

    # conditions the policy refuses: 400 with a code, nothing changes
    conditions = {"amount": "1000000.00", "rate": "0.0435", "term_months": 12, "ltv_cap": "0.6"}
    r = api("POST", f"/applications/{pk}/approve", "bank1", conditions)
    assert r.status_code == 400 and r.json()["code"] == "ltv_cap_exceeded"
    r = api("POST", f"/applications/{pk}/approve", "bank1", {**conditions, "ltv_cap": "0.3"})
    assert r.status_code == 400 and r.json()["code"] == "ltv_exceeded"  # 2.5M × 0.3 < 1M
    r = api(
        "POST",
        f"/applications/{pk}/approve",
        "bank1",
        {**conditions, "ltv_cap": "0.5", "amount": "1200000.00"},
    )
    assert r.status_code == 400 and r.json()["code"] == "amount_out_of_range"
    assert FinancingApplication.objects.get(pk=pk).state == "under_review" and not Loan.objects.exists()

    r = api("POST", f"/applications/{pk}/approve", "bank1", {**conditions, "ltv_cap": "0.5", "version": 4})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "approved" and body["loan"]["state"] == "approved"
    assert body["decisions"][-1]["collateral_value"] == "2500000.00"

    # the other bank sees neither the loan nor bank1's decision
    other = api("GET", f"/applications/{pk}", "bank2").json()
    assert other["loan"] is None and [d["bank"]["id"] for d in other["decisions"]] == [bank2]

    steps = [
        (
            "register_pledge",
            {"registration_number": "Y2026440000777", "registered_on": "2026-01-10"},
            "registered",
        ),
        ("disburse", {"disbursed_on": "2026-01-15", "method": "equal_principal"}, "active"),
    ]
    for action, payload, state in steps:
        r = api("POST", f"/applications/{pk}/{action}", "bank1", payload)
        assert r.status_code == 200, (action, r.content)
        assert r.json()["loan"]["state"] == state

    loan = r.json()["loan"]
    expected = _expected_equal_principal(Decimal("1000000.00"), Decimal("0.0435"), 12)
    assert [(s["principal"], s["interest"], s["total"]) for s in loan["schedule"]] == expected
    # by hand: 1 000 000 × 4.35 % / 12 = 3 625.00; the last row takes the rounding remainder
    assert expected[0] == ("83333.33", "3625.00", "86958.33")
    assert expected[1] == ("83333.33", "3322.92", "86656.25")
    assert expected[-1] == ("83333.37", "302.08", "83635.45")
    assert loan["schedule"][0]["due_date"] == "2026-02-15" and loan["maturity_date"] == "2027-01-15"
    total_due = sum(Decimal(t) for _p, _i, t in expected)  # interest = 1e6 × 0.003625 × 6.5 = 23 562.50
    assert total_due == Decimal("1023562.50") and loan["outstanding"] == "1023562.50"

    r = api("POST", f"/applications/{pk}/repay", "bank1", {"amount": "86958.33", "paid_on": "2026-02-15"})
    assert r.status_code == 200 and r.json()["loan"]["outstanding"] == "936604.17"
    r = api("POST", f"/applications/{pk}/repay", "bank1", {"amount": "936604.18", "paid_on": "2026-03-01"})
    assert r.status_code == 400 and r.json()["code"] == "repayment_out_of_range"
    r = api("POST", f"/applications/{pk}/repay", "bank1", {"amount": "936604.17", "paid_on": "2026-03-01"})
    assert (
        r.status_code == 200
        and r.json()["loan"]["state"] == "repaid"
        and r.json()["loan"]["outstanding"] == "0.00"
    )
    assert r.json()["allowed_actions"] == ["release"]

    r = api(
        "POST",
        f"/applications/{pk}/release",
        "bank1",
        {"released_on": "2026-03-05", "release_number": "ZX-1"},
    )
    assert r.status_code == 200 and r.json()["loan"]["registration"]["active"] is False
    r = api("POST", f"/applications/{pk}/close", "bank1", {})
    assert r.status_code == 200 and r.json()["loan"]["state"] == "closed"
    r = api("POST", f"/applications/{pk}/close", "bank1", {})
    assert r.status_code == 409 and "/" in r.json()["detail"]  # bilingual

    timeline = api("GET", f"/applications/{pk}/timeline", "ent1").json()
    assert [e["type"] for e in timeline] == [
        "finance.application.create",
        "finance.application.share",
        "finance.application.query",
        "finance.application.reject",
        "finance.application.approve",
        "finance.loan.register_pledge",
        "finance.loan.disburse",
        "finance.loan.repay",
        "finance.loan.repay",
        "finance.loan.settle",
        "finance.loan.release",
        "finance.loan.close",
    ]
    approve = timeline[4]
    assert approve["actor"] == "bank1" and approve["params"]["amount"] == "1000000.00"
    assert approve["params"]["from"] == "under_review" and approve["params"]["to"] == "approved"
    # bank1's timeline leaves out bank2's rejection and which other banks were asked
    shared = next(
        e
        for e in api("GET", f"/applications/{pk}/timeline", "bank1").json()
        if e["type"] == "finance.application.share"
    )
    assert shared["params"]["bank_ids"] == [bank1]
    assert timeline[1]["params"]["bank_ids"] == [bank1, bank2]
    assert "finance.application.reject" not in [
        e["type"] for e in api("GET", f"/applications/{pk}/timeline", "bank1").json()
    ]


def test_annuity_schedule_sums_to_the_amount():
    from datetime import date

    from gdip.finance.schedule import build_schedule

    rows = build_schedule(Decimal("1000000.00"), Decimal("0.0435"), 12, date(2026, 1, 31), "annuity")
    assert sum(r.principal for r in rows) == Decimal("1000000.00")
    # 1e6 × r / (1 − (1 + r)^−12), r = 0.0435 / 12 = 0.003625
    assert {r.total for r in rows[:-1]} == {Decimal("85309.90")}
    assert rows[0].interest == Decimal("3625.00") and rows[0].principal == Decimal("81684.90")
    assert rows[0].due_date.isoformat() == "2026-02-28"


def _approved(api, world, user, bank, number, reg=None):
    app = _create(api, user, rights=[{"application_number": number, "appraised_value": "3000000.00"}])
    pk = app["id"]
    assert (
        api("POST", f"/applications/{pk}/share", user, {"bank_ids": [world.orgs[bank].pk]}).status_code == 200
    )
    r = api(
        "POST",
        f"/applications/{pk}/approve",
        bank,
        {"amount": "1000000.00", "rate": "0.04", "term_months": 12},
    )
    return pk, r


def test_second_pledge_is_refused(api, world, lake):
    # two applications over the same patent approved before either pledge is registered
    first, r1 = _approved(api, world, "ent1", "bank1", OK2)
    second, r2 = _approved(api, world, "ent1", "bank3", OK2)
    assert r1.status_code == 200 and r2.status_code == 200
    ok = api(
        "POST",
        f"/applications/{first}/register_pledge",
        "bank1",
        {"registration_number": "Y2026440000901", "registered_on": "2026-02-01"},
    )
    assert ok.status_code == 200
    refused = api(
        "POST",
        f"/applications/{second}/register_pledge",
        "bank3",
        {"registration_number": "Y2026440000902", "registered_on": "2026-02-02"},
    )
    assert refused.status_code == 409 and refused.json()["code"] == "already_pledged"
    assert refused.json()["data"] == {f"CN:{OK2}": ["Y2026440000901"]}
    assert Loan.objects.get(application_id=second).state == "approved"
    assert PledgeRegistration.objects.count() == 1

    # a third application over the pledged patent cannot even be approved
    _third, r3 = _approved(api, world, "ent1", "bank2", OK2)
    assert r3.status_code == 409 and r3.json()["code"] == "not_eligible"
    assert r3.json()["data"] == {f"CN:{OK2}": ["already_pledged"]}


def test_patent_pledged_in_the_lake_cannot_be_approved(api, world, lake):
    pk, r = _approved(api, world, "ent1", "bank1", PLEDGED)
    assert r.status_code == 409 and r.json()["data"] == {f"CN:{PLEDGED}": ["already_pledged"]}
    assert FinancingApplication.objects.get(pk=pk).state == "shared"


def test_create_refuses_rights_not_in_the_lake_or_not_owned(api, world, lake):
    from finance_lake import NOT_OWNER

    r = api(
        "POST",
        "/applications",
        "ent1",
        {"amount_requested": "1", "term_months": 12, "rights": [{"application_number": NOT_OWNER}]},
    )
    assert r.status_code == 400 and r.json()["code"] == "not_owner"
    r = api(
        "POST",
        "/applications",
        "ent1",
        {"amount_requested": "1", "term_months": 12, "rights": [{"application_number": "201910000099.1"}]},
    )
    assert r.status_code == 400
    r = api("POST", "/applications", "ent1", {"amount_requested": "-1", "term_months": 12, "rights": []})
    assert r.status_code == 422
    assert not FinancingApplication.objects.exists()


def test_rejection_by_every_bank_rejects_and_the_enterprise_may_share_again(api, world, lake):
    app = _create(api)
    pk = app["id"]
    api("POST", f"/applications/{pk}/share", "ent1", {"bank_ids": [world.orgs["bank1"].pk]})
    r = api("POST", f"/applications/{pk}/reject", "bank1", {"reasons": ["no"]})
    assert r.status_code == 200 and r.json()["state"] == "rejected"
    r = api("POST", f"/applications/{pk}/reject", "bank1", {"reasons": ["again"]})
    assert r.status_code == 409
    r = api("POST", f"/applications/{pk}/share", "ent1", {"bank_ids": [world.orgs["bank2"].pk]})
    assert r.status_code == 200 and r.json()["state"] == "shared"


def test_stale_version_is_a_conflict(api, world, lake):
    app = _create(api)
    r = api(
        "POST",
        f"/applications/{app['id']}/share",
        "ent1",
        {"bank_ids": [world.orgs["bank1"].pk], "version": 7},
    )
    assert r.status_code == 409 and r.json()["code"] == "concurrent_change"
    assert FinancingApplication.objects.get(pk=app["id"]).state == "draft"
