"""REST API of pledge financing, mounted at /api/v1/finance/ (bank online query and approval).

Every endpoint needs authentication (``API_AUTH``: bearer token or session). Objects are
fetched through ``gdip.finance.actions.access_*_by_id``: another tenant's application is a 404
as if it did not exist; a visible one the caller may not act on is a 403. Transitions are
``POST /applications/{id}/{action}``; each body may carry ``version`` (the version of the
application, or for loan actions of the loan, the caller last saw): a stale version, a state
that does not allow the action, or a concurrent request that won the race gives 409 with a
bilingual message, and nothing changes. A guard that the request itself breaks (LTV above the
cap, overpayment) gives 400 with a stable ``code``; a right that fails the registration grounds
or is already pledged gives 409 with the failing codes per right in ``data``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from gdip.accounts.api import API_AUTH
from gdip.core.api_schemas import ValidationErrorOut
from gdip.core.permissions import has_capability, restrict
from gdip.datacenter.engines import get_engine
from gdip.finance import actions, queries
from gdip.finance.eligibility import add_months, lake_commit
from gdip.finance.models import FinancingApplication, Loan, LoanState
from gdip.finance.workflows import TransitionError

__all__ = ["router"]

router = Router(tags=["finance"], auth=API_AUTH)

NOT_FOUND = "未找到该融资申请 / Financing application not found"
FORBIDDEN = "无权执行此操作 / Permission denied"


# -- schemas ------------------------------------------------------------------------------------


class FinanceErrorOut(Schema):
    """An error: bilingual message, a stable code where there is one, and details."""

    detail: str
    code: str | None = None
    data: Any = None


class RightIn(Schema):
    """A right from the enterprise's own portfolio offered as collateral."""

    application_number: str = Field(..., min_length=1, max_length=40)
    office: str = Field("CN", min_length=2, max_length=2)
    trademark: bool = False
    appraised_value: Decimal | None = Field(None, gt=0, max_digits=16, decimal_places=2)
    co_owner_consents: list[str] = Field(default_factory=list, max_length=20)


class ApplicationIn(Schema):
    """A new application (a draft until shared)."""

    amount_requested: Decimal = Field(..., gt=0, max_digits=16, decimal_places=2)
    term_months: int = Field(..., ge=1, le=120)
    purpose: str = Field("", max_length=500)
    rights: list[RightIn] = Field(..., min_length=1, max_length=50)


class VersionIn(Schema):
    """Optional optimistic-lock version of the object the action changes."""

    version: int | None = Field(None, ge=1)


class ShareIn(VersionIn):
    bank_ids: list[int] = Field(..., min_length=1, max_length=20)


class FinanceReasonIn(VersionIn):
    reason: str = Field("", max_length=500)


class ApproveIn(VersionIn):
    amount: Decimal = Field(..., gt=0, max_digits=16, decimal_places=2)
    rate: Decimal = Field(..., ge=0, max_digits=7, decimal_places=6, description="annual, 0.0435 = 4.35 %")
    term_months: int = Field(..., ge=1, le=120)
    ltv_cap: Decimal | None = Field(None, gt=0, le=1, max_digits=5, decimal_places=4)
    collateral_value: Decimal | None = Field(None, gt=0, max_digits=16, decimal_places=2)
    conditions: str = Field("", max_length=2000)


class RejectIn(VersionIn):
    reasons: list[str] = Field(..., min_length=1, max_length=20)


class RegisterIn(VersionIn):
    registration_number: str = Field(..., min_length=1, max_length=40)
    registered_on: date


class DisburseIn(VersionIn):
    disbursed_on: date
    method: str = Field("equal_principal", pattern="^(equal_principal|annuity)$")


class RepayIn(VersionIn):
    amount: Decimal = Field(..., gt=0, max_digits=16, decimal_places=2)
    paid_on: date


class ReleaseIn(VersionIn):
    released_on: date
    release_number: str = Field("", max_length=40)


class OrgOut(Schema):
    id: int
    name: str


