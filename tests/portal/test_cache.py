"""The shared cache stays correct: a public page or the statistics change as soon as the write
behind them commits — not before, and never after a rollback — whichever path made the write.

Most tests use the suite's locmem cache (the generations logic is the backend's set/get/incr);
``test_on_redis_…`` runs the same invalidation on the real Redis, and a lost generation key.
"""

import datetime
import os
import uuid

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from bases.models import DesignationLevel, RecommendationDecision
from bases.services import recommendation_decide
from societies.forms import SocietyProfileForm
from societies.framework.cache import FIGURES, PUBLIC, cache_generation
from societies.framework.filing import filing_save, filing_transition
from societies.framework.workflow import FilingAction, FilingStatus, StaleFilingError
from tests.activities.factories import ReviewedActivityFactory
from tests.bases.factories import EducationBaseFactory, RecommendationFactory
from tests.factories import CommendationFactory, OutreachPlanFactory
from tests.services import free_port, unavailable

pytestmark = pytest.mark.django_db

CALENDAR = reverse("activities:public_calendar")
SEPTEMBER = {"month": "2026-09"}


@pytest.fixture
def visitor():
    return Client()


def _submitted(society, title="九月科普进校园"):
    return ReviewedActivityFactory(
        society=society, status=FilingStatus.SUBMITTED, title=title, start_date=datetime.date(2026, 9, 3)
    )


def _calendar(visitor) -> str:
    return visitor.get(CALENDAR, SEPTEMBER).content.decode()


def test_approval_reaches_the_cached_calendar_when_it_commits(
    visitor, society_a, staff, django_capture_on_commit_callbacks
):
    activity = _submitted(society_a)
    assert activity.title not in _calendar(visitor)  # now cached
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        filing_transition(filing=activity, action=FilingAction.APPROVE, user=staff, expected_version=activity.version)
    # Written (in this test's transaction) but not yet "after commit": still the cached page.
    assert activity.title not in _calendar(visitor)
    for callback in callbacks:
        callback()
    assert activity.title in _calendar(visitor)


def test_admin_approval_action_invalidates_the_calendar(
    visitor, society_a, staff_client, django_capture_on_commit_callbacks
):
    activity = _submitted(society_a, title="管理后台批准的活动")
    assert activity.title not in _calendar(visitor)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:activities_activity_changelist"),
            {"action": "approve_selected", ACTION_CHECKBOX_NAME: [activity.pk]},
        )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == FilingStatus.APPROVED
    assert activity.title in _calendar(visitor)


def test_refused_transition_moves_no_generation(society_a, staff, django_capture_on_commit_callbacks):
    activity = _submitted(society_a)
    before = cache_generation(PUBLIC), cache_generation(FIGURES)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(StaleFilingError):
        filing_transition(filing=activity, action=FilingAction.APPROVE, user=staff, expected_version=99)
    assert (cache_generation(PUBLIC), cache_generation(FIGURES)) == before


def test_draft_save_moves_the_figures_not_the_public_pages(society_a, secretary_a, django_capture_on_commit_callbacks):
    plan = OutreachPlanFactory(society=society_a, year=2026)
    public, figures = cache_generation(PUBLIC), cache_generation(FIGURES)
    plan.goals = "更多的进校园活动"
    with django_capture_on_commit_callbacks(execute=True):
        filing_save(filing=plan, user=secretary_a, expected_version=plan.version)
    assert cache_generation(PUBLIC) == public and cache_generation(FIGURES) != figures


def test_statistics_follow_a_new_filing(staff_client, society_a, secretary_a, django_capture_on_commit_callbacks):
    url = reverse("statistics")
    total = lambda: sum(row["total"] for row in staff_client.get(url).context["stats"]["filings"])  # noqa: E731
    assert total() == 0
    with django_capture_on_commit_callbacks(execute=True):
        filing_save(
            filing=OutreachPlanFactory.build(society=society_a, year=2026), user=secretary_a, expected_version=1
        )
    assert total() == 1


