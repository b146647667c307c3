"""Bases in the admin: filters (city, category, level, expiring), the decision action, Excel exports."""

import datetime
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from openpyxl import load_workbook

from bases.models import DesignationLevel, EducationBase, Recommendation
from societies.framework.workflow import FilingStatus
from tests.bases.factories import BaseAnnualReportFactory, EducationBaseFactory, RecommendationFactory, category

pytestmark = pytest.mark.django_db
BASES = "admin:bases_educationbase_changelist"
RECOMMENDATIONS = "admin:bases_recommendation_changelist"


def _action(client, url, action, objects, **extra):
    return client.post(reverse(url), {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **extra})


def _listed(response):
    return {obj.pk for obj in response.context["cl"].result_list}


def test_expiring_filter_lists_only_bases_expiring_within_180_days(staff_client, society_a):
    today = datetime.date.today()
    soon = EducationBaseFactory(society=society_a, level="guangxi", valid_until=today + datetime.timedelta(days=90))
    EducationBaseFactory(society=society_a, level="guangxi", valid_until=today + datetime.timedelta(days=400))
    EducationBaseFactory(society=society_a, level="guangxi", valid_until=today - datetime.timedelta(days=3))
    response = staff_client.get(reverse(BASES), {"validity": "expiring"})
    assert _listed(response) == {soon.pk}
    assert "天后到期" in staff_client.get(reverse(BASES)).content.decode()


def test_city_category_and_level_filters(staff_client, society_a):
    nanning = EducationBaseFactory(society=society_a, city="nanning", category=category("企业类"), level="national")
    guilin = EducationBaseFactory(society=society_a, city="guilin")
    assert _listed(staff_client.get(reverse(BASES), {"city": "guilin"})) == {guilin.pk}
    assert _listed(staff_client.get(reverse(BASES), {"category__id__exact": nanning.category_id})) == {nanning.pk}
    assert _listed(staff_client.get(reverse(BASES), {"level": "national"})) == {nanning.pk}


def test_city_reviewer_sees_only_bases_of_city_level_societies_of_their_city(reviewer_client, society_a, society_b):
    theirs = EducationBaseFactory(society=society_b)
    EducationBaseFactory(society=society_a)
    assert _listed(reviewer_client.get(reverse(BASES))) == {theirs.pk}


def test_base_export_opens_and_has_the_selected_rows(staff_client, society_a):
    chosen = EducationBaseFactory(society=society_a, name="广西科技馆", valid_until=datetime.date(2030, 1, 1))
    EducationBaseFactory(society=society_a, name="未选中")
    response = _action(staff_client, BASES, "export_xlsx", [chosen])
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "基地名称" and rows[0][10] == "命名级别"
    assert len(rows) == 2 and rows[1][0] == "广西科技馆" and rows[1][2] == society_a.name
    assert rows[1][10] == "学会级科普教育基地" and rows[1][13] == datetime.datetime(2030, 1, 1)


def test_staff_approve_then_decide_recommended_updates_the_base(staff_client, society_a):
    recommendation = RecommendationFactory(
        base=EducationBaseFactory(society=society_a), status=FilingStatus.SUBMITTED, target_level="national"
    )
    _action(staff_client, RECOMMENDATIONS, "approve_selected", [recommendation])
    page = _action(staff_client, RECOMMENDATIONS, "decide_selected", [recommendation])
    assert page.status_code == 200 and "保存推荐结果" in page.content.decode()
    missing_batch = _action(
        staff_client, RECOMMENDATIONS, "decide_selected", [recommendation], apply="1", decision="recommended"
    )
    assert missing_batch.status_code == 200
    done = _action(
        staff_client,
        RECOMMENDATIONS,
        "decide_selected",
        [recommendation],
        apply="1",
        decision="recommended",
        batch="2026年第二批",
        valid_from="2026-06-01",
    )
    assert done.status_code == 302
    recommendation.refresh_from_db()
    base = EducationBase.objects.get(pk=recommendation.base_id)
    assert recommendation.decision == "recommended" and recommendation.status == FilingStatus.APPROVED
    assert base.level == DesignationLevel.NATIONAL and base.batch == "2026年第二批"
    assert base.valid_until == datetime.date(2031, 5, 31)


def test_decide_refused_for_unapproved_and_for_city_reviewer(staff_client, reviewer_client, society_b):
    recommendation = RecommendationFactory(base=EducationBaseFactory(society=society_b), status=FilingStatus.SUBMITTED)
    form = {"apply": "1", "decision": "not_recommended"}
    _action(staff_client, RECOMMENDATIONS, "decide_selected", [recommendation], **form)
    assert Recommendation.objects.get().decision == "pending"
    Recommendation.objects.update(status=FilingStatus.APPROVED)
    _action(reviewer_client, RECOMMENDATIONS, "decide_selected", [recommendation], **form)
    assert Recommendation.objects.get().decision == "pending"


def test_recommendation_and_report_exports(staff_client, society_a):
    base = EducationBaseFactory(society=society_a, name="南宁科普基地")
    recommendation = RecommendationFactory(base=base, reasons="理由")
    report = BaseAnnualReportFactory(base=base, visitors=4321)
    rec_rows = list(
        load_workbook(
            io.BytesIO(_action(staff_client, RECOMMENDATIONS, "export_xlsx", [recommendation]).content)
        ).active.iter_rows(values_only=True)
    )
    assert len(rec_rows) == 2 and rec_rows[1][0] == "南宁科普基地" and rec_rows[1][6] == "理由"
    response = _action(staff_client, "admin:bases_baseannualreport_changelist", "export_xlsx", [report])
    report_rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(report_rows) == 2 and report_rows[1][5] == 4321


def test_categories_are_staff_editable(staff_client):
    response = staff_client.get(reverse("admin:bases_basecategory_changelist"))
    assert response.status_code == 200 and "网上展馆" in response.content.decode()


def test_staff_sets_designation_in_the_admin(staff_client, society_a):
    base = EducationBaseFactory(society=society_a)
    data = {
        "name": base.name,
        "host_unit": base.host_unit,
        "society": society_a.pk,
        "category": base.category_id,
        "city": "nanning",
        "address": base.address,
        "opening_days": 300,
        "website": "kepu.example.org",
        "status": "open",
        "level": "guangxi",
        "batch": "2025年第一批",
        "valid_from": "2025-03-01",
        "valid_until": "2025-02-01",
    }
    url = reverse("admin:bases_educationbase_change", args=[base.pk])
    assert staff_client.post(url, data).status_code == 200  # until before from: refused
    assert staff_client.post(url, {**data, "valid_until": "2030-02-28"}).status_code == 302
    base.refresh_from_db()
    assert base.level == "guangxi" and base.valid_until == datetime.date(2030, 2, 28)
    assert base.website == "https://kepu.example.org"


def test_admin_report_for_a_base_of_another_society_refused(staff_client, society_a, society_b):
    other_base = EducationBaseFactory(society=society_b)
    data = {"society": society_a.pk, "base": other_base.pk, "year": 2026, "visitors": 1, "activities_held": 1}
    data.update({"online_visits": 0, "staff_count": 0, "volunteer_count": 0, "highlights": "x"})
    data.update({"photos-TOTAL_FORMS": 0, "photos-INITIAL_FORMS": 0})
    response = staff_client.post(reverse("admin:bases_baseannualreport_add"), data)
    assert response.status_code == 200 and "只能选择该学会自己的科普教育基地" in response.content.decode()
