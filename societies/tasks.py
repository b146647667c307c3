"""Background tasks of the societies app: thin wrappers that fetch and call one function."""

from celery import shared_task
from django.apps import apps

from . import emails


@shared_task(bind=True, max_retries=5, retry_backoff=True, autoretry_for=(OSError,))
def send_filing_status_email(self, *, model_label: str, filing_id: int, version: int) -> int:
    model = apps.get_model(model_label)
    filing = model.objects.select_related("society").filter(pk=filing_id).first()
    if filing is None:
        return 0
    snapshot = filing.history.filter(version=version).order_by("-history_date").first()
    if snapshot is None:
        return 0
    return emails.send_filing_status_email(filing=filing, snapshot=snapshot)
