"""统计口径 — the counting rule: which records count in a year's figures, and by which date.

Written once here and used by every page and export that reports figures: the statistics page and
its workbook, the scorecards, the funding admin's totals (and later the national return).

**Which statuses.** The association's figures count what the association has *approved*
(``ASSOCIATION``). A draft, a record returned for revision and one still waiting in the review
queue do not count: the association reports upward only what it has checked, and a figure must
not fall when a reviewer returns a record. The records still in review are shown beside the
figures, never in them.

A society's own yearly summary counts what the society has *filed* (``SOCIETY_OWN``: submitted,
city-reviewed or approved). The summary is the society's account of its year, written when many
of its activities are still in the queue; the reviewer who approves the summary approves its
figures with it. Its figures are frozen at submission and are never added into the association's.

**Which date.** Every record falls in the year of its own date (``DATES``): an activity in the
year it starts, money raised in the year it was received, money spent in the year it was spent —
not the year of the fund it belongs to; a fund itself (how many, their budgets), a plan, a summary
and a base's annual report in the year they are for. A designated base counts in every year its
designation was in force (``bases.models.EducationBaseQuerySet.designated_during``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .workflow import FILED_STATUSES, FilingStatus


@dataclass(frozen=True)
class Dated:
    """How a kind of record is placed in a year: by ``date_field`` (a date of the record itself),
    or by its filing's ``year`` when ``date_field`` is None. ``filing`` is the path from the
    record to the filing whose status counts ("" when the record is the filing)."""

    date_field: str | None = None
    filing: str = ""


# Every kind of record the figures count, by model label.
DATES: dict[str, Dated] = {
    "activities.Activity": Dated("start_date"),
    "activities.OutreachPlan": Dated(),
    "activities.AnnualSummary": Dated(),
    "funding.SpecialFund": Dated(),
    "funding.FundingSource": Dated("received_on", filing="fund"),
    "funding.Expenditure": Dated("spent_on", filing="fund"),
    "funding.FundReport": Dated(),
    "bases.BaseAnnualReport": Dated(),
    "bases.Recommendation": Dated(),
}


@dataclass(frozen=True)
class CountingRule:
    statuses: frozenset[str]

    def apply(self, queryset: QuerySet, *, years: int | tuple[int, int] | None) -> QuerySet:
        """The records of ``queryset`` that count in ``years`` (one year, an inclusive (first,
        last) span, or None for every year)."""
        dated = DATES[queryset.model._meta.label]
        path = f"{dated.filing}__" if dated.filing else ""
        queryset = queryset.filter(**{f"{path}status__in": self.statuses})
        if years is None:
            return queryset
        first, last = (years, years) if isinstance(years, int) else years
        if dated.date_field is None:
            return queryset.filter(**{f"{path}year__gte": first, f"{path}year__lte": last})
        start, end = year_bounds(first, last)
        return queryset.filter(**{f"{dated.date_field}__gte": start, f"{dated.date_field}__lt": end})


ASSOCIATION = CountingRule(frozenset({FilingStatus.APPROVED}))
SOCIETY_OWN = CountingRule(FILED_STATUSES)

# The rule in one sentence, shown on the statistics page, the scorecard and in the workbook.
RULE_TEXT = _(
    "Counting rule: only records the association has approved count (drafts, records awaiting review "
    "and records returned for revision do not). An activity counts in the year it starts; money raised "
    "or spent in the year it was received or spent, whatever the fund's year; a fund and its budget, a "
    "base's annual report in the year they are for; a designated base in every year its designation "
    "was in force."
)


def counted(queryset: QuerySet, *, years: int | tuple[int, int] | None, rule: CountingRule = ASSOCIATION) -> QuerySet:
    """The records of ``queryset`` that count in ``years`` under ``rule`` (the association's by default)."""
    return rule.apply(queryset, years=years)


def year_bounds(first: int, last: int | None = None) -> tuple[datetime.date, datetime.date]:
    """1 January of ``first`` and 1 January after ``last``: dates ``d`` with start <= d < end."""
    return datetime.date(first, 1, 1), datetime.date((last or first) + 1, 1, 1)


def growth_percent(current, previous) -> float | None:
    """Change from ``previous`` to ``current`` in percent, one decimal; None when there was nothing before."""
    if not previous:
        return None
    return float((Decimal(current - previous) * 100 / Decimal(previous)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def share_percent(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole``: one decimal (22.5), two below 0.1 (0.04) so that a
    small share never shows as 0; None when ``whole`` is 0."""
    if not whole:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    places = Decimal("0.01") if 0 < value < Decimal("0.1") else Decimal("0.1")
    return value.quantize(places, ROUND_HALF_UP)
