"""Special outreach funds: what a society budgets, raises and spends on science outreach (通知 二(六)).

Money is ``Decimal`` with two places everywhere (yuan). Totals are computed in the database with
one subquery per total (``SpecialFundQuerySet.with_totals``), so a join never multiplies a sum.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from societies.framework import limits
from societies.framework.filing import Filing, FilingQuerySet
from societies.framework.limits import PlausibleDate, money_limit
from societies.framework.links import pk_url
from societies.framework.querysets import SocietyOwnedQuerySet

ZERO = Decimal("0.00")
MONEY = {"max_digits": 12, "decimal_places": 2}
TOTAL = DecimalField(max_digits=14, decimal_places=2)


class FundCategory(models.TextChoices):
    KEY_PROJECT = "key_project", _("Key outreach project")
    CAPACITY = "capacity", _("Outreach capacity building")
    ACADEMIC = "academic", _("Outreach within academic activities")
    OTHER = "other", _("Other")


class SourceKind(models.TextChoices):
    ASSOCIATION = "association", _("Association grant")
    SELF_RAISED = "self_raised", _("Raised by the society")
    SOCIAL = "social", _("Social funds")
    CHARITY = "charity", _("Charitable organisation")
    GOVERNMENT = "government", _("Government")
    OTHER = "other", _("Other")


def line_total(model, fund_ref="pk") -> Coalesce:
    """The sum of ``model.amount`` for the fund at ``fund_ref``, as a subquery (0.00 when none)."""
    subquery = (
        model.objects.filter(fund=OuterRef(fund_ref)).order_by().values("fund").annotate(t=Sum("amount")).values("t")
    )
    return Coalesce(Subquery(subquery, output_field=TOTAL), Value(ZERO), output_field=TOTAL)


class SpecialFundQuerySet(FilingQuerySet):
    def with_totals(self) -> SpecialFundQuerySet:
        """Annotate ``raised`` and ``spent`` (Decimal, 0.00 when there are no lines)."""
        return self.annotate(raised=line_total(FundingSource), spent=line_total(Expenditure))

    def grand_totals(self) -> FundTotals:
        """Budget, raised and spent of all these funds together (three aggregate queries)."""
        ids = self.order_by().values("pk")
        budget = SpecialFund.objects.filter(pk__in=ids).aggregate(t=Sum("budget"))["t"]
        raised = FundingSource.objects.filter(fund__in=ids).aggregate(t=Sum("amount"))["t"]
        spent = Expenditure.objects.filter(fund__in=ids).aggregate(t=Sum("amount"))["t"]
        return FundTotals(budget or ZERO, raised or ZERO, spent or ZERO)


@dataclass(frozen=True)
class FundTotals:
    budget: Decimal
    raised: Decimal
    spent: Decimal

    @property
    def balance(self) -> Decimal:
        return self.raised - self.spent


class SpecialFund(Filing):
    """科普专项 — a special outreach fund of a society: a project with a budget, sources and spending."""

    project_name = models.CharField(_("project name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=FundCategory.choices)
    budget = models.DecimalField(_("budget (yuan)"), **MONEY, validators=[MinValueValidator(ZERO), money_limit()])
    description = models.TextField(_("description"), blank=True, max_length=limits.TEXT)
    plan = models.ForeignKey(
        "activities.OutreachPlan",
        verbose_name=_("outreach plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="special_funds",
        help_text=_("The yearly outreach plan this project belongs to, if any."),
    )

    objects = SpecialFundQuerySet.as_manager()

    class Meta(Filing.Meta):
        verbose_name = _("special outreach fund")
        verbose_name_plural = _("special outreach funds")
        ordering = ["-year", "project_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "year", "project_name"],
                name="special_fund_name_unique_per_year",
                violation_error_message=_("Your society already has a special fund with this name for this year."),
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="special_fund_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return self.project_name

    def get_absolute_url(self) -> str:
        return pk_url("funding:fund_detail", self.pk)

    def clean(self):
        super().clean()
        # The plan is linked by id only (activities is a sibling app); it must be the same society's.
        if self.plan_id and self.society_id and self.plan.society_id != self.society_id:
            raise ValidationError({"plan": _("The plan must be one of your own society's.")})

    def totals(self) -> FundTotals:
        """Budget, raised and spent; uses the ``with_totals`` annotations when present."""
        if hasattr(self, "raised") and hasattr(self, "spent"):
            return FundTotals(self.budget, self.raised, self.spent)
        row = SpecialFund.objects.filter(pk=self.pk).with_totals().values("raised", "spent").get()
        return FundTotals(self.budget, row["raised"], row["spent"])

    def submission_problems(self) -> list[str]:
        totals = self.totals()
        problems = []
        if totals.raised == ZERO:
            problems.append(_("Record at least one funding source before submitting."))
        if totals.spent > totals.raised:
            problems.append(_("More has been spent than raised; correct the lines before submitting."))
        return problems


class FundLineQuerySet(SocietyOwnedQuerySet):
    """Sources and expenditures, scoped through their fund's society."""

    society_path = "fund__society"


