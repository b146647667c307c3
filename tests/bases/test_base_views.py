"""Secretary pages for bases, annual reports (with photos) and recommendations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bases.models import BaseAnnualReport, BaseReportPhoto, DesignationLevel, EducationBase, Recommendation
from societies.framework.workflow import FilingStatus
from tests import uploads
from tests.bases.factories import BaseAnnualReportFactory, EducationBaseFactory, RecommendationFactory, category

pytestmark = pytest.mark.django_db


def _base_form(**changes):
    data = {
        "name": "广西药用植物园科普基地",
        "host_unit": "广西药用植物园",
        "category": category("自然资源类").pk,
        "city": "nanning",
        "address": "南宁市长堽路189号",
        "opening_days": 300,
        "status": "open",
    }
    return {**data, **changes}


def _report_form(base, **changes):
    data = {"base": base.pk, "year": 2026, "visitors": 5000, "activities_held": 12, "highlights": "科技周开放日"}
    data.update({"online_visits": 100, "staff_count": 5, "volunteer_count": 20})
    return {**data, **changes}


def test_categories_are_seeded():
    from bases.models import BaseCategory

    names = set(BaseCategory.objects.values_list("name", flat=True))
    assert {"科技场馆类", "教育科研与重大工程类", '"三农"类', "企业类", "自然资源类", "网上展馆", "其他类"} <= names


def test_base_create_sets_society_and_ignores_designation_tampering(client_a, society_a, society_b):
    tampered = _base_form(
        society=society_b.pk, level="national", batch="伪造", valid_from="2026-01-01", valid_until="2099-01-01"
    )
    response = client_a.post(reverse("bases:base_create"), tampered)
    base = EducationBase.objects.get()
    assert response.status_code == 302 and response.url == base.get_absolute_url()
    assert base.society == society_a and base.level == DesignationLevel.SOCIETY
    assert base.batch == "" and base.valid_until is None


def test_base_update_cannot_change_designation(client_a, society_a):
    base = EducationBaseFactory(
        society=society_a, level="guangxi", batch="2024年", valid_until=datetime.date(2029, 1, 1)
    )
    client_a.post(reverse("bases:base_update", args=[base.pk]), _base_form(level="national", valid_until="2099-1-1"))
    base.refresh_from_db()
    assert base.level == "guangxi" and base.valid_until == datetime.date(2029, 1, 1)
    assert base.name == "广西药用植物园科普基地"


def test_base_bad_coordinates_refused(client_a):
    response = client_a.post(reverse("bases:base_create"), _base_form(latitude="123.0"))
    assert response.status_code == 200 and not EducationBase.objects.exists()


def test_base_list_flags_expiring_designation(client_a, society_a):
    soon = datetime.date.today() + datetime.timedelta(days=30)
    EducationBaseFactory(society=society_a, level="guangxi", valid_until=soon)
    body = client_a.get(reverse("bases:base_list")).content.decode()
    assert "table-warning" in body and "天后到期" in body


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


MAKERS = {
    "bases:base_list": lambda s: EducationBaseFactory(society=s),
    "bases:basereport_list": lambda s: BaseAnnualReportFactory(base=EducationBaseFactory(society=s)),
    "bases:recommendation_list": lambda s: RecommendationFactory(base=EducationBaseFactory(society=s)),
}


@pytest.mark.parametrize("url_name", sorted(MAKERS))
def test_list_query_count_does_not_grow(client_a, society_a, url_name):
    MAKERS[url_name](society_a)
    one = _count_queries(client_a, reverse(url_name))
    MAKERS[url_name](society_a)
    MAKERS[url_name](society_a)
    assert _count_queries(client_a, reverse(url_name)) == one


def test_base_detail_query_count_does_not_grow(client_a, society_a):
    base = EducationBaseFactory(society=society_a)
    BaseAnnualReportFactory(base=base, year=2024)
    one = _count_queries(client_a, base.get_absolute_url())
    BaseAnnualReportFactory(base=base, year=2025)
    RecommendationFactory(base=base)
    RecommendationFactory(base=base, target_level="national")
    assert _count_queries(client_a, base.get_absolute_url()) - one <= 1  # the recommendations list appears


def test_report_create_with_photos_sets_society_from_base(client_a, society_a):
    base = EducationBaseFactory(society=society_a)
    form = _report_form(base, photos=[uploads.png("展厅.png"), uploads.jpeg("活动.jpg")])
    response = client_a.post(reverse("bases:basereport_create"), form)
    report = BaseAnnualReport.objects.get()
    assert response.status_code == 302 and report.society == society_a and report.base == base
    photos = list(report.photos.all())
    assert len(photos) == 2 and all(p.thumbnail for p in photos)
    assert all("展厅" not in p.image.name and p.image.name.startswith(f"base_photos/{society_a.pk}/") for p in photos)
    image = client_a.get(reverse("bases:basephoto_image", args=[photos[0].pk]) + "?size=thumb")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_report_for_another_societys_base_refused(client_a, society_b):
    other = EducationBaseFactory(society=society_b)
    response = client_a.post(reverse("bases:basereport_create"), _report_form(other))
    assert response.status_code == 200 and not BaseAnnualReport.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("evil.svg", uploads.SVG),
        ("page.png", uploads.HTML),
        ("flood.png", uploads.pixel_flood_png()),
        ("doc.jpg", uploads.pdf_bytes()),
    ],
)
def test_hostile_photos_refused_and_nothing_saved(client_a, society_a, name, data):
    base = EducationBaseFactory(society=society_a)
    response = client_a.post(
        reverse("bases:basereport_create"), _report_form(base, photos=[uploads.upload(name, data)])
    )
    assert response.status_code == 200
    assert not BaseAnnualReport.objects.exists() and not BaseReportPhoto.objects.exists()


def test_polyglot_photo_is_stripped(client_a, society_a):
    base = EducationBaseFactory(society=society_a)
    poly = uploads.upload("poly.png", uploads.polyglot_png_html(), "image/png")
    client_a.post(reverse("bases:basereport_create"), _report_form(base, photos=[poly]))
    assert b"<script" not in BaseReportPhoto.objects.get().image.read()


def test_photo_delete_only_while_editable(client_a, society_a):
    base = EducationBaseFactory(society=society_a)
    client_a.post(reverse("bases:basereport_create"), _report_form(base, photos=[uploads.png()]))
    report, photo = BaseAnnualReport.objects.get(), BaseReportPhoto.objects.get()
    BaseAnnualReport.objects.filter(pk=report.pk).update(status=FilingStatus.SUBMITTED)
    client_a.post(reverse("bases:basephoto_delete", args=[photo.pk]))
    assert BaseReportPhoto.objects.exists()
    BaseAnnualReport.objects.filter(pk=report.pk).update(status=FilingStatus.RETURNED)
    assert client_a.get(reverse("bases:basephoto_delete", args=[photo.pk])).status_code == 405
    client_a.post(reverse("bases:basephoto_delete", args=[photo.pk]))
    assert not BaseReportPhoto.objects.exists()


def test_report_submit(client_a, society_a):
    report = BaseAnnualReportFactory(base=EducationBaseFactory(society=society_a))
    client_a.post(reverse("bases:basereport_submit", args=[report.pk]), {"expected_version": 1})
    report.refresh_from_db()
    assert report.status == FilingStatus.SUBMITTED


def test_recommendation_create_submit_needs_material(client_a, society_a, society_b, staff):
    base = EducationBaseFactory(society=society_a)
    data = {"base": base.pk, "year": 2026, "target_level": "guangxi", "reasons": "年接待十万人次"}
    tampered = {**data, "decision": "recommended", "decided_by": staff.pk, "society": society_b.pk}
    assert client_a.post(reverse("bases:recommendation_create"), tampered).status_code == 302
    recommendation = Recommendation.objects.get()
    assert recommendation.decision == "pending" and recommendation.society == society_a
    client_a.post(reverse("bases:recommendation_submit", args=[recommendation.pk]), {"expected_version": 1})
    recommendation.refresh_from_db()
    assert recommendation.status == FilingStatus.DRAFT
    edit = {**data, "expected_version": 1, "material": uploads.upload("申报表.docx", uploads.office_bytes("docx"))}
    client_a.post(reverse("bases:recommendation_update", args=[recommendation.pk]), edit)
    recommendation.refresh_from_db()
    assert recommendation.material_name == "申报表.docx"
    client_a.post(reverse("bases:recommendation_submit", args=[recommendation.pk]), {"expected_version": 2})
    recommendation.refresh_from_db()
    assert recommendation.status == FilingStatus.SUBMITTED
    download = client_a.get(reverse("bases:recommendation_material", args=[recommendation.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]


def test_recommendation_hostile_material_refused(client_a, society_a):
    base = EducationBaseFactory(society=society_a)
    data = {"base": base.pk, "year": 2026, "target_level": "guangxi", "reasons": "x"}
    response = client_a.post(
        reverse("bases:recommendation_create"), {**data, "material": uploads.upload("a.pdf", uploads.HTML)}
    )
    assert response.status_code == 200 and not Recommendation.objects.exists()


def test_recommendation_for_level_already_held_cannot_be_submitted(client_a, society_a):
    base = EducationBaseFactory(
        society=society_a, level="national", valid_until=datetime.date.today() + datetime.timedelta(days=1000)
    )
    recommendation = RecommendationFactory(base=base, target_level="guangxi", material_name="m.pdf")
    recommendation.material.save("m.pdf", uploads.upload("m.pdf", uploads.pdf_bytes()))
    client_a.post(reverse("bases:recommendation_submit", args=[recommendation.pk]), {"expected_version": 1})
    recommendation.refresh_from_db()
    assert recommendation.status == FilingStatus.DRAFT


def test_recommendation_detail_shows_decision(client_a, society_a):
    base = EducationBaseFactory(society=society_a, level="guangxi", batch="2026年第一批")
    recommendation = RecommendationFactory(base=base, status=FilingStatus.APPROVED, decision="recommended")
    body = client_a.get(recommendation.get_absolute_url()).content.decode()
    assert "已推荐" in body and "2026年第一批" in body


def test_staff_and_anonymous_get_no_secretary_pages(client, staff_client, society_a):
    base = EducationBaseFactory(society=society_a)
    assert client.get(base.get_absolute_url()).status_code == 302
    assert staff_client.get(reverse("bases:base_list")).status_code == 403
