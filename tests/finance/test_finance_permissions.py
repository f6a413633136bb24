"""The permission matrix of every finance endpoint: anonymous, each of the nine roles, and
another tenant of the same role (404, and nothing changes)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from finance_lake import OK1, OK2
from finance_world import USERS

from gdip.accounts.models import Event
from gdip.finance import actions
from gdip.finance.models import BankDecision, FinancingApplication, Loan
from gdip.finance.workflows import APPLICATION_WORKFLOW, LOAN_WORKFLOW

pytestmark = [pytest.mark.django_db, pytest.mark.urls("finance_urls")]

EVERYONE = [None, *USERS]  # None = anonymous
SEES_ENT1_SZ = {"ent1", "bank1", "city_sz", "prov", "auditor"}  # ent1 (Shenzhen) shared with bank1
READ_ONLY = {"city_sz", "prov", "auditor"}

BODIES = {
    "share": lambda w: {"bank_ids": [w.orgs["bank1"].pk]},
    "withdraw": lambda w: {"reason": "x"},
    "query": lambda w: {},
    "approve": lambda w: {"amount": "1000000.00", "rate": "0.04", "term_months": 12},
    "reject": lambda w: {"reasons": ["x"]},
    "register_pledge": lambda w: {"registration_number": "Y1", "registered_on": "2026-01-10"},
    "disburse": lambda w: {"disbursed_on": "2026-01-15"},
    "repay": lambda w: {"amount": "1.00", "paid_on": "2026-01-20"},
    "release": lambda w: {"released_on": "2026-01-20"},
    "close": lambda w: {},
    "cancel": lambda w: {"reason": "x"},
}
# Status for the entitled user acting on a freshly shared application (no loan yet).
ENTITLED = {
    "share": 200,
    "withdraw": 200,
    "query": 200,
    "approve": 200,
    "reject": 200,
    "register_pledge": 409,
    "disburse": 409,
    "repay": 409,
    "release": 409,
    "close": 409,
    "cancel": 409,
}


def _shared_app(world, user="ent1", bank="bank1", numbers=(OK1,)):
    app = actions.do_create_application(
        world.users[user],
        amount_requested=Decimal("1000000.00"),
        term_months=12,
        rights=[actions.RightInput(n, appraised_value=Decimal("3000000.00")) for n in numbers],
    )
    return actions.do_share(world.users[user], app, [world.orgs[bank].pk])


def _snapshot():
    return (
        list(FinancingApplication.objects.order_by("pk").values_list("pk", "state", "version")),
        Event.objects.count(),
        BankDecision.objects.count(),
        Loan.objects.count(),
    )


def _roles(action: str) -> frozenset[str]:
    return APPLICATION_WORKFLOW.roles_for(action) | LOAN_WORKFLOW.roles_for(action)


def _expected_action(action: str, user: str | None) -> int:
    if user is None:
        return 401
    if user not in SEES_ENT1_SZ:
        return 404
    if user in READ_ONLY or USERS[user][0] not in _roles(action):
        return 403
    return ENTITLED[action]


def test_read_endpoints(api, world, lake):
    app = _shared_app(world)
    loan_app = _shared_app(world, numbers=(OK2,))
    actions.do_approve(
        world.users["bank1"],
        loan_app,
        actions.ApprovalConditions(amount=Decimal("1000000.00"), rate=Decimal("0.04"), term_months=12),
    )
    loan = Loan.objects.get()
    before = _snapshot()
    for user in EVERYONE:
        listing = api("GET", "/applications", user)
        loans = api("GET", "/loans", user)
        if user is None:
            assert listing.status_code == loans.status_code == 401
        else:
            visible = {app.pk, loan_app.pk} if user in SEES_ENT1_SZ else set()
            assert listing.status_code == 200 and {a["id"] for a in listing.json()} == visible, user
            assert loans.status_code == 200 and {x["id"] for x in loans.json()} == (
                {loan.pk} if user in SEES_ENT1_SZ else set()
            ), user
        for path in ("", "/eligibility", "/timeline"):
            r = api("GET", f"/applications/{app.pk}{path}", user)
            expected = 401 if user is None else 200 if user in SEES_ENT1_SZ else 404
            assert r.status_code == expected, (user, path, r.status_code)
        portfolio = api("GET", "/portfolio", user)
        expected = 401 if user is None else 200 if USERS[user][0] == "enterprise" else 403
        assert portfolio.status_code == expected, (user, portfolio.status_code)
    assert _snapshot() == before
    ent1_portfolio = {r["application_number"] for r in api("GET", "/portfolio", "ent1").json()}
    assert OK1 in ent1_portfolio and OK2 in ent1_portfolio
    assert api("GET", "/portfolio", "ent3").json() == []  # no USCC, no portfolio


def test_create_is_for_enterprises_only(api, world, lake):
    body = {"amount_requested": "1000.00", "term_months": 12, "rights": [{"application_number": OK1}]}
    for user in EVERYONE:
        before = _snapshot()
        r = api("POST", "/applications", user, body)
        if user == "ent1":
            assert r.status_code == 201
            continue
        expected = 401 if user is None else 400 if USERS[user][0] == "enterprise" else 403
        assert r.status_code == expected, (user, r.status_code, r.content)
        assert _snapshot() == before


@pytest.mark.parametrize("action", list(BODIES))
def test_transition_matrix(api, world, lake, action):
    target = _shared_app(world)
    body = BODIES[action](world)
    for user in EVERYONE:
        expected = _expected_action(action, user)
        if expected in (200, 409):
            # the entitled user acts on its own fresh copy so that the others see the original
            fresh = _shared_app(world)
            r = api("POST", f"/applications/{fresh.pk}/{action}", user, body)
            assert r.status_code == expected, (action, user, r.status_code, r.content)
            continue
        before = _snapshot()
        r = api("POST", f"/applications/{target.pk}/{action}", user, body)
        assert r.status_code == expected, (action, user, r.status_code, r.content)
        assert "detail" in r.json()
        assert _snapshot() == before, (action, user)


def test_unknown_application_is_404_for_everyone(api, world, lake):
    for user in USERS:
        assert api("GET", "/applications/999999", user).status_code == 404
        assert api("POST", "/applications/999999/approve", user, BODIES["approve"](world)).status_code == 404
