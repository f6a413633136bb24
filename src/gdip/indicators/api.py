"""REST API of plan monitoring, mounted at /api/v1/indicators/.

Reading (plans, evaluation, series, ranking, drill-down, reports) is open: everybody sees the
published figures of a year; holders of ``indicators.view_unpublished`` (city_admin,
province_admin, auditor, by bearer token or session) see live figures for any year. A year
without a publication is a 404 for the others. Manual values and publications need
authentication (``API_AUTH``) and go through ``gdip.indicators.actions``: 404 for another
city's value, 403 for a visible value the caller may not act on (e.g. approving one's own
entry), 409 for a value in the wrong state, 400 with a bilingual message for invalid input.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from gdip.accounts.api import API_AUTH
from gdip.core.api_schemas import ErrorOut, ValidationErrorOut
from gdip.core.permissions import has_capability, restrict
from gdip.indicators import actions, reports
from gdip.indicators.models import ManualIndicatorValue, Publication
from gdip.indicators.plans import Plan, PlanError, list_plans, load_plan

__all__ = ["router"]

router = Router(tags=["indicators"], auth=None)

PLAN_NOT_FOUND = "未找到该规划 / Plan not found"
INDICATOR_NOT_FOUND = "未找到该指标 / Indicator not found"
REGION_NOT_FOUND = "不是该规划的地区 / Not a region of this plan"
NOT_PUBLISHED = "该年度数据尚未发布 / The figures of this year are not published"
BAD_YEAR = "年份超出可评估范围 / The year is outside the range that can be evaluated"
NO_DRILLDOWN = "该指标没有专利明细 / This indicator has no list of patents"
VALUE_NOT_FOUND = "未找到该填报数据 / Manual value not found"
PUBLICATION_NOT_FOUND = "未找到该发布记录 / Publication not found"
FORBIDDEN = "无权执行此操作 / Permission denied"
FOUR_EYES = (
    "须由填报人以外的管理员审核 / A value must be approved by someone other than the person who entered it"
)


# -- schemas --------------------------------------------------------------------------------


class PlanIndicatorOut(Schema):
    """One indicator of a plan's table."""

    code: str
    row: int
    category_zh: str
    category_en: str
    name_zh: str
    name_en: str
    unit: str
    unit_en: str
    baseline: float | None
    target: float
    nature: str = Field(..., description="expected (预期性) or binding (约束性)")
    measure: str = Field(..., description="stock, flow or period_total")
    comparison: str = Field(..., description="ge (≥) or eq")
    source: str = Field(..., description="computed, module or manual")
    decimals: int


class PlanSummaryOut(Schema):
    """A plan."""

    id: str
    name_zh: str
    name_en: str
    region_code: str
    period_start: int
    period_end: int
    baseline_year: int
    target_year: int
    published_years: list[int] = Field(..., description="years whose figures are public")


class PlanOut(PlanSummaryOut):
    """A plan with its indicator table."""

    indicators: list[PlanIndicatorOut]


class PointOut(Schema):
    """A value in a year."""

    year: int
    value: float | None


class CityOut(Schema):
    """A city's value of an indicator, its rank (1 = best) and share of the province (additive only)."""

    region_code: str
    name: str
    value: float | None
    rank: int | None
    share: float | None


class ProvenanceOut(Schema):
    """Where an approved manual figure comes from."""

    value_id: int
    value: float
    unit: str
    source_citation: str
    source_file_name: str
    source_file_sha256: str
    entered_at: datetime
    approved_at: datetime | None
    supersedes_id: int | None


class IndicatorEvaluationOut(Schema):
    """One indicator's evaluation for a region and year (values in the plan's unit, unrounded)."""

    code: str
    row: int
    name_zh: str
    name_en: str
    unit: str
    source: str
    value: float | None
    baseline: float | None
    baseline_source: str | None
    target: float | None
    progress: float | None
    expected_progress: float
    projection: float | None
    projection_method: str | None
    projection_linear: float | None
    projection_cagr: float | None
    status: str = Field(..., description="achieved, on_track, behind, no_data, no_target")
    series: list[PointOut]
    rank: int | None = Field(None, description="city view: the city's rank")
    share: float | None = Field(None, description="city view: the city's share of the province")
    cities: list[CityOut] = Field(default_factory=list, description="province view: every city")
    provenance: list[ProvenanceOut] = Field(default_factory=list)