def test_city_reviewer_never_gets_the_staff_figures(staff_client, reviewer_client, society_a, society_b):
    OutreachPlanFactory(society=society_a, year=2026)  # region level, Nanning: not the reviewer's
    OutreachPlanFactory(society=society_b, year=2026)  # Liuzhou city level: the reviewer's
    url = reverse("statistics")
    count = lambda client: sum(row["total"] for row in client.get(url).context["stats"]["filings"])  # noqa: E731
    assert count(staff_client) == 2
    assert count(reviewer_client) == 1  # not the staff member's cached figures


def test_society_profile_edit_renames_it_on_the_calendar(
    visitor, society_a, client_a, staff, django_capture_on_commit_callbacks
):
    activity = _submitted(society_a)
    filing_transition(filing=activity, action=FilingAction.APPROVE, user=staff, expected_version=activity.version)
    assert "新简称物理学会" not in _calendar(visitor)
    data = {k: v for k, v in SocietyProfileForm(instance=society_a).initial.items() if v is not None}
    data["short_name"] = "新简称物理学会"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(reverse("societies:society_edit"), data)
    assert response.status_code == 302
    assert "新简称物理学会" in _calendar(visitor)


def test_designation_reaches_the_cached_bases_page(visitor, society_a, staff, django_capture_on_commit_callbacks):
    recommendation = RecommendationFactory(
        base=EducationBaseFactory(society=society_a, name="青秀山科普基地"),
        status=FilingStatus.APPROVED,
        target_level=DesignationLevel.GUANGXI,
    )
    bases = reverse("bases:public_bases")
    assert "青秀山科普基地" not in visitor.get(bases).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        recommendation_decide(
            recommendation=recommendation,
            decision=RecommendationDecision.RECOMMENDED,
            user=staff,
            expected_version=recommendation.version,
            batch="2026年第一批",
        )
    assert "青秀山科普基地" in visitor.get(bases).content.decode()


def test_public_pages_are_served_when_the_cache_is_down(visitor, society_a, staff, settings):
    activity = _submitted(society_a)
    filing_transition(filing=activity, action=FilingAction.APPROVE, user=staff, expected_version=activity.version)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = visitor.get(CALENDAR, SEPTEMBER)
    assert response.status_code == 200 and activity.title in response.content.decode()


@pytest.mark.integration
def test_on_redis_an_approval_invalidates_and_a_lost_generation_never_repeats(
    visitor, society_a, staff, settings, django_capture_on_commit_callbacks
):
    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        unavailable(f"Needs Redis at {url}, which does not answer.")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"kepu-test-{uuid.uuid4().hex[:8]}",  # this test's keys only
        }
    }
    activity = _submitted(society_a, title="Redis 上的缓存")
    assert activity.title not in _calendar(visitor)
    first = cache_generation(PUBLIC)
    with django_capture_on_commit_callbacks(execute=True):
        filing_transition(filing=activity, action=FilingAction.APPROVE, user=staff, expected_version=activity.version)
    second = cache_generation(PUBLIC)
    assert int(second) == int(first) + 1
    assert activity.title in _calendar(visitor)
    cache.delete("generation:public")  # evicted, or Redis restarted empty
    assert cache_generation(PUBLIC) not in (first, second)
    assert activity.title in _calendar(visitor)
    cache.delete_many(["generation:public", "generation:figures"])


def test_commendation_added_in_the_admin_reaches_the_cached_honour_roll(
    visitor, society_a, staff, django_capture_on_commit_callbacks
):
    """Not a filing, no service: the admin site's own hook (any POST) is what invalidates."""
    staff.is_superuser = True  # the admin's add permission, whatever the staff group holds
    staff.save()
    client = Client()
    client.force_login(staff)
    honours = reverse("societies:public_honours")
    earlier = CommendationFactory(society=society_a, year=2025, honoree="早先的团队")
    assert "物理科普先锋队" not in visitor.get(honours).content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:societies_commendation_add"),
            {
                "society": society_a.pk,
                "year": 2025,
                "kind": "excellent_team",
                "honoree": "物理科普先锋队",
                "awarded_on": "2025-12-01",
            },
        )
    assert response.status_code == 302, response.content.decode()[:500]
    body = visitor.get(honours).content.decode()
    assert "物理科普先锋队" in body and earlier.honoree in body
