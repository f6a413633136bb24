"""Workflows as data: one transition table per workflow, and one function that applies them.

A table row is (source state, action) → target state, the roles that may trigger it, the
names of its guards and the deadline of the target state in working days. ``apply_transition``
is the only code that changes ``state``:

1. it locks the row (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the IMMEDIATE
   transaction mode of the settings serialises writers);
2. refuses a role that may never trigger the action (403) and an action the current state does
   not allow (409), and a stale ``expected_version`` (409);
3. runs the guards (each raises :class:`GuardFailed` with a stable code, 400 or 409);
4. moves the state with a compare-and-set ``UPDATE … WHERE id=? AND state=? AND version=?`` —
   exactly one of two concurrent callers wins, the other gets :class:`ConcurrentTransition`;
5. runs the action's effect (decision rows, loan, schedule …) in the same transaction;
6. appends one audit event ``finance.<workflow>.<action>`` (actor, time, from/to, parameters),
   which is also the case timeline.

Deadlines (SLA timers): a transition may set ``due_at`` on the target state; ``run_deadlines``
(``gdip finance tick``, or a periodic job) fires the state's timeout action as the system.

The other M4 modules add their workflows here the same way (compensation claim, disposal,
valuation order, insurance quote): a new ``Workflow`` with its table, its guards registered by
name, and the same ``apply_transition``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from gdip.core.events import record_event
from gdip.core.faults import fault_point
from gdip.core.permissions import role_of

__all__ = [
    "APPLICATION_WORKFLOW",
    "GUARDS",
    "LOAN_WORKFLOW",
    "SYSTEM",
    "WORKFLOWS",
    "ConcurrentTransition",
    "GuardFailed",
    "Transition",
    "TransitionNotAllowed",
    "Workflow",
    "add_working_days",
    "apply_transition",
    "register_guard",
    "run_deadlines",
]

SYSTEM = "system"  # the actor "role" of timers and other automatic transitions
ENTERPRISE = ("enterprise",)
BANK = ("bank",)

Guard = Callable[[models.Model, Any, dict[str, Any]], None]
Effect = Callable[[models.Model], None]

GUARDS: dict[str, Guard] = {}


class TransitionError(Exception):
    """Base of the workflow errors: a stable code and a bilingual message."""

    status = 409
    code = "transition_error"

    def __init__(self, message_zh: str, message_en: str, *, code: str | None = None, data: Any = None):
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en
        if code:
            self.code = code
        self.data = data

    @property
    def detail(self) -> str:
        """The bilingual message of API responses."""
        return f"{self.message_zh} / {self.message_en}"


class TransitionNotAllowed(TransitionError):
    """The current state does not allow the action (409)."""

    code = "state_conflict"


class ConcurrentTransition(TransitionError):
    """Another request changed the object first (lost compare-and-set or stale version; 409)."""

    code = "concurrent_change"


class GuardFailed(TransitionError):
    """A guard refused: 400 when the request's own parameters break a rule, 409 for a conflict
    with the state of the world (not eligible, already pledged)."""

    code = "guard_failed"

    def __init__(self, code: str, message_zh: str, message_en: str, *, status: int = 400, data: Any = None):
        super().__init__(message_zh, message_en, code=code, data=data)
        self.status = status


@dataclass(frozen=True)
class Transition:
    """One row of a transition table."""

    source: str
    action: str
    target: str
    roles: tuple[str, ...]
    guards: tuple[str, ...] = ()
    deadline_working_days: int | None = None


@dataclass(frozen=True)
class Workflow:
    """A named transition table over one model's ``state`` field."""

    name: str
    model_label: str  # "finance.financingapplication"
    states: tuple[str, ...]
    transitions: tuple[Transition, ...]
    # state → the action the deadline timer fires (as SYSTEM) when ``due_at`` has passed
    timeouts: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        seen: set[tuple[str, str]] = set()
        for t in self.transitions:
            if t.source not in self.states or t.target not in self.states:
                raise ValueError(f"{self.name}: unknown state in {t}")
            if (t.source, t.action) in seen:
                raise ValueError(f"{self.name}: two rows for ({t.source}, {t.action})")
            seen.add((t.source, t.action))
        for state, action in self.timeouts.items():
            if (state, action) not in seen:
                raise ValueError(f"{self.name}: timeout {action} is not an action of {state}")

    @property
    def actions(self) -> tuple[str, ...]:
        """Every action of the table, in table order."""
        return tuple(dict.fromkeys(t.action for t in self.transitions))

    def find(self, state: str, action: str) -> Transition | None:
        """The row for (state, action), or None when the state does not allow the action."""
        for t in self.transitions:
            if t.source == state and t.action == action:
                return t
        return None

    def roles_for(self, action: str) -> frozenset[str]:
        """Roles that may trigger the action in some state."""
        return frozenset(r for t in self.transitions if t.action == action for r in t.roles)

    def available(self, state: str, role: str) -> list[str]:
        """Actions the role may trigger in this state (for pages and the API's allowed_actions)."""
        return [t.action for t in self.transitions if t.source == state and role in t.roles]

    @property
    def model(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model_label)


