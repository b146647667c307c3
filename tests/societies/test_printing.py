"""Print pages and PDFs of plan, summary, fund report, base report and recommendation: the PDF's
text is extractable Chinese (the society's name, the heading, the figures); only those who may
see the filing get it (404 for another society's secretary)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.activities.factories import AnnualSummaryFactory, ReviewedActivityFactory
from tests.bases.factories import BaseAnnualReportFactory, EducationBaseFactory, RecommendationFactory
from tests.factories import OutreachPlanFactory
from tests.funding.factories import FundingSourceFactory, FundReportFactory, SpecialFundFactory

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")


def _plan(society):
    return OutreachPlanFactory(society=society, planned_activity_count=1234, planned_budget=Decimal("56789.50"))


def _summary(society):
    ReviewedActivityFactory(society=society, status="submitted", offline_attendance=4321)
    return AnnualSummaryFactory(society=society, year=2026)


def _fundreport(society):
    fund = SpecialFundFactory(society=society, year=2026, budget=Decimal("20000.00"), project_name="青少年科普")
    FundingSourceFactory(fund=fund, amount=Decimal("15000.00"))
    return FundReportFactory(society=society, year=2026)


def _basereport(society):
    return BaseAnnualReportFactory(base=EducationBaseFactory(society=society), society=society, visitors=98765)


def _recommendation(society):
    return RecommendationFactory(base=EducationBaseFactory(society=society, host_unit="南宁科技馆"), society=society)


KINDS = {
    "activities:plan": (_plan, ["年度科普工作计划", "1,234", "56,789.50元"]),
    "activities:summary": (_summary, ["年度科普工作总结", "4,321"]),
    "funding:fundreport": (_fundreport, ["20,000.00元", "15,000.00元", "青少年科普"]),
    "bases:basereport": (_basereport, ["98,765"]),
    "bases:recommendation": (_recommendation, ["南宁科技馆"]),
}


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_has_extractable_chinese_name_and_figures(kind, client_a, society_a):
    make, expected = KINDS[kind]
    filing = make(society_a)
    text = pdf_text(client_a.get(reverse(f"{kind}_pdf", args=[filing.pk])))
    for phrase in [society_a.name, f"{filing.year}年度", "盖章", *expected]:
        assert phrase in text, f"{phrase!r} not in the PDF's text: {text[:300]}"


@pytest.mark.parametrize("kind", KINDS)
def test_print_page_is_a4_with_heading_and_signature_space(kind, client_a, society_a):
    filing = KINDS[kind][0](society_a)
    page = client_a.get(reverse(f"{kind}_print", args=[filing.pk])).content.decode()
    assert "size: A4" in page and f"<h1>{society_a.name}</h1>" in page and "学会（盖章）" in page
    assert reverse(f"{kind}_pdf", args=[filing.pk]) in page


@pytest.mark.parametrize("kind", KINDS)
def test_other_society_gets_404(kind, client_b, society_a):
    filing = KINDS[kind][0](society_a)
    assert client_b.get(reverse(f"{kind}_print", args=[filing.pk])).status_code == 404
    assert client_b.get(reverse(f"{kind}_pdf", args=[filing.pk])).status_code == 404


def test_city_reviewer_prints_own_city_only(reviewer_client, society_a, society_b):
    own_city = _plan(society_b)  # Liuzhou, city level: the reviewer's
    assert reviewer_client.get(reverse("activities:plan_pdf", args=[own_city.pk])).status_code == 200
    other = _plan(society_a)
    assert reviewer_client.get(reverse("activities:plan_pdf", args=[other.pk])).status_code == 404


def test_staff_admin_record_page_links_to_print_and_pdf(staff_client, society_a):
    plan = _plan(society_a)
    page = staff_client.get(reverse("admin:activities_outreachplan_change", args=[plan.pk])).content.decode()
    assert reverse("activities:plan_print", args=[plan.pk]) in page
    assert reverse("activities:plan_pdf", args=[plan.pk]) in page
    assert staff_client.get(reverse("activities:plan_print", args=[plan.pk])).status_code == 200


def test_detail_page_links_to_print(client_a, society_a):
    plan = _plan(society_a)
    page = client_a.get(plan.get_absolute_url()).content.decode()
    assert reverse("activities:plan_pdf", args=[plan.pk]) in page


def test_post_is_not_allowed(client_a, society_a):
    plan = _plan(society_a)
    assert client_a.post(reverse("activities:plan_pdf", args=[plan.pk])).status_code == 405
