"""REST API of the data center, mounted at /api/v1/datacenter/.

Read-only and public (``auth=None``), like the pages: patent and trademark data, legal events
and pledge registrations are public records (see gdip.web.views). List filters are validated by
the same ``RecordFilterForm`` as the HTML lists and exports: a malformed value gives 400 with
the reasons in Chinese and English; a wrongly typed page or page size gives ninja's 422.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from gdip.core.api_schemas import ErrorOut, ValidationErrorOut
from gdip.core.masking import Masker
from gdip.core.validators import IdentifierError, normalise_application_number
from gdip.datacenter import queries
from gdip.datacenter.engines import get_engine
from gdip.datacenter.normalise.geo import region_name

__all__ = ["router"]

router = Router(tags=["datacenter"], auth=None)

PATENT_NOT_FOUND = "未找到该专利 / Patent not found"
TRADEMARK_NOT_FOUND = "未找到该商标 / Trademark not found"
ENTITY_NOT_FOUND = "未找到该主体 / Applicant not found"


# -- schemas --------------------------------------------------------------------------------


class CityCountOut(Schema):
    """A count for one city (GB/T 2260 code and current name)."""

    city_code: str
    city_name: str | None
    count: int


class StatsOut(Schema):
    """The data center's headline figures."""

    records: dict[str, int] = Field(..., description="current records per record kind")
    valid_invention_patents: int
    valid_trademarks: int
    pct_applications: int
    pledges: int = Field(..., description="pledge registrations (legal events of type pledge)")
    pledge_amount: Decimal = Field(..., description="sum of pledge amounts, yuan")
    records_by_city: list[CityCountOut] = Field(..., description="IP rights per city, top 10")
    valid_invention_by_city: list[CityCountOut]


class PartyOut(Schema):
    """An applicant, holder or owner with its normalised region."""

    name: str
    entity_id: str | None
    address: str | None
    country: str | None
    uscc: str | None
    applicant_type: str | None
    province_code: str | None
    city_code: str | None
    district_code: str | None


class FamilyMemberOut(Schema):
    """A member of a patent family."""

    office: str | None
    number: str | None
    granted: bool | None


class AwardOut(Schema):
    """A patent award."""

    name: str | None
    year: int | None


class EventOut(Schema):
    """A legal event (grant, fee, transfer, licence, pledge, …)."""

    office: str
    application_number: str
    right_kind: str | None
    event_type: str
    event_date: date | None
    from_party: str | None
    to_party: str | None
    amount: Decimal | None = Field(None, description="yuan")
    currency: str | None
    pledgee: str | None
    registration_number: str | None
    term_start: date | None
    term_end: date | None
    licence_type: str | None
    outcome: str | None
    description: str | None


class VersionOut(Schema):
    """One stored version of a record: the lake commit that wrote it and its status then."""

    commit: int = Field(..., description="lake commit sequence number")
    committed_at: datetime = Field(..., description="when the commit was made (UTC)")
    source: str | None = Field(None, description="file the version came from")
    status: str | None


class PatentItemOut(Schema):
    """A patent in a list."""

    office: str
    application_number: str
    kind: str | None
    pct: bool | None
    title: str | None
    applicant_names: str | None = Field(None, description='applicants\' names joined by "; "')
    filing_date: date | None
    publication_number: str | None
    grant_date: date | None
    status: str | None
    ipc_main: str | None
    ipc_codes: str | None = Field(None, description='IPC symbols joined by "; "')
    applicant_type: str | None
    city_code: str | None
    district_code: str | None


class TrademarkItemOut(Schema):
    """A trademark in a list."""

    office: str
    application_number: str
    registration_number: str | None
    mark_text: str | None
    mark_type: str | None
    nice_classes: str | None = Field(None, description='Nice classes joined by "; "')
    applicant_names: str | None
    filing_date: date | None
    registration_date: date | None
    expiry_date: date | None
    status: str | None
    madrid: bool | None
    applicant_type: str | None
    city_code: str | None
    district_code: str | None


class PatentPageOut(Schema):
    """One page of a patent list."""

    count: int
    page: int
    page_size: int
    results: list[PatentItemOut]


class TrademarkPageOut(Schema):
    """One page of a trademark list."""

    count: int
    page: int
    page_size: int
    results: list[TrademarkItemOut]


class PatentOut(Schema):
    """A patent with its legal events and version history."""

    office: str
    application_number: str
    kind: str | None
    pct: bool | None
    title: str | None
    abstract: str | None
    filing_date: date | None
    publication_date: date | None
    publication_number: str | None
    grant_date: date | None
    grant_number: str | None
    status: str | None
    ipc: list[str]
    ipc_main: str | None
    applicants: list[PartyOut]
    inventors: list[str]
    claims_count: int | None
    family: list[FamilyMemberOut]
    awards: list[AwardOut]
    citations: list[str]
    priority_date: date | None
    agency: str | None
    applicant_type: str | None
    province_code: str | None
    city_code: str | None
    district_code: str | None
    events: list[EventOut]
    versions: list[VersionOut]


