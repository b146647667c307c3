"""The association's statistics of one year, for staff (all societies) or a city reviewer (their
city's societies): activities by city, setting, theme and campaign; filings by kind and status;
special funds by category and by source; designated bases by level. Ten queries for any size.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.figures import activity_figures
from activities.models import Activity
from bases.models import DesignationLevel, EducationBase
from funding.models import SpecialFund
from societies.framework.deadlines import filing_type_of, is_known
from societies.framework.exports import Sheet
from societies.framework.filing import status_counts
from societies.framework.registry import filing_types
from societies.framework.workflow import FILED_STATUSES, FilingStatus
from societies.models import Society, Volunteer

from .models import Deadline
from .society_queries import deadline_flags

YEARS_BACK = 8


def year_choices(today: datetime.date | None = None) -> list[int]:
    this_year = (today or timezone.localdate()).year
    return list(range(this_year, this_year - YEARS_BACK, -1))


def year_statistics(user, year: int, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    activities = Activity.objects.for_user(user).filter(year=year).counted_in_figures()
    funds = SpecialFund.objects.for_user(user).filter(year=year)
    by_category = funds.totals_by_category()
    figures = _named(activity_figures(activities, by=("city", "setting")), ("city", "setting"))
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


def _named(figures: dict, fields) -> dict:
    """Give each ``by_<field>`` row of choice values its label as ``name``, as theme rows have."""
    for field in fields:
        labels = dict(Activity._meta.get_field(field).flatchoices)
        for row in figures[f"by_{field}"]:
            row["name"] = labels[row["key"]]
    return figures


def _filings_by_status(user, year: int) -> list[dict]:
    """Per filing kind, how many of the year's filings are in each status: one UNION ALL."""
    models = [filing_type.model for filing_type in filing_types()]
    parts = status_counts(model.objects.for_user(user).filter(year=year) for model in models)
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


def society_scorecard(society_id: int, year: int, user) -> dict:
    """One society's year in figures, what staff read before commending (DESIGN: filings on time,
    activities, attendance, volunteers ratio, funds raised by source, bases). Ten queries.

    A filing kind is on time when every filing of it for the year is filed (submitted or beyond)
    and the last submission was on or before the deadline's day: a filing returned and submitted
    again after the deadline counts as late.
    """
    volunteers = Volunteer.objects.filter(society=OuterRef("pk")).order_by().values("society")
    society = get_object_or_404(
        Society.objects.for_user(user).annotate(
            volunteer_total=Coalesce(Subquery(volunteers.annotate(n=Count("*")).values("n")), 0),
            expert_total=Coalesce(Subquery(volunteers.filter(is_expert=True).annotate(n=Count("*")).values("n")), 0),
        ),
        pk=society_id,
    )
    activities = Activity.objects.filter(society=society, year=year).counted_in_figures()
    funds = SpecialFund.objects.filter(society=society, year=year)
    return {
        "society": society,
        "year": year,
        "activities": _named(activity_figures(activities), ("setting",)),
        "volunteer_ratio": round(100 * society.volunteer_total / society.member_count)
        if society.member_count
        else None,
        "deadlines": _filings_on_time(society, year),
        "funds_by_source": funds.totals_by_source_kind(),
        "bases": list(
            EducationBase.objects.filter(society=society)
            .designated_in_force()
            .select_related("category")
            .order_by("-level", "name")
        ),
    }


def _filings_on_time(society, year: int) -> list[dict]:
    """Per deadline of the year: whether the society must file, how many filings, how many filed,
    the last submission, on time."""
    deadlines = [
        (deadline, filing_type_of(deadline.kind).model)
        for deadline in Deadline.objects.filter(year=year, is_active=True)
        if is_known(deadline.kind)
    ]
    if not deadlines:
        return []
    parts = [
        model.objects.filter(society=society, year=year)
        .annotate(kind=Value(index))
        .values("kind")
        .annotate(
            total=Count("*"),
            filed=Count("pk", filter=Q(status__in=FILED_STATUSES)),
            last=Max("submitted_at", filter=Q(status__in=FILED_STATUSES)),
        )
        .values_list("kind", "total", "filed", "last")
        .order_by()
        for index, (_deadline, model) in enumerate(deadlines)
    ]
    found = {kind: (total, filed, last) for kind, total, filed, last in parts[0].union(*parts[1:], all=True)}
    asked = tuple((deadline.kind, deadline.year) for deadline, _model in deadlines)
    flags = deadline_flags(society.pk, asked)
    rows = []
    for index, (deadline, _model) in enumerate(deadlines):
        total, filed, last = found.get(index, (0, 0, None))
        last_day = timezone.localdate(last) if last else None
        rows.append(
            {
                "deadline": deadline,
                # A fund report is due only with a fund that year, a base report only with bases.
                "expected": flags[(deadline.kind, deadline.year)][1],
                "total": total,
                "filed": filed,
                "last_submitted_on": last_day,
                "on_time": bool(total) and filed == total and last_day is not None and last_day <= deadline.due_on,
            }
        )
    return rows
