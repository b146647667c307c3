"""seed_demo_activities gives `make run` something to show everywhere, and is safe to run again."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from societies.framework.workflow import FilingStatus
from societies.models import Commendation

pytestmark = pytest.mark.django_db


def test_seed_demo_activities_twice_fills_the_public_pages():
    call_command("seed_demo", stdout=io.StringIO())
    for _ in range(2):
        call_command("seed_demo_activities", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert Activity.objects.count() == 4 * 5, "five per demo society, once"
    assert Activity.objects.filter(status=FilingStatus.APPROVED).count() == 4 * 3
    assert Commendation.objects.count() == 2
    approved = Activity.objects.filter(status=FilingStatus.APPROVED).order_by("-start_date").first()
    assert approved.content_review_passed and approved.themes.exists()
    visitor = Client()
    assert approved.title in visitor.get(reverse("activities:public_calendar")).content.decode()
    assert "健康科普志愿服务队" in visitor.get(reverse("societies:public_honours")).content.decode()


def test_seed_demo_activities_needs_seed_demo():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_demo_activities", stdout=io.StringIO())
