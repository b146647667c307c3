"""Review of activities and summaries in the admin: filters, search, thumbnails, history, the
two-level review (city reviewers first for city-level societies, then the association)."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, AnnualSummary
from societies.framework.workflow import FilingStatus
from tests.activities.factories import (
    ActivityPhotoFactory,
    AnnualSummaryFactory,
    ReviewedActivityFactory,
    campaign,
    theme,
)

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:activities_activity_changelist"


def _action(client, action, objects, changelist=CHANGELIST, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **extra}
    return client.post(reverse(changelist), data)


@pytest.mark.parametrize(
    "query",
    [
        {"status__exact": "submitted"},
        {"year": "2026"},
        {"city__exact": "liuzhou"},
        {"setting__exact": "school"},
        {"delivery_mode__exact": "offline"},
        {"themes__id__exact": "THEME"},
        {"campaigns__id__exact": "CAMPAIGN"},
        {"q": "青少年"},
    ],
)
def test_activity_changelist_filters_and_search(staff_client, society_a, society_b, query):
    wanted = ReviewedActivityFactory(society=society_b, title="青少年科学节", status=FilingStatus.SUBMITTED)
    wanted.themes.add(theme("应急"))
    wanted.campaigns.add(campaign("青少年科学节"))
    ReviewedActivityFactory(society=society_a, title="进企业", setting="enterprise", delivery_mode="online").themes.add(
        theme("双碳")
    )
    ids = {"THEME": str(theme("应急").pk), "CAMPAIGN": str(campaign("青少年科学节").pk)}
    query = {k: ids.get(v, v) for k, v in query.items()}
    if "year" in query:
        wanted.year = 2026  # both are 2026; the filter must still answer
    response = staff_client.get(reverse(CHANGELIST), query)
    assert response.status_code == 200
    shown = {a.pk for a in response.context["cl"].result_list}
    assert wanted.pk in shown
    if "year" not in query:
        assert len(shown) == 1


def test_activity_change_page_shows_thumbnails_and_history(staff_client, society_a):
    photo = ActivityPhotoFactory(activity=ReviewedActivityFactory(society=society_a, status=FilingStatus.SUBMITTED))
    response = staff_client.get(reverse("admin:activities_activity_change", args=[photo.activity_id]))
    assert response.status_code == 200
    assert reverse("activities:photo_thumbnail", args=[photo.pk]) in response.content.decode()
    assert staff_client.get(reverse("activities:photo_thumbnail", args=[photo.pk])).status_code == 200
    history = reverse("admin:activities_activity_history", args=[photo.activity_id])
    assert staff_client.get(history).status_code == 200


def test_city_level_activity_city_review_then_association_approval(
    reviewer_client, staff_client, society_b, secretary_b, mailoutbox, django_capture_on_commit_callbacks
):
    activity = ReviewedActivityFactory(society=society_b, status=FilingStatus.SUBMITTED)
    _action(staff_client, "approve_selected", [activity])
    activity.refresh_from_db()
    assert activity.status == FilingStatus.SUBMITTED  # the city reviews first
    with django_capture_on_commit_callbacks(execute=True):
        _action(reviewer_client, "city_approve_selected", [activity])
    activity.refresh_from_db()
    assert activity.status == FilingStatus.CITY_REVIEWED
    with django_capture_on_commit_callbacks(execute=True):
        _action(staff_client, "approve_selected", [activity])
    activity.refresh_from_db()
    assert activity.status == FilingStatus.APPROVED
    assert len(mailoutbox) == 2 and all(m.to == [secretary_b.email] for m in mailoutbox)
    assert activity.get_absolute_url() in mailoutbox[-1].body


def test_city_reviewer_sees_only_own_city_level_activities(reviewer_client, society_a, society_b):
    mine = ReviewedActivityFactory(society=society_b, status=FilingStatus.SUBMITTED)
    other = ReviewedActivityFactory(society=society_a, status=FilingStatus.SUBMITTED)
    response = reviewer_client.get(reverse(CHANGELIST))
    assert [a.pk for a in response.context["cl"].result_list] == [mine.pk]
    assert reviewer_client.get(reverse("admin:activities_activity_change", args=[other.pk])).status_code == 302
    _action(reviewer_client, "city_approve_selected", [other])
    other.refresh_from_db()
    assert other.status == FilingStatus.SUBMITTED


def test_staff_returns_activity_with_comment(staff_client, society_a):
    activity = ReviewedActivityFactory(society=society_a, status=FilingStatus.SUBMITTED)
    _action(staff_client, "return_selected", [activity], apply="1", comment="照片不清晰")
    activity.refresh_from_db()
    assert activity.status == FilingStatus.RETURNED and activity.review_comment == "照片不清晰"


def test_approved_activity_is_read_only_in_admin(staff_client, society_a):
    activity = ReviewedActivityFactory(society=society_a, status=FilingStatus.APPROVED, title="原标题")
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    assert staff_client.get(url).status_code == 200
    staff_client.post(url, {"title": "篡改", "expected_version": activity.version})
    activity.refresh_from_db()
    assert activity.title == "原标题"


def test_admin_edit_of_activity_refuses_stale_version(staff_client, society_a):
    activity = ReviewedActivityFactory(society=society_a, status=FilingStatus.SUBMITTED)
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(
        {
            "title": "工作人员的修改",
            "start_date": "2026-05-20",
            "end_date": "2026-05-20",
            "content_reviewed_on": "2026-05-20",
            "expected_version": 1,
            "themes": [],
            "campaigns": [],
            "co_organisers": [],
            **{f"{prefix}-{k}": v for prefix in ("photos", "attachments") for k, v in _empty_inline().items()},
        }
    )
    data = {k: v for k, v in data.items() if not isinstance(v, bool) or v}
    Activity.objects.filter(pk=activity.pk).update(title="秘书的修改", version=2)
    response = staff_client.post(url, data, follow=True)
    assert "其他人已修改" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "秘书的修改"


def _empty_inline():
    return {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}


def test_summary_admin_shows_figures(staff_client, society_a):
    ReviewedActivityFactory(society=society_a, status=FilingStatus.APPROVED, offline_attendance=321)
    summary = AnnualSummaryFactory(society=society_a, status=FilingStatus.SUBMITTED)
    response = staff_client.get(reverse("admin:activities_annualsummary_change", args=[summary.pk]))
    assert response.status_code == 200 and 'data-figure="attendance">321<' in response.content.decode()
    _action(staff_client, "approve_selected", [summary], changelist="admin:activities_annualsummary_changelist")
    assert AnnualSummary.objects.get().status == FilingStatus.APPROVED


def test_staff_keep_themes_and_campaigns(staff_client):
    assert staff_client.get(reverse("admin:activities_theme_changelist")).status_code == 200
    response = staff_client.get(
        reverse("admin:activities_campaign_change", args=[campaign("全国科普日/全国科普月").pk])
    )
    assert response.status_code == 200 and "全国科普月" in response.content.decode()
    response = staff_client.post(
        reverse("admin:activities_theme_add"), {"name": "人工智能", "sort_order": 200, "is_active": "on"}
    )
    assert response.status_code == 302 and theme("人工智能").is_active


@pytest.mark.parametrize("model", ["activity", "annualsummary", "outreachplan", "campaign", "theme"])
def test_admin_add_pages_render(staff_client, model):
    assert staff_client.get(reverse(f"admin:activities_{model}_add")).status_code == 200


def test_city_reviewer_reads_activity_with_thumbnails_but_cannot_change(reviewer_client, society_b):
    photo = ActivityPhotoFactory(activity=ReviewedActivityFactory(society=society_b, status=FilingStatus.SUBMITTED))
    url = reverse("admin:activities_activity_change", args=[photo.activity_id])
    response = reviewer_client.get(url)
    assert (
        response.status_code == 200
        and reverse("activities:photo_thumbnail", args=[photo.pk]) in response.content.decode()
    )
    reviewer_client.post(url, {"title": "市科协改的"})
    photo.activity.refresh_from_db()
    assert photo.activity.title != "市科协改的"


@pytest.mark.parametrize("model", ["activity", "annualsummary"])
def test_admin_changelist_query_count_constant(staff_client, society_a, society_b, model):
    made = []

    def make(n):
        for _ in range(n):
            society = society_a if len(made) % 2 else society_b
            if model == "activity":
                made.append(ReviewedActivityFactory(society=society, status=FilingStatus.SUBMITTED))
            else:
                made.append(AnnualSummaryFactory(society=society, year=2020 + len(made), status="submitted"))

    url = reverse(f"admin:activities_{model}_changelist")
    make(1)
    staff_client.get(url)
    with CaptureQueriesContext(connection) as one:
        staff_client.get(url)
    make(3)
    with CaptureQueriesContext(connection) as four:
        assert len(staff_client.get(url).context["cl"].result_list) == 4
    assert len(four) == len(one)
