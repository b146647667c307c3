"""What societies plan and do: yearly outreach plans (more filings follow in this app)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from societies.filing import Filing


class OutreachPlan(Filing):
    """年度科普工作计划 — a society's outreach plan for one year."""

    goals = models.TextField(_("goals"))
    key_projects = models.TextField(_("key projects"), blank=True)
    planned_activity_count = models.PositiveIntegerField(_("planned activities"), default=0)
    planned_participants = models.PositiveIntegerField(_("planned participants (person-times)"), default=0)
    planned_budget = models.DecimalField(
        _("planned budget (yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    leadership = models.TextField(
        _("how the president and secretary-general lead"),
        blank=True,
        help_text=_("For example: the president gives a lecture, the secretary-general leads the volunteers."),
    )
    volunteer_plan = models.TextField(_("volunteer team plan"), blank=True)
    brands_to_build = models.TextField(_("brands to build"), blank=True)

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
        return reverse("activities:plan_detail", args=[self.pk])
