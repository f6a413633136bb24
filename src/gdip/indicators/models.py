"""Manual indicator values (statistics of other agencies) and published monitoring figures.

``ManualIndicatorValue``: one figure of a manual plan indicator (专利密集型产业增加值占比,
版权产业增加值占比, 使用费进出口总额, 社会满意度, 服判息诉率, 商标品牌发展指数, website visits …)
for a region and year, with its source (a required citation, optionally the document itself),
who entered it and who approved it. Rows are never overwritten: a correction is a new row that
``supersedes`` the approved one; approving it marks the old row ``superseded``. At most one row
per (plan, indicator, region, year) is approved at any time (a partial unique constraint), and
the approver differs from the enterer (a check constraint: four-eyes).

``Publication``: a frozen snapshot of the monitoring figures of a plan at the end of a year (the
report data of ``gdip.indicators.reports``) that the public may see. Publishing again replaces
the current snapshot (the old one stays, status ``replaced``); withdrawing hides it.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from gdip.accounts.models import validate_region_code

__all__ = ["ManualIndicatorValue", "ManualStatus", "MediaStorage", "Publication", "PublicationStatus"]


@deconstructible
class MediaStorage(FileSystemStorage):
    """Files under ``GDIP_HOME/media``, resolved at each use (GDIP_HOME may change, e.g. per test).

    Never served directly: downloads go through a view that checks the object's permissions.
    """

    def __init__(self, subdir: str = "") -> None:
        self.subdir = subdir
        super().__init__()

    @property  # type: ignore[override]
    def base_location(self) -> str:
        from gdip.config.paths import gdip_home

        return str(gdip_home() / "media" / self.subdir)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def deconstruct(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        return ("gdip.indicators.models.MediaStorage", (), {"subdir": self.subdir})


MANUAL_STORAGE = MediaStorage("indicators")


def _source_path(instance: ManualIndicatorValue, filename: str) -> str:
    # The stored name never uses the uploaded name (kept in source_file_name for display).
    ext = os.path.splitext(filename)[1].lower()[:8]
    stamp = f"{timezone.now():%Y%m%d%H%M%S%f}"
    return f"manual/{instance.plan_id}/{instance.year}/{instance.code}-{instance.region_code}-{stamp}{ext}"


class ManualStatus(models.TextChoices):
    """Life cycle of a manual value: draft → submitted → approved | rejected; approved → superseded."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded")


class ManualIndicatorValue(models.Model):
    """One figure of a manual plan indicator for a region and year, with provenance and approval."""

    plan_id = models.CharField(_("plan"), max_length=40)
    code = models.CharField(_("indicator"), max_length=64)
    region_code = models.CharField(_("region code"), max_length=6, validators=[validate_region_code])
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    unit = models.CharField(_("unit"), max_length=40)
    source_citation = models.CharField(_("source"), max_length=500)
    source_file = models.FileField(
        _("source document"), storage=MANUAL_STORAGE, upload_to=_source_path, blank=True, max_length=300
    )
    source_file_name = models.CharField(_("source document name"), max_length=255, blank=True)
    source_file_type = models.CharField(_("source document type"), max_length=10, blank=True)
    source_file_size = models.PositiveBigIntegerField(_("source document size"), null=True, blank=True)
    source_file_sha256 = models.CharField(_("source document SHA-256"), max_length=64, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ManualStatus.choices, default=ManualStatus.DRAFT, db_index=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rejected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    rejection_reason = models.CharField(_("rejection reason"), max_length=500, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )

    class Meta:
        verbose_name = _("manual indicator value")
        verbose_name_plural = _("manual indicator values")
        ordering: ClassVar[list[str]] = ["plan_id", "code", "region_code", "-year", "-entered_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["plan_id", "code", "region_code", "year"], name="manual_value_key"),
        ]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["plan_id", "code", "region_code", "year"],
                condition=Q(status="approved"),
                name="manual_value_one_approved",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("entered_by")),
                name="manual_value_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.code} {self.region_code} {self.year}: {self.value} ({self.status})"

    @property
    def city_code(self) -> str:
        """The city the value belongs to ("" for a provincial value): scopes its audit events."""
        return "" if self.region_code.endswith("0000") else self.region_code


class PublicationStatus(models.TextChoices):
    """A publication is current until replaced by a newer one or withdrawn."""

    CURRENT = "current", _("Published")
    REPLACED = "replaced", _("Replaced")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Publication(models.Model):
    """The monitoring figures of a plan at the end of a year, frozen and made public."""

    plan_id = models.CharField(_("plan"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    data = models.JSONField(_("figures"), encoder=DjangoJSONEncoder)
    lake_seq = models.BigIntegerField(_("lake commit"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.CURRENT,
        db_index=True,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replaced or withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("replaced or withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("withdrawal reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering: ClassVar[list[str]] = ["plan_id", "-year", "-published_at", "-id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["plan_id", "year"], condition=Q(status="current"), name="publication_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.year} ({self.status})"
