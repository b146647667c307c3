"""Uploads on an S3-compatible object store: moto's server on loopback, reached over HTTP by
django-storages and boto3 exactly as a real bucket would be (no mock of boto3).

A photo and an attachment go up through the secretary's own edit page and come back through the
access-checked views, streamed from the bucket with the same safety headers as from the disk;
the bucket holds them under server-made names, nothing lands on the local disk, an outsider gets
404, and a deleted photo leaves the bucket after commit.
"""

import hashlib

import pytest
from django.urls import reverse

from activities.models import ActivityAttachment, ActivityPhoto
from societies.framework.workflow import FilingStatus
from tests.activities.factories import ActivityFactory, ReviewedActivityFactory
from tests.uploads import image_bytes, pdf_bytes, png, upload

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _form(activity, **files):
    data = {
        "title": activity.title,
        "description": "面向初中生的物理实验演示。",
        "start_date": "2026-05-20",
        "end_date": "2026-05-21",
        "place": "南宁市第三中学",
        "city": "nanning",
        "setting": "school",
        "delivery_mode": "offline",
        "offline_sessions": 1,
        "offline_attendance": 100,
        "online_sessions": 0,
        "online_attendance": 0,
        "volunteer_count": 2,
        "expert_count": 1,
        "exchange_kind": "",
        "expected_version": activity.version,
    }
    return {**data, **files}


def _body(response) -> bytes:
    assert response.streaming, "a stored file is streamed, not read into memory first"
    return b"".join(response.streaming_content)


def test_photo_round_trip_through_the_portal_views(s3_storage, client_a, client_b, society_a, settings, tmp_path):
    server, bucket = s3_storage
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty: the bucket holds the files
    activity = ActivityFactory(society=society_a)
    response = client_a.post(
        reverse("activities:activity_update", args=[activity.pk]),
        _form(activity, new_photos=[png("现场.png", size=(800, 600))], new_attachment=upload("方案.pdf", pdf_bytes())),
    )
    assert response.status_code == 302
    photo, attachment = ActivityPhoto.objects.get(), ActivityAttachment.objects.get()
    assert server.keys(bucket) == sorted([photo.image.name, photo.thumbnail.name, attachment.file.name])
    assert photo.image.name.startswith(f"activity-photos/{society_a.pk}/")
    assert not (tmp_path / "media").exists()

    stored = server.client().get_object(Bucket=bucket, Key=photo.image.name)["Body"].read()
    response = client_a.get(reverse("activities:photo_image", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["Content-Length"] == str(len(stored))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert hashlib.sha256(_body(response)).digest() == hashlib.sha256(stored).digest()

    response = client_a.get(reverse("activities:attachment_download", args=[attachment.pk]))
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "%E6%96%B9%E6%A1%88.pdf" in response["Content-Disposition"]
    )
    assert _body(response) == pdf_bytes()
    thumbnail = client_a.get(reverse("activities:photo_thumbnail", args=[photo.pk]))
    assert thumbnail["Content-Type"] == "image/jpeg" and _body(thumbnail)[:2] == b"\xff\xd8"

    # The outsider: 404 on every file, from the bucket as from the disk.
    for name in ("photo_image", "photo_thumbnail"):
        assert client_b.get(reverse(f"activities:{name}", args=[photo.pk])).status_code == 404
    assert client_b.get(reverse("activities:attachment_download", args=[attachment.pk])).status_code == 404


def test_public_photo_of_an_approved_activity_streams_from_the_bucket(s3_storage, society_a):
    from django.core.files.base import ContentFile
    from django.test import Client

    server, bucket = s3_storage
    activity = ReviewedActivityFactory(society=society_a, status=FilingStatus.APPROVED)
    photo = ActivityPhoto(activity=activity, original_name="x.jpg")
    photo.image.save("x.jpg", ContentFile(image_bytes("JPEG")), save=False)
    photo.thumbnail.save("t.jpg", ContentFile(image_bytes("JPEG", size=(8, 8))), save=True)
    response = Client().get(reverse("activities:public_photo_image", args=[photo.pk]))
    assert response.status_code == 200 and _body(response) == image_bytes("JPEG")
    assert response["Content-Disposition"] == f'inline; filename="activity-photo-{photo.pk}.jpg"'


def test_deleted_photo_leaves_the_bucket_after_commit(
    s3_storage, client_a, society_a, django_capture_on_commit_callbacks
):
    server, bucket = s3_storage
    activity = ActivityFactory(society=society_a)
    client_a.post(reverse("activities:activity_update", args=[activity.pk]), _form(activity, new_photos=[png()]))
    photo = ActivityPhoto.objects.get()
    assert len(server.keys(bucket)) == 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_a.post(reverse("activities:photo_delete", args=[photo.pk]))
    assert response.status_code == 302 and not ActivityPhoto.objects.exists()
    assert len(server.keys(bucket)) == 2, "nothing leaves the bucket before the deletion commits"
    for callback in callbacks:
        callback()
    assert server.keys(bucket) == []


def test_object_missing_from_the_bucket_is_404(s3_storage, client_a, society_a):
    server, bucket = s3_storage
    activity = ActivityFactory(society=society_a)
    client_a.post(reverse("activities:activity_update", args=[activity.pk]), _form(activity, new_photos=[png()]))
    photo = ActivityPhoto.objects.get()
    server.client().delete_object(Bucket=bucket, Key=photo.image.name)
    assert client_a.get(reverse("activities:photo_image", args=[photo.pk])).status_code == 404
