"""Background tasks of the societies app: thin wrappers that fetch and call one function."""

from celery import shared_task
from django.conf import settings

from .framework import outbox


@shared_task(bind=True, max_retries=None)
def deliver_outbox_email(self, *, email_id: int) -> str:
    """Deliver one outbox email; a failed attempt is retried with the backoff the service chose.

    A wait as long as the broker's visibility timeout is left to the drain (every minute), which
    enqueues the email once it is due: Redis would hand a task waiting that long to a second worker.
    """
    outcome, retry_in = outbox.outbox_email_deliver(email_id=email_id)
    if retry_in is not None and retry_in < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]:
        raise self.retry(countdown=retry_in)
    return outcome


@shared_task
def drain_outbox() -> int:
    """Beat, every minute: re-enqueue emails whose delivery was not enqueued or was lost."""
    return outbox.outbox_drain()
