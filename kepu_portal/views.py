"""Pages of the portal as a whole: the home page that reads every app."""

import datetime
import functools

from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Case, Count, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from societies.exports import xlsx_response
from societies.filing import FilingStatus, filing_models
from societies.models import Brand, Society, Volunteer

from .models import Deadline
from .reminders import expected_expr, filed_expr, filing_model, kind_list_path
from .statistics import count_tables, statistics_sheets, year_choices, year_statistics

# The home page asks the same few questions of every society. Building those queries through the
# ORM cost more than running them (~3 ms for the counts, ~4 ms for four deadlines, against well
# under 1 ms in the database), so each is compiled once per process with this stand-in society id,
# then run with the real one.
_ANY_SOCIETY = -987_654_321
_VOLUNTEERS, _BRANDS = 1000, 1001  # kinds of the roster rows, after the filing kinds 0, 1, 2 …


@functools.lru_cache(maxsize=64)
def _compiled(build, *args) -> tuple[str, tuple]:
    """SQL and parameters of ``build(_ANY_SOCIETY, *args)``, a queryset about one society."""
    queryset, society_params = build(_ANY_SOCIETY, *args)
    sql, params = queryset.query.sql_with_params()
    if params.count(_ANY_SOCIETY) != society_params:  # the society must be all that is replaced
        raise ImproperlyConfigured(f"home: the society parameter of {build.__name__} is ambiguous")
    return sql, params


def _run(society_id: int, build, *args) -> list[tuple]:
    # The default database, as the compiled SQL is: the portal has one and no routers.
    sql, params = _compiled(build, *args)
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, [society_id if param == _ANY_SOCIETY else param for param in params])
        return cursor.fetchall()


def _counts_query(society_id):
    """Per filing kind and status, the society's filings (each table's (society, year, status)
    index answers alone); then its volunteers (experts apart) and its brands: one UNION ALL."""
    society = {"society_id": society_id}
    parts = [
        model.objects.filter(**society).annotate(kind=Value(index)).values_list("kind", "status")
        for index, model in enumerate(filing_models())
    ]
    is_expert = Case(When(is_expert=True, then=Value("expert")), default=Value("volunteer"))
    parts.append(Volunteer.objects.filter(**society).annotate(kind=Value(_VOLUNTEERS), status=is_expert))
    parts.append(Brand.objects.filter(**society).annotate(kind=Value(_BRANDS), status=Value("brand")))
    parts = [part.values_list("kind", "status").annotate(n=Count("*")).order_by() for part in parts]
    return parts[0].union(*parts[1:], all=True), len(parts)


def _counts(society) -> dict[tuple[int, str], int]:
    return {(kind, status): n for kind, status, n in _run(society.pk, _counts_query)}


def _filing_counts(counts: dict) -> list[dict]:
    """Per filing kind, how many of the society's filings are in each status."""
    rows = []
    for index, model in enumerate(filing_models()):
        by_status = [(status.label, status.value, counts.get((index, status.value), 0)) for status in FilingStatus]
        rows.append(
            {
                "label": model._meta.verbose_name_plural,
                "counts": by_status,
                "total": sum(n for _label, _value, n in by_status),
            }
        )
    return rows


def _roster_counts(counts: dict) -> dict:
    """Volunteers, experts and brands of the society."""
    experts = counts.get((_VOLUNTEERS, "expert"), 0)
    return {
        "volunteer_count": experts + counts.get((_VOLUNTEERS, "volunteer"), 0),
        "expert_count": experts,
        "brand_count": counts.get((_BRANDS, "brand"), 0),
    }


def _deadline_flags_query(society_id, asked: tuple[tuple[str, int], ...]):
    """The society with, per (kind, year) asked, "has filed" then "must file"."""
    flags = []
    for kind, year in asked:
        deadline = Deadline(kind=kind, year=year)
        expected = expected_expr(deadline)
        flags += [filed_expr(deadline), expected if expected is not None else Value(True)]
    names = {f"flag_{index}": flag for index, flag in enumerate(flags)}
    return Society.objects.filter(pk=society_id).annotate(**names).values_list(*names), 1


def _deadlines(society, today: datetime.date) -> list[dict]:
    """Active deadlines of this and last year that concern the society, with whether it has filed.

    Two queries however many deadlines there are: the deadlines, then the society annotated with
    "has filed" and "must file" per deadline (compiled once per set of deadlines). Deadlines filed
    more than 30 days ago are left out.
    """
    deadlines = [d for d in Deadline.objects.filter(is_active=True, year__gte=today.year - 1) if filing_model(d.kind)]
    if not deadlines:
        return []
    asked = tuple((deadline.kind, deadline.year) for deadline in deadlines)
    (row,) = _run(society.pk, _deadline_flags_query, asked)
    flags = {key: (bool(row[2 * index]), bool(row[2 * index + 1])) for index, key in enumerate(asked)}
    rows = []
    for deadline in deadlines:
        is_filed, is_expected = flags[(deadline.kind, deadline.year)]
        days_left = (deadline.due_on - today).days
        if not is_expected or (is_filed and days_left < -30):
            continue
        rows.append(
            {
                "deadline": deadline,
                "is_filed": is_filed,
                "is_overdue": days_left < 0 and not is_filed,
                "days_left": days_left,
                "days_overdue": -days_left,
                "url": kind_list_path(deadline.kind),
            }
        )
    rows.sort(key=lambda row: (not row["is_overdue"], row["is_filed"], row["deadline"].due_on))
    return rows


@require_http_methods(["GET", "HEAD"])
def home(request):
    user = request.user
    if not user.is_secretary:
        if user.is_staff:
            return redirect("admin:index")
        return render(request, "portal/no_role.html", status=403)
    society = user.society
    counts = _counts(society)
    context = {
        "society": society,
        "filing_counts": _filing_counts(counts),
        **_roster_counts(counts),
        "deadlines": _deadlines(society, timezone.localdate()),
    }
    return render(request, "portal/home.html", context)


@require_http_methods(["GET", "HEAD"])
def statistics(request):
    """The year's statistics for staff and city reviewers, inside the admin (``admin_view``)."""
    years = year_choices()
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        year = years[0]
    if year not in years:
        year = years[0]
    stats = year_statistics(request.user, year)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(filename=f"statistics-{year}.xlsx", sheets=statistics_sheets(stats))
    figures = stats["activities"]
    charts = {
        "city": [[str(row["name"]) for row in figures["by_city"]], [row["activities"] for row in figures["by_city"]]],
        "theme": [[row["name"] for row in figures["by_theme"]], [row["activities"] for row in figures["by_theme"]]],
    }
    site = admin.site
    context = {
        # What the admin's base template needs, without each_context's app list (two permission
        # queries for a sidebar this site does not show).
        "site_header": site.site_header,
        "site_title": site.site_title,
        "site_url": site.site_url,
        "has_permission": True,
        "is_nav_sidebar_enabled": False,
        "title": _("Statistics"),
        "years": years,
        "stats": stats,
        "statuses": list(FilingStatus),
        "charts": charts,
        "count_tables": [(title, header, figures[key]) for key, title, header in count_tables()],
        "scope": _scope_label(request.user),
    }
    return render(request, "admin/statistics.html", context)


def _scope_label(user) -> str:
    if user.is_city_reviewer and not user.is_superuser:
        return _("City-level societies of %(city)s") % {"city": user.get_city_display()}
    return _("All societies")
