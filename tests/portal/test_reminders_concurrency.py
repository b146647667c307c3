"""Two sweeps at the same moment (two beats, or a beat and `send_reminders`) send each reminder once."""

import datetime
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from kepu_portal.models import ReminderLog
from kepu_portal.reminders import reminder_sweep
from societies.framework.outbox import OutboxEmail
from tests.factories import SecretaryFactory, SocietyFactory
from tests.portal.factories import DeadlineFactory

SOCIETIES = 30


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: SQLite lets one writer in at a time, so nothing would run concurrently.",
)
@pytest.mark.django_db(transaction=True)  # migration-seeded rows: tests/conftest.py
def test_two_sweeps_at_once_send_one_email_per_key():
    societies = SocietyFactory.create_batch(SOCIETIES)
    for society in societies:
        SecretaryFactory(society=society)
    due = datetime.date(2026, 3, 31)
    DeadlineFactory(kind="plan", year=2026, due_on=due)
    DeadlineFactory(kind="summary", year=2025, due_on=datetime.date(2026, 3, 1))
    today = due - datetime.timedelta(days=7)  # plan: before-7; summary: overdue-4
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait(timeout=10)
            reminder_sweep(today=today)  # tasks run in-process: each thread claims and sends
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a sweep did not finish in time"
    assert errors == []

    by_message_id = {email.message_id: email for email in OutboxEmail.objects.select_related("reminder")}
    keys = Counter()
    for message in mail.outbox:
        log = by_message_id[message.extra_headers["Message-ID"]].reminder
        keys[log.deadline.kind, log.society_id, log.stage] += 1
    expected = {
        (kind, s.pk, stage) for s in societies for kind, stage in (("plan", "before-7"), ("summary", "overdue-4"))
    }
    assert set(keys) == expected
    assert max(keys.values()) == 1, [key for key, n in keys.items() if n > 1]
    assert len(mail.outbox) == ReminderLog.objects.count() == 2 * SOCIETIES
