"""Money in figures — funds and their budgets, money raised and money spent, by category, kind of
source and year — counted by the counting rule (``societies.framework.counting``): approved funds only; a
fund and its budget in the fund's year, money raised or spent in the year of its own date.

One UNION ALL query gives every table and every year: the statistics page takes the year chosen,
the one before and the five-year trend from it, the funding admin the years of its filter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, IntegerField, Sum, Value
from django.db.models.functions import ExtractYear

from societies.framework.counting import counted

from .models import ZERO, Expenditure, FundCategory, FundingSource, SourceKind, SpecialFund

FUNDS, RAISED, SPENT, SOURCES = range(4)


@dataclass
class MoneyFigures:
    """Rows of (part, key, year, count, amount): ``FUNDS`` by category and fund year (count,
    budget), ``RAISED`` and ``SPENT`` by the fund's category and the line's year, ``SOURCES`` by
    kind of source and year received."""

    rows: list[tuple] = field(default_factory=list)

    def _sums(self, part: int, year: int | None) -> dict[str, tuple[int, Decimal]]:
        sums: dict[str, tuple[int, Decimal]] = {}
        for row_part, key, row_year, count, amount in self.rows:
            if row_part == part and (year is None or row_year == year):
                n, total = sums.get(key, (0, ZERO))
                sums[key] = (n + count, total + amount)
        return sums

    def by_category(self, year: int | None = None) -> list[dict]:
        """Per category (in the choices' order): funds of the year and their budget, money raised
        and spent in the year (every year when ``year`` is None)."""
        funds, raised, spent = (self._sums(part, year) for part in (FUNDS, RAISED, SPENT))
        return [
            {
                "category": key,
                "label": label,
                "count": funds.get(key, (0, ZERO))[0],
                "budget": funds.get(key, (0, ZERO))[1],
                "raised": raised.get(key, (0, ZERO))[1],
                "spent": spent.get(key, (0, ZERO))[1],
            }
            for key, label in FundCategory.choices
            if key in funds or key in raised or key in spent
        ]

    def by_source(self, year: int | None = None) -> list[dict]:
        """Per kind of source: how many sources and how much was received in the year."""
        sums = self._sums(SOURCES, year)
        return [
            {"kind": key, "label": label, "count": sums[key][0], "amount": sums[key][1]}
            for key, label in SourceKind.choices
            if key in sums
        ]

    def totals(self, year: int | None = None) -> dict:
        rows = self.by_category(year)
        return {name: sum((row[name] for row in rows), start=ZERO if name != "count" else 0) for name in TOTALS}

    def by_year(self, years: range) -> dict[int, dict]:
        """Year → totals, for the trend."""
        found = defaultdict(lambda: dict.fromkeys(TOTALS, ZERO) | {"count": 0})
        names = {FUNDS: "budget", RAISED: "raised", SPENT: "spent"}
        for part, _key, year, count, amount in self.rows:
            if part in names:
                found[year][names[part]] += amount
            if part == FUNDS:
                found[year]["count"] += count
        return {year: found[year] for year in years}


TOTALS = ("count", "budget", "raised", "spent")


def money_figures(funds, *, years: int | tuple[int, int] | None) -> MoneyFigures:
    """The money of ``funds`` (a queryset of special funds of any status and year: the rule picks
    which count) in ``years``: one query."""
    ids = funds.order_by().values("pk")

    def part(queryset, index: int, key, year, amount: str):
        return (
            queryset.annotate(part=Value(index, output_field=IntegerField()), key=key, y=year)
            .values_list("part", "key", "y")
            .annotate(n=Count("pk"), amount=Sum(amount))
            .order_by()
        )

    sources = counted(FundingSource.objects.filter(fund__in=ids), years=years)
    parts = [
        part(counted(SpecialFund.objects.filter(pk__in=ids), years=years), FUNDS, F("category"), F("year"), "budget"),
        part(sources, RAISED, F("fund__category"), ExtractYear("received_on"), "amount"),
        part(
            counted(Expenditure.objects.filter(fund__in=ids), years=years),
            SPENT,
            F("fund__category"),
            ExtractYear("spent_on"),
            "amount",
        ),
        part(sources, SOURCES, F("kind"), ExtractYear("received_on"), "amount"),
    ]
    return MoneyFigures(list(parts[0].union(*parts[1:], all=True)))
