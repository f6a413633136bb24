"""Pages of the data center: home, record lists and details, enterprise profiles, exports.

Views are thin: parse the request (``gdip.web.forms``), call a query function
(``gdip.datacenter.queries``, the lake only through the engine layer), render a template.
Bad query parameters give a 400 page with the reasons in Chinese and English, an unknown record
a 404; neither is ever a 500.

Access decisions:

* Record pages (patents, trademarks, their legal events incl. pledge registrations, enterprise
  profiles built from them) are public. Patent and trademark bibliographic data, legal status
  and pledge registrations are published by CNIPA (专利公报, 商标公告, 质押登记公告) and are public
  records in China, and the plan asks for a public information service (ch. 6 §1).
* Exports need a signed-in user (anonymous users are sent to the login page): bulk downloads
  without a row cap are a service to identified users, not to anonymous crawlers.

Exports stream: CSV through a StreamingHttpResponse fed batch by batch from the engine;
Excel through openpyxl's write-only workbook. openpyxl can only save a whole workbook to a file
object (the zip directory is written last), so the workbook goes to a SpooledTemporaryFile
(memory up to 8 MiB, then disk) and is streamed from there with a FileResponse; memory stays
bounded either way, and there is no row cap (an Excel sheet holds 1,048,575 data rows; more
rows continue on further sheets).
"""

from __future__ import annotations

import csv
import dataclasses
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gdip.core.masking import Masker, mask_person_name
from gdip.core.permissions import capability_required
from gdip.core.validators import IdentifierError, normalise_application_number
from gdip.datacenter import queries
from gdip.datacenter.engines import get_engine
from gdip.web.forms import (
    COLUMN_LABELS,
    KIND_LABELS,
    LABELS,
    EnterpriseSearchForm,
    RecordFilterForm,
    error_text,
)

__all__ = [
    "enterprise_list",
    "enterprise_profile",
    "export_csv",
    "export_xlsx",
    "home",
    "patent_detail",
    "record_list",
    "trademark_detail",
]

# Export batches: large enough to keep the engine efficient, small enough for bounded memory.
EXPORT_BATCH = 10_000
XLSX_SHEET_ROWS = 1_048_575  # Excel's row limit minus the header row
XLSX_SPOOL_BYTES = 8 * 1024 * 1024
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def bad_request(request: HttpRequest, form: Any) -> HttpResponse:
    """The 400 page listing what was wrong with the parameters, in Chinese and in English."""
    with translation.override("zh-hans"):
        message_zh = error_text(form)
    with translation.override("en"):
        message_en = error_text(form)
    context = {"message_zh": message_zh, "message_en": message_en}
    return render(request, "400.html", context, status=400)


def _chart_cities(counts: Iterable[queries.CityCount]) -> list[dict[str, Any]]:
    from gdip.datacenter.normalise.geo import region_name

    return [
        {"code": c.city_code, "name": region_name(c.city_code) or c.city_code, "value": c.count}
        for c in counts
    ]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The data center's headline figures, a search box, the city chart and the city map."""
    figures = queries.headline_figures(get_engine())
    context = {
        "figures": figures,
        "city_chart": {
            "title": _("Records by city (top 10)"),
            "cities": _chart_cities(figures.records_by_city),
        },
        "city_map": {
            "title": _("Valid invention patents by city"),
            "map": "广东",
            "cities": _chart_cities(figures.valid_invention_by_city),
        },
    }
    return render(request, "web/home.html", context)


@require_GET
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    """A filtered, paginated list of patents or trademarks with export links."""
    form = RecordFilterForm(request.GET, record_kind=kind)
    if not form.is_valid():
        return bad_request(request, form)
    result = queries.search_records(
        get_engine(), kind, form.to_filter(), form.page_number, form.page_size_value()
    )
    # Personal data (natural persons' names) masked unless the viewer may see it (core.masking).
    masker = Masker(request, "datacenter.list")
    result = dataclasses.replace(result, rows=[masker.row(r) for r in result.rows])
    masker.audit(kind, query=request.GET.urlencode())
    context = {
        "kind": kind,
        "form": form,
        "result": result,
        "columns": _list_columns(kind),
        "query": form.query_without_page(),
    }
    return render(request, "web/record_list.html", context)


def _list_columns(kind: str) -> list[str]:
    # The HTML table shows the essentials; exports carry every LIST_COLUMNS column.
    if kind == "patents":
        return [
            "application_number",
            "title",
            "applicant_names",
            "kind",
            "filing_date",
            "status",
            "city_code",
        ]
    return [
        "application_number",
        "mark_text",
        "applicant_names",
        "nice_classes",
        "filing_date",
        "status",
        "city_code",
    ]


def _canonical_number(kind: str, office: str, number: str) -> tuple[str, str]:
    """Normalise the office and number of a URL; Http404 when they cannot name any record."""
    office = office.upper()
    try:
        if kind == "patents":
            return office, normalise_application_number(office, number)
    except IdentifierError:
        raise Http404(_("No such record.")) from None
    return office, "".join(number.split()).upper()


