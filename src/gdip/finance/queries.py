"""Read side of financing: what one user sees of an application, its timeline and actions.

Everything here starts from an object the caller already obtained through ``restrict`` /
``access_*_by_id`` and narrows its children with ``restrict`` again, so a bank never sees a
competitor's share, decision or check, and the timeline drops other banks' events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from gdip.core.permissions import restrict, role_of
from gdip.datacenter.engines import Engine, get_engine
from gdip.finance.models import (
    ApplicationShare,
    BankDecision,
    EligibilityCheck,
    FinancingApplication,
    Loan,
)
from gdip.finance.workflows import APPLICATION_WORKFLOW, LOAN_WORKFLOW

__all__ = [
    "PortfolioRight",
    "allowed_actions",
    "latest_checks",
    "loan_of",
    "portfolio",
    "timeline",
    "visible_applications",
    "visible_decisions",
    "visible_shares",
]


def visible_applications(user: Any) -> QuerySet[FinancingApplication]:
    """The applications the user may see, newest first."""
    return restrict(FinancingApplication.objects.select_related("enterprise"), user).order_by(
        "-created", "-id"
    )


def visible_shares(user: Any, app: FinancingApplication) -> QuerySet[ApplicationShare]:
    """The application's shares the user may see (a bank: its own)."""
    return restrict(ApplicationShare.objects.filter(application=app).select_related("bank"), user).order_by(
        "id"
    )


def visible_decisions(user: Any, app: FinancingApplication) -> QuerySet[BankDecision]:
    """The application's bank decisions the user may see (a bank: its own)."""
    return restrict(BankDecision.objects.filter(application=app).select_related("bank"), user).order_by("id")


def loan_of(user: Any, app: FinancingApplication) -> Loan | None:
    """The application's loan when the user may see it."""
    return restrict(Loan.objects.filter(application=app).select_related("bank"), user).first()


def latest_checks(user: Any, app: FinancingApplication) -> list[EligibilityCheck]:
    """The most recent stored eligibility query of the application that the user may see."""
    checks = restrict(EligibilityCheck.objects.filter(right__application=app), user)
    if role_of(user) == "bank":
        checks = checks.filter(bank_id=getattr(user, "organisation_id", None))
    last = checks.order_by("-checked_at", "-id").first()
    if last is None:
        return []
    return list(checks.filter(batch=last.batch).select_related("right").order_by("right_id", "id"))


def allowed_actions(user: Any, app: FinancingApplication) -> list[str]:
    """The transitions the user could try now (the guards still decide)."""
    role = role_of(user)
    actions = APPLICATION_WORKFLOW.available(app.state, role)
    if role == "bank":
        org = getattr(user, "organisation_id", None)
        if not ApplicationShare.objects.filter(application=app, bank_id=org, withdrawn=False).exists():
            actions = []
        elif BankDecision.objects.filter(application=app, bank_id=org).exists():
            actions = [a for a in actions if a not in ("approve", "reject")]
    loan = loan_of(user, app)
    if loan is not None:
        loan_actions = LOAN_WORKFLOW.available(loan.state, role)
        if role == "bank" and loan.bank_id != getattr(user, "organisation_id", None):
            loan_actions = []
        actions = actions + loan_actions
    return actions


def timeline(user: Any, app: FinancingApplication) -> list[Any]:
    """The case timeline: every event of the application and its loan, oldest first.

    Visibility follows the application (the caller already has access); a bank does not see
    the events another bank caused (its query, decision), only its own and the shared ones.
    """
    from gdip.accounts.models import Event

    refs = Q(object_type="finance.financingapplication", object_id=str(app.pk))
    loan = Loan.objects.filter(application=app).first()
    if loan is not None:
        refs |= Q(object_type="finance.loan", object_id=str(loan.pk))
    events = list(
        Event.objects.filter(refs).select_related("actor", "actor__organisation").order_by("created", "id")
    )
    if role_of(user) == "bank":
        org = getattr(user, "organisation_id", None)
        events = [
            e
            for e in events
            if e.params.get("bank_id") in (None, org)
            and (e.actor is None or e.actor.role != "bank" or e.actor.organisation_id == org)
        ]
        for e in events:
            # Which other banks the application went to is not this bank's business.
            if "bank_ids" in e.params:
                e.params = {**e.params, "bank_ids": [b for b in e.params["bank_ids"] if b == org]}
    return events


@dataclass(frozen=True)
class PortfolioRight:
    """A right of an enterprise's portfolio that could be offered as collateral."""

    office: str
    application_number: str
    kind: str
    title: str
    status: str
    filing_date: Any
    grant_date: Any
    co_owners: list[str]


def portfolio(org: Any, engine: Engine | None = None, limit: int = 500) -> list[PortfolioRight]:
    """The enterprise's granted, valid patents and registered marks in the lake (entity U:<USCC>)."""
    if org is None or not getattr(org, "uscc", None):
        return []
    engine = engine or get_engine()
    entity = "U:" + org.uscc.upper()
    out: list[PortfolioRight] = []
    p = engine.table("patents")
    mine = p.filter(p.entity_ids.contains(entity) & (p.status == "valid"))
    cols = mine.select(
        "office", "application_number", "kind", "title", "status", "filing_date", "grant_date", "applicants"
    )
    for r in cols.order_by(["kind", "application_number"]).limit(limit).to_pyarrow().to_pylist():
        out.append(
            PortfolioRight(
                r["office"],
                r["application_number"],
                r["kind"],
                r["title"] or "",
                r["status"],
                r["filing_date"],
                r["grant_date"],
                [a["name"] for a in r["applicants"] or [] if a.get("entity_id") != entity],
            )
        )
    t = engine.table("trademarks")
    marks = t.filter(t.entity_ids.contains(entity) & (t.status == "valid"))
    mcols = marks.select(
        "office",
        "application_number",
        "mark_text",
        "status",
        "filing_date",
        "registration_date",
        "applicants",
    )
    for r in mcols.order_by("application_number").limit(limit).to_pyarrow().to_pylist():
        out.append(
            PortfolioRight(
                r["office"],
                r["application_number"],
                "trademark",
                r["mark_text"] or "",
                r["status"],
                r["filing_date"],
                r["registration_date"],
                [a["name"] for a in r["applicants"] or [] if a.get("entity_id") != entity],
            )
        )
    return out
