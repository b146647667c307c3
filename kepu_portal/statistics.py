"""The association's statistics of one year, for staff (all societies) or a city reviewer (their
city's city-level societies), and a society's scorecard.

Every figure is counted by the counting rule (``societies.framework.counting``: approved records, each in the
year of its own date), shown against the year before, with a five-year trend of the headline
figures: activities by city, setting, theme and campaign, exchange and leaders taking part; money
raised and spent, by category and by source; bases designated during the year and what their annual
reports say; filings by status (the workflow: every status, not counted figures) and how long
review takes. Nine queries for any size.
"""

from __future__ import annotations

import datetime
import statistics as pystatistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections
from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.figures import activity_figures, activity_figures_by_year
from activities.models import Activity, ExchangeKind
from bases.models import REPORT_TOTALS, BaseAnnualReport, DesignationLevel, EducationBase, designation_in_force_during
from funding.figures import money_figures
from funding.models import SpecialFund
from societies.choices import City
from societies.framework.counting import RULE_TEXT, counted, growth_percent, share_percent
from societies.framework.deadlines import filing_type_of, is_known
from societies.framework.exports import Sheet
from societies.framework.filing import status_counts
from societies.framework.registry import filing_types
from societies.framework.workflow import FILED_STATUSES, PENDING_REVIEW_STATUSES, FilingStatus
from societies.models import Society, Volunteer

from .models import Deadline
from .society_queries import deadline_flags

YEARS_BACK = 8
TREND_YEARS = 5


def year_choices(today: datetime.date | None = None) -> list[int]:
    this_year = (today or timezone.localdate()).year
    return list(range(this_year, this_year - YEARS_BACK, -1))


@dataclass
class Figure:
    """One headline figure of a year, against the year before; ``parts`` break it down."""

    label: str
    value: int | Decimal
    previous: int | Decimal
    money: bool = False
    note: str = ""
    parts: list[Figure] = field(default_factory=list)

    @property
    def growth(self) -> float | None:
        return growth_percent(self.value, self.previous)


def year_statistics(user, year: int, today: datetime.date | None = None) -> dict:
    """The year's figures as ``user`` may see them (their scope), by the counting rule."""
    first = year - TREND_YEARS + 1
    activities = counted(Activity.objects.for_user(user), years=(first, year))
    by_year = activity_figures_by_year(activities, years=(first, year), by=("city", "setting"))
    figures = _named(by_year[year], ("city", "setting"))
    previous = _named(by_year[year - 1], ("city", "setting"))
    for table, key in (("by_city", "key"), ("by_setting", "key"), ("by_theme", "name"), ("by_campaign", "name")):
        _against(figures[table], previous[table], ("activities", "attendance"), key=key)
    money = money_figures(SpecialFund.objects.for_user(user), years=(first, year))
    reports = counted(BaseAnnualReport.objects.for_user(user), years=(first, year)).totals_by_year()
    reports = {y: reports.get(y, dict.fromkeys(REPORT_TOTALS, 0)) for y in range(first, year + 1)}
    filings = _filings_by_status(user, year)
    bases = _designated_bases_by_level(user, year)
    stats = {
        "year": year,
        "previous_year": year - 1,
        "rule": RULE_TEXT,
        "activities": figures,
        "filings": filings,
        "awaiting_review": _awaiting_review(filings, Activity),
        "funds_by_category": _against(
            money.by_category(year), money.by_category(year - 1), ("raised", "spent"), key="category"
        ),
        "funds_total": money.totals(year),
        "funds_by_source": _against(money.by_source(year), money.by_source(year - 1), ("amount",), key="kind"),
        "bases_by_level": bases,
        "base_reports": reports[year],
        "review_times": _review_times(user, year),
    }
    money_by_year = money.by_year(range(first, year + 1))
    stats["trend"] = [
        {
            "year": y,
            "activities": by_year[y]["totals"]["activities"],
            "attendance": by_year[y]["totals"]["attendance"],
            "helpers": by_year[y]["totals"]["helpers"],
            "raised": money_by_year[y]["raised"],
            "spent": money_by_year[y]["spent"],
            "visitors": reports[y]["visitors"],
        }
        for y in range(first, year + 1)
    ]
    stats["headline"] = _headline(
        figures["totals"], previous["totals"], money.totals(year), money.totals(year - 1), reports, bases, stats
    )
    return stats


