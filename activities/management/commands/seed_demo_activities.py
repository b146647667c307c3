"""Demo plans, activities and summaries for the demo societies, so that a first look shows the
secretary lists, the review queue, the public calendar and the statistics with something in them
that a reviewer would believe: `manage.py seed_demo_activities` (after seed_demo; safe to run again).

- Around today: approved activities this month and last month (the public calendar opens on this
  month), one waiting for review and one draft per society.
- This year and the four before (the statistics' five-year trend): a year's programme per
  society — campaign activities dated inside their campaign's window that year (科技活动周,
  全国科技工作者日, 全国科普日/月), an exchange (international, Hong Kong/Macao/Taiwan or
  China–ASEAN) for three of the four societies, attendance growing a little every year. This
  year's only once their day has passed.
- Plans for every year whose planned activities and participants the year's programme meets
  at 70–140 %; the past years' summaries filed, with their figures frozen as a submission freezes
  them — last year's: three (two approved, one in review); 桂林气象学会 has not filed yet: the
  overdue deadline of seed_demo_deadlines is its.
"""

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from activities.figures import summary_figures
from activities.models import Activity, AnnualSummary, Campaign, CampaignWindow, OutreachPlan, Theme
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
AROUND_TODAY_FILED = 4

SCIENCE_WEEK, SCIENCE_DAY = "科技活动周", "全国科普日/全国科普月"
# A year's programme: title, (month, day) or (campaign, day of its window), setting, themes,
# offline and online attendance, exchange (True: the society's own kind of exchange).
PROGRAMME = [
    ("学雷锋科技志愿服务进社区", (3, 12), "community", ["科学辟谣"], 260, 0, False),
    ("科学辟谣线上讲座", (4, 18), "online", ["科学辟谣", "卫生健康"], 0, 3200, False),
    ("科技活动周科普开放日", (SCIENCE_WEEK, 2), "venue", ["科研成果科普"], 640, 0, False),
    ("全国科技工作者日科学家精神报告会", ("全国科技工作者日", 0), "venue", ["科学家精神"], 300, 1800, False),
    ("青少年暑期科学营", (7, 16), "school", ["双减"], 120, 0, False),
    ("全国科普日（月）科普进乡村", (SCIENCE_DAY, 3), "village", ["乡村振兴"], 420, 0, False),
    ("科普交流合作活动", (10, 22), "venue", ["卫生健康", "气候变化"], 150, 2600, True),
    ("应急避险科普进校园", (11, 8), "school", ["应急", "灾害风险"], 380, 0, False),
]
# Parts of the programme that began in a later year (years before this one): the older years had fewer.
STARTED = {"科学辟谣线上讲座": 2, "科普交流合作活动": 3, "青少年暑期科学营": 1}
# Per demo society (by secretary): its exchange (kind, partner, country), how far its year's
# programme goes beyond its plan, and how busy it is.
SOCIETIES = {
    "wuli": (("asean", "越南河内科学技术联合会", "越南"), Decimal("1.25"), Decimal("1.0")),
    "nongxue": (("international", "泰国农业大学", "泰国"), Decimal("0.85"), Decimal("1.3")),
    "lz_yixue": (("hmt", "香港医学会", "中国香港"), Decimal("1.10"), Decimal("1.6")),
    "gl_qixiang": (None, Decimal("0.72"), Decimal("0.6")),
}
# This year and the four before (the statistics' five-year trend), the older ones a little quieter.
GROWTH = (Decimal("1.0"), Decimal("0.85"), Decimal("0.75"), Decimal("0.7"), Decimal("0.6"))
LAST_YEARS_SUMMARY = {
    "wuli": FilingStatus.APPROVED,
    "nongxue": FilingStatus.APPROVED,
    "lz_yixue": FilingStatus.SUBMITTED,
}


