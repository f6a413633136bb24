"""State changes of bank online query and approval (M4 module 3): the only writers of finance rows.

``check_*`` authorises and validates, ``do_*`` runs in a transaction through
``workflows.apply_transition`` (lock, guards, compare-and-set, event), ``access_*_by_id``
fetches only what the caller may see (404 otherwise, 403 when visible but not theirs to change).
Views, the API, the CLI and jobs call these functions; ``actor=None`` is the system (demo data,
timers) and skips the role checks but never a guard.

Status codes the callers map the errors to: ``ValidationError`` 400 (bad parameters),
``PermissionDenied`` 403, ``Http404`` 404, ``TransitionNotAllowed`` / ``ConcurrentTransition``
409, ``GuardFailed`` its own status (400 when the request breaks a rule, such as an LTV above
the cap; 409 when the state of the world refuses it: not eligible, already pledged).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from gdip.core.events import record_event
from gdip.core.permissions import access_object_by_id, has_capability, role_of
from gdip.datacenter.engines import Engine, get_engine
from gdip.finance import workflows as wf
from gdip.finance.eligibility import RightEligibility, RightQuery, add_months, check_right, lake_commit
from gdip.finance.models import (
    ApplicationShare,
    ApplicationState,
    BankDecision,
    DecisionKind,
    EligibilityCheck,
    FinancingApplication,
    Loan,
    PledgedRight,
    PledgeRegistration,
    Release,
    Repayment,
    RepaymentInstallment,
    ScheduleMethod,
)
from gdip.finance.policy_params import MAX_RATE, MAX_TERM_MONTHS, application_ltv_cap
from gdip.finance.schedule import build_schedule
from gdip.finance.workflows import APPLICATION_WORKFLOW, LOAN_WORKFLOW, GuardFailed, register_guard

__all__ = [
    "APPLICATION_CREATED",
    "ApprovalConditions",
    "RightInput",
    "access_application_by_id",
    "access_loan_by_id",
    "check_create_application",
    "compute_eligibility",
    "do_approve",
    "do_cancel",
    "do_close",
    "do_create_application",
    "do_disburse",
    "do_query_eligibility",
    "do_register_pledge",
    "do_reject",
    "do_release",
    "do_repay",
    "do_share",
    "do_withdraw",
]

APPLICATION_CREATED = "finance.application.create"
MAX_RIGHTS = 50
MAX_AMOUNT = Decimal("1e12")


@dataclass(frozen=True)
class RightInput:
    """A right the enterprise offers: patent (default) or trademark, with value and consents."""

    application_number: str
    office: str = "CN"
    trademark: bool = False
    appraised_value: Decimal | None = None
    co_owner_consents: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApprovalConditions:
    """A bank's approval: amount, annual rate, term, LTV cap and the collateral value it accepts."""

    amount: Decimal
    rate: Decimal
    term_months: int
    ltv_cap: Decimal | None = None
    collateral_value: Decimal | None = None
    conditions: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _invalid(message_zh: str, message_en: str, code: str = "invalid") -> ValidationError:
    return ValidationError(f"{message_zh} / {message_en}", code=code)


# -- access -------------------------------------------------------------------------------------


def access_application_by_id(user: Any, pk: Any, action: str = "view") -> FinancingApplication:
    """The application if the user may see it (404 otherwise; 403 when visible but not changeable)."""
    return access_object_by_id(FinancingApplication.objects.select_related("enterprise"), user, pk, action)


def access_loan_by_id(user: Any, pk: Any, action: str = "view") -> Loan:
    """The loan if the user may see it (404 otherwise)."""
    return access_object_by_id(Loan.objects.select_related("application", "bank"), user, pk, action)


def _bank_org_id(actor: Any) -> Any:
    return getattr(actor, "organisation_id", None) if actor is not None else None


# -- eligibility --------------------------------------------------------------------------------