def _headline(totals, before, funds, funds_before, reports, bases, stats) -> list[Figure]:
    """The figures of the page's cards and of the workbook's first sheet, each against the year before."""
    year = stats["year"]

    def activity(label, key, **kwargs) -> Figure:
        return Figure(label, totals[key], before[key], **kwargs)

    exchange_labels = dict(ExchangeKind.choices)
    return [
        activity(
            pgettext("statistics", "Activities"),
            "activities",
            note=_("%(n)s more awaiting review, not counted") % {"n": f"{stats['awaiting_review']:,}"},
        ),
        activity(
            pgettext("statistics", "Attendance (person-times)"),
            "attendance",
            parts=[
                activity(_("Offline attendance"), "offline_attendance"),
                activity(_("Online attendance"), "online_attendance"),
                activity(pgettext("outreach figures", "Sessions"), "sessions"),
            ],
        ),
        activity(_("Societies with activities"), "societies"),
        activity(
            _("Volunteers and experts taking part (person-times)"),
            "helpers",
            parts=[
                activity(_("Volunteers taking part"), "volunteer_count"),
                activity(_("Experts taking part"), "expert_count"),
            ],
        ),
        activity(
            _("Exchange activities: international, Hong Kong/Macao/Taiwan, China–ASEAN"),
            "exchange",
            parts=[activity(str(exchange_labels[kind]), f"exchange_{kind}") for kind in ExchangeKind.values if kind],
        ),
        activity(
            _("Activities with the president or secretary-general"),
            "leaders",
            parts=[
                activity(_("The president took part"), "president"),
                activity(_("The secretary-general took part"), "secretary_general"),
            ],
        ),
        Figure(
            _("Special funds of the year"),
            funds["count"],
            funds_before["count"],
            parts=[Figure(_("Budget (yuan)"), funds["budget"], funds_before["budget"], money=True)],
        ),
        Figure(_("Money raised in the year (yuan)"), funds["raised"], funds_before["raised"], money=True),
        Figure(_("Money spent in the year (yuan)"), funds["spent"], funds_before["spent"], money=True),
        Figure(
            _("Visitors to the bases (person-times)"),
            reports[year]["visitors"],
            reports[year - 1]["visitors"],
            parts=[
                Figure(_("Annual reports"), reports[year]["reports"], reports[year - 1]["reports"]),
                Figure(
                    _("Activities held at the bases"),
                    reports[year]["activities_held"],
                    reports[year - 1]["activities_held"],
                ),
                Figure(_("Online visits"), reports[year]["online_visits"], reports[year - 1]["online_visits"]),
            ],
        ),
        *(
            Figure(row["label"], row["count"], row["previous_count"], note=_("designations in force during the year"))
            for row in bases
        ),
    ]


def _named(figures: dict, fields) -> dict:
    """Give each ``by_<field>`` row of choice values its label as ``name``, as theme rows have."""
    for field_name in fields:
        labels = dict(Activity._meta.get_field(field_name).flatchoices)
        for row in figures[f"by_{field_name}"]:
            row["name"] = labels[row["key"]]
    return figures


def _against(rows: list[dict], previous_rows: list[dict], names, *, key: str = "key") -> list[dict]:
    """Give each row the year before's value of each of ``names`` (``previous_<name>``) and the
    growth (``<name>_growth``), matching rows by ``key``; a row of the year before that has none
    this year is added with zeros."""
    before = {row[key]: row for row in previous_rows}
    for row in rows:
        old = before.pop(row[key], {})
        for name in names:
            row[f"previous_{name}"] = old.get(name, 0)
            row[f"{name}_growth"] = growth_percent(row[name], row[f"previous_{name}"])
    for row in before.values():
        empty = {name: type(value)() if isinstance(value, int | Decimal) else value for name, value in row.items()}
        rows.append(
            empty
            | {f"previous_{name}": row[name] for name in names}
            | {f"{name}_growth": growth_percent(0, row[name]) for name in names}
        )
    return rows


