"""Public page, no login: the honour roll of the association's commendations, year by year."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Max
from django.views.decorators.http import require_safe

from .framework.cache import render_public
from .models import Commendation

YEARS_LISTED = 10


@login_not_required
@require_safe
def honour_roll(request):
    return render_public(
        request,
        "societies/public_honour_roll.html",
        "societies/public_honour_roll_content.html",
        lambda: _honours(request),
    )


def _honours(request) -> dict:
    years = list(Commendation.objects.order_by("-year").values_list("year", flat=True).distinct()[:YEARS_LISTED])
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year not in years:
        year = years[0] if years else Commendation.objects.aggregate(y=Max("year"))["y"]
    commendations = (
        Commendation.objects.filter(year=year)
        .select_related("society")
        .only("kind", "honoree", "citation", "awarded_on", "year", "society__name")
        .order_by("kind", "awarded_on", "society__name", "pk")
    )
    return {"year": year, "years": years, "commendations": commendations}
