"""Every beat schedule of the portal, defined here and only here.

``schedules_sync`` writes them to django-celery-beat's tables (``manage.py setup_schedules``,
run by ``make up`` and the Procfile's beat). Staff may then change times in the admin: a sync
creates what is missing and leaves staff's edits alone unless asked to reset.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    crontab: dict | None = None  # minute, hour, day_of_week, day_of_month, month_of_year
    every_seconds: int | None = None
    description: str = ""
    # Earlier defaults of this crontab: a stored schedule still on one was not staff's choice, so
    # a sync brings it up to date ("updated") instead of keeping it.
    replaces: tuple[dict, ...] = ()


SCHEDULES: tuple[Schedule, ...] = (
    Schedule(
        name="deadline-reminders",
        task="kepu_portal.tasks.sweep_reminders",
        # Every hour on the hour (Asia/Shanghai): a run lost with the broker is made up within the
        # hour. Sweeps before settings.REMINDER_HOUR (08:00) send nothing; the ledger makes the
        # later ones of the day send nothing twice.
        crontab={"minute": "0", "hour": "*"},
        description="Hourly from 08:00: remind societies of their filing deadlines.",
        replaces=({"minute": "0", "hour": "8"},),  # daily at 08:00, until issue 12
    ),
    Schedule(
        name="outbox-drain",
        task="societies.tasks.drain_outbox",
        every_seconds=60,
        description="Every minute: deliver emails whose delivery was not enqueued or was lost.",
    ),
)


def _on_replaced_default(task, schedule: Schedule) -> bool:
    crontab = task.crontab
    if crontab is None or task.task != schedule.task:
        return False
    stored = {f: getattr(crontab, f) for f in ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")}
    return any(stored == _crontab_fields(old) for old in schedule.replaces)


def _crontab_fields(crontab: dict) -> dict:
    return {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"} | crontab


def schedules_sync(*, reset: bool = False) -> list[tuple[str, str]]:
    """Make django-celery-beat hold ``SCHEDULES``; returns (name, "created"/"reset"/"updated"/"kept").

    Side effects: creates missing ``PeriodicTask`` rows (and their crontab/interval); with
    ``reset``, puts existing ones back to the schedule defined here; without, updates those still
    on an earlier default of the code (``Schedule.replaces``) and keeps staff's edits. Idempotent.
    """
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    results = []
    with transaction.atomic():
        for schedule in SCHEDULES:
            fields = {"task": schedule.task, "description": schedule.description, "crontab": None, "interval": None}
            if schedule.crontab is not None:
                fields["crontab"], _ = CrontabSchedule.objects.get_or_create(
                    timezone=settings.TIME_ZONE, **_crontab_fields(schedule.crontab)
                )
            else:
                fields["interval"], _ = IntervalSchedule.objects.get_or_create(
                    every=schedule.every_seconds, period=IntervalSchedule.SECONDS
                )
            task = PeriodicTask.objects.filter(name=schedule.name).first()
            if task is None:
                PeriodicTask.objects.create(name=schedule.name, enabled=True, **fields)
                results.append((schedule.name, "created"))
            elif reset or _on_replaced_default(task, schedule):
                outcome = "reset" if reset else "updated"
                for field, value in fields.items():
                    setattr(task, field, value)
                task.enabled = task.enabled or reset  # a task staff turned off stays off unless reset
                task.save()
                results.append((schedule.name, outcome))
            else:
                results.append((schedule.name, "kept"))
    return results
