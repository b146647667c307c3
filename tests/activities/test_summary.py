"""Yearly summaries: figures computed in the database from the year's records, shown live before
submission and frozen at submission; plus the summary and plan pages."""

import datetime

import pytest
from django.urls import reverse

from activities.figures import summary_figures
from activities.models import AnnualSummary
from societies.framework.workflow import FilingStatus
from tests.activities.factories import (
    ActivityFactory,
    AnnualSummaryFactory,
    ExpertFactory,
    OutreachPlanFactory,
    ReviewedActivityFactory,
    campaign,
    theme,
)
from tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2026(society_a, society_b):
    """Society A's 2026: two filed activities that count, and records that must not count."""
    OutreachPlanFactory(society=society_a, year=2026, planned_activity_count=4, planned_participants=1000)
    VolunteerFactory(society=society_a)
    VolunteerFactory(society=society_a)
    ExpertFactory(society=society_a)
    school = ActivityFactory(
        society=society_a,
        status=FilingStatus.SUBMITTED,
        setting="school",
        offline_sessions=2,
        offline_attendance=300,
        online_sessions=1,
        online_attendance=500,
        volunteer_count=5,
        expert_count=1,
        president_took_part=True,
    )
    school.themes.add(theme("双碳"), theme("应急"))
    school.campaigns.add(campaign("科技活动周"))
    community = ActivityFactory(
        society=society_a,
        status=FilingStatus.APPROVED,
        setting="community",
        offline_sessions=1,
        offline_attendance=200,
        volunteer_count=3,
        secretary_general_took_part=True,
        exchange_kind="asean",
        partner="越南河内科技协会",
    )
    community.themes.add(theme("双碳"))
    # Not counted: a draft, a returned one, another year, another society.
    ActivityFactory(society=society_a, offline_attendance=1000).themes.add(theme("双碳"))
    ActivityFactory(society=society_a, status=FilingStatus.RETURNED, offline_attendance=1000)
    ActivityFactory(society=society_a, status=FilingStatus.APPROVED, start_date=datetime.date(2025, 5, 1))
    ActivityFactory(society=society_b, status=FilingStatus.APPROVED, offline_attendance=1000)
    return society_a


