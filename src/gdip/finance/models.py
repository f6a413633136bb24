"""Financing applications, bank decisions, loans, pledge registrations and repayments (M4 module 3).

The database holds what users create; the IP records themselves stay in the lake and are met
on (office, application_number). Money is Decimal yuan with two places; rates are annual
fractions (0.0435 = 4.35 %); LTV caps are fractions of the collateral value.

Every stateful model carries ``state`` and ``version``: ``gdip.finance.workflows`` changes
them only by a compare-and-set on both, so two concurrent transitions never both win.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ApplicationShare",
    "ApplicationState",
    "BankDecision",
    "DecisionKind",
    "EligibilityCheck",
    "FinancingApplication",
    "Loan",
    "LoanState",
    "PledgeRegistration",
    "PledgedRight",
    "Release",
    "Repayment",
    "RepaymentInstallment",
    "RightKind",
    "ScheduleMethod",
]

MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}
ZERO = Decimal("0.00")


class ApplicationState(models.TextChoices):
    """States of a financing application (transition table: workflows.APPLICATION_WORKFLOW)."""

    DRAFT = "draft", _("Draft")
    SHARED = "shared", _("Shared with banks")
    UNDER_REVIEW = "under_review", _("Under bank review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Review deadline passed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LoanState(models.TextChoices):
    """States of a loan (transition table: workflows.LOAN_WORKFLOW)."""

    APPROVED = "approved", _("Approved, pledge not registered")
    REGISTERED = "registered", _("Pledge registered")
    ACTIVE = "active", _("Disbursed, repaying")
    REPAID = "repaid", _("Repaid")
    RELEASED = "released", _("Pledge released")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class RightKind(models.TextChoices):
    """Kinds of pledgeable right; each has an LTV cap (finance.policy_params.LTV_CAPS)."""

    INVENTION = "invention", _("Invention patent")
    UTILITY = "utility", _("Utility model")
    DESIGN = "design", _("Design patent")
    TRADEMARK = "trademark", _("Trademark")


class DecisionKind(models.TextChoices):
    """A bank's decision on an application."""

    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ScheduleMethod(models.TextChoices):
    """How the repayment schedule is computed."""

    EQUAL_PRINCIPAL = "equal_principal", _("Equal principal")
    ANNUITY = "annuity", _("Equal instalments (annuity)")