def _detail_page(request: HttpRequest, kind: str, office: str, number: str) -> HttpResponse:
    canonical = _canonical_number(kind, office, number)
    if canonical != (office, number):
        # One URL per record: /patents/cn/2021109211169/ → /patents/CN/202110921116.9/
        return redirect(f"{kind[:-1]}-detail", office=canonical[0], number=canonical[1], permanent=True)
    engine = get_engine()
    if kind == "patents":
        detail = queries.patent_detail(engine, office, number)
    else:
        detail = queries.trademark_detail(engine, office, number)
    if detail is None:
        raise Http404(_("No such record."))
    detail = _masked_detail(request, kind, detail)
    context: dict[str, Any] = {"detail": detail, "r": detail.record, "kind": kind}
    if kind == "patents" and detail.record.get("kind") == "invention":
        from gdip.indicators.high_value import patent_conditions

        # The plan's note 1, at the end of the last complete year (as the indicators report it).
        year = timezone.localdate().year - 1
        context["high_value"] = {
            "year": year,
            "conditions": patent_conditions(engine, office, number, year=year),
        }
    return render(request, f"web/{kind[:-1]}_detail.html", context)


def _masked_detail(request: HttpRequest, kind: str, detail: queries.RecordDetail) -> queries.RecordDetail:
    """The record with natural persons' names and addresses masked unless the viewer may see them."""
    owners = [p.get("uscc") for p in detail.record.get("applicants") or ()]
    masker = Masker(request, "datacenter.record", owner_usccs=owners)
    record, events = masker.record(detail.record), masker.events(detail.events)
    masked = dataclasses.replace(detail, record=record, events=events)
    masker.audit(f"{kind}:{detail.record.get('office')}:{detail.record.get('application_number')}")
    return masked


@require_GET
def patent_detail(request: HttpRequest, office: str, number: str) -> HttpResponse:
    """A patent's bibliographic data, applicants, legal events and version history."""
    return _detail_page(request, "patents", office, number)


@require_GET
def trademark_detail(request: HttpRequest, office: str, number: str) -> HttpResponse:
    """A trademark's data, applicants, legal events and version history."""
    return _detail_page(request, "trademarks", office, number)


@require_GET
def enterprise_list(request: HttpRequest) -> HttpResponse:
    """Find an applicant by name, USCC or id; an exact id or USCC goes straight to its profile."""
    form = EnterpriseSearchForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    q = form.cleaned_data.get("q") or ""
    results: list[dict[str, Any]] = []
    if q:
        upper = q.upper()
        if upper[:2] in ("U:", "N:") or (len(upper) == 18 and upper.isalnum()):
            entity_id = upper if upper[:2] in ("U:", "N:") else "U:" + upper
            if entity_id.startswith("N:"):
                entity_id = "N:" + q[2:].lower()  # name-based ids are lower-case hex
            return redirect("enterprise-profile", entity_id=entity_id)
        masker = Masker(request, "datacenter.entity_search")
        results = [masker.entity(e) or e for e in queries.search_entities(get_engine(), q)]
        masker.audit("entities", q=q)
    return render(request, "web/enterprise_list.html", {"form": form, "q": q, "results": results})


@require_GET
def enterprise_profile(request: HttpRequest, entity_id: str) -> HttpResponse:
    """An applicant's IP profile: portfolio by kind and year, legal events, pledges, top IPC."""
    prefix, rest = entity_id[:2].upper(), entity_id[2:]
    canonical = prefix + (rest.upper() if prefix == "U:" else rest.lower())  # USCC upper, hashes lower
    if canonical != entity_id:
        return redirect("enterprise-profile", entity_id=canonical, permanent=True)
    profile = queries.enterprise_profile(get_engine(), entity_id=entity_id)
    if profile is None:
        raise Http404(_("No such applicant."))
    mask_profile(request, profile)
    years = sorted({p.year for p in profile.portfolio if p.year is not None})
    series: dict[str, dict[int, int]] = {}
    for p in profile.portfolio:
        if p.year is not None:
            series.setdefault(p.kind, dict.fromkeys(years, 0))[p.year] = p.count
    chart = {
        "title": _("Portfolio by filing year"),
        "years": years,
        "series": [
            {"name": str(KIND_LABELS.get(k, k)), "values": list(v.values())} for k, v in series.items()
        ],
    }
    return render(request, "web/enterprise_profile.html", {"profile": profile, "portfolio_chart": chart})


