"""Who may see and act on financing objects (registered with gdip.core.permissions).

==============  ==========================================  ==========================================
role            FinancingApplication (view / change)        Loan (view / change)
==============  ==========================================  ==========================================
anonymous       none / none                                 none / none
enterprise      own org's / own org's                       own org's / own org's
bank            shared with it (share not withdrawn) /      its own / its own
                same
city_admin      its city's / none                           its city's / none
province_admin  all / none                                  all / none
auditor         all / none                                  all / none
agency, insurer none / none (later modules widen this with extend_policy: an agency sees the
fund_manager,   applications whose valuation order it holds, a fund manager the loans claimed
centre_staff    against its fund, an insurer the loans it insures)
==============  ==========================================  ==========================================

"change" is the object scope of every write action; *which* action a role may take in which
state is the transition table's ``roles`` column (gdip.finance.workflows). The child rows
(shares, rights, checks, decisions, registrations, schedule, repayments, releases) follow their
application or loan; a bank sees only its own share and its own decision, never a competitor's.

Capabilities: ``finance.apply`` (enterprise: create applications), ``finance.review`` (bank),
``finance.view`` (every role that can hold an application or loan in scope).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from gdip.core.permissions import (
    by_action,
    field_is_user_city,
    field_is_user_org,
    register_capability,
    register_policy,
    view_everything,
)

__all__ = ["FINANCE_ROLES", "register_finance_policies"]

FINANCE_ROLES = ("enterprise", "bank", "city_admin", "province_admin", "auditor")


def _shared_with_bank(prefix: str = "") -> Any:
    def rule(user: Any, action: str) -> Q | bool:
        from gdip.finance.models import ApplicationShare

        org_id = getattr(user, "organisation_id", None)
        if org_id is None:
            return False
        ids = ApplicationShare.objects.filter(bank_id=org_id, withdrawn=False).values("application_id")
        return Q(**{f"{prefix}id__in" if prefix else "pk__in": ids})

    return rule


def _own_bank(field: str) -> Any:
    return field_is_user_org(field)


def _both(a: Any, b: Any) -> Any:
    def rule(user: Any, action: str) -> Q | bool:
        x, y = a(user, action), b(user, action)
        if x is False or y is False:
            return False
        if x is True:
            return y
        if y is True:
            return x
        return x & y

    return rule


def register_finance_policies() -> None:
    """Register the finance capabilities and the policy of every finance model."""
    from gdip.finance import models as m

    register_capability("finance.apply", ("enterprise",))
    register_capability("finance.review", ("bank",))
    register_capability("finance.view", FINANCE_ROLES)

    def app_policy(prefix: str) -> dict[str, Any]:
        """The application policy seen through `prefix` (e.g. "application__")."""
        own = field_is_user_org(f"{prefix}enterprise")
        return {
            "enterprise": own,
            "bank": _shared_with_bank(prefix),
            "city_admin": by_action(field_is_user_city(f"{prefix}city_code")),
            "province_admin": view_everything,
            "auditor": view_everything,
        }

    register_policy(m.FinancingApplication, app_policy(""), replace=True)
    register_policy(m.PledgedRight, app_policy("application__"), replace=True)
    register_policy(m.EligibilityCheck, app_policy("right__application__"), replace=True)

    # A bank sees only its own share and decision; the enterprise and the admins see all.
    per_bank: tuple[type[models.Model], ...] = (m.ApplicationShare, m.BankDecision)
    for model in per_bank:
        policy = app_policy("application__")
        policy["bank"] = _both(
            _shared_with_bank("application__"), by_action(_own_bank("bank"), _own_bank("bank"))
        )
        register_policy(model, policy, replace=True)

    def loan_policy(prefix: str) -> dict[str, Any]:
        return {
            "enterprise": field_is_user_org(f"{prefix}application__enterprise"),
            "bank": field_is_user_org(f"{prefix}bank"),
            "city_admin": by_action(field_is_user_city(f"{prefix}application__city_code")),
            "province_admin": view_everything,
            "auditor": view_everything,
        }

    register_policy(m.Loan, loan_policy(""), replace=True)
    loan_children: tuple[type[models.Model], ...] = (
        m.PledgeRegistration,
        m.RepaymentInstallment,
        m.Repayment,
    )
    for child in loan_children:
        register_policy(child, loan_policy("loan__"), replace=True)
    register_policy(m.Release, loan_policy("registration__loan__"), replace=True)