class FinancingApplication(models.Model):
    """An enterprise's request for an IP-pledge loan, shared with the banks it chooses."""

    enterprise = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="financing_applications",
    )
    city_code = models.CharField(_("city code"), max_length=6, blank=True, db_index=True)
    amount_requested = models.DecimalField(
        _("amount requested (yuan)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    purpose = models.CharField(_("purpose"), max_length=500, blank=True)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("financing application")
        verbose_name_plural = _("financing applications")
        ordering: ClassVar[list[str]] = ["-created", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.enterprise_id} {self.amount_requested}"

    @property
    def organisation(self) -> object:
        """The organisation the audit log files this application's events under."""
        return self.enterprise


class ApplicationShare(models.Model):
    """An application shared with one bank; the bank sees it while the share is not withdrawn."""

    application = models.ForeignKey(
        FinancingApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="shares"
    )
    bank = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("bank"), on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(_("shared at"), default=timezone.now)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    class Meta:
        verbose_name = _("application share")
        verbose_name_plural = _("application shares")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["application", "bank"], name="finance_share_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.bank_id}"


class PledgedRight(models.Model):
    """One patent or trademark offered as collateral, with the owner check taken at creation."""

    application = models.ForeignKey(
        FinancingApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="rights"
    )
    office = models.CharField(_("office"), max_length=2, default="CN")
    application_number = models.CharField(_("application number"), max_length=40)
    right_kind = models.CharField(_("right kind"), max_length=12, choices=RightKind.choices)
    title = models.CharField(_("title"), max_length=500, blank=True)
    appraised_value = models.DecimalField(_("appraised value (yuan)"), **MONEY, null=True, blank=True)
    # Names of the co-owners who consented in writing (专利权质押登记: every co-owner must consent).
    co_owner_consents = models.JSONField(_("co-owners' consent"), default=list, blank=True)
    # What the lake said about the holders when the right was added (names, entity ids, commit).
    owner_check = models.JSONField(_("owner check snapshot"), default=dict, blank=True)

    class Meta:
        verbose_name = _("pledged right")
        verbose_name_plural = _("pledged rights")
        ordering: ClassVar[list[str]] = ["id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["application", "office", "application_number"], name="finance_right_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office}:{self.application_number}"


class EligibilityCheck(models.Model):
    """One refusal ground checked for one right: append-only, grouped by `batch` (one query)."""

    right = models.ForeignKey(
        PledgedRight, verbose_name=_("right"), on_delete=models.CASCADE, related_name="checks"
    )
    batch = models.CharField(_("query batch"), max_length=32, db_index=True)
    bank = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("bank"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ground = models.CharField(_("ground"), max_length=40)
    passed = models.BooleanField(_("passed"))
    detail_zh = models.CharField(_("detail (Chinese)"), max_length=500, blank=True)
    detail_en = models.CharField(_("detail (English)"), max_length=500, blank=True)
    data = models.JSONField(_("evidence"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    lake_commit = models.BigIntegerField(_("lake commit"), default=0)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks")
        ordering: ClassVar[list[str]] = ["-checked_at", "right_id", "id"]

    def __str__(self) -> str:
        return f"{self.right_id} {self.ground} {'ok' if self.passed else 'FAIL'}"


class BankDecision(models.Model):
    """A bank's approval with conditions, or its rejection with reasons."""

    application = models.ForeignKey(
        FinancingApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    bank = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("bank"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    amount = models.DecimalField(_("approved amount (yuan)"), **MONEY, null=True, blank=True)
    rate = models.DecimalField(_("annual rate"), max_digits=7, decimal_places=6, null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    ltv_cap = models.DecimalField(_("LTV cap"), max_digits=5, decimal_places=4, null=True, blank=True)
    collateral_value = models.DecimalField(_("collateral value (yuan)"), **MONEY, null=True, blank=True)
    conditions = models.TextField(_("other conditions"), blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("bank decision")
        verbose_name_plural = _("bank decisions")
        ordering: ClassVar[list[str]] = ["decided_at", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            # A backstop under the workflow's compare-and-set: one approval per application.
            models.UniqueConstraint(
                fields=["application"], condition=Q(decision="approved"), name="finance_one_approval"
            ),
            models.UniqueConstraint(fields=["application", "bank"], name="finance_one_decision_per_bank"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.bank_id} {self.decision}"


class Loan(models.Model):
    """The loan that an approval creates; its life runs through LOAN_WORKFLOW."""

    application = models.OneToOneField(
        FinancingApplication, verbose_name=_("application"), on_delete=models.PROTECT, related_name="loan"
    )
    bank = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("bank"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.OneToOneField(
        BankDecision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="loan"
    )
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    rate = models.DecimalField(_("annual rate"), max_digits=7, decimal_places=6)
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    schedule_method = models.CharField(
        _("schedule method"), max_length=20, choices=ScheduleMethod.choices, blank=True
    )
    disbursed_at = models.DateField(_("disbursed on"), null=True, blank=True)
    maturity_date = models.DateField(_("maturity date"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=LoanState.choices, default=LoanState.APPROVED, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering: ClassVar[list[str]] = ["-created", "-id"]

    def __str__(self) -> str:
        return f"loan {self.pk} ({self.amount})"

    @property
    def organisation(self) -> object:
        """The borrower, under whom the audit log files the loan's events."""
        return self.application.enterprise

    @property
    def city_code(self) -> str:
        """The borrower's city (the application's)."""
        return self.application.city_code


class PledgeRegistration(models.Model):
    """The pledge registered with CNIPA for a loan (质押登记号 and date) and the rights it covers."""

    loan = models.OneToOneField(
        Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="registration"
    )
    registration_number = models.CharField(_("registration number"), max_length=40, unique=True)
    registered_on = models.DateField(_("registration date"))
    rights = models.ManyToManyField(PledgedRight, verbose_name=_("rights"), related_name="registrations")
    active = models.BooleanField(_("active"), default=True, db_index=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("pledge registration")
        verbose_name_plural = _("pledge registrations")

    def __str__(self) -> str:
        return self.registration_number


class RepaymentInstallment(models.Model):
    """One row of a loan's repayment schedule."""

    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.CASCADE, related_name="schedule")
    seq = models.PositiveSmallIntegerField(_("number"))
    due_date = models.DateField(_("due date"))
    principal = models.DecimalField(_("principal"), **MONEY)
    interest = models.DecimalField(_("interest"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    paid = models.DecimalField(_("paid"), **MONEY, default=ZERO)
    paid_on = models.DateField(_("paid in full on"), null=True, blank=True)

    class Meta:
        verbose_name = _("repayment instalment")
        verbose_name_plural = _("repayment schedule")
        ordering: ClassVar[list[str]] = ["loan_id", "seq"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["loan", "seq"], name="finance_installment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id}/{self.seq} {self.due_date} {self.total}"


class Repayment(models.Model):
    """A repayment the bank recorded, allocated to the earliest open instalments."""

    loan = models.ForeignKey(
        Loan, verbose_name=_("loan"), on_delete=models.CASCADE, related_name="repayments"
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), **MONEY)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering: ClassVar[list[str]] = ["paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.paid_on} {self.amount}"


class Release(models.Model):
    """The cancellation (注销) of a pledge registration after repayment."""

    registration = models.OneToOneField(
        PledgeRegistration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="release"
    )
    release_number = models.CharField(_("cancellation number"), max_length=40, blank=True)
    released_on = models.DateField(_("released on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("pledge release")
        verbose_name_plural = _("pledge releases")

    def __str__(self) -> str:
        return f"{self.registration_id} {self.released_on}"
