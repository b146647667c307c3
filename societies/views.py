"""Portal pages for a society secretary: the society profile, volunteers and brands."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import CreateView, DeleteView, ListView, UpdateView

from .forms import BrandForm, SocietyProfileForm, VolunteerForm
from .framework.access import secretary_required
from .framework.cache import FIGURES, PUBLIC, cache_bump
from .framework.import_views import import_view
from .framework.notifications import Notification, notification_mark_read
from .importers import VolunteerImport
from .models import Brand, Society, Volunteer


@require_http_methods(["GET", "HEAD"])
@secretary_required
def society_detail(request):
    society = request.user.society
    return render(request, "societies/society_detail.html", {"society": society})


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def society_edit(request):
    society = request.user.society
    form = SocietyProfileForm(request.POST or None, instance=society)
    if request.method == "POST" and form.is_valid():
        form.save()
        cache_bump(PUBLIC, FIGURES)  # the public pages name the society; the scorecard counts its members
        messages.success(request, _("The society profile was saved."))
        return redirect("societies:society_detail")
    context = {
        "form": form,
        "object": society,
        "noun": _("society profile"),
        "list_url": reverse("societies:society_detail"),
    }
    return render(request, "portal/object_form.html", context)


class SecretaryOwnedMixin:
    """Plain CRUD on the signed-in secretary's own society's rows.

    The queryset starts from the secretary's scope, so another society's row is a 404; the
    society of a new row is set here, never taken from the form. A save or delete invalidates the
    cached figures (rosters) and public pages (bases).
    """

    http_method_names = ["get", "head", "post"]
    paginate_by = 25
    noun = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_secretary:
            raise PermissionDenied(_("This page is for society secretaries."))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.editable_by(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "society": self.request.user.society}

    def get_context_data(self, **kwargs):
        return super().get_context_data(noun=self.noun, list_url=self.success_url, **kwargs)

    def form_valid(self, form):
        form.instance.society = self.request.user.society
        messages.success(self.request, _("Saved."))
        response = super().form_valid(form)
        cache_bump(PUBLIC, FIGURES)
        return response


class SecretaryOwnedDelete(SecretaryOwnedMixin, DeleteView):
    """Confirm on GET, delete on POST; put the model's attribute holder first in the bases."""

    def get_form_class(self):
        return forms.Form

    def get_template_names(self):
        return ["portal/object_confirm_delete.html"]

    def get_form_kwargs(self):
        return DeleteView.get_form_kwargs(self)

    def form_valid(self, form):
        messages.success(self.request, _("Deleted."))
        response = DeleteView.form_valid(self, form)
        cache_bump(PUBLIC, FIGURES)
        return response


class VolunteerViews:
    model, form_class, noun = Volunteer, VolunteerForm, gettext_lazy("volunteer")
    success_url = reverse_lazy("societies:volunteer_list")
    template_name = "portal/object_form.html"


class BrandViews:
    model, form_class, noun = Brand, BrandForm, gettext_lazy("brand")
    success_url = reverse_lazy("societies:brand_list")
    template_name = "portal/object_form.html"


class VolunteerList(VolunteerViews, SecretaryOwnedMixin, ListView):
    template_name = "societies/volunteer_list.html"

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.GET.get("expert") == "1":
            queryset = queryset.filter(is_expert=True)
        return queryset


class VolunteerCreate(VolunteerViews, SecretaryOwnedMixin, CreateView):
    pass


class VolunteerUpdate(VolunteerViews, SecretaryOwnedMixin, UpdateView):
    pass


class VolunteerDelete(VolunteerViews, SecretaryOwnedDelete):
    pass


class BrandList(BrandViews, SecretaryOwnedMixin, ListView):
    template_name = "societies/brand_list.html"


class BrandCreate(BrandViews, SecretaryOwnedMixin, CreateView):
    pass


class BrandUpdate(BrandViews, SecretaryOwnedMixin, UpdateView):
    pass


class BrandDelete(BrandViews, SecretaryOwnedDelete):
    pass


# --- notifications (the bell) -------------------------------------------------------------------

NOTIFICATIONS_PER_PAGE = 30


@require_http_methods(["GET", "HEAD"])
def notification_list(request):
    """The signed-in user's own notifications, newest first, unread ones marked."""
    page = Paginator(Notification.objects.filter(user=request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "societies/notification_list.html", {"page_obj": page, "notifications": page.object_list})


@require_POST
def notification_read(request, pk):
    """Mark one of the user's notifications read and go to the record it is about (404 for another's)."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    notification_mark_read(user=request.user, pk=notification.pk)
    target = notification.url if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None) else ""
    return redirect(target or "societies:notification_list")


@require_POST
def notification_read_all(request):
    count = notification_mark_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("societies:notification_list")


# --- import of the roster from Excel ------------------------------------------------------------


def _volunteer_import(request) -> VolunteerImport:
    return VolunteerImport(user=request.user, society=request.user.society)


@require_http_methods(["GET", "HEAD", "POST"])
@secretary_required
def volunteer_import(request):
    return import_view(
        request,
        kind="volunteers",
        resource=_volunteer_import(request),
        template_url=reverse("societies:volunteer_import_template"),
        done_url=reverse("societies:volunteer_list"),
        base_template="base.html",
    )


@require_http_methods(["GET", "HEAD"])
@secretary_required
def volunteer_import_template(request):
    return _volunteer_import(request).template_response("volunteers-template.xlsx")


# --- society picker (co-organisers) -------------------------------------------------------------

SOCIETY_SEARCH_LIMIT = 20


@require_http_methods(["GET", "HEAD"])
@secretary_required
def society_search(request):
    """JSON for the co-organiser picker: active societies other than one's own whose name or short
    name contains ``q``, at most 20, by name. Names only (what any secretary already sees)."""
    query = request.GET.get("q", "").strip()[:50]
    societies = Society.objects.filter(is_active=True).exclude(pk=request.user.society_id)
    if query:
        societies = societies.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    rows = societies.order_by("name").values_list("pk", "name")[:SOCIETY_SEARCH_LIMIT]
    return JsonResponse({"results": [{"value": pk, "text": name} for pk, name in rows]})
