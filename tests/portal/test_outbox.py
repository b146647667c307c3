"""The email outbox (societies.framework.outbox): written with the change, delivered after commit, once,
against a real SMTP server on loopback; a filing submitted while the broker is down still succeeds."""

import datetime
import logging
import socket
import time

import kombu.pools
import pytest
from django.core import mail
from django.urls import reverse

from kepu_portal.celery import app as celery_app
from societies.framework.emails import queue_templated, send_committing
from societies.framework.outbox import ClaimLost, OutboxEmail, OutboxStatus, outbox_drain, outbox_email_deliver
from societies.framework.workflow import FilingStatus
from tests.factories import OutreachPlanFactory

pytestmark = pytest.mark.django_db


def queue(to=("sec@example.org",)) -> OutboxEmail:
    context = {"filing": "计划", "kind": "科普计划", "status": "已提交", "society": {"name": "学会"}, "url": "/x"}
    return queue_templated("filing_status", context, to=list(to), cc=["office@example.org"])


def test_deliver_sends_once_over_smtp(smtp_server):
    email = queue()
    assert outbox_email_deliver(email_id=email.pk) == ("sent", None)
    assert outbox_email_deliver(email_id=email.pk) == ("skipped", None)
    [(rcpts, message)] = smtp_server.messages
    assert rcpts == ["sec@example.org", "office@example.org"]
    assert message["Message-ID"] == email.message_id
    email.refresh_from_db()
    assert email.status == OutboxStatus.SENT and email.attempts == 1 and email.sent_at is not None


def test_send_failure_is_recorded_and_retried_with_backoff(smtp_server, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    smtp_server.refuse = 2
    email = queue()
    outcome, retry_in = outbox_email_deliver(email_id=email.pk)
    assert (outcome, retry_in) == ("retry", 60)
    email.refresh_from_db()
    assert email.status == OutboxStatus.PENDING and email.attempts == 1 and "451" in email.last_error
    assert outbox_email_deliver(email_id=email.pk) == ("skipped", None)  # not due before its backoff
    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.created_at)
    assert outbox_email_deliver(email_id=email.pk) == ("retry", 120)  # the delay doubles
    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.created_at)
    assert outbox_email_deliver(email_id=email.pk) == ("sent", None)
    assert len(smtp_server.messages) == 1


def test_send_gives_up_after_the_last_attempt(smtp_server, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_server.refuse = 5
    email = queue()
    assert outbox_email_deliver(email_id=email.pk)[0] == "retry"
    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.created_at)
    assert outbox_email_deliver(email_id=email.pk) == ("failed", None)
    email.refresh_from_db()
    assert email.status == OutboxStatus.FAILED and email.attempts == 2
    assert smtp_server.messages == []


def test_lost_claim_aborts_before_the_server_commits_the_message(smtp_server):
    message = queue().as_message()
    with pytest.raises(ClaimLost):
        send_committing(message, commit=lambda: False)
    time.sleep(0.2)
    assert smtp_server.messages == []  # the connection dropped mid-DATA: the server discarded it
    send_committing(message, commit=lambda: True)
    assert len(smtp_server.messages) == 1


def test_email_of_a_worker_that_died_while_sending_is_taken_over(smtp_server):
    email = queue()
    # A worker claimed it and died: its lease has run out.
    OutboxEmail.objects.filter(pk=email.pk).update(
        status=OutboxStatus.SENDING, attempts=1, lease_until=email.created_at
    )
    assert outbox_email_deliver(email_id=email.pk) == ("sent", None)
    email.refresh_from_db()
    assert email.attempts == 2 and len(smtp_server.messages) == 1


def test_live_lease_is_not_taken_over(smtp_server, settings):
    email = queue()
    OutboxEmail.objects.filter(pk=email.pk).update(
        status=OutboxStatus.SENDING, attempts=1, lease_until=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC)
    )
    assert outbox_email_deliver(email_id=email.pk) == ("skipped", None)
    assert smtp_server.messages == []


def test_drain_delivers_what_was_never_enqueued(settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_REQUEUE_AFTER_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=False):  # the broker never heard of it
        email = queue()
    assert mail.outbox == []
    assert outbox_drain() == 1  # tasks run in-process in tests: this delivers it
    email.refresh_from_db()
    assert email.status == OutboxStatus.SENT and len(mail.outbox) == 1
    assert outbox_drain() == 0


