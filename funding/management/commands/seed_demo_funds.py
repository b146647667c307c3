"""Demo special funds for the demo societies: `manage.py seed_demo_funds` (after seed_demo; safe to run again).

Funds of this year and the four before, most approved (what the statistics count), one in review
and one draft; money received early in the year and spent through it, never after today — and one of last
year's funds spending into January, which the statistics count in the year it was spent.
"""

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from funding.models import Expenditure, FundingSource, SpecialFund
from funding.services import expenditure_save, funding_source_save
from societies.framework.workflow import FilingStatus
from societies.models import User

THIS, LAST = 0, -1
A, S, D = FilingStatus.APPROVED, FilingStatus.SUBMITTED, FilingStatus.DRAFT
FUNDS = [
    # secretary, year (0 this, -1 last), project, category, budget, status,
    # sources (kind, amount, donor, (month, day)),
    # expenditures (amount, purpose, (month, day) or (years after the fund's, month, day))
    (
        "wuli",
        THIS,
        "青少年物理科普进校园",
        "key_project",
        "50000.00",
        A,
        [
            ("association", "20000.00", "广西科协", (3, 5)),
            ("self_raised", "8000.00", "", (3, 20)),
            ("social", "12000.00", "某科技企业", (4, 10)),
        ],
        [
            ("3500.00", "实验器材采购", (4, 15)),
            ("6200.50", "讲师劳务", (5, 30)),
            ("1800.00", "交通费", (6, 12)),
            ("2400.00", "宣传资料印刷", (9, 3)),
            ("9000.00", "科普展板制作", (10, 20)),
        ],
    ),
    ("wuli", THIS, "学术年会科普分会场", "academic", "12000.00", D, [], []),
    (
        "nongxue",
        THIS,
        "乡村振兴农技科普大篷车",
        "capacity",
        "80000.00",
        S,
        [("government", "30000.00", "自治区农业农村厅", (3, 1)), ("charity", "10000.00", "某公益基金会", (5, 8))],
        [("15000.00", "科普大篷车租用", (6, 18)), ("4800.00", "农技手册印制", (9, 12))],
    ),
    (
        "lz_yixue",
        THIS,
        "健康科普进社区",
        "key_project",
        "30000.00",
        A,
        [("association", "10000.00", "柳州市科协", (2, 26)), ("social", "8000.00", "柳州某医院", (4, 2))],
        [("6500.00", "健康科普讲座专家劳务", (5, 16)), ("3200.00", "科普折页印制", (8, 22))],
    ),
    (
        "wuli",
        LAST,
        "科普大讲堂系列讲座",
        "key_project",
        "30000.00",
        A,
        [("association", "15000.00", "广西科协", (3, 10)), ("self_raised", "6000.00", "", (4, 1))],
        [
            ("9000.00", "讲师劳务", (6, 20)),
            ("6000.00", "场地租用", (10, 15)),
            ("3000.00", "年终结算讲师劳务", (1, 1, 12)),
        ],
    ),
    (
        "nongxue",
        LAST,
        "农技科普资料编印",
        "capacity",
        "25000.00",
        A,
        [("government", "20000.00", "自治区农业农村厅", (2, 20))],
        [("12000.00", "农技手册编印", (5, 10)), ("6000.00", "科普挂图印制", (8, 28))],
    ),
]


def _earlier_funds() -> list[tuple]:
    """The three years before last: one approved fund each for 物理学会 and 农学会 (the five-year trend)."""
    funds = []
    for age, amount in ((2, 16000), (3, 14000), (4, 12000)):
        funds += [
            (
                "wuli",
                -age,
                "青少年科普讲座",
                "key_project",
                f"{amount * 2}.00",
                A,
                [("association", f"{amount}.00", "广西科协", (3, 10))],
                [(f"{amount // 2}.00", "讲师劳务", (6, 20)), (f"{amount // 4}.00", "科普资料印刷", (10, 15))],
            ),
            (
                "nongxue",
                -age,
                "农技科普下乡",
                "capacity",
                f"{amount + 5000}.00",
                A,
                [("government", f"{amount + 2000}.00", "自治区农业农村厅", (2, 20))],
                [(f"{amount}.00", "农技培训", (7, 8))],
            ),
        ]
    return funds


FUNDS += _earlier_funds()


class Command(BaseCommand):
    help = "Create demo special funds with sources and expenditures for the demo societies."

    @transaction.atomic
    def handle(self, *args, **options):
        today, now = timezone.localdate(), timezone.now()
        staff = User.objects.filter(username="kx_staff").first()
        created = 0
        for username, offset, project, category, budget, status, sources, expenditures in FUNDS:
            try:
                secretary = User.objects.select_related("society").get(username=username)
            except User.DoesNotExist:
                raise CommandError(f"Run seed_demo first: there is no user {username!r}.") from None
            year = today.year + offset

            def day(when, year=year):
                *shift, month, dom = when
                return min(datetime.date(year + (shift[0] if shift else 0), month, dom), today)

            fund, new = SpecialFund.objects.get_or_create(
                society=secretary.society,
                year=year,
                project_name=project,
                defaults={"category": category, "budget": Decimal(budget)},
            )
            if not new:
                continue
            created += 1
            for kind, amount, donor, when in sources:
                source = FundingSource(fund=fund, kind=kind, amount=Decimal(amount), donor=donor, received_on=day(when))
                funding_source_save(source=source, user=secretary)
            for amount, purpose, when in expenditures:
                line = Expenditure(fund=fund, spent_on=day(when), amount=Decimal(amount), purpose=purpose)
                expenditure_save(expenditure=line, user=secretary)
            if status != D:
                submitted = timezone.make_aware(datetime.datetime(year, 2, 10, 10))
                decided = {"reviewed_at": min(submitted + datetime.timedelta(days=6), now), "reviewed_by": staff}
                SpecialFund.objects.filter(pk=fund.pk).update(
                    status=status, submitted_at=min(submitted, now), version=2, **(decided if status == A else {})
                )
        self.stdout.write(f"Special funds: {created} created.")