def test_summary_figures_from_the_years_filed_activities(year_2026, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        figures = summary_figures(society=year_2026, year=2026)
    totals = figures["totals"]
    assert (totals["activities"], totals["approved"]) == (2, 1)
    assert (totals["offline_sessions"], totals["online_sessions"], totals["sessions"]) == (3, 1, 4)
    assert (totals["offline_attendance"], totals["online_attendance"], totals["attendance"]) == (500, 500, 1000)
    assert (totals["volunteer_count"], totals["expert_count"]) == (8, 1)
    assert (totals["president"], totals["secretary_general"], totals["exchange"]) == (1, 1, 1)
    assert figures["by_setting"] == [
        {"key": "school", "activities": 1, "attendance": 800},
        {"key": "community", "activities": 1, "attendance": 200},
    ]
    assert figures["by_theme"] == [
        {"name": "双碳", "activities": 2, "attendance": 1000},
        {"name": "应急", "activities": 1, "attendance": 800},
    ]
    assert figures["by_campaign"] == [{"name": "科技活动周", "activities": 1, "attendance": 800}]
    assert figures["roster"] == {"volunteers": 3, "experts": 1, "members": 100}
    plan = figures["plan"]
    assert (plan["planned_activities"], plan["actual_activities"], plan["activities_percent"]) == (4, 2, 50)
    assert (plan["planned_participants"], plan["actual_attendance"], plan["attendance_percent"]) == (1000, 1000, 100)


def test_summary_counts_what_the_society_filed(society_a, counting_year):
    """A society's own summary counts its filed activities (``SOCIETY_OWN``), so A's summary of the
    hand-counted year (``tests/counting.py``) has A3, still in review, that the statistics leave
    out; and not A6, which starts the year before."""
    from tests.counting import Y

    totals = summary_figures(society=society_a, year=Y)["totals"]
    assert (totals["activities"], totals["approved"], totals["attendance"]) == (3, 2, 570)
    assert (totals["exchange"], totals["exchange_asean"], totals["leaders"], totals["helpers"]) == (2, 1, 2, 20)


def test_summary_figures_without_plan_or_activities(society_a):
    figures = summary_figures(society=society_a, year=2030)
    assert figures["plan"] is None and figures["totals"]["activities"] == 0 and figures["by_theme"] == []


def test_summary_detail_shows_live_figures_before_submission(client_a, year_2026):
    summary = AnnualSummaryFactory(society=year_2026, year=2026)
    response = client_a.get(summary.get_absolute_url())
    assert response.context["figures_live"] is True
    body = response.content.decode()
    assert 'data-figure="attendance">1,000<' in body and "进学校" in body and "双碳" in body
    ReviewedActivityFactory(society=year_2026, status=FilingStatus.SUBMITTED, offline_attendance=50)
    assert 'data-figure="attendance">1,050<' in client_a.get(summary.get_absolute_url()).content.decode()


def test_summary_figures_frozen_at_submission(client_a, year_2026):
    summary = AnnualSummaryFactory(society=year_2026, year=2026)
    response = client_a.post(reverse("activities:summary_submit", args=[summary.pk]), {"expected_version": 1})
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.status == FilingStatus.SUBMITTED and summary.figures_computed_at is not None
    assert summary.figures["totals"]["attendance"] == 1000
    # Later records do not change what was submitted.
    ReviewedActivityFactory(society=year_2026, status=FilingStatus.APPROVED, offline_attendance=5000)
    summary.refresh_from_db()
    assert summary.figures["totals"]["attendance"] == 1000
    response = client_a.get(summary.get_absolute_url())
    assert response.context["figures_live"] is False
    assert 'data-figure="attendance">1,000<' in response.content.decode()


def test_returned_summary_shows_live_figures_again(client_a, year_2026):
    summary = AnnualSummaryFactory(
        society=year_2026, status=FilingStatus.RETURNED, review_comment="请补充亮点", figures={"totals": {}}
    )
    response = client_a.get(summary.get_absolute_url())
    assert response.context["figures_live"] is True and "请补充亮点" in response.content.decode()


def test_summary_create_ignores_tampering_and_one_per_year(client_a, society_a, society_b, staff):
    data = {"year": 2026, "narrative": "全年开展活动 12 项。", "society": society_b.pk, "status": "approved"}
    response = client_a.post(reverse("activities:summary_create"), {**data, "reviewed_by": staff.pk})
    summary = AnnualSummary.objects.get()
    assert response.status_code == 302 and summary.society == society_a and summary.status == FilingStatus.DRAFT
    assert summary.reviewed_by is None and summary.figures is None
    again = client_a.post(reverse("activities:summary_create"), data)
    assert again.status_code == 200 and "本学会该年度的科普工作总结已存在" in again.content.decode()


def test_summary_update_stale_version_refused(client_a, society_a):
    summary = AnnualSummaryFactory(society=society_a)
    AnnualSummary.objects.filter(pk=summary.pk).update(narrative="别人的修改", version=2)
    data = {"year": 2026, "narrative": "我的修改", "expected_version": 1}
    response = client_a.post(reverse("activities:summary_update", args=[summary.pk]), data)
    assert response.status_code == 200 and "其他人已修改" in response.content.decode()
    summary.refresh_from_db()
    assert summary.narrative == "别人的修改"


@pytest.mark.parametrize("count", [1, 3])
def test_summary_list_query_count_constant(client_a, society_a, count, django_assert_num_queries):
    for year in range(2020, 2020 + count):
        AnnualSummaryFactory(society=society_a, year=year)
    url = reverse("activities:summary_list") + "?status=draft"
    client_a.get(url)
    with django_assert_num_queries(4):
        response = client_a.get(url)
    assert len(response.context["object_list"]) == count