def _platform_pledges(right: PledgedRight) -> tuple[str, ...]:
    """Registration numbers of active platform pledges of the same right on other loans."""
    regs = PledgeRegistration.objects.filter(
        active=True, rights__office=right.office, rights__application_number=right.application_number
    ).exclude(loan__application_id=right.application_id)
    return tuple(sorted(set(regs.values_list("registration_number", flat=True))))


def compute_eligibility(
    application: FinancingApplication,
    *,
    term_months: int | None = None,
    today: date | None = None,
    engine: Engine | None = None,
) -> list[tuple[PledgedRight, RightEligibility]]:
    """Check every right of the application against the nine refusal grounds (nothing stored)."""
    engine = engine or get_engine()
    today = today or timezone.localdate()
    debt_end = add_months(today, term_months or application.term_months)
    org = application.enterprise
    out = []
    for right in application.rights.all():
        q = RightQuery(
            office=right.office,
            application_number=right.application_number,
            right_kind=right.right_kind,
            owner_uscc=org.uscc or "",
            owner_name=org.name,
            debt_end=debt_end,
            consents=tuple(right.co_owner_consents or ()),
            pledged_in_platform=_platform_pledges(right),
        )
        out.append((right, check_right(engine, q, today)))
    return out


def _store_checks(results: list[tuple[PledgedRight, RightEligibility]], actor: Any, commit: int) -> str:
    batch = uuid.uuid4().hex
    now = timezone.now()
    rows = [
        EligibilityCheck(
            right=right,
            batch=batch,
            bank_id=_bank_org_id(actor) if role_of(actor) == "bank" else None,
            ground=r.code,
            passed=r.passed,
            detail_zh=r.detail_zh[:500],
            detail_en=r.detail_en[:500],
            data=r.data,
            checked_at=now,
            lake_commit=commit,
            checked_by=actor,
        )
        for right, elig in results
        for r in elig.results
    ]
    EligibilityCheck.objects.bulk_create(rows)
    return batch


def _summary(results: list[tuple[PledgedRight, RightEligibility]]) -> dict[str, Any]:
    return {
        "eligible": all(e.eligible for _r, e in results),
        "failed": {
            f"{e.office}:{e.application_number}": e.failed_codes for _r, e in results if not e.eligible
        },
    }


# -- guards -------------------------------------------------------------------------------------


@register_guard("has_rights")
def _has_rights(app: Any, actor: Any, params: dict[str, Any]) -> None:
    if not app.rights.exists():
        raise GuardFailed("no_rights", "申请未包含任何质押权利", "The application has no rights to pledge")


@register_guard("has_banks")
def _has_banks(app: Any, actor: Any, params: dict[str, Any]) -> None:
    if not params.get("bank_ids"):
        raise GuardFailed("no_banks", "请选择至少一家银行", "Choose at least one bank")


@register_guard("bank_has_share")
def _bank_has_share(app: Any, actor: Any, params: dict[str, Any]) -> None:
    if actor is None:
        return
    if not ApplicationShare.objects.filter(
        application=app, bank_id=_bank_org_id(actor), withdrawn=False
    ).exists():
        raise PermissionDenied("not shared with this bank")


@register_guard("bank_undecided")
def _bank_undecided(app: Any, actor: Any, params: dict[str, Any]) -> None:
    if BankDecision.objects.filter(application=app, bank_id=_bank_org_id(actor)).exists():
        raise GuardFailed(
            "already_decided",
            "本行已对该申请作出决定",
            "Your bank has already decided on this application",
            status=409,
        )


@register_guard("reasons_given")
def _reasons_given(app: Any, actor: Any, params: dict[str, Any]) -> None:
    if not [r for r in params.get("reasons") or [] if str(r).strip()]:
        raise GuardFailed("no_reasons", "拒绝须说明理由", "A rejection needs at least one reason")


@register_guard("all_banks_rejected")
def _all_banks_rejected(app: Any, actor: Any, params: dict[str, Any]) -> None:
    active = set(
        ApplicationShare.objects.filter(application=app, withdrawn=False).values_list("bank_id", flat=True)
    )
    rejected = set(
        BankDecision.objects.filter(application=app, decision=DecisionKind.REJECTED).values_list(
            "bank_id", flat=True
        )
    )
    if not active or not active <= rejected:
        raise GuardFailed("banks_pending", "仍有银行未作决定", "Some banks have not decided yet", status=409)


