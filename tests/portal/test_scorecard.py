"""A society's scorecard in the admin: its year in figures, filings against deadlines, funds by
source and bases; staff see every society, a city reviewer their city's, nobody else any."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from activities.models import OutreachPlan
from bases.models import DesignationLevel
from kepu_portal.models import Deadline
from societies.framework.workflow import FilingStatus
from tests.activities.factories import ActivityFactory, ReviewedActivityFactory
from tests.bases.factories import EducationBaseFactory
from tests.factories import OutreachPlanFactory, VolunteerFactory
from tests.funding.factories import FundingSourceFactory, SpecialFundFactory

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _url(society, **params):
    return reverse("scorecard", args=[society.pk]) + (
        "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
    )


@pytest.fixture
def card_data(society_a):
    society_a.member_count = 40
    society_a.save(update_fields=["member_count"])
    VolunteerFactory.create_batch(6, society=society_a, is_expert=False)
    VolunteerFactory.create_batch(2, society=society_a, is_expert=True)
    ReviewedActivityFactory(society=society_a, status=FilingStatus.APPROVED, start_date=datetime.date(YEAR, 3, 1))
    ActivityFactory(society=society_a, status=FilingStatus.DRAFT, start_date=datetime.date(YEAR, 3, 2))
    plan = OutreachPlanFactory(society=society_a, year=YEAR, status=FilingStatus.SUBMITTED)
    plan.submitted_at = timezone.make_aware(datetime.datetime(YEAR, 3, 20, 10))
    plan.save(update_fields=["submitted_at"])
    Deadline.objects.create(kind="plan", year=YEAR, due_on=datetime.date(YEAR, 3, 31))
    Deadline.objects.create(kind="summary", year=YEAR, due_on=datetime.date(YEAR + 1, 1, 31))
    fund = SpecialFundFactory(society=society_a, year=YEAR, status=FilingStatus.APPROVED)  # counts: approved
    FundingSourceFactory(
        fund=fund, kind="association", amount=Decimal("3000.00"), received_on=datetime.date(YEAR, 3, 1)
    )
    today = timezone.localdate()
    EducationBaseFactory(
        society=society_a,
        name="在期基地",
        level=DesignationLevel.GUANGXI,
        valid_from=today,
        valid_until=today + datetime.timedelta(days=10),
    )
    return society_a


def test_staff_reads_a_societys_year(staff_client, card_data):
    response = staff_client.get(_url(card_data, year=YEAR))
    assert response.status_code == 200
    card = response.context["card"]
    assert card["activities"]["totals"]["activities"] == 1, "the draft does not count"
    # 6 volunteers and 2 experts, and the expert who reviewed the activity: 9 of 40 members
    assert (card["society"].volunteer_total, card["society"].expert_total) == (9, 3)
    assert card["volunteer_ratio"] == Decimal("22.5")
    rows = {row["deadline"].kind: row for row in card["deadlines"]}
    assert rows["plan"]["on_time"] and rows["plan"]["filed"] == 1
    assert not rows["summary"]["on_time"] and rows["summary"]["total"] == 0
    assert rows["summary"]["expected"], "every society files a summary"
    assert [row["amount"] for row in card["funds_by_source"]] == [Decimal("3000.00")]
    assert [base.name for base in card["bases"]] == ["在期基地"]
    assert card["activities"]["by_setting"][0]["name"] == "进学校"


def test_scorecard_counts_by_the_rule(staff_client, counting_year, society_a):
    """Society A's part of the hand-counted year of ``tests/counting.py``, by the same rule as the
    statistics page: A1 and A2 (not the one in review, the draft, the returned one, nor A6 of the
    year before); money raised and spent in the year by its own date; bases in force during it."""
    response = staff_client.get(_url(society_a, year=YEAR))
    card = response.context["card"]
    totals = card["activities"]["totals"]
    assert (totals["activities"], totals["attendance"], totals["sessions"], totals["helpers"]) == (2, 170, 4, 11)
    assert (totals["exchange"], totals["leaders"], totals["president"], totals["secretary_general"]) == (2, 2, 1, 1)
    assert [(str(label), n) for label, n in card["exchange"]] == [("国际", 1), ("港澳台", 0), ("中国—东盟", 1)]
    assert (card["funds_total"]["raised"], card["funds_total"]["spent"]) == (Decimal("3000.00"), Decimal("1300.25"))
    assert [(row["kind"], row["amount"]) for row in card["funds_by_source"]] == [("association", Decimal("3000.00"))]
    assert [base.level for base in card["bases"]] == [DesignationLevel.GUANGXI], "the one that ended last year is not"
    assert card["volunteer_ratio"] == Decimal("0.4")
    body = response.content.decode()
    assert 'id="counting-rule"' in body and "统计口径" in body
    assert "0.4%" in body and "20%" not in body, "the share, and no yardstick the notice does not give"
    assert "加强科技志愿者队伍建设" in body, "what the notice does say, 二（二）"
    previous = staff_client.get(_url(society_a, year=YEAR - 1)).context["card"]
    assert previous["activities"]["totals"]["activities"] == 1, "A6 starts on 30 December of the year before"
    assert previous["funds_total"]["raised"] == Decimal("3000.50")


def test_late_when_submitted_after_the_deadline(staff_client, card_data):
    plan = OutreachPlan.objects.get(society=card_data, year=YEAR)
    plan.submitted_at = timezone.make_aware(datetime.datetime(YEAR, 4, 2, 9))
    plan.save(update_fields=["submitted_at"])
    rows = {
        row["deadline"].kind: row for row in staff_client.get(_url(card_data, year=YEAR)).context["card"]["deadlines"]
    }
    assert not rows["plan"]["on_time"]


def test_a_report_the_society_need_not_file_is_not_late(staff_client, card_data):
    Deadline.objects.create(kind="fund_report", year=YEAR - 1, due_on=datetime.date(YEAR, 1, 31))
    Deadline.objects.create(kind="fund_report", year=YEAR, due_on=datetime.date(YEAR + 1, 1, 31))
    response = staff_client.get(_url(card_data, year=YEAR))
    rows = {row["deadline"].kind: row for row in response.context["card"]["deadlines"]}
    assert rows["fund_report"]["expected"], "it has a fund this year"
    response = staff_client.get(_url(card_data, year=YEAR - 1))
    (row,) = [row for row in response.context["card"]["deadlines"] if row["deadline"].kind == "fund_report"]
    assert not row["expected"]
    assert "不需报送" in response.content.decode()


def test_city_reviewer_only_for_their_citys_societies(reviewer_client, society_a, society_b):
    assert reviewer_client.get(_url(society_b)).status_code == 200  # a city-level society of Liuzhou
    assert reviewer_client.get(_url(society_a)).status_code == 404  # a region-level society of Nanning


def test_secretary_is_sent_to_the_admin_login(client_a, society_a):
    response = client_a.get(_url(society_a))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_society_changelist_links_to_the_scorecard(staff_client, society_a):
    body = staff_client.get(reverse("admin:societies_society_changelist")).content.decode()
    assert f'href="{reverse("scorecard", args=[society_a.pk])}"' in body


@pytest.mark.parametrize("count", [1, 5])
def test_query_count_is_constant(staff_client, card_data, count, django_assert_num_queries):
    for _ in range(count):
        ReviewedActivityFactory(society=card_data, status=FilingStatus.APPROVED, start_date=datetime.date(YEAR, 5, 1))
    staff_client.get(_url(card_data))
    cache.clear()  # the card is cached: count the queries of a card computed anew
    with django_assert_num_queries(12):  # session, user, then ten
        assert staff_client.get(_url(card_data)).status_code == 200
    with django_assert_num_queries(2):  # then the card comes from the cache
        assert staff_client.get(_url(card_data)).status_code == 200
