"""Implausible values are refused with a Chinese message naming the limit (issue 12, defect 7).

Dates in year 1 or 9999, counts in the billions, texts a megabyte long: every form of the portal
(and the admin's forms for what staff type) refuses them, says what the limit is, and saves
nothing; the same form with a plausible value is saved, so each refusal is the value's doing.
``test_every_typed_field_is_bounded`` fails when a model gets a date, number or text field that
people type without a bound.
"""

import datetime
import re
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from societies.framework.limits import PlausibleDate, PlausibleYear
from tests.bases.factories import EducationBaseFactory, RecommendationFactory, category
from tests.factories import BrandFactory, VolunteerFactory
from tests.funding.factories import FundingSourceFactory, FundReportFactory, SpecialFundFactory

pytestmark = pytest.mark.django_db

MEGABYTE_TEXT = "科" * 1_000_000
TODAY = timezone.localdate()
NEXT_YEAR = TODAY.year + 1
TOMORROW = TODAY + datetime.timedelta(days=1)


def date_message(start, end) -> str:
    return f"日期应在 {start} 至 {end} 之间"


def count_message(limit: str) -> str:
    return f"最多为 {limit}，请核对数字"


def text_message(limit: int) -> str:
    return f"{limit} 字符"


YEAR_MESSAGE = f"年份应在 2000 至 {NEXT_YEAR} 之间"
DATE_GUARD = date_message("2000-01-01", f"{NEXT_YEAR}-12-31")


@dataclass(frozen=True)
class Page:
    """A secretary form page: where it is, plausible data, and the model whose rows it writes."""

    name: str
    url: str  # URL name; object pages take the object made by ``make``
    model: str
    data: dict
    make: object = None  # society → object whose id the URL takes and whose data it needs
    more: object = field(default=None)  # object → more data (a report's base)


def _activity_data():
    return {
        "title": "走进校园：趣味物理实验",
        "description": "面向初中生的物理实验演示。",
        "start_date": "2026-05-20",
        "end_date": "2026-05-21",
        "place": "南宁市第三中学",
        "city": "nanning",
        "setting": "school",
        "delivery_mode": "both",
        "offline_sessions": 2,
        "offline_attendance": 300,
        "online_sessions": 1,
        "online_attendance": 1200,
        "volunteer_count": 6,
        "expert_count": 1,
        "exchange_kind": "",
    }


def _fund(society):
    fund = SpecialFundFactory(society=society, year=2026)
    FundingSourceFactory(fund=fund)
    return fund


PAGES = {
    "activity": Page("activity", "activities:activity_create", "activities.Activity", _activity_data()),
    "plan": Page(
        "plan",
        "activities:plan_create",
        "activities.OutreachPlan",
        {
            "year": 2026,
            "goals": "开展科普",
            "planned_activity_count": 12,
            "planned_participants": 5000,
            "planned_budget": "2000",
        },
    ),
    "summary": Page(
        "summary", "activities:summary_create", "activities.AnnualSummary", {"year": 2026, "narrative": "全年"}
    ),
    "fund": Page(
        "fund",
        "funding:fund_create",
        "funding.SpecialFund",
        {"year": 2026, "project_name": "科普进校园", "category": "key_project", "budget": "50000.00"},
    ),
    "source": Page(
        "source",
        "funding:fund_source_add",
        "funding.FundingSource",
        {"kind": "association", "amount": "1000.00", "donor": "广西科协", "received_on": "2026-03-01"},
        make=_fund,
    ),
    "expenditure": Page(
        "expenditure",
        "funding:fund_expenditure_add",
        "funding.Expenditure",
        {"spent_on": "2026-04-01", "amount": "100.00", "purpose": "实验器材"},
        make=_fund,
    ),
    "fundreport": Page(
        "fundreport", "funding:fundreport_create", "funding.FundReport", {"year": 2026, "summary": "决算"}
    ),
    "base": Page(
        "base",
        "bases:base_create",
        "bases.EducationBase",
        {"name": "药用植物园", "host_unit": "植物园", "city": "nanning", "address": "南宁", "opening_days": 300},
        more=lambda _: {"category": category().pk, "status": "open"},
    ),
    "basereport": Page(
        "basereport",
        "bases:basereport_create",
        "bases.BaseAnnualReport",
        {"year": 2026, "visitors": 5000, "activities_held": 12, "highlights": "开放日", "online_visits": 100},
        make=lambda society: EducationBaseFactory(society=society),
        more=lambda base: {"base": base.pk, "staff_count": 5, "volunteer_count": 20},
    ),
    "recommendation": Page(
        "recommendation",
        "bases:recommendation_create",
        "bases.Recommendation",
        {"year": 2026, "target_level": "guangxi", "reasons": "开放时间长"},
        make=lambda society: EducationBaseFactory(society=society),
        more=lambda base: {"base": base.pk},
    ),
    "volunteer": Page(
        "volunteer", "societies:volunteer_create", "societies.Volunteer", {"name": "张三", "joined_on": "2020-01-01"}
    ),
    "brand": Page("brand", "societies:brand_create", "societies.Brand", {"name": "物理大讲堂", "started_year": 2015}),
}

