"""Background tasks of the portal: the hourly reminder sweep and its per-society fan-out."""

import datetime

from celery import shared_task
from django.utils import timezone

from . import reminders


@shared_task
def sweep_reminders(*, on: str | None = None) -> int:
    """Beat, hourly: find the reminders due today and enqueue one task per society.

    Before ``REMINDER_HOUR`` it sends nothing (``reminders.sweep_day``); ``on`` sweeps that day at once.
    """
    today = datetime.date.fromisoformat(on) if on else reminders.sweep_day(now=timezone.now())
    if today is None:
        return 0
    return len(reminders.reminder_sweep(today=today))


# Backoff capped well below the broker's visibility timeout (settings: a longer countdown is handed out twice).
@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=60, autoretry_for=(OSError,))
def remind_society(self, *, society_id: int, deadline_ids: list[int], on: str) -> int:
    """Claim and queue one society's reminders for the sweep of day ``on``; safe to run twice."""
    from societies.models import Society

    from .models import Deadline

    society = Society.objects.filter(pk=society_id).first()
    if society is None:
        return 0
    today = datetime.date.fromisoformat(on)
    sent = 0
    for deadline in Deadline.objects.filter(pk__in=deadline_ids).order_by("due_on", "pk"):
        sent += reminders.reminder_send(deadline=deadline, society=society, today=today) is not None
    return sent