def test_drain_leaves_recently_enqueued_emails_to_their_task(settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_REQUEUE_AFTER_SECONDS = 600
    with django_capture_on_commit_callbacks(execute=False):
        queue()
    assert outbox_drain() == 0


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def _forget_connections():
    """Drop Celery's cached broker connections so that the next publish uses the current URL."""
    kombu.pools.reset()  # closes and forgets kombu's process-wide pools, keyed by broker URL
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Celery publishes to a Redis that is not there (instead of running tasks in-process)."""
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=f"redis://127.0.0.1:{_closed_port()}/0")
    _forget_connections()
    try:
        yield
    finally:
        celery_app.conf.update(saved)
        _forget_connections()


def test_filing_submitted_while_broker_is_down_saves_and_is_emailed_later(
    client_a, society_a, settings, django_capture_on_commit_callbacks, broker_down, caplog
):
    plan = OutreachPlanFactory(society=society_a, year=2026)
    started = time.monotonic()
    with (
        caplog.at_level(logging.WARNING, logger="societies.framework.outbox"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_a.post(reverse("activities:plan_submit", args=[plan.pk]), {"expected_version": 1})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    print(f"request with the broker down took {elapsed:.2f}s")
    assert elapsed < 5, f"the request waited {elapsed:.1f}s on the broker"
    assert "Could not enqueue delivery" in caplog.text  # it really tried the broker, and it was down
    plan.refresh_from_db()
    assert plan.status == FilingStatus.SUBMITTED
    shown = list(client_a.get(response.url).context["messages"])
    assert [m.level_tag for m in shown] == ["success"]  # the secretary sees success, not an error
    [email] = OutboxEmail.objects.all()
    assert email.status == OutboxStatus.PENDING and email.kind == "filing_status" and mail.outbox == []

    # The broker is back: the drain (beat, every minute) delivers it.
    celery_app.conf.update(task_always_eager=True)
    settings.OUTBOX_REQUEUE_AFTER_SECONDS = 0
    assert outbox_drain() == 1
    email.refresh_from_db()
    assert email.status == OutboxStatus.SENT
    [message] = mail.outbox
    assert message.to == ["sec_a@example.org"] and f"/plans/{plan.pk}/" in message.body


def test_staff_send_failed_emails_again_but_never_sent_ones(staff_client, django_capture_on_commit_callbacks):
    failed, sent = queue(), queue()
    OutboxEmail.objects.filter(pk=failed.pk).update(status=OutboxStatus.FAILED, attempts=6, last_error="550")
    OutboxEmail.objects.filter(pk=sent.pk).update(status=OutboxStatus.SENT, attempts=1)
    url = reverse("admin:societies_outboxemail_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"action": "send_again", "_selected_action": [failed.pk, sent.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.SENT and failed.attempts == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].extra_headers["Message-ID"] == failed.message_id


@pytest.mark.parametrize(("base", "asks_for_retry"), [(60, True), (300, False), (600, False)])
def test_delivery_task_waits_on_a_countdown_only_below_the_visibility_timeout(
    smtp_server, settings, monkeypatch, base, asks_for_retry
):
    """Redis hands a task that waits as long as its visibility timeout (300 s) to a second worker:
    a longer backoff is left to the drain, which enqueues the email once it is due."""
    from celery.exceptions import Retry

    from societies.tasks import deliver_outbox_email

    settings.OUTBOX_RETRY_BASE_SECONDS = base
    smtp_server.refuse = 1
    asked = []
    monkeypatch.setattr(deliver_outbox_email, "retry", lambda countdown: asked.append(countdown) or Retry())
    email = queue()
    if asks_for_retry:
        with pytest.raises(Retry):
            deliver_outbox_email.run(email_id=email.pk)
        assert asked == [base]
    else:
        assert deliver_outbox_email.run(email_id=email.pk) == "retry" and asked == []
    email.refresh_from_db()
    assert email.status == OutboxStatus.PENDING and email.attempts == 1
    # Once due, the drain enqueues it (tasks run in-process here) and it is sent.
    settings.OUTBOX_REQUEUE_AFTER_SECONDS = 0
    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.created_at, enqueued_at=None)
    assert outbox_drain() == 1
    email.refresh_from_db()
    assert email.status == OutboxStatus.SENT and len(smtp_server.messages) == 1
