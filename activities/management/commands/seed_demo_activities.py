"""Demo plans and activities for the demo societies, so that a first look shows the secretary
lists, the review queue, the public calendar and the statistics with something in them:
`manage.py seed_demo_activities` (after seed_demo; safe to run again).

Activities are dated around today: approved ones this month and last month (the public calendar
opens on this month), one waiting for review and one draft per society.
"""

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from activities.models import Activity, OutreachPlan, Theme
from societies.framework.workflow import FilingStatus
from societies.models import Role, Society, User

# title, days from today, setting, themes, attendance, status
ACTIVITIES = [
    ("{short}科学辟谣进社区", 0, "community", ["科学辟谣"], 320, FilingStatus.APPROVED),
    ("{short}双碳知识进校园", -20, "school", ["双碳", "能源安全"], 560, FilingStatus.APPROVED),
    ("{short}科学家精神报告会", -35, "venue", ["科学家精神"], 210, FilingStatus.APPROVED),
    ("{short}应急科普进乡村", -3, "village", ["应急"], 180, FilingStatus.SUBMITTED),
    ("{short}科普进企业（筹备中）", 10, "enterprise", ["科研成果科普"], 0, FilingStatus.DRAFT),
]


class Command(BaseCommand):
    help = "Create demo plans and activities for the demo societies (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        staff = User.objects.filter(username="kx_staff").first()
        societies = list(Society.objects.filter(users__role=Role.SECRETARY).distinct().order_by("pk"))
        if not societies or staff is None:
            raise CommandError("Run `manage.py seed_demo` first: there are no demo societies yet.")
        today = timezone.localdate()
        now = timezone.now()
        themes = {theme.name: theme for theme in Theme.objects.all()}
        made = 0
        for society in societies:
            OutreachPlan.objects.get_or_create(
                society=society,
                year=today.year,
                defaults={
                    "goals": "围绕《意见》要求，全年开展科普进学校、进乡村、进社区活动。",
                    "key_projects": "全国科普日系列活动；科学辟谣；双碳科普。",
                    "planned_activity_count": 12,
                    "planned_participants": 3000,
                    "planned_budget": Decimal("80000.00"),
                    "status": FilingStatus.APPROVED,
                    "submitted_at": now - datetime.timedelta(days=200),
                    "reviewed_at": now - datetime.timedelta(days=190),
                    "reviewed_by": staff,
                },
            )
            expert = society.volunteers.filter(is_expert=True).order_by("pk").first()
            for title, offset, setting, theme_names, attendance, status in ACTIVITIES:
                day = today + datetime.timedelta(days=offset)
                filed = status != FilingStatus.DRAFT
                activity, created = Activity.objects.get_or_create(
                    society=society,
                    title=title.format(short=society.short_name or society.name),
                    defaults={
                        "year": day.year,
                        "description": "学会组织专家和志愿者开展科普讲解、互动体验并发放科普资料。",
                        "start_date": day,
                        "end_date": day,
                        "city": society.city,
                        "place": f"{society.get_city_display()}科技馆",
                        "setting": setting,
                        "offline_sessions": 1 if attendance else 0,
                        "offline_attendance": attendance,
                        "volunteer_count": 6,
                        "expert_count": 1,
                        "content_reviewer": expert if filed else None,
                        "political_review_passed": filed,
                        "scientific_review_passed": filed,
                        "content_reviewed_on": day if filed else None,
                        "status": status,
                        "submitted_at": now if filed else None,
                        "reviewed_at": now if status == FilingStatus.APPROVED else None,
                        "reviewed_by": staff if status == FilingStatus.APPROVED else None,
                    },
                )
                if created:
                    activity.themes.set([themes[name] for name in theme_names if name in themes])
                    made += 1
        self.stdout.write(self.style.SUCCESS(f"Demo activities: {made} created."))