def mask_profile(request: HttpRequest, profile: queries.EnterpriseProfile) -> None:
    """Mask a natural person's name and address and individual parties of events, in place."""
    owners = [(profile.entity or {}).get("uscc")]
    masker = Masker(request, "datacenter.enterprise", owner_usccs=owners)
    individual = (profile.entity or {}).get("entity_type") == "individual" or (
        profile.entity is None and masker.names(profile.name) != profile.name
    )
    if profile.entity is not None:
        profile.entity = masker.entity(profile.entity)
    if individual:
        masker.found = max(masker.found, 1)
        if not masker.reveal:
            profile.name = mask_person_name(profile.name)
    profile.events = masker.events(profile.events)
    profile.pledges = masker.events(profile.pledges)
    masker.audit(f"entity:{profile.entity_id}")


# -- exports --------------------------------------------------------------------------------


def _export_form(request: HttpRequest, kind: str) -> RecordFilterForm | HttpResponse:
    form = RecordFilterForm(request.GET, record_kind=kind)
    return form if form.is_valid() else bad_request(request, form)


def _filename(kind: str, ext: str) -> str:
    return f"gdip-{kind}-{timezone.localtime():%Y%m%d-%H%M%S}.{ext}"


# Coded columns are exported as their labels in the user's language, like the pages show them.
_EXPORT_LABELS = {
    "kind": "patent_kind",
    "status": "status",
    "applicant_type": "applicant_type",
    "mark_type": "mark_type",
}


def _export_row(row: dict[str, Any], columns: tuple[str, ...]) -> list[Any]:
    """One record as export values: codes → labels, booleans → Yes/No, other values as they are."""
    out: list[Any] = []
    for c in columns:
        value = row[c]
        if c in _EXPORT_LABELS and value is not None:
            value = str(LABELS[_EXPORT_LABELS[c]].get(value, value))
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        out.append(value)
    return out


def _csv_cell(value: Any) -> Any:
    """A CSV cell: dates in ISO form, and text that spreadsheets would run as a formula quoted."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        # OWASP CSV injection advice: a leading apostrophe makes Excel show the text as text.
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(kind: str, batches: Iterator[Any], masker: Masker | None = None) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM: Excel opens UTF-8 Chinese text correctly only with it
    columns = queries.LIST_COLUMNS[kind]
    yield writer.writerow([str(COLUMN_LABELS.get(c, c)) for c in columns])
    for batch in batches:
        for row in batch.to_pylist():
            row = masker.row(row) if masker is not None else row
            yield writer.writerow([_csv_cell(v) for v in _export_row(row, columns)])


@capability_required("datacenter.export_records")
@require_GET
def export_csv(request: HttpRequest, kind: str) -> HttpResponseBase:
    """All matching records as CSV (UTF-8 with BOM), streamed batch by batch; no row cap."""
    form = _export_form(request, kind)
    if isinstance(form, HttpResponse):
        return form
    batches = queries.iter_records(get_engine(), kind, form.to_filter(), EXPORT_BATCH)
    masker = Masker(request, "datacenter.export")
    masker.audit_bulk(f"{kind}.csv", query=request.GET.urlencode())
    # Headings are translated now: the generator runs after the view returns, outside this language.
    language = translation.get_language()

    def lines() -> Iterator[str]:
        with translation.override(language):
            yield from _csv_lines(kind, batches, masker)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(kind, "csv")}"'
    return response


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Decimal):
        value = float(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # Typed as text, a cell is never evaluated: "=HYPERLINK(...)" stays a string.
        cell.data_type = "s"
    return cell


def _write_xlsx(kind: str, batches: Iterator[Any], target: Any, masker: Masker | None = None) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    columns = queries.LIST_COLUMNS[kind]
    header = [str(COLUMN_LABELS.get(c, c)) for c in columns]
    sheet, rows_in_sheet, sheet_no = None, XLSX_SHEET_ROWS, 0
    for batch in batches:
        for row in batch.to_pylist():
            if rows_in_sheet >= XLSX_SHEET_ROWS:
                sheet_no += 1
                sheet = workbook.create_sheet(f"{kind}-{sheet_no}")
                sheet.append(header)
                rows_in_sheet = 0
            assert sheet is not None
            row = masker.row(row) if masker is not None else row
            sheet.append([_xlsx_cell(sheet, v) for v in _export_row(row, columns)])
            rows_in_sheet += 1
    if sheet is None:  # no rows: still a valid workbook with the header
        workbook.create_sheet(f"{kind}-1").append(header)
    workbook.save(target)


@capability_required("datacenter.export_records")
@require_GET
def export_xlsx(request: HttpRequest, kind: str) -> HttpResponseBase:
    """All matching records as an Excel workbook, built in a spooled file and streamed; no row cap."""
    form = _export_form(request, kind)
    if isinstance(form, HttpResponse):
        return form
    # Not a `with` block: FileResponse closes the file once the response has been sent.
    masker = Masker(request, "datacenter.export")
    masker.audit_bulk(f"{kind}.xlsx", query=request.GET.urlencode())
    spool = tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL_BYTES)  # noqa: SIM115
    try:
        batches = queries.iter_records(get_engine(), kind, form.to_filter(), EXPORT_BATCH)
        _write_xlsx(kind, batches, spool, masker)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=_filename(kind, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
