"""Deadline reminders: stages, catch-up, effective start, who is reminded, the email, the ledger."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kepu_portal.models import ReminderLog, stage_on
from kepu_portal.reminders import deadline_remind_now, reminder_send, reminder_sweep, reminders_due, sweep_day
from kepu_portal.tasks import sweep_reminders
from societies.framework.outbox import OutboxEmail, OutboxStatus
from societies.framework.workflow import FilingStatus
from tests.factories import OutreachPlanFactory, SecretaryFactory, SocietyFactory
from tests.portal.factories import DeadlineFactory

DUE = datetime.date(2026, 3, 31)


def day(offset: int) -> datetime.date:
    return DUE + datetime.timedelta(days=offset)


def expected_key(offset: int) -> str | None:
    """The stage of each day around the due date, written out by hand (30, 7, 1 days; weekly)."""
    if offset < -30:
        return None
    if offset < -7:
        return "before-30"
    if offset < -1:
        return "before-7"
    if offset <= 0:
        return "before-1"
    return f"overdue-{(offset - 1) // 7 + 1}"


@pytest.mark.parametrize("offset", range(-45, 40))
def test_stage_on_every_day_around_the_deadline(offset):
    stage = stage_on(due_on=DUE, today=day(offset), days_before=[30, 7, 1], overdue_every=7)
    assert (stage.key if stage else None) == expected_key(offset)
    if stage:
        assert stage.on <= day(offset)
        assert stage.is_overdue == (offset > 0)


def test_stage_on_overdue_dates_fall_weekly_from_the_day_after():
    keys = {
        stage_on(due_on=DUE, today=day(n), days_before=[30, 7, 1], overdue_every=7).key: n
        for n in range(30, 0, -1)  # last write wins: the first day of each stage
    }
    assert keys == {"overdue-1": 1, "overdue-2": 8, "overdue-3": 15, "overdue-4": 22, "overdue-5": 29}


def test_stages_follow_settings(settings):
    settings.REMINDER_DAYS_BEFORE = [14, 3]
    settings.REMINDER_OVERDUE_EVERY_DAYS = 2
    deadline = DeadlineFactory.build(due_on=DUE, reminders_from=day(-100))
    assert deadline.stage_on(day(-20)) is None
    assert deadline.stage_on(day(-10)).key == "before-14"
    assert deadline.stage_on(day(-3)).key == "before-3"
    assert deadline.stage_on(day(2)).key == "overdue-1"
    assert deadline.stage_on(day(3)).key == "overdue-2"


def test_stage_before_reminders_from_is_not_due():
    deadline = DeadlineFactory.build(due_on=DUE, reminders_from=day(-10))
    assert deadline.stage_on(day(-10)) is None  # before-30 is dated day(-30): before the start
    assert deadline.stage_on(day(-8)) is None
    assert deadline.stage_on(day(-7)).key == "before-7"


@pytest.fixture
def society(db):
    society = SocietyFactory(name="广西物理学会", contact_email="office@wuli.example.org")
    SecretaryFactory(society=society, email="sec1@wuli.example.org")
    SecretaryFactory(society=society, email="sec2@wuli.example.org")
    return society


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run the sweep (tasks and after-commit work run in-process) → the (society, stage) reminded."""

    def run(on: datetime.date) -> list[tuple[str, str]]:
        mail.outbox.clear()
        before = set(ReminderLog.objects.values_list("pk", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            reminder_sweep(today=on)
        new = ReminderLog.objects.exclude(pk__in=before).select_related("society")
        return sorted((log.society.name, log.stage) for log in new)

    return run


def test_sweep_sends_each_stage_once(society, sweep):
    DeadlineFactory(due_on=DUE)
    assert sweep(day(-31)) == []
    assert sweep(day(-30)) == [("广西物理学会", "before-30")]
    assert len(mail.outbox) == 1
    assert sweep(day(-30)) == [] and mail.outbox == []  # the same day again: nothing
    assert sweep(day(-29)) == []
    assert sweep(day(-7)) == [("广西物理学会", "before-7")]
    assert sweep(day(-1)) == [("广西物理学会", "before-1")]
    assert sweep(day(0)) == []
    assert sweep(day(1)) == [("广西物理学会", "overdue-1")]
    assert sweep(day(7)) == []
    assert sweep(day(8)) == [("广西物理学会", "overdue-2")]


def test_sweep_catch_up_sends_only_the_latest_stage(society, sweep):
    DeadlineFactory(due_on=DUE)
    assert sweep(day(-30)) == [("广西物理学会", "before-30")]
    # The sweep did not run for five weeks: one reminder, the latest stage, not the three missed.
    assert sweep(day(5)) == [("广西物理学会", "overdue-1")]
    assert len(mail.outbox) == 1
    assert sweep(day(6)) == []


def test_new_deadline_does_not_send_past_stages(society, sweep):
    DeadlineFactory(due_on=DUE, reminders_from=day(-3))  # created 3 days before: before-7 is past
    assert sweep(day(-3)) == []
    assert sweep(day(-1)) == [("广西物理学会", "before-1")]


@pytest.mark.parametrize(
    ("status", "reminded"),
    [
        (FilingStatus.DRAFT, True),
        (FilingStatus.RETURNED, True),
        (FilingStatus.SUBMITTED, False),
        (FilingStatus.CITY_REVIEWED, False),
        (FilingStatus.APPROVED, False),
    ],
)
def test_sweep_skips_societies_that_have_filed(society, status, reminded, sweep):
    DeadlineFactory(due_on=DUE)
    OutreachPlanFactory(society=society, year=2026, status=status)
    OutreachPlanFactory(society=SocietyFactory(), year=2026, status=status)
    OutreachPlanFactory(society=SocietyFactory(), year=2025, status=FilingStatus.APPROVED)  # last year's
    reminded_societies = {name for name, _ in sweep(day(-7))}
    assert ("广西物理学会" in reminded_societies) is reminded
    assert len(reminded_societies) == (3 if reminded else 1)


def test_sweep_skips_inactive_deadlines_and_societies(society, sweep):
    DeadlineFactory(due_on=DUE, is_active=False)
    SocietyFactory(is_active=False)
    assert sweep(day(-7)) == []


def test_a_deadline_of_a_retired_kind_is_skipped(society):
    """A row left from a filing type that is no longer registered reminds nobody (and breaks nothing)."""
    DeadlineFactory(kind="retired_kind", due_on=DUE)
    assert reminders_due(today=day(-7)) == []


def test_reminder_email_is_chinese_to_secretaries_with_copy_to_contact(society, sweep):
    DeadlineFactory(due_on=DUE, note="请附上理事会审议意见。")
    plan = OutreachPlanFactory(society=society, year=2026, status=FilingStatus.RETURNED)
    sweep(day(-7))
    [message] = mail.outbox
    assert message.to == ["sec1@wuli.example.org", "sec2@wuli.example.org"]
    assert message.cc == ["office@wuli.example.org"]
    assert "2026" in message.subject and "年度科普工作计划" in message.subject and "2026-03-31" in message.subject
    assert "7" in message.body and "请附上理事会审议意见。" in message.body
    assert f"/plans/{plan.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f"/plans/{plan.pk}/" in html and 'lang="zh-hans"' in html


def test_overdue_email_says_how_late(society, sweep):
    DeadlineFactory(due_on=DUE)
    sweep(day(9))
    [message] = mail.outbox
    assert "逾期" in message.subject and "9" in message.subject
    assert "/plans/" in message.body  # no plan yet: the plan list, where a new one is started


def test_society_without_secretaries_is_reminded_at_its_contact_email(db, sweep):
    SocietyFactory(contact_email="office@example.org")
    DeadlineFactory(due_on=DUE)
    sweep(day(-7))
    [message] = mail.outbox
    assert message.to == ["office@example.org"] and message.cc == []


def test_reminder_sent_only_after_commit(society, django_capture_on_commit_callbacks):
    deadline = DeadlineFactory(due_on=DUE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        log = reminder_send(deadline=deadline, society=society, today=day(-7))
    assert log.stage == "before-7" and log.email.status == OutboxStatus.PENDING
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    log.email.refresh_from_db()
    assert log.email.status == OutboxStatus.SENT and log.email.attempts == 1


def test_reminder_claim_is_once_per_key(society, django_capture_on_commit_callbacks):
    deadline = DeadlineFactory(due_on=DUE)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_send(deadline=deadline, society=society, today=day(-7)) is not None
        assert reminder_send(deadline=deadline, society=society, today=day(-6)) is None  # same stage
    assert ReminderLog.objects.count() == 1 and len(mail.outbox) == 1


def test_fund_report_reminds_only_societies_with_a_special_fund(society, sweep):
    from funding.models import SpecialFund

    other = SocietyFactory()
    SpecialFund.objects.create(society=society, year=2026, project_name="科普进校园", budget=1000)
    DeadlineFactory(kind="fund_report", due_on=DUE)
    assert sweep(day(-7)) == [("广西物理学会", "before-7")]
    assert other.name not in str(mail.outbox[0].to)


def test_query_count_of_sweep_is_the_same_for_5_and_50_societies(db, django_capture_on_commit_callbacks):
    DeadlineFactory(kind="plan", due_on=DUE)
    DeadlineFactory(kind="summary", due_on=DUE)
    DeadlineFactory(kind="plan", year=2025, due_on=day(-365))  # overdue too

    def count(n: int) -> tuple[int, int]:
        ReminderLog.objects.all().delete()
        SocietyFactory.create_batch(n - SocietyFactory._meta.model.objects.count())
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=False):
            due = reminder_sweep(today=day(-7))
        return len(queries), len(due)

    queries_5, due_5 = count(5)
    queries_50, due_50 = count(50)
    assert (due_5, due_50) == (15, 150)
    assert queries_5 == queries_50 == 4  # the deadlines, then one per deadline


def test_remind_now_respects_the_ledger(society, sweep):
    deadline = DeadlineFactory(due_on=DUE)
    filed = SocietyFactory()
    OutreachPlanFactory(society=filed, year=2026, status=FilingStatus.SUBMITTED)
    assert deadline_remind_now(deadline=deadline, today=day(-7)) == 1  # today's stage: before-7
    assert deadline_remind_now(deadline=deadline, today=day(-7)) == 1  # then one manual a day
    assert deadline_remind_now(deadline=deadline, today=day(-7)) == 0
    assert sweep(day(-7)) == []  # the daily sweep finds the stage already sent
    assert sorted(ReminderLog.objects.values_list("stage", flat=True)) == ["before-7", "manual-20260324"]


def test_send_reminders_command_dry_run_writes_nothing(society, capsys):
    DeadlineFactory(due_on=DUE)
    call_command("send_reminders", "--date", "2026-03-24", "--dry-run")
    out = capsys.readouterr().out
    assert "would send" in out and "广西物理学会" in out and "before-7" in out
    assert ReminderLog.objects.count() == 0 and OutboxEmail.objects.count() == 0 and mail.outbox == []


def test_send_reminders_command_sends_and_prints(society, capsys, django_capture_on_commit_callbacks):
    DeadlineFactory(due_on=DUE)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2026-03-24")
    out = capsys.readouterr().out
    assert "sent:" in out and "sec1@wuli.example.org" in out and "1 reminder(s) sent" in out
    assert len(mail.outbox) == 1
    call_command("send_reminders", "--date", "2026-03-24")
    assert "0 reminder(s) sent" in capsys.readouterr().out and len(mail.outbox) == 1


def test_send_reminders_command_refuses_a_bad_date(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "31/03/2026")


def test_base_report_is_due_until_every_base_of_the_society_has_reported(society, sweep):
    from bases.models import BaseAnnualReport, BaseCategory, EducationBase

    category = BaseCategory.objects.create(name="测试类别")

    def base(owner, name, status="open"):
        return EducationBase.objects.create(
            society=owner, name=name, host_unit="单位", category=category, address="南宁", city="nanning", status=status
        )

    first, second = base(society, "基地一"), base(society, "基地二")
    base(SocietyFactory(name="只有撤销基地的学会"), "撤销基地", status="withdrawn")
    SocietyFactory(name="没有基地的学会")
    DeadlineFactory(kind="base_report", year=2026, due_on=DUE)
    BaseAnnualReport.objects.create(
        base=first, society=society, year=2026, highlights="-", status=FilingStatus.SUBMITTED
    )
    assert sweep(day(-7)) == [("广西物理学会", "before-7")]  # the second base has not reported
    BaseAnnualReport.objects.create(
        base=second, society=society, year=2026, highlights="-", status=FilingStatus.APPROVED
    )
    assert sweep(day(-1)) == []


# --- the hourly sweep (issue 12, defect 9) ----------------------------------------------------------


def at(date: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment in Asia/Shanghai (the portal's time zone)."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(DUE, 0), None),
        (at(DUE, 7, 59), None),
        (at(DUE, 8), DUE),
        (at(DUE, 23, 59), DUE),
        # 07:30 in Shanghai is 23:30 UTC the day before: the local day and hour count.
        (datetime.datetime.combine(day(-1), datetime.time(23, 30), tzinfo=datetime.UTC), None),
        (datetime.datetime.combine(day(-1), datetime.time(0, 0), tzinfo=datetime.UTC), day(-1)),
    ],
)
def test_sweep_day_is_today_from_the_reminder_hour(moment, expected):
    assert sweep_day(now=moment) == expected


def test_sweep_day_follows_the_reminder_hour_setting(settings):
    settings.REMINDER_HOUR = 10
    assert sweep_day(now=at(DUE, 9, 59)) is None
    assert sweep_day(now=at(DUE, 10)) == DUE


def test_hourly_sweep_sends_from_8_and_only_once_a_day(society, monkeypatch, django_capture_on_commit_callbacks):
    DeadlineFactory(due_on=DUE)
    clock = {"now": at(day(-7), 0)}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])  # the wall clock is outside the system

    def sweep_at(hour: int) -> int:
        clock["now"] = at(day(-7), hour)
        with django_capture_on_commit_callbacks(execute=True):
            sweep_reminders.apply()
        return ReminderLog.objects.count()

    assert [sweep_at(hour) for hour in range(8)] == [0] * 8  # 00:00 … 07:00: nobody woken at night
    assert mail.outbox == []
    assert [sweep_at(hour) for hour in range(8, 24)] == [1] * 16  # 08:00 sends, the rest find the ledger
    assert len(mail.outbox) == 1 and ReminderLog.objects.get().stage == "before-7"


def test_hourly_sweep_makes_up_a_lost_run_within_the_hour(society, monkeypatch, django_capture_on_commit_callbacks):
    """The 08:00 run was lost with the broker's queue: the 09:00 run sends the day's reminders."""
    DeadlineFactory(due_on=DUE)
    monkeypatch.setattr(timezone, "now", lambda: at(day(-7), 9))
    with django_capture_on_commit_callbacks(execute=True):
        sweep_reminders.apply()
    assert ReminderLog.objects.get().stage == "before-7" and len(mail.outbox) == 1


def test_a_stage_lost_all_day_goes_out_the_next_morning_not_in_the_night(
    society, monkeypatch, django_capture_on_commit_callbacks
):
    DeadlineFactory(due_on=DUE)  # before-7 is dated day(-7); every sweep of that day was lost
    for hour, expected in ((0, 0), (7, 0), (8, 1)):
        monkeypatch.setattr(timezone, "now", lambda hour=hour: at(day(-6), hour))
        with django_capture_on_commit_callbacks(execute=True):
            sweep_reminders.apply()
        assert ReminderLog.objects.count() == expected
    assert ReminderLog.objects.get().stage == "before-7"
