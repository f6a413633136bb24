"""State changes of plan monitoring: manual indicator values (four-eyes) and publications.

``check_*`` authorises and validates, ``do_*`` changes state inside a transaction and writes
the audit event, ``access_*_by_id`` fetches only what the caller may see (404 otherwise; 403
when the caller may see the object but not act on it). ``actor=None`` means the system itself
(CLI, seeding) and skips authorisation — but never the four-eyes rule, which needs two people.

Manual values: a city_admin enters, submits, approves and rejects only its own city's values;
a province_admin does so for every city and for the province. Approval needs a second admin
(``approved_by != entered_by``) whose scope covers the value. Nothing is overwritten: a
correction is a new row that supersedes the approved one when it is approved in turn.
"""

from __future__ import annotations

import hashlib
import math
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gdip.core.events import record_event
from gdip.core.permissions import access_object_by_id, has_capability, role_of
from gdip.indicators.models import ManualIndicatorValue, ManualStatus, Publication, PublicationStatus

__all__ = [
    "MANUAL_APPROVED",
    "MANUAL_CREATED",
    "MANUAL_FILE_TYPES",
    "MANUAL_MAX_BYTES",
    "MANUAL_REJECTED",
    "MANUAL_SUBMITTED",
    "MANUAL_SUPERSEDED",
    "PUBLICATION_WITHDRAWN",
    "PUBLISHED",
    "FourEyesViolation",
    "StateError",
    "access_manual_value_by_id",
    "access_publication_by_id",
    "check_create_manual_value",
    "current_publication",
    "do_approve_manual_value",
    "do_create_manual_value",
    "do_publish",
    "do_reject_manual_value",
    "do_submit_manual_value",
    "do_withdraw_publication",
    "manual_indicators",
]

MANUAL_CREATED = "indicators.manual_created"
MANUAL_SUBMITTED = "indicators.manual_submitted"
MANUAL_APPROVED = "indicators.manual_approved"
MANUAL_REJECTED = "indicators.manual_rejected"
MANUAL_SUPERSEDED = "indicators.manual_superseded"
PUBLISHED = "indicators.published"
PUBLICATION_WITHDRAWN = "indicators.publication_withdrawn"

# Source documents: statistical bulletins and letters (PDF), tables (xlsx, csv), scans (png, jpeg).
MANUAL_FILE_TYPES = frozenset({"pdf", "xlsx", "csv", "png", "jpeg"})
MANUAL_MAX_BYTES = 20 * 1024 * 1024
MAX_VALUE = Decimal("1e14")


STALE = _(
    "Another value was approved for this indicator, region and year in the meantime; "
    "enter a correction of it."
)


class StateError(ValidationError):
    """The object is not in a state that allows the action (e.g. approving a draft)."""


class FourEyesViolation(PermissionDenied):
    """The approver is the person who entered the value."""


# -- manual values ----------------------------------------------------------------------------


def manual_indicators(plan: Any) -> list[Any]:
    """The plan's indicators whose figures are entered by hand."""
    return [i for i in plan.indicators if i.source == "manual"]


def access_manual_value_by_id(actor: Any, pk: Any, action: str = "view") -> ManualIndicatorValue:
    """The manual value ``pk`` if ``actor`` may perform ``action`` on it; Http404 otherwise."""
    qs = ManualIndicatorValue.objects.select_related("entered_by", "approved_by", "rejected_by", "supersedes")
    return access_object_by_id(qs, actor, pk, action)


def _plan(plan_id: str) -> Any:
    from gdip.indicators.plans import PlanError, load_plan

    try:
        return load_plan(plan_id)
    except PlanError:
        raise ValidationError({"plan_id": _("Unknown plan.")}, code="plan") from None


def _regions(plan: Any) -> list[str]:
    from gdip.indicators.registry import province_cities

    return [plan.region_code, *province_cities(plan.region_code)]


def _may_act_on_region(actor: Any, plan: Any, region_code: str) -> bool:
    role = role_of(actor)
    if role == "province_admin":
        return True
    if role == "city_admin":
        return bool(actor.city_code) and region_code == actor.city_code and region_code != plan.region_code
    return False


