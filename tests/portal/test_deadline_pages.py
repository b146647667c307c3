"""Deadlines on the secretary's home page, and the deadline and reminder-log admin."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kepu_portal.models import Deadline, ReminderLog
from kepu_portal.schedules import SCHEDULES, schedules_sync
from societies.framework.workflow import FilingStatus
from tests.factories import OutreachPlanFactory, SocietyFactory
from tests.portal.factories import DeadlineFactory

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def test_home_lists_upcoming_and_overdue_deadlines_with_status(client_a, society_a):
    year = today().year
    DeadlineFactory(kind="plan", year=year, due_on=days(10), note="请按模板填写")
    DeadlineFactory(kind="summary", year=year - 1, due_on=days(-3))
    DeadlineFactory(kind="plan", year=year - 1, due_on=days(-60))  # filed long ago: hidden
    DeadlineFactory(kind="summary", year=year, due_on=days(5), is_active=False)
    OutreachPlanFactory(society=society_a, year=year, status=FilingStatus.SUBMITTED)
    OutreachPlanFactory(society=society_a, year=year - 1, status=FilingStatus.APPROVED)
    response = client_a.get("/")
    rows = [
        (r["deadline"].kind, r["deadline"].year, r["is_filed"], r["is_overdue"]) for r in response.context["deadlines"]
    ]
    assert rows == [
        ("summary", year - 1, False, True),  # overdue first
        ("plan", year, True, False),
    ]
    body = response.content.decode()
    assert "请按模板填写" in body and reverse("activities:plan_list") in body
    assert "逾期" in body and "已提交" in body


def test_home_shows_nothing_of_a_kind_the_society_need_not_file(client_a):
    DeadlineFactory(kind="fund_report", year=today().year, due_on=days(10))  # no special fund
    assert client_a.get("/").context["deadlines"] == []


def test_home_deadline_status_is_per_society(client_b, society_a):
    DeadlineFactory(kind="plan", year=today().year, due_on=days(10))
    OutreachPlanFactory(society=society_a, year=today().year, status=FilingStatus.SUBMITTED)
    [row] = client_b.get("/").context["deadlines"]
    assert row["is_filed"] is False  # A's plan says nothing about B


def test_home_query_count_is_the_same_for_1_and_4_deadlines(client_a, society_a):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client_a.get("/").status_code == 200
        return len(queries)

    year = today().year
    DeadlineFactory(kind="plan", year=year, due_on=days(10))
    one = count()
    DeadlineFactory(kind="summary", year=year, due_on=days(20))
    DeadlineFactory(kind="plan", year=year - 1, due_on=days(-2))
    DeadlineFactory(kind="base_report", year=year, due_on=days(30))
    assert count() == one


def test_staff_sets_a_deadline_in_the_admin(staff_client, staff):
    staff.is_superuser = True
    staff.save()
    response = staff_client.post(
        reverse("admin:kepu_portal_deadline_add"),
        {
            "kind": "plan",
            "year": 2027,
            "due_on": "2027-03-31",
            "reminders_from": "2027-01-01",
            "note": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Deadline.objects.get().due_on == datetime.date(2027, 3, 31)


def test_a_deadline_names_a_registered_kind():
    """Kinds come from the filing types' registrations; any other is refused."""
    DeadlineFactory.build(kind="plan").full_clean()
    with pytest.raises(Exception, match="kind"):
        DeadlineFactory.build(kind="no_such_kind").full_clean()


@pytest.fixture
def superuser_client(client, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


def test_remind_now_action_uses_the_ledger(staff_client, society_a, django_capture_on_commit_callbacks):
    deadline = DeadlineFactory(kind="plan", year=today().year, due_on=days(7), reminders_from=days(-30))
    url = reverse("admin:kepu_portal_deadline_changelist")
    data = {"action": "remind_now", "_selected_action": [deadline.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert staff_client.post(url, data).status_code == 302
    assert sorted(ReminderLog.objects.values_list("stage", flat=True)) == [
        "before-7",
        f"manual-{today():%Y%m%d}",
    ]
    assert len(mail.outbox) == 2


def test_reminder_log_admin_filters(superuser_client, society_a, django_capture_on_commit_callbacks):
    deadline = DeadlineFactory(kind="plan", year=today().year, due_on=days(7), reminders_from=days(-30))
    SocietyFactory(contact_email="")  # no address at all
    from kepu_portal.reminders import reminder_sweep

    with django_capture_on_commit_callbacks(execute=True):
        reminder_sweep(today=today())
    url = reverse("admin:kepu_portal_reminderlog_changelist")
    assert superuser_client.get(url).context["cl"].result_count == 2
    assert superuser_client.get(url, {"email__status__exact": "sent"}).context["cl"].result_count == 1
    assert superuser_client.get(url, {"stage": "before-7", "deadline__id__exact": deadline.pk}).status_code == 200
    assert superuser_client.get(url, {"stage": "before-30"}).context["cl"].result_count == 0


def test_secretary_cannot_reach_the_reminder_admin(client_a):
    response = client_a.get(reverse("admin:kepu_portal_reminderlog_changelist"))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize("name", ["admin:kepu_portal_reminderlog_changelist", "admin:societies_outboxemail_changelist"])
def test_city_reviewer_cannot_read_every_societys_emails(reviewer_client, staff_client, name):
    assert reviewer_client.get(reverse(name)).status_code == 403
    assert staff_client.get(reverse(name)).status_code == 200


def test_setup_schedules_is_idempotent_and_keeps_staff_edits(db):
    from django_celery_beat.models import PeriodicTask

    assert {outcome for _, outcome in schedules_sync()} == {"created"}
    task = PeriodicTask.objects.get(name="deadline-reminders")
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("*", "0", "Asia/Shanghai")
    task.crontab = type(task.crontab).objects.create(hour="9", minute="30", timezone="Asia/Shanghai")
    task.save()
    assert {outcome for _, outcome in schedules_sync()} == {"kept"}
    assert PeriodicTask.objects.get(name="deadline-reminders").crontab.hour == "9"
    assert PeriodicTask.objects.filter(name__in=[s.name for s in SCHEDULES]).count() == len(SCHEDULES)
    schedules_sync(reset=True)
    assert PeriodicTask.objects.get(name="deadline-reminders").crontab.hour == "*"


def test_setup_schedules_moves_the_old_daily_sweep_to_hourly(db):
    """An installation still on the old default (daily at 08:00, before issue 12) gets the hourly
    sweep; a time staff chose, or a sweep staff turned off, is theirs."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    daily = CrontabSchedule.objects.create(minute="0", hour="8", timezone="Asia/Shanghai")
    PeriodicTask.objects.create(name="deadline-reminders", task="kepu_portal.tasks.sweep_reminders", crontab=daily)
    assert dict(schedules_sync())["deadline-reminders"] == "updated"
    task = PeriodicTask.objects.get(name="deadline-reminders")
    assert (task.crontab.minute, task.crontab.hour, task.enabled) == ("0", "*", True)
    assert dict(schedules_sync())["deadline-reminders"] == "kept"

    PeriodicTask.objects.filter(pk=task.pk).update(crontab=daily, enabled=False)
    schedules_sync()
    task.refresh_from_db()
    assert task.crontab.hour == "*" and task.enabled is False
