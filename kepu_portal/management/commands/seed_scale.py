"""A national-size dataset for the benchmark and for capacity checks.

    python manage.py seed_scale --societies 5000 --activities 1000000 [--years 5] [--seed 1]

Fills an *empty* database (make one for it: ``createdb kepu_scale`` and ``migrate``) with
societies across the 14 cities at both levels, their secretaries, volunteers and experts,
brands, commendations, yearly outreach plans and activities — every filing in a realistic mix
of statuses — plus one staff user and one reviewer per city. The same ``--seed`` and arguments
give the same rows.

Rows go in by PostgreSQL ``COPY`` (about ten times faster than ``bulk_create`` at a million
rows); on other databases by ``bulk_create``. Ids are assigned here so that many-to-many and
foreign-key rows can be written without reading anything back. History rows
(django-simple-history) are not written: the data is born as it is. Every user's password is
``SCALE_PASSWORD``.
"""

import csv
import datetime
import io
import json
import random
import sys
import time
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from activities.figures import activity_figures_by_society_year, empty_totals, plan_vs_actual
from activities.models import Activity, AnnualSummary, Campaign, CampaignWindow, OutreachPlan, Setting, Theme
from bases.models import (
    BaseAnnualReport,
    BaseCategory,
    DesignationLevel,
    EducationBase,
    Recommendation,
    designation_valid_until,
)
from funding.models import Expenditure, FundCategory, FundingSource, FundReport, SourceKind, SpecialFund
from kepu_portal.models import Deadline
from societies.choices import City, DisciplineGroup, Role, SocietyLevel
from societies.framework.counting import SOCIETY_OWN, counted
from societies.framework.workflow import FILED_STATUSES, FilingStatus
from societies.models import Brand, Commendation, CommendationKind, Society, User, Volunteer
from societies.services import role_groups_ensure

SCALE_PASSWORD = "kepu-scale-2026"  # noqa: S105  (printed on purpose: a throw-away benchmark database)
STAFF_USERNAME = "scale_staff"
TZ = datetime.timezone(datetime.timedelta(hours=8))  # Asia/Shanghai, fixed so rows do not depend on the host

CITY_NAMES = {
    City.NANNING: ("南宁", 8.9),
    City.LIUZHOU: ("柳州", 4.2),
    City.GUILIN: ("桂林", 4.9),
    City.WUZHOU: ("梧州", 2.8),
    City.BEIHAI: ("北海", 1.9),
    City.FANGCHENGGANG: ("防城港", 1.0),
    City.QINZHOU: ("钦州", 3.3),
    City.GUIGANG: ("贵港", 4.3),
    City.YULIN: ("玉林", 5.8),
    City.BAISE: ("百色", 3.6),
    City.HEZHOU: ("贺州", 2.0),
    City.HECHI: ("河池", 3.4),
    City.LAIBIN: ("来宾", 2.1),
    City.CHONGZUO: ("崇左", 2.1),
}
D = DisciplineGroup


def _words(text: str) -> list[str]:
    return text.split()


SUBJECTS = [
    *((s, D.SCIENCE) for s in _words("物理 化学 数学 天文 气象 地理 地质 海洋 心理 动物 植物 微生物 生态 遗传")),
    *((s, D.ENGINEERING) for s in _words("机械工程 电机工程 电子 计算机 自动化 土木建筑 水利 公路 铁道 汽车工程")),
    *((s, D.ENGINEERING) for s in _words("能源研究 环境科学 测绘地理信息 制冷 焊接 通信")),
    *((s, D.AGRICULTURE) for s in _words("农学 林学 畜牧兽医 水产 园艺 蚕学 作物 土壤肥料 植物保护 热带作物")),
    *((s, D.MEDICINE) for s in _words("医学 中医药 药学 护理 预防医学 营养 康复医学 抗癌 口腔医学 医师")),
    *((s, D.CROSS) for s in _words("科普作家 科技史 科学技术普及 创造 科学技术情报 自然辩证法 青少年科技教育")),
]
del D
SURNAMES = "李王张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢韦蒙覃莫蓝陆农黎廖唐"
GIVEN = "明芳刚伟静强敏磊军洋勇艳杰娟涛斌超霞平辉玲华丹宁桂海林晨"
PROFESSIONS = ["高校教师", "中学教师", "研究员", "工程师", "医生", "农技推广员", "护士", "大学生", "退休干部", "记者"]
EXPERTISE = ["科学辟谣", "青少年科学教育", "双碳与能源", "食品安全", "应急避险", "乡村振兴", "卫生健康", "气象防灾"]
PLACES = ["第一中学", "实验小学", "科技馆", "图书馆", "人民广场", "社区服务中心", "职业技术学院", "镇文化站", "村委会"]
SETTING_WORDS = {
    "school": "进校园",
    "village": "进乡村",
    "community": "进社区",
    "government": "进机关",
    "enterprise": "进企业",
    "family": "进家庭",
    "venue": "场馆",
    "online": "线上",
}
PURPOSES = ["科普展板制作", "专家劳务", "场地租用", "科普资料印刷", "志愿者交通补贴", "线上直播服务"]
BRAND_KINDS = ["科普大讲堂", "科普进校园", "科学开放日", "青少年夏令营", "科学辟谣行动", "科普乡村行"]
EXCHANGE_PARTNERS = {
    "asean": [
        ("越南河内国家大学", "越南"),
        ("泰国国家科技博物馆", "泰国"),
        ("老挝国立大学", "老挝"),
        ("马来西亚国家科学中心", "马来西亚"),
        ("柬埔寨皇家农业大学", "柬埔寨"),
    ],
    "international": [("德国慕尼黑工业大学", "德国"), ("英国爱丁堡大学", "英国"), ("澳大利亚昆士兰大学", "澳大利亚")],
    "hmt": [("香港科学馆", "中国香港"), ("澳门科学馆", "中国澳门")],
}


