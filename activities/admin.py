from django.contrib import admin

from societies.filing_admin import FilingAdmin

from .models import OutreachPlan


@admin.register(OutreachPlan)
class OutreachPlanAdmin(FilingAdmin):
    list_display = [*FilingAdmin.list_display, "planned_activity_count", "planned_budget"]
