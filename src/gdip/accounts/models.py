"""Organisations, users, API tokens and the append-only event log."""

from __future__ import annotations

import contextlib
import re
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

__all__ = ["ApiToken", "AuditChainHead", "Event", "OrgType", "Organisation", "Role", "User"]

_REGION_CODE = re.compile(r"^\d{6}$")
API_TOKEN_LIFETIME = timedelta(days=30)


def validate_region_code(value: str) -> None:
    """Reject anything that is not a 6-digit GB/T 2260 code."""
    if value and not _REGION_CODE.match(value):
        raise ValidationError(
            _("Enter a 6-digit GB/T 2260 region code."), code="region_code", params={"value": value}
        )


def validate_uscc_field(value: str) -> None:
    """Field validator: the GB 32100-2015 USCC check, with the message in the active language."""
    # Imported here so that models load even while the validators module is being changed.
    from gdip.core.validators import IdentifierError, validate_uscc

    try:
        validate_uscc(value)
    except IdentifierError as exc:
        message = exc.message_zh if (get_language() or "zh").startswith("zh") else exc.message_en
        raise ValidationError(message, code=exc.code) from None


class OrgType(models.TextChoices):
    """Kinds of organisation that hold accounts."""

    ENTERPRISE = "enterprise", _("Enterprise")
    BANK = "bank", _("Bank")
    AGENCY = "agency", _("Service agency")
    INSURER = "insurer", _("Insurer")
    FUND_MANAGER = "fund_manager", _("Fund manager")
    OFFICE = "office", _("IP office")
    CENTRE = "centre", _("Protection centre")


class Role(models.TextChoices):
    """A user's role: decides which capabilities and which object scope apply."""

    ENTERPRISE = "enterprise", _("Enterprise user")
    BANK = "bank", _("Bank officer")
    AGENCY = "agency", _("Service agency user")
    INSURER = "insurer", _("Insurer user")
    FUND_MANAGER = "fund_manager", _("Fund manager user")
    CENTRE_STAFF = "centre_staff", _("Protection centre staff")
    CITY_ADMIN = "city_admin", _("City administrator")
    PROVINCE_ADMIN = "province_admin", _("Provincial administrator")
    AUDITOR = "auditor", _("Auditor")


# The organisation type each organisation-bound role must belong to.
ROLE_ORG_TYPES: dict[str, tuple[str, ...]] = {
    Role.ENTERPRISE: (OrgType.ENTERPRISE,),
    Role.BANK: (OrgType.BANK,),
    Role.AGENCY: (OrgType.AGENCY,),
    Role.INSURER: (OrgType.INSURER,),
    Role.FUND_MANAGER: (OrgType.FUND_MANAGER,),
    Role.CENTRE_STAFF: (OrgType.CENTRE,),
    Role.CITY_ADMIN: (OrgType.OFFICE,),
    Role.PROVINCE_ADMIN: (OrgType.OFFICE,),
    Role.AUDITOR: (OrgType.OFFICE,),
}
# Roles whose users need not belong to an organisation.
ORG_OPTIONAL_ROLES = frozenset({Role.PROVINCE_ADMIN, Role.AUDITOR})


class Organisation(models.Model):
    """An enterprise, bank, agency, insurer, fund manager, IP office or protection centre."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    org_type = models.CharField(_("organisation type"), max_length=20, choices=OrgType.choices)
    # NULL rather than "" when unknown, so that the unique constraint allows many blanks.
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_uscc_field],
    )
    city_code = models.CharField(
        _("city code"), max_length=6, null=True, blank=True, db_index=True, validators=[validate_region_code]
    )
    district_code = models.CharField(
        _("district code"), max_length=6, null=True, blank=True, validators=[validate_region_code]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude: Any = None) -> None:
        """Normalise the USCC first, so that full-width or spaced input passes the length check."""
        if isinstance(self.uscc, str):
            from gdip.core.validators import IdentifierError, validate_uscc

            self.uscc = self.uscc.strip() or None
            if self.uscc:
                # An invalid code is reported, in the user's language, by the field validator.
                with contextlib.suppress(IdentifierError):
                    self.uscc = validate_uscc(self.uscc)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        """Normalise the USCC and check that a district lies in the organisation's city."""
        if self.uscc == "":
            self.uscc = None
        if self.uscc:
            from gdip.core.validators import IdentifierError, validate_uscc

            try:
                self.uscc = validate_uscc(self.uscc)
            except IdentifierError as exc:
                message = exc.message_zh if (get_language() or "zh").startswith("zh") else exc.message_en
                raise ValidationError({"uscc": ValidationError(message, code=exc.code)}) from None
        if self.district_code and self.city_code and self.district_code[:4] != self.city_code[:4]:
            raise ValidationError(
                {"district_code": _("The district does not belong to the organisation's city.")}
            )
        if self.parent_id is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be its own parent.")})


