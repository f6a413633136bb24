"""Forms of the OTP pages and the audit-log search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditSearchForm", "OTPTokenForm"]


class OTPTokenForm(forms.Form):
    """A 6-digit code from the authenticator app."""

    token = forms.RegexField(
        label=_("One-time password"),
        regex=r"^\s*\d{6,8}\s*$",
        max_length=12,
        error_messages={"invalid": _("Enter the 6-digit code shown by your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


class AuditSearchForm(forms.Form):
    """Filters of the audit-log page (every field optional)."""

    type = forms.CharField(
        label=_("Event type"),
        required=False,
        max_length=80,
        help_text=_("Exact type, or a prefix ending in '.' or '*' (e.g. accounts.)"),
    )
    actor = forms.CharField(label=_("Actor (username or id)"), required=False, max_length=150)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=100)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date is after the end date."), code="date_range")
        return data

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for gdip.core.audit.filter_events (the form must be valid)."""
        d = self.cleaned_data
        return {
            "types": [d["type"]] if d.get("type") else None,
            "actor": d.get("actor") or None,
            "since": d.get("since"),
            "until": d.get("until"),
            "object_type": d.get("object_type") or None,
            "object_id": d.get("object_id") or None,
        }
