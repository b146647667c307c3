"""Deadlines that staff set each year, and the ledger of reminders sent about them.

``ReminderLog``'s unique constraint on (deadline, society, stage) is what makes a reminder go out
once: the row is inserted before the email is written, in the same transaction as the decision.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from societies.framework import limits
from societies.framework.deadlines import deadline_kind_choices
from societies.framework.limits import PlausibleDate, PlausibleYear


@dataclass(frozen=True)
class Stage:
    """One reminder of a deadline: ``key`` is what the ledger stores, ``on`` the day it is due."""

    key: str
    on: datetime.date
    days_before: int | None = None
    overdue_days: int | None = None

    @property
    def is_overdue(self) -> bool:
        return self.overdue_days is not None


def stage_on(
    *, due_on: datetime.date, today: datetime.date, days_before: list[int], overdue_every: int
) -> Stage | None:
    """The latest reminder stage dated on or before ``today`` (None before the first one).

    Before the due date the stages are ``before-<n>`` for each n in ``days_before``; from the day
    after it, ``overdue-1``, ``overdue-2``… every ``overdue_every`` days. Only the latest stage
    counts: a sweep that missed days sends that one, never the ones it skipped.
    """
    if today > due_on:
        number = (today - due_on).days - 1
        number -= number % overdue_every
        on = due_on + datetime.timedelta(days=1 + number)
        return Stage(f"overdue-{number // overdue_every + 1}", on, overdue_days=(on - due_on).days)
    passed = [n for n in days_before if due_on - datetime.timedelta(days=n) <= today]
    if not passed:
        return None
    n = min(passed)
    return Stage(f"before-{n}", due_on - datetime.timedelta(days=n), days_before=n)


class Deadline(models.Model):
    """截止日期 — when the filings of one kind for one year are due; staff set them in the admin."""

    # The kinds are the registered filing types' (``societies.framework.deadlines``).
    kind = models.CharField(_("kind"), max_length=20, choices=deadline_kind_choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=[PlausibleYear()])
    due_on = models.DateField(_("due on"), validators=[PlausibleDate()])
    note = models.TextField(
        _("note"), blank=True, max_length=limits.NOTE, help_text=_("Shown to secretaries and quoted in the reminders.")
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive deadlines send no reminders."))
    reminders_from = models.DateField(
        _("remind from"),
        default=timezone.localdate,
        validators=[PlausibleDate()],
        help_text=_("Reminder stages dated before this day are not sent, so a new deadline does not send past stages."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["-year", "due_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year"],
                name="one_deadline_per_kind_and_year",
                violation_error_message=_("There is already a deadline for this kind and year."),
            )
        ]

    def __str__(self) -> str:
        return _("%(year)s %(kind)s, due %(due)s") % {
            "year": self.year,
            "kind": self.get_kind_display(),
            "due": self.due_on.isoformat(),
        }

    def clean(self):
        # Filings of a year are due in that year or the next (a summary, say); reminders start at
        # most a year before the due date.
        due = self.due_on if limits.plausible(self, "due_on") else None
        errors = limits.date_errors(
            self,
            {
                "due_on": limits.years_window(self.year, after=1),
                "reminders_from": (limits.years_after(due, -1), due) if due else None,
            },
        )
        if errors:
            raise ValidationError(errors)

    def stage_on(self, today: datetime.date) -> Stage | None:
        """The reminder stage due on ``today``, if any, honouring ``reminders_from``."""
        stage = stage_on(
            due_on=self.due_on,
            today=today,
            days_before=settings.REMINDER_DAYS_BEFORE,
            overdue_every=settings.REMINDER_OVERDUE_EVERY_DAYS,
        )
        if stage is None or stage.on < self.reminders_from:
            return None
        return stage


class ReminderLog(models.Model):
    """One reminder claimed for a society, deadline and stage — at most one row, ever, per key."""

    deadline = models.ForeignKey(
        Deadline, verbose_name=_("deadline"), on_delete=models.PROTECT, related_name="reminders"
    )
    society = models.ForeignKey(
        "societies.Society", verbose_name=_("society"), on_delete=models.PROTECT, related_name="reminders"
    )
    stage = models.CharField(
        _("stage"), max_length=30, help_text=_("before-N, overdue-N (weekly repeats) or manual-YYYYMMDD.")
    )
    reminded_on = models.DateField(_("reminded on"), help_text=_("The day the sweep decided to remind."))
    email = models.OneToOneField(
        "societies.OutboxEmail",
        verbose_name=pgettext_lazy("an email message", "email"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reminder",
    )
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminder log")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "society", "stage"], name="one_reminder_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.deadline} · {self.society} · {self.stage}"
