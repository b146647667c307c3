"""Secretary pages for the yearly outreach plan (built on the shared filing views)."""

import pytest
from django.urls import reverse

from activities.models import OutreachPlan
from societies.framework.workflow import FilingStatus
from tests.factories import OutreachPlanFactory

pytestmark = pytest.mark.django_db


def _form(**changes):
    data = {"year": 2026, "goals": "开展科普进校园", "planned_activity_count": 10, "planned_participants": 2000}
    return {**data, "planned_budget": "50000.00", **changes}


def test_plan_create_sets_society_and_draft_ignoring_tampering(client_a, society_a, society_b, staff):
    tampered = _form(society=society_b.pk, status="approved", reviewed_by=staff.pk, version=9)
    response = client_a.post(reverse("activities:plan_create"), tampered)
    plan = OutreachPlan.objects.get()
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    assert plan.society == society_a and plan.status == FilingStatus.DRAFT
    assert plan.reviewed_by is None and plan.version == 1


def test_plan_create_second_for_same_year_refused_with_message(client_a, society_a, society_b):
    OutreachPlanFactory(society=society_a, year=2026)
    OutreachPlanFactory(society=society_b, year=2026)
    response = client_a.post(reverse("activities:plan_create"), _form())
    assert response.status_code == 200
    assert "本学会该年度的科普工作计划已存在" in response.content.decode()
    assert OutreachPlan.objects.filter(society=society_a).count() == 1


def test_plan_create_negative_budget_refused(client_a):
    response = client_a.post(reverse("activities:plan_create"), _form(planned_budget="-1"))
    assert response.status_code == 200
    assert not OutreachPlan.objects.exists()


def test_plan_update_stale_version_refused(client_a, society_a):
    plan = OutreachPlanFactory(society=society_a)
    OutreachPlan.objects.filter(pk=plan.pk).update(goals="另一位秘书的修改", version=2)
    response = client_a.post(reverse("activities:plan_update", args=[plan.pk]), _form(expected_version=1))
    assert response.status_code == 200
    assert "其他人已修改" in response.content.decode()
    plan.refresh_from_db()
    assert plan.goals == "另一位秘书的修改"


def test_plan_update_while_submitted_refused(client_a, society_a):
    plan = OutreachPlanFactory(society=society_a, status=FilingStatus.SUBMITTED)
    url = reverse("activities:plan_update", args=[plan.pk])
    assert client_a.get(url).status_code == 302
    client_a.post(url, _form(goals="审核中偷改", expected_version=1))
    plan.refresh_from_db()
    assert plan.goals != "审核中偷改"


def test_plan_submit_then_detail_says_waiting(client_a, society_a):
    plan = OutreachPlanFactory(society=society_a)
    response = client_a.post(reverse("activities:plan_submit", args=[plan.pk]), {"expected_version": 1})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == FilingStatus.SUBMITTED
    body = client_a.get(plan.get_absolute_url()).content.decode()
    assert "正在等待审核" in body


def test_plan_submit_is_post_only(client_a, society_a):
    plan = OutreachPlanFactory(society=society_a)
    assert client_a.get(reverse("activities:plan_submit", args=[plan.pk])).status_code == 405


def test_returned_plan_shows_comment_prominently(client_a, society_a):
    plan = OutreachPlanFactory(society=society_a, status=FilingStatus.RETURNED, review_comment="预算依据不足")
    body = client_a.get(plan.get_absolute_url()).content.decode()
    assert "预算依据不足" in body and "alert-danger" in body
    assert "预算依据不足" in client_a.get(reverse("activities:plan_update", args=[plan.pk])).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_plan_list_query_count_constant(client_a, society_a, count, django_assert_num_queries):
    for year in range(2020, 2020 + count):
        OutreachPlanFactory(society=society_a, year=year)
    client_a.get(reverse("activities:plan_list"))
    with django_assert_num_queries(4):
        assert client_a.get(reverse("activities:plan_list") + "?status=draft").status_code == 200


def test_plan_list_filters_by_year(client_a, society_a):
    OutreachPlanFactory(society=society_a, year=2025)
    OutreachPlanFactory(society=society_a, year=2026)
    response = client_a.get(reverse("activities:plan_list") + "?year=2025")
    assert [p.year for p in response.context["object_list"]] == [2025]


def test_plan_budget_shown_as_money_in_the_list_and_the_page(client_a, society_a):
    plan = OutreachPlanFactory(society=society_a, year=2026, planned_budget="1234567.5")
    for url in (reverse("activities:plan_list"), plan.get_absolute_url()):
        html = client_a.get(url).content.decode()
        assert "1,234,567.50" in html, url
        assert "1234567.5" not in html, url
