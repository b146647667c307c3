"""Every admin list of funding and bases costs the same number of queries for 1 and 3 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from societies.framework.workflow import FilingStatus
from tests.bases.factories import BaseAnnualReportFactory, EducationBaseFactory, RecommendationFactory
from tests.funding.factories import ExpenditureFactory, FundingSourceFactory, FundReportFactory, SpecialFundFactory

pytestmark = pytest.mark.django_db


def _fund(society):
    fund = SpecialFundFactory(society=society)
    FundingSourceFactory(fund=fund)
    ExpenditureFactory(fund=fund)


def _fund_report(society):
    FundReportFactory(
        society=society, year=2000 + society.funding_fundreport_set.count(), status=FilingStatus.SUBMITTED
    )


MAKERS = {
    "admin:funding_specialfund_changelist": _fund,
    "admin:funding_fundreport_changelist": _fund_report,
    "admin:bases_educationbase_changelist": lambda s: EducationBaseFactory(society=s),
    "admin:bases_baseannualreport_changelist": lambda s: BaseAnnualReportFactory(base=EducationBaseFactory(society=s)),
    "admin:bases_recommendation_changelist": lambda s: RecommendationFactory(base=EducationBaseFactory(society=s)),
}


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", sorted(MAKERS))
def test_admin_list_query_count_does_not_grow(staff_client, society_a, society_b, url_name):
    MAKERS[url_name](society_a)
    one = _count(staff_client, reverse(url_name))
    MAKERS[url_name](society_a)
    MAKERS[url_name](society_b)
    assert _count(staff_client, reverse(url_name)) == one


CHANGE_PAGES = {
    "admin:funding_specialfund_change": lambda s: SpecialFundFactory(society=s),
    "admin:funding_fundreport_change": lambda s: FundReportFactory(society=s),
    "admin:bases_educationbase_change": lambda s: EducationBaseFactory(society=s),
    "admin:bases_baseannualreport_change": lambda s: BaseAnnualReportFactory(base=EducationBaseFactory(society=s)),
    "admin:bases_recommendation_change": lambda s: RecommendationFactory(base=EducationBaseFactory(society=s)),
}


@pytest.mark.parametrize("url_name", sorted(CHANGE_PAGES))
def test_admin_change_page_renders_for_staff(staff_client, society_a, url_name):
    obj = CHANGE_PAGES[url_name](society_a)
    response = staff_client.get(reverse(url_name, args=[obj.pk]))
    assert response.status_code == 200
    assert 'name="expected_version"' in response.content.decode() or "educationbase" in url_name
