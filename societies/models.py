"""Societies, their people, volunteers, brands and commendations.

The shared filing workflow lives in ``societies.framework.filing``; every app above this one builds its
filings on it.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import City, DisciplineGroup, Role, SocietyLevel
from .framework import limits
from .framework.limits import AtMost, PlausibleDate, PlausibleYear
from .framework.links import pk_url
from .framework.querysets import SocietyOwnedQuerySet, SocietyQuerySet


class Society(models.Model):
    """学会 — a learned society under the association."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    discipline = models.CharField(_("discipline group"), max_length=20, choices=DisciplineGroup.choices)
    level = models.CharField(_("level"), max_length=10, choices=SocietyLevel.choices, default=SocietyLevel.REGION)
    city = models.CharField(_("city"), max_length=20, choices=City.choices, default=City.NANNING)
    supervising_unit = models.CharField(_("supervising unit"), max_length=200, blank=True)
    president = models.CharField(_("president"), max_length=50, blank=True)
    secretary_general = models.CharField(_("secretary-general"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    member_count = models.PositiveIntegerField(_("members"), default=0, validators=[AtMost(1_000_000)])
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    objects = SocietyQuerySet.as_manager()

    # Who the society is (and whether it is active) is the association's record.
    ASSOCIATION_FIELDS = ("name", "level", "city", "is_active")

    class Meta:
        verbose_name = _("society")
        verbose_name_plural = _("societies")
        ordering = ["name"]
        indexes = [models.Index(fields=["city", "level"])]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: a society secretary, a city reviewer or association staff."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ASSOCIATION)
    society = models.ForeignKey(
        Society,
        verbose_name=_("society"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Required for society secretaries."),
    )
    city = models.CharField(
        _("city"),
        max_length=20,
        choices=City.choices,
        blank=True,
        help_text=_("Required for city association reviewers."),
    )

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="secretary") | Q(society__isnull=False),
                name="secretary_has_society",
                violation_error_message=_("A society secretary must belong to a society."),
            ),
            models.CheckConstraint(
                condition=~Q(role="city_reviewer") | ~Q(city=""),
                name="city_reviewer_has_city",
                violation_error_message=_("A city reviewer must have a city."),
            ),
        ]

    @property
    def is_secretary(self) -> bool:
        return self.role == Role.SECRETARY and self.society_id is not None

    @property
    def is_city_reviewer(self) -> bool:
        return self.role == Role.CITY_REVIEWER and bool(self.city)

    @property
    def is_association_staff(self) -> bool:
        return self.is_active and self.is_staff and self.role == Role.ASSOCIATION


class Volunteer(models.Model):
    """科技志愿者 / 科普专家 — a science volunteer or outreach expert on a society's roster."""

    society = models.ForeignKey(Society, verbose_name=_("society"), on_delete=models.CASCADE, related_name="volunteers")
    name = models.CharField(_("name"), max_length=50)
    profession = models.CharField(_("profession"), max_length=100, blank=True)
    expertise = models.CharField(_("field of expertise"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_expert = models.BooleanField(
        _("outreach expert"), default=False, help_text=_("Experts can review activity content.")
    )
    joined_on = models.DateField(
        _("joined on"), null=True, blank=True, validators=[PlausibleDate(1950, past_only=True)]
    )

    objects = SocietyOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["-is_expert", "name", "pk"]
        indexes = [models.Index(fields=["society", "is_expert"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return pk_url("societies:volunteer_update", self.pk)


class Brand(models.Model):
    """科普品牌 — a society's named flagship outreach programme."""

    society = models.ForeignKey(Society, verbose_name=_("society"), on_delete=models.CASCADE, related_name="brands")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=limits.TEXT)
    started_year = models.PositiveSmallIntegerField(
        _("started in"), null=True, blank=True, validators=[PlausibleYear(1950, ahead=0)]
    )
    website = models.URLField(_("website"), blank=True)

    objects = SocietyOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["society", "name"],
                name="brand_name_unique_per_society",
                violation_error_message=_("Your society already has a brand with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return pk_url("societies:brand_update", self.pk)


class CommendationKind(models.TextChoices):
    FEATURED_SOCIETY = "featured_society", _("Featured outreach society")
    DEMONSTRATION = "demonstration", _("Outreach demonstration / pilot society")
    ADVANCED_GROUP = "advanced_group", _("Advanced group")
    ADVANCED_PERSON = "advanced_person", _("Advanced individual")
    EXCELLENT_TEAM = "excellent_team", _("Excellent outreach team")
    AWARD_NOMINATION = "award_nomination", _("Nominated for a national or regional award")


class Commendation(models.Model):
    """表彰 — the association's commendation of a society, team or person."""

    society = models.ForeignKey(
        Society, verbose_name=_("society"), on_delete=models.CASCADE, related_name="commendations"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[PlausibleYear()])
    kind = models.CharField(_("kind"), max_length=30, choices=CommendationKind.choices)
    honoree = models.CharField(
        _("honoree"), max_length=200, blank=True, help_text=_("Team or person, when not the society itself.")
    )
    citation = models.TextField(_("citation"), blank=True, max_length=limits.TEXT)
    awarded_on = models.DateField(_("awarded on"), validators=[PlausibleDate()])
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("awarded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SocietyOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-year", "society__name"]
        indexes = [models.Index(fields=["year", "kind"])]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} — {self.society}"

    def clean(self):
        super().clean()
        # A year's commendations are awarded in that year or the next.
        errors = limits.date_errors(self, {"awarded_on": limits.years_window(self.year, after=1)})
        if errors:
            raise ValidationError(errors)


__all__ = ["City", "DisciplineGroup", "Role", "SocietyLevel", "Society", "User", "Volunteer", "Brand", "Commendation"]

# The outbox model lives beside its delivery services; importing it here registers it with the app.
# Likewise the notifications behind the bell.
from .framework.notifications import Notification  # noqa: E402, F401
from .framework.outbox import OutboxEmail  # noqa: E402, F401
