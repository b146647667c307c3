"""Demo science education bases for the demo societies: `python manage.py seed_demo_bases` (after seed_demo).

Each base has the past four years' annual reports (approved) and this year's (approved for the
designated bases, in review for the society-level one): the statistics' year-on-year figures and
five-year trend.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from bases.models import BaseAnnualReport, BaseCategory, EducationBase, Recommendation, designation_valid_until
from societies.framework.workflow import FilingStatus
from societies.models import User

BASES = [
    # secretary, name, host unit, category, city, address, level, batch, valid from (years ago, days)
    (
        "wuli",
        "广西大学物理科普馆",
        "广西大学物理科学与工程技术学院",
        "科技场馆类",
        "nanning",
        "南宁市西乡塘区大学东路100号",
        "guangxi",
        "第一批",
        (4, 300),
    ),
    (
        "wuli",
        "南宁天文观测科普站",
        "南宁市青少年活动中心",
        "教育科研与重大工程类",
        "nanning",
        "南宁市青秀区",
        "society",
        "",
        None,
    ),
    (
        "nongxue",
        "广西农科院现代农业科普示范园",
        "广西农业科学院",
        '"三农"类',
        "nanning",
        "南宁市西乡塘区大学东路174号",
        "national",
        "第二批",
        (2, 0),
    ),
]


class Command(BaseCommand):
    help = "Create demo science education bases, an annual report and a recommendation."

    @transaction.atomic
    def handle(self, *args, **options):
        today, now = timezone.localdate(), timezone.now()
        staff = User.objects.filter(username="kx_staff").first()
        created = 0
        for username, name, host, category, city, address, level, batch, age in BASES:
            try:
                secretary = User.objects.select_related("society").get(username=username)
            except User.DoesNotExist:
                raise CommandError(f"Run seed_demo first: there is no user {username!r}.") from None
            category_obj, _ = BaseCategory.objects.get_or_create(name=category)
            valid_from = None
            if age:
                valid_from = today - datetime.timedelta(days=365 * age[0] + age[1])
            base, new = EducationBase.objects.get_or_create(
                society=secretary.society,
                name=name,
                defaults={
                    "host_unit": host,
                    "category": category_obj,
                    "city": city,
                    "address": address,
                    "opening_days": 260,
                    "level": level,
                    "batch": f"{valid_from.year}年{batch}" if valid_from else "",
                    "valid_from": valid_from,
                    "valid_until": designation_valid_until(valid_from) if valid_from else None,
                },
            )
            created += new
            # The past four years' reports approved; this year's approved for the designated bases,
            # in review for the other.
            for year, share, status in (
                *((today.year - age, 1 - 0.1 * age, FilingStatus.APPROVED) for age in (4, 3, 2, 1)),
                (today.year, 1.0, FilingStatus.APPROVED if level != "society" else FilingStatus.SUBMITTED),
            ):
                submitted = min(timezone.make_aware(datetime.datetime(year, 11, 20, 10)), now)
                decided = {"reviewed_at": min(submitted + datetime.timedelta(days=4), now), "reviewed_by": staff}
                BaseAnnualReport.objects.get_or_create(
                    society=secretary.society,
                    base=base,
                    year=year,
                    defaults={
                        "visitors": int(18500 * share * (1 + 0.4 * (level == "national"))),
                        "activities_held": int(36 * share),
                        "online_visits": int(52000 * share),
                        "staff_count": 8,
                        "volunteer_count": 45,
                        "highlights": "全国科技活动周期间举办开放日，接待中小学生3000余人次。",
                        "status": status,
                        "submitted_at": submitted,
                        **(decided if status == FilingStatus.APPROVED else {}),
                    },
                )
            if level == "society":
                Recommendation.objects.get_or_create(
                    society=secretary.society,
                    base=base,
                    year=today.year,
                    target_level="guangxi",
                    defaults={"reasons": "设备完善，常年面向青少年开放，年开展科普活动30余场。"},
                )
        self.stdout.write(f"Science education bases: {created} created.")
