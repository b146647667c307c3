"""The public pages: approved activities by month, designated bases, the honour roll. No login;
nothing that is not approved, designated or published shows, and nothing internal to the review."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.models import Theme
from bases.models import BaseStatus, DesignationLevel
from societies.framework.workflow import FilingStatus
from tests.activities.factories import ActivityFactory, ActivityPhotoFactory, ReviewedActivityFactory
from tests.bases.factories import EducationBaseFactory
from tests.factories import CommendationFactory

pytestmark = pytest.mark.django_db

CALENDAR = reverse("activities:public_calendar")
BASES = reverse("bases:public_bases")
HONOURS = reverse("societies:public_honours")


@pytest.fixture
def visitor():
    return Client()


def _approved(society, **fields):
    return ReviewedActivityFactory(society=society, status=FilingStatus.APPROVED, **fields)


@pytest.mark.parametrize("url", [CALENDAR, BASES, HONOURS])
def test_public_pages_open_without_login_in_chinese(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="zh-hans"' in body and "登录" in body
    for page in (CALENDAR, BASES, HONOURS):  # the visitor's menu
        assert f'href="{page}"' in body


def test_secretary_finds_the_public_pages_in_the_footer(client_a):
    body = client_a.get(reverse("home")).content.decode()
    assert f'href="{CALENDAR}"' in body and f'href="{HONOURS}"' in body


def test_calendar_lists_only_approved_activities_of_the_month(visitor, society_a, society_b):
    shown = _approved(society_a, title="九月科普进校园", start_date=datetime.date(2026, 9, 3))
    _approved(society_b, title="八月的活动", start_date=datetime.date(2026, 8, 31))
    for status in (FilingStatus.DRAFT, FilingStatus.SUBMITTED, FilingStatus.CITY_REVIEWED, FilingStatus.RETURNED):
        ActivityFactory(society=society_b, status=status, title=f"未通过{status}", start_date=datetime.date(2026, 9, 5))
    body = visitor.get(CALENDAR, {"month": "2026-09"}).content.decode()
    assert shown.title in body and (society_a.short_name or society_a.name) in body
    assert "八月的活动" not in body
    assert "未通过" not in body
    assert reverse("activities:public_activity_detail", args=[shown.pk]) in body


def test_calendar_filters_by_city_and_theme(visitor, society_a, society_b):
    carbon = Theme.objects.get(name="双碳")
    nanning = _approved(society_a, title="南宁双碳", start_date=datetime.date(2026, 9, 3))
    nanning.themes.add(carbon)
    _approved(society_a, title="南宁其他主题", start_date=datetime.date(2026, 9, 4))
    _approved(society_b, title="柳州活动", start_date=datetime.date(2026, 9, 4))
    body = visitor.get(CALENDAR, {"month": "2026-09", "city": "nanning"}).content.decode()
    assert "南宁双碳" in body and "南宁其他主题" in body and "柳州活动" not in body
    body = visitor.get(CALENDAR, {"month": "2026-09", "theme": carbon.pk}).content.decode()
    assert "南宁双碳" in body and "南宁其他主题" not in body


@pytest.mark.parametrize("month", ["2026-13", "9999-12", "0001-01", "1999-12"])
def test_calendar_says_what_is_wrong_with_a_bad_month(visitor, month):
    response = visitor.get(CALENDAR, {"month": month, "city": "nowhere"})
    assert response.status_code == 200
    assert "请按 YYYY-MM" in response.content.decode()
    assert response.context["month"] == timezone.localdate().replace(day=1), "this month instead"


def test_detail_shows_an_approved_activity_without_review_internals(visitor, society_a):
    activity = _approved(society_a, title="公开的活动", content_review_note="内部审核意见")
    activity.review_comment = "内部退回意见"
    activity.save(update_fields=["review_comment"])
    ActivityPhotoFactory(activity=activity)
    body = visitor.get(reverse("activities:public_activity_detail", args=[activity.pk])).content.decode()
    assert "公开的活动" in body and society_a.name in body
    assert "内部审核意见" not in body and "内部退回意见" not in body
    assert activity.content_reviewer.name not in body
    photo = activity.photos.get()
    assert reverse("activities:public_photo_thumbnail", args=[photo.pk]) in body


@pytest.mark.parametrize(
    "status", [FilingStatus.DRAFT, FilingStatus.SUBMITTED, FilingStatus.CITY_REVIEWED, FilingStatus.RETURNED]
)
def test_what_is_not_approved_is_404_to_everyone(visitor, client_a, society_a, status):
    activity = ActivityFactory(society=society_a, status=status)
    photo = ActivityPhotoFactory(activity=activity)
    urls = [
        reverse("activities:public_activity_detail", args=[activity.pk]),
        reverse("activities:public_photo_image", args=[photo.pk]),
        reverse("activities:public_photo_thumbnail", args=[photo.pk]),
    ]
    for client in (visitor, client_a):  # even its own society reaches it through its own pages only
        for url in urls:
            assert client.get(url).status_code == 404, url


def test_photos_of_an_approved_activity_are_served_safely(visitor, society_a):
    photo = ActivityPhotoFactory(activity=_approved(society_a))
    for name in ("activities:public_photo_image", "activities:public_photo_thumbnail"):
        response = visitor.get(reverse(name, args=[photo.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "活动现场" not in response["Content-Disposition"], "not the uploaded file's name"
        b"".join(response.streaming_content)
    assert visitor.post(reverse("activities:public_photo_image", args=[photo.pk])).status_code == 405
    assert visitor.head(reverse("activities:public_photo_image", args=[photo.pk])).status_code == 200


def test_designated_bases_in_force_only(visitor, society_a):
    today = datetime.date.today()
    in_force = {"valid_from": today - datetime.timedelta(days=30), "valid_until": today + datetime.timedelta(days=300)}
    national = EducationBaseFactory(society=society_a, name="国家级基地", level=DesignationLevel.NATIONAL, **in_force)
    EducationBaseFactory(society=society_a, name="自治区级基地", level=DesignationLevel.GUANGXI, **in_force)
    EducationBaseFactory(society=society_a, name="学会自有基地", level=DesignationLevel.SOCIETY, **in_force)
    EducationBaseFactory(
        society=society_a, name="已撤销基地", level=DesignationLevel.GUANGXI, status=BaseStatus.WITHDRAWN, **in_force
    )
    EducationBaseFactory(
        society=society_a,
        name="尚未生效基地",
        level=DesignationLevel.NATIONAL,
        valid_from=today + datetime.timedelta(days=200),
        valid_until=today + datetime.timedelta(days=2000),
    )
    EducationBaseFactory(
        society=society_a,
        name="已过期基地",
        level=DesignationLevel.GUANGXI,
        valid_from=today - datetime.timedelta(days=2000),
        valid_until=today - datetime.timedelta(days=1),
    )
    body = visitor.get(BASES).content.decode()
    assert "国家级基地" in body and "自治区级基地" in body
    assert "学会自有基地" not in body and "已撤销基地" not in body and "已过期基地" not in body
    assert "尚未生效基地" not in body, "a designation that has not started is not in force"
    assert body.index("国家级基地") < body.index("自治区级基地"), "national bases come first"
    body = visitor.get(BASES, {"level": DesignationLevel.GUANGXI}).content.decode()
    assert "自治区级基地" in body and national.name not in body


def test_honour_roll_by_year(visitor, society_a, society_b):
    CommendationFactory(society=society_a, year=2025, honoree="物理科普团队", citation="成绩突出")
    CommendationFactory(society=society_b, year=2024, kind="advanced_person", honoree="李四")
    body = visitor.get(HONOURS).content.decode()
    assert "物理科普团队" in body and "成绩突出" in body and "李四" not in body, "the latest year first"
    assert 'href="?year=2024"' in body
    body = visitor.get(HONOURS, {"year": "2024"}).content.decode()
    assert "李四" in body and "物理科普团队" not in body
    assert visitor.get(HONOURS, {"year": "abc"}).status_code == 200


@pytest.mark.parametrize("count", [1, 3, 50])
def test_public_pages_query_count_is_constant(visitor, society_a, count, django_assert_num_queries):
    today = datetime.date.today()
    for n in range(count):
        activity = _approved(society_a, start_date=datetime.date(2026, 9, 1 + n % 28))
        activity.themes.add(Theme.objects.first())
        EducationBaseFactory(
            society=society_a,
            level=DesignationLevel.GUANGXI,
            valid_from=today,
            valid_until=today + datetime.timedelta(days=100),
        )
        CommendationFactory(society=society_a, year=2025)
    for url, params, queries in (
        (CALENDAR, {"month": "2026-09"}, 4),  # themes for the filter, count, page, themes of the page
        (BASES, {}, 2),  # count, page (with category and society)
        (HONOURS, {}, 2),  # years, the year's commendations
    ):
        visitor.get(url, params)
        cache.clear()  # the page's own cached content too: count the queries of a page computed anew
        with django_assert_num_queries(queries):
            assert visitor.get(url, params).status_code == 200
        with django_assert_num_queries(0):  # then served from the cache
            assert visitor.get(url, params).status_code == 200


def test_calendar_opens_on_this_month_with_the_month_filled_in(visitor):
    body = visitor.get(CALENDAR).content.decode()
    assert f'name="month" value="{timezone.localdate():%Y-%m}"' in body
