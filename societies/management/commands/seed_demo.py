"""Demo data for a first look at the portal: `python manage.py seed_demo` (safe to run again)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from societies.choices import City, DisciplineGroup, Role, SocietyLevel
from societies.models import Brand, Commendation, CommendationKind, Society, User, Volunteer
from societies.services import role_groups_ensure

DEMO_PASSWORD = "kepu-demo-2026"  # noqa: S105  (printed on purpose: demo logins on a local database)

SOCIETIES = [
    # name, short name, level, city, discipline, secretary username, members
    ("广西物理学会", "物理学会", SocietyLevel.REGION, City.NANNING, DisciplineGroup.SCIENCE, "wuli", 420),
    ("广西农学会", "农学会", SocietyLevel.REGION, City.NANNING, DisciplineGroup.AGRICULTURE, "nongxue", 860),
    ("柳州市医学会", "柳州医学会", SocietyLevel.CITY, City.LIUZHOU, DisciplineGroup.MEDICINE, "lz_yixue", 1300),
    ("桂林市气象学会", "桂林气象学会", SocietyLevel.CITY, City.GUILIN, DisciplineGroup.SCIENCE, "gl_qixiang", 150),
]

VOLUNTEERS = [
    ("李明", "高校教师", "光学、科学辟谣", True),
    ("王芳", "中学教师", "青少年科学教育", False),
    ("陈刚", "研究员", "双碳与能源", True),
]


class Command(BaseCommand):
    help = "Create demo users, societies, volunteers and brands, and print the logins."

    @transaction.atomic
    def handle(self, *args, **options):
        association_group, reviewer_group = role_groups_ensure()
        logins = []

        admin, created = User.objects.get_or_create(
            username="admin",
            defaults={"is_staff": True, "is_superuser": True, "role": Role.ASSOCIATION, "last_name": "科协管理员"},
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        logins.append(("admin", "科协管理员（超级用户）"))

        staff, created = self._user("kx_staff", role=Role.ASSOCIATION, is_staff=True, last_name="学会部 张审核")
        staff.groups.add(association_group)
        logins.append(("kx_staff", "科协学会部工作人员"))

        reviewer, _ = self._user(
            "lz_reviewer", role=Role.CITY_REVIEWER, city=City.LIUZHOU, is_staff=True, last_name="柳州市科协 刘审核"
        )
        reviewer.groups.add(reviewer_group)
        logins.append(("lz_reviewer", "柳州市科协审核员"))

        for name, short, level, city, discipline, username, members in SOCIETIES:
            society, _ = Society.objects.get_or_create(
                name=name,
                defaults={
                    "short_name": short,
                    "level": level,
                    "city": city,
                    "discipline": discipline,
                    "member_count": members,
                    "president": "周理事长",
                    "secretary_general": "吴秘书长",
                    "contact_email": f"{username}@example.org",
                    "supervising_unit": "广西壮族自治区科学技术协会",
                },
            )
            self._user(username, role=Role.SECRETARY, society=society, last_name=f"{short}秘书")
            logins.append((username, f"{name}秘书"))
            for v_name, profession, expertise, is_expert in VOLUNTEERS:
                Volunteer.objects.get_or_create(
                    society=society,
                    name=v_name,
                    defaults={
                        "profession": profession,
                        "expertise": expertise,
                        "is_expert": is_expert,
                        "joined_on": datetime.date(2023, 3, 1),
                    },
                )
            Brand.objects.get_or_create(
                society=society,
                name=f"{short}科普大讲堂",
                defaults={"started_year": 2019, "description": "面向公众的系列科普讲座。"},
            )

        # Last year's commendations, for the public honour roll and the scorecards.
        last_year = datetime.date.today().year - 1
        for name, kind, honoree in (
            ("广西物理学会", CommendationKind.FEATURED_SOCIETY, ""),
            ("柳州市医学会", CommendationKind.EXCELLENT_TEAM, "柳州市医学会健康科普志愿服务队"),
        ):
            Commendation.objects.get_or_create(
                society=Society.objects.get(name=name),
                year=last_year,
                kind=kind,
                defaults={
                    "honoree": honoree,
                    "citation": "科普工作成绩突出，科普品牌影响广泛。",
                    "awarded_on": datetime.date(last_year, 12, 20),
                    "awarded_by": admin,
                },
            )

        # The address the portal is served at (``make run`` sets SITE_URL from HOST and PORT).
        self.stdout.write(self.style.SUCCESS(f"Demo data is ready. Sign in at {settings.SITE_URL}/ with:"))
        for username, what in logins:
            self.stdout.write(f"  {username:<12} / {DEMO_PASSWORD}   {what}")

    def _user(self, username, **fields):
        user, created = User.objects.get_or_create(
            username=username, defaults={**fields, "email": f"{username}@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user, created
