"""Pages of plan monitoring (mounted at monitoring/): dashboards, drill-down, manual entry, reports.

Access:

* Dashboards (province and city), the drill-down to patents and report downloads show live
  figures to holders of ``indicators.view_unpublished`` (city_admin, province_admin, auditor) and
  the current publication of the year to everybody else; a year without a publication is "not
  published yet" (404 for drill-down and downloads).
* Manual values: list and detail need ``indicators.view_manual`` and show only what the policy
  lets the user see (a city admin: its city); entry, submission, approval and rejection go
  through ``gdip.indicators.actions`` (four-eyes, scope). Another city's value is a 404, an
  action the user may not take on a visible value a 403.
* Publication and withdrawal: ``indicators.publish`` (province_admin).

No inline scripts or styles: chart data sit in json_script blocks read by
``indicators/dashboard.js`` (trends) and ``web/charts.js`` (the city map).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gdip.core.permissions import capability_required, has_capability, restrict
from gdip.indicators import actions, reports
from gdip.indicators.forms import (
    DashboardForm,
    DrilldownForm,
    ManualFilterForm,
    ManualValueForm,
    PublishForm,
    ReasonForm,
    ReportForm,
)
from gdip.indicators.models import ManualIndicatorValue, ManualStatus, Publication
from gdip.indicators.plans import Plan, PlanError, list_plans, load_plan

__all__ = [
    "city_dashboard",
    "dashboard",
    "manual_approve",
    "manual_detail",
    "manual_document",
    "manual_list",
    "manual_new",
    "manual_reject",
    "manual_submit",
    "patents",
    "publish",
    "report_download",
    "reports_page",
    "withdraw",
]

DEFAULT_PLAN = "gd-14th"
PAGE_SIZE = 50


def _lang() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


def _plan(request: HttpRequest) -> Plan:
    plan_id = request.GET.get("plan") or request.POST.get("plan") or DEFAULT_PLAN
    if plan_id not in {str(p) for p in list_plans()} and plan_id != DEFAULT_PLAN:
        raise Http404(_("No such plan."))
    try:
        return load_plan(plan_id)
    except PlanError:
        raise Http404(_("No such plan.")) from None


def _bad_request(request: HttpRequest, form: Any) -> HttpResponse:
    from gdip.web.views import bad_request

    return bad_request(request, form)


def _year(request: HttpRequest, plan: Plan, form: Any) -> int | None:
    year = form.cleaned_data.get("year") or reports.default_year(request.user, plan)
    if year is not None and not reports.valid_year(plan, year):
        raise Http404(_("No figures for this year."))
    return year


def _trend_payload(data: dict[str, Any], rows: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    plan = data["plan"]
    years = list(range(plan["baseline_year"], plan["target_year"] + 1))
    out = {}
    for r, i in zip(rows, data["indicators"], strict=True):
        values = dict((int(y), v) for y, v in i["series"])
        out[i["code"]] = {
            "name": r["name"],
            "unit": r["unit"],
            "years": years,
            "values": [
                None if values.get(y) is None else reports.round_half_up(values[y], i["decimals"])
                for y in years
            ],
            "target": i["target"] if i["measure"] != "period_total" else None,
            "status": i["status"],
        }
    return out


def _map_payload(data: dict[str, Any], code: str | None, lang: str) -> tuple[str | None, dict[str, Any]]:
    with_cities = [i for i in data["indicators"] if any(c["value"] is not None for c in i["cities"])]
    chosen = next((i for i in with_cities if i["code"] == code), with_cities[0] if with_cities else None)
    if chosen is None:
        return None, {"title": "", "map": "广东", "cities": []}
    name = chosen["name_en"] if lang == "en" else chosen["name_zh"]
    return chosen["code"], {
        "title": name,
        "map": "广东",
        "cities": [
            {
                "code": c["region_code"],
                "name": c["name"],
                "value": reports.round_half_up(c["value"], chosen["decimals"]),
            }
            for c in chosen["cities"]
            if c["value"] is not None
        ],
    }


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The province view: every indicator with value, progress, status colour and trend chart,
    the city map coloured by the chosen indicator, the high-value patents by condition."""
    plan = _plan(request)
    form = DashboardForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form)
    year = _year(request, plan, form)
    lang = _lang()
    data, mode = reports.figures_for(request.user, plan, year) if year is not None else (None, "unpublished")
    context: dict[str, Any] = {
        "plan": plan,
        "plan_name": plan.name_en if lang == "en" else plan.name_zh,
        "year": year,
        "mode": mode,
        "data": data,
        "published_years": reports.published_years(plan.id),
        "years": list(range(plan.baseline_year, plan.target_year + 1)),
        "can_publish": has_capability(request.user, "indicators.publish"),
        "publication": actions.current_publication(plan.id, year) if year is not None else None,
        "cities": [],
    }
    if data is not None:
        rows = reports.indicator_rows(data, lang)
        map_code, map_data = _map_payload(data, form.cleaned_data.get("map"), lang)
        context.update(
            rows=rows,
            summary=data["summary"],
            expected=reports.fmt_percent(data["expected_progress"], 0),
            trends=_trend_payload(data, rows, lang),
            map_code=map_code,
            map_data=map_data,
            map_choices=[
                (r["code"], r["name"])
                for r in rows
                if any(
                    c["value"] is not None
                    for c in next(i for i in data["indicators"] if i["code"] == r["code"])["cities"]
                )
            ],
            cities=[{"code": c, "name": v["name"]} for c, v in data["regions"].items()],
            hv=data["high_value"],
            hv_conditions=[
                (reports.LABELS[c][1 if lang == "en" else 0], data["high_value"]["by_condition"].get(c, 0))
                for c in reports.CONDITIONS
            ],
            manual_rows=reports.manual_display_rows(data, lang),
        )
    return render(request, "indicators/dashboard.html", context)


