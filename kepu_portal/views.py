"""Pages of the portal as a whole: the home page that reads every app."""

from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from societies.filing import FilingStatus, filing_models


def _filing_counts(society) -> list[dict]:
    """Per filing kind, how many of the society's filings are in each status (one query a kind)."""
    rows = []
    for model in filing_models():
        by_status = dict(model.objects.filter(society=society).values_list("status").annotate(n=Count("pk")).order_by())
        rows.append(
            {
                "label": model._meta.verbose_name_plural,
                "counts": [(status.label, status.value, by_status.get(status.value, 0)) for status in FilingStatus],
                "total": sum(by_status.values()),
            }
        )
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
        "volunteer_count": society.volunteers.count(),
        "expert_count": society.volunteers.filter(is_expert=True).count(),
        "brand_count": society.brands.count(),
    }
    return render(request, "portal/home.html", context)