def _parse_value(value: Any, unit: str) -> Decimal:
    try:
        d = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": _("Enter a number.")}, code="value") from None
    if not d.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
        raise ValidationError({"value": _("Enter a number.")}, code="value")
    if d < 0 or d >= MAX_VALUE:
        raise ValidationError({"value": _("The value must be zero or positive.")}, code="value_range")
    if unit == "%" and d > 100:
        raise ValidationError({"value": _("A percentage cannot exceed 100.")}, code="value_range")
    if d != d.quantize(Decimal("0.000001")):
        raise ValidationError({"value": _("At most 6 decimals.")}, code="value_decimals")
    return d


def check_create_manual_value(
    actor: Any,
    *,
    plan_id: str,
    code: str,
    region_code: str,
    year: int,
    value: Any,
    source_citation: str,
    source_file: Any = None,
    note: str = "",
) -> ManualIndicatorValue:
    """Authorise and validate a new manual value; returns it unsaved (ValidationError if invalid).

    The uploaded document (optional; the citation is required) is size-limited and its type is
    sniffed from its content by ``gdip.core.uploads.validate_upload``.
    """
    if actor is not None and not has_capability(actor, "indicators.enter_manual"):
        raise PermissionDenied("indicators.enter_manual")
    plan = _plan(plan_id)
    ind = next((i for i in manual_indicators(plan) if i.code == code), None)
    if ind is None:
        raise ValidationError({"code": _("Not a manual indicator of this plan.")}, code="code")
    if region_code not in _regions(plan):
        raise ValidationError({"region_code": _("Not a region of this plan.")}, code="region")
    if actor is not None and not _may_act_on_region(actor, plan, region_code):
        raise PermissionDenied("region")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Enter a year.")}, code="year") from None
    if not plan.baseline_year <= year <= min(plan.target_year, timezone.now().year):
        raise ValidationError({"year": _("The year is outside the plan period.")}, code="year")
    citation = " ".join(str(source_citation or "").split())
    if not citation:
        raise ValidationError({"source_citation": _("Name the source of the figure.")}, code="source")
    if len(citation) > 500:
        raise ValidationError({"source_citation": _("At most 500 characters.")}, code="source")
    note = str(note or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note": _("At most 2000 characters.")}, code="note")
    mv = ManualIndicatorValue(
        plan_id=plan.id,
        code=code,
        region_code=region_code,
        year=year,
        value=_parse_value(value, ind.unit.zh),
        unit=ind.unit.zh,
        source_citation=citation,
        note=note,
        entered_by=actor,
    )
    if source_file is not None:
        from gdip.core.uploads import UploadRejected, validate_upload

        try:
            kind = validate_upload(source_file, allowed=MANUAL_FILE_TYPES, max_bytes=MANUAL_MAX_BYTES)
        except UploadRejected as exc:
            raise ValidationError({"source_file": exc.messages}, code=exc.reason) from None
        digest = hashlib.sha256()
        size = 0
        source_file.seek(0)
        chunks = (
            source_file.chunks()
            if hasattr(source_file, "chunks")
            else iter(lambda: source_file.read(65536), b"")
        )
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
        source_file.seek(0)
        mv.source_file_name = str(getattr(source_file, "name", "") or "")[-255:]
        mv.source_file_type = kind
        mv.source_file_size = size
        mv.source_file_sha256 = digest.hexdigest()
    return mv


def _current_approved(mv: ManualIndicatorValue, *, lock: bool = False) -> ManualIndicatorValue | None:
    qs = ManualIndicatorValue.objects.filter(
        plan_id=mv.plan_id,
        code=mv.code,
        region_code=mv.region_code,
        year=mv.year,
        status=ManualStatus.APPROVED,
    )
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def do_create_manual_value(
    actor: Any,
    *,
    plan_id: str,
    code: str,
    region_code: str,
    year: int,
    value: Any,
    source_citation: str,
    source_file: Any = None,
    note: str = "",
    submit: bool = False,
    request: HttpRequest | None = None,
) -> ManualIndicatorValue:
    """Enter a value as a draft (or submitted, with ``submit``); a correction of the approved one
    when the key already has an approved value (``supersedes`` is set automatically)."""
    if actor is None:
        raise PermissionDenied("a manual value needs a person who enters it")
    mv = check_create_manual_value(
        actor,
        plan_id=plan_id,
        code=code,
        region_code=region_code,
        year=year,
        value=value,
        source_citation=source_citation,
        source_file=source_file,
        note=note,
    )
    with transaction.atomic():
        mv.supersedes = _current_approved(mv)
        if submit:
            mv.status = ManualStatus.SUBMITTED
            mv.submitted_at = mv.entered_at
        if source_file is not None:
            mv.source_file.save(mv.source_file_name or "source", source_file, save=False)
        mv.save()
        record_event(
            MANUAL_CREATED,
            actor=actor,
            obj=mv,
            request=request,
            params=_event_params(mv),
        )
        if submit:
            record_event(MANUAL_SUBMITTED, actor=actor, obj=mv, request=request, params=_event_params(mv))
    return mv


def _event_params(mv: ManualIndicatorValue, **extra: Any) -> dict[str, Any]:
    return {
        "plan_id": mv.plan_id,
        "code": mv.code,
        "region_code": mv.region_code,
        "year": mv.year,
        "value": str(mv.value),
        "status": mv.status,
        "supersedes": mv.supersedes_id,
        "source_file_sha256": mv.source_file_sha256,
        **extra,
    }


def _locked(mv: ManualIndicatorValue) -> ManualIndicatorValue:
    return ManualIndicatorValue.objects.select_for_update().get(pk=mv.pk)


def _authorise(actor: Any, mv: ManualIndicatorValue, capability: str) -> None:
    if actor is None:
        return
    if not has_capability(actor, capability):
        raise PermissionDenied(capability)
    plan = _plan(mv.plan_id)
    if not _may_act_on_region(actor, plan, mv.region_code):
        raise PermissionDenied("region")


def do_submit_manual_value(
    actor: Any, mv: ManualIndicatorValue, *, request: HttpRequest | None = None
) -> ManualIndicatorValue:
    """Send a draft for approval."""
    _authorise(actor, mv, "indicators.enter_manual")
    with transaction.atomic():
        mv = _locked(mv)
        if mv.status != ManualStatus.DRAFT:
            raise StateError(_("Only a draft can be submitted."), code="state")
        mv.status = ManualStatus.SUBMITTED
        mv.submitted_at = timezone.now()
        mv.save(update_fields=["status", "submitted_at"])
        record_event(MANUAL_SUBMITTED, actor=actor, obj=mv, request=request, params=_event_params(mv))
    return mv


def do_approve_manual_value(
    actor: Any, mv: ManualIndicatorValue, *, request: HttpRequest | None = None
) -> ManualIndicatorValue:
    """Approve a submitted value (four-eyes: not by the person who entered it); the approved value
    it corrects becomes superseded. Refused when another value was approved for the same key in the
    meantime (enter a new correction of that one)."""
    if actor is None:
        raise FourEyesViolation("an approval needs a second person")
    _authorise(actor, mv, "indicators.approve_manual")
    with transaction.atomic():
        mv = _locked(mv)
        if mv.entered_by_id == actor.pk:
            raise FourEyesViolation(
                _("A value must be approved by someone other than the person who entered it.")
            )
        if mv.status != ManualStatus.SUBMITTED:
            raise StateError(_("Only a submitted value can be approved."), code="state")
        current = _current_approved(mv, lock=True)
        if (current.pk if current else None) != mv.supersedes_id:
            raise StateError(
                STALE,
                code="stale",
            )
        now = timezone.now()
        if current is not None:
            current.status = ManualStatus.SUPERSEDED
            current.superseded_at = now
            current.save(update_fields=["status", "superseded_at"])
            record_event(
                MANUAL_SUPERSEDED,
                actor=actor,
                obj=current,
                request=request,
                params=_event_params(current, superseded_by=mv.pk),
            )
        mv.status = ManualStatus.APPROVED
        mv.approved_by = actor
        mv.approved_at = now
        try:
            with transaction.atomic():
                mv.save(update_fields=["status", "approved_by", "approved_at"])
        except IntegrityError:
            raise StateError(
                STALE,
                code="stale",
            ) from None
        record_event(MANUAL_APPROVED, actor=actor, obj=mv, request=request, params=_event_params(mv))
    return mv


def do_reject_manual_value(
    actor: Any, mv: ManualIndicatorValue, reason: str, *, request: HttpRequest | None = None
) -> ManualIndicatorValue:
    """Reject a draft or submitted value, with a reason (it stays in the history)."""
    _authorise(actor, mv, "indicators.approve_manual")
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")}, code="reason")
    if len(reason) > 500:
        raise ValidationError({"reason": _("At most 500 characters.")}, code="reason")
    with transaction.atomic():
        mv = _locked(mv)
        if mv.status not in (ManualStatus.DRAFT, ManualStatus.SUBMITTED):
            raise StateError(_("Only a draft or submitted value can be rejected."), code="state")
        mv.status = ManualStatus.REJECTED
        mv.rejected_by = actor
        mv.rejected_at = timezone.now()
        mv.rejection_reason = reason
        mv.save(update_fields=["status", "rejected_by", "rejected_at", "rejection_reason"])
        record_event(
            MANUAL_REJECTED, actor=actor, obj=mv, request=request, params=_event_params(mv, reason=reason)
        )
    return mv


# -- publications -----------------------------------------------------------------------------


def access_publication_by_id(actor: Any, pk: Any, action: str = "view") -> Publication:
    """The publication ``pk`` if ``actor`` may perform ``action`` on it; Http404 otherwise."""
    return access_object_by_id(Publication.objects.all(), actor, pk, action)


def current_publication(plan_id: str, year: int) -> Publication | None:
    """The publication the public sees for a plan and year, if any."""
    return Publication.objects.filter(plan_id=plan_id, year=year, status=PublicationStatus.CURRENT).first()


def do_publish(
    actor: Any,
    *,
    plan_id: str,
    year: int,
    data: dict[str, Any] | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Publication:
    """Freeze the figures of a plan at the end of ``year`` and make them public; the previous
    publication of that year, if any, is kept with status ``replaced``."""
    if actor is not None and not has_capability(actor, "indicators.publish"):
        raise PermissionDenied("indicators.publish")
    plan = _plan(plan_id)
    if not plan.baseline_year <= int(year) <= timezone.now().year:
        raise ValidationError({"year": _("The year is outside the plan period.")}, code="year")
    if data is None:
        from gdip.indicators.reports import build_report_data

        data = build_report_data(plan, year=int(year), kind="annual")
    note = " ".join(str(note or "").split())[:500]
    with transaction.atomic():
        now = timezone.now()
        for old in Publication.objects.select_for_update().filter(
            plan_id=plan.id, year=year, status=PublicationStatus.CURRENT
        ):
            old.status = PublicationStatus.REPLACED
            old.ended_by = actor
            old.ended_at = now
            old.save(update_fields=["status", "ended_by", "ended_at"])
        pub = Publication.objects.create(
            plan_id=plan.id,
            year=int(year),
            data=data,
            lake_seq=data.get("lake_seq"),
            note=note,
            published_by=actor,
            published_at=now,
        )
        record_event(
            PUBLISHED,
            actor=actor,
            obj=pub,
            request=request,
            params={"plan_id": plan.id, "year": int(year), "lake_seq": pub.lake_seq},
        )
    return pub


def do_withdraw_publication(
    actor: Any, pub: Publication, reason: str, *, request: HttpRequest | None = None
) -> Publication:
    """Hide a publication from the public (it stays on record with the reason)."""
    if actor is not None and not has_capability(actor, "indicators.publish"):
        raise PermissionDenied("indicators.publish")
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")}, code="reason")
    with transaction.atomic():
        pub = Publication.objects.select_for_update().get(pk=pub.pk)
        if pub.status != PublicationStatus.CURRENT:
            raise StateError(_("Only the current publication can be withdrawn."), code="state")
        pub.status = PublicationStatus.WITHDRAWN
        pub.ended_by = actor
        pub.ended_at = timezone.now()
        pub.withdrawal_reason = reason[:500]
        pub.save(update_fields=["status", "ended_by", "ended_at", "withdrawal_reason"])
        record_event(
            PUBLICATION_WITHDRAWN,
            actor=actor,
            obj=pub,
            request=request,
            params={"plan_id": pub.plan_id, "year": pub.year, "reason": pub.withdrawal_reason},
        )
    return pub
