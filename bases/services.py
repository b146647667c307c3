"""Writes on bases that change more than one row: deciding a recommendation designates the base."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from societies.framework.cache import FIGURES, PUBLIC, cache_bump
from societies.framework.emails import queue_templated, secretary_addresses
from societies.framework.filing import FilingError, FilingStatus, check_version
from societies.framework.uploads import make_thumbnail

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
    expected_version: int,
    batch: str = "",
    valid_from: datetime.date | None = None,
    note: str = "",
) -> Recommendation:
    """Record the association's decision on an approved recommendation.

    Side effects, all or nothing:
    - locks the recommendation and its base; refuses with ``StaleFilingError`` a stale
      ``expected_version`` and with ``FilingError`` a user who is not association staff, a
      recommendation not approved yet or already decided, a "recommended" decision without a batch;
    - sets decision, note, decided at/by and version + 1 on the recommendation (history row);
    - when recommended: sets the base's level to the recommended level, the batch, and validity
      from ``valid_from`` (default today) for five years (history row on the base);
    - emails the society's secretaries the decision (through the outbox: sent after commit);
    - after commit, invalidates the cached public pages (designated bases) and figures.
    """
    if decision not in (RecommendationDecision.RECOMMENDED, RecommendationDecision.NOT_RECOMMENDED):
        raise FilingError(_("Choose “recommended” or “not recommended”."))
    if not (user.is_superuser or user.is_association_staff):
        raise FilingError(_("Only association staff decide recommendations."))
    batch = batch.strip()
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        check_version(locked, expected_version)
        if locked.status != FilingStatus.APPROVED:
            raise FilingError(_("Approve the recommendation before deciding it."))
        if locked.decision != RecommendationDecision.PENDING:
            raise FilingError(_("This recommendation has already been decided."))
        if decision == RecommendationDecision.RECOMMENDED and not batch:
            raise FilingError(_("Give the designation batch for a recommended base."))
        locked.decision, locked.decision_note = decision, note.strip()
        locked.decided_at, locked.decided_by = timezone.now(), user
        locked.version += 1
        locked._history_user = user
        locked._change_reason = str(RecommendationDecision(decision).label)
        locked.save(update_fields=["decision", "decision_note", "decided_at", "decided_by", "version", "updated_at"])
        if decision == RecommendationDecision.RECOMMENDED:
            base = EducationBase.objects.select_for_update().get(pk=locked.base_id)
            base.level, base.batch = locked.target_level, batch
            base.valid_from = valid_from or timezone.localdate()
            base.valid_until = designation_valid_until(base.valid_from)
            base._history_user = user
            base._change_reason = str(RecommendationDecision.RECOMMENDED.label)
            base.save(update_fields=["level", "batch", "valid_from", "valid_until", "updated_at"])
        _queue_decision_email(locked)
        cache_bump(PUBLIC, FIGURES)
    return locked


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


def base_report_photos_add(*, report: BaseAnnualReport, images: list, user) -> list[BaseReportPhoto]:
    """Attach already cleaned (re-encoded) images to an editable report, each with a thumbnail.

    Side effects: writes the image and thumbnail files and one row per photo; refuses with
    ``FilingError`` a report that is not editable by ``user``.
    """
    if not (user.is_secretary and user.society_id == report.society_id and report.is_editable):
        raise FilingError(_("This record is under review and cannot be changed now."))
    photos = []
    with transaction.atomic():
        for image in images:
            photo = BaseReportPhoto(report=report, image=image)
            photo.thumbnail = make_thumbnail(image)
            photo.save()
            photos.append(photo)
    return photos


def base_report_photo_delete(*, photo: BaseReportPhoto, user) -> None:
    """Remove a photo of an editable report (its files are deleted after commit)."""
    report = photo.report
    if not (user.is_secretary and user.society_id == report.society_id and report.is_editable):
        raise FilingError(_("This record is under review and cannot be changed now."))
    files = [f for f in (photo.image, photo.thumbnail) if f]
    with transaction.atomic():
        photo.delete()
        for field_file in files:
            transaction.on_commit(lambda f=field_file: f.storage.delete(f.name))