@register_guard("approval_conditions")
def _approval_conditions(app: Any, actor: Any, params: dict[str, Any]) -> None:
    c: ApprovalConditions = params["_conditions"]
    if c.amount <= 0 or c.amount > app.amount_requested:
        raise GuardFailed(
            "amount_out_of_range",
            f"批准金额须大于 0 且不超过申请金额 {app.amount_requested}",
            f"The approved amount must be positive and at most the requested {app.amount_requested}",
        )
    if not (0 <= c.rate <= MAX_RATE):
        raise GuardFailed(
            "rate_out_of_range",
            f"年利率须在 0 至 {MAX_RATE} 之间（如 0.0435）",
            f"The annual rate must be between 0 and {MAX_RATE} (e.g. 0.0435)",
        )
    if not (1 <= c.term_months <= MAX_TERM_MONTHS):
        raise GuardFailed(
            "term_out_of_range",
            f"期限须为 1 至 {MAX_TERM_MONTHS} 个月",
            f"The term must be 1 to {MAX_TERM_MONTHS} months",
        )
    rights = list(app.rights.all())
    policy_cap = application_ltv_cap((r.right_kind, r.appraised_value) for r in rights)
    ltv_cap = policy_cap if c.ltv_cap is None else c.ltv_cap
    if not (0 < ltv_cap <= policy_cap):
        raise GuardFailed(
            "ltv_cap_exceeded",
            f"质押率上限 {ltv_cap} 超过政策上限 {policy_cap}",
            f"The LTV cap {ltv_cap} exceeds the policy cap {policy_cap} for these IP types",
            data={"policy_cap": str(policy_cap)},
        )
    values = [r.appraised_value for r in rights]
    collateral = c.collateral_value
    if collateral is None and all(v is not None for v in values):
        collateral = sum((v for v in values if v is not None), Decimal("0"))
    if collateral is None or collateral <= 0:
        raise GuardFailed(
            "collateral_value_missing", "请填写质物评估价值", "Enter the collateral's appraised value"
        )
    if c.amount > collateral * ltv_cap:
        raise GuardFailed(
            "ltv_exceeded",
            f"批准金额超过评估价值 {collateral} × 质押率 {ltv_cap}",
            f"The amount exceeds collateral value {collateral} × LTV cap {ltv_cap}",
            data={"max_amount": str((collateral * ltv_cap).quantize(Decimal("0.01")))},
        )
    params["_ltv_cap"] = ltv_cap
    params["_collateral"] = collateral


@register_guard("eligible")
def _eligible(app: Any, actor: Any, params: dict[str, Any]) -> None:
    c: ApprovalConditions = params["_conditions"]
    results = compute_eligibility(app, term_months=c.term_months)
    params["_eligibility"] = results
    summary = _summary(results)
    if not summary["eligible"]:
        raise GuardFailed(
            "not_eligible",
            "质押权利未通过登记条件审查",
            "The pledged rights fail the registration grounds",
            status=409,
            data=summary["failed"],
        )


@register_guard("loan_bank")
def _loan_bank(loan: Any, actor: Any, params: dict[str, Any]) -> None:
    if actor is not None and loan.bank_id != _bank_org_id(actor):
        raise PermissionDenied("not this bank's loan")


@register_guard("loan_party")
def _loan_party(loan: Any, actor: Any, params: dict[str, Any]) -> None:
    if actor is None:
        return
    org = _bank_org_id(actor)
    if org not in (loan.bank_id, loan.application.enterprise_id):
        raise PermissionDenied("not a party to this loan")


