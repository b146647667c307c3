"""Secretary pages for activities: create/edit/submit, the content-review gate, photos and
attachments through the real views, and what a secretary may not do."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityAttachment, ActivityPhoto
from societies.framework.filing import filing_transition
from societies.framework.workflow import FilingAction, FilingError, FilingStatus
from tests.activities.factories import (
    ActivityAttachmentFactory,
    ActivityFactory,
    ActivityPhotoFactory,
    ExpertFactory,
    ReviewedActivityFactory,
    campaign,
    theme,
)
from tests.factories import VolunteerFactory
from tests.uploads import (
    HTML,
    SVG,
    image_bytes,
    jpeg,
    office_bytes,
    pdf_bytes,
    pixel_flood_png,
    png,
    polyglot_png_html,
    upload,
)

pytestmark = pytest.mark.django_db


def _form(**changes):
    data = {
        "title": "走进校园：趣味物理实验",
        "description": "面向初中生的物理实验演示。",
        "start_date": "2026-05-20",
        "end_date": "2026-05-21",
        "place": "南宁市第三中学",
        "city": "nanning",
        "setting": "school",
        "delivery_mode": "both",
        "offline_sessions": 2,
        "offline_attendance": 300,
        "online_sessions": 1,
        "online_attendance": 1200,
        "volunteer_count": 6,
        "expert_count": 2,
        "exchange_kind": "",
    }
    return {**data, **changes}


def _reviewed(expert, **changes):
    return _form(
        content_reviewer=expert.pk,
        political_review_passed="on",
        scientific_review_passed="on",
        content_reviewed_on="2026-05-10",
        **changes,
    )


# --- create and edit ------------------------------------------------------------------------------


def test_activity_create_sets_society_year_and_draft_ignoring_tampering(client_a, society_a, society_b, staff):
    tampered = _form(society=society_b.pk, status="approved", reviewed_by=staff.pk, year=1999, version=7)
    tampered["themes"] = [theme("双碳").pk, theme("科学家精神").pk]
    response = client_a.post(reverse("activities:activity_create"), tampered)
    activity = Activity.objects.get()
    assert response.status_code == 302 and response.url == activity.get_absolute_url()
    assert activity.society == society_a and activity.status == FilingStatus.DRAFT
    assert activity.reviewed_by is None and activity.version == 1 and activity.year == 2026
    assert {t.name for t in activity.themes.all()} == {"双碳", "科学家精神"}
    assert activity.total_attendance == 1500


def test_activity_create_end_before_start_refused(client_a):
    response = client_a.post(reverse("activities:activity_create"), _form(end_date="2026-05-01"))
    assert response.status_code == 200 and not Activity.objects.exists()
    assert "结束日期早于开始日期" in response.content.decode()


def test_activity_campaign_outside_its_window_refused(client_a):
    data = _form(campaigns=[campaign("全国科普日/全国科普月").pk], start_date="2025-05-20", end_date="2025-05-20")
    response = client_a.post(reverse("activities:activity_create"), data)
    assert response.status_code == 200 and not Activity.objects.exists()
    assert "全国科普月" in response.content.decode()
    data.update(start_date="2025-09-12", end_date="2025-09-12")
    assert client_a.post(reverse("activities:activity_create"), data).status_code == 302


def test_activity_update_stale_version_refused(client_a, society_a):
    activity = ActivityFactory(society=society_a)
    Activity.objects.filter(pk=activity.pk).update(title="另一位秘书的修改", version=2)
    response = client_a.post(reverse("activities:activity_update", args=[activity.pk]), _form(expected_version=1))
    assert response.status_code == 200 and "其他人已修改" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "另一位秘书的修改"


def test_activity_update_tampering_changes_nothing_but_content(client_a, society_a, society_b, staff):
    activity = ActivityFactory(society=society_a)
    data = _form(title="新标题", expected_version=1, society=society_b.pk, status="approved", reviewed_by=staff.pk)
    assert client_a.post(reverse("activities:activity_update", args=[activity.pk]), data).status_code == 302
    activity.refresh_from_db()
    assert activity.title == "新标题" and activity.society == society_a
    assert activity.status == FilingStatus.DRAFT and activity.reviewed_by is None and activity.version == 2


def test_activity_update_while_submitted_refused(client_a, society_a):
    activity = ReviewedActivityFactory(society=society_a, status=FilingStatus.SUBMITTED)
    url = reverse("activities:activity_update", args=[activity.pk])
    assert client_a.get(url).status_code == 302
    client_a.post(url, _form(title="审核中偷改", expected_version=1))
    activity.refresh_from_db()
    assert activity.title != "审核中偷改"


def test_returned_activity_shows_comment_on_detail_and_form(client_a, society_a):
    activity = ActivityFactory(society=society_a, status=FilingStatus.RETURNED, review_comment="请补充活动照片")
    body = client_a.get(activity.get_absolute_url()).content.decode()
    assert "请补充活动照片" in body and "alert-danger" in body
    assert "请补充活动照片" in client_a.get(reverse("activities:activity_update", args=[activity.pk])).content.decode()


def test_secretary_pages_refuse_staff_and_reviewer(staff_client, reviewer_client, society_b):
    activity = ActivityFactory(society=society_b)
    for client in (staff_client, reviewer_client):
        assert client.get(reverse("activities:activity_list")).status_code == 403
        assert client.get(activity.get_absolute_url()).status_code == 403


# --- the content review gate ------------------------------------------------------------------


def _submit(client, activity):
    return client.post(
        reverse("activities:activity_submit", args=[activity.pk]), {"expected_version": activity.version}
    )


def test_submit_without_content_review_refused_and_page_says_why(client_a, society_a):
    activity = ActivityFactory(society=society_a)
    body = client_a.get(activity.get_absolute_url()).content.decode()
    assert "submission-problems" in body and "政治性审核尚未通过" in body
    assert 'disabled aria-describedby="submission-problems"' in body
    response = _submit(client_a, activity)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == FilingStatus.DRAFT
    assert "政治性、科学性审核" in client_a.get(activity.get_absolute_url()).content.decode()


@pytest.mark.parametrize("missing", ["political_review_passed", "scientific_review_passed", "content_reviewed_on"])
def test_submit_with_one_check_missing_refused(client_a, society_a, missing):
    activity = ReviewedActivityFactory(society=society_a, **{missing: None if missing.endswith("_on") else False})
    _submit(client_a, activity)
    activity.refresh_from_db()
    assert activity.status == FilingStatus.DRAFT


def test_submit_with_reviewer_not_expert_or_of_other_society_refused(client_a, society_a, society_b):
    for reviewer in (VolunteerFactory(society=society_a, is_expert=False), ExpertFactory(society=society_b)):
        activity = ReviewedActivityFactory(society=society_a, content_reviewer=reviewer)
        _submit(client_a, activity)
        activity.refresh_from_db()
        assert activity.status == FilingStatus.DRAFT


def test_form_offers_only_own_experts_as_reviewer(client_a, society_a, society_b):
    own = ExpertFactory(society=society_a)
    outsider = ExpertFactory(society=society_b)
    VolunteerFactory(society=society_a, is_expert=False)
    response = client_a.get(reverse("activities:activity_create"))
    assert list(response.context["form"].fields["content_reviewer"].queryset) == [own]
    refused = client_a.post(reverse("activities:activity_create"), _reviewed(outsider))
    assert refused.status_code == 200 and not Activity.objects.exists()


def test_submit_with_passed_review_goes_to_submitted_and_emails(
    client_a, society_a, secretary_a, mailoutbox, django_capture_on_commit_callbacks
):
    expert = ExpertFactory(society=society_a)
    client_a.post(reverse("activities:activity_create"), _reviewed(expert))
    activity = Activity.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client_a, activity)
    activity.refresh_from_db()
    assert activity.status == FilingStatus.SUBMITTED and activity.submitted_at is not None
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [secretary_a.email]
    assert activity.get_absolute_url() in mailoutbox[0].body


def test_forbidden_transitions_refused(secretary_a, city_reviewer, society_a):
    activity = ReviewedActivityFactory(society=society_a, status=FilingStatus.SUBMITTED)
    for user, action in (
        (secretary_a, FilingAction.APPROVE),
        (secretary_a, FilingAction.SUBMIT),  # already submitted
        (city_reviewer, FilingAction.CITY_APPROVE),  # a region-level society: no city review
        (city_reviewer, FilingAction.APPROVE),
    ):
        with pytest.raises(FilingError):
            filing_transition(filing=activity, action=action, user=user, expected_version=activity.version)
    activity.refresh_from_db()
    assert activity.status == FilingStatus.SUBMITTED and activity.version == 1


def test_submit_is_post_only_and_approved_cannot_be_resubmitted(client_a, society_a):
    activity = ReviewedActivityFactory(society=society_a, status=FilingStatus.APPROVED)
    assert client_a.get(reverse("activities:activity_submit", args=[activity.pk])).status_code == 405
    _submit(client_a, activity)
    activity.refresh_from_db()
    assert activity.status == FilingStatus.APPROVED and activity.version == 1


# --- photos and attachments -------------------------------------------------------------------


def _edit(client, activity, **files):
    data = _form(title=activity.title, expected_version=activity.version, **files)
    return client.post(reverse("activities:activity_update", args=[activity.pk]), data)


def test_photos_uploaded_re_encoded_with_thumbnails(client_a, society_a):
    activity = ActivityFactory(society=society_a)
    response = _edit(client_a, activity, new_photos=[png("现场1.png"), jpeg("../../etc/passwd.jpg")])
    assert response.status_code == 302
    photos = list(activity.photos.order_by("pk"))
    assert [p.original_name for p in photos] == ["现场1.png", "passwd.jpg"]
    for photo in photos:
        assert photo.image.name.startswith(f"activity-photos/{society_a.pk}/") and ".." not in photo.image.name
        assert photo.thumbnail.name.endswith(".jpg") and photo.thumbnail.size > 0


def test_polyglot_png_is_stored_without_the_html(client_a, society_a):
    activity = ActivityFactory(society=society_a)
    _edit(client_a, activity, new_photos=[upload("x.png", polyglot_png_html(), "image/png")])
    photo = activity.photos.get()
    with photo.image.open("rb") as stored:
        assert b"<script" not in stored.read()
    response = client_a.get(reverse("activities:photo_image", args=[photo.pk]))
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("evil.svg", SVG, "不是 JPEG、PNG 或 WebP 图片"),
        ("photo.png", HTML, "不是 JPEG、PNG 或 WebP 图片"),
        ("flood.png", pixel_flood_png(), "像素"),
    ],
)
def test_hostile_photos_refused_with_message(client_a, society_a, name, data, message):
    activity = ActivityFactory(society=society_a)
    response = _edit(client_a, activity, new_photos=[upload(name, data, "image/png")])
    assert response.status_code == 200 and message in response.content.decode()
    assert not ActivityPhoto.objects.exists()
    activity.refresh_from_db()
    assert activity.version == 1  # nothing saved


def test_oversize_photo_refused(client_a, society_a, settings):
    settings.UPLOAD_MAX_FILE_BYTES = 1024
    activity = ActivityFactory(society=society_a)
    big = upload("big.png", image_bytes("PNG", size=(600, 600), colour=(1, 2, 3)) + b"\0" * 2048, "image/png")
    response = _edit(client_a, activity, new_photos=[big])
    assert response.status_code == 200 and "每个文件最大" in response.content.decode()
    assert not ActivityPhoto.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "accepted"),
    [
        ("方案.pdf", pdf_bytes(), True),
        ("签到表.xlsx", office_bytes("xlsx"), True),
        ("通知.docx", office_bytes("docx"), True),
        ("page.pdf", HTML, False),
        ("drawing.svg", SVG, False),
        ("../../方案.pdf", pdf_bytes(), True),
    ],
)
def test_attachments_checked_by_content(client_a, society_a, name, data, accepted):
    activity = ActivityFactory(society=society_a)
    response = _edit(client_a, activity, new_attachment=upload(name, data))
    assert (response.status_code == 302) is accepted
    assert ActivityAttachment.objects.exists() is accepted
    if accepted:
        attachment = ActivityAttachment.objects.get()
        assert "/" not in attachment.original_name and ".." not in attachment.file.name


def test_attachment_download_headers(client_a, society_a):
    attachment = ActivityAttachmentFactory(activity=ActivityFactory(society=society_a))
    response = client_a.get(reverse("activities:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "filename*=utf-8''" in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_files_of_other_society_are_404(client_a, society_b):
    photo = ActivityPhotoFactory(activity=ActivityFactory(society=society_b))
    attachment = ActivityAttachmentFactory(activity=photo.activity)
    for url in (
        reverse("activities:photo_image", args=[photo.pk]),
        reverse("activities:photo_thumbnail", args=[photo.pk]),
        reverse("activities:attachment_download", args=[attachment.pk]),
    ):
        assert client_a.get(url).status_code == 404
    for url in (
        reverse("activities:photo_delete", args=[photo.pk]),
        reverse("activities:attachment_delete", args=[attachment.pk]),
    ):
        assert client_a.post(url).status_code == 404
    assert ActivityPhoto.objects.filter(pk=photo.pk).exists() and ActivityAttachment.objects.exists()


def test_files_visible_to_staff_and_own_city_reviewer_only(staff_client, reviewer_client, society_a, society_b):
    photo_b = ActivityPhotoFactory(activity=ActivityFactory(society=society_b))
    photo_a = ActivityPhotoFactory(activity=ActivityFactory(society=society_a))
    thumb = lambda p: reverse("activities:photo_thumbnail", args=[p.pk])  # noqa: E731
    assert staff_client.get(thumb(photo_a)).status_code == 200
    assert reviewer_client.get(thumb(photo_b)).status_code == 200
    assert reviewer_client.get(thumb(photo_a)).status_code == 404


def test_photo_delete_while_editable(client_a, society_a, django_capture_on_commit_callbacks):
    photo = ActivityPhotoFactory(activity=ActivityFactory(society=society_a))
    storage, name = photo.image.storage, photo.image.name
    assert client_a.get(reverse("activities:photo_delete", args=[photo.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(reverse("activities:photo_delete", args=[photo.pk]))
    assert response.status_code == 302 and not ActivityPhoto.objects.exists()
    assert not storage.exists(name)


def test_photo_delete_refused_once_submitted(client_a, society_a):
    photo = ActivityPhotoFactory(activity=ReviewedActivityFactory(society=society_a, status=FilingStatus.SUBMITTED))
    client_a.post(reverse("activities:photo_delete", args=[photo.pk]))
    assert ActivityPhoto.objects.filter(pk=photo.pk).exists()
    body = client_a.get(photo.activity.get_absolute_url()).content.decode()
    assert reverse("activities:photo_delete", args=[photo.pk]) not in body


# --- lists ------------------------------------------------------------------------------------------


def test_activity_list_filters_by_theme_year_status(client_a, society_a):
    carbon = ActivityFactory(society=society_a, start_date=datetime.date(2025, 6, 1))
    carbon.themes.add(theme("双碳"))
    other = ActivityFactory(society=society_a, status=FilingStatus.RETURNED)
    url = reverse("activities:activity_list")
    assert list(client_a.get(url, {"theme": theme("双碳").pk}).context["object_list"]) == [carbon]
    assert list(client_a.get(url, {"year": 2026}).context["object_list"]) == [other]
    assert list(client_a.get(url, {"status": "returned"}).context["object_list"]) == [other]


@pytest.mark.parametrize("count", [1, 3])
def test_activity_list_query_count_constant(client_a, society_a, count, django_assert_num_queries):
    for _ in range(count):
        activity = ActivityFactory(society=society_a)
        activity.themes.add(theme("双碳"), theme("应急"))
        ActivityPhotoFactory(activity=activity)
    url = reverse("activities:activity_list") + "?status=draft"
    client_a.get(url)
    with django_assert_num_queries(6):
        response = client_a.get(url)
    assert len(response.context["object_list"]) == count


def test_photos_over_the_per_request_limit_refused(client_a, society_a, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 600
    activity = ActivityFactory(society=society_a)
    photos = [jpeg(f"p{n}.jpg", size=(200, 200), colour=(n * 40, 10, 10)) for n in range(3)]
    assert sum(p.size for p in photos) > 600
    response = _edit(client_a, activity, new_photos=photos)
    assert response.status_code == 200 and "一次最多上传" in response.content.decode()
    assert not ActivityPhoto.objects.exists()


def test_home_counts_activities_and_summaries_by_status(client_a, society_a):
    ActivityFactory(society=society_a)
    ReviewedActivityFactory(society=society_a, status=FilingStatus.SUBMITTED)
    rows = {str(row["label"]): row for row in client_a.get(reverse("home")).context["filing_counts"]}
    assert rows["科普活动"]["total"] == 2 and "年度科普工作总结" in rows


def test_form_says_when_the_roster_has_no_expert(client_a, society_a):
    VolunteerFactory(society=society_a, is_expert=False)
    assert "还没有科普专家" in client_a.get(reverse("activities:activity_create")).content.decode()
    ExpertFactory(society=society_a)
    assert "还没有科普专家" not in client_a.get(reverse("activities:activity_create")).content.decode()


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2026-09-15", "2026-09-15", "2026-09-15"),
        ("2026-09-15", "2026-09-17", "2026-09-15 – 09-17"),
        ("2026-12-30", "2027-01-02", "2026-12-30 – 2027-01-02"),
    ],
)
def test_date_span_as_lists_show_it(start, end, shown):
    activity = Activity(start_date=datetime.date.fromisoformat(start), end_date=datetime.date.fromisoformat(end))
    assert activity.date_span == shown