@require_GET
def city_dashboard(request: HttpRequest, city: str) -> HttpResponse:
    """One city's view: its values, progress (non-additive indicators), rank and share, trends."""
    plan = _plan(request)
    form = DashboardForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form)
    from gdip.indicators.registry import province_cities

    if city not in province_cities(plan.region_code):
        raise Http404(_("No such city."))
    year = _year(request, plan, form)
    lang = _lang()
    data, mode = reports.figures_for(request.user, plan, year) if year is not None else (None, "unpublished")
    context: dict[str, Any] = {
        "plan": plan,
        "plan_name": plan.name_en if lang == "en" else plan.name_zh,
        "year": year,
        "mode": mode,
        "data": data,
        "city": city,
        "published_years": reports.published_years(plan.id),
    }
    if data is not None:
        region = data["regions"][city]
        city_data = {
            **data,
            "indicators": [{**i, **r} for i, r in zip(data["indicators"], region["indicators"], strict=True)],
        }
        rows = reports.indicator_rows(city_data, lang)
        for r, i in zip(rows, city_data["indicators"], strict=True):
            r["rank"] = i["rank"]
            r["share"] = reports.fmt_percent(i["share"]) if i["share"] is not None else "—"
        context.update(
            city_name=region["name"],
            rows=rows,
            trends=_trend_payload(city_data, rows, lang),
            expected=reports.fmt_percent(data["expected_progress"], 0),
        )
    return render(request, "indicators/city.html", context)


