"""The filing types of this app, registered once (``societies.framework.registry``): each yields
its secretary pages and URLs, list and export columns, deadline kind and home-page counts."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from societies.framework.columns import CHOICE, DATE, DATETIME, MONEY, NUMBER, STATUS, Column
from societies.framework.deadlines import DeadlineRule
from societies.framework.registry import SOCIETY, FilingType, columns_sheet

from . import views
from .forms import FundReportForm, SpecialFundForm
from .models import Expenditure, FundingSource, FundReport, SpecialFund

YEAR = Column("year")


def _balance(fund) -> object:
    return fund.raised - fund.spent


def _receipt_name(expenditure) -> str:
    return expenditure.receipt_name if expenditure.receipt else ""


def _frozen(name: str) -> Column:
    """A figure fixed at submission; a draft's stays empty rather than show zeros."""
    kind = NUMBER if name == "fund_count" else MONEY
    return Column(name, kind, get=lambda report: getattr(report, name) if report.is_filed else None)


def _fundreport_print_context(report) -> dict:
    funds = SpecialFund.objects.filter(society_id=report.society_id, year=report.year).with_totals()
    return {"figures": report.figures(), "funds": funds.order_by("project_name", "pk")}


def _lines_sheets(funds) -> list:
    """A fund's sources and expenditures, one sheet each, for the funds exported."""
    ids = funds.order_by().values("pk")
    fund = (Column("fund__society__name", title=SOCIETY), Column("fund__year"), Column("fund__project_name"))
    sources = FundingSource.objects.filter(fund__in=ids).select_related("fund__society")
    expenditures = Expenditure.objects.filter(fund__in=ids).select_related("fund__society", "activity")
    order = ("fund__society__name", "fund__project_name")
    return [
        columns_sheet(
            FundingSource._meta.verbose_name_plural,
            FundingSource,
            (*fund, Column("kind", CHOICE), Column("amount", MONEY), Column("donor"), Column("received_on", DATE),
             Column("note")),
            sources.order_by(*order, "received_on", "pk"),
        ),
        columns_sheet(
            Expenditure._meta.verbose_name_plural,
            Expenditure,
            (*fund, Column("spent_on", DATE), Column("amount", MONEY), Column("purpose"),
             Column("activity__title", title=_("Activity")), Column("receipt_name", get=_receipt_name)),
            expenditures.order_by(*order, "spent_on", "pk"),
        ),
    ]  # fmt: skip


FUND = FilingType(
    model=SpecialFund,
    form_class=SpecialFundForm,
    slug="fund",
    path="funds",
    columns=(
        Column("project_name"),
        YEAR,
        Column("category", CHOICE),
        Column("budget", MONEY, title=_("Budget")),
        Column("raised", MONEY, title=_("Raised")),
        Column("spent", MONEY, title=_("Spent")),
        Column("balance", MONEY, title=_("Balance"), get=_balance),
        Column("status", STATUS),
    ),
    export_columns=(
        Column("society__name", title=SOCIETY),
        YEAR,
        Column("project_name"),
        Column("category", CHOICE),
        Column("budget", MONEY, title=_("Budget (yuan)")),
        Column("raised", MONEY, title=_("Raised (yuan)")),
        Column("spent", MONEY, title=_("Spent (yuan)")),
        Column("balance", MONEY, title=_("Balance (yuan)"), get=_balance),
        Column("status", STATUS),
        Column("plan", get=lambda f: str(f.plan) if f.plan_id else ""),
        Column("submitted_at", DATETIME),
    ),
    more_sheets=_lines_sheets,
    annotate=lambda funds: funds.with_totals(),
    related=("plan",),
    create_label=_("New special fund"),
    empty_text=_("No special funds yet. Record this year's outreach project and its budget."),
    tabs="funding/tabs.html",
    list_template="funding/fund_list.html",
    detail_template="funding/fund_detail.html",
    views={"list": views.FundList, "detail": views.FundDetail},
)

FUND_REPORT = FilingType(
    model=FundReport,
    form_class=FundReportForm,
    slug="fundreport",
    path="fund-reports",
    columns=(
        Column("__str__", title=_("Report")),
        Column("status", STATUS),
        Column("submitted_at", DATETIME, title=_("Submitted")),
        Column("updated_at", DATETIME, title=_("Last change")),
    ),
    export_columns=(
        Column("society__name", title=SOCIETY),
        YEAR,
        Column("status", STATUS),
        *(_frozen(name) for name in FundReport.FROZEN_FIELDS),
        Column("summary"),
        Column("outcomes"),
        Column("problems"),
        Column("submitted_at", DATETIME),
    ),
    create_label=_("New final fund report"),
    empty_text=_("No final fund reports yet."),
    intro=_(
        "At the end of each year, report how your society's special outreach funds were raised and used. The "
        "figures are taken from your special funds of that year and fixed when you submit."
    ),
    tabs="funding/tabs.html",
    detail_template="funding/fundreport_detail.html",
    views={"detail": views.FundReportDetail},
    print_template="funding/print/fundreport.html",
    print_context=_fundreport_print_context,
    # Due from the societies with a special fund that year.
    deadline=DeadlineRule(
        "fund_report",
        _("Special fund report"),
        expected=lambda year: Exists(SpecialFund.objects.filter(society=OuterRef("pk"), year=year)),
    ),
)