@register_guard("not_already_pledged")
def _not_already_pledged(loan: Any, actor: Any, params: dict[str, Any]) -> None:
    engine = get_engine()
    blocked: dict[str, list[str]] = {}
    for right, elig in compute_eligibility(loan.application, term_months=loan.term_months, engine=engine):
        pledged = next(r for r in elig.results if r.code == "already_pledged")
        if not pledged.passed:
            blocked[f"{right.office}:{right.application_number}"] = list(
                pledged.data.get("registrations", [])
            )
    if blocked:
        raise GuardFailed(
            "already_pledged",
            "权利已被质押登记，不得重复质押",
            "A right is already under a registered pledge",
            status=409,
            data=blocked,
        )


@register_guard("disbursement_valid")
def _disbursement_valid(loan: Any, actor: Any, params: dict[str, Any]) -> None:
    if params.get("method") not in ScheduleMethod.values:
        raise GuardFailed("bad_method", "还款方式无效", "Unknown schedule method")
    registered = loan.registration.registered_on
    if params["disbursed_on"] < registered:
        raise GuardFailed(
            "disbursed_before_registration",
            "放款日早于质押登记日",
            "Disbursement cannot precede the pledge registration",
        )


@register_guard("repayment_valid")
def _repayment_valid(loan: Any, actor: Any, params: dict[str, Any]) -> None:
    amount: Decimal = params["amount"]
    owed = _outstanding(loan)
    if amount <= 0 or amount > owed:
        raise GuardFailed(
            "repayment_out_of_range",
            f"还款金额须大于 0 且不超过未还金额 {owed}",
            f"The repayment must be positive and at most the amount owed, {owed}",
            data={"owed": str(owed)},
        )
    if loan.disbursed_at and params["paid_on"] < loan.disbursed_at:
        raise GuardFailed(
            "paid_before_disbursement", "还款日早于放款日", "The repayment precedes the disbursement"
        )


@register_guard("fully_repaid")
def _fully_repaid(loan: Any, actor: Any, params: dict[str, Any]) -> None:
    if _outstanding(loan) > 0:
        raise GuardFailed("not_repaid", "贷款尚未还清", "The loan is not fully repaid", status=409)


def _outstanding(loan: Loan) -> Decimal:
    agg = RepaymentInstallment.objects.filter(loan=loan).aggregate(total=Sum("total"), paid=Sum("paid"))
    owed = (agg["total"] or Decimal("0")) - (agg["paid"] or Decimal("0"))
    return Decimal(owed).quantize(Decimal("0.01"))


# -- create, share, withdraw -------------------------------------------------------------------


def check_create_application(actor: Any) -> Any:
    """The enterprise the actor applies for; PermissionDenied for other roles."""
    if not has_capability(actor, "finance.apply") or getattr(actor, "organisation", None) is None:
        raise PermissionDenied("finance.apply")
    return actor.organisation


def _lake_right(engine: Engine, item: RightInput) -> dict[str, Any] | None:
    kind = "trademarks" if item.trademark else "patents"
    t = engine.table(kind)
    rows = t.filter((t.office == item.office) & (t.application_number == item.application_number)).limit(1)
    found = rows.to_pyarrow().to_pylist()
    return found[0] if found else None


def _normalise_number(item: RightInput) -> RightInput:
    from dataclasses import replace

    from gdip.core.validators import IdentifierError, normalise_application_number

    office = (item.office or "CN").strip().upper()
    number = item.application_number.strip()
    if not item.trademark:
        try:
            number = normalise_application_number(office, number)
        except IdentifierError as exc:
            raise _invalid(
                f"申请号 {number} 无效：{exc.message_zh}",
                f"Invalid application number {number}: {exc.message_en}",
            ) from None
    return replace(item, office=office, application_number=number)


