"""Science education bases, their yearly reports and recommendations for designation (通知 二(七)).

A base is recorded by the society that recommends it. Its designation (level, batch, validity)
is set by association staff: in the admin, or by deciding a ``Recommendation``
(``bases.services.recommendation_decide``). Guangxi and national designations run five years.
"""

from __future__ import annotations

import datetime
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from societies.choices import City, Role
from societies.framework import limits
from societies.framework.filing import Filing, FilingQuerySet
from societies.framework.limits import AtMost, PlausibleDate
from societies.framework.links import pk_url
from societies.framework.querysets import SocietyOwnedQuerySet
from societies.framework.workflow import FilingAction, FilingError, FilingStatus, Transition

DESIGNATION_YEARS = 5
EXPIRY_WARNING_DAYS = 180


def designation_valid_until(valid_from: datetime.date) -> datetime.date:
    """The last day of a designation starting on ``valid_from``: five years, less one day."""
    try:
        end = valid_from.replace(year=valid_from.year + DESIGNATION_YEARS)
    except ValueError:  # 29 February → 1 March five years later
        end = valid_from.replace(year=valid_from.year + DESIGNATION_YEARS, month=3, day=1)
    return end - datetime.timedelta(days=1)


class DesignationLevel(models.TextChoices):
    SOCIETY = "society", _("Society-level base")
    GUANGXI = "guangxi", _("Guangxi science education base")
    NATIONAL = "national", _("National science education base")


RECOMMENDABLE_LEVELS = [
    (DesignationLevel.GUANGXI, DesignationLevel.GUANGXI.label),
    (DesignationLevel.NATIONAL, DesignationLevel.NATIONAL.label),
]
LEVEL_RANK = {DesignationLevel.SOCIETY: 0, DesignationLevel.GUANGXI: 1, DesignationLevel.NATIONAL: 2}


class BaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUSPENDED = "suspended", _("Temporarily closed")
    WITHDRAWN = "withdrawn", _("Designation withdrawn")