class RightOut(Schema):
    id: int
    office: str
    application_number: str
    right_kind: str
    title: str
    appraised_value: Decimal | None
    co_owner_consents: list[str]


class ShareOut(Schema):
    bank: OrgOut
    shared_at: datetime
    withdrawn: bool


class DecisionOut(Schema):
    bank: OrgOut
    decision: str
    amount: Decimal | None
    rate: Decimal | None
    term_months: int | None
    ltv_cap: Decimal | None
    collateral_value: Decimal | None
    conditions: str
    reasons: list[str]
    decided_at: datetime


class CheckOut(Schema):
    office: str
    application_number: str
    ground: str
    passed: bool
    detail_zh: str
    detail_en: str
    checked_at: datetime
    lake_commit: int


class InstalmentOut(Schema):
    seq: int
    due_date: date
    principal: Decimal
    interest: Decimal
    total: Decimal
    paid: Decimal
    paid_on: date | None


class RepaymentOut(Schema):
    paid_on: date
    amount: Decimal


class RegistrationOut(Schema):
    registration_number: str
    registered_on: date
    active: bool
    released_on: date | None
    release_number: str | None


class LoanOut(Schema):
    id: int
    state: str
    version: int
    bank: OrgOut
    amount: Decimal
    rate: Decimal
    term_months: int
    schedule_method: str
    disbursed_at: date | None
    maturity_date: date | None
    due_at: datetime | None
    outstanding: Decimal
    registration: RegistrationOut | None
    schedule: list[InstalmentOut]
    repayments: list[RepaymentOut]


class ApplicationSummaryOut(Schema):
    id: int
    state: str
    version: int
    enterprise: OrgOut
    city_code: str
    amount_requested: Decimal
    term_months: int
    due_at: datetime | None
    created: datetime
    updated: datetime


class ApplicationOut(ApplicationSummaryOut):
    purpose: str
    rights: list[RightOut]
    shares: list[ShareOut]
    decisions: list[DecisionOut]
    checks: list[CheckOut]
    loan: LoanOut | None
    allowed_actions: list[str]


class GroundOut(Schema):
    code: str
    passed: bool
    detail_zh: str
    detail_en: str
    data: dict[str, Any]


class RightEligibilityOut(Schema):
    office: str
    application_number: str
    right_kind: str
    found: bool
    title: str | None
    eligible: bool
    grounds: list[GroundOut]


class EligibilityOut(Schema):
    as_of: date
    debt_end: date
    lake_commit: int
    eligible: bool
    rights: list[RightEligibilityOut]


class TimelineEventOut(Schema):
    id: int
    type: str
    created: datetime
    actor: str | None
    actor_role: str | None
    params: dict[str, Any]


class PortfolioOut(Schema):
    office: str
    application_number: str
    kind: str
    title: str
    status: str
    filing_date: date | None
    grant_date: date | None
    co_owners: list[str]


class LoanSummaryOut(Schema):
    id: int
    application_id: int
    enterprise: OrgOut
    bank: OrgOut
    state: str
    amount: Decimal
    rate: Decimal
    term_months: int
    disbursed_at: date | None
    maturity_date: date | None


# -- serialisation -----------------------------------------------------------------------------


def _org(org: Any) -> dict[str, Any]:
    return {"id": org.pk, "name": org.name}


def _summary(app: FinancingApplication) -> dict[str, Any]:
    return {
        "id": app.pk,
        "state": app.state,
        "version": app.version,
        "enterprise": _org(app.enterprise),
        "city_code": app.city_code,
        "amount_requested": app.amount_requested,
        "term_months": app.term_months,
        "due_at": app.due_at,
        "created": app.created,
        "updated": app.updated,
    }