def _filings_by_status(user, year: int) -> list[dict]:
    """Per filing kind, how many of the year's filings are in each status: one UNION ALL."""
    models = [filing_type.model for filing_type in filing_types()]
    parts = status_counts(model.objects.for_user(user).filter(year=year) for model in models)
    counts = {(kind, status): n for kind, status, n in parts[0].union(*parts[1:], all=True)}
    rows = []
    for index, model in enumerate(models):
        by_status = [counts.get((index, status.value), 0) for status in FilingStatus]
        rows.append(
            {
                "model": model._meta.label,
                "label": model._meta.verbose_name_plural,
                "counts": by_status,
                "total": sum(by_status),
            }
        )
    return rows


def _awaiting_review(filings: list[dict], model) -> int:
    """Filings of ``model`` in the review queue (filed, not yet approved): what the figures leave out."""
    row = next(row for row in filings if row["model"] == model._meta.label)
    return sum(n for status, n in zip(FilingStatus, row["counts"], strict=True) if status in PENDING_REVIEW_STATUSES)


def _designated_bases_by_level(user, year: int) -> list[dict]:
    """Per level, bases whose designation was in force on some day of ``year``, and of the year before: one query."""
    first, last = datetime.date(year - 1, 1, 1), datetime.date(year, 12, 31)
    rows = (
        EducationBase.objects.for_user(user)
        .filter(designation_in_force_during(first, last))
        .order_by()
        .values("level")
        .annotate(
            count=Count("pk", filter=designation_in_force_during(datetime.date(year, 1, 1), last)),
            previous_count=Count("pk", filter=designation_in_force_during(first, datetime.date(year - 1, 12, 31))),
        )
    )
    counts = {row["level"]: row for row in rows}
    return [
        {
            "label": label,
            "count": counts.get(level, {}).get("count", 0),
            "previous_count": counts.get(level, {}).get("previous_count", 0),
            "count_growth": growth_percent(
                counts.get(level, {}).get("count", 0), counts.get(level, {}).get("previous_count", 0)
            ),
        }
        for level, label in DesignationLevel.choices
        if level != DesignationLevel.SOCIETY
    ]


DECIDED_STATUSES = (FilingStatus.APPROVED, FilingStatus.RETURNED)


def _review_times(user, year: int, *, in_python: bool | None = None) -> dict:
    """How long review takes, for the year's filings (by their year) that have been decided.

    A filing's review time is the days from its last submission to the decision that followed it:
    its approval, or its return by the city reviewer or the association (a city review that passes
    it on is a step, not a decision). ``submitted_at`` holds the last submission and ``reviewed_at``
    the last review action, which for an approved or returned filing is that decision; filings
    still in review have none yet and are left out. The median by kind of filing, by the society's
    city (where city reviewers work) and over all: one query on PostgreSQL (``percentile_cont``
    with grouping sets); elsewhere (SQLite, ``make run``), or with ``in_python``, the medians are
    taken here from the decisions themselves.
    """
    models = [filing_type.model for filing_type in filing_types()]
    span = ExpressionWrapper(F("reviewed_at") - F("submitted_at"), output_field=DurationField())
    parts = [
        model.objects.for_user(user)
        .filter(year=year, status__in=DECIDED_STATUSES, submitted_at__isnull=False, reviewed_at__gte=F("submitted_at"))
        .annotate(kind=Value(index), society_city=F("society__city"), span=span)
        .values_list("kind", "society_city", "span")
        .order_by()
        for index, model in enumerate(models)
    ]
    union = parts[0].union(*parts[1:], all=True)
    if in_python is None:
        in_python = connections[union.db].vendor != "postgresql"
    if not in_python:
        sql, params = union.query.sql_with_params()
        with connections[union.db].cursor() as cursor:
            median = "percentile_cont(0.5) WITHIN GROUP (ORDER BY span)"
            cursor.execute(
                f"SELECT kind, society_city, {median}, COUNT(*), GROUPING(kind), GROUPING(society_city) "  # noqa: S608
                f"FROM ({sql}) AS decisions GROUP BY GROUPING SETS ((kind), (society_city), ())",  # our own SQL
                params,
            )
            grouped = cursor.fetchall()
    else:
        grouped = _medians_in_python(list(union))
    by_kind, by_city, overall = {}, {}, None
    for kind, city, median, n, no_kind, no_city in grouped:
        entry = {"decisions": n, "median_days": _days(median)}
        if no_kind and no_city:
            overall = entry
        elif no_city:
            by_kind[kind] = entry
        else:
            by_city[city] = entry
    return {
        "by_kind": [
            {"label": model._meta.verbose_name_plural, **by_kind[index]}
            for index, model in enumerate(models)
            if index in by_kind
        ],
        "by_city": [{"name": label, **by_city[city]} for city, label in City.choices if city in by_city],
        "overall": overall if overall and overall["decisions"] else None,
    }


