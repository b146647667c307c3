"""The lost-update check is required everywhere (issue 12, defect 6): a save or a submission
without the version the user saw is refused; a refused save keeps what the user typed (portal and
admin); and whoever loses a race is told who did what, and when."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from activities.models import OutreachPlan
from societies.framework import admin as filing_admin
from societies.framework.filing import filing_transition
from societies.framework.workflow import FilingAction, FilingStatus
from tests.factories import OutreachPlanFactory, UserFactory
from tests.societies.test_filing_admin import _admin_form

pytestmark = pytest.mark.django_db


def _plan_form(plan, **changes):
    data = {
        "year": plan.year,
        "goals": plan.goals,
        "planned_activity_count": plan.planned_activity_count,
        "planned_participants": 0,
        "planned_budget": "0.00",
        "expected_version": plan.version,
    }
    return {key: value for key, value in {**data, **changes}.items() if value is not None}


def test_portal_edit_without_version_refused_and_typing_kept(client_a, society_a):
    plan = OutreachPlanFactory(society=society_a, goals="原来的目标")
    url = reverse("activities:plan_update", args=[plan.pk])
    response = client_a.post(url, _plan_form(plan, goals="秘书新写的一大段目标", expected_version=None))
    page = response.content.decode()
    assert response.status_code == 200
    assert "秘书新写的一大段目标" in page  # the form is shown again with what was typed
    assert "没有注明" in page  # "this page did not say which version …"
    plan.refresh_from_db()
    assert plan.goals == "原来的目标" and plan.version == 1


def test_portal_submit_without_version_refused(client_a, society_a):
    plan = OutreachPlanFactory(society=society_a)
    response = client_a.post(reverse("activities:plan_submit", args=[plan.pk]), follow=True)
    assert "没有注明" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == FilingStatus.DRAFT


def test_portal_stale_edit_names_who_changed_it_and_when(client_a, society_a, secretary_a):
    colleague = UserFactory(username="colleague", last_name="李", first_name="四")
    plan = OutreachPlanFactory(society=society_a)
    stale = _plan_form(plan, goals="我的修改")
    plan.goals, plan._history_user, plan.version = "同事的修改", colleague, 2
    plan.save()
    response = client_a.post(reverse("activities:plan_update", args=[plan.pk]), stale)
    page = response.content.decode()
    when = timezone.localtime(plan.history.latest("history_date").history_date).strftime("%H:%M")
    assert f"已由 李四 于 {when} 修改" in page
    assert "我的修改" in page


def test_admin_edit_without_version_refused_and_typing_kept(staff_client, society_a):
    plan = OutreachPlanFactory(society=society_a, status=FilingStatus.SUBMITTED, goals="原来的目标")
    form = _admin_form(plan, goals="科协改写的目标")
    del form["expected_version"]
    response = staff_client.post(reverse("admin:activities_outreachplan_change", args=[plan.pk]), form)
    page = response.content.decode()
    assert response.status_code == 200 and "没有注明" in page and "科协改写的目标" in page
    plan.refresh_from_db()
    assert plan.goals == "原来的目标"


def test_admin_stale_edit_keeps_typing_and_says_what_happened(staff_client, society_a, secretary_a):
    secretary_a.last_name, secretary_a.first_name = "王", "秘书"
    secretary_a.save()
    plan = OutreachPlanFactory(society=society_a)
    stale = _admin_form(plan, goals="科协的修改")
    plan.goals, plan._history_user, plan.version = "秘书刚保存的修改", secretary_a, 2
    plan.save()
    response = staff_client.post(reverse("admin:activities_outreachplan_change", args=[plan.pk]), stale)
    page = response.content.decode()
    assert response.status_code == 200
    assert "已由 王秘书 于" in page and "科协的修改" in page
    plan.refresh_from_db()
    assert plan.goals == "秘书刚保存的修改"


def test_admin_race_lost_under_the_lock_keeps_typing(staff_client, society_a, monkeypatch):
    """The version passes the form's check, then changes before ``filing_save`` locks the row:
    the save is rolled back and the form comes back with the user's text."""
    plan = OutreachPlanFactory(society=society_a, status=FilingStatus.SUBMITTED)
    real_save = filing_admin.filing_save

    def save_after_a_concurrent_change(**kwargs):
        OutreachPlan.objects.filter(pk=plan.pk).update(goals="同时保存的修改", version=2)
        return real_save(**kwargs)

    monkeypatch.setattr(filing_admin, "filing_save", save_after_a_concurrent_change)
    response = staff_client.post(
        reverse("admin:activities_outreachplan_change", args=[plan.pk]), _admin_form(plan, goals="科协的修改")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "科协的修改" in page and "其他人已修改" in page
    plan.refresh_from_db()
    # Nothing of the refused save stayed (the simulated concurrent change ran in the request's
    # transaction here, so it was rolled back with it).
    assert plan.goals == "面向青少年开展科普进校园活动。" and plan.version == 1


def test_losing_reviewer_told_who_approved_and_when(client, society_a, staff):
    winner = UserFactory(username="zhangsan", last_name="张", first_name="三", role="association", is_staff=True)
    winner.groups.set(staff.groups.all())
    plan = OutreachPlanFactory(society=society_a, status=FilingStatus.SUBMITTED)
    filing_transition(filing=plan, action=FilingAction.APPROVE, user=winner, expected_version=plan.version)
    client.force_login(staff)
    response = client.post(
        reverse("admin:activities_outreachplan_changelist"),
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [plan.pk]},
        follow=True,
    )
    plan.refresh_from_db()
    when = timezone.localtime(plan.reviewed_at).strftime("%H:%M")
    assert f"已由 张三 于 {when} 审核通过" in response.content.decode()
