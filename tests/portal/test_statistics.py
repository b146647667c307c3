"""The statistics page in the admin: a year's figures for staff (all societies) and city reviewers
(their city's city-level societies), checked against the hand-counted year of ``tests/counting.py``
and against raw SQL; its Excel download read back."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import Campaign, Theme
from bases.models import DesignationLevel
from societies.framework.workflow import FilingStatus
from tests.activities.factories import ReviewedActivityFactory
from tests.bases.factories import BaseAnnualReportFactory, EducationBaseFactory
from tests.counting import BY_CATEGORY_Y, BY_SOURCE_Y, REVIEW, P, Y
from tests.factories import SocietyFactory
from tests.funding.factories import ExpenditureFactory, FundingSourceFactory, SpecialFundFactory

pytestmark = pytest.mark.django_db

URL = reverse("statistics")


def _headline(stats) -> dict:
    """Headline figures and their parts by label: (this year, last year)."""
    return {
        str(figure.label): (figure.value, figure.previous)
        for headline in stats["headline"]
        for figure in (headline, *headline.parts)
    }


def test_statistics_count_by_the_rule(staff_client, counting_year):
    """The page's figures are the hand-counted ones of ``tests/counting.py`` (approved records, each
    in the year of its own date), against the year before."""
    response = staff_client.get(URL, {"year": Y})
    assert response.status_code == 200
    stats = response.context["stats"]
    totals, expected = stats["activities"]["totals"], counting_year[Y]
    for key in ("activities", "attendance", "sessions", "helpers", "volunteer_count", "expert_count", "exchange"):
        assert totals[key] == expected[key], key
    for key in ("exchange_international", "exchange_hmt", "exchange_asean", "leaders", "president"):
        assert totals[key] == expected[key], key
    assert (totals["secretary_general"], totals["societies"]) == (expected["secretary_general"], expected["societies"])
    assert stats["awaiting_review"] == expected["awaiting_review"]
    headline = _headline(stats)
    assert headline["活动数"] == (3, 2) and headline["参与人次"] == (200, 67)
    assert headline["当年筹集经费（元）"] == (Decimal("3300.00"), Decimal("3000.50"))
    assert headline["当年支出经费（元）"] == (Decimal("1300.25"), Decimal("0.00"))
    assert headline["当年科普专项"] == (2, 1) and headline["预算（元）"] == (Decimal("5300.00"), Decimal("2000.00"))
    assert headline["基地接待参观（人次）"] == (1000, 800) and headline["线上访问量"] == (5000, 100)
    assert headline["广西科普教育基地"] == (1, 2) and headline["全国科普教育基地"] == (1, 0)
    assert headline["国际"] == (1, 0) and headline["港澳台"] == (1, 0) and headline["中国—东盟"] == (1, 0)
    by_city = {str(row["name"]): (row["activities"], row["attendance"]) for row in stats["activities"]["by_city"]}
    assert by_city == {"南宁市": (2, 170), "柳州市": (1, 30)}
    nanning = next(row for row in stats["activities"]["by_city"] if row["key"] == "nanning")
    assert (nanning["previous_activities"], nanning["previous_attendance"], nanning["activities_growth"]) == (
        1,
        60,
        100.0,
    )
    by_setting = {row["key"]: row["activities"] for row in stats["activities"]["by_setting"]}
    assert by_setting == {"school": 2, "village": 1}
    by_theme = {row["name"]: row["activities"] for row in stats["activities"]["by_theme"]}
    assert by_theme == {"双碳": 2, "科学辟谣": 2}
    assert [(row["name"], row["activities"]) for row in stats["activities"]["by_campaign"]] == [("科技活动周", 1)]
    by_category = {
        row["category"]: (row["count"], row["budget"], row["raised"], row["spent"])
        for row in stats["funds_by_category"]
    }
    assert by_category == BY_CATEGORY_Y
    assert {row["kind"]: (row["count"], row["amount"]) for row in stats["funds_by_source"]} == BY_SOURCE_Y | {
        "government": (0, Decimal("0.00")),  # last year's only source kind: shown against this year's nothing
        "self_raised": (0, Decimal("0.00")),
    }
    assert stats["base_reports"]["visitors"] == 1000 and stats["base_reports"]["reports"] == 1
    assert [row["activities"] for row in stats["trend"]] == [0, 0, 0, 2, 3]
    assert [row["raised"] for row in stats["trend"]][-2:] == [Decimal("3000.50"), Decimal("3300.00")]
    assert [row["year"] for row in stats["trend"]] == list(range(Y - 4, Y + 1))
    body = response.content.decode()
    assert "统计口径" in body and 'id="counting-rule"' in body
    assert 'id="chart-trend-activities"' in body and 'id="chart-trend-visitors"' in body


def test_statistics_review_time(staff_client, counting_year):
    review = staff_client.get(URL, {"year": Y}).context["stats"]["review_times"]
    assert {str(row["label"]): (row["decisions"], row["median_days"]) for row in review["by_kind"]} == REVIEW["by_kind"]
    assert {str(row["name"]): (row["decisions"], row["median_days"]) for row in review["by_city"]} == REVIEW["by_city"]
    assert (review["overall"]["decisions"], review["overall"]["median_days"]) == REVIEW["overall"]


def test_review_time_medians_in_python_agree_with_postgresql(staff, counting_year):
    """SQLite (``make run``) takes the medians in Python: the same answer as PostgreSQL's."""
    from kepu_portal.statistics import _review_times

    in_database = _review_times(staff, Y, in_python=False)
    assert in_database["overall"] == {"decisions": 7, "median_days": 3.0}
    assert _review_times(staff, Y, in_python=True) == in_database