def do_create_application(
    actor: Any,
    *,
    amount_requested: Decimal,
    term_months: int,
    purpose: str = "",
    rights: Iterable[RightInput],
    enterprise: Any = None,
    engine: Engine | None = None,
    request: Any = None,
) -> FinancingApplication:
    """Create a draft application with rights from the enterprise's own portfolio in the lake.

    Every right must be in the lake and held by the enterprise (entity ``U:<USCC>`` among its
    holders); the holders seen now are kept as the owner-check snapshot.
    """
    org = check_create_application(actor) if actor is not None else enterprise
    if org is None:
        raise _invalid("缺少申请企业", "No enterprise given")
    items = [_normalise_number(i) for i in rights]
    if not items or len(items) > MAX_RIGHTS:
        raise _invalid(f"请选择 1 至 {MAX_RIGHTS} 项权利", f"Choose 1 to {MAX_RIGHTS} rights")
    if len({(i.office, i.application_number, i.trademark) for i in items}) != len(items):
        raise _invalid("权利重复", "A right is listed twice")
    if not (Decimal("0") < amount_requested <= MAX_AMOUNT):
        raise _invalid("申请金额无效", "Invalid amount requested")
    if not (1 <= term_months <= MAX_TERM_MONTHS):
        raise _invalid(
            f"期限须为 1 至 {MAX_TERM_MONTHS} 个月", f"The term must be 1 to {MAX_TERM_MONTHS} months"
        )
    engine = engine or get_engine()
    commit = lake_commit(engine)
    entity = "U:" + (org.uscc or "").upper()
    prepared = []
    for item in items:
        record = _lake_right(engine, item)
        if record is None:
            raise _invalid(
                f"数据中心无此权利：{item.application_number}",
                f"No such right in the data center: {item.application_number}",
                "not_found",
            )
        holders = record.get("applicants") or []
        if not org.uscc or entity not in (record.get("entity_ids") or []):
            raise _invalid(
                f"{item.application_number} 不属于本企业",
                f"{item.application_number} is not held by your enterprise",
                "not_owner",
            )
        if item.appraised_value is not None and item.appraised_value <= 0:
            raise _invalid("评估价值须大于 0", "The appraised value must be positive")
        prepared.append((item, record, holders))
    with transaction.atomic():
        app = FinancingApplication.objects.create(
            enterprise=org,
            city_code=org.city_code or "",
            amount_requested=amount_requested,
            term_months=term_months,
            purpose=purpose[:500],
            created_by=actor,
        )
        for item, record, holders in prepared:
            PledgedRight.objects.create(
                application=app,
                office=item.office,
                application_number=item.application_number,
                right_kind="trademark" if item.trademark else record.get("kind") or "invention",
                title=(record.get("title") or record.get("mark_text") or "")[:500],
                appraised_value=item.appraised_value,
                co_owner_consents=[c.strip() for c in item.co_owner_consents if c.strip()],
                owner_check={
                    "holders": [{"name": h.get("name"), "entity_id": h.get("entity_id")} for h in holders],
                    "lake_commit": commit,
                    "checked_at": timezone.now().isoformat(),
                },
            )
        record_event(
            APPLICATION_CREATED,
            actor=actor,
            obj=app,
            request=request,
            params={
                "amount_requested": str(amount_requested),
                "term_months": term_months,
                "rights": [f"{i.office}:{i.application_number}" for i in items],
                "version": app.version,
                "to": app.state,
            },
        )
    return app


def _banks(bank_ids: Iterable[int]) -> list[Any]:
    from gdip.accounts.models import Organisation, OrgType

    ids = sorted({int(b) for b in bank_ids})
    banks = list(Organisation.objects.filter(pk__in=ids, org_type=OrgType.BANK, is_active=True))
    if len(banks) != len(ids):
        raise _invalid("所选机构不是有效的银行", "A chosen organisation is not an active bank", "not_a_bank")
    return banks


def do_share(
    actor: Any,
    app: FinancingApplication,
    bank_ids: Iterable[int],
    *,
    expected_version: int | None = None,
    request: Any = None,
) -> FinancingApplication:
    """Share the application with banks (draft → shared; more banks later keep the state)."""
    banks = _banks(bank_ids)

    def effect(locked: Any) -> None:
        for bank in banks:
            share, created = ApplicationShare.objects.get_or_create(application=locked, bank=bank)
            if not created and share.withdrawn:
                share.withdrawn = False
                share.shared_at = timezone.now()
                share.save(update_fields=["withdrawn", "shared_at"])

    params = {"bank_ids": sorted(b.pk for b in banks)}
    return wf.apply_transition(  # type: ignore[return-value]
        APPLICATION_WORKFLOW,
        app,
        "share",
        actor=actor,
        params=params,
        expected_version=expected_version,
        effect=effect,
        request=request,
    )


