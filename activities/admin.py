from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from societies.framework.admin import FilingAdmin
from societies.framework.scoped_admin import LabelledTabularInline

from .figures import summary_figures
from .models import (
    Activity,
    ActivityAttachment,
    ActivityPhoto,
    AnnualSummary,
    Campaign,
    CampaignWindow,
    OutreachPlan,
    Theme,
)


@admin.register(OutreachPlan)
class OutreachPlanAdmin(FilingAdmin):
    list_display = [*FilingAdmin.list_display, "planned_activity_count", "planned_budget"]


class ActivityPhotoInline(LabelledTabularInline):
    """Thumbnails served through the access-checked view; staff may remove an unsuitable photo."""

    model = ActivityPhoto
    extra = 0
    fields = ["preview", "original_name", "caption", "uploaded_at"]
    readonly_fields = ["preview", "original_name", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False  # photos are uploaded (and re-encoded) through the portal pages

    @admin.display(description=_("photo"))
    def preview(self, photo):
        if not photo.pk:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">'
            '<img src="{}" alt="{}" style="max-height:90px;max-width:140px"></a>',
            reverse("activities:photo_image", args=[photo.pk]),
            reverse("activities:photo_thumbnail", args=[photo.pk]),
            str(photo),  # the link's only content: its text for screen readers
        )


class ActivityAttachmentInline(admin.TabularInline):
    model = ActivityAttachment
    extra = 0
    fields = ["download", "uploaded_at"]
    readonly_fields = ["download", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, attachment):
        return format_html(
            '<a href="{}">{}</a>', reverse("activities:attachment_download", args=[attachment.pk]), attachment
        )


@admin.register(Activity)
class ActivityAdmin(FilingAdmin):
    list_display = [
        "title",
        "society",
        "start_date",
        "city",
        "setting",
        "total_attendance_display",
        "content_review_display",
        "status_badge",
        "submitted_at",
    ]
    list_filter = [
        "status",
        "year",
        "city",
        "society__level",
        "setting",
        "delivery_mode",
        "themes",
        "campaigns",
        "exchange_kind",
    ]
    search_fields = ["title", "place", "society__name", "society__short_name", "partner"]
    # No date_hierarchy: it runs DISTINCT date_trunc over the whole table on every page (0.5 s at
    # a million rows); the year filter does the same job from an index.
    autocomplete_fields = ["society", "co_organisers", "content_reviewer"]
    filter_horizontal = ["themes", "campaigns"]
    readonly_fields = [*FilingAdmin.readonly_fields, "year"]
    inlines = [ActivityPhotoInline, ActivityAttachmentInline]

    @admin.display(description=_("attendance (person-times)"))
    def total_attendance_display(self, obj):
        return obj.total_attendance

    @admin.display(description=_("content review"), boolean=True)
    def content_review_display(self, obj):
        return obj.political_review_passed and obj.scientific_review_passed and obj.content_reviewer_id is not None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("content_reviewer")


@admin.register(AnnualSummary)
class AnnualSummaryAdmin(FilingAdmin):
    list_display = [*FilingAdmin.list_display, "figures_computed_at"]
    readonly_fields = [*FilingAdmin.readonly_fields, "figures_table", "figures_computed_at"]
    search_fields = [*FilingAdmin.search_fields, "narrative"]

    @admin.display(description=_("figures"))
    def figures_table(self, obj):
        if obj.pk is None:
            return "—"
        figures = obj.figures if obj.figures_are_frozen else summary_figures(society=obj.society, year=obj.year)
        return render_to_string("activities/_figures.html", {"figures": figures})


class CampaignWindowInline(LabelledTabularInline):
    model = CampaignWindow
    extra = 1
    fields = ["year", "title", "starts_on", "ends_on"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name"]
    inlines = [CampaignWindowInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name"]
