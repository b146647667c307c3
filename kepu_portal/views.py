"""Pages of the portal as a whole: the home page that reads every app."""

import datetime

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import EmptyResultSet
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from societies.framework.cache import FIGURES, cached
from societies.framework.counting import share_percent
from societies.framework.deadlines import is_known
from societies.framework.exports import xlsx_response
from societies.framework.links import fixed_url
from societies.framework.registry import filing_types
from societies.framework.workflow import FilingStatus
from societies.models import Society

from .models import Deadline
from .reminders import kind_list_path
from .society_queries import BRANDS, VOLUNTEERS, deadline_flags, society_counts
from .statistics import (
    count_tables,
    society_scorecard,
    statistics_sheets,
    trend_series,
    year_choices,
    year_statistics,
)


def _filing_counts(counts: dict) -> list[dict]:
    """Per filing type, how many of the society's filings are in each status."""
    rows = []
    for index, filing_type in enumerate(filing_types()):
        by_status = [(status.label, status.value, counts.get((index, status.value), 0)) for status in FilingStatus]
        rows.append(
            {
                "label": filing_type.label,
                "url": fixed_url(filing_type.url_name("list")),
                "counts": by_status,
                "total": sum(n for _label, _value, n in by_status),
            }
        )
    return rows


def _roster_counts(counts: dict) -> dict:
    """Volunteers, experts and brands of the society."""
    experts = counts.get((VOLUNTEERS, "expert"), 0)
    return {
        "volunteer_count": experts + counts.get((VOLUNTEERS, "volunteer"), 0),
        "expert_count": experts,
        "brand_count": counts.get((BRANDS, "brand"), 0),
    }


def _deadlines(society, today: datetime.date) -> list[dict]:
    """Active deadlines of this and last year that concern the society, with whether it has filed.

    Two queries however many deadlines there are: the deadlines, then the society annotated with
    "has filed" and "must file" per deadline (compiled once per set of deadlines). Deadlines filed
    more than 30 days ago are left out.
    """
    deadlines = [d for d in Deadline.objects.filter(is_active=True, year__gte=today.year - 1) if is_known(d.kind)]
    if not deadlines:
        return []
    asked = tuple((deadline.kind, deadline.year) for deadline in deadlines)
    flags = deadline_flags(society.pk, asked)
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


@login_not_required
@require_http_methods(["GET", "HEAD"])
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them to the static icon
    (resolved per request: the hashed static name exists only after collectstatic)."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))


@require_http_methods(["GET", "HEAD"])
def home(request):
    user = request.user
    if not user.is_secretary:
        if user.is_staff:
            return redirect("admin:index")
        return render(request, "portal/no_role.html", status=403)
    society = user.society
    counts = society_counts(society)
    roster = _roster_counts(counts)
    context = {
        "society": society,
        "filing_counts": _filing_counts(counts),
        **roster,
        "volunteer_ratio": share_percent(roster["volunteer_count"], society.member_count),
        "deadlines": _deadlines(society, timezone.localdate()),
    }
    return render(request, "portal/home.html", context)


def _chosen_year(request) -> tuple[int, list[int]]:
    """The ``year`` asked for when it is one of the years offered, else the latest; and those years."""
    years = year_choices()
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        year = years[0]
    return (year if year in years else years[0]), years


def _figures_key(request, *parts) -> str:
    """The cache key of a figures page: what it is, and the user's scope as the SQL that selects
    their societies — so users who see the same societies share an entry, and a change to who
    sees what (``for_user``) can never hand one user's figures to another."""
    try:
        scope = str(Society.objects.for_user(request.user).values("pk").query)
    except EmptyResultSet:  # a user who sees nothing
        scope = f"nobody:{request.user.pk}"
    return "|".join(map(str, (*parts, scope, translation.get_language(), timezone.localdate())))


def _admin_page(request, template: str, title: str, **context):
    """A page of ours inside the admin's layout (the site's app list is lazy: never built here)."""
    return render(request, template, {**admin.site.each_context(request), "title": title, **context})


@require_http_methods(["GET", "HEAD"])
def statistics(request):
    """The year's statistics for staff and city reviewers, inside the admin (``admin_view``)."""
    year, years = _chosen_year(request)
    stats = cached(FIGURES, _figures_key(request, "statistics", year), lambda: year_statistics(request.user, year))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(filename=f"statistics-{year}.xlsx", sheets=statistics_sheets(stats))
    figures = stats["activities"]
    charts = {
        "city": [[str(row["name"]) for row in figures["by_city"]], [row["activities"] for row in figures["by_city"]]],
        "theme": [[row["name"] for row in figures["by_theme"]], [row["activities"] for row in figures["by_theme"]]],
        "trend": {
            "years": [row["year"] for row in stats["trend"]],
            "series": [
                {"id": key, "label": str(label), "values": [float(row[key]) for row in stats["trend"]]}
                for key, label in trend_series()
            ],
        },
    }
    return _admin_page(
        request,
        "admin/statistics.html",
        _("Statistics"),
        years=years,
        stats=stats,
        statuses=list(FilingStatus),
        charts=charts,
        trend_series=trend_series(),
        count_tables=[(title, header, figures[key]) for key, title, header in count_tables()],
        scope=_scope_label(request.user),
    )


def _scope_label(user) -> str:
    if user.is_city_reviewer and not user.is_superuser:
        return _("City-level societies of %(city)s") % {"city": user.get_city_display()}
    return _("All societies")


@require_http_methods(["GET", "HEAD"])
def scorecard(request, pk):
    """One society's year for staff and city reviewers (``admin_view``); 404 outside their scope."""
    year, years = _chosen_year(request)
    key = _figures_key(request, "scorecard", pk, year)
    card = cached(FIGURES, key, lambda: society_scorecard(pk, year, request.user))
    title = _("Scorecard of %(society)s, %(year)s") % {"society": card["society"].name, "year": year}
    return _admin_page(request, "admin/scorecard.html", title, years=years, card=card)
