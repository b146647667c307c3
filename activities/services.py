"""Writes with side effects in the activities app: photos and attachments of an activity.

The filings themselves change only through ``societies.framework.filing`` (``filing_save`` and
``filing_transition``); these functions add and remove the files that hang off an activity.
"""

from __future__ import annotations

from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from societies.framework import access
from societies.framework.uploads import make_thumbnail
from societies.framework.workflow import FilingError

from .models import Activity, ActivityAttachment, ActivityPhoto

MAX_PHOTOS_PER_ACTIVITY = 20


def _lock_editable(activity: Activity, user) -> Activity:
    """Lock the activity and refuse when ``user`` may not change its files now (``access``)."""
    locked = Activity.objects.select_for_update().select_related("society").get(pk=activity.pk)
    if access.edit_refusal(user, locked):
        raise FilingError(_("The photos and files of this activity cannot be changed now."))
    return locked


def activity_photos_add(*, activity: Activity, images: list[ContentFile], user) -> list[ActivityPhoto]:
    """Store already cleaned (re-encoded) ``images`` as photos of ``activity``, with thumbnails.

    Side effects: locks the activity; refuses with ``FilingError`` when it is not editable by
    ``user`` or would have more than ``MAX_PHOTOS_PER_ACTIVITY`` photos; writes each image and a
    JPEG thumbnail to storage under server-made names; creates one ``ActivityPhoto`` row each.
    """
    if not images:
        return []
    with transaction.atomic():
        locked = _lock_editable(activity, user)
        if locked.photos.count() + len(images) > MAX_PHOTOS_PER_ACTIVITY:
            raise FilingError(
                _("An activity can have at most %(max)d photos; delete some first.") % {"max": MAX_PHOTOS_PER_ACTIVITY}
            )
        photos = []
        for image in images:
            photo = ActivityPhoto(activity=locked, original_name=getattr(image, "original_name", "")[:200])
            photo.image.save(image.name, image, save=False)
            photo.thumbnail.save("thumbnail.jpg", make_thumbnail(photo.image), save=False)
            photo.save()
            photos.append(photo)
    return photos


def activity_attachment_add(*, activity: Activity, file: ContentFile, original_name: str, user) -> ActivityAttachment:
    """Store an already checked PDF/DOCX/XLSX ``file`` as an attachment of ``activity``.

    Side effects: locks the activity; refuses with ``FilingError`` when it is not editable by
    ``user``; writes the file under a server-made name; creates an ``ActivityAttachment`` row.
    """
    with transaction.atomic():
        locked = _lock_editable(activity, user)
        attachment = ActivityAttachment(activity=locked, original_name=original_name[:200] or "file")
        attachment.file.save(file.name, file, save=False)
        attachment.save()
    return attachment


def _delete_files_on_commit(*field_files) -> None:
    for field_file in field_files:
        if field_file:
            transaction.on_commit(partial(field_file.storage.delete, field_file.name))


def activity_photo_delete(*, photo: ActivityPhoto, user) -> None:
    """Delete one photo of an activity that ``user`` may still change.

    Side effects: locks the activity; refuses with ``FilingError`` when it is not editable by
    ``user``; deletes the row, and the image and thumbnail files after commit.
    """
    with transaction.atomic():
        _lock_editable(photo.activity, user)
        photo.delete()
        _delete_files_on_commit(photo.image, photo.thumbnail)


def activity_attachment_delete(*, attachment: ActivityAttachment, user) -> None:
    """Delete one attachment of an activity that ``user`` may still change (file removed after commit)."""
    with transaction.atomic():
        _lock_editable(attachment.activity, user)
        attachment.delete()
        _delete_files_on_commit(attachment.file)
