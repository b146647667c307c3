"""seed_demo_activities gives `make run` something to show everywhere that a reviewer would
believe, and is safe to run again."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.figures import summary_figures
from activities.models import Activity, AnnualSummary, CampaignWindow, ExchangeKind
from societies.framework.workflow import FilingStatus
from societies.models import Commendation

pytestmark = pytest.mark.django_db


def _seed():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo_activities", stdout=io.StringIO())


def test_seed_demo_activities_twice_fills_the_public_pages():
    _seed()
    count = Activity.objects.count()
    call_command("seed_demo_activities", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert Activity.objects.count() == count, "nothing is made twice"
    around_today = Activity.objects.filter(start_date__gte=timezone.localdate() - datetime.timedelta(days=40))
    assert around_today.filter(status=FilingStatus.DRAFT).count() == 4, "one draft per demo society"
    assert Commendation.objects.count() == 2
    today = timezone.localdate()
    approved = Activity.objects.filter(status=FilingStatus.APPROVED, start_date__lte=today).order_by("-start_date")[0]
    assert approved.content_review_passed and approved.themes.exists()
    visitor = Client()
    assert approved.title in visitor.get(reverse("activities:public_calendar")).content.decode()
    assert "健康科普志愿服务队" in visitor.get(reverse("societies:public_honours")).content.decode()


def test_seed_demo_activities_look_real():
    """Campaign activities inside their campaign's window, exchanges of every kind, five years of
    activities, past plans met at 50–150 %, last year's summaries filed with frozen figures, and
    review that takes days, never ends in the future."""
    _seed()
    today, now = timezone.localdate(), timezone.now()
    tagged = Activity.objects.filter(campaigns__isnull=False).prefetch_related("campaigns").distinct()
    assert tagged.count() >= 4 * 4 * 3
    for activity in tagged:
        assert not CampaignWindow.outside(
            campaigns=activity.campaigns.all(), start=activity.start_date, end=activity.end_date
        ), activity.title
        assert CampaignWindow.objects.filter(
            campaign__in=activity.campaigns.all(), year=activity.start_date.year
        ).exists(), "every tag is checked against a window"
    kinds = set(Activity.objects.exclude(exchange_kind="").values_list("exchange_kind", flat=True))
    assert kinds == {kind for kind in ExchangeKind.values if kind}
    years = set(Activity.objects.filter(status=FilingStatus.APPROVED).values_list("year", flat=True))
    assert set(range(today.year - 4, today.year)) <= years
    summaries = AnnualSummary.objects.filter(year__lt=today.year).select_related("society")
    last_year = summaries.filter(year=today.year - 1)
    assert last_year.count() == 3 and all(summary.is_filed for summary in last_year)
    assert last_year.filter(status=FilingStatus.APPROVED).count() == 2
    for summary in summaries:
        plan = summary.figures["plan"]
        assert 50 <= plan["activities_percent"] <= 150, (summary.society.name, summary.year, plan)
        assert 50 <= plan["attendance_percent"] <= 150, (summary.society.name, summary.year, plan)
        live = summary_figures(society=summary.society, year=summary.year)
        assert {**summary.figures, "computed_at": None} == {**live, "computed_at": None}
    for activity in Activity.objects.filter(status=FilingStatus.APPROVED):
        assert activity.submitted_at <= activity.reviewed_at <= now
        assert activity.year == activity.start_date.year


def test_seed_demo_activities_needs_seed_demo():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_demo_activities", stdout=io.StringIO())
