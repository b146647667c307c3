"""The review side in the admin: queue, approve / pass city review / return (with a comment, in
bulk), city scoping, read-only once approved, and no silent overwrite of a concurrent edit."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import translation

from activities.models import OutreachPlan
from societies.framework.workflow import FilingStatus
from tests.factories import OutreachPlanFactory, SocietyFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:activities_outreachplan_changelist"


def _action(client, action, plans, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [p.pk for p in plans], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_review_queue_lists_waiting_filings_first(staff_client, society_a, society_b):
    draft = OutreachPlanFactory(society=society_a, year=2024)
    submitted = OutreachPlanFactory(society=society_a, year=2025, status=FilingStatus.SUBMITTED)
    city_reviewed = OutreachPlanFactory(society=society_b, year=2026, status=FilingStatus.CITY_REVIEWED)
    response = staff_client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    order = [plan.pk for plan in response.context["cl"].result_list]
    assert order == [city_reviewed.pk, submitted.pk, draft.pk]


def test_staff_approves_in_bulk(staff_client, society_a):
    plans = [OutreachPlanFactory(society=society_a, year=y, status=FilingStatus.SUBMITTED) for y in (2025, 2026)]
    response = _action(staff_client, "approve_selected", plans)
    assert response.status_code == 302
    assert set(OutreachPlan.objects.values_list("status", flat=True)) == {FilingStatus.APPROVED}


def test_staff_cannot_approve_city_society_before_city_review(staff_client, society_b):
    plan = OutreachPlanFactory(society=society_b, status=FilingStatus.SUBMITTED)
    _action(staff_client, "approve_selected", [plan])
    plan.refresh_from_db()
    assert plan.status == FilingStatus.SUBMITTED


def test_return_asks_for_comment_then_returns_all(
    staff_client, society_a, secretary_a, mailoutbox, django_capture_on_commit_callbacks
):
    plans = [OutreachPlanFactory(society=society_a, year=y, status=FilingStatus.SUBMITTED) for y in (2025, 2026)]
    page = _action(staff_client, "return_selected", plans)
    assert page.status_code == 200 and "需要修改的内容" in page.content.decode()
    assert OutreachPlan.objects.filter(status=FilingStatus.RETURNED).count() == 0
    empty = _action(staff_client, "return_selected", plans, apply="1", comment="")
    assert empty.status_code == 200  # the comment is required; nothing returned
    assert OutreachPlan.objects.filter(status=FilingStatus.RETURNED).count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        done = _action(staff_client, "return_selected", plans, apply="1", comment="请补充经费明细")
    assert done.status_code == 302
    for plan in plans:
        plan.refresh_from_db()
        assert plan.status == FilingStatus.RETURNED and plan.review_comment == "请补充经费明细"
    assert len(mailoutbox) == 2 and all(m.to == [secretary_a.email] for m in mailoutbox)


def test_city_reviewer_sees_only_own_city_level_societies(reviewer_client, society_a, society_b):
    other_city = SocietyFactory(level="city", city="guilin")
    mine = OutreachPlanFactory(society=society_b, status=FilingStatus.SUBMITTED)
    OutreachPlanFactory(society=society_a, status=FilingStatus.SUBMITTED)
    OutreachPlanFactory(society=other_city, status=FilingStatus.SUBMITTED)
    response = reviewer_client.get(reverse(CHANGELIST))
    assert [p.pk for p in response.context["cl"].result_list] == [mine.pk]
    foreign = OutreachPlan.objects.exclude(pk=mine.pk).first()
    assert reviewer_client.get(reverse("admin:activities_outreachplan_change", args=[foreign.pk])).status_code == 302


def test_city_reviewer_passes_city_review_but_cannot_approve(reviewer_client, society_b):
    plan = OutreachPlanFactory(society=society_b, status=FilingStatus.SUBMITTED)
    _action(reviewer_client, "approve_selected", [plan])
    plan.refresh_from_db()
    assert plan.status == FilingStatus.SUBMITTED
    _action(reviewer_client, "city_approve_selected", [plan])
    plan.refresh_from_db()
    assert plan.status == FilingStatus.CITY_REVIEWED


def test_city_reviewer_cannot_change_content(reviewer_client, society_b):
    plan = OutreachPlanFactory(society=society_b, status=FilingStatus.SUBMITTED, goals="原目标")
    url = reverse("admin:activities_outreachplan_change", args=[plan.pk])
    assert reviewer_client.get(url).status_code == 200  # view only
    reviewer_client.post(url, {"goals": "改掉", "year": plan.year, "expected_version": 1})
    plan.refresh_from_db()
    assert plan.goals == "原目标"


def _admin_form(plan, **changes):
    data = {
        "society": plan.society_id,
        "year": plan.year,
        "goals": plan.goals,
        "key_projects": "",
        "planned_activity_count": plan.planned_activity_count,
        "planned_participants": 0,
        "planned_budget": "0.00",
        "leadership": "",
        "volunteer_plan": "",
        "brands_to_build": "",
        "expected_version": plan.version,
    }
    return {**data, **changes}


def test_staff_edit_saves_with_version_and_history(staff_client, staff, society_a):
    plan = OutreachPlanFactory(society=society_a, status=FilingStatus.SUBMITTED)
    url = reverse("admin:activities_outreachplan_change", args=[plan.pk])
    response = staff_client.post(url, _admin_form(plan, goals="科协修正的目标"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.goals == "科协修正的目标" and plan.version == 2 and plan.status == FilingStatus.SUBMITTED
    assert plan.history.order_by("-history_id").first().history_user == staff
    history = staff_client.get(reverse("admin:activities_outreachplan_history", args=[plan.pk]))
    assert history.status_code == 200


def test_staff_edit_refused_when_secretary_changed_it_meanwhile(staff_client, society_a):
    plan = OutreachPlanFactory(society=society_a)
    stale = _admin_form(plan, goals="科协的修改")
    OutreachPlan.objects.filter(pk=plan.pk).update(goals="秘书刚保存的修改", version=2)
    response = staff_client.post(reverse("admin:activities_outreachplan_change", args=[plan.pk]), stale, follow=True)
    plan.refresh_from_db()
    assert plan.goals == "秘书刚保存的修改"
    assert "其他人已修改" in response.content.decode()


def test_approved_filing_is_read_only_in_admin(staff_client, society_a):
    plan = OutreachPlanFactory(society=society_a, status=FilingStatus.APPROVED, goals="定稿")
    url = reverse("admin:activities_outreachplan_change", args=[plan.pk])
    assert staff_client.get(url).status_code == 200
    staff_client.post(url, _admin_form(plan, goals="再改"))
    plan.refresh_from_db()
    assert plan.goals == "定稿"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_row_checkbox_and_status_same_as_django_renders_them(society_a, language):
    plan = OutreachPlanFactory(society=society_a, status=FilingStatus.SUBMITTED)
    model_admin = admin.site.get_model_admin(OutreachPlan)
    with translation.override(language):
        assert model_admin.action_checkbox(plan) == admin.ModelAdmin.action_checkbox(model_admin, plan)
        assert plan.get_status_display() in model_admin.status_badge(plan)


def test_changelist_rows_carry_the_action_checkbox(staff_client, society_a):
    plan = OutreachPlanFactory(society=society_a, status=FilingStatus.SUBMITTED)
    html = staff_client.get(reverse("admin:activities_outreachplan_changelist")).content.decode()
    assert f'name="{ACTION_CHECKBOX_NAME}" value="{plan.pk}" class="action-select"' in html
    assert 'id="action-toggle"' in html
