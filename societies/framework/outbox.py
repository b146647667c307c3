"""The email outbox: every email of the portal is written here, in the transaction that causes it.

Why: a request must never hang on (or fail because of) the broker or the SMTP server, and an
email must not be lost when either is down. So the change (a filing submitted, a reminder
claimed) and its rendered email are committed together; after commit a Celery task delivers
it, and a periodic drain re-enqueues whatever was not delivered (broker down, worker killed,
send failed and waiting for its backoff).

Delivery claims the row before sending (a conditional update), so two tasks for one email send
it once. With SMTP the row is marked sent while the server still holds the message uncommitted
(after the body, before the final dot): a worker killed at any earlier point leaves no message
at the server and the row is retried when its lease expires; see ``emails.send_committing``.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)
CLOCK_SKEW = timedelta(seconds=5)

# Emails that carry a password link: the admin never shows their bodies, and the bodies are
# replaced once the email is sent, so that nobody who can read the outbox can use the link.
SECRET_KINDS = frozenset({"password_reset", "account_created"})
SECRET_REMOVED = "(removed once sent: it held a one-time password link)"  # noqa: S105  (a placeholder)


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxEmail(models.Model):
    """One rendered email waiting for, or done with, delivery."""

    kind = models.CharField(_("kind"), max_length=50, help_text=_("Which email this is, e.g. filing_status."))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text body"))
    html = models.TextField(_("HTML body"), blank=True)
    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # When a delivery task was last put on the broker; the drain re-enqueues only stale ones.
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    # A worker holds the row until then; a worker that died leaves it to be taken over.
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def message_id(self) -> str:
        """Stable per row, so a copy of the same email is recognisable as such anywhere."""
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
        return f"<kepu-outbox-{self.pk}@{domain}>"

    def as_message(self) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            self.subject, self.body, self.from_email, self.to, cc=self.cc, headers={"Message-ID": self.message_id}
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message


class ClaimLost(Exception):
    """Another worker took the email over (our lease expired); we stopped before it was sent."""


def _enqueue_delivery(email_id: int) -> None:
    """Put a delivery task on the broker; a broker that is down is logged, never raised."""
    from ..tasks import deliver_outbox_email

    try:
        deliver_outbox_email.delay(email_id=email_id)
    except Exception:  # the broker is down or slow: the drain will pick the email up
        logger.warning("Could not enqueue delivery of outbox email %s; the drain will retry", email_id, exc_info=True)


def outbox_email_create(*, kind: str, subject: str, body: str, html: str, to: list[str], cc: list[str]) -> OutboxEmail:
    """Write an email to the outbox inside the caller's transaction.

    Side effects: inserts one ``OutboxEmail``; after the transaction commits, enqueues its
    delivery (a broker that is down only logs a warning: the drain delivers it later). Nothing is
    sent if the transaction rolls back.
    """
    now = timezone.now()
    email = OutboxEmail.objects.create(
        kind=kind,
        subject=subject,
        body=body,
        html=html,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        cc=cc,
        next_attempt_at=now,
        enqueued_at=now,
    )
    transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return email


def _retry_delay(attempts: int) -> int:
    """Seconds to wait after the ``attempts``-th failed attempt: exponential, capped at a day."""
    return min(settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), 24 * 3600)


def outbox_email_deliver(*, email_id: int) -> tuple[str, int | None]:
    """Send one outbox email if it is due and nobody else is sending it.

    Returns ``(outcome, retry_in)``: ``("sent", None)``, ``("skipped", None)`` when it is not due,
    already sent or claimed by another worker, ``("failed", None)`` after the last attempt, or
    ``("retry", seconds)`` after a failed attempt.

    Side effects: claims the row (status ``sending``, attempts + 1, a lease); sends through the
    configured email backend; marks it ``sent`` — for SMTP before the server commits the message,
    so a crash never sends it twice — and then, for a password link, blanks the body. A failure
    records the error and the next attempt time (exponential backoff) or, after
    ``OUTBOX_MAX_ATTEMPTS``, marks it ``failed``.
    """
    from .emails import send_committing

    now = timezone.now()
    # A few seconds of slack: the web machine that wrote the row may be ahead of this worker's clock.
    due = Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now + CLOCK_SKEW)
    lost = Q(status=OutboxStatus.SENDING, lease_until__lt=now)  # its worker died while sending
    claimed = OutboxEmail.objects.filter(due | lost, pk=email_id, attempts__lt=settings.OUTBOX_MAX_ATTEMPTS).update(
        status=OutboxStatus.SENDING,
        attempts=F("attempts") + 1,
        lease_until=now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
    )
    if not claimed:
        return "skipped", None
    email = OutboxEmail.objects.get(pk=email_id)
    # ``attempts`` is the fencing token: a worker that lost its lease cannot mark the row.
    mine = OutboxEmail.objects.filter(pk=email_id, status=OutboxStatus.SENDING, attempts=email.attempts)

    def mark_sent() -> bool:
        return mine.update(status=OutboxStatus.SENT, sent_at=timezone.now(), lease_until=None, last_error="") == 1

    try:
        send_committing(email.as_message(), commit=mark_sent)
    except ClaimLost:
        return "skipped", None
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        # The send may have failed after mark_sent (the server refused the final dot): undo it.
        rows = OutboxEmail.objects.filter(pk=email_id, attempts=email.attempts).exclude(status=OutboxStatus.FAILED)
        if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            rows.update(status=OutboxStatus.FAILED, lease_until=None, sent_at=None, last_error=error)
            logger.error("Outbox email %s failed for good after %s attempts: %s", email_id, email.attempts, error)
            return "failed", None
        delay = _retry_delay(email.attempts)
        later = timezone.now() + timedelta(seconds=delay)
        rows.update(
            status=OutboxStatus.PENDING,
            lease_until=None,
            sent_at=None,
            next_attempt_at=later,
            enqueued_at=timezone.now(),
            last_error=error,
        )
        logger.warning("Outbox email %s attempt %s failed, retrying in %ss: %s", email_id, email.attempts, delay, error)
        return "retry", delay
    if email.kind in SECRET_KINDS:
        OutboxEmail.objects.filter(pk=email_id, status=OutboxStatus.SENT).update(body=SECRET_REMOVED, html="")
    return "sent", None


def outbox_drain(*, limit: int = 500) -> int:
    """Re-enqueue the delivery of every email that is due and has no live delivery task.

    Picks pending emails whose next attempt is due and whose last enqueue is older than
    ``OUTBOX_REQUEUE_AFTER_SECONDS`` (the broker was down, or the task was lost with a killed
    worker), and emails whose sender's lease expired (the worker died while sending). Marks as
    failed those that died while sending on their last attempt. Returns how many were enqueued.
    Safe to run concurrently with deliveries: a delivery claims its row before sending.
    """
    now = timezone.now()
    OutboxEmail.objects.filter(
        status=OutboxStatus.SENDING, lease_until__lt=now, attempts__gte=settings.OUTBOX_MAX_ATTEMPTS
    ).update(status=OutboxStatus.FAILED, lease_until=None, last_error="The worker was lost while sending.")
    stale = now - timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER_SECONDS)
    due = Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
    lost = Q(status=OutboxStatus.SENDING, lease_until__lt=now)
    not_recently_enqueued = Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=stale)
    candidates = OutboxEmail.objects.filter(due | lost).filter(not_recently_enqueued).order_by("next_attempt_at")
    ids = list(candidates.values_list("pk", flat=True)[:limit])
    if ids:
        OutboxEmail.objects.filter(pk__in=ids).update(enqueued_at=now)
    for email_id in ids:
        _enqueue_delivery(email_id)
    return len(ids)


def outbox_email_retry(*, email_ids: list[int]) -> int:
    """Staff's "send again" for emails that failed for good; returns how many were re-queued.

    Side effects: each *failed* email goes back to pending with a fresh set of attempts, and its
    delivery is enqueued after commit. Sent emails are never touched: nothing is sent twice.
    """
    with transaction.atomic():
        failed = OutboxEmail.objects.filter(pk__in=email_ids, status=OutboxStatus.FAILED)
        ids = list(failed.values_list("pk", flat=True))
        now = timezone.now()
        OutboxEmail.objects.filter(pk__in=ids).update(
            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now, enqueued_at=now, lease_until=None
        )
        for email_id in ids:
            transaction.on_commit(lambda email_id=email_id: _enqueue_delivery(email_id))
    return len(ids)