def _loan(loan: Loan) -> dict[str, Any]:
    schedule = list(loan.schedule.all().order_by("seq"))
    agg = loan.schedule.aggregate(total=Sum("total"), paid=Sum("paid"))
    outstanding = ((agg["total"] or Decimal("0")) - (agg["paid"] or Decimal("0"))).quantize(Decimal("0.01"))
    if loan.state in (LoanState.APPROVED, LoanState.REGISTERED):
        outstanding = Decimal("0.00")
    reg = getattr(loan, "registration", None) if hasattr(loan, "registration") else None
    release = getattr(reg, "release", None) if reg is not None and hasattr(reg, "release") else None
    return {
        "id": loan.pk,
        "state": loan.state,
        "version": loan.version,
        "bank": _org(loan.bank),
        "amount": loan.amount,
        "rate": loan.rate,
        "term_months": loan.term_months,
        "schedule_method": loan.schedule_method,
        "disbursed_at": loan.disbursed_at,
        "maturity_date": loan.maturity_date,
        "due_at": loan.due_at,
        "outstanding": outstanding,
        "registration": None
        if reg is None
        else {
            "registration_number": reg.registration_number,
            "registered_on": reg.registered_on,
            "active": reg.active,
            "released_on": release.released_on if release else None,
            "release_number": release.release_number if release else None,
        },
        "schedule": [
            {
                "seq": r.seq,
                "due_date": r.due_date,
                "principal": r.principal,
                "interest": r.interest,
                "total": r.total,
                "paid": r.paid,
                "paid_on": r.paid_on,
            }
            for r in schedule
        ],
        "repayments": [{"paid_on": r.paid_on, "amount": r.amount} for r in loan.repayments.all()],
    }


def application_payload(user: Any, app: FinancingApplication) -> dict[str, Any]:
    """The detail of an application as the user may see it."""
    app.refresh_from_db()
    loan = queries.loan_of(user, app)
    return {
        **_summary(app),
        "purpose": app.purpose,
        "rights": [
            {
                "id": r.pk,
                "office": r.office,
                "application_number": r.application_number,
                "right_kind": r.right_kind,
                "title": r.title,
                "appraised_value": r.appraised_value,
                "co_owner_consents": r.co_owner_consents,
            }
            for r in app.rights.all()
        ],
        "shares": [
            {"bank": _org(s.bank), "shared_at": s.shared_at, "withdrawn": s.withdrawn}
            for s in queries.visible_shares(user, app)
        ],
        "decisions": [
            {
                "bank": _org(d.bank),
                "decision": d.decision,
                "amount": d.amount,
                "rate": d.rate,
                "term_months": d.term_months,
                "ltv_cap": d.ltv_cap,
                "collateral_value": d.collateral_value,
                "conditions": d.conditions,
                "reasons": d.reasons,
                "decided_at": d.decided_at,
            }
            for d in queries.visible_decisions(user, app)
        ],
        "checks": [
            {
                "office": c.right.office,
                "application_number": c.right.application_number,
                "ground": c.ground,
                "passed": c.passed,
                "detail_zh": c.detail_zh,
                "detail_en": c.detail_en,
                "checked_at": c.checked_at,
                "lake_commit": c.lake_commit,
            }
            for c in queries.latest_checks(user, app)
        ],
        "loan": _loan(loan) if loan is not None else None,
        "allowed_actions": queries.allowed_actions(user, app),
    }


def _error(status: int, detail: str, code: str | None = None, data: Any = None) -> Status:
    return Status(status, {"detail": detail, "code": code, "data": data})


def _run(request: HttpRequest, fn: Callable[[], Any], ok: int = 200) -> Any:
    """Run an action and map its errors to statuses (nothing is written when one is raised)."""
    try:
        result = fn()
    except Http404:
        return _error(404, NOT_FOUND, "not_found")
    except PermissionDenied:
        return _error(403, FORBIDDEN, "forbidden")
    except TransitionError as exc:
        return _error(getattr(exc, "status", 409), exc.detail, exc.code, exc.data)
    except ValidationError as exc:
        return _error(400, "; ".join(exc.messages), getattr(exc, "code", None) or "invalid")
    return Status(ok, result)


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


