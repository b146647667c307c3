"""The secretary pages of activities and summaries that differ from the framework's (the filing
types are registered in ``filings.py``), and the access-checked files of an activity.

Files of an activity (photos, attachments) are served only here, after checking that the user
may see the activity they belong to.
"""

from django.contrib import messages
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from societies.framework import views as filing_views
from societies.framework.access import secretary_required
from societies.framework.import_views import import_view
from societies.framework.uploads import protected_file_response
from societies.framework.workflow import FilingError

from . import services
from .figures import summary_figures
from .forms import ActivityFilterForm
from .importers import ActivityImport
from .models import Activity, ActivityAttachment, ActivityPhoto

# --- activities: the type's own pages (the rest are the framework's; see filings.py) --------------


class ActivityList(filing_views.FilingListView):
    filter_form_class = ActivityFilterForm

    def get_queryset(self):
        # Photos are counted per shown row (a subquery), not by a GROUP BY over the whole year,
        # which cost a busy society ~200 ms a page at national scale.
        photos = ActivityPhoto.objects.filter(activity=OuterRef("pk")).order_by().values("activity")
        photo_count = Coalesce(Subquery(photos.annotate(n=Count("pk")).values("n")), 0)
        return super().get_queryset().for_list().annotate(photo_count=photo_count).order_by("-start_date", "-pk")


class ActivityDetail(filing_views.FilingDetailView):
    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes", "campaigns", "co_organisers", "photos", "attachments")


class ActivitySaveMixin:
    def save_related(self, form):
        """Themes, campaigns and co-organisers; then the new photos and attachment."""
        form.save_m2m()
        activity, user = form.instance, self.request.user
        services.activity_photos_add(activity=activity, images=form.cleaned_data.get("new_photos") or [], user=user)
        attachment = form.cleaned_data.get("new_attachment")
        if attachment:
            services.activity_attachment_add(
                activity=activity, file=attachment, original_name=attachment.original_name, user=user
            )


class ActivityCreate(ActivitySaveMixin, filing_views.FilingCreateView):
    pass


class ActivityUpdate(ActivitySaveMixin, filing_views.FilingUpdateView):
    def get_queryset(self):
        return super().get_queryset().prefetch_related("photos", "attachments")


def _photo_for_user(request, pk) -> ActivityPhoto:
    """A photo of an activity ``request.user`` may see (own society, city or staff); 404 otherwise."""
    visible = Activity.objects.for_user(request.user)
    return get_object_or_404(ActivityPhoto.objects.select_related("activity__society"), pk=pk, activity__in=visible)


def _attachment_for_user(request, pk) -> ActivityAttachment:
    visible = Activity.objects.for_user(request.user)
    return get_object_or_404(
        ActivityAttachment.objects.select_related("activity__society"), pk=pk, activity__in=visible
    )


@require_GET
def photo_image(request, pk):
    photo = _photo_for_user(request, pk)
    return protected_file_response(photo.image, download_name=photo.original_name or "photo", inline=True)


@require_GET
def photo_thumbnail(request, pk):
    photo = _photo_for_user(request, pk)
    return protected_file_response(photo.thumbnail, download_name="thumbnail.jpg", inline=True)


@require_GET
def attachment_download(request, pk):
    attachment = _attachment_for_user(request, pk)
    return protected_file_response(attachment.file, download_name=attachment.original_name)


def _secretary_owned(queryset, request, pk):
    """A photo or attachment of the signed-in secretary's own society's activity; 404 otherwise."""
    activities = Activity.objects.editable_by(request.user)
    return get_object_or_404(queryset.select_related("activity__society"), pk=pk, activity__in=activities)


@require_POST
@secretary_required
def photo_delete(request, pk):
    photo = _secretary_owned(ActivityPhoto.objects, request, pk)
    try:
        services.activity_photo_delete(photo=photo, user=request.user)
    except FilingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The photo was deleted."))
    return _back_to_activity(request, photo.activity)


def _back_to_activity(request, activity):
    if request.POST.get("next") == "edit":
        return redirect("activities:activity_update", activity.pk)
    return redirect(activity)


@require_POST
@secretary_required
def attachment_delete(request, pk):
    attachment = _secretary_owned(ActivityAttachment.objects, request, pk)
    try:
        services.activity_attachment_delete(attachment=attachment, user=request.user)
    except FilingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The attachment was deleted."))
    return _back_to_activity(request, attachment.activity)


# --- yearly summaries ---------------------------------------------------------------------------


def summary_figures_context(summary) -> dict:
    """The figures a summary shows: frozen at submission, else live (its page and its print page)."""
    if summary.figures_are_frozen:
        return {"figures": summary.figures, "figures_live": False}
    return {"figures": summary_figures(society=summary.society, year=summary.year), "figures_live": True}


class SummaryDetail(filing_views.FilingDetailView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(**summary_figures_context(self.object), **kwargs)


# --- import from Excel --------------------------------------------------------------------------


def _activity_import(request) -> ActivityImport:
    return ActivityImport(user=request.user, society=request.user.society)


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def activity_import(request):
    """Activities from an xlsx: drafts of the secretary's own society, all rows or none."""
    return import_view(
        request,
        kind="activities",
        resource=_activity_import(request),
        template_url=reverse("activities:activity_import_template"),
        done_url=reverse("activities:activity_list"),
        base_template="base.html",
    )


@require_http_methods(["GET", "HEAD"])
@secretary_required
def activity_import_template(request):
    return _activity_import(request).template_response("activities-template.xlsx")