# -- the tables ---------------------------------------------------------------------------------

# Bank review SLA: 10 working days from sharing (reference note 3.2 proposes 3 + 2 + 5 WD for
# pre-screening, credit review and approval; a single bank-side deadline covers them here).
REVIEW_SLA_WD = 10
# Pledge registration after approval: CNIPA decides in 1–3 working days; 10 WD leaves time for
# contracts (reference note 1.3, 3.2). The loan's deadline is shown, not enforced by a timer.
REGISTRATION_SLA_WD = 10

APPLICATION_WORKFLOW = Workflow(
    name="application",
    model_label="finance.financingapplication",
    states=("draft", "shared", "under_review", "approved", "rejected", "expired", "withdrawn"),
    transitions=(
        Transition("draft", "share", "shared", ENTERPRISE, ("has_rights", "has_banks"), REVIEW_SLA_WD),
        Transition("draft", "withdraw", "withdrawn", ENTERPRISE),
        # Sharing with more banks keeps the state and restarts nothing: the SLA runs from the first share.
        Transition("shared", "share", "shared", ENTERPRISE, ("has_banks",)),
        Transition("shared", "query", "under_review", BANK, ("bank_has_share",), REVIEW_SLA_WD),
        Transition(
            "shared", "approve", "approved", BANK, ("bank_has_share", "approval_conditions", "eligible")
        ),
        Transition("shared", "reject", "shared", BANK, ("bank_has_share", "bank_undecided", "reasons_given")),
        Transition("shared", "close_rejected", "rejected", (SYSTEM,), ("all_banks_rejected",)),
        Transition("shared", "expire", "expired", (SYSTEM,)),
        Transition("shared", "withdraw", "withdrawn", ENTERPRISE),
        Transition("under_review", "share", "under_review", ENTERPRISE, ("has_banks",)),
        Transition("under_review", "query", "under_review", BANK, ("bank_has_share",)),
        Transition(
            "under_review", "approve", "approved", BANK, ("bank_has_share", "approval_conditions", "eligible")
        ),
        Transition(
            "under_review",
            "reject",
            "under_review",
            BANK,
            ("bank_has_share", "bank_undecided", "reasons_given"),
        ),
        Transition("under_review", "close_rejected", "rejected", (SYSTEM,), ("all_banks_rejected",)),
        Transition("under_review", "expire", "expired", (SYSTEM,)),
        Transition("under_review", "withdraw", "withdrawn", ENTERPRISE),
        # After the deadline or a rejection by every bank, the enterprise may share again.
        Transition("expired", "share", "shared", ENTERPRISE, ("has_rights", "has_banks"), REVIEW_SLA_WD),
        Transition("expired", "withdraw", "withdrawn", ENTERPRISE),
        Transition("rejected", "share", "shared", ENTERPRISE, ("has_rights", "has_banks"), REVIEW_SLA_WD),
        Transition("rejected", "withdraw", "withdrawn", ENTERPRISE),
    ),
    timeouts={"shared": "expire", "under_review": "expire"},
)

LOAN_WORKFLOW = Workflow(
    name="loan",
    model_label="finance.loan",
    states=("approved", "registered", "active", "repaid", "released", "closed", "cancelled"),
    transitions=(
        Transition("approved", "register_pledge", "registered", BANK, ("loan_bank", "not_already_pledged")),
        Transition("approved", "cancel", "cancelled", (*BANK, *ENTERPRISE), ("loan_party",)),
        Transition("registered", "disburse", "active", BANK, ("loan_bank", "disbursement_valid")),
        Transition("registered", "cancel", "cancelled", BANK, ("loan_bank",)),
        Transition("active", "repay", "active", BANK, ("loan_bank", "repayment_valid")),
        Transition("active", "settle", "repaid", (SYSTEM,), ("fully_repaid",)),
        Transition("repaid", "release", "released", BANK, ("loan_bank",)),
        Transition("released", "close", "closed", BANK, ("loan_bank",)),
    ),
)

WORKFLOWS: dict[str, Workflow] = {w.name: w for w in (APPLICATION_WORKFLOW, LOAN_WORKFLOW)}