class SummaryOut(Schema):
    """Indicators per status."""

    total: int
    achieved: int
    on_track: int
    behind: int
    no_data: int
    no_target: int


class EvaluationOut(Schema):
    """The evaluation of a plan at the end of a year, for the province or a city."""

    plan: str
    year: int
    region_code: str
    figures: str = Field(..., description="live (administrators) or published")
    generated_at: str
    lake_seq: int | None
    expected_progress: float | None
    summary: SummaryOut
    indicators: list[IndicatorEvaluationOut]


class SeriesOut(Schema):
    """An indicator's yearly series for a region."""

    plan: str
    code: str
    region_code: str
    figures: str
    points: list[PointOut]


class RankingOut(Schema):
    """The cities ranked by an indicator."""

    plan: str
    code: str
    year: int
    figures: str
    province_value: float | None
    cities: list[CityOut]


class IndicatorPatentOut(Schema):
    """A patent behind a figure, with the high-value conditions it meets."""

    office: str
    application_number: str
    title: str | None
    city_code: str | None
    city_name: str | None
    conditions: list[str]


class IndicatorPatentPageOut(Schema):
    """One page of the patents behind a figure."""

    count: int
    page: int
    page_size: int
    results: list[IndicatorPatentOut]


class ManualValueOut(Schema):
    """A manual indicator value with its provenance and review."""

    id: int
    plan_id: str
    code: str
    region_code: str
    year: int
    value: Decimal
    unit: str
    source_citation: str
    has_document: bool
    source_file_name: str
    source_file_sha256: str
    note: str
    status: str = Field(..., description="draft, submitted, approved, rejected, superseded")
    entered_by: str
    entered_at: datetime
    submitted_at: datetime | None
    approved_by: str | None
    approved_at: datetime | None
    rejected_by: str | None
    rejected_at: datetime | None
    rejection_reason: str
    supersedes_id: int | None


class ManualPageOut(Schema):
    """One page of manual values."""

    count: int
    page: int
    page_size: int
    results: list[ManualValueOut]


class ManualIn(Schema):
    """A new manual value (multipart form; the document is the optional file field ``source_file``)."""

    plan: str = Field("gd-14th", max_length=40)
    code: str = Field(..., max_length=64)
    region_code: str = Field(..., pattern=r"^\d{6}$")
    year: int = Field(..., ge=1990, le=2100)
    value: Decimal = Field(..., max_digits=20, decimal_places=6)
    source_citation: str = Field(..., min_length=1, max_length=500)
    note: str = Field("", max_length=2000)
    submit: bool = Field(False, description="submit for approval at once (else a draft)")


class IndicatorReasonIn(Schema):
    """The reason of a rejection or withdrawal."""

    reason: str = Field(..., min_length=1, max_length=500)


class PublishIn(Schema):
    """Publish the figures of a year."""

    plan: str = Field("gd-14th", max_length=40)
    year: int = Field(..., ge=1990, le=2100)
    note: str = Field("", max_length=500)


class PublicationOut(Schema):
    """A publication of a year's figures."""

    id: int
    plan_id: str
    year: int
    status: str = Field(..., description="current, replaced, withdrawn")
    published_at: datetime
    lake_seq: int | None
    note: str
    ended_at: datetime | None
    withdrawal_reason: str


class PlanQuery(Schema):
    plan: str = Field("gd-14th", max_length=40)


class EvaluationQuery(PlanQuery):
    year: int | None = Field(None, ge=1990, le=2100, description="default: latest visible year")
    city: str | None = Field(None, pattern=r"^\d{6}$")


class SeriesQuery(PlanQuery):
    region: str | None = Field(None, pattern=r"^\d{6}$", description="default: the province")
    from_: int | None = Field(None, alias="from", ge=1990, le=2100)
    to: int | None = Field(None, ge=1990, le=2100, description="last year (default: latest visible year)")


