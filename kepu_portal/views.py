"""Pages of the portal as a whole: the home page that reads every app."""

import datetime

from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from societies.filing import FilingStatus, filing_models
from societies.models import Brand, Society, Volunteer

from .models import Deadline
from .reminders import expected_expr, filed_expr, filing_model, kind_list_path


def _filing_counts(society) -> list[dict]:
    """Per filing kind, how many of the society's filings are in each status: one UNION ALL query."""
    models = filing_models()
    parts = [
        model.objects.filter(society=society)
        .annotate(kind=Value(index))
        .values_list("kind", "status")
        .annotate(n=Count("*"))  # not COUNT(id): the (society, year, status) index alone answers
        .order_by()
        for index, model in enumerate(models)
    ]
    counts = {(kind, status): n for kind, status, n in parts[0].union(*parts[1:], all=True)}
    rows = []
    for index, model in enumerate(models):
        by_status = [(status.label, status.value, counts.get((index, status.value), 0)) for status in FilingStatus]
        rows.append(
            {
                "label": model._meta.verbose_name_plural,
                "counts": by_status,
                "total": sum(n for _label, _value, n in by_status),
            }
        )
    return rows


def _roster_counts(society) -> dict:
    """Volunteers, experts and brands of the society in one query."""

    def count(model, **filters):
        rows = model.objects.filter(society=OuterRef("pk"), **filters).order_by().values("society")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

    return (
        Society.objects.filter(pk=society.pk)
        .annotate(
            volunteer_count=count(Volunteer),
            expert_count=count(Volunteer, is_expert=True),
            brand_count=count(Brand),
        )
        .values("volunteer_count", "expert_count", "brand_count")
        .get()
    )


def _deadlines(society, today: datetime.date) -> list[dict]:
    """Active deadlines of this and last year that concern the society, with whether it has filed.

    Two queries however many deadlines there are: the deadlines, then the society annotated with
    "must file" and "has filed" per deadline. Deadlines filed more than 30 days ago are left out.
    """
    deadlines = [d for d in Deadline.objects.filter(is_active=True, year__gte=today.year - 1) if filing_model(d.kind)]
    if not deadlines:
        return []
    annotations = {}
    for deadline in deadlines:
        annotations[f"filed_{deadline.pk}"] = filed_expr(deadline)
        expected = expected_expr(deadline)
        annotations[f"expected_{deadline.pk}"] = expected if expected is not None else Value(True)
    flags = Society.objects.filter(pk=society.pk).annotate(**annotations).values(*annotations).get()
    rows = []
    for deadline in deadlines:
        is_filed = flags[f"filed_{deadline.pk}"]
        days_left = (deadline.due_on - today).days
        if not flags[f"expected_{deadline.pk}"] or (is_filed and days_left < -30):
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
    context = {
        "society": society,
        "filing_counts": _filing_counts(society),
        **_roster_counts(society),
        "deadlines": _deadlines(society, timezone.localdate()),
    }
    return render(request, "portal/home.html", context)