class User(AbstractUser):
    """A platform account: one role, usually one organisation."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ENTERPRISE)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    city_code = models.CharField(
        _("city code"), max_length=6, blank=True, db_index=True, validators=[validate_region_code]
    )
    # Personal data: shown masked outside the user's own profile and user administration.
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def clean(self) -> None:
        """Check the role/organisation pairing and derive the city from the organisation."""
        super().clean()
        errors: dict[str, Any] = {}
        org = self.organisation
        if org is None and self.role not in ORG_OPTIONAL_ROLES:
            errors["organisation"] = _("This role requires an organisation.")
        if org is not None and org.org_type not in ROLE_ORG_TYPES.get(self.role, ()):
            errors["organisation"] = _("The organisation type does not match the role.")
        if not self.city_code and org is not None and org.city_code:
            self.city_code = org.city_code
        if self.role == Role.CITY_ADMIN and not self.city_code:
            errors["city_code"] = _("A city administrator needs a city.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Derive city_code from the organisation when left blank."""
        if not self.city_code and self.organisation_id is not None:
            org = self.organisation
            if org is not None and org.city_code:
                self.city_code = org.city_code
        super().save(*args, **kwargs)


def _default_token_expiry() -> Any:
    return timezone.now() + API_TOKEN_LIFETIME


class ApiToken(models.Model):
    """A bearer token for the REST API; only the SHA-256 of the token is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    # The first characters of the token, so that a user can tell their tokens apart.
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    name = models.CharField(_("name"), max_length=100, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    expires = models.DateTimeField(_("expires"), default=_default_token_expiry)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering: ClassVar[list[str]] = ["-created"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or self.user_id})"

    @property
    def is_valid(self) -> bool:
        """True when neither revoked nor expired."""
        return self.revoked is None and self.expires > timezone.now()


class EventQuerySet(models.QuerySet["Event"]):
    """Events cannot be updated or deleted in bulk either."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("events are append-only")

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Event]:  # type: ignore[override]
        """Insert one by one: every event must be chained (seq, prev_hash, hash) as it is written."""
        created = []
        for obj in objs:
            obj.save(using=self.db)
            created.append(obj)
        return created


class AuditChainHead(models.Model):
    """The one row (pk=1) holding the last link of the audit chain.

    Writers lock it (SELECT … FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises all
    writers anyway) so that seq and prev_hash are taken and advanced by one writer at a time. It
    also lets `verify_chain()` notice rows deleted from the end of the log.
    """

    seq = models.BigIntegerField(_("last sequence number"), default=0)
    hash = models.CharField(_("last hash"), max_length=64)
    updated = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.seq} {self.hash[:12]}…"


class Event(models.Model):
    """One append-only audit-log row: who did what to which object, when and from where."""

    type = models.CharField(_("type"), max_length=80, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    city_code = models.CharField(_("city code"), max_length=6, blank=True, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # Tamper evidence (gdip.core.audit): hash = H(prev_hash || canonical JSON of the row).
    seq = models.BigIntegerField(_("sequence number"), unique=True, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)
    algorithm = models.CharField(_("hash algorithm"), max_length=8, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering: ClassVar[list[str]] = ["-created", "-id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M:%S} {self.type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert only, chained: an existing event is never rewritten.

        The link (seq, prev_hash, hash) is computed inside the inserting transaction while the
        chain head is locked, so concurrent writers produce one valid chain.
        """
        if self.pk is not None and not self._state.adding:
            raise PermissionError("events are append-only")
        from gdip.core.audit import link_event

        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        kwargs["force_insert"] = True
        kwargs["using"] = using
        with transaction.atomic(using=using):
            head = link_event(self, using)
            super().save(*args, **kwargs)
            AuditChainHead.objects.using(using).filter(pk=head.pk).update(
                seq=self.seq, hash=self.hash, updated=timezone.now()
            )

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Refuse: the audit log is append-only."""
        raise PermissionError("events are append-only")