def do_withdraw(
    actor: Any,
    app: FinancingApplication,
    *,
    reason: str = "",
    expected_version: int | None = None,
    request: Any = None,
) -> FinancingApplication:
    """The enterprise withdraws its application; every share is withdrawn with it."""

    def effect(locked: Any) -> None:
        ApplicationShare.objects.filter(application=locked).update(withdrawn=True)

    return wf.apply_transition(  # type: ignore[return-value]
        APPLICATION_WORKFLOW,
        app,
        "withdraw",
        actor=actor,
        params={"reason": reason[:500]},
        expected_version=expected_version,
        effect=effect,
        request=request,
    )


# -- bank review -------------------------------------------------------------------------------


def do_query_eligibility(
    actor: Any, app: FinancingApplication, *, expected_version: int | None = None, request: Any = None
) -> tuple[FinancingApplication, str]:
    """A bank's due-diligence query: check every ground, store the results, start the review."""
    engine = get_engine()
    holder: dict[str, str] = {}

    def effect(locked: Any) -> None:
        results = compute_eligibility(locked, engine=engine)
        holder["batch"] = _store_checks(results, actor, lake_commit(engine))
        holder["eligible"] = "yes" if _summary(results)["eligible"] else "no"

    locked = wf.apply_transition(
        APPLICATION_WORKFLOW,
        app,
        "query",
        actor=actor,
        params={"bank_id": _bank_org_id(actor)},
        expected_version=expected_version,
        effect=effect,
        request=request,
    )
    return locked, holder["batch"]  # type: ignore[return-value]


def do_approve(
    actor: Any,
    app: FinancingApplication,
    conditions: ApprovalConditions,
    *,
    expected_version: int | None = None,
    request: Any = None,
) -> FinancingApplication:
    """Approve with conditions; creates the bank's decision and the loan (state approved)."""
    bank_id = _bank_org_id(actor)
    params: dict[str, Any] = {
        "_conditions": conditions,
        "bank_id": bank_id,
        "amount": conditions.amount,
        "rate": conditions.rate,
        "term_months": conditions.term_months,
        "ltv_cap": conditions.ltv_cap,
        "collateral_value": conditions.collateral_value,
        "conditions": conditions.conditions[:2000],
    }

    def effect(locked: Any) -> None:
        results = params["_eligibility"]
        _store_checks(results, actor, lake_commit(get_engine()))
        decision = BankDecision.objects.create(
            application=locked,
            bank_id=bank_id,
            decision=DecisionKind.APPROVED,
            amount=conditions.amount,
            rate=conditions.rate,
            term_months=conditions.term_months,
            ltv_cap=params["_ltv_cap"],
            collateral_value=params["_collateral"],
            conditions=conditions.conditions[:2000],
            decided_by=actor,
        )
        loan = Loan.objects.create(
            application=locked,
            bank_id=bank_id,
            decision=decision,
            amount=conditions.amount,
            rate=conditions.rate,
            term_months=conditions.term_months,
            due_at=wf.add_working_days(timezone.now(), wf.REGISTRATION_SLA_WD),
        )
        params["loan_id"] = loan.pk
        params["ltv_cap"] = params["_ltv_cap"]
        params["collateral_value"] = params["_collateral"]

    locked = wf.apply_transition(
        APPLICATION_WORKFLOW,
        app,
        "approve",
        actor=actor,
        params=params,
        expected_version=expected_version,
        effect=effect,
        request=request,
    )
    return locked  # type: ignore[return-value]


