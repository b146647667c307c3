"""What societies plan and do: yearly outreach plans, outreach activities and yearly summaries.

Each of the three is a filing on the shared workflow (``societies.framework.filing``). Themes and campaigns
are lookup lists that association staff keep in the admin.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from societies.choices import City
from societies.framework import limits
from societies.framework.filing import Filing, FilingQuerySet
from societies.framework.limits import AtMost, PlausibleDate, PlausibleYear
from societies.framework.links import pk_url
from societies.framework.uploads import SocietyUploadTo
from societies.framework.workflow import REVIEW_QUEUE_RANK

# Plausible maxima of an activity's (and a plan's) figures.
MAX_SESSIONS = 10_000
MAX_OFFLINE_ATTENDANCE = 1_000_000
MAX_ONLINE_ATTENDANCE = 100_000_000
MAX_PEOPLE_TAKING_PART = 10_000


class OutreachPlan(Filing):
    """年度科普工作计划 — a society's outreach plan for one year."""

    goals = models.TextField(_("goals"), max_length=limits.TEXT)
    key_projects = models.TextField(_("key projects"), blank=True, max_length=limits.TEXT)
    planned_activity_count = models.PositiveIntegerField(
        _("planned activities"), default=0, validators=[AtMost(MAX_SESSIONS)]
    )
    planned_participants = models.PositiveIntegerField(
        _("planned participants (person-times)"), default=0, validators=[AtMost(MAX_ONLINE_ATTENDANCE)]
    )
    planned_budget = models.DecimalField(
        _("planned budget (yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00")), AtMost(limits.MAX_YUAN)],
    )
    leadership = models.TextField(
        _("how the president and secretary-general lead"),
        blank=True,
        max_length=limits.TEXT,
        help_text=_("For example: the president gives a lecture, the secretary-general leads the volunteers."),
    )
    volunteer_plan = models.TextField(_("volunteer team plan"), blank=True, max_length=limits.TEXT)
    brands_to_build = models.TextField(_("brands to build"), blank=True, max_length=limits.TEXT)

    class Meta(Filing.Meta):
        verbose_name = _("outreach plan")
        verbose_name_plural = _("outreach plans")
        ordering = ["-year", "society__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "year"],
                name="one_outreach_plan_per_year",
                violation_error_message=_("Your society already has an outreach plan for this year."),
            )
        ]

    def __str__(self) -> str:
        return _("%(year)s outreach plan") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return pk_url("activities:plan_detail", self.pk)


# --- lookup lists kept by staff ---------------------------------------------------------------