def _medians_in_python(rows: list[tuple]) -> list[tuple]:
    """What the PostgreSQL query returns, from the decisions themselves (a small database only)."""
    groups: dict[tuple, list] = {}
    for kind, city, span in rows:
        for key in ((kind, None, 0, 1), (None, city, 1, 0), (None, None, 1, 1)):
            groups.setdefault(key, []).append(span)
    return [
        (kind, city, pystatistics.median(spans), len(spans), no_kind, no_city)
        for (kind, city, no_kind, no_city), spans in groups.items()
    ]


def _days(span) -> float | None:
    if span is None:
        return None
    seconds = span.total_seconds() if isinstance(span, datetime.timedelta) else float(span) / 1_000_000
    return round(seconds / 86_400, 1)


def statistics_sheets(stats: dict) -> list[Sheet]:
    """The page's tables, one worksheet each, for the Excel download: numbers as numbers, money as
    exact decimals, a total row where rows add up (not by theme or campaign: an activity may
    have several), and the counting rule."""
    year, before = stats["year"], stats["previous_year"]
    figures = stats["activities"]
    this, last, change = str(year), str(before), pgettext("statistics", "Change (%)")
    total = pgettext("statistics", "Total")
    sheets = [
        Sheet(
            _("Headline figures"),
            [pgettext("statistics", "Figure"), this, last, change],
            [
                (figure.label, figure.value, figure.previous, figure.growth)
                for headline in stats["headline"]
                for figure in (headline, *headline.parts)
            ],
        )
    ]
    for key, title, header in count_tables():
        rows = [
            (row["name"], row["activities"], row["attendance"], row["previous_activities"], row["previous_attendance"])
            for row in figures[key]
        ]
        if key in ("by_city", "by_setting"):
            rows.append((total, *(sum(row[i] for row in rows) for i in range(1, 5))))
        headers = [header, pgettext("statistics", "Activities"), pgettext("statistics", "Attendance (person-times)")]
        headers += [_("Activities, %(year)s") % {"year": before}, _("Attendance, %(year)s") % {"year": before}]
        sheets.append(Sheet(title, headers, rows))
    filings = [(row["label"], *row["counts"], row["total"]) for row in stats["filings"]]
    filings.append((total, *(sum(row[i] for row in filings) for i in range(1, len(FilingStatus) + 2))))
    funds = [(r["label"], r["count"], r["budget"], r["raised"], r["spent"]) for r in stats["funds_by_category"]]
    funds.append((total, *(sum((row[i] for row in funds), start=0) for i in range(1, 5))))
    sources = [(r["label"], r["count"], r["amount"], r["previous_amount"]) for r in stats["funds_by_source"]]
    sources.append((total, *(sum((row[i] for row in sources), start=0) for i in range(1, 4))))
    bases = [(r["label"], r["count"], r["previous_count"]) for r in stats["bases_by_level"]]
    bases.append((total, sum(row[1] for row in bases), sum(row[2] for row in bases)))
    review = stats["review_times"]
    sheets += [
        Sheet(
            _("Filings by status"),
            [pgettext("statistics", "Kind"), *(status.label for status in FilingStatus), total],
            filings,
        ),
        Sheet(
            _("Special funds"),
            [
                pgettext("statistics", "Category"),
                pgettext("statistics", "Funds"),
                pgettext("statistics", "Budget"),
                _("Raised in the year"),
                _("Spent in the year"),
            ],
            funds,
        ),
        Sheet(
            _("Bases in force"),
            [pgettext("statistics", "Designation level"), this, last],
            bases,
        ),
        Sheet(
            _("Funding sources"),
            [
                pgettext("statistics", "Source"),
                pgettext("statistics", "Sources"),
                pgettext("statistics", "Amount"),
                _("Amount, %(year)s") % {"year": before},
            ],
            sources,
        ),
        Sheet(
            _("Review time"),
            [pgettext("statistics", "Kind"), _("Decisions"), _("Median days")],
            [
                *((row["label"], row["decisions"], row["median_days"]) for row in review["by_kind"]),
                *((row["name"], row["decisions"], row["median_days"]) for row in review["by_city"]),
                *(
                    [(total, review["overall"]["decisions"], review["overall"]["median_days"])]
                    if review["overall"]
                    else []
                ),
            ],
        ),
        Sheet(
            _("Five-year trend"),
            [pgettext("statistics", "Year"), *(label for _key, label in trend_series())],
            [(row["year"], *(row[key] for key, _label in trend_series())) for row in stats["trend"]],
        ),
        Sheet(_("Counting rule"), [_("Counting rule")], [(stats["rule"],)]),
    ]
    return sheets