class TrademarkOut(Schema):
    """A trademark with its legal events and version history."""

    office: str
    application_number: str
    registration_number: str | None
    mark_text: str | None
    mark_type: str | None
    nice_classes: list[int]
    goods: list[str]
    applicants: list[PartyOut]
    filing_date: date | None
    registration_date: date | None
    expiry_date: date | None
    status: str | None
    madrid: bool | None
    collective: bool | None
    certification: bool | None
    well_known: bool | None
    geographic_indication: bool | None
    agency: str | None
    applicant_type: str | None
    province_code: str | None
    city_code: str | None
    district_code: str | None
    events: list[EventOut]
    versions: list[VersionOut]


class EntityOut(Schema):
    """An entity record of the data center."""

    entity_id: str
    name: str
    name_en: str | None
    uscc: str | None
    entity_type: str | None
    address: str | None
    province_code: str | None
    city_code: str | None
    district_code: str | None
    flags: list[str]
    aliases: list[str]
    established_date: date | None
    employees: int | None

    @field_validator("flags", "aliases", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        """The lake stores an absent list as null; the API always answers a list."""
        return [] if value is None else value


class PortfolioYearOut(Schema):
    """Records of one kind filed (or registered) in one year."""

    kind: str
    year: int | None
    count: int
    valid: int


class IpcCountOut(Schema):
    """Patents per IPC subclass."""

    subclass: str
    count: int


class EnterpriseOut(Schema):
    """An applicant's IP profile."""

    entity_id: str
    name: str | None
    entity: EntityOut | None
    totals: dict[str, int] = Field(..., description="records per kind")
    valid: dict[str, int] = Field(..., description="valid records per kind")
    portfolio: list[PortfolioYearOut]
    events_total: int
    events: list[EventOut] = Field(
        ..., description=f"the {queries.PROFILE_EVENT_LIMIT} most recent legal events"
    )
    pledges: list[EventOut]
    pledge_amount: Decimal = Field(..., description="sum of pledge amounts, yuan")
    top_ipc: list[IpcCountOut]


class _FilterQuery(Schema):
    q: str | None = Field(
        None, max_length=200, description="substring of title/mark, applicant name or number"
    )
    status: str | None = Field(
        None, description="pending, valid, lapsed, expired, invalidated, withdrawn, rejected"
    )
    city: str | None = Field(None, description="6-digit GB/T 2260 city code, e.g. 440300")
    year: str | None = Field(None, description="filing year (sets year_from and year_to)")
    year_from: str | None = Field(None, description="first filing year")
    year_to: str | None = Field(None, description="last filing year")
    applicant_type: str | None = Field(
        None, description="enterprise, university, institute, individual, government, other"
    )
    entity: str | None = Field(None, description="applicant id, e.g. U:91440300MA5DEM0019")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(20, ge=1, le=200)


class PatentFilterQuery(_FilterQuery):
    """Filters of the patent list."""

    kind: str | None = Field(None, description="invention, utility, design")
    ipc: str | None = Field(None, description="IPC prefix, e.g. H01M or H01M 10/05")


class TrademarkFilterQuery(_FilterQuery):
    """Filters of the trademark list."""


# -- helpers --------------------------------------------------------------------------------


def _form_errors(form: Any) -> str:
    from gdip.web.forms import error_text

    with translation.override("zh-hans"):
        zh = error_text(form)
    with translation.override("en"):
        en = error_text(form)
    return f"{zh} / {en}"


def _list(request: HttpRequest, kind: str, filters: _FilterQuery) -> tuple[int, dict[str, Any]]:
    from gdip.web.forms import RecordFilterForm

    data = {k: str(v) for k, v in filters.dict(exclude_none=True).items()}
    form = RecordFilterForm(data, record_kind=kind)
    if not form.is_valid():
        return 400, {"detail": _form_errors(form)}
    result = queries.search_records(get_engine(), kind, form.to_filter(), filters.page, filters.page_size)
    # Natural persons' names are masked unless the caller may see them (gdip.core.masking).
    masker = Masker(request, "datacenter.list", user=_viewer(request))
    rows = [masker.row(r) for r in result.rows]
    masker.audit(kind, query=data)
    return 200, {
        "count": result.total,
        "page": result.page,
        "page_size": result.page_size,
        "results": rows,
    }


def _viewer(request: HttpRequest) -> Any:
    """Who is asking: these endpoints are public, but a valid bearer token or session still counts
    (for unmasked personal data); an invalid token is simply anonymous here."""
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        from gdip.accounts.api import TokenAuth

        TokenAuth()(request)  # sets request.user when the token is valid
    return getattr(request, "user", None)


def _masked_detail(request: HttpRequest, kind: str, detail: queries.RecordDetail) -> dict[str, Any]:
    owners = [p.get("uscc") for p in detail.record.get("applicants") or ()]
    masker = Masker(request, "datacenter.record", user=_viewer(request), owner_usccs=owners)
    out = {
        **masker.record(detail.record),
        "events": masker.events(detail.events),
        "versions": detail.versions,
    }
    masker.audit(f"{kind}:{detail.record.get('office')}:{detail.record.get('application_number')}")
    return out


def _cities(counts: list[queries.CityCount]) -> list[dict[str, Any]]:
    return [
        {"city_code": c.city_code, "city_name": region_name(c.city_code), "count": c.count} for c in counts
    ]


# -- endpoints ------------------------------------------------------------------------------


@router.get("/stats", response={200: StatsOut}, summary="Headline figures of the data center")
def stats(request: HttpRequest) -> Any:
    """Record counts per kind, valid invention patents and trademarks, PCT, pledges, city ranking."""
    f = queries.headline_figures(get_engine())
    return {
        "records": f.records,
        "valid_invention_patents": f.valid_invention_patents,
        "valid_trademarks": f.valid_trademarks,
        "pct_applications": f.pct_applications,
        "pledges": f.pledges,
        "pledge_amount": f.pledge_amount,
        "records_by_city": _cities(f.records_by_city),
        "valid_invention_by_city": _cities(f.valid_invention_by_city),
    }


@router.get(
    "/patents",
    response={200: PatentPageOut, 400: ErrorOut, 422: ValidationErrorOut},
    summary="Search patents",
)
def list_patents(request: HttpRequest, filters: Query[PatentFilterQuery]) -> Any:
    """Patents matching the filters, newest filing first; `q` is a plain substring match for now."""
    return _list(request, "patents", filters)


@router.get(
    "/patents/{office}/{number}",
    response={200: PatentOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="A patent with its legal events and versions",
)
def get_patent(request: HttpRequest, office: str, number: str) -> Any:
    """One patent by office and application number (any common spelling of a CN number)."""
    try:
        canonical = normalise_application_number(office.upper(), number)
    except IdentifierError:
        return 404, {"detail": PATENT_NOT_FOUND}
    detail = queries.patent_detail(get_engine(), office.upper(), canonical)
    if detail is None:
        return 404, {"detail": PATENT_NOT_FOUND}
    return 200, _masked_detail(request, "patents", detail)


@router.get(
    "/trademarks",
    response={200: TrademarkPageOut, 400: ErrorOut, 422: ValidationErrorOut},
    summary="Search trademarks",
)
def list_trademarks(request: HttpRequest, filters: Query[TrademarkFilterQuery]) -> Any:
    """Trademarks matching the filters, newest filing first; `q` is a plain substring match for now."""
    return _list(request, "trademarks", filters)


@router.get(
    "/trademarks/{office}/{number}",
    response={200: TrademarkOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="A trademark with its legal events and versions",
)
def get_trademark(request: HttpRequest, office: str, number: str) -> Any:
    """One trademark by office and application number."""
    detail = queries.trademark_detail(get_engine(), office.upper(), "".join(number.split()).upper())
    if detail is None:
        return 404, {"detail": TRADEMARK_NOT_FOUND}
    return 200, _masked_detail(request, "trademarks", detail)


@router.get(
    "/enterprises/{entity_id}",
    response={200: EnterpriseOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="An applicant's IP profile",
)
def get_enterprise(request: HttpRequest, entity_id: str) -> Any:
    """Portfolio by kind and year, valid counts, legal events, pledges and top IPC of an applicant."""
    profile = queries.enterprise_profile(get_engine(), entity_id=entity_id)
    if profile is None:
        return 404, {"detail": ENTITY_NOT_FOUND}
    from gdip.web.views import mask_profile

    _viewer(request)
    mask_profile(request, profile)
    return 200, {
        "entity_id": profile.entity_id,
        "name": profile.name,
        "entity": profile.entity,
        "totals": profile.totals,
        "valid": profile.valid,
        "portfolio": [vars(p) for p in profile.portfolio],
        "events_total": profile.events_total,
        "events": profile.events,
        "pledges": profile.pledges,
        "pledge_amount": profile.pledge_amount,
        "top_ipc": [{"subclass": s, "count": n} for s, n in profile.top_ipc],
    }