ACTION_RESPONSES: dict[int, Any] = {
    200: ApplicationOut,
    400: FinanceErrorOut,
    401: FinanceErrorOut,
    403: FinanceErrorOut,
    404: FinanceErrorOut,
    409: FinanceErrorOut,
    422: ValidationErrorOut,
}


# -- endpoints ----------------------------------------------------------------------------------


class ListQuery(Schema):
    state: str | None = Field(None, max_length=20)


@router.get(
    "/applications",
    response={200: list[ApplicationSummaryOut], 401: FinanceErrorOut, 422: ValidationErrorOut},
    summary="Financing applications the caller may see",
)
def list_applications(request: HttpRequest, filters: Query[ListQuery]) -> Any:
    """An enterprise's own, a bank's shared with it, a city admin's city's, all for province and auditor."""
    qs = queries.visible_applications(_user(request))
    if filters.state:
        qs = qs.filter(state=filters.state)
    return Status(200, [_summary(a) for a in qs[:1000]])


@router.post(
    "/applications",
    response={
        201: ApplicationOut,
        400: FinanceErrorOut,
        401: FinanceErrorOut,
        403: FinanceErrorOut,
        422: ValidationErrorOut,
    },
    summary="Create a financing application (enterprise)",
)
def create_application(request: HttpRequest, payload: ApplicationIn) -> Any:
    """A draft with rights from the enterprise's own portfolio.

    400 for a right that is not in the lake or not held by the enterprise."""
    user = _user(request)

    def run() -> Any:
        app = actions.do_create_application(
            user,
            amount_requested=payload.amount_requested,
            term_months=payload.term_months,
            purpose=payload.purpose,
            rights=[
                actions.RightInput(
                    application_number=r.application_number,
                    office=r.office,
                    trademark=r.trademark,
                    appraised_value=r.appraised_value,
                    co_owner_consents=tuple(r.co_owner_consents),
                )
                for r in payload.rights
            ],
            request=request,
        )
        return application_payload(user, app)

    return _run(request, run, ok=201)


@router.get(
    "/applications/{int:app_id}",
    response={200: ApplicationOut, 401: FinanceErrorOut, 404: FinanceErrorOut},
    summary="One financing application",
)
def get_application(request: HttpRequest, app_id: int) -> Any:
    """Detail with rights, the caller's view of shares and decisions, checks, loan and allowed actions."""
    user = _user(request)
    return _run(request, lambda: application_payload(user, actions.access_application_by_id(user, app_id)))


@router.get(
    "/applications/{int:app_id}/eligibility",
    response={200: EligibilityOut, 401: FinanceErrorOut, 404: FinanceErrorOut},
    summary="Pledge eligibility of the application's rights, computed now from the lake",
)
def get_eligibility(request: HttpRequest, app_id: int) -> Any:
    """The nine registration refusal grounds per right (nothing is stored; POST …/query stores a check)."""
    user = _user(request)

    def run() -> Any:
        app = actions.access_application_by_id(user, app_id)
        engine = get_engine()
        today = timezone.localdate()
        results = actions.compute_eligibility(app, today=today, engine=engine)
        return {
            "as_of": today,
            "debt_end": add_months(today, app.term_months),
            "lake_commit": lake_commit(engine),
            "eligible": all(e.eligible for _r, e in results),
            "rights": [
                {
                    "office": e.office,
                    "application_number": e.application_number,
                    "right_kind": e.right_kind,
                    "found": e.found,
                    "title": e.title,
                    "eligible": e.eligible,
                    "grounds": [
                        {
                            "code": g.code,
                            "passed": g.passed,
                            "detail_zh": g.detail_zh,
                            "detail_en": g.detail_en,
                            "data": g.data,
                        }
                        for g in e.results
                    ],
                }
                for _r, e in results
            ],
        }

    return _run(request, run)


