"""Forms of the financing pages (labels are English gettext sources, Chinese by default)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gdip.finance.models import ScheduleMethod

__all__ = [
    "ApplicationForm",
    "ApproveForm",
    "DisburseForm",
    "ReasonForm",
    "RegisterForm",
    "RejectForm",
    "ReleaseForm",
    "RepayForm",
    "ShareForm",
]

MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2, "min_value": Decimal("0.01")}


class ApplicationForm(forms.Form):
    """A new application: rights chosen from the enterprise's own portfolio."""

    rights = forms.MultipleChoiceField(label=_("Rights to pledge"), widget=forms.CheckboxSelectMultiple)
    amount_requested = forms.DecimalField(label=_("Amount requested (yuan)"), **MONEY)
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=120, initial=12)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, portfolio: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["rights"].choices = [  # type: ignore[attr-defined]
            (
                f"{'T' if r.kind == 'trademark' else 'P'}|{r.office}|{r.application_number}",
                f"{r.application_number} · {r.title}",
            )
            for r in portfolio
        ]


class ShareForm(forms.Form):
    """Banks to share the application with."""

    bank_ids = forms.MultipleChoiceField(label=_("Banks"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, banks: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        choices = [(str(b.pk), b.name) for b in banks]
        self.fields["bank_ids"].choices = choices  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    """An optional reason (withdraw, cancel)."""

    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ApproveForm(forms.Form):
    """Approval conditions."""

    amount = forms.DecimalField(label=_("Approved amount (yuan)"), **MONEY)
    rate = forms.DecimalField(
        label=_("Annual rate (e.g. 0.0435)"), max_digits=7, decimal_places=6, min_value=0
    )
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=120)
    ltv_cap = forms.DecimalField(
        label=_("LTV cap (e.g. 0.5)"),
        max_digits=5,
        decimal_places=4,
        required=False,
        min_value=Decimal("0.0001"),
        max_value=1,
    )
    collateral_value = forms.DecimalField(label=_("Collateral value (yuan)"), required=False, **MONEY)
    conditions = forms.CharField(
        label=_("Other conditions"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectForm(forms.Form):
    """Rejection reasons, one per line."""

    reasons = forms.CharField(
        label=_("Reasons (one per line)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def reason_list(self) -> list[str]:
        """The non-empty lines."""
        return [line.strip() for line in self.cleaned_data["reasons"].splitlines() if line.strip()]


class RegisterForm(forms.Form):
    """The CNIPA pledge registration."""

    registration_number = forms.CharField(label=_("Registration number"), max_length=40)
    registered_on = forms.DateField(
        label=_("Registration date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class DisburseForm(forms.Form):
    """The disbursement and the schedule method."""

    disbursed_on = forms.DateField(label=_("Disbursed on"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("Repayment method"), choices=ScheduleMethod.choices)


class RepayForm(forms.Form):
    """A repayment."""

    amount = forms.DecimalField(label=_("Amount (yuan)"), **MONEY)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))


class ReleaseForm(forms.Form):
    """The cancellation of the pledge registration."""

    released_on = forms.DateField(label=_("Released on"), widget=forms.DateInput(attrs={"type": "date"}))
    release_number = forms.CharField(label=_("Cancellation number"), max_length=40, required=False)