class FundingSource(models.Model):
    """经费来源 — money raised for a special fund, by kind of source."""

    fund = models.ForeignKey(
        SpecialFund, verbose_name=_("special fund"), on_delete=models.CASCADE, related_name="sources"
    )
    kind = models.CharField(_("kind of source"), max_length=20, choices=SourceKind.choices)
    amount = models.DecimalField(
        _("amount (yuan)"), **MONEY, validators=[MinValueValidator(Decimal("0.01")), money_limit()]
    )
    donor = models.CharField(_("donor or funder"), max_length=200, blank=True)
    received_on = models.DateField(_("received on"), validators=[PlausibleDate()])
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = FundLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["received_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funding_source_amount_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    def clean(self):
        super().clean()
        # Money for a year's project comes in that year, or the year either side.
        fund = self.fund if self.fund_id else None
        errors = limits.date_errors(self, {"received_on": limits.years_window(fund and fund.year, before=1, after=1)})
        if errors:
            raise ValidationError(errors)


def receipt_upload_to(instance: Expenditure, filename: str) -> str:
    """``receipts/<society id>/<server-made name>``: never a name the user chose."""
    extension = os.path.splitext(filename)[1].lower()
    if extension not in {".pdf", ".docx", ".xlsx", ".jpg", ".png", ".webp"}:
        extension = ""
    return f"receipts/{instance.fund.society_id}/{uuid.uuid4().hex}{extension}"


class Expenditure(models.Model):
    """支出 — money spent from a special fund, with its receipt."""

    fund = models.ForeignKey(
        SpecialFund, verbose_name=_("special fund"), on_delete=models.CASCADE, related_name="expenditures"
    )
    spent_on = models.DateField(_("date"), validators=[PlausibleDate(past_only=True)])
    amount = models.DecimalField(
        _("amount (yuan)"), **MONEY, validators=[MinValueValidator(Decimal("0.01")), money_limit()]
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expenditures",
        help_text=_("The outreach activity this money was spent on, if any."),
    )
    receipt = models.FileField(_("receipt"), upload_to=receipt_upload_to, blank=True, max_length=200)
    receipt_name = models.CharField(_("receipt file name"), max_length=200, blank=True)

    objects = FundLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["spent_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="expenditure_amount_positive")]

    def __str__(self) -> str:
        return f"{self.purpose} {self.amount}"

    def clean(self):
        super().clean()
        # Spent in the project's year or the year either side, and not in the future.
        window = limits.years_window(self.fund.year if self.fund_id else None, before=1, after=1)
        if window is not None:
            window = (window[0], min(window[1], timezone.localdate()))
        errors = limits.date_errors(self, {"spent_on": window})
        if errors:
            raise ValidationError(errors)


def fund_report_upload_to(instance: FundReport, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()
    if extension not in {".pdf", ".docx", ".xlsx"}:
        extension = ""
    return f"fund_reports/{instance.society_id}/{uuid.uuid4().hex}{extension}"


class FundReport(Filing):
    """年度专项经费报告（经费决算） — a society's final report on its special funds of one year.

    The figures are computed live while the report is a draft and frozen at submission.
    """

    summary = models.TextField(_("how the funds were used"), max_length=limits.LONG_TEXT)
    outcomes = models.TextField(_("results"), blank=True, max_length=limits.TEXT)
    problems = models.TextField(_("problems and next steps"), blank=True, max_length=limits.TEXT)
    attachment = models.FileField(
        _("final accounts (attachment)"), upload_to=fund_report_upload_to, blank=True, max_length=200
    )
    attachment_name = models.CharField(_("attachment file name"), max_length=200, blank=True)
    # Frozen at submission (prepare_submission).
    fund_count = models.PositiveIntegerField(_("special funds"), default=0)
    total_budget = models.DecimalField(_("total budget (yuan)"), max_digits=14, decimal_places=2, default=ZERO)
    total_raised = models.DecimalField(_("total raised (yuan)"), max_digits=14, decimal_places=2, default=ZERO)
    total_spent = models.DecimalField(_("total spent (yuan)"), max_digits=14, decimal_places=2, default=ZERO)

    objects = FilingQuerySet.as_manager()

    FROZEN_FIELDS = ["fund_count", "total_budget", "total_raised", "total_spent"]
    ASSOCIATION_FIELDS = (*Filing.ASSOCIATION_FIELDS, *FROZEN_FIELDS)

    class Meta(Filing.Meta):
        verbose_name = _("final fund report")
        verbose_name_plural = _("final fund reports")
        ordering = ["-year", "society__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "year"],
                name="one_fund_report_per_year",
                violation_error_message=_("Your society already has a final fund report for this year."),
            )
        ]

    def __str__(self) -> str:
        return _("%(year)s final fund report") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return pk_url("funding:fundreport_detail", self.pk)

    def live_figures(self) -> dict:
        """The year's funds of the society, summed in the database."""
        funds = SpecialFund.objects.filter(society_id=self.society_id, year=self.year)
        figures = funds.aggregate(fund_count=models.Count("pk"), total_budget=Coalesce(Sum("budget"), Value(ZERO)))
        for name, model in (("total_raised", FundingSource), ("total_spent", Expenditure)):
            total = model.objects.filter(fund__in=funds.values("pk")).aggregate(t=Sum("amount"))["t"]
            figures[name] = total if total is not None else ZERO
        return figures

    def figures(self) -> dict:
        """Frozen figures once filed, live ones before."""
        if self.is_filed:
            return {name: getattr(self, name) for name in self.FROZEN_FIELDS}
        return self.live_figures()

    def submission_problems(self) -> list[str]:
        if not SpecialFund.objects.filter(society_id=self.society_id, year=self.year).exists():
            return [_("Your society has no special fund for this year; there is nothing to report.")]
        return []

    def prepare_submission(self) -> list[str]:
        for name, value in self.live_figures().items():
            setattr(self, name, value)
        return list(self.FROZEN_FIELDS)
