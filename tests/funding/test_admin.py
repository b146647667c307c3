"""Special funds in the admin: review actions, budget/raised/spent, totals, Excel export, receipts."""

import io
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from funding.models import SpecialFund
from societies.framework.workflow import FilingStatus
from tests import uploads
from tests.funding.factories import ExpenditureFactory, FundingSourceFactory, FundReportFactory, SpecialFundFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:funding_specialfund_changelist"


def _action(client, action, objects, url=CHANGELIST):
    return client.post(reverse(url), {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects]})


def _fund_with_lines(society, name="科普进社区", **kwargs):
    fund = SpecialFundFactory(society=society, project_name=name, budget=Decimal("5000.00"), **kwargs)
    FundingSourceFactory(fund=fund, kind="association", amount=Decimal("3000.00"))
    FundingSourceFactory(fund=fund, kind="social", amount=Decimal("1000.50"), donor="某企业")
    ExpenditureFactory(fund=fund, amount=Decimal("1200.25"), purpose='=HYPERLINK("http://x")')
    return fund


def test_changelist_shows_budget_raised_spent_and_totals(staff_client, society_a, society_b):
    _fund_with_lines(society_a, status=FilingStatus.APPROVED)
    SpecialFundFactory(society=society_b, category="capacity", budget=Decimal("100.00"), status=FilingStatus.APPROVED)
    _fund_with_lines(society_b, "草稿中的专项")  # a draft: in the list, not in the totals
    response = staff_client.get(reverse(CHANGELIST))
    body = response.content.decode()
    assert response.status_code == 200
    for figure in ("5,000.00", "4,000.50", "1,200.25"):
        assert figure in body
    assert "按类别汇总" in body and "按经费来源汇总" in body
    by_kind = {row["kind"]: row["amount"] for row in response.context["by_source_kind"]}
    assert by_kind == {"association": Decimal("3000.00"), "social": Decimal("1000.50")}
    by_category = {row["category"]: row for row in response.context["by_category"]}
    assert by_category["key_project"]["raised"] == Decimal("4000.50")
    assert by_category["capacity"]["budget"] == Decimal("100.00") and by_category["capacity"]["spent"] == 0


def test_changelist_totals_count_by_the_rule(staff_client, counting_year):
    """The totals under the list follow the counting rule (``tests/counting.py``): approved funds
    only; with a year chosen, the money raised and spent in that year, whatever the fund's year —
    the statistics page's figures."""
    from tests.counting import BY_CATEGORY_Y, BY_SOURCE_Y, Y

    def totals(**params):
        context = staff_client.get(reverse(CHANGELIST), params).context
        categories = {
            row["category"]: (row["count"], row["budget"], row["raised"], row["spent"])
            for row in context["by_category"]
        }
        return categories, {row["kind"]: (row["count"], row["amount"]) for row in context["by_source_kind"]}

    assert totals(year=Y) == (BY_CATEGORY_Y, BY_SOURCE_Y)
    categories, sources = totals()  # every year: all the approved funds' lines
    assert categories == {
        "key_project": (1, Decimal("5000.00"), Decimal("4000.50"), Decimal("1000.00")),
        "capacity": (1, Decimal("2000.00"), Decimal("2000.00"), Decimal("500.00")),
        "other": (1, Decimal("300.00"), Decimal("300.00"), Decimal("0.00")),
    }
    assert sum(n for n, _amount in sources.values()) == 4, "not the draft's nor the submitted fund's"
    categories, _sources = totals(year=Y, society__city="liuzhou")  # the other filters still apply
    assert categories == {"other": (1, Decimal("300.00"), Decimal("300.00"), Decimal("0.00"))}
    body = staff_client.get(reverse(CHANGELIST), {"year": Y}).content.decode()
    assert "统计口径" in body and f"在{Y}年内筹集和支出的经费" in body


