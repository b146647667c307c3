"""The demo data commands of funding and bases run after seed_demo and are safe to run again."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from bases.models import EducationBase, Recommendation
from funding.models import SpecialFund

pytestmark = pytest.mark.django_db


def test_seed_demo_funds_and_bases_twice():
    call_command("seed_demo", stdout=None)
    for _ in range(2):
        call_command("seed_demo_funds")
        call_command("seed_demo_bases")
    assert SpecialFund.objects.count() == 3 and EducationBase.objects.count() == 3
    fund = SpecialFund.objects.with_totals().get(project_name="青少年物理科普进校园")
    assert (fund.raised, fund.spent) == (Decimal("40000.00"), Decimal("22900.50"))
    assert EducationBase.objects.expiring().count() == 1 and Recommendation.objects.count() == 1