# (page, field, implausible value, what the message must say)
REFUSED = [
    ("activity", "start_date", "0001-01-01", DATE_GUARD),
    ("activity", "start_date", "9999-12-31", DATE_GUARD),
    ("activity", "end_date", "2027-12-31", date_message("2026-05-20", "2027-05-20")),
    ("activity", "content_reviewed_on", "2024-01-01", date_message("2025-05-20", TODAY.isoformat())),
    ("activity", "content_reviewed_on", TOMORROW.isoformat(), date_message("2000-01-01", TODAY.isoformat())),
    ("activity", "offline_attendance", "5000000000", count_message("1,000,000")),
    ("activity", "online_attendance", "2000000000", count_message("100,000,000")),
    ("activity", "offline_sessions", "99999", count_message("10,000")),
    ("activity", "volunteer_count", "2000000", count_message("10,000")),
    ("activity", "description", MEGABYTE_TEXT, text_message(20_000)),
    ("activity", "content_review_note", MEGABYTE_TEXT, text_message(2_000)),
    ("plan", "year", "9999", YEAR_MESSAGE),
    ("plan", "year", "1", YEAR_MESSAGE),
    ("plan", "planned_participants", "3000000000", count_message("100,000,000")),
    ("plan", "planned_activity_count", "1000000", count_message("10,000")),
    ("plan", "planned_budget", "9999999999.99", count_message("100,000,000.00")),
    ("plan", "goals", MEGABYTE_TEXT, text_message(5_000)),
    ("summary", "narrative", MEGABYTE_TEXT, text_message(20_000)),
    ("summary", "year", str(NEXT_YEAR + 1), YEAR_MESSAGE),
    ("fund", "budget", "9999999999.99", count_message("100,000,000.00")),
    ("fund", "description", MEGABYTE_TEXT, text_message(5_000)),
    ("source", "amount", "1000000000.00", count_message("100,000,000.00")),
    ("source", "received_on", "2020-01-01", date_message("2025-01-01", "2027-12-31")),
    ("source", "received_on", "0001-01-01", DATE_GUARD),
    ("expenditure", "spent_on", "2024-06-01", date_message("2025-01-01", TODAY.isoformat())),
    ("expenditure", "spent_on", TOMORROW.isoformat(), date_message("2000-01-01", TODAY.isoformat())),
    ("expenditure", "spent_on", "9999-01-01", date_message("2000-01-01", TODAY.isoformat())),
    ("expenditure", "amount", "9999999999.99", count_message("100,000,000.00")),
    ("fundreport", "summary", MEGABYTE_TEXT, text_message(20_000)),
    ("fundreport", "year", "9999", YEAR_MESSAGE),
    ("base", "introduction", MEGABYTE_TEXT, text_message(5_000)),
    ("basereport", "visitors", "3000000000", count_message("10,000,000")),
    ("basereport", "online_visits", "2100000000", count_message("100,000,000")),
    ("basereport", "volunteer_count", "5000000", count_message("100,000")),
    ("basereport", "highlights", MEGABYTE_TEXT, text_message(5_000)),
    ("recommendation", "reasons", MEGABYTE_TEXT, text_message(5_000)),
    ("volunteer", "joined_on", TOMORROW.isoformat(), date_message("1950-01-01", TODAY.isoformat())),
    ("volunteer", "joined_on", "0001-01-01", date_message("1950-01-01", TODAY.isoformat())),
    ("brand", "started_year", "9999", f"年份应在 1950 至 {TODAY.year} 之间"),
    ("brand", "description", MEGABYTE_TEXT, text_message(5_000)),
]


