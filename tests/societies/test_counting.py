"""The counting rule (统计口径) itself: which statuses count and which date places a record in a year."""

import datetime
from decimal import Decimal

import pytest

from activities.models import Activity
from funding.models import Expenditure, FundingSource, SpecialFund
from societies.framework.counting import ASSOCIATION, DATES, SOCIETY_OWN, counted, growth_percent, share_percent
from societies.framework.registry import filing_types
from societies.framework.workflow import FilingStatus
from tests.activities.factories import ActivityFactory
from tests.funding.factories import ExpenditureFactory, FundingSourceFactory, SpecialFundFactory

pytestmark = pytest.mark.django_db


def test_every_filing_kind_has_a_date_in_the_rule():
    """A new filing type must say how it is placed in a year before any page can count it."""
    assert {model._meta.label for model in [t.model for t in filing_types()]} <= set(DATES)


def test_statuses_of_each_rule():
    assert ASSOCIATION.statuses == {FilingStatus.APPROVED}
    assert SOCIETY_OWN.statuses == {FilingStatus.SUBMITTED, FilingStatus.CITY_REVIEWED, FilingStatus.APPROVED}


def test_an_activity_counts_in_the_year_it_starts(society_a):
    last_day = ActivityFactory(
        society=society_a,
        status=FilingStatus.APPROVED,
        start_date=datetime.date(2025, 12, 31),
        end_date=datetime.date(2026, 1, 2),
        year=2025,
    )
    first_day = ActivityFactory(society=society_a, status=FilingStatus.APPROVED, start_date=datetime.date(2026, 1, 1))
    ActivityFactory(society=society_a, status=FilingStatus.SUBMITTED, start_date=datetime.date(2026, 6, 1))
    assert list(counted(Activity.objects.all(), years=2025)) == [last_day]
    assert list(counted(Activity.objects.all(), years=2026)) == [first_day]
    assert counted(Activity.objects.all(), years=(2025, 2026)).count() == 2
    assert counted(Activity.objects.all(), years=2026, rule=SOCIETY_OWN).count() == 2
    assert counted(Activity.objects.all(), years=None).count() == 2


def test_money_counts_by_its_own_date_and_its_funds_status(society_a):
    fund = SpecialFundFactory(society=society_a, year=2026, status=FilingStatus.APPROVED)
    early = FundingSourceFactory(fund=fund, received_on=datetime.date(2025, 12, 28))
    FundingSourceFactory(fund=fund, received_on=datetime.date(2026, 2, 1))
    late = ExpenditureFactory(fund=fund, spent_on=datetime.date(2027, 1, 5))
    draft = SpecialFundFactory(society=society_a, year=2026)
    FundingSourceFactory(fund=draft, received_on=datetime.date(2026, 2, 1))
    assert list(counted(FundingSource.objects.all(), years=2025)) == [early]
    assert counted(FundingSource.objects.all(), years=2026).count() == 1, "not the draft fund's"
    assert list(counted(Expenditure.objects.all(), years=2027)) == [late]
    assert list(counted(SpecialFund.objects.all(), years=2026)) == [fund], "a fund counts in its own year"
    assert not counted(SpecialFund.objects.all(), years=2025).exists()


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [(3, 2, 50.0), (2, 3, -33.3), (5, 0, None), (0, 4, -100.0), (Decimal("3300.00"), Decimal("3000.50"), 10.0)],
)
def test_growth_percent(current, previous, expected):
    assert growth_percent(current, previous) == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(4, 1000, "0.4"), (9, 40, "22.5"), (1, 3000, "0.03"), (0, 50, "0.0"), (3, 0, None), (150, 100, "150.0")],
)
def test_share_percent_never_rounds_a_small_share_to_zero(part, whole, expected):
    result = share_percent(part, whole)
    assert (None if result is None else str(result)) == expected