def count_tables() -> list[tuple[str, str, str]]:
    """The activity tables of the page and the workbook: (figures key, title, first column)."""
    return [
        ("by_city", _("By city"), pgettext("statistics", "City")),
        ("by_setting", _("By setting"), pgettext("statistics", "Setting")),
        ("by_theme", _("By theme"), pgettext("statistics", "Theme")),
        ("by_campaign", _("By campaign"), pgettext("statistics", "Campaign")),
    ]


def trend_series() -> list[tuple[str, str]]:
    """The headline figures of the five-year trend: (key of a trend row, label)."""
    return [
        ("activities", pgettext("statistics", "Activities")),
        ("attendance", pgettext("statistics", "Attendance (person-times)")),
        ("helpers", _("Volunteers and experts taking part (person-times)")),
        ("raised", _("Money raised in the year (yuan)")),
        ("spent", _("Money spent in the year (yuan)")),
        ("visitors", _("Visitors to the bases (person-times)")),
    ]


def society_scorecard(society_id: int, year: int, user) -> dict:
    """One society's year in figures, what staff read before commending (DESIGN: filings on time,
    activities, attendance, exchange and leaders taking part, volunteers ratio, money raised by
    source, bases), by the counting rule. Ten queries.

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
    activities = counted(Activity.objects.filter(society=society), years=year)
    figures = _named(activity_figures(activities), ("setting",))
    money = money_figures(SpecialFund.objects.filter(society=society), years=year)
    return {
        "society": society,
        "year": year,
        "rule": RULE_TEXT,
        "activities": figures,
        "exchange": [(label, figures["totals"][f"exchange_{kind}"]) for kind, label in ExchangeKind.choices if kind],
        "volunteer_ratio": share_percent(society.volunteer_total, society.member_count),
        "deadlines": _filings_on_time(society, year),
        "funds_total": money.totals(year),
        "funds_by_source": money.by_source(year),
        "bases": list(
            EducationBase.objects.filter(society=society)
            .designated_during(year)
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