class Theme(models.Model):
    """科普主题 — a subject the association asks societies to cover (双碳, 食品安全 …)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True, help_text=_("Only offered themes can be chosen."))

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """重点科普活动 — a recurring national or regional campaign (全国科技工作者日, 科技活动周 …)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=limits.NOTE)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True, help_text=_("Only offered campaigns can be chosen."))

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class CampaignWindow(models.Model):
    """When a campaign runs in one year, and what it is called that year (全国科普日 → 全国科普月)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="windows")
    year = models.PositiveSmallIntegerField(_("year"), validators=[PlausibleYear()])
    title = models.CharField(
        _("name that year"), max_length=50, blank=True, help_text=_("Leave empty when it is the campaign's name.")
    )
    starts_on = models.DateField(_("starts on"), validators=[PlausibleDate()])
    ends_on = models.DateField(_("ends on"), validators=[PlausibleDate()])

    class Meta:
        verbose_name = _("campaign dates")
        verbose_name_plural = _("campaign dates")
        ordering = ["campaign", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "year"], name="one_campaign_window_per_year"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="campaign_window_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.title or self.campaign.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(_("The end date is before the start date."))
        # A campaign starts in its year and lasts at most a year.
        starts = self.starts_on if limits.plausible(self, "starts_on") else None
        errors = limits.date_errors(
            self,
            {
                "starts_on": limits.years_window(self.year),
                "ends_on": (starts, limits.years_after(starts, 1)) if starts else None,
            },
        )
        if errors:
            raise ValidationError(errors)

    def overlaps(self, start: datetime.date, end: datetime.date) -> bool:
        return start <= self.ends_on and end >= self.starts_on

    @classmethod
    def outside(cls, *, campaigns, start: datetime.date, end: datetime.date) -> list[CampaignWindow]:
        """The windows of ``campaigns`` in the years of ``start``..``end`` that the dates miss.

        A campaign without dates for that year is not checked: staff may not have set them yet.
        """
        windows = cls.objects.filter(campaign__in=campaigns, year__in={start.year, end.year}).select_related("campaign")
        by_campaign: dict[int, list[CampaignWindow]] = {}
        for window in windows:
            by_campaign.setdefault(window.campaign_id, []).append(window)
        return [ws[0] for ws in by_campaign.values() if not any(w.overlaps(start, end) for w in ws)]


# --- activities ---------------------------------------------------------------------------------


class Setting(models.TextChoices):
    """Where the outreach reaches people (the notice's 进学校、进乡村、进社区、进机关、进企业、进家庭)."""

    SCHOOL = "school", _("In schools")
    VILLAGE = "village", _("In villages")
    COMMUNITY = "community", _("In communities")
    GOVERNMENT = "government", _("In government offices")
    ENTERPRISE = "enterprise", _("In enterprises")
    FAMILY = "family", _("In families")
    VENUE = "venue", _("In science venues")
    ONLINE = "online", _("Online")


class DeliveryMode(models.TextChoices):
    OFFLINE = "offline", _("Offline")
    ONLINE = "online", _("Online (new media)")
    BOTH = "both", _("Online and offline")


class ExchangeKind(models.TextChoices):
    """科普国际及港澳台交流合作 (notice 二(八))."""

    NONE = "", _("None")
    INTERNATIONAL = "international", _("International")
    HK_MACAO_TAIWAN = "hmt", _("Hong Kong, Macao and Taiwan")
    CHINA_ASEAN = "asean", _("China–ASEAN")


class ActivityQuerySet(FilingQuerySet):
    LIST_FIELDS = (
        "society_id", "year", "status", "title", "start_date", "end_date", "city", "place", "setting",
        "offline_attendance", "online_attendance",
    )  # fmt: skip

    def for_list(self) -> ActivityQuerySet:
        """What the secretary's list shows and no more: its columns, and the themes of each row in
        ``theme_list`` (one query for the page, and no queryset built per row as ``themes.all``
        would in the template)."""
        themes = models.Prefetch("themes", queryset=Theme.objects.only("name"), to_attr="theme_list")
        return self.select_related(None).only(*self.LIST_FIELDS).prefetch_related(themes)


class Activity(Filing):
    """科普活动 — one outreach activity a society ran, with its figures, photos and content review."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=limits.LONG_TEXT)
    start_date = models.DateField(_("start date"), validators=[PlausibleDate()])
    end_date = models.DateField(_("end date"), validators=[PlausibleDate()])
    place = models.CharField(_("place"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=20, choices=City.choices)
    setting = models.CharField(_("setting"), max_length=20, choices=Setting.choices)
    delivery_mode = models.CharField(
        _("form"), max_length=10, choices=DeliveryMode.choices, default=DeliveryMode.OFFLINE
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="activities")
    campaigns = models.ManyToManyField(
        Campaign,
        verbose_name=_("campaigns"),
        blank=True,
        related_name="activities",
        help_text=_("The campaigns this activity was part of, if any."),
    )
    co_organisers = models.ManyToManyField(
        "societies.Society",
        verbose_name=_("co-organising societies"),
        blank=True,
        related_name="co_organised_activities",
    )
    exchange_kind = models.CharField(
        _("exchange and cooperation"), max_length=20, choices=ExchangeKind.choices, default="", blank=True
    )
    partner = models.CharField(_("partner organisation"), max_length=200, blank=True)
    partner_country = models.CharField(_("partner country or region"), max_length=100, blank=True)

    # Figures: sessions (场次) and attendance (人次), offline and online kept apart.
    # Bounds: well above the largest real event, far below a typing slip (sessions of a lecture tour,
    # a science-day fair's visitors, the viewers of a live stream).
    offline_sessions = models.PositiveIntegerField(_("offline sessions"), default=0, validators=[AtMost(MAX_SESSIONS)])
    offline_attendance = models.PositiveIntegerField(
        _("offline attendance (person-times)"), default=0, validators=[AtMost(MAX_OFFLINE_ATTENDANCE)]
    )
    online_sessions = models.PositiveIntegerField(_("online sessions"), default=0, validators=[AtMost(MAX_SESSIONS)])
    online_attendance = models.PositiveIntegerField(
        _("online attendance (person-times)"), default=0, validators=[AtMost(MAX_ONLINE_ATTENDANCE)]
    )
    volunteer_count = models.PositiveIntegerField(
        _("volunteers taking part"), default=0, validators=[AtMost(MAX_PEOPLE_TAKING_PART)]
    )
    expert_count = models.PositiveIntegerField(
        _("experts taking part"), default=0, validators=[AtMost(MAX_PEOPLE_TAKING_PART)]
    )
    president_took_part = models.BooleanField(_("the president took part"), default=False)
    secretary_general_took_part = models.BooleanField(_("the secretary-general took part"), default=False)

    news_url = models.URLField(_("news report link"), max_length=500, blank=True)
    kepu_china_url = models.URLField(_("Kepu China (科普中国) link"), max_length=500, blank=True)

    # Content review 政治性、科学性审核 (notice 二(三)): by an expert of the society's own roster.
    content_reviewer = models.ForeignKey(
        "societies.Volunteer",
        verbose_name=_("content reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_activities",
        help_text=_("An outreach expert from your society's roster."),
    )
    political_review_passed = models.BooleanField(_("political review passed"), default=False)
    scientific_review_passed = models.BooleanField(_("scientific review passed"), default=False)
    content_reviewed_on = models.DateField(
        _("content reviewed on"), null=True, blank=True, validators=[PlausibleDate(past_only=True)]
    )
    content_review_note = models.TextField(_("content review notes"), blank=True, max_length=limits.NOTE)

    objects = ActivityQuerySet.as_manager()

    class Meta(Filing.Meta):
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        ordering = ["-start_date", "-pk"]
        indexes = [
            *Filing.Meta.indexes,
            models.Index(fields=["start_date"], name="activity_start_date_idx"),
            models.Index(fields=["city", "year"], name="activity_city_year_idx"),
            models.Index(fields=["society", "-start_date"], name="activity_society_start_idx"),
            # The secretary list: one society's year, newest first (an index-only first page).
            models.Index(fields=["society", "year", "-start_date", "-id"], name="activity_list_idx"),
            # The public calendar: one month of approved activities, in date order.
            models.Index(fields=["status", "start_date", "id"], name="activity_public_calendar_idx"),
            # The admin changelist filtered by status and city, in review-queue order: the first
            # page comes from the index (walking the queue index for one city's rows took 10 ms).
            models.Index(
                models.F("status"),
                models.F("city"),
                REVIEW_QUEUE_RANK,
                models.F("submitted_at").asc(),
                models.F("id").desc(),
                name="activity_status_city_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="activity_ends_after_start",
                violation_error_message=_("The end date is before the start date."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return pk_url("activities:activity_detail", self.pk)

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        if not limits.plausible(self, "start_date"):
            return  # its own message says why; the year follows once it is plausible
        # An activity belongs to the year it starts in; it lasts at most a year, and its content is
        # reviewed in the year before it starts at the earliest, and not after today.
        self.year = self.start_date.year
        errors = limits.date_errors(
            self,
            {
                "end_date": (self.start_date, limits.years_after(self.start_date, 1)),
                "content_reviewed_on": (limits.years_after(self.start_date, -1), timezone.localdate()),
            },
        )
        if errors:
            raise ValidationError(errors)

    @property
    def total_sessions(self) -> int:
        return self.offline_sessions + self.online_sessions

    @property
    def date_span(self) -> str:
        """The dates as lists show them: 2026-09-15, 2026-09-15 – 09-17, 2026-12-30 – 2027-01-02."""
        start, end = self.start_date, self.end_date
        if end == start or end is None:
            return start.isoformat()
        return f"{start.isoformat()} – {end.isoformat() if end.year != start.year else end.strftime('%m-%d')}"

    @property
    def total_attendance(self) -> int:
        return self.offline_attendance + self.online_attendance

    @property
    def content_review_passed(self) -> bool:
        return not self.content_review_problems()

    def content_review_problems(self) -> list[str]:
        """What is missing from the 政治性、科学性审核; empty when the review has passed."""
        problems = []
        reviewer = self.content_reviewer
        if reviewer is None:
            problems.append(_("Name the expert who reviewed the content."))
        elif reviewer.society_id != self.society_id or not reviewer.is_expert:
            problems.append(_("The content reviewer must be an outreach expert on your society's roster."))
        if not self.political_review_passed:
            problems.append(_("The political review has not passed."))
        if not self.scientific_review_passed:
            problems.append(_("The scientific review has not passed."))
        if self.content_reviewed_on is None:
            problems.append(_("Give the date of the content review."))
        return problems

    def submission_problems(self) -> list[str]:
        problems = self.content_review_problems()
        if problems:
            return [_("The content review (political and scientific) must pass before submission:"), *problems]
        return []


class ActivityPhoto(models.Model):
    """A photo of an activity, re-encoded on upload, with a thumbnail for lists and the admin."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=SocietyUploadTo("activity-photos"), max_length=200)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=SocietyUploadTo("activity-thumbnails"), max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name or f"#{self.pk}"

    @property
    def society_id(self):
        """The owning society, for the upload path (``SocietyUploadTo``)."""
        return self.activity.society_id


class ActivityAttachment(models.Model):
    """A document about an activity (programme, sign-in sheet …): PDF, Word or Excel only."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=SocietyUploadTo("activity-attachments"), max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity attachment")
        verbose_name_plural = _("activity attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def society_id(self):
        return self.activity.society_id


# --- yearly summary ---------------------------------------------------------------------------


class AnnualSummary(Filing):
    """年度科普工作总结 — a society's yearly outreach summary, with its figures frozen at submission."""

    narrative = models.TextField(_("summary of the year's work"), max_length=limits.LONG_TEXT)
    highlights = models.TextField(_("highlights and innovations"), blank=True, max_length=limits.TEXT)
    problems = models.TextField(_("problems and shortcomings"), blank=True, max_length=limits.TEXT)
    next_year_ideas = models.TextField(_("ideas for next year"), blank=True, max_length=limits.TEXT)
    figures = models.JSONField(_("figures"), null=True, blank=True, editable=False)
    figures_computed_at = models.DateTimeField(_("figures computed at"), null=True, blank=True, editable=False)

    ASSOCIATION_FIELDS = (*Filing.ASSOCIATION_FIELDS, "figures", "figures_computed_at")

    class Meta(Filing.Meta):
        verbose_name = _("yearly summary")
        verbose_name_plural = _("yearly summaries")
        ordering = ["-year", "society__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "year"],
                name="one_annual_summary_per_year",
                violation_error_message=_("Your society already has a yearly summary for this year."),
            )
        ]

    def __str__(self) -> str:
        return _("%(year)s yearly summary") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return pk_url("activities:summary_detail", self.pk)

    @property
    def figures_are_frozen(self) -> bool:
        return self.is_filed and self.figures is not None

    def prepare_submission(self) -> list[str]:
        """Freeze the year's figures into the summary as it is submitted."""
        from django.utils import timezone

        from .figures import summary_figures

        self.figures = summary_figures(society=self.society, year=self.year)
        self.figures_computed_at = timezone.now()
        return ["figures", "figures_computed_at"]
