"""The statistics page in the admin: a year's figures for staff (all societies) and city reviewers
(their city's city-level societies), checked against hand-counted fixtures; its Excel download."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import Theme
from bases.models import DesignationLevel
from societies.framework.workflow import FilingStatus
from tests.activities.factories import ActivityFactory, ReviewedActivityFactory
from tests.bases.factories import EducationBaseFactory
from tests.factories import SocietyFactory
from tests.funding.factories import ExpenditureFactory, FundingSourceFactory, SpecialFundFactory

pytestmark = pytest.mark.django_db

URL = reverse("statistics")
YEAR = timezone.localdate().year  # the view's today: Asia/Shanghai


@pytest.fixture
def year_data(society_a, society_b):
    """society_a (region, Nanning): 2 filed activities + 1 draft; society_b (city, Liuzhou): 1
    approved activity; one activity of last year; a fund with sources and spending; bases."""
    carbon, rumours = Theme.objects.get(name="双碳"), Theme.objects.get(name="科学辟谣")
    day = datetime.date(YEAR, 3, 10)
    a1 = ReviewedActivityFactory(
        society=society_a, status=FilingStatus.SUBMITTED, start_date=day, setting="school", offline_attendance=100
    )
    a1.themes.add(carbon)
    a2 = ReviewedActivityFactory(
        society=society_a, status=FilingStatus.APPROVED, start_date=day, setting="village", offline_attendance=50
    )
    a2.themes.add(carbon, rumours)
    ActivityFactory(society=society_a, status=FilingStatus.DRAFT, start_date=day, offline_attendance=999)
    b1 = ReviewedActivityFactory(
        society=society_b, status=FilingStatus.APPROVED, start_date=day, setting="school", offline_attendance=30
    )
    b1.themes.add(rumours)
    ReviewedActivityFactory(
        society=society_b, status=FilingStatus.APPROVED, start_date=datetime.date(YEAR - 1, 5, 1), offline_attendance=7
    )
    fund = SpecialFundFactory(society=society_a, year=YEAR, budget=Decimal("5000.00"))
    FundingSourceFactory(fund=fund, amount=Decimal("3000.00"))
    FundingSourceFactory(fund=fund, kind="self_raised", amount=Decimal("1000.50"))
    ExpenditureFactory(fund=fund, amount=Decimal("800.25"))
    in_force = {"valid_from": datetime.date.today(), "valid_until": datetime.date.today() + datetime.timedelta(days=9)}
    EducationBaseFactory(society=society_a, level=DesignationLevel.NATIONAL, **in_force)
    EducationBaseFactory(society=society_b, level=DesignationLevel.GUANGXI, **in_force)
    EducationBaseFactory(society=society_b, level=DesignationLevel.SOCIETY, **in_force)


def test_staff_sees_the_years_figures(staff_client, year_data):
    response = staff_client.get(URL, {"year": YEAR})
    assert response.status_code == 200
    stats = response.context["stats"]
    totals = stats["activities"]["totals"]
    assert (totals["activities"], totals["approved"], totals["attendance"], totals["societies"]) == (3, 2, 180, 2)
    by_city = {str(row["name"]): (row["activities"], row["attendance"]) for row in stats["activities"]["by_city"]}
    assert by_city == {"南宁市": (2, 150), "柳州市": (1, 30)}
    by_setting = {row["key"]: row["activities"] for row in stats["activities"]["by_setting"]}
    assert by_setting == {"school": 2, "village": 1}
    by_theme = {row["name"]: row["activities"] for row in stats["activities"]["by_theme"]}
    assert by_theme == {"双碳": 2, "科学辟谣": 2}
    activities_row = next(row for row in stats["filings"] if str(row["label"]) == "科普活动")
    assert activities_row["total"] == 4 and activities_row["counts"][0] == 1, "drafts count among the filings"
    assert stats["funds_total"]["raised"] == Decimal("4000.50") and stats["funds_total"]["spent"] == Decimal("800.25")
    assert {str(row["label"]): row["count"] for row in stats["bases_by_level"]} == {
        "全国科普教育基地": 1,
        "广西科普教育基地": 1,
    }
    body = response.content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in body and 'id="stats-charts"' in body


def test_city_reviewer_sees_their_citys_societies_only(reviewer_client, year_data):
    stats = reviewer_client.get(URL, {"year": YEAR}).context["stats"]
    assert stats["activities"]["totals"]["activities"] == 1
    assert [str(row["name"]) for row in stats["activities"]["by_city"]] == ["柳州市"]
    assert stats["funds_total"]["raised"] == 0
    activities_row = next(row for row in stats["filings"] if str(row["label"]) == "科普活动")
    assert activities_row["total"] == 1, "only society_b's activity of the year"
    assert {str(row["label"]): row["count"] for row in stats["bases_by_level"]} == {
        "全国科普教育基地": 0,
        "广西科普教育基地": 1,
    }
    workbook = load_workbook(io.BytesIO(reviewer_client.get(URL, {"year": YEAR, "format": "xlsx"}).content))
    cities = [row[0] for row in workbook[workbook.sheetnames[0]].iter_rows(min_row=2, values_only=True)]
    assert cities == ["柳州市"]
    filings = {row[0]: row[-1] for row in workbook[workbook.sheetnames[4]].iter_rows(min_row=2, values_only=True)}
    assert filings["科普活动"] == 1 and filings["科普专项"] == 0


def test_other_year_and_bad_year(staff_client, year_data):
    assert staff_client.get(URL, {"year": YEAR - 1}).context["stats"]["activities"]["totals"]["activities"] == 1
    assert staff_client.get(URL, {"year": "abc"}).context["stats"]["year"] == YEAR
    assert staff_client.get(URL, {"year": "1999"}).context["stats"]["year"] == YEAR


def test_secretary_and_visitor_are_sent_to_a_login_page(client_a, client):
    response = client_a.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response.url
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_excel_download_has_the_same_tables(staff_client, year_data):
    response = staff_client.get(URL, {"year": YEAR, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 8
    by_city = workbook[workbook.sheetnames[0]]
    assert [tuple(row) for row in by_city.iter_rows(min_row=2, values_only=True)] == [
        ("南宁市", 2, 150),
        ("柳州市", 1, 30),
    ]
    funds = list(workbook[workbook.sheetnames[5]].iter_rows(min_row=2, values_only=True))
    assert funds[0][1:] == (1, 5000, pytest.approx(4000.50), pytest.approx(800.25))


def test_admin_index_links_to_statistics(staff_client):
    assert f'href="{URL}"' in staff_client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("count", [1, 3, 20])
def test_query_count_is_constant_and_within_budget(staff_client, count, django_assert_num_queries):
    for _ in range(count):
        society = SocietyFactory()
        activity = ReviewedActivityFactory(
            society=society, status=FilingStatus.APPROVED, start_date=datetime.date(YEAR, 4, 1)
        )
        activity.themes.add(Theme.objects.first())
        FundingSourceFactory(fund=SpecialFundFactory(society=society, year=YEAR))
    staff_client.get(URL)
    cache.clear()  # the figures are cached: count the queries of a page computed anew
    with django_assert_num_queries(12):  # session, user, then ten for the figures
        assert staff_client.get(URL).status_code == 200
    with django_assert_num_queries(2):  # then the figures come from the cache
        assert staff_client.get(URL).status_code == 200


def test_big_figures_are_grouped_by_thousands(staff_client, society_a):
    ReviewedActivityFactory(
        society=society_a,
        status=FilingStatus.APPROVED,
        start_date=datetime.date(YEAR, 4, 1),
        offline_attendance=1_234_567,
    )
    assert "1,234,567" in staff_client.get(URL).content.decode()
