from django import forms

from societies.forms import FilingForm

from .models import OutreachPlan


class OutreachPlanForm(FilingForm):
    class Meta:
        model = OutreachPlan
        fields = [
            "year",
            "goals",
            "key_projects",
            "planned_activity_count",
            "planned_participants",
            "planned_budget",
            "leadership",
            "volunteer_plan",
            "brands_to_build",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("goals", "key_projects", "leadership", "volunteer_plan", "brands_to_build")
        }
