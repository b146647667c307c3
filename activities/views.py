"""Secretary pages for outreach plans, built on the shared filing views."""

from django.views.decorators.http import require_POST

from societies import filing_views

from .forms import OutreachPlanForm
from .models import OutreachPlan


class PlanPages:
    model, form_class = OutreachPlan, OutreachPlanForm
    list_url_name = "activities:plan_list"
    template_name = "portal/filing_form.html"


class PlanList(PlanPages, filing_views.FilingListView):
    template_name = "activities/plan_list.html"


class PlanDetail(PlanPages, filing_views.FilingDetailView):
    template_name = "activities/plan_detail.html"


class PlanCreate(PlanPages, filing_views.FilingCreateView):
    pass


class PlanUpdate(PlanPages, filing_views.FilingUpdateView):
    pass


@require_POST
def plan_submit(request, pk):
    return filing_views.secretary_filing_submit(request, OutreachPlan.objects, pk)
