"""Secretary pages for science education bases, their annual reports and recommendations."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from societies.framework import views as filing_views
from societies.framework.access import secretary_required
from societies.framework.uploads import protected_file_response
from societies.framework.workflow import FilingError
from societies.views import SecretaryOwnedMixin

from . import services
from .forms import EducationBaseForm
from .models import BaseAnnualReport, BaseReportPhoto, EducationBase, Recommendation

# --- bases ------------------------------------------------------------------------------------


class BaseViews:
    model, form_class, noun = EducationBase, EducationBaseForm, gettext_lazy("science education base")
    success_url = reverse_lazy("bases:base_list")
    template_name = "portal/object_form.html"

    def get_queryset(self):
        return super().get_queryset().select_related("category")

    def get_success_url(self):
        return self.object.get_absolute_url()


class BaseList(BaseViews, SecretaryOwnedMixin, ListView):
    template_name = "bases/base_list.html"


class BaseDetail(BaseViews, SecretaryOwnedMixin, DetailView):
    http_method_names = ["get", "head"]
    template_name = "bases/base_detail.html"

    def get_context_data(self, **kwargs):
        base = self.object
        return super().get_context_data(
            reports=base.annual_reports.order_by("-year"),
            recommendations=base.recommendations.order_by("-year", "-pk"),
            **kwargs,
        )


class BaseCreate(BaseViews, SecretaryOwnedMixin, CreateView):
    pass


class BaseUpdate(BaseViews, SecretaryOwnedMixin, UpdateView):
    pass


# --- annual reports ----------------------------------------------------------------------------


class ReportDetail(filing_views.FilingDetailView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(photos=self.object.photos.all(), **kwargs)


class ReportSave:
    def save_related(self, form):
        super().save_related(form)
        images = form.cleaned_data.get("photos") or []
        if images:
            services.base_report_photos_add(report=form.instance, images=images, user=self.request.user)


class ReportCreate(ReportSave, filing_views.FilingCreateView):
    pass


class ReportUpdate(ReportSave, filing_views.FilingUpdateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(photos=self.object.photos.all(), **kwargs)


def _photo_for_secretary(request, pk) -> BaseReportPhoto:
    reports = BaseAnnualReport.objects.editable_by(request.user).values("pk")
    return get_object_or_404(BaseReportPhoto.objects.filter(report__in=reports).select_related("report"), pk=pk)


@require_http_methods(["GET", "HEAD"])
@secretary_required
def basephoto_image(request, pk):
    photo = _photo_for_secretary(request, pk)
    field_file = photo.thumbnail if request.GET.get("size") == "thumb" and photo.thumbnail else photo.image
    return protected_file_response(field_file, download_name=str(photo), inline=True)


@require_POST
@secretary_required
def basephoto_delete(request, pk):
    photo = _photo_for_secretary(request, pk)
    report = photo.report
    try:
        services.base_report_photo_delete(photo=photo, user=request.user)
    except FilingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Photo removed."))
    return redirect("bases:basereport_update" if report.is_editable else "bases:basereport_detail", pk=report.pk)


# --- recommendations ---------------------------------------------------------------------------


class RecommendationCreate(filing_views.FilingCreateView):
    def get_initial(self):
        initial = super().get_initial()
        base_id = self.request.GET.get("base", "")
        if base_id.isdigit():
            initial["base"] = base_id  # the form's queryset still limits it to the society's own bases
        return initial


@require_http_methods(["GET", "HEAD"])
@secretary_required
def recommendation_material(request, pk):
    recommendation = get_object_or_404(Recommendation.objects.editable_by(request.user), pk=pk)
    return protected_file_response(recommendation.material, download_name=recommendation.material_name or "material")
