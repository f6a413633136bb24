"""The transition tables, tested as tables: every (state, action) pair is either allowed with
its next state or refused (409), and the deadline timer fires the timeout action."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gdip.finance import workflows as wf
from gdip.finance.models import BankDecision, FinancingApplication, Loan

pytestmark = pytest.mark.django_db

APPLICATION_EXPECTED = {
    ("draft", "share"): "shared",
    ("draft", "withdraw"): "withdrawn",
    ("shared", "share"): "shared",
    ("shared", "query"): "under_review",
    ("shared", "approve"): "approved",
    ("shared", "reject"): "shared",
    ("shared", "close_rejected"): "rejected",
    ("shared", "expire"): "expired",
    ("shared", "withdraw"): "withdrawn",
    ("under_review", "share"): "under_review",
    ("under_review", "query"): "under_review",
    ("under_review", "approve"): "approved",
    ("under_review", "reject"): "under_review",
    ("under_review", "close_rejected"): "rejected",
    ("under_review", "expire"): "expired",
    ("under_review", "withdraw"): "withdrawn",
    ("expired", "share"): "shared",
    ("expired", "withdraw"): "withdrawn",
    ("rejected", "share"): "shared",
    ("rejected", "withdraw"): "withdrawn",
}
LOAN_EXPECTED = {
    ("approved", "register_pledge"): "registered",
    ("approved", "cancel"): "cancelled",
    ("registered", "disburse"): "active",
    ("registered", "cancel"): "cancelled",
    ("active", "repay"): "active",
    ("active", "settle"): "repaid",
    ("repaid", "release"): "released",
    ("released", "close"): "closed",
}


@pytest.fixture
def no_guards(monkeypatch):
    """Guards are tested on their own; here every guard passes."""
    monkeypatch.setattr(wf, "GUARDS", {name: (lambda *a: None) for name in wf.GUARDS})


def _actor(world, roles):
    if wf.SYSTEM in roles:
        return None
    return world.users["ent1" if "enterprise" in roles else "bank1"]


def _application(world, state):
    return FinancingApplication.objects.create(
        enterprise=world.orgs["ent1"],
        city_code="440300",
        amount_requested=Decimal("100"),
        term_months=12,
        state=state,
    )


def _loan(world, state):
    app = _application(world, "approved")
    decision = BankDecision.objects.create(application=app, bank=world.orgs["bank1"], decision="approved")
    return Loan.objects.create(
        application=app,
        bank=world.orgs["bank1"],
        decision=decision,
        amount=Decimal("100"),
        rate=Decimal("0.04"),
        term_months=12,
        state=state,
    )


@pytest.mark.parametrize(
    ("workflow", "expected", "make"),
    [(wf.APPLICATION_WORKFLOW, APPLICATION_EXPECTED, _application), (wf.LOAN_WORKFLOW, LOAN_EXPECTED, _loan)],
    ids=["application", "loan"],
)
def test_every_state_action_pair(world, no_guards, workflow, expected, make):
    assert {(t.source, t.action): t.target for t in workflow.transitions} == expected
    from gdip.accounts.models import Event

    for state in workflow.states:
        for action in workflow.actions:
            obj = make(world, state)
            events_before = Event.objects.count()
            row = workflow.find(state, action)
            actor = _actor(world, row.roles if row else workflow.roles_for(action))
            if (state, action) in expected:
                done = wf.apply_transition(workflow, obj, action, actor=actor)
                assert (state, action, done.state) == (state, action, expected[(state, action)])
                assert done.version == 2
                assert Event.objects.count() == events_before + 1
                event = Event.objects.order_by("-id").first()
                assert event.type == f"finance.{workflow.name}.{action}"
                assert event.params["from"] == state and event.params["to"] == expected[(state, action)]
            else:
                with pytest.raises(wf.TransitionNotAllowed) as exc:
                    wf.apply_transition(workflow, obj, action, actor=actor)
                assert exc.value.status == 409
                obj.refresh_from_db()
                assert (obj.state, obj.version) == (state, 1)
                assert Event.objects.count() == events_before


def test_roles_outside_the_table_are_refused(world, no_guards):
    from django.core.exceptions import PermissionDenied

    app = _application(world, "shared")
    with pytest.raises(PermissionDenied):
        wf.apply_transition(wf.APPLICATION_WORKFLOW, app, "approve", actor=world.users["ent1"])
    with pytest.raises(PermissionDenied):
        wf.apply_transition(wf.APPLICATION_WORKFLOW, app, "share", actor=world.users["bank1"])
    with pytest.raises(PermissionDenied):
        wf.apply_transition(wf.APPLICATION_WORKFLOW, app, "expire", actor=world.users["city_sz"])
    app.refresh_from_db()
    assert app.state == "shared" and app.version == 1


def test_deadline_timer_expires_overdue_reviews(world, no_guards):
    app = _application(world, "draft")
    shared = wf.apply_transition(wf.APPLICATION_WORKFLOW, app, "share", actor=world.users["ent1"])
    assert shared.due_at is not None
    # 10 working days: two weekends in between, so 14 calendar days
    assert timedelta(days=14) <= shared.due_at - shared.updated <= timedelta(days=16)
    assert wf.run_deadlines(now=shared.due_at - timedelta(minutes=1)) == []
    fired = wf.run_deadlines(now=shared.due_at + timedelta(minutes=1))
    assert fired == [f"application {app.pk}: shared → expire"]
    app.refresh_from_db()
    assert app.state == "expired" and app.due_at is None


def test_working_days_skip_weekends_and_holidays(settings):
    friday = timezone.make_aware(timezone.datetime(2026, 1, 2, 10, 0))  # a Friday
    assert wf.add_working_days(friday, 1).date().isoformat() == "2026-01-05"
    settings.GDIP_FINANCE_HOLIDAYS = ["2026-01-05"]
    assert wf.add_working_days(friday, 1).date().isoformat() == "2026-01-06"


def test_tables_are_consistent():
    for workflow in wf.WORKFLOWS.values():
        for t in workflow.transitions:
            assert all(g in wf.GUARDS for g in t.guards), t
        for state, action in workflow.timeouts.items():
            assert workflow.find(state, action) is not None
