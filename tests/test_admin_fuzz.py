"""Hostile query strings on every admin list never give a server error (issue 12, defect 5).

Every ModelAdmin registered on ``admin.site`` is opened as association staff and as a superuser
with a fixed corpus of hostile values in every filter parameter its changelist expects (found from
the changelist itself, so filters added later are covered), in the date hierarchy, and in ``q``
(search), ``p`` (page) and ``o`` (ordering). What is decided:

- a value the list cannot use (a year of eleven digits, a page past the end, an ordering on a
  column that is not there, a date that does not exist) is Django's "invalid lookup": **302** to
  ``?e=1``, or **200** with the list when the filter simply finds nothing;
- a NUL byte anywhere in a query string is refused before any view runs: **400**
  (``kepu_portal.middleware.RejectNulMiddleware``; PostgreSQL cannot store or compare it);
- nothing is ever 5xx. A model the user may not view is a 403, and is not fuzzed.

Run on PostgreSQL (CI does): that is where NUL bytes and integer overflow used to fail.
"""

import datetime
import itertools

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from societies.framework.workflow import FilingStatus
from tests.activities.factories import ActivityFactory
from tests.bases.factories import BaseAnnualReportFactory, RecommendationFactory
from tests.factories import BrandFactory, CommendationFactory, OutreachPlanFactory, VolunteerFactory
from tests.funding.factories import FundReportFactory, SpecialFundFactory

pytestmark = pytest.mark.django_db

NUL = "\x00"
FILTER_VALUES = [
    "99999999999",
    "-9223372036854775809",
    "9999",
    "0",
    "abc",
    "2026-13-45",
    "",
    "%'\"\\",
    "９",
    f"1{NUL}",
]
SEARCH_VALUES = [NUL, f"a{NUL}b", "%", "_", "\\", "'\"", "🙂" * 3, "检" * 4000, "  "]
PAGE_VALUES = ["-1", "0", "999999", "99999999999999999999", "abc", "1.5", "", f"1{NUL}"]
ORDER_VALUES = ["999", "-1", "1.2.3", "x", "0.-0", ".", "-", "99999999999999999999", f"1{NUL}"]
# A few together: the first page of a filtered, searched, ordered list.
COMBINED = [
    {"year": "99999999999", "q": "学会", "o": "-2", "p": "3"},
    {"status__exact": FilingStatus.SUBMITTED, "year": "2026", "p": "99999", "o": "1.-2"},
    {"q": f"学会{NUL}", "year": NUL},
    {"_facets": "True", "year": "99999999999", "status__exact": "x"},
    {"_to_field": "password"},
    {"_popup": "1", "_to_field": "id", "p": "-5"},
    {"all": "", "e": "1", "unknown_parameter": "1"},
]
ALLOWED = {200, 302, 400}


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture
def rows(society_a, society_b, secretary_a, staff):
    """Some rows in every list, so that rows, filters' choices and orderings are exercised."""
    for society in (society_a, society_b):
        VolunteerFactory(society=society)
        BrandFactory(society=society)
        CommendationFactory(society=society)
        OutreachPlanFactory(society=society, status=FilingStatus.SUBMITTED)
        ActivityFactory(society=society, start_date=datetime.date(2026, 5, 30), end_date=datetime.date(2026, 5, 30))
        SpecialFundFactory(society=society)
        FundReportFactory(society=society)
        RecommendationFactory(base__society=society)
        BaseAnnualReportFactory(base__society=society)


def _queries(model_admin, user):
    """Hostile values for every query parameter the changelist's filters and date hierarchy read."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    parameters = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
    hierarchy = changelist.date_hierarchy
    if hierarchy:
        parameters += [f"{hierarchy}__{part}" for part in ("year", "month", "day")]
        for year, month, day in (("2026", "99999999999", None), ("9999", "12", None), ("2026", "2", "30")):
            yield {f"{hierarchy}__year": year, f"{hierarchy}__month": month, f"{hierarchy}__day": day or ""}
    for name, value in itertools.product(parameters, FILTER_VALUES):
        yield {name: value}
    for name, values in (("q", SEARCH_VALUES), ("p", PAGE_VALUES), ("o", ORDER_VALUES)):
        for value in values:
            yield {name: value}
    yield from COMBINED


def _fuzz(user) -> tuple[int, list]:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    tried, failures = 0, []
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        request = RequestFactory().get(url)
        request.user = user
        if not model_admin.has_view_or_change_permission(request):
            assert client.get(url).status_code == 403, url
            continue
        for query in _queries(model_admin, user):
            status = client.get(url, query).status_code
            tried += 1
            if status not in ALLOWED:
                failures.append((url, query, status))
    return tried, failures


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_admin_changelists_survive_hostile_query_strings(who, request, rows):
    user = request.getfixturevalue(who)
    tried, failures = _fuzz(user)
    print(
        f"\n{who}: {tried} hostile requests over {len(admin.site._registry)} registered admins, {len(failures)} failed"
    )
    assert tried > 500, tried  # every registered list was reached
    assert failures == [], f"{len(failures)} of {tried} requests failed: {failures[:20]}"


def test_nul_in_a_query_string_is_a_bad_request(staff_client, client_a):
    for client, url in (
        (staff_client, reverse("admin:activities_activity_changelist")),
        (client_a, reverse("activities:activity_list")),
    ):
        response = client.get(url, {"q": f"a{NUL}"})
        assert response.status_code == 400
        assert "请求无效" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"year": "99999999999"}, {"p": "99999"}, {"o": "99"}],
)
def test_odd_admin_query_is_a_list_or_the_invalid_lookup_redirect(staff_client, rows, query):
    response = staff_client.get(reverse("admin:activities_activity_changelist"), query)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.url.endswith("?e=1")
