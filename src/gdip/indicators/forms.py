"""Forms of the plan-monitoring pages: dashboard filters, manual entry, review, reports, publication."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gdip.indicators.plans import Plan

__all__ = [
    "DashboardForm",
    "DrilldownForm",
    "ManualFilterForm",
    "ManualValueForm",
    "PublishForm",
    "ReasonForm",
    "ReportForm",
]


def _year_field(required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(label=_("Year"), required=required, min_value=1990, max_value=2100)


class DashboardForm(forms.Form):
    """?year=&map= of the dashboard."""

    year = _year_field()
    map = forms.CharField(label=_("Indicator on the map"), required=False, max_length=64)


class DrilldownForm(forms.Form):
    """?year=&city=&page= of the patent drill-down."""

    year = _year_field()
    city = forms.RegexField(label=_("City"), regex=r"^\d{6}$", required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)


class ManualFilterForm(forms.Form):
    """Filters of the manual-value list."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("draft", _("Draft")),
            ("submitted", _("Submitted")),
            ("approved", _("Approved")),
            ("rejected", _("Rejected")),
            ("superseded", _("Superseded")),
        ],
    )
    code = forms.CharField(label=_("Indicator"), required=False, max_length=64)
    region = forms.RegexField(label=_("Region"), regex=r"^\d{6}$", required=False)
    year = _year_field()
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)


class ManualValueForm(forms.Form):
    """Entry of a manual indicator value (the actions validate scope, year and upload again)."""

    code = forms.ChoiceField(label=_("Indicator"))
    region_code = forms.ChoiceField(label=_("Region"))
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=6, min_value=0)
    source_citation = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_(
            "The publication or letter the figure comes from, e.g. the statistical bulletin and its date."
        ),
    )
    source_file = forms.FileField(
        label=_("Source document"),
        required=False,
        help_text=_("Optional: PDF, Excel, CSV, PNG or JPEG, at most 20 MB."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, plan: Plan, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language

        en = (get_language() or "zh").startswith("en")
        code_field = self.fields["code"]
        region_field = self.fields["region_code"]
        assert isinstance(code_field, forms.ChoiceField) and isinstance(region_field, forms.ChoiceField)
        code_field.choices = [
            (i.code, f"{i.name.en if en else i.name.zh} ({i.unit.en if en else i.unit.zh})")
            for i in plan.indicators
            if i.source == "manual"
        ]
        region_field.choices = regions


class ReasonForm(forms.Form):
    """The reason of a rejection or a withdrawal."""

    reason = forms.CharField(label=_("Reason"), max_length=500)


class ReportForm(forms.Form):
    """?kind=&year=&format=&lang= of a report download."""

    kind = forms.ChoiceField(
        label=_("Report"),
        choices=[("annual", _("Annual monitoring report")), ("midterm", _("Mid-term evaluation"))],
    )
    year = _year_field()
    format = forms.ChoiceField(
        label=_("Format"), choices=[("pdf", "PDF"), ("xlsx", "Excel"), ("html", "HTML")]
    )
    lang = forms.ChoiceField(label=_("Language"), required=False, choices=[("zh", "中文"), ("en", "English")])


class PublishForm(forms.Form):
    """Publication of a year's figures."""

    year = _year_field(required=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
