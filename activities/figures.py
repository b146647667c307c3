"""Outreach activities in figures, computed in the database (a handful of queries, any size).

Which activities count is the counting rule's (``societies.counting``): the association's pages
pass the approved ones, a society's own summary those it has filed. The result is plain JSON so
that a yearly summary can freeze it when it is submitted; the templates translate setting keys at
display time.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from societies.counting import SOCIETY_OWN, counted
from societies.filing import FilingStatus

from .models import Activity, ExchangeKind, OutreachPlan

TOTAL_FIELDS = (
    "offline_sessions",
    "offline_attendance",
    "online_sessions",
    "online_attendance",
    "volunteer_count",
    "expert_count",
)
EXCHANGE_KINDS = tuple(kind for kind in ExchangeKind.values if kind)


def summary_figures(*, society, year: int) -> dict:
    """The figures of ``society``'s ``year``: its activities starting that year that it has filed
    (submitted or beyond — the society's own account, ``SOCIETY_OWN``).

    Totals, by setting, by theme and by campaign; the volunteer roster; and the plan against
    what was done. Six queries whatever the number of activities.
    """
    activities = counted(Activity.objects.filter(society=society), years=year, rule=SOCIETY_OWN)
    figures = activity_figures(activities)
    return {
        "year": year,
        "computed_at": timezone.now().isoformat(timespec="seconds"),
        **figures,
        "roster": society.volunteers.aggregate(volunteers=Count("pk"), experts=Count("pk", filter=Q(is_expert=True)))
        | {"members": society.member_count},
        "plan": _plan_vs_actual(society, year, figures["totals"]),
    }


def _total_expressions() -> dict:
    return {
        "activities": Count("pk"),
        "approved": Count("pk", filter=Q(status=FilingStatus.APPROVED)),
        "societies": Count("society", distinct=True),
        "president": Count("pk", filter=Q(president_took_part=True)),
        "secretary_general": Count("pk", filter=Q(secretary_general_took_part=True)),
        # 二(二): the president or the secretary-general (or both) took part.
        "leaders": Count("pk", filter=Q(president_took_part=True) | Q(secretary_general_took_part=True)),
        # 二(八): international, Hong Kong/Macao/Taiwan and China–ASEAN exchange.
        "exchange": Count("pk", filter=~Q(exchange_kind="")),
        **{f"exchange_{kind}": Count("pk", filter=Q(exchange_kind=kind)) for kind in EXCHANGE_KINDS},
        **{name: Coalesce(Sum(name), 0) for name in TOTAL_FIELDS},
    }


def _finish_totals(totals: dict) -> dict:
    totals["attendance"] = totals["offline_attendance"] + totals["online_attendance"]
    totals["sessions"] = totals["offline_sessions"] + totals["online_sessions"]
    # Volunteers and experts taking part, added over activities (person-times, not people).
    totals["helpers"] = totals["volunteer_count"] + totals["expert_count"]
    return totals


def empty_totals() -> dict:
    return _finish_totals(dict.fromkeys(_total_expressions(), 0))


def activity_figures(activities, *, by=("setting",)) -> dict:
    """Totals of ``activities``, then activities and attendance per value of each choice field in
    ``by`` (``by_<field>``, one grouped query for all of them), per theme and per campaign: four
    queries whatever the number of activities."""
    totals = _finish_totals(activities.aggregate(**_total_expressions()))
    return {
        "totals": totals,
        **{f"by_{field}": rows for field, rows in _by_choices(activities, by)[0].items()},
        "by_theme": _by_lookup(Activity.themes.through, "theme", activities)[0],
        "by_campaign": _by_lookup(Activity.campaigns.through, "campaign", activities)[0],
    }


def activity_figures_by_year(activities, *, years: tuple[int, int], by=("setting",)) -> dict[int, dict]:
    """Year → figures, for every year of ``years`` (first, last), by the year each activity starts:
    totals for every year (one query), the ``by_<field>``, theme and campaign rows for the last two
    (three queries) — a year against the one before, and the trend of the totals.

    ``activities`` should already be those that count in those years (``counted``).
    """
    first, last = years
    grouped = activities.annotate(y=ExtractYear("start_date")).values("y").annotate(**_total_expressions()).order_by()
    totals = {row.pop("y"): _finish_totals(row) for row in grouped}
    recent = activities.filter(start_date__gte=datetime.date(last - 1, 1, 1))
    choices = _by_choices(recent, by, per_year=True)
    themes = _by_lookup(Activity.themes.through, "theme", recent, per_year=True)
    campaigns = _by_lookup(Activity.campaigns.through, "campaign", recent, per_year=True)
    figures = {}
    for year in range(first, last + 1):
        figures[year] = {"totals": totals.get(year) or empty_totals()}
        if year >= last - 1:
            rows = choices.get(year, {})
            figures[year].update({f"by_{field}": rows.get(field, []) for field in by})
            figures[year]["by_theme"] = themes.get(year, [])
            figures[year]["by_campaign"] = campaigns.get(year, [])
    return figures


def _year_of(path: str, per_year: bool):
    return ExtractYear(path) if per_year else Value(0, output_field=IntegerField())


def _by_choices(activities, fields, *, per_year: bool = False) -> dict[int, dict[str, list[dict]]]:
    """Per year (0 when not ``per_year``) and choice field, activities and attendance for each
    value, in the choices' order — all from one query grouped by every field together, added up here."""
    grouped = (
        activities.annotate(y=_year_of("start_date", per_year))
        .values("y", *fields)
        .annotate(activities=Count("pk"), offline=Coalesce(Sum("offline_attendance"), 0))
        .annotate(online=Coalesce(Sum("online_attendance"), 0))
        .order_by()
    )
    sums: dict[int, dict[str, dict]] = {}
    for row in grouped:
        year_sums = sums.setdefault(row["y"], {field: {} for field in fields})
        for field in fields:
            activities_n, attendance = year_sums[field].get(row[field], (0, 0))
            year_sums[field][row[field]] = (
                activities_n + row["activities"],
                attendance + row["offline"] + row["online"],
            )
    result = {
        year: {
            field: [
                {"key": key, "activities": year_sums[field][key][0], "attendance": year_sums[field][key][1]}
                for key, _label in Activity._meta.get_field(field).flatchoices
                if key in year_sums[field]
            ]
            for field in fields
        }
        for year, year_sums in sums.items()
    }
    if not per_year:
        result.setdefault(0, {field: [] for field in fields})
    return result


def _by_lookup(through, name: str, activities, *, per_year: bool = False) -> dict[int, list[dict]]:
    """Per year (0 when not ``per_year``), activities and attendance per theme (or campaign), in the
    lookup list's own order."""
    rows = (
        through.objects.filter(activity__in=activities)
        .annotate(y=_year_of("activity__start_date", per_year))
        .values("y", f"{name}_id", f"{name}__name", f"{name}__sort_order")
        .annotate(
            activities=Count("activity_id"),
            offline=Coalesce(Sum("activity__offline_attendance"), 0),
            online=Coalesce(Sum("activity__online_attendance"), 0),
        )
        .order_by("y", f"{name}__sort_order", f"{name}_id")
    )
    result: dict[int, list[dict]] = {} if per_year else {0: []}
    for row in rows:
        result.setdefault(row["y"], []).append(
            {
                "name": row[f"{name}__name"],
                "activities": row["activities"],
                "attendance": row["offline"] + row["online"],
            }
        )
    return result


def _plan_vs_actual(society, year: int, totals: dict) -> dict | None:
    plan = (
        OutreachPlan.objects.filter(society=society, year=year)
        .values("planned_activity_count", "planned_participants", "planned_budget", "status")
        .first()
    )
    if plan is None:
        return None

    def percent(done: int, planned: int) -> int | None:
        return round(100 * done / planned) if planned else None

    return {
        "status": plan["status"],
        "planned_activities": plan["planned_activity_count"],
        "actual_activities": totals["activities"],
        "activities_percent": percent(totals["activities"], plan["planned_activity_count"]),
        "planned_participants": plan["planned_participants"],
        "actual_attendance": totals["attendance"],
        "attendance_percent": percent(totals["attendance"], plan["planned_participants"]),
        "planned_budget": str(plan["planned_budget"]),
    }
