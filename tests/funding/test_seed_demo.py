"""The demo data commands of funding and bases run after seed_demo and are safe to run again."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from bases.models import BaseAnnualReport, EducationBase, Recommendation
from funding.models import SpecialFund
from societies.framework.workflow import FilingStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_funds_and_bases_twice():
    call_command("seed_demo", stdout=None)
    for _ in range(2):
        call_command("seed_demo_funds")
        call_command("seed_demo_bases")
    assert SpecialFund.objects.count() == 12 and EducationBase.objects.count() == 3
    fund = SpecialFund.objects.with_totals().get(project_name="青少年物理科普进校园")
    assert (fund.raised, fund.spent) == (Decimal("40000.00"), Decimal("22900.50"))
    assert EducationBase.objects.expiring().count() == 1 and Recommendation.objects.count() == 1


def test_seed_demo_money_and_reports_count_in_every_year():
    """Most funds approved (what the statistics count), money dated within its year and never in
    the future, one of last year's funds spending in January; five years of base reports."""
    call_command("seed_demo", stdout=None)
    call_command("seed_demo_funds")
    call_command("seed_demo_bases")
    today = timezone.localdate()
    statuses = list(SpecialFund.objects.values_list("status", flat=True))
    assert statuses.count(FilingStatus.APPROVED) == 10 and FilingStatus.SUBMITTED in statuses
    assert set(SpecialFund.objects.filter(status=FilingStatus.APPROVED).values_list("year", flat=True)) == set(
        range(today.year - 4, today.year + 1)
    )
    for fund in SpecialFund.objects.prefetch_related("sources", "expenditures"):
        for source in fund.sources.all():
            assert source.received_on.year == fund.year and source.received_on <= today
        for line in fund.expenditures.all():
            assert line.spent_on <= today and line.spent_on.year in (fund.year, fund.year + 1)
    spills = [
        line
        for fund in SpecialFund.objects.filter(year=today.year - 1)
        for line in fund.expenditures.all()
        if line.spent_on.year == today.year
    ]
    assert spills, "last year's fund spent into this year: counted in this year's spending"
    reports = BaseAnnualReport.objects.filter(status=FilingStatus.APPROVED)
    assert set(reports.values_list("year", flat=True)) == set(range(today.year - 4, today.year + 1))
