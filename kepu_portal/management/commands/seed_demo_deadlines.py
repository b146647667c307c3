"""Demo deadlines so that a first look shows the home page's deadline card and the reminder log.

`python manage.py seed_demo_deadlines` (after seed_demo; safe to run again): this year's outreach
plan due in three weeks, last year's summary overdue by ten days.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from kepu_portal.models import Deadline


class Command(BaseCommand):
    help = "Create demo deadlines relative to today (idempotent)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        wanted = [
            (
                "plan",
                today.year,
                today + datetime.timedelta(days=21),
                "请按《意见》要求报送本年度科普工作计划。",
            ),
            (
                "summary",
                today.year - 1,
                today - datetime.timedelta(days=10),
                "请尽快报送上年度科普工作总结。",
            ),
        ]
        created = 0
        for kind, year, due_on, note in wanted:
            _deadline, made = Deadline.objects.get_or_create(
                kind=kind, year=year, defaults={"due_on": due_on, "note": note, "reminders_from": today}
            )
            created += made
        self.stdout.write(self.style.SUCCESS(f"Deadlines: {created} created."))