class Progress:
    """A one-line progress bar on a stream: label, bar, rows done, rows a second."""

    def __init__(self, stream, label: str, total: int):
        self.stream, self.label, self.total = stream, label, max(total, 1)
        self.done, self.started, self.drawn = 0, time.monotonic(), 0.0

    def update(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.drawn > 0.2 or self.done >= self.total:
            self.drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        filled = int(30 * min(self.done / self.total, 1))
        rate = self.done / max(now - self.started, 1e-6)
        bar = "#" * filled + "." * (30 - filled)
        self.stream.write(f"\r{self.label:<22} [{bar}] {self.done:>10,}/{self.total:<10,} {rate:>9,.0f}/s")
        self.stream.flush()

    def close(self) -> float:
        self._draw(time.monotonic())
        elapsed = time.monotonic() - self.started
        self.stream.write(f"  {elapsed:6.1f} s\n")
        self.stream.flush()
        return elapsed


def _csv_value(value):
    if value is None:
        return r"\N"
    if isinstance(value, dict):  # a JSON field
        return json.dumps(value, ensure_ascii=False)
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.date):  # dates and datetimes
        return value.isoformat()
    return value


class BulkWriter:
    """Writes many rows of one model: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.

    ``columns`` are attnames (``society_id``); every other concrete field gets its default, so
    fields added to a model later do not break the seed as long as they have one.
    """

    def __init__(self, stream, batch_size: int = 20_000):
        self.stream, self.batch_size = stream, batch_size
        self.copy = connection.vendor == "postgresql"
        self.timings: dict[str, float] = {}

    @staticmethod
    def next_id(model) -> int:
        return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def write(self, model, columns: list[str], rows, total: int, label: str | None = None) -> None:
        fixed = {}
        for field in model._meta.concrete_fields:
            if field.attname in columns or field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                fixed[field.attname] = datetime.datetime(2026, 1, 1, tzinfo=TZ)
            else:
                fixed[field.attname] = field.get_default()
        progress = Progress(self.stream, label or model._meta.db_table, total)
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= self.batch_size:
                self._flush(model, columns, fixed, batch)
                progress.update(len(batch))
                batch = []
        if batch:
            self._flush(model, columns, fixed, batch)
            progress.update(len(batch))
        self.timings[label or model._meta.db_table] = progress.close()
        if self.copy and "id" in columns:
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                    cursor.execute(sql)

    def _flush(self, model, columns, fixed, batch) -> None:
        if not self.copy:
            objs = [model(**dict(zip(columns, row, strict=True)), **fixed) for row in batch]
            model.objects.bulk_create(objs, batch_size=500)
            return
        names = [*columns, *fixed]
        tail = tuple(_csv_value(v) for v in fixed.values())
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows(tuple(map(_csv_value, row)) + tail for row in batch)
        buffer.seek(0)
        table = connection.ops.quote_name(model._meta.db_table)
        by_attname = {field.attname: field.column for field in model._meta.concrete_fields}
        column_list = ", ".join(connection.ops.quote_name(by_attname[name]) for name in names)
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {table} ({column_list}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)


def filing_status(rng: random.Random, year: int, last_year: int, level: str) -> str:
    """Past years are nearly all approved; the current year is still moving through review."""
    r = rng.random()
    if year < last_year:
        status = (
            FilingStatus.APPROVED
            if r < 0.93
            else FilingStatus.RETURNED
            if r < 0.96
            else FilingStatus.SUBMITTED
            if r < 0.98
            else FilingStatus.DRAFT
        )
    else:
        status = (
            FilingStatus.DRAFT
            if r < 0.30
            else FilingStatus.SUBMITTED
            if r < 0.55
            else FilingStatus.CITY_REVIEWED
            if r < 0.65
            else FilingStatus.RETURNED
            if r < 0.75
            else FilingStatus.APPROVED
        )
    if status == FilingStatus.CITY_REVIEWED and level != SocietyLevel.CITY:
        status = FilingStatus.SUBMITTED
    return status


