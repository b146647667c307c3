"""Public pages: the calendar of approved activities, with their photos. No login.

Only approved activities appear, and only what a society would put in a press release: no
content-review details, no reviewer, no review comments. Anything else answers 404.
"""

import datetime

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from societies.framework.cache import render_public
from societies.framework.uploads import protected_file_response
from societies.models import Society

from .forms import PublicCalendarForm
from .models import Activity, ActivityPhoto, Campaign, Theme

PAGE_SIZE = 50


def _month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return month, following


@login_not_required
@require_safe
def calendar(request):
    """Approved activities starting in one month, day by day, filtered by city and theme (cached)."""
    return render_public(
        request,
        "activities/public_calendar.html",
        "activities/public_calendar_content.html",
        lambda: _calendar(request),
    )


def _calendar(request) -> dict:
    """An activity is listed on the day it starts, with its dates, as a printed calendar lists a
    multi-day event; so a month is one range of the (status, start_date, id) index, in order."""
    today = timezone.localdate()
    month, city, theme = today.replace(day=1), "", None
    form = PublicCalendarForm(request.GET or None, initial={"month": month})
    if form.is_valid():
        month = form.cleaned_data["month"] or month
        city, theme = form.cleaned_data["city"], form.cleaned_data["theme"]
    start, following = _month_bounds(month)
    activities = Activity.objects.approved().filter(start_date__gte=start, start_date__lt=following)
    if city:
        activities = activities.filter(city=city)
    if theme:
        activities = activities.filter(themes__pk=theme)
    activities = (
        activities.select_related("society")
        .only("title", "start_date", "end_date", "city", "place", "setting", "society__name", "society__short_name")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("name"), to_attr="theme_list"))
        .order_by("start_date", "pk")
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    previous_month = (start - datetime.timedelta(days=1)).replace(day=1)
    return {
        "form": form,
        "month": start,
        "previous_month": previous_month,
        "next_month": following,
        "page_obj": page,
        "activities": page.object_list,
        "filters": {"city": city, "theme": theme or ""},
    }


@login_not_required
@require_safe
def activity_detail(request, pk):
    return render_public(
        request,
        "activities/public_activity_detail.html",
        "activities/public_activity_detail_content.html",
        lambda: _activity_detail(pk),
    )


def _activity_detail(pk) -> dict:
    activity = get_object_or_404(
        Activity.objects.approved()
        .select_related("society")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("name")),
            Prefetch("campaigns", queryset=Campaign.objects.only("name")),
            Prefetch("co_organisers", queryset=Society.objects.only("name", "short_name")),
            Prefetch("photos", queryset=ActivityPhoto.objects.order_by("pk")),
        ),
        pk=pk,
    )
    return {"activity": activity, "title": activity.title}


def _approved_photo(pk) -> ActivityPhoto:
    return get_object_or_404(ActivityPhoto.objects.filter(activity__in=Activity.objects.approved()), pk=pk)


@login_not_required
@require_safe
def photo_image(request, pk):
    photo = _approved_photo(pk)
    # Not the uploaded file's name: it is the secretary's, and may say more than the photo.
    return protected_file_response(photo.image, download_name=f"activity-photo-{photo.pk}.jpg", inline=True)


@login_not_required
@require_safe
def photo_thumbnail(request, pk):
    photo = _approved_photo(pk)
    return protected_file_response(photo.thumbnail, download_name="thumbnail.jpg", inline=True)
