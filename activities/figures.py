"""A society's outreach year in figures, computed in the database (a handful of queries, any size).

The result is plain JSON so that a yearly summary can freeze it when it is submitted; the
templates translate setting keys at display time.
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from societies.framework.workflow import FilingStatus

from .models import Activity, OutreachPlan

TOTAL_FIELDS = (
    "offline_sessions",
    "offline_attendance",
    "online_sessions",
    "online_attendance",
    "volunteer_count",
    "expert_count",
)


def summary_figures(*, society, year: int) -> dict:
    """The figures of ``society``'s ``year``: activities filed that year (submitted or beyond).

    Totals, by setting, by theme and by campaign; the volunteer roster; and the plan against
    what was done. Six queries whatever the number of activities.
    """
    activities = Activity.objects.filter(society=society, year=year).counted_in_figures()
    figures = activity_figures(activities)
    return {
        "year": year,
        "computed_at": timezone.now().isoformat(timespec="seconds"),
        **figures,
        "roster": society.volunteers.aggregate(volunteers=Count("pk"), experts=Count("pk", filter=Q(is_expert=True)))
        | {"members": society.member_count},
        "plan": _plan_vs_actual(society, year, figures["totals"]),
    }


def activity_figures(activities, *, by=("setting",)) -> dict:
    """Totals of ``activities``, then activities and attendance per value of each choice field in
    ``by`` (``by_<field>``, one grouped query for all of them), per theme and per campaign: four
    queries whatever the number of activities."""
    totals = activities.aggregate(
        activities=Count("pk"),
        approved=Count("pk", filter=Q(status=FilingStatus.APPROVED)),
        societies=Count("society", distinct=True),
        president=Count("pk", filter=Q(president_took_part=True)),
        secretary_general=Count("pk", filter=Q(secretary_general_took_part=True)),
        exchange=Count("pk", filter=~Q(exchange_kind="")),
        **{name: Coalesce(Sum(name), 0) for name in TOTAL_FIELDS},
    )
    totals["attendance"] = totals["offline_attendance"] + totals["online_attendance"]
    totals["sessions"] = totals["offline_sessions"] + totals["online_sessions"]
    return {
        "totals": totals,
        **{f"by_{field}": rows for field, rows in _by_choices(activities, by).items()},
        "by_theme": _by_lookup(Activity.themes.through, "theme", activities),
        "by_campaign": _by_lookup(Activity.campaigns.through, "campaign", activities),
    }


def _by_choices(activities, fields) -> dict[str, list[dict]]:
    """Per choice field, activities and attendance for each value, in the choices' order — all
    from one query grouped by every field together, added up here."""
    grouped = (
        activities.values(*fields)
        .annotate(activities=Count("pk"), offline=Coalesce(Sum("offline_attendance"), 0))
        .annotate(online=Coalesce(Sum("online_attendance"), 0))
        .order_by()
    )
    sums = {field: {} for field in fields}
    for row in grouped:
        for field in fields:
            activities_n, attendance = sums[field].get(row[field], (0, 0))
            sums[field][row[field]] = (activities_n + row["activities"], attendance + row["offline"] + row["online"])
    return {
        field: [
            {"key": key, "activities": sums[field][key][0], "attendance": sums[field][key][1]}
            for key, _label in Activity._meta.get_field(field).flatchoices
            if key in sums[field]
        ]
        for field in fields
    }


def _by_lookup(through, name: str, activities) -> list[dict]:
    """Activities and attendance per theme (or campaign), in the lookup list's own order."""
    rows = (
        through.objects.filter(activity__in=activities)
        .values(f"{name}_id", f"{name}__name", f"{name}__sort_order")
        .annotate(
            activities=Count("activity_id"),
            offline=Coalesce(Sum("activity__offline_attendance"), 0),
            online=Coalesce(Sum("activity__online_attendance"), 0),
        )
        .order_by(f"{name}__sort_order", f"{name}_id")
    )
    return [
        {"name": row[f"{name}__name"], "activities": row["activities"], "attendance": row["offline"] + row["online"]}
        for row in rows
    ]


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