def workflow_columns(rng: random.Random, status: str, filed_on: datetime.datetime, reviewer_id: int) -> tuple:
    """(submitted_at, reviewed_at, reviewed_by_id, review_comment, version) consistent with ``status``."""
    if status == FilingStatus.DRAFT:
        return None, None, None, "", 1
    submitted = filed_on + datetime.timedelta(days=rng.randint(0, 20), minutes=rng.randint(0, 1440))
    if status == FilingStatus.SUBMITTED:
        return submitted, None, None, "", 2
    reviewed = submitted + datetime.timedelta(days=rng.randint(1, 15), minutes=rng.randint(0, 600))
    if status == FilingStatus.RETURNED:
        return submitted, reviewed, reviewer_id, "请补充活动照片和参与人数的依据。", 3
    return submitted, reviewed, reviewer_id, "", 3 if status == FilingStatus.CITY_REVIEWED else 4


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))


class Command(BaseCommand):
    help = "Fill an empty database with a national-size dataset (societies, people, plans, activities) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--societies", type=int, default=200)
        parser.add_argument("--activities", type=int, default=10_000)
        parser.add_argument("--years", type=int, default=5, help="how many years of filings, up to --last-year")
        parser.add_argument("--last-year", type=int, default=2026, help="the current year of the data set")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=20_000, help="rows per COPY / bulk_create round")

    def handle(self, *args, **options):
        if Society.objects.exists():
            raise CommandError(
                "seed_scale fills an empty database and this one already has societies. "
                "Use a database of its own: createdb kepu_scale, DATABASE_URL=…/kepu_scale manage.py migrate."
            )
        if options["societies"] < 1 or options["activities"] < 0 or options["years"] < 1:
            raise CommandError("--societies and --years must be at least 1, --activities at least 0.")
        self.rng = random.Random(options["seed"])
        self.last_year = options["last_year"]
        self.years = list(range(self.last_year - options["years"] + 1, self.last_year + 1))
        # The progress bar redraws one line, so it writes to the raw stream, not the line-adding wrapper.
        self.writer = BulkWriter(getattr(self.stderr, "_out", sys.stderr), options["batch_size"])
        self.password = make_password(SCALE_PASSWORD, salt="kepuscale")
        started = time.monotonic()
        if self.writer.copy:
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO off")

        self.staff_id = self._staff()
        self._societies(options["societies"])
        self._secretaries()
        self._volunteers()
        self._brands()
        self._commendations()
        for extra in self.extra_steps():
            extra(options)
        self._deadlines()
        self._analyze()

        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(self.societies):,} societies and {options['activities']:,} activities "
                f"in {elapsed:.1f} s ({'COPY' if self.writer.copy else 'bulk_create'})."
            )
        )
        self.stdout.write(f"Sign in as {STAFF_USERNAME} or sec00001 … with password {SCALE_PASSWORD}")

    def extra_steps(self):
        """Steps for the filings of the apps above ``societies``, in dependency order: plans after
        the activities (a plan is set against what the year did), summaries after both."""
        return [self._activities, self._plans, self._summaries, self._funds, self._bases]

    # --- people and societies -------------------------------------------------------------

    def _staff(self) -> int:
        association, reviewers = role_groups_ensure()
        staff = User.objects.create(
            username=STAFF_USERNAME,
            password=self.password,
            role=Role.ASSOCIATION,
            is_staff=True,
            last_name="学会部 审核员",
            email=f"{STAFF_USERNAME}@example.org",
        )
        staff.groups.add(association)
        for city in City:
            reviewer = User.objects.create(
                username=f"rev_{city.value}",
                password=self.password,
                role=Role.CITY_REVIEWER,
                city=city,
                is_staff=True,
                last_name=f"{CITY_NAMES[city][0]}市科协 审核员",
            )
            reviewer.groups.add(reviewers)
        return staff.pk

    def _societies(self, count: int) -> None:
        rng, first = self.rng, BulkWriter.next_id(Society)
        cities = list(CITY_NAMES)
        weights = [CITY_NAMES[c][1] for c in cities]
        taken, self.societies = set(), []  # (id, level, city, short name, member count)
        rows = []
        for n in range(count):
            subject, discipline = rng.choice(SUBJECTS)
            if rng.random() < 0.15:
                level, city = SocietyLevel.REGION, City.NANNING if rng.random() < 0.9 else rng.choice(cities)
                prefix = "广西"
            else:
                level, city = SocietyLevel.CITY, rng.choices(cities, weights)[0]
                prefix = f"{CITY_NAMES[city][0]}市"
            name, k = f"{prefix}{subject}学会", 1
            while name in taken:
                k += 1
                name = f"{prefix}{subject}学会（{k}）"
            taken.add(name)
            members = int(min(20_000, max(30, rng.lognormvariate(5.5, 1.0))))
            supervisor = "广西壮族自治区" if level == SocietyLevel.REGION else f"{CITY_NAMES[city][0]}市"
            supervisor += "科学技术协会"
            pk = first + n
            self.societies.append((pk, level, city, f"{subject}学会", members))
            rows.append(
                (
                    pk,
                    name,
                    f"{subject}学会",
                    discipline,
                    level,
                    city,
                    supervisor,
                    person(rng),
                    person(rng),
                    f"society{pk:05d}@example.org",
                    f"0771-{rng.randint(2_000_000, 6_999_999)}",
                    members,
                    rng.random() > 0.02,
                )
            )
        columns = ["id", "name", "short_name", "discipline", "level", "city", "supervising_unit", "president"]
        columns += ["secretary_general", "contact_email", "contact_phone", "member_count", "is_active"]
        self.writer.write(Society, columns, rows, len(rows), "societies")

    def _secretaries(self) -> None:
        rng, first = self.rng, BulkWriter.next_id(User)
        joined = datetime.datetime(self.years[0], 1, 5, 9, tzinfo=TZ)
        rows, pk = [], first
        for n, (society_id, _level, _city, short, _members) in enumerate(self.societies, start=1):
            for suffix in ("", "b")[: 2 if rng.random() < 0.3 else 1]:
                username = f"sec{n:05d}{suffix}"
                rows.append(
                    (pk, username, self.password, Role.SECRETARY, society_id, f"{short}秘书", f"{username}@example.org")
                )
                rows[-1] += (joined, True)
                pk += 1
        columns = ["id", "username", "password", "role", "society_id", "last_name", "email", "date_joined", "is_active"]
        self.writer.write(User, columns, rows, len(rows), "secretaries")

    def _volunteers(self) -> None:
        rng, pk = self.rng, BulkWriter.next_id(Volunteer)
        self.experts: dict[int, list[int]] = {}
        counts = [rng.randint(5, 35) for _ in self.societies]
        self.roster: dict[int, tuple[int, int]] = {}  # society → (volunteers, of them experts)

        def rows():
            nonlocal pk
            for (society_id, *_rest), count in zip(self.societies, counts, strict=True):
                experts = self.experts[society_id] = []
                self.roster[society_id] = (count, 0)
                for _ in range(count):
                    is_expert = rng.random() < 0.25
                    if is_expert:
                        experts.append(pk)
                        self.roster[society_id] = (count, len(experts))
                    joined = datetime.date(rng.randint(2015, self.last_year), rng.randint(1, 12), rng.randint(1, 28))
                    yield (
                        pk,
                        society_id,
                        person(rng),
                        rng.choice(PROFESSIONS),
                        rng.choice(EXPERTISE),
                        f"1{rng.randint(3_000_000_000, 9_999_999_999)}",
                        is_expert,
                        joined,
                    )
                    pk += 1

        columns = ["id", "society_id", "name", "profession", "expertise", "phone", "is_expert", "joined_on"]
        self.writer.write(Volunteer, columns, rows(), sum(counts), "volunteers")

    def _brands(self) -> None:
        rng, rows = self.rng, []
        for society_id, _level, _city, short, _members in self.societies:
            for kind in rng.sample(BRAND_KINDS, rng.choice((0, 1, 1, 2, 3))):
                started = rng.randint(2010, self.last_year)
                rows.append((society_id, f"{short}{kind}", "面向公众的系列科普活动。", started))
        self.writer.write(Brand, ["society_id", "name", "description", "started_year"], rows, len(rows), "brands")

    def _commendations(self) -> None:
        rng, rows = self.rng, []
        for year in self.years[:-1]:
            for society_id, *_rest in rng.sample(self.societies, max(1, len(self.societies) // 50)):
                kind = rng.choice(CommendationKind.values)
                rows.append((society_id, year, kind, "科普工作成绩突出。", datetime.date(year, 12, 20), self.staff_id))
        columns = ["society_id", "year", "kind", "citation", "awarded_on", "awarded_by_id"]
        self.writer.write(Commendation, columns, rows, len(rows), "commendations")

    # --- filings --------------------------------------------------------------------------

    def _plans(self, options) -> None:
        """A plan for each society's year with filed activities, set so that what the year did
        (its filed activities, as the summary counts them) is 55–145 % of what was planned."""
        rng, pk = self.rng, BulkWriter.next_id(OutreachPlan)
        self.plan_ids: dict[tuple[int, int], int] = {}
        self.plans: dict[tuple[int, int], dict] = {}

        def rows():
            nonlocal pk
            for society_id, level, _city, short, _members in self.societies:
                for year in self.years:
                    done, attendance = self.filed.get((society_id, year), (0, 0))
                    if not done:
                        continue
                    self.plan_ids[society_id, year] = pk
                    status = filing_status(rng, year, self.last_year, level)
                    filed_on = datetime.datetime(year, 1, 10, 9, tzinfo=TZ)
                    workflow = workflow_columns(rng, status, filed_on, self.staff_id)
                    created = filed_on - datetime.timedelta(days=rng.randint(1, 30))
                    planned = max(1, round(done / rng.uniform(0.55, 1.45)))
                    participants = max(10, int(round(attendance / rng.uniform(0.55, 1.45), -1)))
                    budget = Decimal(rng.randint(10, 500) * 1000).quantize(Decimal("0.01"))
                    self.plans[society_id, year] = {
                        "planned_activity_count": planned,
                        "planned_participants": participants,
                        "planned_budget": budget,
                        "status": status,
                    }
                    yield (
                        pk,
                        society_id,
                        year,
                        status,
                        *workflow,
                        created,
                        workflow[1] or workflow[0] or created,
                        f"围绕{short}学科特色开展科普进校园、进社区活动，全年计划开展{planned}场。",
                        "科普大讲堂；科学辟谣；青少年科学营",
                        planned,
                        participants,
                        budget,
                        "理事长带头开展科普讲座，秘书长带领志愿者服务队。",
                        f"志愿者人数达到会员的{rng.randint(10, 40)}%。",
                        "",
                    )
                    pk += 1

        columns = ["id", "society_id", "year", "status", "submitted_at", "reviewed_at", "reviewed_by_id"]
        columns += ["review_comment", "version", "created_at", "updated_at", "goals", "key_projects"]
        columns += ["planned_activity_count", "planned_participants", "planned_budget", "leadership"]
        columns += ["volunteer_plan", "brands_to_build"]
        self.writer.write(OutreachPlan, columns, rows(), len(self.filed), "plans")

    def _summaries(self, options) -> None:
        """The yearly summaries of the past years, most filed — last year's too, its deadline
        having passed — with the figures a submission freezes, computed for all of them at once
        by the summaries' own rule (``activity_figures_by_society_year``, four queries)."""
        rng = self.rng
        past = [year for year in self.years if year < self.last_year]
        if not past:
            return
        started = time.monotonic()
        filed = counted(Activity.objects.all(), years=(past[0], past[-1]), rule=SOCIETY_OWN)
        figures = activity_figures_by_society_year(filed)
        self.stderr.write(f"{'summary figures':<22} {time.monotonic() - started:6.1f} s")

        def rows():
            for society_id, level, _city, _short, members in self.societies:
                for year in past:
                    if (society_id, year) not in self.filed:
                        continue
                    status = filing_status(rng, year, self.last_year, level)
                    filed_on = datetime.datetime(year + 1, 1, 5, 9, tzinfo=TZ)
                    workflow = workflow_columns(rng, status, filed_on, self.staff_id)
                    frozen = None
                    if status != FilingStatus.DRAFT:
                        year_figures = figures.get((society_id, year)) or {"totals": empty_totals()}
                        plan = self.plans.get((society_id, year))
                        volunteers, experts = self.roster[society_id]
                        frozen = {
                            "year": year,
                            "computed_at": workflow[0].isoformat(timespec="seconds"),
                            **year_figures,
                            "roster": {"volunteers": volunteers, "experts": experts, "members": members},
                            "plan": plan and plan_vs_actual(plan, year_figures["totals"]),
                        }
                    yield (
                        (society_id, year, status, *workflow, filed_on, workflow[1] or workflow[0] or filed_on)
                        + (f"{year}年学会围绕《意见》要求开展科普进学校、进社区活动，组织科技工作者参与重点科普活动。",)
                        + ("打造科普品牌，线上科普覆盖面扩大。", frozen, workflow[0])
                    )

        columns = ["society_id", "year", "status", "submitted_at", "reviewed_at", "reviewed_by_id", "review_comment"]
        columns += ["version", "created_at", "updated_at", "narrative", "highlights", "figures", "figures_computed_at"]
        total = sum(1 for (_society, year) in self.filed if year < self.last_year)
        self.writer.write(AnnualSummary, columns, rows(), total, "summaries")

    def _activities(self, options) -> None:
        """``--activities`` activities spread unevenly over the societies (a few very active ones),
        written in date order as they would have been filed, with themes, campaigns and a few
        co-organisers."""
        rng, total = self.rng, options["activities"]
        self.filed: dict[tuple[int, int], tuple[int, int]] = {}  # (society, year) → filed activities, attendance
        if not total:
            return
        themes = list(Theme.objects.order_by("pk").values_list("pk", "name"))
        if not themes:
            themes = [(Theme.objects.create(name=name).pk, name) for name in ("双碳", "食品安全", "应急", "科学辟谣")]
        society_weights = [rng.lognormvariate(0, 1.0) for _ in self.societies]
        days = [datetime.date(year, 1, 1) + datetime.timedelta(days=d) for year in self.years for d in range(365)]
        # Busier in May (科技工作者日, 科技周) and September (科普日/科普月).
        day_weights = [3.0 if day.month in (5, 9) else 1.0 for day in days]
        picks = sorted(
            zip(
                rng.choices(range(len(days)), day_weights, k=total),
                rng.choices(range(len(self.societies)), society_weights, k=total),
                strict=True,
            )
        )
        first = BulkWriter.next_id(Activity)
        settings_ = Setting.values
        cities = list(CITY_NAMES)
        self.activity_links = {"themes": [], "campaigns": [], "co_organisers": []}
        covering, windowless = self._campaign_days(days)

        def rows():
            for n, (day_index, society_index) in enumerate(picks):
                pk = first + n
                society_id, level, city, short, _members = self.societies[society_index]
                start = days[day_index]
                experts = self.experts[society_id]
                status = filing_status(rng, start.year, self.last_year, level) if experts else FilingStatus.DRAFT
                filed_on = datetime.datetime.combine(start, datetime.time(18), TZ)
                workflow = workflow_columns(rng, status, filed_on, self.staff_id)
                reviewed = status != FilingStatus.DRAFT or rng.random() < 0.5
                setting = rng.choice(settings_)
                mode = "online" if setting == "online" else rng.choice(("offline", "offline", "offline", "both"))
                offline = 0 if mode == "online" else rng.randint(1, 6)
                online = 0 if mode == "offline" else rng.randint(1, 4)
                theme_picks = rng.sample(themes, rng.choice((1, 1, 2, 3)))
                for theme_id, _name in theme_picks:
                    self.activity_links["themes"].append((pk, theme_id))
                # A campaign's activities fall inside its window that year; one without dates
                # that year (学术年会同步科普 …) has no window to fall outside of.
                if covering[day_index] and rng.random() < 0.7:
                    self.activity_links["campaigns"].append((pk, rng.choice(covering[day_index])))
                elif windowless[start.year] and rng.random() < 0.03:
                    self.activity_links["campaigns"].append((pk, rng.choice(windowless[start.year])))
                exchange = ("", "", "")
                if rng.random() < 0.02:  # 二(八): mostly China–ASEAN, Guangxi's own
                    kind = rng.choices(("asean", "international", "hmt"), (5, 3, 2))[0]
                    exchange = (kind, *rng.choice(EXCHANGE_PARTNERS[kind]))
                if rng.random() < 0.03:
                    partner = self.societies[rng.randrange(len(self.societies))][0]
                    if partner != society_id:
                        self.activity_links["co_organisers"].append((pk, partner))
                place_city = city if rng.random() < 0.85 else rng.choice(cities)
                offline_attendance = offline * rng.randint(30, 400)
                online_attendance = online * rng.randint(200, 20_000)
                if status in FILED_STATUSES:
                    done, attendance = self.filed.get((society_id, start.year), (0, 0))
                    self.filed[society_id, start.year] = (done + 1, attendance + offline_attendance + online_attendance)
                yield (
                    pk,
                    society_id,
                    start.year,
                    status,
                    *workflow,
                    filed_on,
                    workflow[1] or workflow[0] or filed_on,
                    f"{theme_picks[0][1]}主题科普{SETTING_WORDS[setting]}活动（{short}）",
                    f"{short}组织专家和志愿者开展{theme_picks[0][1]}主题科普活动，现场讲解、互动答疑并发放科普资料。",
                    start,
                    start + datetime.timedelta(days=rng.choice((0, 0, 0, 1, 2))),
                    f"{CITY_NAMES[place_city][0]}市{rng.choice(PLACES)}",
                    place_city,
                    setting,
                    mode,
                    offline,
                    offline_attendance,
                    online,
                    online_attendance,
                    rng.randint(2, 30),
                    rng.randint(0, 5),
                    rng.random() < 0.2,
                    rng.random() < 0.35,
                    f"https://news.example.org/{pk}" if rng.random() < 0.3 else "",
                    rng.choice(experts) if reviewed and experts else None,
                    reviewed,
                    reviewed,
                    start - datetime.timedelta(days=rng.randint(1, 10)) if reviewed else None,
                    *exchange,
                )

        columns = ["id", "society_id", "year", "status", "submitted_at", "reviewed_at", "reviewed_by_id"]
        columns += ["review_comment", "version", "created_at", "updated_at", "title", "description"]
        columns += ["start_date", "end_date", "place", "city", "setting", "delivery_mode", "offline_sessions"]
        columns += ["offline_attendance", "online_sessions", "online_attendance", "volunteer_count", "expert_count"]
        columns += ["president_took_part", "secretary_general_took_part", "news_url", "content_reviewer_id"]
        columns += ["political_review_passed", "scientific_review_passed", "content_reviewed_on"]
        columns += ["exchange_kind", "partner", "partner_country"]
        self.writer.write(Activity, columns, rows(), total, "activities")
        for name, target in (("themes", "theme_id"), ("campaigns", "campaign_id"), ("co_organisers", "society_id")):
            links = self.activity_links.pop(name)
            through = Activity._meta.get_field(name).remote_field.through
            self.writer.write(through, ["activity_id", target], links, len(links), f"activity {name}")

    def _campaign_days(self, days: list[datetime.date]) -> tuple[list[list[int]], dict[int, list[int]]]:
        """Per day of ``days``, the campaigns whose window that year covers it; per year, the
        campaigns without a window that year. First the windows staff would have set where the
        data migration leaves them to staff: 科技活动周 (its dates change every year) and
        全国科普日 before it became 全国科普月 in 2025."""
        campaigns = {name: pk for pk, name in Campaign.objects.values_list("pk", "name")}
        wanted = []
        for year in self.years:
            if "科技活动周" in campaigns:
                wanted.append(
                    CampaignWindow(
                        campaign_id=campaigns["科技活动周"],
                        year=year,
                        starts_on=datetime.date(year, 5, 20),
                        ends_on=datetime.date(year, 5, 26),
                    )
                )
            if year < 2025 and "全国科普日/全国科普月" in campaigns:
                wanted.append(
                    CampaignWindow(
                        campaign_id=campaigns["全国科普日/全国科普月"],
                        year=year,
                        title="全国科普日",
                        starts_on=datetime.date(year, 9, 15),
                        ends_on=datetime.date(year, 9, 21),
                    )
                )
        CampaignWindow.objects.bulk_create(wanted, ignore_conflicts=True)  # dates staff set stay
        windows = CampaignWindow.objects.filter(year__in=self.years)
        windows = list(windows.values_list("campaign_id", "year", "starts_on", "ends_on"))
        covering = [[campaign for campaign, _y, starts, ends in windows if starts <= day <= ends] for day in days]
        dated = {(campaign, year) for campaign, year, _s, _e in windows}
        windowless = {year: [pk for pk in sorted(campaigns.values()) if (pk, year) not in dated] for year in self.years}
        return covering, windowless

    def _funds(self, options) -> None:
        """Special funds for about a third of the societies a year, with sources and spending that
        never exceed what was raised, and a final fund report for most past years."""
        rng, fund_pk = self.rng, BulkWriter.next_id(SpecialFund)
        funds, sources, spending, reports = [], [], [], []
        for society_id, level, _city, short, _members in self.societies:
            for year in self.years:
                if rng.random() > 0.35:
                    continue
                totals = [0, Decimal(0), Decimal(0), Decimal(0)]
                for n in range(rng.choice((1, 1, 2))):
                    status = filing_status(rng, year, self.last_year, level)
                    filed_on = datetime.datetime(year, 3, 1, 9, tzinfo=TZ)
                    workflow = workflow_columns(rng, status, filed_on, self.staff_id)
                    budget = Decimal(rng.randint(5, 200) * 1000)
                    raised = Decimal(0)
                    for _ in range(rng.randint(1, 3)):
                        amount = Decimal(rng.randint(1, 100) * 500)
                        raised += amount
                        received = datetime.date(year, rng.randint(1, 6), rng.randint(1, 28))
                        sources.append((fund_pk, rng.choice(SourceKind.values), amount, "", received))
                    spent = Decimal(0)
                    for _ in range(rng.randint(0, 4)):
                        amount = (raised * Decimal(rng.randint(5, 20)) / 100).quantize(Decimal("0.01"))
                        if amount <= 0 or spent + amount > raised:
                            break
                        spent += amount
                        spent_on = datetime.date(year, rng.randint(6, 12), rng.randint(1, 28))
                        spending.append((fund_pk, spent_on, amount, rng.choice(PURPOSES)))
                    name = f"{year}年{short}{rng.choice(BRAND_KINDS)}项目" + ("" if n == 0 else f"（{n + 1}）")
                    funds.append(
                        (fund_pk, society_id, year, status, *workflow, filed_on, filed_on, name)
                        + (rng.choice(FundCategory.values), budget, "", self.plan_ids.get((society_id, year)))
                    )
                    totals = [totals[0] + 1, totals[1] + budget, totals[2] + raised, totals[3] + spent]
                    fund_pk += 1
                if year < self.last_year and rng.random() < 0.8:
                    status = filing_status(rng, year, self.last_year, level)
                    filed_on = datetime.datetime(year + 1, 1, 15, 9, tzinfo=TZ)
                    workflow = workflow_columns(rng, status, filed_on, self.staff_id)
                    reports.append(
                        (society_id, year, status, *workflow, filed_on, filed_on, "专项经费按预算执行。", *totals)
                    )
        filing = ["society_id", "year", "status", "submitted_at", "reviewed_at", "reviewed_by_id", "review_comment"]
        filing += ["version", "created_at", "updated_at"]
        columns = ["id", *filing, "project_name", "category", "budget", "description", "plan_id"]
        self.writer.write(SpecialFund, columns, funds, len(funds), "special funds")
        columns = ["fund_id", "kind", "amount", "donor", "received_on"]
        self.writer.write(FundingSource, columns, sources, len(sources), "funding sources")
        columns = ["fund_id", "spent_on", "amount", "purpose"]
        self.writer.write(Expenditure, columns, spending, len(spending), "expenditures")
        columns = [*filing, "summary", "fund_count", "total_budget", "total_raised", "total_spent"]
        self.writer.write(FundReport, columns, reports, len(reports), "fund reports")

    def _bases(self, options) -> None:
        """Education bases for about one society in ten, their yearly reports and a few recommendations."""
        rng, base_pk = self.rng, BulkWriter.next_id(EducationBase)
        categories = list(BaseCategory.objects.order_by("pk").values_list("pk", flat=True))
        if not categories:
            categories = [BaseCategory.objects.create(name="科技场馆类").pk]
        bases, reports, recommendations = [], [], []
        stamp = datetime.datetime(self.years[0], 1, 1, tzinfo=TZ)
        for society_id, level, city, short, _members in self.societies:
            if rng.random() > 0.1:
                continue
            for n in range(rng.choice((1, 1, 2))):
                designation = rng.choices(DesignationLevel.values, (8, 3, 1))[0]
                valid_from = (
                    None if designation == DesignationLevel.SOCIETY else datetime.date(rng.choice(self.years), 6, 1)
                )
                valid_until = valid_from and designation_valid_until(valid_from)
                name = f"{CITY_NAMES[city][0]}{short}科普教育基地" + ("" if n == 0 else f"（{n + 1}）")
                bases.append(
                    (base_pk, society_id, name, f"{CITY_NAMES[city][0]}市{rng.choice(PLACES)}", rng.choice(categories))
                    + (f"{CITY_NAMES[city][0]}市", city, rng.randint(100, 360), designation, valid_from, valid_until)
                    + (stamp, stamp)
                )
                for year in self.years:
                    if rng.random() < 0.85:
                        status = filing_status(rng, year, self.last_year, level)
                        filed_on = datetime.datetime(year, 12, 1, 9, tzinfo=TZ)
                        workflow = workflow_columns(rng, status, filed_on, self.staff_id)
                        figures = (rng.randint(500, 50_000), rng.randint(2, 60), rng.randint(0, 100_000))
                        reports.append(
                            (base_pk, society_id, year, status, *workflow, filed_on, filed_on, *figures)
                            + (rng.randint(2, 20), rng.randint(5, 80), "开展主题科普活动，接待学生研学。")
                        )
                    if designation == DesignationLevel.SOCIETY and rng.random() < 0.05:
                        status = filing_status(rng, year, self.last_year, level)
                        filed_on = datetime.datetime(year, 4, 1, 9, tzinfo=TZ)
                        workflow = workflow_columns(rng, status, filed_on, self.staff_id)
                        recommendations.append(
                            (base_pk, society_id, year, status, *workflow, filed_on, filed_on)
                            + (DesignationLevel.GUANGXI, "场馆条件完善，年接待量大，科普活动常态化。")
                        )
                base_pk += 1
        columns = ["id", "society_id", "name", "host_unit", "category_id", "address", "city", "opening_days", "level"]
        columns += ["valid_from", "valid_until", "created_at", "updated_at"]
        self.writer.write(EducationBase, columns, bases, len(bases), "education bases")
        filing = ["society_id", "year", "status", "submitted_at", "reviewed_at", "reviewed_by_id", "review_comment"]
        filing += ["version", "created_at", "updated_at"]
        columns = ["base_id", *filing, "visitors", "activities_held", "online_visits", "staff_count"]
        columns += ["volunteer_count", "highlights"]
        self.writer.write(BaseAnnualReport, columns, reports, len(reports), "base annual reports")
        columns = ["base_id", *filing, "target_level", "reasons"]
        self.writer.write(Recommendation, columns, recommendations, len(recommendations), "recommendations")

    def _deadlines(self) -> None:
        """The association's yearly deadlines, as staff set them: last year's summary and this
        year's plan (both past), this year's fund and base reports (due in December)."""
        year = self.last_year
        Deadline.objects.bulk_create(
            [
                Deadline(kind="summary", year=year - 1, due_on=datetime.date(year, 1, 31)),
                Deadline(kind="plan", year=year, due_on=datetime.date(year, 3, 31)),
                Deadline(kind="base_report", year=year, due_on=datetime.date(year, 12, 15)),
                Deadline(kind="fund_report", year=year, due_on=datetime.date(year, 12, 31)),
            ],
            ignore_conflicts=True,  # deadlines staff already set stay as they are
        )

    def _analyze(self) -> None:
        """Fresh planner statistics and visibility map, as a production database would have."""
        if not self.writer.copy:
            return
        started = time.monotonic()
        with connection.cursor() as cursor:
            # VACUUM cannot run inside a transaction (a test's, or a caller's atomic block).
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stderr.write(f"{'vacuum analyze':<22} {time.monotonic() - started:6.1f} s")