def test_volunteer_card_label_matches_its_number(staff_client, counting_year):
    """The card says volunteers *and* experts, so it adds both (10 + 3), and names each."""
    response = staff_client.get(URL, {"year": Y})
    figure = next(f for f in response.context["stats"]["headline"] if str(f.label) == "参与活动的志愿者和专家（人次）")
    assert figure.value == 13 and [(str(p.label), p.value) for p in figure.parts] == [
        ("参与志愿者（人次）", 10),
        ("参与专家（人次）", 3),
    ]


def test_headline_figures_agree_with_an_independent_sql_count(staff_client, counting_year):
    """Raw SQL, written from the rule's words and not from the portal's code, against the page."""
    from django.db import connection

    start, end = datetime.date(Y, 1, 1), datetime.date(Y + 1, 1, 1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), SUM(offline_attendance + online_attendance), SUM(volunteer_count + expert_count), "
            "COUNT(*) FILTER (WHERE exchange_kind <> ''), "
            "COUNT(*) FILTER (WHERE president_took_part OR secretary_general_took_part) "
            "FROM activities_activity WHERE status = 'approved' AND start_date >= %s AND start_date < %s",
            [start, end],
        )
        activities = cursor.fetchone()
        cursor.execute(
            "SELECT SUM(s.amount) FROM funding_fundingsource s JOIN funding_specialfund f ON f.id = s.fund_id "
            "WHERE f.status = 'approved' AND s.received_on >= %s AND s.received_on < %s",
            [start, end],
        )
        (raised,) = cursor.fetchone()
        cursor.execute(
            "SELECT SUM(e.amount) FROM funding_expenditure e JOIN funding_specialfund f ON f.id = e.fund_id "
            "WHERE f.status = 'approved' AND e.spent_on >= %s AND e.spent_on < %s",
            [start, end],
        )
        (spent,) = cursor.fetchone()
        cursor.execute("SELECT SUM(visitors) FROM bases_baseannualreport WHERE status = 'approved' AND year = %s", [Y])
        (visitors,) = cursor.fetchone()
    stats = staff_client.get(URL, {"year": Y}).context["stats"]
    totals = stats["activities"]["totals"]
    page = (totals["activities"], totals["attendance"], totals["helpers"], totals["exchange"], totals["leaders"])
    assert page == activities == (3, 200, 13, 3, 3)
    assert (stats["funds_total"]["raised"], stats["funds_total"]["spent"]) == (raised, spent)
    assert stats["base_reports"]["visitors"] == visitors == 1000


def test_city_reviewer_sees_their_citys_societies_only(reviewer_client, counting_year):
    stats = reviewer_client.get(URL, {"year": Y}).context["stats"]
    assert stats["activities"]["totals"]["activities"] == 1, "society_b's approved B1"
    assert [str(row["name"]) for row in stats["activities"]["by_city"]] == ["柳州市"]
    assert stats["funds_total"]["raised"] == Decimal("300.00")
    activities_row = next(row for row in stats["filings"] if str(row["label"]) == "科普活动")
    assert activities_row["total"] == 2, "society_b's two activities of the year"
    assert {str(row["label"]): row["count"] for row in stats["bases_by_level"]} == {
        "全国科普教育基地": 1,
        "广西科普教育基地": 0,
    }
    assert [str(row["name"]) for row in stats["review_times"]["by_city"]] == ["柳州市"]
    workbook = load_workbook(io.BytesIO(reviewer_client.get(URL, {"year": Y, "format": "xlsx"}).content))
    cities = [row[0] for row in workbook["按城市"].iter_rows(min_row=2, values_only=True)]
    assert cities == ["柳州市", "合计"]
    filings = {row[0]: row[-1] for row in workbook["填报事项（按状态）"].iter_rows(min_row=2, values_only=True)}
    assert filings["科普活动"] == 2 and filings["科普专项"] == 2


def test_other_year_and_bad_year(staff_client, counting_year):
    assert staff_client.get(URL, {"year": P}).context["stats"]["activities"]["totals"]["activities"] == 2
    assert staff_client.get(URL, {"year": "abc"}).context["stats"]["year"] == Y
    assert staff_client.get(URL, {"year": "1999"}).context["stats"]["year"] == Y


def test_secretary_and_visitor_are_sent_to_a_login_page(client_a, client):
    response = client_a.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response.url
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


