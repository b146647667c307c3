"""The filing types of this app, registered once (``societies.framework.registry``): each yields
its secretary pages and URLs, list and export columns, deadline kind and home-page counts."""

from django.db.models import Exists, OuterRef
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from societies.framework.columns import CHOICE, DATETIME, NUMBER, STATUS, Column
from societies.framework.deadlines import DeadlineRule
from societies.framework.registry import SOCIETY, FilingType
from societies.framework.workflow import FILED_STATUSES

from . import views
from .forms import BaseAnnualReportForm, RecommendationForm
from .models import BaseAnnualReport, BaseStatus, EducationBase, Recommendation, RecommendationDecision

BASE = (
    Column("base__name", title=_("Base")),
    Column("society__name", title=SOCIETY),
    Column("base__category__name", title=_("Category")),
    Column("base__city", CHOICE, title=_("City")),
    Column("year"),
)


def _open_bases():
    """The bases (not withdrawn) of the society in the outer query."""
    return EducationBase.objects.filter(society=OuterRef("pk")).exclude(status=BaseStatus.WITHDRAWN)


def _every_open_base_reported(model, year: int) -> Exists:
    """A society has filed its base reports when every base it recommends (not withdrawn) has a
    filed report for the year."""
    reported = model.objects.filter(base=OuterRef("pk"), year=year, status__in=FILED_STATUSES)
    return ~Exists(_open_bases().exclude(Exists(reported)))


BASE_REPORT = FilingType(
    model=BaseAnnualReport,
    form_class=BaseAnnualReportForm,
    slug="basereport",
    path="base-reports",
    columns=(
        Column("base__name", title=_("Base")),
        Column("year"),
        Column("visitors", NUMBER, title=_("Visitors")),
        Column("activities_held", NUMBER, title=pgettext_lazy("count", "Activities")),
        Column("online_visits", NUMBER),
        Column("status", STATUS),
    ),
    export_columns=(
        *BASE,
        Column("visitors", NUMBER),
        Column("activities_held", NUMBER),
        Column("online_visits", NUMBER),
        Column("staff_count", NUMBER),
        Column("volunteer_count", NUMBER),
        Column("highlights"),
        Column("status", STATUS),
        Column("submitted_at", DATETIME),
    ),
    related=("base", "base__category"),
    create_label=_("New annual report"),
    empty_text=_("No annual reports yet."),
    tabs="bases/tabs.html",
    detail_template="bases/basereport_detail.html",
    form_template="bases/basereport_form.html",
    views={"detail": views.ReportDetail, "create": views.ReportCreate, "update": views.ReportUpdate},
    print_template="bases/print/basereport.html",
    # Due from the societies recommending a base that is not withdrawn.
    deadline=DeadlineRule(
        "base_report",
        _("Education base annual report"),
        expected=lambda year: Exists(_open_bases()),
        filed=_every_open_base_reported,
    ),
)


def _decision_badge(recommendation) -> str:
    label = recommendation.get_decision_display()
    if recommendation.decision == RecommendationDecision.PENDING:
        return format_html('<span class="text-secondary">{}</span>', label)
    return format_html('<span class="badge decision-{}">{}</span>', recommendation.decision, label)


RECOMMENDATION = FilingType(
    model=Recommendation,
    form_class=RecommendationForm,
    slug="recommendation",
    path="recommendations",
    columns=(
        Column("base__name", title=_("Base")),
        Column("year"),
        Column("target_level", CHOICE),
        Column("status", STATUS),
        Column("decision", CHOICE, render=_decision_badge),
    ),
    export_columns=(
        *BASE[:-1],
        Column("year"),
        Column("target_level", CHOICE),
        Column("reasons"),
        Column("status", STATUS),
        Column("decision", CHOICE),
        Column("decision_note"),
        Column("decided_at", DATETIME),
        Column("base__batch", get=lambda r: r.base.batch if r.decision == RecommendationDecision.RECOMMENDED else ""),
        Column(
            "base__valid_until",
            get=lambda r: r.base.valid_until if r.decision == RecommendationDecision.RECOMMENDED else None,
        ),
    ),
    related=("base", "base__category"),
    create_label=_("New recommendation"),
    empty_text=_("No recommendations yet."),
    intro=_(
        "Recommend your best bases for designation as a Guangxi or national science education base. The "
        "association reviews the filing, then decides."
    ),
    tabs="bases/tabs.html",
    detail_template="bases/recommendation_detail.html",
    views={"create": views.RecommendationCreate},
    print_template="bases/print/recommendation.html",
)
