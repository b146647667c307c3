"""Outreach activities in figures, computed in the database (a handful of queries, any size).

Which activities count is the counting rule's (``societies.framework.counting``): the association's pages
pass the approved ones, a society's own summary those it has filed. The result is plain JSON so
that a yearly summary can freeze it when it is submitted; the templates translate setting keys at
display time.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from societies.framework.counting import SOCIETY_OWN, counted
from societies.framework.workflow import FilingStatus

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
    return {"totals": totals, **_tables(activities, by, _no_group)[()]}


def activity_figures_by_year(activities, *, years: tuple[int, int], by=("setting",)) -> dict[int, dict]:
    """Year → figures, for every year of ``years`` (first, last), by the year each activity starts:
    totals for every year (one query), the ``by_<field>``, theme and campaign rows for the last two
    (three queries) — a year against the one before, and the trend of the totals.

    ``activities`` should already be those that count in those years (``counted``).
    """
    first, last = years
    totals = _totals(activities, _by_year)
    tables = _tables(activities.filter(start_date__gte=datetime.date(last - 1, 1, 1)), by, _by_year)
    return {
        year: {"totals": totals.get((year,)) or empty_totals()}
        | (tables.get((year,)) or _empty_tables(by) if year >= last - 1 else {})
        for year in range(first, last + 1)
    }


def activity_figures_by_society_year(activities, *, by=("setting",)) -> dict[tuple[int, int], dict]:
    """(society id, year) → the figures ``activity_figures`` gives for that society's year, for
    many at once (four queries): how a bulk load freezes many summaries' figures."""
    totals = _totals(activities, _by_society_year)
    tables = _tables(activities, by, _by_society_year)
    return {key: {"totals": row} | tables.get(key, _empty_tables(by)) for key, row in totals.items()}


# How rows are grouped: given the path to the activity ("" or "activity__"), the expressions whose
# values make a group's key (a tuple, in this order).
def _no_group(prefix: str = "") -> dict:
    return {}


def _by_year(prefix: str = "") -> dict:
    return {"y": ExtractYear(f"{prefix}start_date")}


def _by_society_year(prefix: str = "") -> dict:
    return {"g_society": F(f"{prefix}society_id"), "y": ExtractYear(f"{prefix}start_date")}


def _totals(activities, group) -> dict[tuple, dict]:
    names = list(group())
    rows = activities.annotate(**group()).values(*names).annotate(**_total_expressions()).order_by()
    return {tuple(row.pop(name) for name in names): _finish_totals(row) for row in rows}


def _empty_tables(by) -> dict:
    return {**{f"by_{field}": [] for field in by}, "by_theme": [], "by_campaign": []}


def _tables(activities, by, group) -> dict[tuple, dict]:
    """Group key → the ``by_<field>``, ``by_theme`` and ``by_campaign`` rows: three queries."""
    tables: dict[tuple, dict] = {} if group() else {(): _empty_tables(by)}
    for key, rows in _by_choices(activities, by, group).items():
        tables.setdefault(key, _empty_tables(by)).update({f"by_{field}": rows[field] for field in by})
    for name, through in (("theme", Activity.themes.through), ("campaign", Activity.campaigns.through)):
        for key, rows in _by_lookup(through, name, activities, group).items():
            tables.setdefault(key, _empty_tables(by))[f"by_{name}"] = rows
    return tables


def _by_choices(activities, fields, group) -> dict[tuple, dict[str, list[dict]]]:
    """Per group and choice field, activities and attendance for each value, in the choices'
    order — all from one query grouped by every field together, added up here."""
    names = list(group())
    grouped = (
        activities.annotate(**group())
        .values(*names, *fields)
        .annotate(activities=Count("pk"), offline=Coalesce(Sum("offline_attendance"), 0))
        .annotate(online=Coalesce(Sum("online_attendance"), 0))
        .order_by()
    )
    sums: dict[tuple, dict[str, dict]] = {}
    for row in grouped:
        group_sums = sums.setdefault(tuple(row[name] for name in names), {field: {} for field in fields})
        for field in fields:
            n, attendance = group_sums[field].get(row[field], (0, 0))
            group_sums[field][row[field]] = (n + row["activities"], attendance + row["offline"] + row["online"])
    return {
        key: {
            field: [
                {"key": value, "activities": group_sums[field][value][0], "attendance": group_sums[field][value][1]}
                for value, _label in Activity._meta.get_field(field).flatchoices
                if value in group_sums[field]
            ]
            for field in fields
        }
        for key, group_sums in sums.items()
    }


def _by_lookup(through, name: str, activities, group) -> dict[tuple, list[dict]]:
    """Per group, activities and attendance per theme (or campaign), in the lookup list's own order."""
    names = list(group("activity__"))
    rows = (
        through.objects.filter(activity__in=activities)
        .annotate(**group("activity__"))
        .values(*names, f"{name}_id", f"{name}__name", f"{name}__sort_order")
        .annotate(
            activities=Count("activity_id"),
            offline=Coalesce(Sum("activity__offline_attendance"), 0),
            online=Coalesce(Sum("activity__online_attendance"), 0),
        )
        .order_by(*names, f"{name}__sort_order", f"{name}_id")
    )
    result: dict[tuple, list[dict]] = {}
    for row in rows:
        result.setdefault(tuple(row[n] for n in names), []).append(
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
    return None if plan is None else plan_vs_actual(plan, totals)


def plan_vs_actual(plan: dict, totals: dict) -> dict:
    """A plan's ``planned_activity_count``, ``planned_participants``, ``planned_budget`` and
    ``status`` against the year's totals, as a summary shows them."""

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
