"""Writes on special funds' lines: sources and expenditures.

Every write locks the fund row first, so two secretaries (or two browser tabs) recording spending
at the same time are serialised and cannot together spend more than has been raised. Only a
secretary of the fund's society changes lines (``access.edit_refusal``: association staff could,
but the admin shows lines read-only), and only while the fund is a draft or returned.
Every write that commits invalidates the cached figures (``societies.framework.cache``).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from societies.framework import access
from societies.framework.cache import FIGURES, cache_bump
from societies.framework.uploads import replaced_files_delete_on_commit
from societies.framework.workflow import FilingError

from .models import ZERO, Expenditure, FundingSource, SpecialFund


def _lock_editable_fund(*, fund_id: int, user) -> SpecialFund:
    fund = SpecialFund.objects.select_for_update().select_related("society").get(pk=fund_id)
    refusal = access.edit_refusal(user, fund)
    if refusal:
        raise FilingError(refusal)
    cache_bump(FIGURES)  # on commit of the caller's write; a refused write rolls it back too
    return fund


def _sum(queryset) -> Decimal:
    total = queryset.aggregate(t=Sum("amount"))["t"]
    return ZERO if total is None else total


def _check_spending(*, raised: Decimal, spent_before: Decimal, amount: Decimal) -> None:
    if spent_before + amount > raised:
        raise FilingError(
            _(
                "Spending would exceed the money raised: %(raised)s yuan raised, %(spent)s yuan already spent, "
                "so at most %(left)s yuan can be spent now. Record the funding source first."
            )
            % {
                "raised": f"{raised:,.2f}",
                "spent": f"{spent_before:,.2f}",
                "left": f"{max(raised - spent_before, ZERO):,.2f}",
            }
        )


def _check_raised(*, raised: Decimal, spent: Decimal) -> None:
    if spent > raised:
        raise FilingError(
            _(
                "The money raised would fall to %(raised)s yuan, below the %(spent)s yuan already spent. "
                "Correct the expenditures first."
            )
            % {"raised": f"{raised:,.2f}", "spent": f"{spent:,.2f}"}
        )


def _totals_without(*, fund: SpecialFund, source_pk=None, expenditure_pk=None) -> tuple[Decimal, Decimal]:
    raised = _sum(FundingSource.objects.filter(fund=fund).exclude(pk=source_pk))
    spent = _sum(Expenditure.objects.filter(fund=fund).exclude(pk=expenditure_pk))
    return raised, spent


def _check_amount(amount) -> None:
    if not isinstance(amount, Decimal) or amount <= 0:
        raise FilingError(_("The amount must be more than zero."))


def funding_source_save(*, source: FundingSource, user) -> FundingSource:
    """Add or change a funding source of an editable fund.

    Side effects: locks the fund row; refuses (``FilingError``) a user who may not edit the fund,
    a fund under review, an amount that is not positive, and a change that would leave more spent
    than raised; saves the source (with a history row naming ``user``).
    """
    _check_amount(source.amount)
    with transaction.atomic():
        fund = _lock_editable_fund(fund_id=source.fund_id, user=user)
        raised, spent = _totals_without(fund=fund, source_pk=source.pk)
        _check_raised(raised=raised + source.amount, spent=spent)
        source._history_user = user
        source.save()
    return source


def funding_source_delete(*, source: FundingSource, user) -> None:
    """Delete a funding source of an editable fund; refused when the spending would exceed the rest."""
    with transaction.atomic():
        fund = _lock_editable_fund(fund_id=source.fund_id, user=user)
        raised, spent = _totals_without(fund=fund, source_pk=source.pk)
        _check_raised(raised=raised, spent=spent)
        source._history_user = user
        source.delete()


def expenditure_save(*, expenditure: Expenditure, user) -> Expenditure:
    """Add or change an expenditure of an editable fund.

    Side effects: locks the fund row; refuses (``FilingError``) a user who may not edit the fund,
    a fund under review, an amount that is not positive, an activity of another society, and
    spending beyond what has been raised; saves the expenditure (and its receipt file) with a
    history row naming ``user``; deletes a receipt file it cleared or replaced after commit.
    """
    _check_amount(expenditure.amount)
    with transaction.atomic():
        fund = _lock_editable_fund(fund_id=expenditure.fund_id, user=user)
        if expenditure.activity_id is not None and expenditure.activity.society_id != fund.society_id:
            raise FilingError(_("The activity must be one of your own society's."))
        raised, spent = _totals_without(fund=fund, expenditure_pk=expenditure.pk)
        _check_spending(raised=raised, spent_before=spent, amount=expenditure.amount)
        before = Expenditure.objects.filter(pk=expenditure.pk).first() if expenditure.pk else None
        expenditure._history_user = user
        expenditure.save()
        if before is not None:
            replaced_files_delete_on_commit(before=before, after=expenditure)
    return expenditure


def expenditure_delete(*, expenditure: Expenditure, user) -> None:
    """Delete an expenditure of an editable fund.

    The receipt file is kept: the history row still points to it, for the accounts.
    """
    with transaction.atomic():
        _lock_editable_fund(fund_id=expenditure.fund_id, user=user)
        expenditure._history_user = user
        expenditure.delete()
