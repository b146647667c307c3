"""Secretary pages for special funds: create/edit/submit, lines, receipts, the final report."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding.models import Expenditure, FundingSource, FundReport, SpecialFund
from societies.framework.workflow import FilingStatus
from tests import uploads
from tests.factories import OutreachPlanFactory
from tests.funding.factories import ExpenditureFactory, FundingSourceFactory, FundReportFactory, SpecialFundFactory

pytestmark = pytest.mark.django_db


def _fund_form(**changes):
    data = {"year": 2026, "project_name": "科普进校园", "category": "key_project", "budget": "50000.00"}
    return {**data, **changes}


def _source_form(**changes):
    return {"kind": "association", "amount": "1000.00", "donor": "广西科协", "received_on": "2026-03-01", **changes}


def _expenditure_form(**changes):
    return {"spent_on": "2026-04-01", "amount": "100.00", "purpose": "实验器材", **changes}


def test_fund_create_sets_society_and_draft_ignoring_tampering(client_a, society_a, society_b, staff):
    tampered = _fund_form(society=society_b.pk, status="approved", reviewed_by=staff.pk, version=7)
    response = client_a.post(reverse("funding:fund_create"), tampered)
    fund = SpecialFund.objects.get()
    assert response.status_code == 302 and response.url == fund.get_absolute_url()
    assert fund.society == society_a and fund.status == FilingStatus.DRAFT and fund.version == 1
    assert fund.budget == Decimal("50000.00") and fund.reviewed_by is None


def test_fund_create_with_another_societys_plan_refused(client_a, society_a, society_b):
    own, other = OutreachPlanFactory(society=society_a), OutreachPlanFactory(society=society_b)
    response = client_a.post(reverse("funding:fund_create"), _fund_form(plan=other.pk))
    assert response.status_code == 200 and not SpecialFund.objects.exists()
    client_a.post(reverse("funding:fund_create"), _fund_form(plan=own.pk))
    assert SpecialFund.objects.get().plan == own


@pytest.mark.parametrize("budget", ["-1", "12.345", "abc"])
def test_fund_create_bad_budget_refused(client_a, budget):
    response = client_a.post(reverse("funding:fund_create"), _fund_form(budget=budget))
    assert response.status_code == 200 and not SpecialFund.objects.exists()


def test_fund_list_shows_budget_raised_spent_and_totals(client_a, society_a):
    fund = SpecialFundFactory(society=society_a, budget=Decimal("30000.00"))
    FundingSourceFactory(fund=fund, amount=Decimal("12000.50"))
    ExpenditureFactory(fund=fund, amount=Decimal("2000.25"))
    SpecialFundFactory(society=society_a, budget=Decimal("5000.00"))
    body = client_a.get(reverse("funding:fund_list")).content.decode()
    for figure in ("30,000.00", "12,000.50", "2,000.25", "10,000.25", "35,000.00"):
        assert figure in body


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        (
            "funding:fund_list",
            lambda s, n: [FundingSourceFactory(fund=SpecialFundFactory(society=s)) for _ in range(n)],
        ),
        (
            "funding:fundreport_list",
            lambda s, n: [FundReportFactory(society=s, year=2000 + FundReport.objects.count()) for _ in range(n)],
        ),
    ],
)
def test_list_query_count_does_not_grow(client_a, society_a, url_name, make):
    make(society_a, 1)
    one = _count_queries(client_a, reverse(url_name))
    make(society_a, 2)
    assert _count_queries(client_a, reverse(url_name)) == one


def test_fund_detail_query_count_does_not_grow_with_lines(client_a, society_a):
    fund = SpecialFundFactory(society=society_a)
    FundingSourceFactory(fund=fund, amount=Decimal("1000.00"))
    ExpenditureFactory(fund=fund)
    one = _count_queries(client_a, fund.get_absolute_url())
    for _ in range(2):
        FundingSourceFactory(fund=fund)
        ExpenditureFactory(fund=fund)
    assert _count_queries(client_a, fund.get_absolute_url()) == one


def test_secretary_records_three_sources_and_five_expenditures_then_is_refused_overspending(client_a, society_a):
    fund = SpecialFundFactory(society=society_a, budget=Decimal("20000.00"))
    for kind, amount in (("association", "5000.00"), ("self_raised", "3000.00"), ("social", "2000.00")):
        response = client_a.post(
            reverse("funding:fund_source_add", args=[fund.pk]), _source_form(kind=kind, amount=amount)
        )
        assert response.status_code == 302
    for amount in ("1000.00", "2000.00", "1500.00", "500.00", "4000.00"):
        response = client_a.post(
            reverse("funding:fund_expenditure_add", args=[fund.pk]), _expenditure_form(amount=amount)
        )
        assert response.status_code == 302
    refused = client_a.post(
        reverse("funding:fund_expenditure_add", args=[fund.pk]), _expenditure_form(amount="1000.01")
    )
    body = refused.content.decode()
    assert refused.status_code == 200 and "超出已筹集的经费" in body and "最多还可支出 1,000.00 元" in body
    assert Expenditure.objects.count() == 5
    page = client_a.get(fund.get_absolute_url()).content.decode()
    assert all(f in page for f in ("20,000.00 元", "10,000.00 元", "9,000.00 元", "1,000.00 元"))


def test_line_form_negative_amount_refused(client_a, society_a):
    fund = SpecialFundFactory(society=society_a)
    response = client_a.post(reverse("funding:fund_source_add", args=[fund.pk]), _source_form(amount="-100"))
    assert response.status_code == 200 and not FundingSource.objects.exists()


def test_line_form_ignores_tampered_fund(client_a, society_a, society_b):
    own, other = SpecialFundFactory(society=society_a), SpecialFundFactory(society=society_b)
    client_a.post(reverse("funding:fund_source_add", args=[own.pk]), _source_form(fund=other.pk))
    assert FundingSource.objects.get().fund == own


def test_expenditure_with_another_societys_activity_refused(client_a, society_a, society_b):
    from tests.activities.factories import ActivityFactory

    fund = SpecialFundFactory(society=society_a)
    FundingSourceFactory(fund=fund)
    other = ActivityFactory(society=society_b)
    response = client_a.post(
        reverse("funding:fund_expenditure_add", args=[fund.pk]), _expenditure_form(activity=other.pk)
    )
    assert response.status_code == 200 and not Expenditure.objects.exists()
    own = ActivityFactory(society=society_a)
    client_a.post(reverse("funding:fund_expenditure_add", args=[fund.pk]), _expenditure_form(activity=own.pk))
    assert Expenditure.objects.get().activity == own


def test_lines_of_a_submitted_fund_cannot_be_added_or_deleted(client_a, society_a):
    fund = SpecialFundFactory(society=society_a, status=FilingStatus.SUBMITTED)
    source = FundingSourceFactory(fund=fund)
    response = client_a.post(reverse("funding:fund_source_add", args=[fund.pk]), _source_form())
    assert response.status_code == 302 and FundingSource.objects.count() == 1
    client_a.post(reverse("funding:source_delete", args=[source.pk]))
    assert FundingSource.objects.filter(pk=source.pk).exists()
    client_a.post(reverse("funding:source_update", args=[source.pk]), _source_form(amount="1.00"))
    source.refresh_from_db()
    assert source.amount == Decimal("10000.00")


def test_source_delete_confirms_then_deletes(client_a, society_a):
    fund = SpecialFundFactory(society=society_a)
    source = FundingSourceFactory(fund=fund)
    url = reverse("funding:source_delete", args=[source.pk])
    assert client_a.get(url).status_code == 200 and FundingSource.objects.exists()
    assert client_a.post(url).status_code == 302 and not FundingSource.objects.exists()


def test_expenditure_delete(client_a, society_a):
    fund = SpecialFundFactory(society=society_a)
    FundingSourceFactory(fund=fund)
    line = ExpenditureFactory(fund=fund)
    client_a.post(reverse("funding:expenditure_delete", args=[line.pk]))
    assert not Expenditure.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("receipt.pdf", uploads.pdf_bytes()),
        ("收据.xlsx", uploads.office_bytes("xlsx")),
        ("发票.jpg", uploads.image_bytes("JPEG")),
    ],
)
def test_receipt_upload_accepted_and_served_with_original_name(client_a, society_a, name, data):
    fund = SpecialFundFactory(society=society_a)
    FundingSourceFactory(fund=fund)
    form = _expenditure_form(receipt=uploads.upload(name, data))
    assert client_a.post(reverse("funding:fund_expenditure_add", args=[fund.pk]), form).status_code == 302
    line = Expenditure.objects.get()
    assert line.receipt_name == name and line.receipt.name.startswith(f"receipts/{society_a.pk}/")
    assert name not in line.receipt.name
    response = client_a.get(reverse("funding:expenditure_receipt", args=[line.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("evil.svg", uploads.SVG),
        ("page.html", uploads.HTML),
        ("fake.pdf", uploads.HTML),
        ("flood.png", uploads.pixel_flood_png()),
        ("archive.zip", uploads.office_bytes("docx")[:30]),
    ],
)
def test_hostile_receipts_refused(client_a, society_a, name, data):
    fund = SpecialFundFactory(society=society_a)
    FundingSourceFactory(fund=fund)
    form = _expenditure_form(receipt=uploads.upload(name, data))
    response = client_a.post(reverse("funding:fund_expenditure_add", args=[fund.pk]), form)
    assert response.status_code == 200 and not Expenditure.objects.exists()


def test_polyglot_receipt_image_is_stripped(client_a, society_a):
    fund = SpecialFundFactory(society=society_a)
    FundingSourceFactory(fund=fund)
    form = _expenditure_form(receipt=uploads.upload("poly.png", uploads.polyglot_png_html(), "image/png"))
    client_a.post(reverse("funding:fund_expenditure_add", args=[fund.pk]), form)
    stored = Expenditure.objects.get().receipt.read()
    assert b"<script" not in stored


def test_fund_submit_needs_a_source(client_a, society_a):
    fund = SpecialFundFactory(society=society_a)
    client_a.post(reverse("funding:fund_submit", args=[fund.pk]), {"expected_version": 1})
    fund.refresh_from_db()
    assert fund.status == FilingStatus.DRAFT
    FundingSourceFactory(fund=fund)
    client_a.post(reverse("funding:fund_submit", args=[fund.pk]), {"expected_version": 1})
    fund.refresh_from_db()
    assert fund.status == FilingStatus.SUBMITTED


def test_fund_submit_is_post_only(client_a, society_a):
    fund = SpecialFundFactory(society=society_a)
    assert client_a.get(reverse("funding:fund_submit", args=[fund.pk])).status_code == 405


def test_anonymous_and_non_secretary_cannot_reach_fund_pages(client, staff_client, society_a):
    fund = SpecialFundFactory(society=society_a)
    assert client.get(fund.get_absolute_url()).status_code == 302
    assert staff_client.get(reverse("funding:fund_list")).status_code == 403
    assert staff_client.get(reverse("funding:fund_source_add", args=[fund.pk])).status_code == 403


def test_fund_report_figures_live_then_frozen_at_submission(client_a, society_a):
    fund = SpecialFundFactory(society=society_a, year=2026, budget=Decimal("900.00"))
    FundingSourceFactory(fund=fund, amount=Decimal("800.00"))
    ExpenditureFactory(fund=fund, amount=Decimal("700.00"))
    SpecialFundFactory(society=society_a, year=2025, budget=Decimal("1.00"))  # another year: not counted
    response = client_a.post(
        reverse("funding:fundreport_create"),
        {"year": 2026, "summary": "经费用于科普进校园", "attachment": uploads.upload("决算.pdf", uploads.pdf_bytes())},
    )
    report = FundReport.objects.get()
    assert response.status_code == 302 and report.society == society_a and report.attachment_name == "决算.pdf"
    assert report.figures()["total_spent"] == Decimal("700.00")
    client_a.post(reverse("funding:fundreport_submit", args=[report.pk]), {"expected_version": 1})
    report.refresh_from_db()
    assert report.status == FilingStatus.SUBMITTED
    assert (report.fund_count, report.total_budget, report.total_raised, report.total_spent) == (
        1,
        Decimal("900.00"),
        Decimal("800.00"),
        Decimal("700.00"),
    )
    ExpenditureFactory(fund=fund, amount=Decimal("50.00"))  # later changes do not move a filed report
    assert report.figures()["total_spent"] == Decimal("700.00")
    body = client_a.get(report.get_absolute_url()).content.decode()
    assert "700.00 元" in body


def test_fund_report_without_funds_cannot_be_submitted(client_a, society_a):
    report = FundReportFactory(society=society_a)
    client_a.post(reverse("funding:fundreport_submit", args=[report.pk]), {"expected_version": 1})
    report.refresh_from_db()
    assert report.status == FilingStatus.DRAFT


def test_fund_report_hostile_attachment_refused(client_a):
    response = client_a.post(
        reverse("funding:fundreport_create"),
        {"year": 2026, "summary": "x", "attachment": uploads.upload("x.pdf", uploads.SVG)},
    )
    assert response.status_code == 200 and not FundReport.objects.exists()


def test_fund_report_second_for_same_year_refused(client_a, society_a):
    FundReportFactory(society=society_a, year=2026)
    response = client_a.post(reverse("funding:fundreport_create"), {"year": 2026, "summary": "x"})
    assert response.status_code == 200 and FundReport.objects.count() == 1


def test_fund_update_ignores_workflow_tampering_and_refuses_stale_version(client_a, society_a, society_b):
    fund = SpecialFundFactory(society=society_a)
    url = reverse("funding:fund_update", args=[fund.pk])
    client_a.post(url, _fund_form(expected_version=1, society=society_b.pk, status="approved", budget="1.00"))
    fund.refresh_from_db()
    assert fund.society == society_a and fund.status == FilingStatus.DRAFT
    assert fund.budget == Decimal("1.00") and fund.version == 2
    stale = client_a.post(url, _fund_form(expected_version=1, budget="2.00"))
    # The refusal says who made the newer version (the secretary herself, in another tab).
    assert stale.status_code == 200 and "已由 sec_a 于" in stale.content.decode()
    fund.refresh_from_db()
    assert fund.budget == Decimal("1.00")


def test_receipt_can_be_replaced_and_cleared(client_a, society_a):
    fund = SpecialFundFactory(society=society_a)
    FundingSourceFactory(fund=fund)
    add = reverse("funding:fund_expenditure_add", args=[fund.pk])
    client_a.post(add, _expenditure_form(receipt=uploads.upload("一.pdf", uploads.pdf_bytes())))
    line = Expenditure.objects.get()
    url = reverse("funding:expenditure_update", args=[line.pk])
    client_a.post(url, _expenditure_form(receipt=uploads.upload("二.pdf", uploads.pdf_bytes())))
    line.refresh_from_db()
    assert line.receipt_name == "二.pdf"
    client_a.post(url, _expenditure_form(**{"receipt-clear": "on"}))
    line.refresh_from_db()
    assert not line.receipt and line.receipt_name == ""
    assert client_a.get(reverse("funding:expenditure_receipt", args=[line.pk])).status_code == 404


def test_expenditure_before_the_funds_year_asks_for_confirmation(client_a, society_a):
    fund = SpecialFundFactory(society=society_a, year=2026)
    FundingSourceFactory(fund=fund, amount=Decimal("1000.00"))
    url = reverse("funding:fund_expenditure_add", args=[fund.pk])
    asked = client_a.post(url, _expenditure_form(spent_on="2025-12-30"))
    body = asked.content.decode()
    assert asked.status_code == 200 and "2025-12-30 早于本专项的年度 2026" in body
    assert 'type="checkbox" name="confirm_early_date"' in body
    assert not Expenditure.objects.exists()
    confirmed = client_a.post(url, _expenditure_form(spent_on="2025-12-30", confirm_early_date="on"))
    assert confirmed.status_code == 302
    assert Expenditure.objects.get().spent_on.isoformat() == "2025-12-30"
    # A date in the fund's year needs no confirmation.
    assert client_a.post(url, _expenditure_form(spent_on="2026-01-02")).status_code == 302
