"""The filing admin at national size: a year filter without a query, no full count of a huge table,
and the list's related columns joined even when a subclass adds its own select_related."""

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import OutreachPlan
from societies.framework.admin import EstimatedCountPaginator, YearListFilter
from tests.factories import OutreachPlanFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:activities_outreachplan_changelist"


def test_year_filter_lists_recent_years_and_filters(staff_client, society_a, society_b):
    OutreachPlanFactory(society=society_a, year=2025)
    OutreachPlanFactory(society=society_b, year=2026)
    response = staff_client.get(reverse(CHANGELIST) + "?year=2025")
    assert response.status_code == 200
    assert [plan.year for plan in response.context["cl"].result_list] == [2025]
    year_filter = next(f for f in response.context["cl"].filter_specs if isinstance(f, YearListFilter))
    assert ("2025", "2025") in year_filter.lookup_choices


def test_year_filter_makes_no_query_of_its_own(staff_client, society_a):
    OutreachPlanFactory(society=society_a, year=2025)
    staff_client.get(reverse(CHANGELIST))
    with CaptureQueriesContext(connection) as queries:
        staff_client.get(reverse(CHANGELIST))
    assert not [q for q in queries.captured_queries if "DISTINCT" in q["sql"] and '"year"' in q["sql"]]


def test_paginator_counts_small_lists_exactly(society_a):
    OutreachPlanFactory.create_batch(3, society=society_a, year=factory_years())
    assert EstimatedCountPaginator(OutreachPlan.objects.all(), 50).count == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner estimates are PostgreSQL's")
def test_paginator_uses_the_planner_estimate_above_the_threshold(society_a, monkeypatch):
    OutreachPlanFactory.create_batch(3, society=society_a, year=factory_years())
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_ABOVE", -1)
    with CaptureQueriesContext(connection) as queries:
        count = EstimatedCountPaginator(OutreachPlan.objects.all(), 50).count
    assert isinstance(count, int) and count >= 0
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["EXPLAIN"]


def factory_years():
    return factory.Iterator(range(2020, 2030))