class Command(BaseCommand):
    help = "Create demo plans, activities and summaries for the demo societies (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        staff = User.objects.filter(username="kx_staff").first()
        secretaries = {
            user.society_id: user.username
            for user in User.objects.filter(role=Role.SECRETARY, society__isnull=False).order_by("pk")
        }
        societies = list(Society.objects.filter(pk__in=secretaries).order_by("pk"))
        if not societies or staff is None:
            raise CommandError("Run `manage.py seed_demo` first: there are no demo societies yet.")
        self.today, self.now, self.staff = timezone.localdate(), timezone.now(), staff
        self.themes = {theme.name: theme for theme in Theme.objects.all()}
        self.windows = self._campaign_windows()
        made = 0
        for society in societies:
            exchange, beyond_plan, busy = SOCIETIES.get(secretaries[society.pk], (None, Decimal("1.0"), Decimal("1.0")))
            expert = society.volunteers.filter(is_expert=True).order_by("pk").first()
            made += self._around_today(society, expert)
            for age, growth in enumerate(GROWTH):
                year = self.today.year - age
                made += self._programme(society, expert, year, exchange, busy * growth)
                self._plan(
                    society, year, busy * growth, beyond_plan, around_today=age == 0, has_exchange=exchange is not None
                )
                status = LAST_YEARS_SUMMARY.get(secretaries[society.pk]) if age == 1 else FilingStatus.APPROVED
                if age and status:
                    self._summary(society, year, status)
        self.stdout.write(self.style.SUCCESS(f"Demo activities: {made} created."))

    def _campaign_windows(self) -> dict[tuple[str, int], CampaignWindow]:
        """The campaigns' windows of the demo's years, with those the data migration leaves to
        staff set as staff would: 科技活动周 (its dates change every year) and 全国科普日 before
        it became 全国科普月 in 2025."""
        first = self.today.year - len(GROWTH) + 1
        campaigns = {c.name: c for c in Campaign.objects.filter(name__in=[SCIENCE_WEEK, SCIENCE_DAY])}
        for year in range(first, self.today.year + 1):
            wanted = [(SCIENCE_WEEK, "", datetime.date(year, 5, 20), datetime.date(year, 5, 26))]
            if year < 2025:
                wanted.append((SCIENCE_DAY, "全国科普日", datetime.date(year, 9, 15), datetime.date(year, 9, 21)))
            for name, title, starts_on, ends_on in wanted:
                if name in campaigns:
                    CampaignWindow.objects.get_or_create(
                        campaign=campaigns[name],
                        year=year,
                        defaults={"title": title, "starts_on": starts_on, "ends_on": ends_on},
                    )
        windows = CampaignWindow.objects.filter(year__gte=first).select_related("campaign")
        return {(window.campaign.name, window.year): window for window in windows}

    def _workflow(self, status: str, day: datetime.date, index: int) -> dict:
        """Submitted two days after the activity, decided three to eight days later (never in the future)."""
        if status == FilingStatus.DRAFT:
            return {"status": status}
        submitted = min(
            timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=2), datetime.time(10))),
            self.now,
        )
        fields = {"status": status, "submitted_at": submitted}
        if status in (FilingStatus.APPROVED, FilingStatus.RETURNED):
            reviewed = submitted + datetime.timedelta(days=3 + index % 6, hours=5)
            fields |= {"reviewed_at": min(reviewed, self.now), "reviewed_by": self.staff}
        return fields

    def _activity(self, society, expert, title, day, status, index, themes=(), campaigns=(), **fields) -> bool:
        filed = status != FilingStatus.DRAFT
        activity, created = Activity.objects.get_or_create(
            society=society,
            title=title,
            defaults={
                "year": day.year,
                "description": "学会组织专家和志愿者开展科普讲解、互动体验并发放科普资料。",
                "start_date": day,
                "end_date": day,
                "city": society.city,
                "place": f"{society.get_city_display()}科技馆",
                "content_reviewer": expert if filed else None,
                "political_review_passed": filed,
                "scientific_review_passed": filed,
                "content_reviewed_on": day - datetime.timedelta(days=5) if filed else None,
                **fields,
                **self._workflow(status, day, index),
            },
        )
        if created:
            activity.themes.set([self.themes[name] for name in themes if name in self.themes])
            activity.campaigns.set(campaigns)
        return created

    def _around_today(self, society, expert) -> int:
        made = 0
        for index, (title, offset, setting, theme_names, attendance, status) in enumerate(ACTIVITIES):
            # Kept in this year, so that last year's summary and plan stay as they were filed.
            day = max(self.today + datetime.timedelta(days=offset), datetime.date(self.today.year, 1, 1))
            made += self._activity(
                society,
                expert,
                title.format(short=society.short_name or society.name),
                day,
                status,
                index,
                theme_names,
                setting=setting,
                offline_sessions=1 if attendance else 0,
                offline_attendance=attendance,
                volunteer_count=6,
                expert_count=1,
                president_took_part=index == 2,
            )
        return made

    def _day(self, when, year: int) -> tuple[datetime.date | None, list]:
        """The programme's date in ``year`` and the campaign it belongs to: a day inside the
        campaign's window that year (None when staff have not set the window)."""
        first, second = when
        if isinstance(first, int):
            return datetime.date(year, first, second), []
        window = self.windows.get((first, year))
        if window is None:
            return None, []
        day = min(window.starts_on + datetime.timedelta(days=second), window.ends_on)
        return day, [window.campaign]

    def _programme(self, society, expert, year: int, exchange, scale: Decimal) -> int:
        made = 0
        short = society.short_name or society.name
        for index, (title, when, setting, theme_names, offline, online, is_exchange) in enumerate(PROGRAMME):
            day, campaigns = self._day(when, year)
            if day is None or day > self.today - datetime.timedelta(days=3):
                continue  # not yet: this year's programme fills in as the year goes by
            if (is_exchange and exchange is None) or self.today.year - year > STARTED.get(title, len(GROWTH)):
                continue
            recent = (self.today - day).days < 14
            fields = {
                "setting": setting,
                "delivery_mode": "online" if not offline else ("both" if online else "offline"),
                "offline_sessions": 2 if offline else 0,
                "offline_attendance": int(offline * scale),
                "online_sessions": 1 if online else 0,
                "online_attendance": int(online * scale),
                "volunteer_count": 4 + index,
                "expert_count": 1 + index % 3,
                "president_took_part": index in (3, 6),
                "secretary_general_took_part": index in (2, 5, 6),
            }
            if is_exchange:
                kind, partner, country = exchange
                fields |= {"exchange_kind": kind, "partner": partner, "partner_country": country}
            made += self._activity(
                society,
                expert,
                f"{year}年{short}{title}",
                day,
                FilingStatus.SUBMITTED if recent else FilingStatus.APPROVED,
                index,
                theme_names,
                campaigns,
                **fields,
            )
        return made

    def _plan(self, society, year, scale: Decimal, beyond_plan: Decimal, *, around_today: bool, has_exchange: bool):
        """The year's plan, set so that the whole year's programme does ``beyond_plan`` of it."""
        running = [
            row
            for row in PROGRAMME
            if self.today.year - year <= STARTED.get(row[0], len(GROWTH)) and (has_exchange or not row[6])
        ]
        activities = len(running) + (AROUND_TODAY_FILED if around_today else 0)
        participants = sum(offline + online for _t, _w, _s, _th, offline, online, _x in running) * scale
        if around_today:
            participants += sum(row[4] for row in ACTIVITIES if row[5] != FilingStatus.DRAFT)
        decided = self._workflow(FilingStatus.APPROVED, datetime.date(year, 1, 8), year)
        OutreachPlan.objects.get_or_create(
            society=society,
            year=year,
            defaults={
                "goals": "围绕《意见》要求，全年开展科普进学校、进乡村、进社区活动。",
                "key_projects": "全国科普日（月）系列活动；科学辟谣；双碳科普。",
                "planned_activity_count": round(activities / beyond_plan),
                "planned_participants": int(round(participants / beyond_plan, -1)),
                "planned_budget": (Decimal("80000.00") * scale).quantize(Decimal("1000")),
                **decided,
            },
        )

    def _summary(self, society, year: int, status: str) -> None:
        """Last year's summary as it was submitted (figures frozen then) and, for most, approved."""
        if AnnualSummary.objects.filter(society=society, year=year).exists():
            return
        summary = AnnualSummary(
            society=society,
            year=year,
            narrative=f"{year}年，学会围绕《意见》要求开展科普进学校、进乡村、进社区活动，"
            "组织科技工作者参与全国科技工作者日、科技活动周和全国科普月。",
            highlights="科普交流合作取得新进展；线上科普覆盖面扩大。",
            problems="基层科普活动经费仍较紧张。",
            next_year_ideas="扩大科技志愿者队伍，打造一个科普品牌。",
            **self._workflow(status, datetime.date(year + 1, 1, 10), society.pk),
        )
        summary.figures = summary_figures(society=society, year=year)
        summary.figures_computed_at = summary.submitted_at
        summary.save()
