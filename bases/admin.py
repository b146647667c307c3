"""Bases in the admin: categories, bases (filters incl. expiring designations), annual reports and
recommendations (review queue, decision), each with an Excel export."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from societies.framework import limits
from societies.framework.admin import URL_FIELDS_HTTPS, FilingAdmin
from societies.framework.columns import CHOICE, DATE, NUMBER, Column
from societies.framework.scoped_admin import ScopedAdmin
from societies.framework.uploads import protected_file_response
from societies.framework.workflow import FilingError

from .models import (
    EXPIRY_WARNING_DAYS,
    BaseAnnualReport,
    BaseCategory,
    BaseReportPhoto,
    EducationBase,
    Recommendation,
    RecommendationDecision,
)
from .services import recommendation_decide


@admin.register(BaseCategory)
class BaseCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name"]


class ExpiringFilter(admin.SimpleListFilter):
    title = gettext_lazy("designation validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("expiring", _("Expires within %(days)d days") % {"days": EXPIRY_WARNING_DAYS}),
            ("expired", _("Expired")),
            ("valid", _("Still valid")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "expiring":
            return queryset.expiring(today=today)
        if self.value() == "expired":
            return queryset.filter(valid_until__lt=today)
        if self.value() == "valid":
            return queryset.filter(valid_until__gte=today)
        return queryset


def _expiry_flag(base) -> str:
    if base.is_expired:
        return format_html('<span style="color:#dc3545;font-weight:bold">{}</span>', _("Expired"))
    if base.expires_soon:
        return format_html(
            '<span style="color:#b35c00;font-weight:bold">⚠ {}</span>',
            _("Expires in %(days)d days") % {"days": base.days_left()},
        )
    return ""


# The export's columns; the verbose names alone would not say "base" in a sheet of their own.
BASE_COLUMNS = (
    Column("name", title=gettext_lazy("Base name")),
    Column("host_unit"),
    Column("society__name", title=gettext_lazy("Recommending society")),
    Column("category__name", title=gettext_lazy("Category")),
    Column("city", CHOICE),
    Column("address"),
    Column("latitude"),
    Column("longitude"),
    Column("opening_days", NUMBER, title=gettext_lazy("Opening days per year")),
    Column("website", title=gettext_lazy("Online hall website")),
    Column("level", CHOICE),
    Column("batch"),
    Column("valid_from", DATE),
    Column("valid_until", DATE),
    Column("status", CHOICE),
)


@admin.register(EducationBase)
class EducationBaseAdmin(ScopedAdmin):
    export_columns = BASE_COLUMNS
    export_related = ("society", "category")
    list_display = ["name", "society", "category", "city", "level", "batch", "valid_until", "expiry", "status"]
    list_filter = ["city", "category", "level", ExpiringFilter, "status"]
    search_fields = ["name", "host_unit", "society__name", "society__short_name"]
    list_select_related = ["society", "category"]
    autocomplete_fields = ["society"]
    formfield_overrides = URL_FIELDS_HTTPS
    fieldsets = [
        (None, {"fields": ["name", "host_unit", "society", "category", "city", "address", "latitude", "longitude"]}),
        (gettext_lazy("Opening"), {"fields": ["opening_days", "website", "introduction", "status"]}),
        (gettext_lazy("Designation"), {"fields": ["level", "batch", "valid_from", "valid_until"]}),
    ]

    @admin.display(description=gettext_lazy("expiry"))
    def expiry(self, obj):
        return _expiry_flag(obj)


class PhotoInline(admin.TabularInline):
    model = BaseReportPhoto
    fields = ["preview", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("photo"))
    def preview(self, obj):
        url = reverse("admin:bases_basereportphoto_image", kwargs={"pk": obj.pk})
        return format_html(
            '<a href="{}" target="_blank"><img src="{}?size=thumb" style="max-height:90px"></a>', url, url
        )


@admin.register(BaseAnnualReport)
class BaseAnnualReportAdmin(FilingAdmin):
    list_display = [
        "base",
        "society",
        "year",
        "visitors",
        "activities_held",
        "online_visits",
        "staff_count",
        "volunteer_count",
        "status_badge",
        "submitted_at",
    ]
    list_filter = [*FilingAdmin.list_filter, "base__category", "base__level"]
    search_fields = [*FilingAdmin.search_fields, "base__name"]
    list_select_related = [*FilingAdmin.list_select_related, "base"]
    autocomplete_fields = ["society", "base"]
    inlines = [PhotoInline]

    def get_urls(self):
        view = self.admin_site.admin_view(self.photo_view)
        return [path("photo/<int:pk>/", view, name="bases_basereportphoto_image"), *super().get_urls()]

    def photo_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        reports = self.get_queryset(request).order_by().values("pk")
        photo = get_object_or_404(BaseReportPhoto.objects.filter(report__in=reports), pk=pk)
        field_file = photo.thumbnail if request.GET.get("size") == "thumb" and photo.thumbnail else photo.image
        return protected_file_response(field_file, download_name=str(photo), inline=True)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("decision"),
        choices=[
            (RecommendationDecision.RECOMMENDED, RecommendationDecision.RECOMMENDED.label),
            (RecommendationDecision.NOT_RECOMMENDED, RecommendationDecision.NOT_RECOMMENDED.label),
        ],
        widget=forms.RadioSelect,
    )
    batch = forms.CharField(
        label=gettext_lazy("designation batch"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Needed when recommended, e.g. 2026 (first batch)."),
    )
    valid_from = forms.DateField(
        label=gettext_lazy("valid from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Today when empty; the designation runs five years."),
    )
    note = forms.CharField(
        label=gettext_lazy("decision note"),
        required=False,
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_valid_from(self):
        # A designation starts around the decision: from last year to the end of next year.
        valid_from = self.cleaned_data["valid_from"]
        this_year = timezone.localdate().year
        limits.check_date(valid_from, limits.year_start(this_year - 1), limits.year_end(this_year + 1))
        return valid_from

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == RecommendationDecision.RECOMMENDED and not cleaned.get("batch", "").strip():
            self.add_error("batch", _("Give the designation batch for a recommended base."))
        return cleaned


@admin.register(Recommendation)
class RecommendationAdmin(FilingAdmin):
    list_display = ["base", "society", "year", "target_level", "status_badge", "decision_badge", "submitted_at"]
    list_filter = [*FilingAdmin.list_filter, "target_level", "decision", "base__category", "base__level"]
    search_fields = [*FilingAdmin.search_fields, "base__name"]
    list_select_related = [*FilingAdmin.list_select_related, "base"]
    autocomplete_fields = ["society", "base"]
    readonly_fields = [*FilingAdmin.readonly_fields, *Recommendation.DECISION_FIELDS, "material_link"]
    exclude = ["material", "material_name"]
    actions = [*FilingAdmin.actions, "decide_selected"]

    @admin.display(description=gettext_lazy("decision"), ordering="decision")
    def decision_badge(self, obj):
        colours = {RecommendationDecision.RECOMMENDED: "#198754", RecommendationDecision.NOT_RECOMMENDED: "#6c757d"}
        if obj.decision == RecommendationDecision.PENDING:
            return obj.get_decision_display()
        return format_html(
            '<span style="color:#fff;background:{};padding:2px 8px;border-radius:8px">{}</span>',
            colours[obj.decision],
            obj.get_decision_display(),
        )

    @admin.display(description=gettext_lazy("supporting material"))
    def material_link(self, obj):
        if not obj.material:
            return "—"
        url = reverse("admin:bases_recommendation_material", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.material_name or _("Download"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.material_view)
        return [path("<int:pk>/material/", view, name="bases_recommendation_material"), *super().get_urls()]

    def material_view(self, request, pk):
        recommendation = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, recommendation):
            raise PermissionDenied
        if not recommendation.material:
            raise Http404
        name = recommendation.material_name or "material"
        return protected_file_response(recommendation.material, download_name=name)

    def has_decide_permission(self, request):
        return request.user.is_superuser or request.user.is_association_staff

    @admin.action(description=gettext_lazy("Decide selected recommendations"), permissions=["decide"])
    def decide_selected(self, request, queryset):
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._decide(request, queryset, form.cleaned_data)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decide recommendations"),
            "opts": self.model._meta,
            "queryset": queryset.select_related("society", "base"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/bases/recommendation_decide.html", context)

    def _decide(self, request, queryset, data):
        done = 0
        for recommendation in queryset.select_related("base"):
            try:
                recommendation_decide(
                    recommendation=recommendation,
                    decision=data["decision"],
                    user=request.user,
                    expected_version=recommendation.version,
                    batch=data["batch"],
                    valid_from=data["valid_from"],
                    note=data["note"],
                )
                done += 1
            except FilingError as exc:
                self.message_user(
                    request, f"{recommendation}（{recommendation.society}）：{exc.message}", messages.WARNING
                )
        if done:
            message = ngettext("%(count)d recommendation decided.", "%(count)d recommendations decided.", done)
            self.message_user(request, message % {"count": done}, messages.SUCCESS)