class RankingQuery(PlanQuery):
    year: int | None = Field(None, ge=1990, le=2100)


class PatentsQuery(PlanQuery):
    year: int | None = Field(None, ge=1990, le=2100)
    city: str | None = Field(None, pattern=r"^\d{6}$")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=200)


class ManualQuery(PlanQuery):
    status: str | None = Field(None, pattern=r"^(draft|submitted|approved|rejected|superseded)$")
    code: str | None = Field(None, max_length=64)
    region: str | None = Field(None, pattern=r"^\d{6}$")
    year: int | None = Field(None, ge=1990, le=2100)
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=200)


class ReportQuery(PlanQuery):
    year: int | None = Field(None, ge=1990, le=2100)
    format: str = Field("pdf", pattern=r"^(pdf|xlsx|html)$")
    lang: str = Field("zh", pattern=r"^(zh|en)$")


# -- helpers --------------------------------------------------------------------------------


def _viewer(request: HttpRequest) -> Any:
    """Who is asking on an open endpoint: a valid bearer token or session counts (for live
    figures); an invalid token is simply anonymous here."""
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        from gdip.accounts.api import TokenAuth

        if TokenAuth()(request) is None:
            from django.contrib.auth.models import AnonymousUser

            request.user = AnonymousUser()
    return getattr(request, "user", None)


def _plan(plan_id: str) -> Plan | None:
    if plan_id not in {str(p) for p in list_plans()}:
        return None
    try:
        return load_plan(plan_id)
    except PlanError:
        return None


def _bilingual(exc: ValidationError) -> str:
    texts = []
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            texts.append("; ".join(str(m) for m in exc.messages))
    return texts[0] if texts[0] == texts[1] else " / ".join(texts)


def _figures(request: HttpRequest, plan: Plan, year: int | None, kind: str = "annual") -> tuple[int, Any]:
    user = _viewer(request)
    year = year or reports.default_year(user, plan)
    if year is None:
        return 404, {"detail": NOT_PUBLISHED}
    if not reports.valid_year(plan, year):
        return 400, {"detail": BAD_YEAR}
    data, mode = reports.figures_for(user, plan, year, kind)
    if data is None:
        return 404, {"detail": NOT_PUBLISHED}
    return 200, (data, mode)


def _points(series: list[list[Any]]) -> list[dict[str, Any]]:
    return [{"year": int(y), "value": v} for y, v in series]


def _manual_out(m: ManualIndicatorValue) -> dict[str, Any]:
    return {
        "id": m.pk,
        "plan_id": m.plan_id,
        "code": m.code,
        "region_code": m.region_code,
        "year": m.year,
        "value": m.value,
        "unit": m.unit,
        "source_citation": m.source_citation,
        "has_document": bool(m.source_file),
        "source_file_name": m.source_file_name,
        "source_file_sha256": m.source_file_sha256,
        "note": m.note,
        "status": m.status,
        "entered_by": m.entered_by.get_username(),
        "entered_at": m.entered_at,
        "submitted_at": m.submitted_at,
        "approved_by": m.approved_by.get_username() if m.approved_by else None,
        "approved_at": m.approved_at,
        "rejected_by": m.rejected_by.get_username() if m.rejected_by else None,
        "rejected_at": m.rejected_at,
        "rejection_reason": m.rejection_reason,
        "supersedes_id": m.supersedes_id,
    }


def _plan_summary(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "name_zh": plan.name_zh,
        "name_en": plan.name_en,
        "region_code": plan.region_code,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "baseline_year": plan.baseline_year,
        "target_year": plan.target_year,
        "published_years": reports.published_years(plan.id),
    }


# -- plans and evaluation -------------------------------------------------------------------


@router.get("/plans", response={200: list[PlanSummaryOut]}, summary="The plans that can be monitored")
def get_plans(request: HttpRequest) -> Any:
    """The packaged plans with the years whose figures are published."""
    return [_plan_summary(load_plan(str(p))) for p in list_plans()]


