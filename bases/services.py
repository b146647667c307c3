"""Writes on bases that change more than one row: deciding a recommendation designates the base."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from societies.framework import access
from societies.framework.cache import PUBLIC, cache_bump
from societies.framework.emails import queue_templated, secretary_addresses
from societies.framework.filing import filing_transition
from societies.framework.uploads import make_thumbnail
from societies.framework.workflow import FilingAction, FilingError

from .models import (
    BaseAnnualReport,
    BaseReportPhoto,
    DesignationLevel,
    EducationBase,
    Recommendation,
    RecommendationDecision,
    designation_valid_until,
)


def recommendation_decide(
    *,
    recommendation: Recommendation,
    decision: str,
    user,
    expected_version: int | None,
    batch: str = "",
    valid_from: datetime.date | None = None,
    note: str = "",
) -> Recommendation:
    """Record the association's decision on an approved recommendation: a transition of the
    workflow (``Recommendation.EXTRA_TRANSITIONS``), through ``filing_transition``.

    Side effects, all or nothing:
    - locks the recommendation; refuses with ``StaleFilingError`` a stale ``expected_version`` and
      with ``FilingError`` a user who is not association staff, a recommendation not approved yet
      or already decided, a "recommended" decision without a batch;
    - sets decision, note, decided at/by and version + 1 on the recommendation (history row);
    - when recommended: locks the base and sets its level to the recommended level, the batch,
      and validity from ``valid_from`` (default today) for five years (history row on the base);
    - emails the society's secretaries the decision (through the outbox: sent after commit);
    - after commit, invalidates the cached public pages (designated bases) and figures.
    """

    def designate_and_tell(decided: Recommendation) -> None:
        if decided.decision == RecommendationDecision.RECOMMENDED:
            base = EducationBase.objects.select_for_update().get(pk=decided.base_id)
            base.level, base.batch = decided.target_level, batch.strip()
            base.valid_from = valid_from or timezone.localdate()
            base.valid_until = designation_valid_until(base.valid_from)
            base._history_user = user
            base._change_reason = str(RecommendationDecision.RECOMMENDED.label)
            base.save(update_fields=["level", "batch", "valid_from", "valid_until", "updated_at"])
        _queue_decision_email(decided)
        cache_bump(PUBLIC)

    return filing_transition(
        filing=recommendation,
        action=FilingAction.DECIDE,
        user=user,
        expected_version=expected_version,
        details={"decision": decision, "batch": batch, "note": note},
        effects=designate_and_tell,
    )


def _queue_decision_email(recommendation: Recommendation) -> None:
    """Tell the society's secretaries the decision, in the decision's transaction (sent after commit)."""
    base = EducationBase.objects.select_related("society").get(pk=recommendation.base_id)
    context = {
        "society": base.society,
        "base": base,
        "level": DesignationLevel(recommendation.target_level).label,
        "decision": RecommendationDecision(recommendation.decision).label,
        "recommended": recommendation.decision == RecommendationDecision.RECOMMENDED,
        "note": recommendation.decision_note,
        "url": settings.SITE_URL + recommendation.get_absolute_url(),
    }
    queue_templated("recommendation_decision", context, to=secretary_addresses(base.society))


def _lock_editable_report(report: BaseAnnualReport, user) -> BaseAnnualReport:
    """Lock the report and refuse when ``user`` may not change it now (``access.edit_refusal``)."""
    locked = BaseAnnualReport.objects.select_for_update().select_related("society").get(pk=report.pk)
    refusal = access.edit_refusal(user, locked)
    if refusal:
        raise FilingError(refusal)
    return locked


def base_report_photos_add(*, report: BaseAnnualReport, images: list, user) -> list[BaseReportPhoto]:
    """Attach already cleaned (re-encoded) images to an editable report, each with a thumbnail.

    Side effects: locks the report; refuses with ``FilingError`` a report that ``user`` may not
    change now; writes the image and thumbnail files and one row per photo.
    """
    photos = []
    with transaction.atomic():
        locked = _lock_editable_report(report, user)
        for image in images:
            photo = BaseReportPhoto(report=locked, image=image)
            photo.thumbnail = make_thumbnail(image)
            photo.save()
            photos.append(photo)
    return photos


def base_report_photo_delete(*, photo: BaseReportPhoto, user) -> None:
    """Remove a photo of an editable report (locked first; its files are deleted after commit)."""
    files = [f for f in (photo.image, photo.thumbnail) if f]
    with transaction.atomic():
        _lock_editable_report(photo.report, user)
        photo.delete()
        for field_file in files:
            transaction.on_commit(lambda f=field_file: f.storage.delete(f.name))