def test_changelist_query_count_does_not_grow(staff_client, society_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _fund_with_lines(society_a, "一")
    with CaptureQueriesContext(connection) as one:
        staff_client.get(reverse(CHANGELIST))
    _fund_with_lines(society_a, "二")
    _fund_with_lines(society_a, "三")
    with CaptureQueriesContext(connection) as three:
        staff_client.get(reverse(CHANGELIST))
    assert len(three) == len(one)


def test_staff_approves_fund(staff_client, society_a):
    fund = _fund_with_lines(society_a, status=FilingStatus.SUBMITTED)
    _action(staff_client, "approve_selected", [fund])
    fund.refresh_from_db()
    assert fund.status == FilingStatus.APPROVED


def test_export_opens_with_openpyxl_and_has_the_selected_funds_and_lines(staff_client, society_a, society_b):
    chosen = _fund_with_lines(society_a, "科普大篷车")
    _fund_with_lines(society_b, "未选中的项目")
    response = _action(staff_client, "export_xlsx", [chosen])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    funds, sources, spending = (workbook[name] for name in workbook.sheetnames)
    assert workbook.sheetnames == ["科普专项", "经费来源", "支出"]
    rows = list(funds.iter_rows(values_only=True))
    assert rows[0][:3] == ("学会", "年度", "项目名称")
    assert len(rows) == 2 and rows[1][2] == "科普大篷车"
    assert rows[1][4:8] == (5000, 4000.5, 1200.25, 2800.25)
    assert len(list(sources.iter_rows(values_only=True))) == 3
    spending_rows = list(spending.iter_rows(values_only=True))
    assert len(spending_rows) == 2 and spending_rows[1][5] == '=HYPERLINK("http://x")'
    assert spending["F2"].data_type == "s"  # user text is never a formula


def test_city_reviewer_sees_only_own_city_and_cannot_approve(reviewer_client, society_a, society_b):
    _fund_with_lines(society_a, "南宁的")
    theirs = _fund_with_lines(society_b, "柳州的", status=FilingStatus.SUBMITTED)
    response = reviewer_client.get(reverse(CHANGELIST))
    assert [f.pk for f in response.context["cl"].result_list] == [theirs.pk]
    _action(reviewer_client, "city_approve_selected", [theirs])
    theirs.refresh_from_db()
    assert theirs.status == FilingStatus.CITY_REVIEWED


def test_admin_receipt_view_checks_scope(staff_client, reviewer_client, society_a):
    fund = _fund_with_lines(society_a)
    line = fund.expenditures.get()
    line.receipt.save("r.pdf", ContentFile(uploads.pdf_bytes()))
    url = reverse("admin:funding_expenditure_receipt", kwargs={"pk": line.pk})
    assert staff_client.get(url).status_code == 200
    assert reviewer_client.get(url).status_code == 404  # a Nanning society: not the Liuzhou reviewer's


def test_fund_detail_in_admin_lists_lines_read_only(staff_client, society_a):
    fund = _fund_with_lines(society_a)
    response = staff_client.get(reverse("admin:funding_specialfund_change", args=[fund.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "某企业" in body and "1200.25" in body


def test_fund_report_export(staff_client, society_a):
    report = FundReportFactory(society=society_a, status=FilingStatus.SUBMITTED, total_spent=Decimal("12.34"))
    response = _action(staff_client, "export_xlsx", [report], url="admin:funding_fundreport_changelist")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == society_a.name and rows[1][6] == 12.34


def test_admin_edit_with_another_societys_plan_refused(staff_client, society_a, society_b):
    from tests.factories import OutreachPlanFactory

    fund = SpecialFundFactory(society=society_a)
    other_plan = OutreachPlanFactory(society=society_b)
    url = reverse("admin:funding_specialfund_change", args=[fund.pk])
    data = {
        "year": 2026,
        "project_name": fund.project_name,
        "category": "key_project",
        "budget": "1.00",
        "plan": other_plan.pk,
        "expected_version": fund.version,
        "sources-TOTAL_FORMS": 0,
        "sources-INITIAL_FORMS": 0,
        "expenditures-TOTAL_FORMS": 0,
        "expenditures-INITIAL_FORMS": 0,
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert SpecialFund.objects.get(pk=fund.pk).plan is None
