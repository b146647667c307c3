"""The filing types of this app, registered once (``societies.framework.registry``): each yields
its secretary pages and URLs, list and export columns, deadline kind and home-page counts."""

from django.utils.translation import gettext_lazy as _

from societies.framework.columns import CHOICE, DATE, MONEY, NUMBER, STATUS, Column
from societies.framework.deadlines import DeadlineRule
from societies.framework.registry import FilingType

from . import views
from .forms import ActivityForm, AnnualSummaryForm, OutreachPlanForm
from .models import Activity, AnnualSummary, OutreachPlan

PLAN = FilingType(
    model=OutreachPlan,
    form_class=OutreachPlanForm,
    slug="plan",
    path="plans",
    columns=(
        Column("__str__", title=_("Year")),
        Column("planned_activity_count", NUMBER),
        Column("planned_budget", MONEY),
        Column("status", STATUS),
        Column("updated_at", "datetime", title=_("Last change")),
    ),
    detail_fields=(
        "goals", "key_projects", "planned_activity_count", "planned_participants", "planned_budget",
        "leadership", "volunteer_plan", "brands_to_build",
    ),
    export_columns=(Column("planned_participants", NUMBER), Column("goals"), Column("key_projects")),
    create_label=_("New plan"),
    empty_text=_("No plans yet. Start with this year's plan."),
    deadline=DeadlineRule("plan", _("Yearly outreach plan")),
    print_template="activities/print/plan.html",
)  # fmt: skip

ACTIVITY = FilingType(
    model=Activity,
    form_class=ActivityForm,
    slug="activity",
    path="activities",
    columns=(
        Column("title"),
        Column("start_date", DATE),
        Column("end_date", DATE),
        Column("city", CHOICE),
        Column("place"),
        Column("setting", CHOICE),
        Column("offline_attendance", NUMBER),
        Column("online_attendance", NUMBER),
        Column("status", STATUS),
    ),
    export_columns=(
        Column("delivery_mode", CHOICE),
        Column("themes", get=lambda a: "、".join(t.name for t in a.themes.all())),
        Column("campaigns", get=lambda a: "、".join(c.name for c in a.campaigns.all())),
        Column("offline_sessions", NUMBER),
        Column("online_sessions", NUMBER),
        Column("volunteer_count", NUMBER),
        Column("expert_count", NUMBER),
        Column("president_took_part", "boolean"),
        Column("secretary_general_took_part", "boolean"),
        Column("exchange_kind", CHOICE),
        Column("partner"),
        Column("content_reviewer__name", title=_("content reviewer")),
        Column("content_reviewed_on", DATE),
    ),
    prefetch=("themes", "campaigns"),
    related=("content_reviewer",),
    paginate_by=50,
    list_template="activities/activity_list.html",
    detail_template="activities/activity_detail.html",
    form_template="activities/activity_form.html",
    views={
        "list": views.ActivityList,
        "detail": views.ActivityDetail,
        "create": views.ActivityCreate,
        "update": views.ActivityUpdate,
    },
)

SUMMARY = FilingType(
    model=AnnualSummary,
    form_class=AnnualSummaryForm,
    slug="summary",
    path="summaries",
    columns=(
        Column("__str__", title=_("Year")),
        Column("status", STATUS),
        Column("submitted_at", "datetime", title=_("Submitted")),
        Column("updated_at", "datetime", title=_("Last change")),
    ),
    detail_fields=("narrative", "highlights", "problems", "next_year_ideas"),
    export_columns=(Column("narrative"), Column("highlights"), Column("problems"), Column("next_year_ideas")),
    create_label=_("New yearly summary"),
    empty_text=_("No yearly summaries yet."),
    detail_template="activities/summary_detail.html",
    views={"detail": views.SummaryDetail},
    deadline=DeadlineRule("summary", _("Yearly outreach summary")),
    print_template="activities/print/summary.html",
    print_context=views.summary_figures_context,
)
