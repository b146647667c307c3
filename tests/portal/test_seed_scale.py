"""seed_scale with tiny numbers: the rows it promises, consistent workflows, the same rows for the same seed."""

import io

import pytest
from django.core.management import CommandError, call_command

from activities.figures import summary_figures
from activities.models import Activity, AnnualSummary, CampaignWindow, OutreachPlan
from bases.models import EducationBase
from kepu_portal.models import Deadline
from societies.choices import SocietyLevel
from societies.framework.registry import filing_types
from societies.framework.workflow import FILED_STATUSES, FilingStatus
from societies.models import Brand, Commendation, Society, User, Volunteer

pytestmark = pytest.mark.django_db(transaction=False)


def seed(**options):
    call_command("seed_scale", stdout=io.StringIO(), stderr=io.StringIO(), **options)


def snapshot() -> dict:
    links = Activity.themes.through.objects
    return {
        "societies": sorted(Society.objects.values_list("name", "level", "city", "member_count")),
        "users": sorted(User.objects.values_list("username", "role", "society__name", "city")),
        "volunteers": sorted(Volunteer.objects.values_list("society__name", "name", "is_expert", "joined_on")),
        "plans": sorted(OutreachPlan.objects.values_list("society__name", "year", "status", "planned_budget")),
        "activities": sorted(
            Activity.objects.values_list("society__name", "title", "start_date", "status", "offline_attendance")
        ),
        "themes": sorted(links.values_list("activity__title", "activity__start_date", "theme__name")),
    }


def wipe():
    for model in [t.model for t in filing_types()]:
        model.objects.all().delete()
    for model in (EducationBase, Volunteer, Brand, Commendation, User, Society):
        model.objects.all().delete()


def test_seed_scale_makes_the_rows_it_promises():
    seed(societies=3, activities=20, years=2, seed=7)
    assert Society.objects.count() == 3
    assert Activity.objects.count() == 20
    assert User.objects.filter(role="secretary").count() >= 3
    assert not Society.objects.filter(users__isnull=True).exists(), "every society has a secretary"
    assert User.objects.filter(username="scale_staff", is_staff=True).exists()
    assert 0 < OutreachPlan.objects.count() <= 3 * 2
    assert Volunteer.objects.count() >= 3 * 5
    assert Activity.themes.through.objects.count() >= 20, "every activity has a theme"
    assert Deadline.objects.count() == 4, "the home page's deadline card has something to show"
    for activity in Activity.objects.select_related("society", "content_reviewer"):
        assert activity.year == activity.start_date.year and activity.end_date >= activity.start_date
        if activity.status == FilingStatus.CITY_REVIEWED:
            assert activity.society.level == SocietyLevel.CITY
        if activity.status != FilingStatus.DRAFT:
            assert activity.submitted_at is not None and activity.content_review_passed


def test_seed_scale_looks_real():
    """Campaign activities inside their campaign's window, some exchanges, plans that the year's
    filed activities meet at 50–150 %, and last year's summaries filed with the figures a
    submission would have frozen."""
    seed(societies=5, activities=800, years=3, seed=3)
    tagged = Activity.objects.filter(campaigns__isnull=False).prefetch_related("campaigns").distinct()
    assert tagged.count() > 100
    for activity in tagged:
        assert not CampaignWindow.outside(
            campaigns=activity.campaigns.all(), start=activity.start_date, end=activity.start_date
        ), activity.title
    exchanges = Activity.objects.exclude(exchange_kind="")
    assert exchanges.exists() and not exchanges.filter(partner="").exists()
    for plan in OutreachPlan.objects.select_related("society"):
        filed = summary_figures(society=plan.society, year=plan.year)["plan"]
        assert 50 <= filed["activities_percent"] <= 150, filed
        assert 45 <= filed["attendance_percent"] <= 155, filed  # planned participants are rounded to tens
    last_year = AnnualSummary.objects.filter(year=2025).select_related("society")
    assert last_year.filter(status__in=FILED_STATUSES).count() >= last_year.count() - 1 > 0
    assert not AnnualSummary.objects.filter(year=2026).exists(), "this year's summaries are not due yet"
    for summary in AnnualSummary.objects.filter(status__in=FILED_STATUSES).select_related("society"):
        live = summary_figures(society=summary.society, year=summary.year)
        assert {**summary.figures, "computed_at": None} == {**live, "computed_at": None}
        assert summary.figures_computed_at == summary.submitted_at


def test_seed_scale_same_seed_same_rows_other_seed_other_rows():
    seed(societies=3, activities=20, years=2, seed=7)
    first = snapshot()
    wipe()
    seed(societies=3, activities=20, years=2, seed=7)
    assert snapshot() == first
    wipe()
    seed(societies=3, activities=20, years=2, seed=8)
    assert snapshot() != first


def test_seed_scale_refuses_a_database_with_societies(society_a):
    with pytest.raises(CommandError, match="empty database"):
        seed(societies=1, activities=0)