def do_reject(
    actor: Any,
    app: FinancingApplication,
    reasons: list[str],
    *,
    expected_version: int | None = None,
    request: Any = None,
) -> FinancingApplication:
    """Reject with reasons; when every bank the application is shared with rejected, it is rejected."""
    bank_id = _bank_org_id(actor)
    clean = [str(r).strip()[:500] for r in reasons if str(r).strip()][:20]

    def effect(locked: Any) -> None:
        BankDecision.objects.create(
            application=locked,
            bank_id=bank_id,
            decision=DecisionKind.REJECTED,
            reasons=clean,
            decided_by=actor,
        )

    with transaction.atomic():
        locked = wf.apply_transition(
            APPLICATION_WORKFLOW,
            app,
            "reject",
            actor=actor,
            params={"reasons": clean, "bank_id": bank_id},
            expected_version=expected_version,
            effect=effect,
            request=request,
        )
        with contextlib.suppress(GuardFailed):
            locked = wf.apply_transition(APPLICATION_WORKFLOW, locked, "close_rejected", actor=None)
    return locked  # type: ignore[return-value]


# -- loan ----------------------------------------------------------------------------------------


def _loan_of(app: FinancingApplication, actor: Any, action: str) -> Loan:
    # A role that may never take the action is told so (403) before "there is no loan yet" (409).
    if actor is not None and role_of(actor) not in LOAN_WORKFLOW.roles_for(action):
        raise PermissionDenied(action)
    try:
        return Loan.objects.select_related("application__enterprise").get(application=app)
    except Loan.DoesNotExist:
        raise wf.TransitionNotAllowed(
            f"申请状态为 {app.state}，尚无贷款",
            f"The application is {app.state}; there is no loan yet",
            data={"state": app.state},
        ) from None


def do_register_pledge(
    actor: Any,
    app: FinancingApplication,
    *,
    registration_number: str,
    registered_on: date,
    expected_version: int | None = None,
    request: Any = None,
) -> Loan:
    """Record the CNIPA pledge registration; refused when any right is already pledged."""
    number = registration_number.strip()
    if not number or len(number) > 40:
        raise _invalid("请填写质押登记号", "Enter the pledge registration number")
    if registered_on > timezone.localdate():
        raise _invalid("登记日期不能晚于今天", "The registration date cannot be in the future")
    loan = _loan_of(app, actor, "register_pledge")

    def effect(locked: Any) -> None:
        if PledgeRegistration.objects.filter(registration_number=number).exists():
            raise GuardFailed(
                "duplicate_registration_number",
                "质押登记号已存在",
                "This registration number is already recorded",
                status=409,
            )
        reg = PledgeRegistration.objects.create(
            loan=locked, registration_number=number, registered_on=registered_on
        )
        reg.rights.set(locked.application.rights.all())

    return wf.apply_transition(  # type: ignore[return-value]
        LOAN_WORKFLOW,
        loan,
        "register_pledge",
        actor=actor,
        params={"registration_number": number, "registered_on": registered_on},
        expected_version=expected_version,
        effect=effect,
        request=request,
    )


def do_disburse(
    actor: Any,
    app: FinancingApplication,
    *,
    disbursed_on: date,
    method: str = ScheduleMethod.EQUAL_PRINCIPAL,
    expected_version: int | None = None,
    request: Any = None,
) -> Loan:
    """Record the disbursement and generate the repayment schedule."""
    if disbursed_on > timezone.localdate():
        raise _invalid("放款日期不能晚于今天", "The disbursement date cannot be in the future")
    loan = _loan_of(app, actor, "disburse")

    def effect(locked: Any) -> None:
        rows = build_schedule(locked.amount, locked.rate, locked.term_months, disbursed_on, method)
        RepaymentInstallment.objects.bulk_create(
            RepaymentInstallment(
                loan=locked,
                seq=r.seq,
                due_date=r.due_date,
                principal=r.principal,
                interest=r.interest,
                total=r.total,
            )
            for r in rows
        )
        Loan.objects.filter(pk=locked.pk).update(
            disbursed_at=disbursed_on, maturity_date=rows[-1].due_date, schedule_method=method
        )

    return wf.apply_transition(  # type: ignore[return-value]
        LOAN_WORKFLOW,
        loan,
        "disburse",
        actor=actor,
        params={"disbursed_on": disbursed_on, "method": method},
        expected_version=expected_version,
        effect=effect,
        request=request,
    )