@router.get(
    "/applications/{int:app_id}/timeline",
    response={200: list[TimelineEventOut], 401: FinanceErrorOut, 404: FinanceErrorOut},
    summary="The case timeline (one event per transition)",
)
def get_timeline(request: HttpRequest, app_id: int) -> Any:
    """Events of the application and its loan, oldest first: type, actor, time and parameters."""
    user = _user(request)

    def run() -> Any:
        app = actions.access_application_by_id(user, app_id)
        return [
            {
                "id": e.pk,
                "type": e.type,
                "created": e.created,
                "actor": e.actor.username if e.actor else None,
                "actor_role": e.actor.role if e.actor else None,
                "params": e.params,
            }
            for e in queries.timeline(user, app)
        ]

    return _run(request, run)


def _transition(request: HttpRequest, app_id: int, do: Callable[[Any, FinancingApplication], Any]) -> Any:
    user = _user(request)

    def run() -> Any:
        app = actions.access_application_by_id(user, app_id, "change")
        do(user, app)
        return application_payload(user, app)

    return _run(request, run)


@router.post(
    "/applications/{int:app_id}/share", response=ACTION_RESPONSES, summary="Share with banks (enterprise)"
)
def share(request: HttpRequest, app_id: int, payload: ShareIn) -> Any:
    """draft/expired/rejected → shared (review deadline: 10 working days); shared stays shared."""
    return _transition(
        request,
        app_id,
        lambda u, a: actions.do_share(
            u, a, payload.bank_ids, expected_version=payload.version, request=request
        ),
    )


@router.post(
    "/applications/{int:app_id}/withdraw", response=ACTION_RESPONSES, summary="Withdraw (enterprise)"
)
def withdraw(request: HttpRequest, app_id: int, payload: FinanceReasonIn) -> Any:
    """Any state before approval → withdrawn; every share is withdrawn."""
    return _transition(
        request,
        app_id,
        lambda u, a: actions.do_withdraw(
            u, a, reason=payload.reason, expected_version=payload.version, request=request
        ),
    )


@router.post(
    "/applications/{int:app_id}/query", response=ACTION_RESPONSES, summary="Query eligibility (bank)"
)
def query(request: HttpRequest, app_id: int, payload: VersionIn) -> Any:
    """Check and store the nine refusal grounds per right; shared → under_review."""
    return _transition(
        request,
        app_id,
        lambda u, a: actions.do_query_eligibility(u, a, expected_version=payload.version, request=request),
    )


@router.post(
    "/applications/{int:app_id}/approve", response=ACTION_RESPONSES, summary="Approve with conditions (bank)"
)
def approve(request: HttpRequest, app_id: int, payload: ApproveIn) -> Any:
    """Approve: amount ≤ requested and ≤ collateral × LTV cap, cap ≤ the policy cap of the IP types,
    every right eligible for the approved term; creates the loan. Exactly one approval wins."""
    conditions = actions.ApprovalConditions(
        amount=payload.amount,
        rate=payload.rate,
        term_months=payload.term_months,
        ltv_cap=payload.ltv_cap,
        collateral_value=payload.collateral_value,
        conditions=payload.conditions,
    )
    return _transition(
        request,
        app_id,
        lambda u, a: actions.do_approve(u, a, conditions, expected_version=payload.version, request=request),
    )


@router.post(
    "/applications/{int:app_id}/reject", response=ACTION_RESPONSES, summary="Reject with reasons (bank)"
)
def reject(request: HttpRequest, app_id: int, payload: RejectIn) -> Any:
    """Record this bank's rejection; the application is rejected when every bank rejected it."""
    return _transition(
        request,
        app_id,
        lambda u, a: actions.do_reject(
            u, a, payload.reasons, expected_version=payload.version, request=request
        ),
    )


@router.post(
    "/applications/{int:app_id}/register_pledge",
    response=ACTION_RESPONSES,
    summary="Record the pledge registration (bank)",
)
def register_pledge(request: HttpRequest, app_id: int, payload: RegisterIn) -> Any:
    """Loan approved → registered; 409 when a right is already pledged (no second pledge)."""
    return _transition(
        request,
        app_id,
        lambda u, a: actions.do_register_pledge(
            u,
            a,
            registration_number=payload.registration_number,
            registered_on=payload.registered_on,
            expected_version=payload.version,
            request=request,
        ),
    )