class BaseCategory(models.Model):
    """科普教育基地类别 — kinds of bases; staff keep the list in the admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("base category")
        verbose_name_plural = _("base categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class EducationBaseQuerySet(SocietyOwnedQuerySet):
    def expiring(self, *, today: datetime.date | None = None, days: int = EXPIRY_WARNING_DAYS) -> EducationBaseQuerySet:
        """Bases whose designation ends within ``days`` from ``today`` (and has not ended yet)."""
        today = today or timezone.localdate()
        return self.filter(valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=days))

    def designated_in_force(self, *, today: datetime.date | None = None) -> EducationBaseQuerySet:
        """Guangxi and national designations that hold ``today``: started (or no start recorded),
        not ended, not withdrawn. What the public list and the statistics show."""
        today = today or timezone.localdate()
        return self.filter(designation_in_force_during(today, today))

    def designated_during(self, year: int) -> EducationBaseQuerySet:
        """Designations in force on some day of ``year``: how a base counts in a year's figures
        (the counting rule, ``societies.framework.counting``)."""
        return self.filter(designation_in_force_during(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))


def designation_in_force_during(first_day: datetime.date, last_day: datetime.date) -> Q:
    """A Guangxi or national designation in force on some day from ``first_day`` to ``last_day``
    (a base whose designation was withdrawn counts in no year: the withdrawal has no date)."""
    return (
        ~Q(level=DesignationLevel.SOCIETY)
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=last_day))
        & Q(valid_until__gte=first_day)
        & ~Q(status=BaseStatus.WITHDRAWN)
    )


class EducationBase(models.Model):
    """科普教育基地 — a science education base recommended by a society."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name=_("recommending society"),
        on_delete=models.PROTECT,
        related_name="education_bases",
    )
    name = models.CharField(_("name"), max_length=200)
    host_unit = models.CharField(_("host unit"), max_length=200)
    category = models.ForeignKey(BaseCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=300)
    city = models.CharField(_("city"), max_length=20, choices=City.choices)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    opening_days = models.PositiveSmallIntegerField(
        _("opening days per year"), default=0, validators=[MaxValueValidator(366)]
    )
    website = models.URLField(_("online hall website"), blank=True)
    introduction = models.TextField(_("introduction"), blank=True, max_length=limits.TEXT)
    level = models.CharField(
        _("designation level"), max_length=20, choices=DesignationLevel.choices, default=DesignationLevel.SOCIETY
    )
    batch = models.CharField(
        _("designation batch"), max_length=100, blank=True, help_text=_("For example: 2025 (first batch).")
    )
    # Designations began in the 1990s; one runs five years from a start at most a year ahead.
    valid_from = models.DateField(_("valid from"), null=True, blank=True, validators=[PlausibleDate(1990)])
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, validators=[PlausibleDate(1990, ahead=1 + DESIGNATION_YEARS)]
    )
    status = models.CharField(_("status"), max_length=20, choices=BaseStatus.choices, default=BaseStatus.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EducationBaseQuerySet.as_manager()
    history = HistoricalRecords()

    # Only staff (admin) or a recommendation decision set these.
    DESIGNATION_FIELDS = ("level", "batch", "valid_from", "valid_until")
    # The designation and its status (open, closed, withdrawn) are the association's.
    ASSOCIATION_FIELDS = ("society", "status", *DESIGNATION_FIELDS)

    class Meta:
        verbose_name = _("science education base")
        verbose_name_plural = _("science education bases")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["society", "name"]), models.Index(fields=["level", "valid_until"])]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "name"],
                name="education_base_name_unique_per_society",
                violation_error_message=_("Your society already has a base with this name."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="education_base_validity_ordered",
                violation_error_message=_("“Valid until” must not be before “valid from”."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return pk_url("bases:base_detail", self.pk)

    def days_left(self, today: datetime.date | None = None) -> int | None:
        if self.valid_until is None:
            return None
        return (self.valid_until - (today or timezone.localdate())).days

    def expires_within(self, days: int = EXPIRY_WARNING_DAYS, today: datetime.date | None = None) -> bool:
        left = self.days_left(today)
        return left is not None and 0 <= left <= days

    @property
    def expires_soon(self) -> bool:
        """The designation ends within 180 days: time to apply for renewal."""
        return self.expires_within()

    @property
    def is_expired(self) -> bool:
        left = self.days_left()
        return left is not None and left < 0


def _check_own_base(filing) -> None:
    """A report or recommendation belongs to the base's recommending society."""
    if filing.base_id and filing.society_id and filing.base.society_id != filing.society_id:
        raise ValidationError({"base": _("The base must be one of the society's own bases.")})


class BaseReportQuerySet(FilingQuerySet):
    def totals_by_year(self) -> dict[int, dict]:
        """Year → reports, bases reporting, visitors, activities held and online visits of these
        reports (pass the ones that count: ``societies.framework.counting.counted``); one query."""
        rows = (
            self.order_by()
            .values("year")
            .annotate(
                reports=models.Count("pk"),
                bases=models.Count("base", distinct=True),
                visitors=Coalesce(Sum("visitors"), 0),
                activities_held=Coalesce(Sum("activities_held"), 0),
                online_visits=Coalesce(Sum("online_visits"), 0),
            )
        )
        return {row.pop("year"): row for row in rows}


REPORT_TOTALS = ("reports", "bases", "visitors", "activities_held", "online_visits")


class BaseAnnualReport(Filing):
    """科普教育基地年度报告 — what a base did in one year. Its society is the base's recommending society."""

    base = models.ForeignKey(
        EducationBase, verbose_name=_("science education base"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    # A year of the largest science centre, with room to spare; more is a typing slip.
    visitors = models.PositiveIntegerField(_("visitors (person-times)"), default=0, validators=[AtMost(10_000_000)])
    activities_held = models.PositiveIntegerField(_("outreach activities held"), default=0, validators=[AtMost(10_000)])
    online_visits = models.PositiveIntegerField(_("online visits"), default=0, validators=[AtMost(100_000_000)])
    staff_count = models.PositiveIntegerField(_("outreach staff"), default=0, validators=[AtMost(10_000)])
    volunteer_count = models.PositiveIntegerField(_("volunteers"), default=0, validators=[AtMost(100_000)])
    highlights = models.TextField(_("highlights"), max_length=limits.TEXT)

    objects = BaseReportQuerySet.as_manager()

    class Meta(Filing.Meta):
        verbose_name = _("base annual report")
        verbose_name_plural = _("base annual reports")
        ordering = ["-year", "base__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["base", "year"],
                name="one_base_report_per_year",
                violation_error_message=_("This base already has an annual report for this year."),
            )
        ]

    def __str__(self) -> str:
        return _("%(base)s — %(year)s annual report") % {"base": self.base.name, "year": self.year}

    def get_absolute_url(self) -> str:
        return pk_url("bases:basereport_detail", self.pk)

    def clean(self):
        super().clean()
        _check_own_base(self)


def society_upload_to(folder: str, instance, filename: str, society_id: int) -> str:
    extension = os.path.splitext(filename)[1].lower()
    if extension not in {".pdf", ".docx", ".xlsx", ".jpg", ".png", ".webp"}:
        extension = ""
    return f"{folder}/{society_id}/{uuid.uuid4().hex}{extension}"


def base_photo_upload_to(instance: BaseReportPhoto, filename: str) -> str:
    return society_upload_to("base_photos", instance, filename, instance.report.society_id)


def base_thumbnail_upload_to(instance: BaseReportPhoto, filename: str) -> str:
    return society_upload_to("base_photos/thumbs", instance, filename, instance.report.society_id)


class BaseReportPhoto(models.Model):
    """A photo of an annual report, re-encoded on upload, with a small thumbnail."""

    report = models.ForeignKey(
        BaseAnnualReport, verbose_name=_("annual report"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=base_photo_upload_to, max_length=200)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=base_thumbnail_upload_to, max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return os.path.basename(self.image.name)


class RecommendationDecision(models.TextChoices):
    PENDING = "pending", _("Not decided yet")
    RECOMMENDED = "recommended", _("Recommended")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")


def recommendation_upload_to(instance: Recommendation, filename: str) -> str:
    return society_upload_to("recommendations", instance, filename, instance.society_id)


class Recommendation(Filing):
    """择优推荐 — a society recommends one of its bases for Guangxi or national designation.

    Staff decide in the admin once the filing is approved (``recommendation_decide``); a
    "recommended" decision designates the base.
    """

    base = models.ForeignKey(
        EducationBase,
        verbose_name=_("science education base"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    target_level = models.CharField(_("recommended for"), max_length=20, choices=RECOMMENDABLE_LEVELS)
    reasons = models.TextField(_("reasons for the recommendation"), max_length=limits.TEXT)
    material = models.FileField(
        _("supporting material"), upload_to=recommendation_upload_to, blank=True, max_length=200
    )
    material_name = models.CharField(_("material file name"), max_length=200, blank=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=RecommendationDecision.choices, default=RecommendationDecision.PENDING
    )
    decision_note = models.TextField(_("decision note"), blank=True, max_length=limits.NOTE)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FilingQuerySet.as_manager()

    DECISION_FIELDS = ("decision", "decision_note", "decided_at", "decided_by")
    ASSOCIATION_FIELDS = (*Filing.ASSOCIATION_FIELDS, *DECISION_FIELDS)

    class Meta(Filing.Meta):
        verbose_name = _("recommendation for designation")
        verbose_name_plural = _("recommendations for designation")
        ordering = ["-year", "base__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["base", "year", "target_level"],
                name="one_recommendation_per_base_level_year",
                violation_error_message=_("This base has already been recommended for this level this year."),
            )
        ]

    def __str__(self) -> str:
        return _("%(base)s → %(level)s") % {"base": self.base.name, "level": self.get_target_level_display()}

    def get_absolute_url(self) -> str:
        return pk_url("bases:recommendation_detail", self.pk)

    def clean(self):
        super().clean()
        _check_own_base(self)

    def submission_problems(self) -> list[str]:
        problems = []
        if not self.material:
            problems.append(_("Attach the supporting material before submitting."))
        if LEVEL_RANK.get(self.base.level, 0) >= LEVEL_RANK[self.target_level] and not self.base.expires_soon:
            problems.append(_("The base already holds this designation or a higher one."))
        return problems

    # Once approved, association staff decide it: recommended (the base is designated) or not.
    EXTRA_TRANSITIONS = (
        Transition(FilingAction.DECIDE, FilingStatus.APPROVED, FilingStatus.APPROVED, Role.ASSOCIATION),
    )

    def prepare_transition(self, transition, *, user, details: dict) -> list[str]:
        """The decision (``details``: decision, note) on this row; refused when it was decided
        already or is not one of the two decisions."""
        if transition.action != FilingAction.DECIDE:
            return []
        decision = details.get("decision")
        if decision not in (RecommendationDecision.RECOMMENDED, RecommendationDecision.NOT_RECOMMENDED):
            raise FilingError(_("Choose “recommended” or “not recommended”."))
        if self.decision != RecommendationDecision.PENDING:
            raise FilingError(_("This recommendation has already been decided."))
        if decision == RecommendationDecision.RECOMMENDED and not details.get("batch", "").strip():
            raise FilingError(_("Give the designation batch for a recommended base."))
        self.decision, self.decision_note = decision, details.get("note", "").strip()
        self.decided_at, self.decided_by = timezone.now(), user
        self._change_reason = str(RecommendationDecision(decision).label)
        return list(self.DECISION_FIELDS)
