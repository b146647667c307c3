"""Money on special funds: Decimal sums in the database, overspending and negative amounts refused,
and concurrent spending that cannot together exceed what was raised."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from funding import services
from funding.models import Expenditure, FundingSource, SpecialFund
from societies.framework.workflow import FilingError, FilingStatus
from tests.funding.factories import ExpenditureFactory, FundingSourceFactory, SpecialFundFactory

pytestmark = pytest.mark.django_db


def _source(fund, amount):
    return FundingSource(fund=fund, kind="association", amount=Decimal(amount), received_on=datetime.date(2026, 3, 1))


def _expenditure(fund, amount):
    return Expenditure(fund=fund, spent_on=datetime.date(2026, 4, 1), amount=Decimal(amount), purpose="器材")


def test_totals_are_exact_decimals_summed_in_the_database(society_a):
    fund = SpecialFundFactory(society=society_a, budget=Decimal("1000.00"))
    for amount in ("0.10", "0.20", "100.05"):
        FundingSourceFactory(fund=fund, amount=Decimal(amount))
    for amount in ("0.10", "0.20"):
        ExpenditureFactory(fund=fund, amount=Decimal(amount))
    annotated = SpecialFund.objects.with_totals().get(pk=fund.pk)
    assert annotated.raised == Decimal("100.35") and isinstance(annotated.raised, Decimal)
    assert annotated.spent == Decimal("0.30")
    totals = fund.totals()  # without annotations: one aggregate query
    assert (totals.budget, totals.raised, totals.spent, totals.balance) == (
        Decimal("1000.00"),
        Decimal("100.35"),
        Decimal("0.30"),
        Decimal("100.05"),
    )


def test_totals_do_not_multiply_when_a_fund_has_many_sources_and_expenditures(society_a):
    fund = SpecialFundFactory(society=society_a)
    for _ in range(3):
        FundingSourceFactory(fund=fund, amount=Decimal("10.00"))
    for _ in range(5):
        ExpenditureFactory(fund=fund, amount=Decimal("1.00"))
    empty = SpecialFundFactory(society=society_a)
    rows = {f.pk: (f.raised, f.spent) for f in SpecialFund.objects.with_totals()}
    assert rows[fund.pk] == (Decimal("30.00"), Decimal("5.00"))
    assert rows[empty.pk] == (Decimal("0.00"), Decimal("0.00"))


def test_spending_within_raised_is_saved(society_a, secretary_a):
    fund = SpecialFundFactory(society=society_a)
    services.funding_source_save(source=_source(fund, "500.00"), user=secretary_a)
    services.expenditure_save(expenditure=_expenditure(fund, "500.00"), user=secretary_a)
    assert fund.totals().balance == Decimal("0.00")


def test_overspending_is_refused_with_a_clear_message(society_a, secretary_a):
    fund = SpecialFundFactory(society=society_a)
    services.funding_source_save(source=_source(fund, "500.00"), user=secretary_a)
    with pytest.raises(FilingError) as refused:
        services.expenditure_save(expenditure=_expenditure(fund, "500.01"), user=secretary_a)
    assert "500.00" in refused.value.message and "0.00" in refused.value.message
    assert not Expenditure.objects.exists()


def test_raising_an_expenditure_past_the_raised_total_is_refused(society_a, secretary_a):
    fund = SpecialFundFactory(society=society_a)
    FundingSourceFactory(fund=fund, amount=Decimal("100.00"))
    line = ExpenditureFactory(fund=fund, amount=Decimal("60.00"))
    line.amount = Decimal("100.00")
    services.expenditure_save(expenditure=line, user=secretary_a)  # its own old amount is not counted twice
    line.amount = Decimal("100.01")
    with pytest.raises(FilingError):
        services.expenditure_save(expenditure=line, user=secretary_a)
    line.refresh_from_db()
    assert line.amount == Decimal("100.00")


def test_lowering_or_deleting_a_source_below_the_spending_is_refused(society_a, secretary_a):
    fund = SpecialFundFactory(society=society_a)
    source = FundingSourceFactory(fund=fund, amount=Decimal("100.00"))
    ExpenditureFactory(fund=fund, amount=Decimal("80.00"))
    source.amount = Decimal("79.99")
    with pytest.raises(FilingError):
        services.funding_source_save(source=source, user=secretary_a)
    with pytest.raises(FilingError):
        services.funding_source_delete(source=FundingSource.objects.get(pk=source.pk), user=secretary_a)
    assert FundingSource.objects.get(pk=source.pk).amount == Decimal("100.00")


@pytest.mark.parametrize("amount", ["-1.00", "0.00"])
def test_negative_or_zero_amounts_refused_by_service(society_a, secretary_a, amount):
    fund = SpecialFundFactory(society=society_a)
    FundingSourceFactory(fund=fund, amount=Decimal("100.00"))
    with pytest.raises(FilingError):
        services.funding_source_save(source=_source(fund, amount), user=secretary_a)
    with pytest.raises(FilingError):
        services.expenditure_save(expenditure=_expenditure(fund, amount), user=secretary_a)
    assert FundingSource.objects.count() == 1 and not Expenditure.objects.exists()


def test_negative_amounts_refused_by_the_database(society_a):
    fund = SpecialFundFactory(society=society_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingSourceFactory(fund=fund, amount=Decimal("-5.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpenditureFactory(fund=fund, amount=Decimal("-5.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        SpecialFundFactory(society=society_a, budget=Decimal("-1.00"))


def test_float_amount_refused_by_service(society_a, secretary_a):
    fund = SpecialFundFactory(society=society_a)
    source = _source(fund, "1.00")
    source.amount = 1.1
    with pytest.raises(FilingError):
        services.funding_source_save(source=source, user=secretary_a)


def test_lines_of_a_submitted_fund_cannot_change(society_a, secretary_a):
    fund = SpecialFundFactory(society=society_a, status=FilingStatus.SUBMITTED)
    with pytest.raises(FilingError):
        services.funding_source_save(source=_source(fund, "10.00"), user=secretary_a)
    assert not FundingSource.objects.exists()


def test_another_societys_secretary_cannot_write_lines(society_a, secretary_b):
    fund = SpecialFundFactory(society=society_a)
    with pytest.raises(FilingError):
        services.funding_source_save(source=_source(fund, "10.00"), user=secretary_b)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises writes)")
@pytest.mark.django_db(transaction=True)
def test_concurrent_spending_cannot_overspend(society_a, secretary_a):
    fund = SpecialFundFactory(society=society_a)
    FundingSourceFactory(fund=fund, amount=Decimal("100.00"))
    barrier = threading.Barrier(4)
    outcomes = []

    def spend():
        try:
            barrier.wait()
            services.expenditure_save(expenditure=_expenditure(fund, "40.00"), user=secretary_a)
            outcomes.append("saved")
        except FilingError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=spend) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "saved", "saved"]
    assert fund.totals().spent == Decimal("80.00")