SHEETS = [
    "概况",
    "按城市",
    "按活动场景",
    "按主题",
    "按重点活动",
    "填报事项（按状态）",
    "科普专项",
    "当年有效的基地",
    "经费来源",
    "审核用时",
    "五年趋势",
    "统计口径",
]


def test_excel_download_has_the_pages_figures(staff_client, counting_year):
    """The workbook read back: its sheets and headers, typed numbers, total rows equal to the sum of
    the rows above them, and the page's figures."""
    response = staff_client.get(URL, {"year": Y, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == SHEETS

    def rows(name):
        return [tuple(row) for row in workbook[name].iter_rows(min_row=2, values_only=True)]

    def header(name):
        return [cell.value for cell in workbook[name][1]]

    assert header("概况") == ["指标", str(Y), str(P), "比上年增减（%）"]
    overview = {row[0]: row[1:] for row in rows("概况")}
    assert overview["活动数"] == (3, 2, 50.0)
    assert overview["参与活动的志愿者和专家（人次）"][:2] == (13, 0)
    assert overview["中国—东盟"] == (1, 0, None) or overview["中国—东盟"] == (1, 0, "")
    assert overview["当年筹集经费（元）"][:2] == (pytest.approx(3300.00), pytest.approx(3000.50))
    assert header("按城市") == ["所在市", "活动数", "参与人次", f"{P}年活动数", f"{P}年参与人次"]
    assert rows("按城市") == [("南宁市", 2, 170, 1, 60), ("柳州市", 1, 30, 1, 7), ("合计", 3, 200, 2, 67)]
    for name, first_number in (
        ("按城市", 1),
        ("按活动场景", 1),
        ("科普专项", 1),
        ("经费来源", 1),
        ("当年有效的基地", 1),
    ):
        *body, total = rows(name)
        assert total[0] == "合计", name
        for column in range(first_number, len(total)):
            assert total[column] == pytest.approx(sum(row[column] for row in body)), (name, column)
    *filings, filings_total = rows("填报事项（按状态）")
    assert filings_total[1:] == tuple(sum(row[i] for row in filings) for i in range(1, len(filings_total)))
    funds = {row[0]: row[1:] for row in rows("科普专项")}
    assert funds["重点科普项目"] == (1, 5000, 3000, pytest.approx(800.25))
    assert funds["合计"] == (2, 5300, 3300, pytest.approx(1300.25))
    assert rows("当年有效的基地")[-1] == ("合计", 2, 2)
    review = {row[0]: row[1:] for row in rows("审核用时")}
    assert review["科普活动"] == (4, 3.0) and review["柳州市"] == (2, 8.0) and review["合计"] == (7, 3.0)
    assert [row[0] for row in rows("五年趋势")] == list(range(Y - 4, Y + 1))
    assert rows("五年趋势")[-1][:3] == (Y, 3, 200)
    assert "统计口径" in rows("统计口径")[0][0]
    for name in SHEETS[1:-1]:  # numbers are numbers, never text
        for row in rows(name):
            assert all(isinstance(value, int | float) or value is None for value in row[1:]), (name, row)
    money_cell = workbook["科普专项"]["C2"]
    assert money_cell.number_format == "#,##0.00" and money_cell.data_type == "n"


def test_admin_index_links_to_statistics(staff_client):
    assert f'href="{URL}"' in staff_client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("count", [1, 3, 20])
def test_query_count_is_constant_and_within_budget(staff_client, count, django_assert_num_queries):
    now = timezone.now()
    for _ in range(count):
        society = SocietyFactory()
        for year in (Y, P):
            activity = ReviewedActivityFactory(
                society=society,
                status=FilingStatus.APPROVED,
                start_date=datetime.date(year, 4, 1),
                submitted_at=now,
                reviewed_at=now,
            )
            activity.themes.add(Theme.objects.first())
            activity.campaigns.add(Campaign.objects.first())
            fund = SpecialFundFactory(society=society, year=year, status=FilingStatus.APPROVED)
            FundingSourceFactory(fund=fund, received_on=datetime.date(year, 3, 1))
            ExpenditureFactory(fund=fund, spent_on=datetime.date(year, 5, 1))
            base = EducationBaseFactory(
                society=society, level=DesignationLevel.GUANGXI, valid_until=datetime.date(Y, 12, 31)
            )
            BaseAnnualReportFactory(base=base, year=year, status=FilingStatus.APPROVED)
    staff_client.get(URL)
    cache.clear()  # the figures are cached: count the queries of a page computed anew
    with django_assert_num_queries(11):  # session, user, then nine for the figures
        assert staff_client.get(URL).status_code == 200
    with django_assert_num_queries(2):  # then the figures come from the cache
        assert staff_client.get(URL).status_code == 200


def test_big_figures_are_grouped_by_thousands(staff_client, society_a):
    ReviewedActivityFactory(
        society=society_a,
        status=FilingStatus.APPROVED,
        start_date=datetime.date(Y, 4, 1),
        offline_attendance=1_234_567,
    )
    assert "1,234,567" in staff_client.get(URL).content.decode()
