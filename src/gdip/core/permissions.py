"""Authorisation: the one place that decides who may see or change what.

Two kinds of rule live here:

* **Capabilities** (``has_capability(user, "accounts.manage_users")``): may this user do this
  kind of thing at all? A table of capability → roles; ``"anonymous"`` stands for visitors.
* **Object scope** (``restrict(queryset, user, action)``): which rows may this user see
  (``action="view"``) or change (any other action: ``"change"``, ``"delete"``, ``"approve"`` …)?
  Each model registers a policy: role → rule, a rule turning the user and the action into a
  ``Q`` filter (``True`` = every row, ``False`` = none). A role missing from a policy sees
  nothing, a model without a policy cannot be restricted at all (ImproperlyConfigured), so a
  forgotten registration fails loudly instead of leaking.

Every list, detail, export, API call and report fetches through ``restrict`` or
``access_object_by_id``; the latter answers 404 for another tenant's object, never 403, so the
existence of other tenants' objects is not revealed.

Scope of each role for the models registered here (view / change):

==============  ==================================  ==================================  =====================
role            Organisation                        User                                Event (audit log)
==============  ==================================  ==================================  =====================
anonymous       none / none                         none / none                         none / none
enterprise      own org / none                      own org's users / self              own org's / none
bank            own org and its branches / none     own org's users / self              own org's / none
agency          own org / none                      own org's users / self              own org's / none
insurer         own org / none                      own org's users / self              own org's / none
fund_manager    own org / none                      own org's users / self              own org's / none
centre_staff    own centre / none                   own centre's users / self           own org's / none
city_admin      orgs in its city / same             users in its city / self            its city's / none
province_admin  all / all                           all / all                           all / none
auditor         all / none                          all / self                          all / none
==============  ==================================  ==================================  =====================

API tokens: every role sees and revokes only its own; province_admin all; auditor views all.
A Django superuser counts as province_admin. Inactive users count as anonymous. Events are
append-only, so nobody holds "change" on them. Other apps register their own models' policies
(``register_policy``) and may widen a registered one (``extend_policy``: e.g. the finance app lets
a bank see the enterprises that shared a financing demand with it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import (
    ImproperlyConfigured,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

__all__ = [
    "ANONYMOUS",
    "CAPABILITIES",
    "access_object_by_id",
    "can",
    "capability_required",
    "extend_policy",
    "has_capability",
    "register_accounts_policies",
    "register_capability",
    "register_policy",
    "require",
    "require_capability",
    "restrict",
    "role_of",
]

ANONYMOUS = "anonymous"
VIEW = "view"

Rule = Callable[[Any, str], "Q | bool"]
Policy = Mapping[str, Rule]
M = TypeVar("M", bound=models.Model)

ALL_ROLES = (
    "enterprise",
    "bank",
    "agency",
    "insurer",
    "fund_manager",
    "centre_staff",
    "city_admin",
    "province_admin",
    "auditor",
)
_ORG_ROLES = ("enterprise", "bank", "agency", "insurer", "fund_manager", "centre_staff")

# Capability → roles holding it. Other apps add theirs with register_capability().
CAPABILITIES: dict[str, frozenset[str]] = {
    # Published aggregates (dashboards, public statistics) are open to everybody.
    "datacenter.view_published": frozenset({ANONYMOUS, *ALL_ROLES}),
    # Patent/trademark bibliographic data, legal status and pledge registrations are public
    # records in China (docs/decisions/0005): record pages are open to everybody, and bulk
    # export to every signed-in role so that extraction is attributable.
    "datacenter.view_records": frozenset({ANONYMOUS, *ALL_ROLES}),
    "datacenter.export_records": frozenset(ALL_ROLES),
    "datacenter.ingest": frozenset({"province_admin"}),
    "accounts.view_users": frozenset({"city_admin", "province_admin", "auditor"}),
    "accounts.manage_users": frozenset({"province_admin"}),
    "accounts.manage_organisations": frozenset({"city_admin", "province_admin"}),
    "accounts.use_api_tokens": frozenset(ALL_ROLES),
    "audit.view_events": frozenset({"province_admin", "auditor"}),
    "indicators.enter_manual": frozenset({"city_admin", "province_admin"}),
    "indicators.approve_manual": frozenset({"city_admin", "province_admin"}),
    "config.manage": frozenset({"province_admin"}),
}

_POLICIES: dict[type[models.Model], dict[str, Rule]] = {}


def role_of(user: Any) -> str:
    """The role that authorisation uses for this user ("anonymous" when not signed in)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return ANONYMOUS
    if getattr(user, "is_superuser", False):
        return "province_admin"
    return str(getattr(user, "role", "") or ANONYMOUS)