@require_GET
def patents(request: HttpRequest, code: str) -> HttpResponse:
    """The patents behind an indicator's figure (drill-down), paginated, with the conditions met."""
    plan = _plan(request)
    form = DrilldownForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form)
    year = _year(request, plan, form)
    if year is None:
        raise Http404(_("No figures published yet."))
    if (
        not has_capability(request.user, "indicators.view_unpublished")
        and actions.current_publication(plan.id, year) is None
    ):
        raise Http404(_("The figures of this year are not published yet."))
    from gdip.datacenter.engines import get_engine

    page = form.cleaned_data.get("page") or 1
    city = form.cleaned_data.get("city") or None
    result = reports.drilldown_patents(
        get_engine(), plan, code, year=year, city=city, page=page, page_size=PAGE_SIZE
    )
    if result is None:
        raise Http404(_("This indicator has no list of patents."))
    total, rows = result
    ind = (
        next(i for i in plan.indicators if i.code == code)
        if any(i.code == code for i in plan.indicators)
        else None
    )
    lang = _lang()
    cond_labels = {c: reports.LABELS[c][1 if lang == "en" else 0] for c in reports.CONDITIONS}
    for r in rows:
        r["condition_labels"] = [cond_labels[c] for c in r["conditions"]]
    pages = max(1, -(-total // PAGE_SIZE))
    return render(
        request,
        "indicators/patents.html",
        {
            "plan": plan,
            "code": code,
            "name": (ind.name.en if lang == "en" else ind.name.zh) if ind else code,
            "year": year,
            "city": city,
            "total": total,
            "rows": rows,
            "page": page,
            "pages": pages,
            "prev_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if page < pages else None,
        },
    )


# -- manual values ----------------------------------------------------------------------------


def _region_choices(user: Any, plan: Plan) -> list[tuple[str, str]]:
    from gdip.core.permissions import role_of
    from gdip.datacenter.normalise.geo import region_name
    from gdip.indicators.registry import province_cities

    codes = [plan.region_code, *province_cities(plan.region_code)]
    if role_of(user) == "city_admin":
        codes = [c for c in codes if c == getattr(user, "city_code", None) and c != plan.region_code]
    elif role_of(user) != "province_admin":
        codes = []
    return [(c, f"{region_name(c) or c} ({c})") for c in codes]


@require_GET
@capability_required("indicators.view_manual")
def manual_list(request: HttpRequest) -> HttpResponse:
    """The manual values the user may see, newest first, filtered."""
    plan = _plan(request)
    form = ManualFilterForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form)
    qs = restrict(ManualIndicatorValue.objects.filter(plan_id=plan.id), request.user).select_related(
        "entered_by", "approved_by"
    )
    f = form.cleaned_data
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if f.get("code"):
        qs = qs.filter(code=f["code"])
    if f.get("region"):
        qs = qs.filter(region_code=f["region"])
    if f.get("year"):
        qs = qs.filter(year=f["year"])
    qs = qs.order_by("-entered_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(f.get("page") or 1)
    names = _indicator_names(plan)
    return render(
        request,
        "indicators/manual_list.html",
        {
            "plan": plan,
            "form": form,
            "page": page,
            "names": names,
            "rows": [(m, names.get(m.code, m.code)) for m in page.object_list],
            "can_enter": has_capability(request.user, "indicators.enter_manual"),
        },
    )


def _indicator_names(plan: Plan) -> dict[str, str]:
    en = _lang() == "en"
    return {i.code: (i.name.en if en else i.name.zh) for i in plan.indicators}


def _form_error(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        form.add_error(None, exc)


@require_http_methods(["GET", "POST"])
@capability_required("indicators.enter_manual")
def manual_new(request: HttpRequest) -> HttpResponse:
    """Enter a manual value (save as draft or submit for approval); ?code=&region=&year= prefill,
    e.g. for a correction of an approved value."""
    plan = _plan(request)
    regions = _region_choices(request.user, plan)
    if request.method == "POST":
        form = ManualValueForm(request.POST, request.FILES, plan=plan, regions=regions)
        if form.is_valid():
            d = form.cleaned_data
            try:
                mv = actions.do_create_manual_value(
                    request.user,
                    plan_id=plan.id,
                    code=d["code"],
                    region_code=d["region_code"],
                    year=d["year"],
                    value=d["value"],
                    source_citation=d["source_citation"],
                    source_file=d.get("source_file"),
                    note=d.get("note") or "",
                    submit=request.POST.get("action") == "submit",
                    request=request,
                )
            except ValidationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("The value was saved."))
                return redirect("monitoring-manual-detail", pk=mv.pk)
        status = 400
    else:
        initial = {k: request.GET.get(k) for k in ("code", "year") if request.GET.get(k)}
        if request.GET.get("region"):
            initial["region_code"] = request.GET["region"]
        form = ManualValueForm(initial=initial, plan=plan, regions=regions)
        status = 200
    return render(request, "indicators/manual_form.html", {"plan": plan, "form": form}, status=status)


def _key_history(user: Any, mv: ManualIndicatorValue) -> list[ManualIndicatorValue]:
    qs = ManualIndicatorValue.objects.filter(
        plan_id=mv.plan_id, code=mv.code, region_code=mv.region_code, year=mv.year
    ).select_related("entered_by", "approved_by", "rejected_by")
    return list(restrict(qs, user).order_by("entered_at", "id"))


def _detail(
    request: HttpRequest, mv: ManualIndicatorValue, *, error: str = "", status: int = 200
) -> HttpResponse:
    from gdip.accounts.models import Event

    plan = load_plan(mv.plan_id)
    user = request.user
    scope_ok = restrict(ManualIndicatorValue.objects.filter(pk=mv.pk), user, "change").exists()
    events = restrict(
        Event.objects.filter(object_type="indicators.manualindicatorvalue", object_id=str(mv.pk)), user
    )
    return render(
        request,
        "indicators/manual_detail.html",
        {
            "plan": plan,
            "mv": mv,
            "name": _indicator_names(plan).get(mv.code, mv.code),
            "history": _key_history(user, mv),
            "events": list(events.select_related("actor").order_by("created", "id")),
            "error": error,
            "can_submit": scope_ok
            and mv.status == ManualStatus.DRAFT
            and has_capability(user, "indicators.enter_manual"),
            "can_review": scope_ok
            and mv.status == ManualStatus.SUBMITTED
            and mv.entered_by_id != user.pk
            and has_capability(user, "indicators.approve_manual"),
            "can_reject": scope_ok
            and mv.status in (ManualStatus.DRAFT, ManualStatus.SUBMITTED)
            and has_capability(user, "indicators.approve_manual"),
            "can_correct": scope_ok
            and mv.status == ManualStatus.APPROVED
            and has_capability(user, "indicators.enter_manual"),
            "self_entered": mv.entered_by_id == user.pk,
            "reject_form": ReasonForm(),
        },
        status=status,
    )


@require_GET
@capability_required("indicators.view_manual")
def manual_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A manual value with its provenance, the history of its key and its audit events."""
    return _detail(request, actions.access_manual_value_by_id(request.user, pk))


def _transition(request: HttpRequest, pk: int, action: str, run: Any) -> HttpResponse:
    mv = actions.access_manual_value_by_id(request.user, pk, action)
    try:
        run(mv)
    except actions.StateError as exc:
        return _detail(
            request,
            actions.access_manual_value_by_id(request.user, pk),
            error=" ".join(exc.messages),
            status=409,
        )
    except ValidationError as exc:
        return _detail(
            request,
            actions.access_manual_value_by_id(request.user, pk),
            error=" ".join(exc.messages),
            status=400,
        )
    return redirect("monitoring-manual-detail", pk=pk)


@require_POST
@capability_required("indicators.enter_manual")
def manual_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a draft for approval."""
    return _transition(
        request, pk, "change", lambda mv: actions.do_submit_manual_value(request.user, mv, request=request)
    )


@require_POST
@capability_required("indicators.approve_manual")
def manual_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a submitted value (not one's own: 403)."""
    return _transition(
        request, pk, "approve", lambda mv: actions.do_approve_manual_value(request.user, mv, request=request)
    )


@require_POST
@capability_required("indicators.approve_manual")
def manual_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject a draft or submitted value with a reason."""
    return _transition(
        request,
        pk,
        "change",
        lambda mv: actions.do_reject_manual_value(
            request.user, mv, request.POST.get("reason", ""), request=request
        ),
    )


@require_GET
@capability_required("indicators.view_manual")
def manual_document(request: HttpRequest, pk: int) -> FileResponse:
    """The source document of a manual value (an attachment, never rendered inline)."""
    mv = actions.access_manual_value_by_id(request.user, pk)
    if not mv.source_file:
        raise Http404(_("No source document."))
    try:
        handle = mv.source_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("No source document.")) from None
    types = {
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv",
        "png": "image/png",
        "jpeg": "image/jpeg",
    }
    return FileResponse(
        handle,
        as_attachment=True,
        filename=mv.source_file_name or f"source-{mv.pk}",
        content_type=types.get(mv.source_file_type, "application/octet-stream"),
    )


# -- reports and publication ------------------------------------------------------------------


@require_GET
def reports_page(request: HttpRequest) -> HttpResponse:
    """Report downloads (annual, mid-term; PDF, Excel, HTML) and, for administrators, publication."""
    plan = _plan(request)
    live = has_capability(request.user, "indicators.view_unpublished")
    years = list(range(plan.baseline_year, min(plan.target_year, date.today().year) + 1))
    pubs = restrict(Publication.objects.filter(plan_id=plan.id), request.user).select_related("published_by")
    return render(
        request,
        "indicators/reports.html",
        {
            "plan": plan,
            "live": live,
            "years": years if live else reports.published_years(plan.id),
            "midterm_year": reports.midterm_year(plan),
            "publications": list(pubs.order_by("-year", "-published_at")),
            "can_publish": has_capability(request.user, "indicators.publish"),
            "publish_form": PublishForm(),
        },
    )


@require_GET
def report_download(request: HttpRequest) -> HttpResponse:
    """?kind=annual|midterm&year=&format=pdf|xlsx|html[&lang=zh|en]: the report as a download."""
    plan = _plan(request)
    form = ReportForm(request.GET)
    if not form.is_valid():
        return _bad_request(request, form)
    d = form.cleaned_data
    kind = d["kind"]
    year = (
        reports.midterm_year(plan) if kind == "midterm" and not d.get("year") else _year(request, plan, form)
    )
    if year is None or not reports.valid_year(plan, year):
        raise Http404(_("No figures for this year."))
    data, mode = reports.figures_for(request.user, plan, year, kind)
    if data is None:
        raise Http404(_("The figures of this year are not published yet."))
    return report_response(data, d["format"], d.get("lang") or _lang(), published=mode == "published")


def report_response(data: dict[str, Any], fmt: str, lang: str, *, published: bool) -> HttpResponse:
    """A generated report as an attachment; the HTML report gets its own strict CSP (its CSS is
    embedded, it has no scripts)."""
    f = reports.generate_report(data, fmt, lang, published=published)
    response = HttpResponse(f.content, content_type=f.content_type)
    response["Content-Disposition"] = f'attachment; filename="{f.filename}"'
    if fmt == "html":
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return response


@require_POST
@capability_required("indicators.publish")
def publish(request: HttpRequest) -> HttpResponse:
    """Publish (or publish again) the figures of a year."""
    plan = _plan(request)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, form)
    try:
        actions.do_publish(
            request.user,
            plan_id=plan.id,
            year=form.cleaned_data["year"],
            note=form.cleaned_data.get("note") or "",
            request=request,
            data=reports.live_report_data(plan, form.cleaned_data["year"])
            if reports.valid_year(plan, form.cleaned_data["year"])
            else None,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _bad_request(request, form)
    messages.success(request, _("The figures were published."))
    return redirect(reverse("monitoring-dashboard") + f"?year={form.cleaned_data['year']}")


@require_POST
@capability_required("indicators.publish")
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a publication (with a reason)."""
    pub = actions.access_publication_by_id(request.user, pk, "change")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, form)
    try:
        actions.do_withdraw_publication(request.user, pub, form.cleaned_data["reason"], request=request)
    except actions.StateError as exc:
        form.add_error(None, exc)
        return _bad_request(request, form)
    except PermissionDenied:
        raise
    messages.success(request, _("The publication was withdrawn."))
    return redirect("monitoring-reports")
