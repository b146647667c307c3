"""The association's statistics of one year, for staff (all societies) or a city reviewer (their
city's societies): activities by city, setting, theme and campaign; filings by kind and status;
special funds by category and by source; designated bases by level. Ten queries for any size.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.figures import activity_figures
from activities.models import Activity
from bases.models import DesignationLevel, EducationBase
from funding.models import SpecialFund
from societies.exports import Sheet
from societies.filing import FilingStatus, filing_models

YEARS_BACK = 8


def year_choices(today: datetime.date | None = None) -> list[int]:
    this_year = (today or timezone.localdate()).year
    return list(range(this_year, this_year - YEARS_BACK, -1))


def year_statistics(user, year: int, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    activities = Activity.objects.for_user(user).filter(year=year).counted_in_figures()
    funds = SpecialFund.objects.for_user(user).filter(year=year)
    by_category = funds.totals_by_category()
    figures = activity_figures(activities, by=("city", "setting"))
    for field in ("city", "setting"):
        labels = dict(Activity._meta.get_field(field).flatchoices)
        for row in figures[f"by_{field}"]:
            row["name"] = labels[row["key"]]  # as the theme and campaign rows have it
    return {
        "year": year,
        "activities": figures,
        "filings": _filings_by_status(user, year),
        "funds_by_category": by_category,
        "funds_total": {
            key: sum((row[key] for row in by_category), start=0) for key in ("count", "budget", "raised", "spent")
        },
        "funds_by_source": funds.totals_by_source_kind(),
        "bases_by_level": _designated_bases_by_level(user, today),
    }


def _filings_by_status(user, year: int) -> list[dict]:
    """Per filing kind, how many of the year's filings are in each status: one UNION ALL."""
    models = filing_models()
    parts = [
        model.objects.for_user(user)
        .filter(year=year)
        .annotate(kind=Value(index))
        .values_list("kind", "status")
        .annotate(n=Count("*"))
        .order_by()
        for index, model in enumerate(models)
    ]
    counts = {(kind, status): n for kind, status, n in parts[0].union(*parts[1:], all=True)}
    rows = []
    for index, model in enumerate(models):
        by_status = [counts.get((index, status.value), 0) for status in FilingStatus]
        rows.append({"label": model._meta.verbose_name_plural, "counts": by_status, "total": sum(by_status)})
    return rows


def _designated_bases_by_level(user, today: datetime.date) -> list[dict]:
    """Designations in force today (not in the chosen year: a designation runs five years)."""
    in_force = EducationBase.objects.for_user(user).designated_in_force(today=today)
    counts = dict(in_force.order_by().values_list("level").annotate(n=Count("*")))
    return [
        {"label": label, "count": counts.get(level, 0)}
        for level, label in DesignationLevel.choices
        if level != DesignationLevel.SOCIETY
    ]


def statistics_sheets(stats: dict) -> list[Sheet]:
    """The same tables as the page, one worksheet each, for the Excel download."""
    figures = stats["activities"]
    return [
        *(
            Sheet(
                title,
                [header, pgettext("statistics", "Activities"), pgettext("statistics", "Attendance (person-times)")],
                _count_rows(figures[key]),
            )
            for key, title, header in count_tables()
        ),
        Sheet(
            _("Filings by status"),
            [
                pgettext("statistics", "Kind"),
                *(status.label for status in FilingStatus),
                pgettext("statistics", "Total"),
            ],
            [(row["label"], *row["counts"], row["total"]) for row in stats["filings"]],
        ),
        Sheet(
            _("Special funds"),
            [
                pgettext("statistics", "Category"),
                pgettext("statistics", "Funds"),
                pgettext("statistics", "Budget"),
                pgettext("statistics", "Raised"),
                pgettext("statistics", "Spent"),
            ],
            [(r["label"], r["count"], r["budget"], r["raised"], r["spent"]) for r in stats["funds_by_category"]],
        ),
        Sheet(
            _("Bases in force today"),
            [pgettext("statistics", "Designation level"), pgettext("statistics", "Bases")],
            [(row["label"], row["count"]) for row in stats["bases_by_level"]],
        ),
        Sheet(
            _("Funding sources"),
            [pgettext("statistics", "Source"), pgettext("statistics", "Sources"), pgettext("statistics", "Amount")],
            [(r["label"], r["count"], r["amount"]) for r in stats["funds_by_source"]],
        ),
    ]


def count_tables() -> list[tuple[str, str, str]]:
    """The activity tables of the page and the workbook: (figures key, title, first column)."""
    return [
        ("by_city", _("By city"), pgettext("statistics", "City")),
        ("by_setting", _("By setting"), pgettext("statistics", "Setting")),
        ("by_theme", _("By theme"), pgettext("statistics", "Theme")),
        ("by_campaign", _("By campaign"), pgettext("statistics", "Campaign")),
    ]


def _count_rows(rows) -> list[tuple]:
    return [(row["name"], row["activities"], row["attendance"]) for row in rows]