@router.get(
    "/plans/{plan_id}",
    response={200: PlanOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="A plan with its indicator table",
)
def get_plan(request: HttpRequest, plan_id: str) -> Any:
    """Indicators with category, unit, baseline, target, nature and source."""
    plan = _plan(plan_id)
    if plan is None:
        return Status(404, {"detail": PLAN_NOT_FOUND})
    return Status(
        200,
        {
            **_plan_summary(plan),
            "indicators": [
                {
                    "code": i.code,
                    "row": i.row,
                    "category_zh": i.category.zh,
                    "category_en": i.category.en,
                    "name_zh": i.name.zh,
                    "name_en": i.name.en,
                    "unit": i.unit.zh,
                    "unit_en": i.unit.en,
                    "baseline": i.baseline,
                    "target": i.target,
                    "nature": i.nature,
                    "measure": i.measure,
                    "comparison": i.comparison,
                    "source": i.source,
                    "decimals": i.decimals,
                }
                for i in plan.indicators
            ],
        },
    )


@router.get(
    "/evaluation",
    response={200: EvaluationOut, 400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="A plan's evaluation at the end of a year (province or city)",
)
def get_evaluation(request: HttpRequest, q: Query[EvaluationQuery]) -> Any:
    """Value, baseline, target, progress, expected progress, projection and status of every
    indicator; the province view ranks the cities, the city view gives the city's rank and share.
    Published figures for everybody, live figures for administrators."""
    plan = _plan(q.plan)
    if plan is None:
        return Status(404, {"detail": PLAN_NOT_FOUND})
    status, result = _figures(request, plan, q.year)
    if status != 200:
        return Status(status, result)
    data, mode = result
    if q.city is not None and q.city not in data["regions"]:
        return Status(400, {"detail": REGION_NOT_FOUND})
    base = {i["code"]: i for i in data["indicators"]}
    rows = []
    for i in data["indicators"] if q.city is None else data["regions"][q.city]["indicators"]:
        b = base[i["code"]]
        rows.append(
            {
                **{k: b[k] for k in ("code", "row", "name_zh", "name_en", "unit", "source")},
                **{
                    k: i[k]
                    for k in (
                        "value",
                        "baseline",
                        "baseline_source",
                        "target",
                        "progress",
                        "expected_progress",
                        "projection",
                        "projection_method",
                        "projection_linear",
                        "projection_cagr",
                        "status",
                    )
                },
                "series": _points(i["series"]),
                "rank": i.get("rank"),
                "share": i.get("share"),
                "cities": b["cities"] if q.city is None else [],
                "provenance": b["provenance"] if q.city is None else [],
            }
        )
    statuses = [r["status"] for r in rows]
    return Status(
        200,
        {
            "plan": plan.id,
            "year": data["year"],
            "region_code": q.city or plan.region_code,
            "figures": mode,
            "generated_at": data["generated_at"],
            "lake_seq": data["lake_seq"],
            "expected_progress": data["expected_progress"],
            "summary": {
                "total": len(rows),
                **{s: statuses.count(s) for s in ("achieved", "on_track", "behind", "no_data", "no_target")},
            },
            "indicators": rows,
        },
    )


def _indicator(data: dict[str, Any], code: str) -> dict[str, Any] | None:
    return next((i for i in data["indicators"] if i["code"] == code), None)


@router.get(
    "/indicators/{code}/series",
    response={200: SeriesOut, 400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="An indicator's yearly series for a region",
)
def get_series(request: HttpRequest, code: str, q: Query[SeriesQuery]) -> Any:
    """Values from the baseline year to ``to`` (the figures of year ``to``), optionally from ``from``."""
    plan = _plan(q.plan)
    if plan is None:
        return Status(404, {"detail": PLAN_NOT_FOUND})
    if not any(i.code == code for i in plan.indicators):
        return Status(404, {"detail": INDICATOR_NOT_FOUND})
    status, result = _figures(request, plan, q.to)
    if status != 200:
        return Status(status, result)
    data, mode = result
    region = q.region or plan.region_code
    if region == plan.region_code:
        ind = _indicator(data, code)
    elif region in data["regions"]:
        ind = next(i for i in data["regions"][region]["indicators"] if i["code"] == code)
    else:
        return Status(400, {"detail": REGION_NOT_FOUND})
    assert ind is not None
    points = [p for p in _points(ind["series"]) if q.from_ is None or p["year"] >= q.from_]
    return Status(
        200, {"plan": plan.id, "code": code, "region_code": region, "figures": mode, "points": points}
    )


@router.get(
    "/indicators/{code}/ranking",
    response={200: RankingOut, 400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="The cities ranked by an indicator, with their share of the province",
)
def get_ranking(request: HttpRequest, code: str, q: Query[RankingQuery]) -> Any:
    """Rank 1 = best (ties share a rank); shares only for additive indicators (counts, amounts)."""
    plan = _plan(q.plan)
    if plan is None:
        return Status(404, {"detail": PLAN_NOT_FOUND})
    if not any(i.code == code for i in plan.indicators):
        return Status(404, {"detail": INDICATOR_NOT_FOUND})
    status, result = _figures(request, plan, q.year)
    if status != 200:
        return Status(status, result)
    data, mode = result
    ind = _indicator(data, code)
    assert ind is not None
    return Status(
        200,
        {
            "plan": plan.id,
            "code": code,
            "year": data["year"],
            "figures": mode,
            "province_value": ind["value"],
            "cities": ind["cities"],
        },
    )


@router.get(
    "/indicators/{code}/patents",
    response={200: IndicatorPatentPageOut, 400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="The patents behind an indicator's figure (drill-down)",
)
def get_patents(request: HttpRequest, code: str, q: Query[PatentsQuery]) -> Any:
    """High-value (or valid) resident invention patents at the end of the year, with the
    conditions each meets; optionally one city's."""
    plan = _plan(q.plan)
    if plan is None:
        return Status(404, {"detail": PLAN_NOT_FOUND})
    user = _viewer(request)
    year = q.year or reports.default_year(user, plan)
    if year is None:
        return Status(404, {"detail": NOT_PUBLISHED})
    if not reports.valid_year(plan, year):
        return Status(400, {"detail": BAD_YEAR})
    if (
        not has_capability(user, "indicators.view_unpublished")
        and actions.current_publication(plan.id, year) is None
    ):
        return Status(404, {"detail": NOT_PUBLISHED})
    from gdip.datacenter.engines import get_engine

    result = reports.drilldown_patents(
        get_engine(), plan, code, year=year, city=q.city, page=q.page, page_size=q.page_size
    )
    if result is None:
        return Status(404, {"detail": NO_DRILLDOWN})
    total, rows = result
    return Status(200, {"count": total, "page": q.page, "page_size": q.page_size, "results": rows})


# -- manual values --------------------------------------------------------------------------


@router.get(
    "/manual",
    auth=API_AUTH,
    response={200: ManualPageOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Manual values the caller may see",
)
def list_manual(request: HttpRequest, q: Query[ManualQuery]) -> Any:
    """Newest first; a city admin sees its city's values, province admins and auditors all."""
    if not has_capability(request.user, "indicators.view_manual"):
        return Status(403, {"detail": FORBIDDEN})
    qs = restrict(ManualIndicatorValue.objects.filter(plan_id=q.plan), request.user).select_related(
        "entered_by", "approved_by", "rejected_by"
    )
    if q.status:
        qs = qs.filter(status=q.status)
    if q.code:
        qs = qs.filter(code=q.code)
    if q.region:
        qs = qs.filter(region_code=q.region)
    if q.year:
        qs = qs.filter(year=q.year)
    qs = qs.order_by("-entered_at", "-id")
    start = (q.page - 1) * q.page_size
    return Status(
        200,
        {
            "count": qs.count(),
            "page": q.page,
            "page_size": q.page_size,
            "results": [_manual_out(m) for m in qs[start : start + q.page_size]],
        },
    )


@router.post(
    "/manual",
    auth=API_AUTH,
    response={201: ManualValueOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Enter a manual value (multipart form, optional source document)",
)
def create_manual(
    request: HttpRequest,
    payload: Form[ManualIn],
    source_file: File[UploadedFile] = None,  # type: ignore[assignment]
) -> Any:
    """A draft (or submitted, with ``submit``); a correction when the key has an approved value.
    The document is checked (size, type sniffed from its content: PDF, xlsx, CSV, PNG, JPEG)."""
    try:
        mv = actions.do_create_manual_value(
            request.user,
            plan_id=payload.plan,
            code=payload.code,
            region_code=payload.region_code,
            year=payload.year,
            value=payload.value,
            source_citation=payload.source_citation,
            source_file=source_file,
            note=payload.note,
            submit=payload.submit,
            request=request,
        )
    except PermissionDenied:
        return Status(403, {"detail": FORBIDDEN})
    except ValidationError as exc:
        return Status(400, {"detail": _bilingual(exc)})
    return Status(201, _manual_out(actions.access_manual_value_by_id(request.user, mv.pk)))


@router.get(
    "/manual/{value_id}",
    auth=API_AUTH,
    response={200: ManualValueOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="A manual value",
)
def get_manual(request: HttpRequest, value_id: int) -> Any:
    """With its provenance and review; 404 when not in the caller's scope."""
    if not has_capability(request.user, "indicators.view_manual"):
        return Status(403, {"detail": FORBIDDEN})
    try:
        return Status(200, _manual_out(actions.access_manual_value_by_id(request.user, value_id)))
    except Http404:
        return Status(404, {"detail": VALUE_NOT_FOUND})


def _transition(request: HttpRequest, value_id: int, action: str, run: Any) -> Any:
    try:
        mv = actions.access_manual_value_by_id(request.user, value_id, action)
        run(mv)
    except Http404:
        return Status(404, {"detail": VALUE_NOT_FOUND})
    except actions.FourEyesViolation:
        return Status(403, {"detail": FOUR_EYES})
    except PermissionDenied:
        return Status(403, {"detail": FORBIDDEN})
    except actions.StateError as exc:
        return Status(409, {"detail": _bilingual(exc)})
    except ValidationError as exc:
        return Status(400, {"detail": _bilingual(exc)})
    return Status(200, _manual_out(actions.access_manual_value_by_id(request.user, value_id)))


_TRANSITION_RESPONSES = {
    200: ManualValueOut,
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


@router.post(
    "/manual/{value_id}/submit", auth=API_AUTH, response=_TRANSITION_RESPONSES, summary="Submit a draft"
)
def submit_manual(request: HttpRequest, value_id: int) -> Any:
    """Draft → submitted."""
    return _transition(
        request,
        value_id,
        "change",
        lambda mv: actions.do_submit_manual_value(request.user, mv, request=request),
    )


@router.post(
    "/manual/{value_id}/approve", auth=API_AUTH, response=_TRANSITION_RESPONSES, summary="Approve a value"
)
def approve_manual(request: HttpRequest, value_id: int) -> Any:
    """Submitted → approved, by an administrator other than the one who entered it (four-eyes);
    the approved value it corrects becomes superseded."""
    return _transition(
        request,
        value_id,
        "approve",
        lambda mv: actions.do_approve_manual_value(request.user, mv, request=request),
    )


@router.post(
    "/manual/{value_id}/reject", auth=API_AUTH, response=_TRANSITION_RESPONSES, summary="Reject a value"
)
def reject_manual(request: HttpRequest, value_id: int, payload: IndicatorReasonIn) -> Any:
    """Draft or submitted → rejected, with a reason."""
    return _transition(
        request,
        value_id,
        "change",
        lambda mv: actions.do_reject_manual_value(request.user, mv, payload.reason, request=request),
    )


# -- publications and reports ---------------------------------------------------------------


def _publication_out(p: Publication) -> dict[str, Any]:
    return {
        "id": p.pk,
        "plan_id": p.plan_id,
        "year": p.year,
        "status": p.status,
        "published_at": p.published_at,
        "lake_seq": p.lake_seq,
        "note": p.note,
        "ended_at": p.ended_at,
        "withdrawal_reason": p.withdrawal_reason,
    }


@router.get(
    "/publications", response={200: list[PublicationOut], 422: ValidationErrorOut}, summary="Publications"
)
def list_publications(request: HttpRequest, q: Query[PlanQuery]) -> Any:
    """The current publications; administrators also see replaced and withdrawn ones."""
    user = _viewer(request)
    qs = restrict(Publication.objects.filter(plan_id=q.plan), user).order_by("-year", "-published_at")
    return Status(200, [_publication_out(p) for p in qs])


@router.post(
    "/publications",
    auth=API_AUTH,
    response={201: PublicationOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Publish a year's figures",
)
def create_publication(request: HttpRequest, payload: PublishIn) -> Any:
    """Freeze the live figures of the year and make them public (province_admin)."""
    if not has_capability(request.user, "indicators.publish"):
        return Status(403, {"detail": FORBIDDEN})
    plan = _plan(payload.plan)
    if plan is None:
        return Status(400, {"detail": PLAN_NOT_FOUND})
    if not reports.valid_year(plan, payload.year):
        return Status(400, {"detail": BAD_YEAR})
    try:
        pub = actions.do_publish(
            request.user,
            plan_id=plan.id,
            year=payload.year,
            note=payload.note,
            data=reports.live_report_data(plan, payload.year),
            request=request,
        )
    except PermissionDenied:
        return Status(403, {"detail": FORBIDDEN})
    except ValidationError as exc:
        return Status(400, {"detail": _bilingual(exc)})
    return Status(201, _publication_out(pub))


@router.post(
    "/publications/{publication_id}/withdraw",
    auth=API_AUTH,
    response={
        200: PublicationOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ValidationErrorOut,
    },
    summary="Withdraw a publication",
)
def withdraw_publication(request: HttpRequest, publication_id: int, payload: IndicatorReasonIn) -> Any:
    """Hide a publication from the public, with a reason (province_admin)."""
    if not has_capability(request.user, "indicators.publish"):
        return Status(403, {"detail": FORBIDDEN})
    try:
        pub = actions.access_publication_by_id(request.user, publication_id, "change")
        pub = actions.do_withdraw_publication(request.user, pub, payload.reason, request=request)
    except Http404:
        return Status(404, {"detail": PUBLICATION_NOT_FOUND})
    except PermissionDenied:
        return Status(403, {"detail": FORBIDDEN})
    except actions.StateError as exc:
        return Status(409, {"detail": _bilingual(exc)})
    except ValidationError as exc:
        return Status(400, {"detail": _bilingual(exc)})
    return Status(200, _publication_out(pub))


def _report(request: HttpRequest, q: ReportQuery, kind: str) -> Any:
    plan = _plan(q.plan)
    if plan is None:
        return Status(404, {"detail": PLAN_NOT_FOUND})
    year = q.year or (reports.midterm_year(plan) if kind == "midterm" else None)
    status, result = _figures(request, plan, year, kind)
    if status != 200:
        return Status(status, result)
    data, mode = result
    from gdip.indicators.views import report_response

    return report_response(data, q.format, q.lang, published=mode == "published")


_REPORT_RESPONSES: dict[int, Any] = {200: None, 400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
_REPORT_OPENAPI = {
    "responses": {
        "200": {
            "description": "the report file (attachment)",
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
                "text/html": {"schema": {"type": "string"}},
            },
        }
    }
}


@router.get(
    "/reports/annual",
    response=_REPORT_RESPONSES,
    summary="The annual monitoring report (PDF, Excel or HTML)",
    openapi_extra=_REPORT_OPENAPI,
)
def report_annual(request: HttpRequest, q: Query[ReportQuery]) -> HttpResponse | Any:
    """Summary, indicators, city ranking and contributions, high-value patents by condition,
    manual indicators with provenance, data notes; published figures unless an administrator."""
    return _report(request, q, "annual")


@router.get(
    "/reports/midterm",
    response=_REPORT_RESPONSES,
    summary="The mid-term evaluation report (PDF, Excel or HTML)",
    openapi_extra=_REPORT_OPENAPI,
)
def report_midterm(request: HttpRequest, q: Query[ReportQuery]) -> HttpResponse | Any:
    """The evaluation at the end of the plan's middle year (2023 for 2021–2025: 时间过半、任务过半)."""
    return _report(request, q, "midterm")