def _post(client, page: Page, society, **changes) -> tuple:
    """POST the page's data with ``changes``; (response, rows of the model before, after)."""
    obj = page.make(society) if page.make else None
    url = reverse(page.url, args=[obj.pk]) if page.url.endswith("_add") else reverse(page.url)
    data = {**page.data, **(page.more(obj) if page.more else {}), **changes}
    rows = apps.get_model(page.model).objects
    before = rows.count()
    response = client.post(url, data)
    return response, before, rows.count()


@pytest.mark.parametrize(("page", "name", "value", "message"), REFUSED, ids=lambda v: str(v)[:20])
def test_implausible_value_refused_with_its_limit(client_a, society_a, page, name, value, message):
    response, before, after = _post(client_a, PAGES[page], society_a, **{name: value})
    assert response.status_code == 200, "the form should have come back with a message"
    assert after == before
    errors = response.context["form"].errors
    assert name in errors, errors
    assert message in " ".join(errors[name]), errors[name]
    assert message in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_plausible_values_of_every_form_are_saved(client_a, society_a, page):
    response, before, after = _post(client_a, PAGES[page], society_a)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert after == before + 1


def test_society_profile_member_count_is_bounded(client_a, society_a):
    data = {"short_name": "物理学会", "discipline": "science", "member_count": "3000000000"}
    response = client_a.post(reverse("societies:society_edit"), data)
    assert response.status_code == 200 and count_message("1,000,000") in response.content.decode()
    society_a.refresh_from_db()
    assert society_a.member_count != 3_000_000_000


def test_edit_forms_bound_too(client_a, society_a):
    """The same limits on edit pages: a volunteer's date, a brand's year, a fund report's text."""
    volunteer, brand = VolunteerFactory(society=society_a), BrandFactory(society=society_a)
    report = FundReportFactory(society=society_a)
    for url, data, message in (
        (
            reverse("societies:volunteer_update", args=[volunteer.pk]),
            {"name": volunteer.name, "joined_on": "9999-01-01"},
            date_message("1950-01-01", TODAY.isoformat()),
        ),
        (
            reverse("societies:brand_update", args=[brand.pk]),
            {"name": brand.name, "started_year": "3000"},
            f"年份应在 1950 至 {TODAY.year} 之间",
        ),
        (
            reverse("funding:fundreport_update", args=[report.pk]),
            {"year": 2026, "summary": "x", "problems": MEGABYTE_TEXT, "expected_version": report.version},
            text_message(5_000),
        ),
    ):
        response = client_a.post(url, data)
        assert response.status_code == 200 and message in response.content.decode(), url


def test_recommendation_of_a_base_edit_keeps_the_limits(client_a, society_a):
    recommendation = RecommendationFactory(base=EducationBaseFactory(society=society_a))
    url = reverse("bases:recommendation_update", args=[recommendation.pk])
    data = {
        "base": recommendation.base_id,
        "year": "1",
        "target_level": "guangxi",
        "reasons": "x",
        "expected_version": 1,
    }
    response = client_a.post(url, data)
    assert response.status_code == 200 and YEAR_MESSAGE in response.content.decode()


# --- the admin: what staff type ---------------------------------------------------------------------------


