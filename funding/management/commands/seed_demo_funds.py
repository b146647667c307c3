"""Demo special funds for the demo societies: `manage.py seed_demo_funds` (after seed_demo; safe to run again)."""

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from funding.models import Expenditure, FundingSource, SpecialFund
from funding.services import expenditure_save, funding_source_save
from societies.models import User

FUNDS = [
    # secretary, project, category, budget, sources (kind, amount, donor), expenditures (amount, purpose)
    (
        "wuli",
        "青少年物理科普进校园",
        "key_project",
        "50000.00",
        [("association", "20000.00", "广西科协"), ("self_raised", "8000.00", ""), ("social", "12000.00", "某科技企业")],
        [
            ("3500.00", "实验器材采购"),
            ("6200.50", "讲师劳务"),
            ("1800.00", "交通费"),
            ("2400.00", "宣传资料印刷"),
            ("9000.00", "科普展板制作"),
        ],
    ),
    ("wuli", "学术年会科普分会场", "academic", "12000.00", [], []),
    (
        "nongxue",
        "乡村振兴农技科普大篷车",
        "capacity",
        "80000.00",
        [("government", "30000.00", "自治区农业农村厅"), ("charity", "10000.00", "某公益基金会")],
        [("15000.00", "科普大篷车租用"), ("4800.00", "农技手册印制")],
    ),
]


class Command(BaseCommand):
    help = "Create demo special funds with sources and expenditures for the demo societies."

    @transaction.atomic
    def handle(self, *args, **options):
        created = 0
        for username, project, category, budget, sources, expenditures in FUNDS:
            try:
                secretary = User.objects.select_related("society").get(username=username)
            except User.DoesNotExist:
                raise CommandError(f"Run seed_demo first: there is no user {username!r}.") from None
            fund, new = SpecialFund.objects.get_or_create(
                society=secretary.society,
                year=datetime.date.today().year,
                project_name=project,
                defaults={"category": category, "budget": Decimal(budget)},
            )
            if not new:
                continue
            created += 1
            for kind, amount, donor in sources:
                source = FundingSource(
                    fund=fund, kind=kind, amount=Decimal(amount), donor=donor, received_on=datetime.date.today()
                )
                funding_source_save(source=source, user=secretary)
            for amount, purpose in expenditures:
                line = Expenditure(fund=fund, spent_on=datetime.date.today(), amount=Decimal(amount), purpose=purpose)
                expenditure_save(expenditure=line, user=secretary)
        self.stdout.write(f"Special funds: {created} created.")
