"""Financing pages: the enterprise's applications and new-application form, the bank's inbox,
and the application detail with eligibility, decisions, loan, schedule and timeline.

Views are thin: forms parse, ``gdip.finance.actions`` decides and writes, ``gdip.finance.queries``
narrows what is shown. Another tenant's application is a 404; an action the user may not take a
403; a refused transition comes back to the detail page with the bilingual reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gdip.accounts.models import Organisation, OrgType
from gdip.core.permissions import capability_required, role_of
from gdip.finance import actions, forms, queries
from gdip.finance.eligibility import GROUNDS
from gdip.finance.models import FinancingApplication
from gdip.finance.workflows import TransitionError

__all__ = ["application_action", "application_detail", "application_list", "application_new"]


def _lang_zh() -> bool:
    return (translation.get_language() or "zh").startswith("zh")


@capability_required("finance.view")
def application_list(request: HttpRequest) -> HttpResponse:
    """My applications (enterprise), the shared inbox (bank), or the scoped list (admins)."""
    apps = list(queries.visible_applications(request.user)[:500])
    return render(request, "finance/list.html", {"applications": apps, "role": role_of(request.user)})


@capability_required("finance.apply")
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest) -> HttpResponse:
    """A new application from the enterprise's own portfolio."""
    org = request.user.organisation  # type: ignore[union-attr]
    portfolio = queries.portfolio(org)
    form = forms.ApplicationForm(request.POST or None, portfolio=portfolio)
    if request.method == "POST" and form.is_valid():
        rights = []
        for value in form.cleaned_data["rights"]:
            kind, office, number = value.split("|", 2)
            rights.append(actions.RightInput(application_number=number, office=office, trademark=kind == "T"))
        try:
            app = actions.do_create_application(
                request.user,
                amount_requested=form.cleaned_data["amount_requested"],
                term_months=form.cleaned_data["term_months"],
                purpose=form.cleaned_data["purpose"],
                rights=rights,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("finance-detail", pk=app.pk)
    return render(request, "finance/new.html", {"form": form, "portfolio": portfolio})


def _check_rows(user: Any, app: FinancingApplication) -> list[dict[str, Any]]:
    zh = _lang_zh()
    return [
        {
            "right": f"{c.right.office}:{c.right.application_number}",
            "ground": GROUNDS.get(c.ground, (c.ground, c.ground))[0 if zh else 1],
            "code": c.ground,
            "passed": c.passed,
            "detail": c.detail_zh if zh else c.detail_en,
            "checked_at": c.checked_at,
        }
        for c in queries.latest_checks(user, app)
    ]


@capability_required("finance.view")
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case: rights, eligibility, shares, decisions, loan and schedule, timeline, actions."""
    user = request.user
    app = actions.access_application_by_id(user, pk)
    allowed = queries.allowed_actions(user, app)
    loan = queries.loan_of(user, app)
    banks = Organisation.objects.filter(org_type=OrgType.BANK, is_active=True).order_by("name")
    context = {
        "app": app,
        "rights": list(app.rights.all()),
        "shares": list(queries.visible_shares(user, app)),
        "decisions": list(queries.visible_decisions(user, app)),
        "checks": _check_rows(user, app),
        "loan": loan,
        "schedule": list(loan.schedule.all()) if loan else [],
        "repayments": list(loan.repayments.all()) if loan else [],
        "registration": getattr(loan, "registration", None)
        if loan and hasattr(loan, "registration")
        else None,
        "events": queries.timeline(user, app),
        "allowed": allowed,
        "share_form": forms.ShareForm(banks=list(banks)),
        "approve_form": forms.ApproveForm(
            initial={"amount": app.amount_requested, "term_months": app.term_months}
        ),
        "reject_form": forms.RejectForm(),
        "reason_form": forms.ReasonForm(),
        "register_form": forms.RegisterForm(),
        "disburse_form": forms.DisburseForm(),
        "repay_form": forms.RepayForm(),
        "release_form": forms.ReleaseForm(),
    }
    return render(request, "finance/detail.html", context)


def _share(request: HttpRequest, app: FinancingApplication) -> Any:
    banks = Organisation.objects.filter(org_type=OrgType.BANK, is_active=True)
    form = forms.ShareForm(request.POST, banks=list(banks))
    if not form.is_valid():
        raise ValidationError(form.errors.as_text())
    return actions.do_share(
        request.user, app, [int(b) for b in form.cleaned_data["bank_ids"]], request=request
    )


def _with_form(
    form_class: type[forms.forms.Form], run: Callable[[HttpRequest, FinancingApplication, Any], Any]
) -> Any:
    def handler(request: HttpRequest, app: FinancingApplication) -> Any:
        form = form_class(request.POST)
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        return run(request, app, form)

    return handler


HANDLERS: dict[str, Callable[[HttpRequest, FinancingApplication], Any]] = {
    "share": _share,
    "withdraw": _with_form(
        forms.ReasonForm,
        lambda r, a, f: actions.do_withdraw(r.user, a, reason=f.cleaned_data["reason"], request=r),
    ),
    "query": lambda r, a: actions.do_query_eligibility(r.user, a, request=r),
    "approve": _with_form(
        forms.ApproveForm,
        lambda r, a, f: actions.do_approve(
            r.user,
            a,
            actions.ApprovalConditions(
                amount=f.cleaned_data["amount"],
                rate=f.cleaned_data["rate"],
                term_months=f.cleaned_data["term_months"],
                ltv_cap=f.cleaned_data["ltv_cap"],
                collateral_value=f.cleaned_data["collateral_value"],
                conditions=f.cleaned_data["conditions"],
            ),
            request=r,
        ),
    ),
    "reject": _with_form(
        forms.RejectForm, lambda r, a, f: actions.do_reject(r.user, a, f.reason_list(), request=r)
    ),
    "register_pledge": _with_form(
        forms.RegisterForm,
        lambda r, a, f: actions.do_register_pledge(
            r.user,
            a,
            registration_number=f.cleaned_data["registration_number"],
            registered_on=f.cleaned_data["registered_on"],
            request=r,
        ),
    ),
    "disburse": _with_form(
        forms.DisburseForm,
        lambda r, a, f: actions.do_disburse(
            r.user, a, disbursed_on=f.cleaned_data["disbursed_on"], method=f.cleaned_data["method"], request=r
        ),
    ),
    "repay": _with_form(
        forms.RepayForm,
        lambda r, a, f: actions.do_repay(
            r.user, a, amount=f.cleaned_data["amount"], paid_on=f.cleaned_data["paid_on"], request=r
        ),
    ),
    "release": _with_form(
        forms.ReleaseForm,
        lambda r, a, f: actions.do_release(
            r.user,
            a,
            released_on=f.cleaned_data["released_on"],
            release_number=f.cleaned_data["release_number"],
            request=r,
        ),
    ),
    "close": lambda r, a: actions.do_close(r.user, a, request=r),
    "cancel": _with_form(
        forms.ReasonForm,
        lambda r, a, f: actions.do_cancel(r.user, a, reason=f.cleaned_data["reason"], request=r),
    ),
}


@capability_required("finance.view")
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Run one transition from the detail page; refusals come back as a message."""
    handler = HANDLERS.get(action)
    if handler is None:
        raise Http404
    app = actions.access_application_by_id(request.user, pk, "change")
    try:
        handler(request, app)
    except PermissionDenied:
        raise
    except TransitionError as exc:
        messages.error(request, exc.message_zh if _lang_zh() else exc.message_en)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("Done: %(action)s") % {"action": action})
    return redirect("finance-detail", pk=app.pk)