def register_guard(name: str) -> Callable[[Guard], Guard]:
    """Decorator: make a guard function available to the tables under `name`."""

    def deco(fn: Guard) -> Guard:
        GUARDS[name] = fn
        return fn

    return deco


# -- working days -------------------------------------------------------------------------------


def _holidays() -> frozenset[date]:
    # Public holidays (and make-up working days) change every year: a settings list, empty by default.
    return frozenset(date.fromisoformat(d) for d in getattr(settings, "GDIP_FINANCE_HOLIDAYS", ()))


def add_working_days(start: datetime, days: int) -> datetime:
    """`start` moved forward by `days` working days (Monday–Friday, minus configured holidays)."""
    holidays = _holidays()
    current = start
    added = 0
    while added < days:
        current += timedelta(days=1)
        local = timezone.localtime(current) if timezone.is_aware(current) else current
        if local.weekday() < 5 and local.date() not in holidays:
            added += 1
    return current


# -- applying a transition ---------------------------------------------------------------------


def _role(actor: Any) -> str:
    return SYSTEM if actor is None else role_of(actor)


def apply_transition(
    workflow: Workflow,
    obj: models.Model,
    action: str,
    *,
    actor: Any,
    params: dict[str, Any] | None = None,
    expected_version: int | None = None,
    effect: Effect | None = None,
    event_params: dict[str, Any] | None = None,
    request: Any = None,
) -> models.Model:
    """Apply `action` to `obj` under `workflow`; return the object as locked and updated.

    ``actor=None`` is the system (timers). ``params`` go to the guards; ``event_params`` (default:
    ``params``) are written to the event. Raises PermissionDenied (role), TransitionNotAllowed,
    ConcurrentTransition or GuardFailed; nothing is written when anything is raised.
    """
    # Guards may leave results for the effect in `params` (keys starting with "_", not logged).
    params = params if params is not None else {}
    role = _role(actor)
    if role not in workflow.roles_for(action):
        raise PermissionDenied(action)
    model = type(obj)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        state: str = locked.state  # type: ignore[attr-defined]
        version: int = locked.version  # type: ignore[attr-defined]
        if expected_version is not None and expected_version != version:
            raise ConcurrentTransition(
                "该记录已被他人修改，请刷新后重试",
                "The record was changed by someone else; reload and try again",
                data={"version": version, "state": state},
            )
        row = workflow.find(state, action)
        if row is None or role not in row.roles:
            raise TransitionNotAllowed(
                f"当前状态（{state}）不允许执行“{action}”",
                f"Action '{action}' is not allowed in state '{state}'",
                data={"state": state, "action": action},
            )
        for name in row.guards:
            GUARDS[name](locked, actor, params)
        now = timezone.now()
        changes: dict[str, Any] = {"state": row.target, "version": F("version") + 1, "updated": now}
        if row.target != row.source:
            changes["due_at"] = (
                add_working_days(now, row.deadline_working_days) if row.deadline_working_days else None
            )
        elif row.deadline_working_days and getattr(locked, "due_at", None) is None:
            changes["due_at"] = add_working_days(now, row.deadline_working_days)
        won = model._default_manager.filter(pk=locked.pk, state=state, version=version).update(**changes)
        if won != 1:
            raise ConcurrentTransition(
                "该记录已被他人同时修改，本次操作未执行",
                "Someone else changed the record at the same moment; this action was not applied",
            )
        locked.refresh_from_db()
        if effect is not None:
            effect(locked)
        record_event(
            f"finance.{workflow.name}.{action}",
            actor=actor,
            obj=locked,
            request=request,
            params={
                "from": state,
                "to": row.target,
                "version": version + 1,
                **(
                    {k: v for k, v in params.items() if not k.startswith("_")}
                    if event_params is None
                    else event_params
                ),
            },
        )
        fault_point("transition_before_commit")  # crash tests: state and event written, not committed
    return locked


def run_deadlines(now: datetime | None = None, workflows: Iterable[Workflow] | None = None) -> list[str]:
    """Fire the timeout action of every object whose deadline has passed; one line per object."""
    now = now or timezone.now()
    done: list[str] = []
    for wf in workflows or WORKFLOWS.values():
        for state, action in wf.timeouts.items():
            due = wf.model._default_manager.filter(state=state, due_at__lt=now).order_by("pk")
            for obj in due:
                try:
                    apply_transition(wf, obj, action, actor=None, event_params={"due_at": obj.due_at})  # type: ignore[attr-defined]
                except (TransitionNotAllowed, ConcurrentTransition, GuardFailed):
                    continue  # changed meanwhile: the next run looks again
                done.append(f"{wf.name} {obj.pk}: {state} → {action}")
    return done
