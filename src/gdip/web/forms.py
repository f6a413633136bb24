"""Forms and display labels of the data-center pages.

``RecordFilterForm`` is the one filter definition behind the HTML record lists, the API lists
(``gdip.datacenter.api``) and the CSV/Excel exports, so the three always agree on what a
parameter means and which values are valid.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gdip.datacenter.domain import APPLICANT_TYPE, PATENT_KINDS, RIGHT_STATUSES
from gdip.datacenter.queries import RecordFilter

__all__ = [
    "APPLICANT_TYPE_LABELS",
    "COLUMN_LABELS",
    "EVENT_TYPE_LABELS",
    "FLAG_LABELS",
    "KIND_LABELS",
    "LABELS",
    "MARK_TYPE_LABELS",
    "PATENT_KIND_LABELS",
    "STATUS_LABELS",
    "EnterpriseSearchForm",
    "RecordFilterForm",
    "error_text",
]

STATUS_LABELS: dict[str, Promise] = {
    "pending": _("Pending"),
    "valid": _("Valid"),
    "lapsed": _("Lapsed"),
    "expired": _("Expired"),
    "invalidated": _("Invalidated"),
    "withdrawn": _("Withdrawn"),
    "rejected": _("Rejected"),
}
PATENT_KIND_LABELS: dict[str, Promise] = {
    "invention": _("Invention"),
    "utility": _("Utility model"),
    "design": _("Design"),
}
APPLICANT_TYPE_LABELS: dict[str, Promise] = {
    "enterprise": _("Enterprise"),
    "university": _("University"),
    "institute": _("Research institute"),
    "individual": _("Individual"),
    "government": _("Government body"),
    "other": _("Other"),
}
MARK_TYPE_LABELS: dict[str, Promise] = {
    "word": _("Word mark"),
    "figurative": _("Figurative mark"),
    "combined": _("Combined mark"),
    "3d": _("Three-dimensional mark"),
    "colour": _("Colour mark"),
    "sound": _("Sound mark"),
    "other": _("Other"),
}
EVENT_TYPE_LABELS: dict[str, Promise] = {
    "grant": _("Grant"),
    "fee_payment": _("Fee payment"),
    "lapse": _("Lapse"),
    "restoration": _("Restoration"),
    "transfer": _("Transfer"),
    "licence": _("Licence"),
    "open_licence": _("Open licence"),
    "pledge": _("Pledge"),
    "pledge_release": _("Pledge release"),
    "invalidation_request": _("Invalidation request"),
    "invalidation_decision": _("Invalidation decision"),
    "litigation": _("Litigation"),
    "withdrawal": _("Withdrawal"),
    "rejection": _("Rejection"),
    "expiry": _("Expiry"),
    "renewal": _("Renewal"),
    "award": _("Award"),
}
KIND_LABELS: dict[str, Promise] = {
    "patents": _("Patents"),
    "trademarks": _("Trademarks"),
    "copyrights": _("Copyright registrations"),
    "gis": _("Geographic indications"),
    "plant-varieties": _("Plant-variety rights"),
    "ic-layouts": _("IC layout designs"),
    "legal-events": _("Legal events"),
    "entities": _("Entities"),
}
FLAG_LABELS: dict[str, Promise] = {
    "high_tech": _("High-tech enterprise"),
    "specialised_sme": _("Specialised and sophisticated SME"),
    "ip_demonstration": _("IP demonstration enterprise"),
    "ip_advantage": _("IP advantage enterprise"),
    "listed": _("Listed company"),
}
RIGHT_KIND_LABELS: dict[str, Promise] = {
    "patent": _("Patent"),
    "trademark": _("Trademark"),
    "copyright": _("Copyright"),
    "gi": _("Geographic indication"),
    "plant_variety": _("Plant variety"),
    "ic_layout": _("IC layout design"),
}
# Column headings of record tables and export files.
COLUMN_LABELS: dict[str, Promise] = {
    "office": _("Office"),
    "application_number": _("Application number"),
    "registration_number": _("Registration number"),
    "kind": _("Patent type"),
    "pct": _("PCT"),
    "title": _("Title"),
    "mark_text": _("Mark"),
    "mark_type": _("Mark type"),
    "nice_classes": _("Nice classes"),
    "applicant_names": _("Applicants"),
    "filing_date": _("Filing date"),
    "publication_number": _("Publication number"),
    "grant_date": _("Grant date"),
    "registration_date": _("Registration date"),
    "expiry_date": _("Expiry date"),
    "status": _("Legal status"),
    "madrid": _("Madrid"),
    "ipc_main": _("Main IPC"),
    "ipc_codes": _("IPC"),
    "applicant_type": _("Applicant type"),
    "city_code": _("City"),
    "district_code": _("District"),
}
# Label tables by name, for the `label` template filter.
HIGH_VALUE_CONDITION_LABELS: dict[str, Promise] = {
    "strategic_industry": _("Strategic emerging industry"),
    "overseas_grant": _("Granted family member abroad"),
    "maintained_10y": _("Maintained for more than 10 years"),
    "pledge_amount": _("High pledge-financing amount"),
    "award": _("National S&T award or China Patent Award"),
}

LABELS: dict[str, dict[str, Promise]] = {
    "status": STATUS_LABELS,
    "high_value_condition": HIGH_VALUE_CONDITION_LABELS,
    "patent_kind": PATENT_KIND_LABELS,
    "applicant_type": APPLICANT_TYPE_LABELS,
    "mark_type": MARK_TYPE_LABELS,
    "event_type": EVENT_TYPE_LABELS,
    "kind": KIND_LABELS,
    "flag": FLAG_LABELS,
    "right_kind": RIGHT_KIND_LABELS,
    "column": COLUMN_LABELS,
}

YEAR_MIN, YEAR_MAX = 1900, 2100
PAGE_SIZE_MAX = 200


def _choices(labels: dict[str, Promise], keys: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [("", _("Any")), *[(k, labels[k]) for k in keys]]


def _city_choices() -> list[tuple[str, str]]:
    # Imported lazily: the region index loads reference data on first use.
    from gdip.datacenter.normalise.geo import guangdong_cities

    return [("", gettext("Any")), *guangdong_cities()]


class RecordFilterForm(forms.Form):
    """Filters, page and page size of a patent or trademark list (HTML, API and export)."""

    q = forms.CharField(label=_("Keywords"), max_length=200, required=False, strip=True)
    kind = forms.ChoiceField(
        label=_("Patent type"), required=False, choices=_choices(PATENT_KIND_LABELS, PATENT_KINDS)
    )
    status = forms.ChoiceField(
        label=_("Legal status"), required=False, choices=_choices(STATUS_LABELS, RIGHT_STATUSES)
    )
    city = forms.RegexField(
        label=_("City"),
        regex=r"^\d{6}$",
        required=False,
        error_messages={"invalid": _("Enter a 6-digit GB/T 2260 region code.")},
        widget=forms.Select,
    )
    year = forms.IntegerField(label=_("Filing year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    year_from = forms.IntegerField(
        label=_("Filed from (year)"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    year_to = forms.IntegerField(
        label=_("Filed until (year)"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    ipc = forms.RegexField(
        label=_("IPC prefix"),
        regex=r"^[A-Ha-h](\d{2}([A-Za-z](\s*\d{1,4}(/\d{0,6})?)?)?)?$",
        required=False,
        error_messages={"invalid": _("Enter an IPC prefix such as H01M or H01M 10/05.")},
    )
    applicant_type = forms.ChoiceField(
        label=_("Applicant type"), required=False, choices=_choices(APPLICANT_TYPE_LABELS, APPLICANT_TYPE)
    )
    entity = forms.RegexField(
        label=_("Applicant id"),
        regex=r"^[UN]:[0-9A-Za-z]{1,40}$",
        required=False,
        error_messages={"invalid": _("Enter an applicant id such as U:91440300MA5DEM0019.")},
    )
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=1_000_000)
    page_size = forms.IntegerField(label=_("Page size"), required=False, min_value=1, max_value=PAGE_SIZE_MAX)

    def __init__(self, *args: Any, record_kind: str = "patents", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record_kind = record_kind
        self.fields["city"].widget.choices = _city_choices()
        if record_kind != "patents":
            # Patent type and IPC mean nothing for trademarks: not offered, not accepted.
            del self.fields["kind"]
            del self.fields["ipc"]

    def clean(self) -> dict[str, Any]:
        """Fold `year` into the range and check that the range is not reversed."""
        data = super().clean() or {}
        year = data.get("year")
        if year is not None:
            data["year_from"] = data["year_to"] = year
        low, high = data.get("year_from"), data.get("year_to")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(_("The first year is after the last year."), code="year_range")
        return data

    def to_filter(self) -> RecordFilter:
        """The validated filters as the query layer's RecordFilter."""
        d = self.cleaned_data
        return RecordFilter(
            q=d.get("q") or None,
            kind=d.get("kind") or None,
            status=d.get("status") or None,
            city_code=d.get("city") or None,
            year_from=d.get("year_from"),
            year_to=d.get("year_to"),
            ipc=d.get("ipc") or None,
            applicant_type=d.get("applicant_type") or None,
            entity_id=d.get("entity") or None,
        )

    @property
    def page_number(self) -> int:
        """The requested page (1 when absent)."""
        return int(self.cleaned_data.get("page") or 1)

    def page_size_value(self, default: int = 20) -> int:
        """The requested page size, or `default`."""
        return int(self.cleaned_data.get("page_size") or default)

    def query_without_page(self) -> str:
        """The submitted filters as a query string without `page` (for pagination and export links)."""
        params = self.data.copy() if hasattr(self.data, "copy") else dict(self.data)
        params.pop("page", None)
        return params.urlencode() if hasattr(params, "urlencode") else ""


class EnterpriseSearchForm(forms.Form):
    """Find an applicant by name, USCC or entity id."""

    q = forms.CharField(label=_("Name, USCC or applicant id"), max_length=200, required=False, strip=True)


def error_text(form: forms.Form) -> str:
    """The form's errors as one line in the active language: "field: message; ..."."""
    parts = []
    for name, errors in form.errors.items():
        messages = " ".join(str(e) for e in errors)
        parts.append(messages if name == "__all__" else f"{name}: {messages}")
    return "; ".join(parts)
