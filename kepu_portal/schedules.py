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


SCHEDULES: tuple[Schedule, ...] = (
    Schedule(
        name="deadline-reminders",
        task="kepu_portal.tasks.sweep_reminders",
        crontab={"minute": "0", "hour": "8"},  # 08:00 in settings.TIME_ZONE (Asia/Shanghai)
        description="Daily: remind societies of their filing deadlines.",
    ),
    Schedule(
        name="outbox-drain",
        task="societies.tasks.drain_outbox",
        every_seconds=60,
        description="Every minute: deliver emails whose delivery was not enqueued or was lost.",
    ),
)


def schedules_sync(*, reset: bool = False) -> list[tuple[str, str]]:
    """Make django-celery-beat hold ``SCHEDULES``; returns (name, "created"/"reset"/"kept").

    Side effects: creates missing ``PeriodicTask`` rows (and their crontab/interval); with
    ``reset``, puts existing ones back to the schedule defined here. Idempotent.
    """
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    results = []
    with transaction.atomic():
        for schedule in SCHEDULES:
            fields = {"task": schedule.task, "description": schedule.description, "crontab": None, "interval": None}
            if schedule.crontab is not None:
                fields["crontab"], _ = CrontabSchedule.objects.get_or_create(
                    timezone=settings.TIME_ZONE,
                    **{"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}
                    | schedule.crontab,
                )
            else:
                fields["interval"], _ = IntervalSchedule.objects.get_or_create(
                    every=schedule.every_seconds, period=IntervalSchedule.SECONDS
                )
            task = PeriodicTask.objects.filter(name=schedule.name).first()
            if task is None:
                PeriodicTask.objects.create(name=schedule.name, enabled=True, **fields)
                results.append((schedule.name, "created"))
            elif reset:
                for field, value in fields.items():
                    setattr(task, field, value)
                task.enabled = True
                task.save()
                results.append((schedule.name, "reset"))
            else:
                results.append((schedule.name, "kept"))
    return results