def test_admin_commendation_and_deadline_dates_are_bounded(staff_client, society_a):
    commendation = {
        "society": society_a.pk,
        "year": "2026",
        "kind": "featured_society",
        "honoree": "广西物理学会",
        "citation": "科普工作成绩突出",
        "awarded_on": "2020-05-01",
    }
    response = staff_client.post(reverse("admin:societies_commendation_add"), commendation)
    assert response.status_code == 200 and date_message("2026-01-01", "2027-12-31") in response.content.decode()
    response = staff_client.post(reverse("admin:societies_commendation_add"), {**commendation, "year": "9999"})
    assert response.status_code == 200 and YEAR_MESSAGE in response.content.decode()
    response = staff_client.post(
        reverse("admin:societies_commendation_add"), {**commendation, "awarded_on": "2026-12-01"}
    )
    assert response.status_code == 302

    deadline = {
        "kind": "plan",
        "year": "2026",
        "due_on": "2024-03-31",
        "reminders_from": "2026-01-01",
        "is_active": "on",
    }
    response = staff_client.post(reverse("admin:kepu_portal_deadline_add"), deadline)
    assert response.status_code == 200 and date_message("2026-01-01", "2027-12-31") in response.content.decode()
    response = staff_client.post(
        reverse("admin:kepu_portal_deadline_add"), {**deadline, "due_on": "2026-03-31", "reminders_from": "2000-01-01"}
    )
    assert response.status_code == 200 and date_message("2025-03-31", "2026-03-31") in response.content.decode()
    response = staff_client.post(reverse("admin:kepu_portal_deadline_add"), {**deadline, "due_on": "2026-03-31"})
    assert response.status_code == 302


# --- every typed field has a bound ------------------------------------------------------------------------

# Written by the portal, never typed: the workflow, the outbox and ledger, frozen figures, ordering keys.
NOT_TYPED = {
    "version",
    "attempts",
    "reminded_on",
    "fund_count",
    "total_budget",
    "total_raised",
    "total_spent",
    "body",
    "html",
    "last_error",
    "sort_order",
    "order",
    "figures",
}
SYSTEM_MODELS = {"societies.OutboxEmail", "kepu_portal.ReminderLog"}


def _bounded(field) -> bool:
    if isinstance(field, models.TextField):
        return field.max_length is not None
    if isinstance(field, models.DateField):
        return any(isinstance(v, PlausibleDate) for v in field.validators)
    if field.name == "year" or field.name.endswith("_year"):
        return any(isinstance(v, PlausibleYear) for v in field.validators)
    # Not the database's own range (PostgreSQL's integer bounds are validators too).
    return any(isinstance(v, MaxValueValidator) and v.limit_value < 2**31 - 1 for v in field._validators)


def test_every_typed_field_is_bounded():
    missing = []
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label not in ("societies", "activities", "funding", "bases", "kepu_portal"):
            continue
        if label in SYSTEM_MODELS or model.__name__.startswith("Historical"):
            continue
        for f in model._meta.fields:
            if not f.editable or f.primary_key or f.is_relation or f.choices or f.name in NOT_TYPED:
                continue
            if isinstance(f, models.DateTimeField):  # set by the portal (submitted, reviewed, created…)
                continue
            typed = isinstance(f, models.TextField | models.DateField | models.IntegerField | models.DecimalField)
            if typed and not _bounded(f) and f.name not in ("latitude", "longitude"):  # those have their range
                missing.append(f"{label}.{f.name}")
    assert missing == []


def test_inputs_carry_the_limits_for_the_browser(client_a, society_a):
    body = client_a.get(reverse("activities:activity_create")).content.decode()

    def tag(name: str) -> str:
        return re.search(rf'<input [^>]*name="{name}"[^>]*>', body).group(0)

    assert 'max="1000000"' in tag("offline_attendance") and 'max="100000000"' in tag("online_attendance")
    assert 'min="2000-01-01"' in tag("start_date") and f'max="{NEXT_YEAR}-12-31"' in tag("start_date")
    assert f'max="{TODAY.isoformat()}"' in tag("content_reviewed_on")  # not after today