def do_repay(
    actor: Any,
    app: FinancingApplication,
    *,
    amount: Decimal,
    paid_on: date,
    expected_version: int | None = None,
    request: Any = None,
) -> Loan:
    """Record a repayment, allocated to the earliest open instalments; the last one settles the loan."""
    if paid_on > timezone.localdate():
        raise _invalid("还款日期不能晚于今天", "The repayment date cannot be in the future")
    loan = _loan_of(app, actor, "repay")

    def effect(locked: Any) -> None:
        Repayment.objects.create(loan=locked, paid_on=paid_on, amount=amount, recorded_by=actor)
        left = amount
        for row in RepaymentInstallment.objects.filter(loan=locked).order_by("seq"):
            due = row.total - row.paid
            if due <= 0 or left <= 0:
                continue
            pay = min(due, left)
            row.paid += pay
            left -= pay
            if row.paid == row.total:
                row.paid_on = paid_on
            row.save(update_fields=["paid", "paid_on"])

    with transaction.atomic():
        locked = wf.apply_transition(
            LOAN_WORKFLOW,
            loan,
            "repay",
            actor=actor,
            params={"amount": amount, "paid_on": paid_on},
            expected_version=expected_version,
            effect=effect,
            request=request,
        )
        if _outstanding(locked) == 0:  # type: ignore[arg-type]
            locked = wf.apply_transition(LOAN_WORKFLOW, locked, "settle", actor=None)
    return locked  # type: ignore[return-value]


def do_release(
    actor: Any,
    app: FinancingApplication,
    *,
    released_on: date,
    release_number: str = "",
    expected_version: int | None = None,
    request: Any = None,
) -> Loan:
    """Record the cancellation of the pledge registration after repayment."""
    if released_on > timezone.localdate():
        raise _invalid("注销日期不能晚于今天", "The release date cannot be in the future")
    loan = _loan_of(app, actor, "release")

    def effect(locked: Any) -> None:
        reg = locked.registration
        Release.objects.create(
            registration=reg,
            release_number=release_number.strip()[:40],
            released_on=released_on,
            recorded_by=actor,
        )
        PledgeRegistration.objects.filter(pk=reg.pk).update(active=False)

    return wf.apply_transition(  # type: ignore[return-value]
        LOAN_WORKFLOW,
        loan,
        "release",
        actor=actor,
        params={"released_on": released_on, "release_number": release_number.strip()[:40]},
        expected_version=expected_version,
        effect=effect,
        request=request,
    )


def do_close(
    actor: Any, app: FinancingApplication, *, expected_version: int | None = None, request: Any = None
) -> Loan:
    """Close a released loan."""
    loan = _loan_of(app, actor, "close")
    return wf.apply_transition(  # type: ignore[return-value]
        LOAN_WORKFLOW, loan, "close", actor=actor, expected_version=expected_version, request=request
    )


def do_cancel(
    actor: Any,
    app: FinancingApplication,
    *,
    reason: str = "",
    expected_version: int | None = None,
    request: Any = None,
) -> Loan:
    """Cancel an approved loan before disbursement (the borrower declines, or the bank withdraws)."""
    loan = _loan_of(app, actor, "cancel")

    def effect(locked: Any) -> None:
        PledgeRegistration.objects.filter(loan=locked).update(active=False)

    return wf.apply_transition(  # type: ignore[return-value]
        LOAN_WORKFLOW,
        loan,
        "cancel",
        actor=actor,
        params={"reason": reason[:500]},
        expected_version=expected_version,
        effect=effect,
        request=request,
    )


def application_state_label(state: str) -> str:
    """The display label of an application state."""
    return str(dict(ApplicationState.choices).get(state, state))