@router.post(
    "/applications/{int:app_id}/disburse", response=ACTION_RESPONSES, summary="Record the disbursement (bank)"
)
def disburse(request: HttpRequest, app_id: int, payload: DisburseIn) -> Any:
    """Loan registered → active, with the repayment schedule (equal principal or annuity)."""
    return _transition(
        request,
        app_id,
        lambda u, a: actions.do_disburse(
            u,
            a,
            disbursed_on=payload.disbursed_on,
            method=payload.method,
            expected_version=payload.version,
            request=request,
        ),
    )


@router.post(
    "/applications/{int:app_id}/repay", response=ACTION_RESPONSES, summary="Record a repayment (bank)"
)
def repay(request: HttpRequest, app_id: int, payload: RepayIn) -> Any:
    """Allocated to the earliest open instalments; the last one moves the loan to repaid."""
    return _transition(
        request,
        app_id,
        lambda u, a: actions.do_repay(
            u,
            a,
            amount=payload.amount,
            paid_on=payload.paid_on,
            expected_version=payload.version,
            request=request,
        ),
    )


@router.post(
    "/applications/{int:app_id}/release",
    response=ACTION_RESPONSES,
    summary="Record the pledge release (bank)",
)
def release(request: HttpRequest, app_id: int, payload: ReleaseIn) -> Any:
    """Loan repaid → released; the pledge registration becomes inactive."""
    return _transition(
        request,
        app_id,
        lambda u, a: actions.do_release(
            u,
            a,
            released_on=payload.released_on,
            release_number=payload.release_number,
            expected_version=payload.version,
            request=request,
        ),
    )


@router.post("/applications/{int:app_id}/close", response=ACTION_RESPONSES, summary="Close the loan (bank)")
def close(request: HttpRequest, app_id: int, payload: VersionIn) -> Any:
    """Loan released → closed."""
    return _transition(
        request,
        app_id,
        lambda u, a: actions.do_close(u, a, expected_version=payload.version, request=request),
    )


@router.post(
    "/applications/{int:app_id}/cancel",
    response=ACTION_RESPONSES,
    summary="Cancel the loan before disbursement",
)
def cancel(request: HttpRequest, app_id: int, payload: FinanceReasonIn) -> Any:
    """Loan approved → cancelled (bank or enterprise); registered → cancelled (bank)."""
    return _transition(
        request,
        app_id,
        lambda u, a: actions.do_cancel(
            u, a, reason=payload.reason, expected_version=payload.version, request=request
        ),
    )


@router.get(
    "/portfolio",
    response={200: list[PortfolioOut], 401: FinanceErrorOut, 403: FinanceErrorOut},
    summary="The caller's pledgeable portfolio (enterprise)",
)
def get_portfolio(request: HttpRequest) -> Any:
    """Valid patents and marks of the caller's enterprise in the lake (entity U:<USCC>)."""
    user = _user(request)
    if not has_capability(user, "finance.apply"):
        return _error(403, FORBIDDEN, "forbidden")
    return Status(200, [vars(r) for r in queries.portfolio(user.organisation)])


@router.get(
    "/loans",
    response={200: list[LoanSummaryOut], 401: FinanceErrorOut},
    summary="Loans the caller may see",
)
def list_loans(request: HttpRequest) -> Any:
    """A bank's own loans, an enterprise's loans, a city's, all for province and auditor."""
    user = _user(request)
    qs = restrict(Loan.objects.select_related("bank", "application__enterprise"), user).order_by(
        "-created", "-id"
    )
    return Status(
        200,
        [
            {
                "id": loan.pk,
                "application_id": loan.application_id,
                "enterprise": _org(loan.application.enterprise),
                "bank": _org(loan.bank),
                "state": loan.state,
                "amount": loan.amount,
                "rate": loan.rate,
                "term_months": loan.term_months,
                "disbursed_at": loan.disbursed_at,
                "maturity_date": loan.maturity_date,
            }
            for loan in qs[:1000]
        ],
    )