def register_capability(name: str, roles: Iterable[str]) -> None:
    """Declare (or redefine) a capability and the roles holding it."""
    CAPABILITIES[name] = frozenset(roles)


def has_capability(user: Any, capability: str) -> bool:
    """True when the user's role holds the capability; unknown capabilities are held by nobody."""
    return role_of(user) in CAPABILITIES.get(capability, frozenset())


def require_capability(user: Any, capability: str) -> None:
    """Raise PermissionDenied unless the user holds the capability."""
    if not has_capability(user, capability):
        raise PermissionDenied(capability)


def capability_required(capability: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """View decorator: anonymous users without the capability go to the login page, others get 403."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not has_capability(request.user, capability):
                if role_of(request.user) == ANONYMOUS:
                    from django.contrib.auth.views import redirect_to_login

                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied(capability)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def register_policy(model: type[models.Model], policy: Policy, *, replace: bool = False) -> None:
    """Register the role → rule policy of a model; registering twice is an error unless replace."""
    if model in _POLICIES and not replace:
        raise ImproperlyConfigured(f"a permission policy for {model.__name__} is already registered")
    _POLICIES[model] = dict(policy)


def extend_policy(model: type[models.Model], role: str, rule: Rule) -> None:
    """Widen a registered policy: the role also sees what `rule` admits (OR)."""
    policy = _policy_for(model)
    previous = policy.get(role)
    if previous is None:
        policy[role] = rule
        return

    def combined(user: Any, action: str) -> Q | bool:
        return _or(previous(user, action), rule(user, action))

    policy[role] = combined


def _or(a: Q | bool, b: Q | bool) -> Q | bool:
    if a is True or b is True:
        return True
    if a is False:
        return b
    if b is False:
        return a
    return a | b


def _policy_for(model: type[models.Model]) -> dict[str, Rule]:
    # Proxy models share their concrete model's policy.
    concrete = model._meta.concrete_model or model
    for candidate in (model, concrete):
        if candidate in _POLICIES:
            return _POLICIES[candidate]
    raise ImproperlyConfigured(f"no permission policy registered for {model.__name__}")


def restrict(queryset: QuerySet[M], user: Any, action: str = VIEW) -> QuerySet[M]:
    """Narrow `queryset` to the rows that `user` may perform `action` on."""
    rule = _policy_for(queryset.model).get(role_of(user))
    if rule is None:
        return queryset.none()
    condition = rule(user, action)
    if condition is True:
        return queryset
    if condition is False:
        return queryset.none()
    return queryset.filter(condition)


def can(user: Any, action: str, obj: models.Model) -> bool:
    """True when `user` may perform `action` on the saved object `obj`."""
    if obj.pk is None:
        return False
    model = type(obj)
    return restrict(model._default_manager.filter(pk=obj.pk), user, action).exists()


def require(user: Any, action: str, obj: models.Model) -> None:
    """Raise PermissionDenied unless `user` may perform `action` on `obj`."""
    if not can(user, action, obj):
        raise PermissionDenied(action)


def access_object_by_id(queryset: QuerySet[M], user: Any, pk: Any, action: str = VIEW) -> M:
    """Fetch one object the user may act on; 404 when it is not visible to them.

    An object the user may see but not change gives PermissionDenied (403) for a write action:
    its existence is no secret to them. Anything they cannot see is a 404, as if it did not exist.
    """
    try:
        return restrict(queryset, user, action).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        pass
    if action != VIEW:
        try:
            visible = restrict(queryset, user, VIEW).filter(pk=pk).exists()
        except (ValueError, TypeError, ValidationError):
            visible = False
        if visible:
            raise PermissionDenied(action)
    raise Http404


# --- Rules shared by many models -----------------------------------------------------------


def everything(user: Any, action: str) -> Q | bool:
    """Every row, for every action."""
    return True


def view_everything(user: Any, action: str) -> Q | bool:
    """Every row for viewing, nothing to change."""
    return action == VIEW


def nothing(user: Any, action: str) -> Q | bool:
    """No row at all."""
    return False


def by_action(view: Rule, change: Rule = nothing) -> Rule:
    """A rule using `view` for viewing and `change` for every other action."""

    def rule(user: Any, action: str) -> Q | bool:
        return view(user, action) if action == VIEW else change(user, action)

    return rule


def field_is_user_org(field: str) -> Rule:
    """Rows whose `field` is the user's organisation (none when the user has none)."""

    def rule(user: Any, action: str) -> Q | bool:
        org_id = getattr(user, "organisation_id", None)
        return Q(**{field: org_id}) if org_id is not None else False

    return rule


def field_is_user_city(field: str) -> Rule:
    """Rows whose `field` is the user's city (none when the user has no city)."""

    def rule(user: Any, action: str) -> Q | bool:
        city = getattr(user, "city_code", None)
        return Q(**{field: city}) if city else False

    return rule


def field_is_user(field: str) -> Rule:
    """Rows whose `field` is the user."""

    def rule(user: Any, action: str) -> Q | bool:
        return Q(**{field: user.pk})

    return rule


# --- Policies of the accounts models --------------------------------------------------------


def _own_org_and_branches(user: Any, action: str) -> Q | bool:
    org_id = getattr(user, "organisation_id", None)
    return (Q(pk=org_id) | Q(parent_id=org_id)) if org_id is not None else False


def register_accounts_policies() -> None:
    """Register the Organisation, User, ApiToken and Event policies."""
    from gdip.accounts.models import ApiToken, Event, Organisation, User

    org_view = by_action(field_is_user_org("pk"))
    register_policy(
        Organisation,
        {
            **dict.fromkeys(_ORG_ROLES, org_view),
            "bank": by_action(_own_org_and_branches),
            "city_admin": by_action(field_is_user_city("city_code"), field_is_user_city("city_code")),
            "province_admin": everything,
            "auditor": view_everything,
        },
        replace=True,
    )
    # Users change their own account (password, phone); user administration is province-wide.
    own_account = field_is_user("pk")
    register_policy(
        User,
        {
            **dict.fromkeys(_ORG_ROLES, by_action(field_is_user_org("organisation"), own_account)),
            "city_admin": by_action(field_is_user_city("city_code"), own_account),
            "province_admin": everything,
            "auditor": by_action(everything, own_account),
        },
        replace=True,
    )
    own_tokens = field_is_user("user")
    register_policy(
        ApiToken,
        {
            **dict.fromkeys((*_ORG_ROLES, "city_admin"), own_tokens),
            "province_admin": everything,
            "auditor": by_action(everything, own_tokens),
        },
        replace=True,
    )
    register_policy(
        Event,
        {
            **dict.fromkeys(_ORG_ROLES, by_action(field_is_user_org("organisation"))),
            "city_admin": by_action(field_is_user_city("city_code")),
            "province_admin": view_everything,
            "auditor": view_everything,
        },
        replace=True,
    )
