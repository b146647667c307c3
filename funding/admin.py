"""Review of special funds and final fund reports; totals per category and source kind; Excel export."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from societies.framework.admin import FilingAdmin, YearListFilter
from societies.framework.counting import RULE_TEXT
from societies.framework.uploads import protected_file_response

from .figures import money_figures
from .models import Expenditure, FundingSource, FundReport, SpecialFund


def _filtered_year(changelist) -> int | None:
    """The year the changelist is filtered by, if any."""
    for spec in changelist.filter_specs:
        if isinstance(spec, YearListFilter):
            return spec.year()
    return None


def money(value) -> str:
    return f"{value:,.2f}"


class ReadOnlyInline(admin.TabularInline):
    """Lines are the society's record; staff read them here (secretaries change them in the portal)."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FundingSourceInline(ReadOnlyInline):
    model = FundingSource
    fields = ["received_on", "kind", "amount", "donor", "note"]
    readonly_fields = fields


class ExpenditureInline(ReadOnlyInline):
    model = Expenditure
    fields = ["spent_on", "amount", "purpose", "activity", "receipt_link"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("activity")

    @admin.display(description=gettext_lazy("receipt"))
    def receipt_link(self, obj):
        if not obj.receipt:
            return "—"
        url = reverse("admin:funding_expenditure_receipt", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.receipt_name or _("Receipt"))


@admin.register(SpecialFund)
class SpecialFundAdmin(FilingAdmin):
    list_display = [
        "project_name",
        "society",
        "year",
        "category",
        "budget_display",
        "raised_display",
        "spent_display",
        "status_badge",
        "submitted_at",
    ]
    list_filter = [*FilingAdmin.list_filter, "category"]
    search_fields = [*FilingAdmin.search_fields, "project_name"]
    autocomplete_fields = ["society", "plan"]
    inlines = [FundingSourceInline, ExpenditureInline]
    change_list_template = "admin/funding/specialfund/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    @admin.display(description=gettext_lazy("budget (yuan)"), ordering="budget")
    def budget_display(self, obj):
        return money(obj.budget)

    @admin.display(description=gettext_lazy("raised (yuan)"), ordering="raised")
    def raised_display(self, obj):
        return money(obj.raised)

    @admin.display(description=gettext_lazy("spent (yuan)"), ordering="spent")
    def spent_display(self, obj):
        if obj.spent > obj.raised:
            return format_html('<strong style="color:#dc3545">{}</strong>', money(obj.spent))
        return money(obj.spent)

    def changelist_view(self, request, extra_context=None):
        """The list, and under it the totals by the counting rule (``societies.framework.counting``): the
        approved funds among those the filter selects; with a year chosen, their money raised and
        spent in that year — whatever the fund's year, as on the statistics page. One query."""
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            year = _filtered_year(changelist)
            # The year applies to each line's own date, so the lines come from every fund the
            # other filters select (Django's facet counts ask for a queryset the same way).
            funds = changelist.get_queryset(request, exclude_parameters=["year"]) if year else changelist.queryset
            money = money_figures(funds, years=year)
            response.context_data["by_category"] = money.by_category(year)
            response.context_data["by_source_kind"] = money.by_source(year)
            response.context_data["money_year"] = year
            response.context_data["counting_rule"] = RULE_TEXT
        return response

    def get_urls(self):
        receipt = self.admin_site.admin_view(self.receipt_view)
        return [
            path("expenditure/<int:pk>/receipt/", receipt, name="funding_expenditure_receipt"),
            *super().get_urls(),
        ]

    def receipt_view(self, request, pk):
        """A receipt, for whoever may see its fund here (staff; a city reviewer for their city)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        lines = Expenditure.objects.filter(fund__in=self.get_queryset(request).order_by().values("pk"))
        expenditure = get_object_or_404(lines, pk=pk)
        if not expenditure.receipt:
            raise Http404
        return protected_file_response(expenditure.receipt, download_name=expenditure.receipt_name or "receipt")


@admin.register(FundReport)
class FundReportAdmin(FilingAdmin):
    list_display = [*FilingAdmin.list_display, "frozen_budget", "frozen_raised", "frozen_spent"]
    readonly_fields = [*FilingAdmin.readonly_fields, *FundReport.FROZEN_FIELDS, "attachment_link"]
    exclude = ["attachment", "attachment_name"]

    # The figures are fixed at submission; a draft's columns stay empty rather than show zeros.
    @admin.display(description=gettext_lazy("total budget (yuan)"))
    def frozen_budget(self, obj):
        return money(obj.total_budget) if obj.is_filed else "—"

    @admin.display(description=gettext_lazy("total raised (yuan)"))
    def frozen_raised(self, obj):
        return money(obj.total_raised) if obj.is_filed else "—"

    @admin.display(description=gettext_lazy("total spent (yuan)"))
    def frozen_spent(self, obj):
        return money(obj.total_spent) if obj.is_filed else "—"

    @admin.display(description=gettext_lazy("final accounts (attachment)"))
    def attachment_link(self, obj):
        if not obj.attachment:
            return "—"
        url = reverse("admin:funding_fundreport_attachment", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.attachment_name or _("Download"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.attachment_view)
        return [path("<int:pk>/attachment/", view, name="funding_fundreport_attachment"), *super().get_urls()]

    def attachment_view(self, request, pk):
        report = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        if not report.attachment:
            raise Http404
        return protected_file_response(report.attachment, download_name=report.attachment_name or "attachment")
