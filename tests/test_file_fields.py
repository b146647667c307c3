"""Every file field of every form: upload, open the edit page, replace, clear (issue 12, defect 1).

Uploads are stored without a public URL (``MEDIA_URL`` is None), so a form must never ask a stored
file for ``.url``: the edit page shows the current file as a link to the access-checked download
view, named by its original name, with a working "clear" and "replace". A cleared or replaced file
is deleted from storage after commit, and its original name is cleared with it.

The portal's file fields are listed in ``PORTAL_FILE_FIELDS``; ``test_every_stored_file_field_is_covered``
fails when a model grows a file field that neither a case here nor the admin's read-only links cover.
The admin shows files as read-only links (staff do not replace a society's documents): its change
page of every object with a file must render, with the link to the admin's own download view.
"""

from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import reverse

from bases.models import Recommendation
from funding.models import Expenditure, FundReport
from societies.framework.filing import Filing
from societies.services import PORTAL_APPS
from tests import uploads
from tests.activities.factories import ActivityFactory
from tests.bases.factories import BaseAnnualReportFactory, EducationBaseFactory, RecommendationFactory
from tests.funding.factories import ExpenditureFactory, FundingSourceFactory, FundReportFactory, SpecialFundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass(frozen=True)
class FileCase:
    """One file field of a secretary form: how to make its record, its edit page and download view."""

    model: type
    field: str
    name_field: str
    edit_url: str
    download_url: str

    def make(self, society):
        if self.model is Expenditure:
            fund = SpecialFundFactory(society=society)
            FundingSourceFactory(fund=fund)
            return ExpenditureFactory(fund=fund)
        if self.model is FundReport:
            return FundReportFactory(society=society)
        return RecommendationFactory(base=EducationBaseFactory(society=society))

    def form_data(self, obj, **changes) -> dict:
        if self.model is Expenditure:
            data = {"spent_on": "2026-04-01", "amount": "100.00", "purpose": "实验器材"}
        elif self.model is FundReport:
            data = {"year": obj.year, "summary": "经费用于科普进校园"}
        else:
            data = {"base": obj.base_id, "year": obj.year, "target_level": obj.target_level, "reasons": "活动丰富"}
        if isinstance(obj, Filing):
            obj.refresh_from_db()
            data["expected_version"] = obj.version
        return {**data, **changes}


CASES = [
    FileCase(Expenditure, "receipt", "receipt_name", "funding:expenditure_update", "funding:expenditure_receipt"),
    FileCase(FundReport, "attachment", "attachment_name", "funding:fundreport_update", "funding:fundreport_attachment"),
    FileCase(
        Recommendation, "material", "material_name", "bases:recommendation_update", "bases:recommendation_material"
    ),
]
PORTAL_FILE_FIELDS = {(case.model, case.field) for case in CASES}


def _stored(field_file) -> bool:
    return field_file.storage.exists(field_file.name)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.model.__name__}.{case.field}")
def test_file_field_upload_edit_replace_clear(case, client_a, society_a, django_capture_on_commit_callbacks):
    obj = case.make(society_a)
    edit = reverse(case.edit_url, args=[obj.pk])
    download = reverse(case.download_url, args=[obj.pk])

    # Upload.
    first = uploads.upload("第一版.pdf", uploads.pdf_bytes())
    assert client_a.post(edit, case.form_data(obj, **{case.field: first})).status_code == 302
    obj.refresh_from_db()
    first_file = getattr(obj, case.field)
    assert getattr(obj, case.name_field) == "第一版.pdf" and _stored(first_file)

    # The edit page names the file, links to the access-checked download, offers "clear".
    page = client_a.get(edit)
    body = page.content.decode()
    assert page.status_code == 200
    assert f'href="{download}"' in body and "第一版.pdf" in body
    assert f'name="{case.field}-clear"' in body
    assert first_file.name not in body  # the server-made storage name is never shown
    assert client_a.get(download).status_code == 200

    # Replace: the new file is served, the old one is gone from storage after commit.
    second = uploads.upload("第二版.docx", uploads.office_bytes("docx"))
    with django_capture_on_commit_callbacks(execute=True):
        assert client_a.post(edit, case.form_data(obj, **{case.field: second})).status_code == 302
    obj.refresh_from_db()
    second_file = getattr(obj, case.field)
    assert getattr(obj, case.name_field) == "第二版.docx" and _stored(second_file)
    assert not _stored(first_file)
    assert "第二版.docx" in client_a.get(edit).content.decode()

    # Clear: no file, no name, nothing left in storage, the download is a 404.
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(edit, case.form_data(obj, **{f"{case.field}-clear": "on"}))
    assert response.status_code == 302
    obj.refresh_from_db()
    assert not getattr(obj, case.field) and getattr(obj, case.name_field) == ""
    assert not _stored(second_file)
    assert client_a.get(download).status_code == 404
    page = client_a.get(edit)
    assert page.status_code == 200 and f'name="{case.field}-clear"' not in page.content.decode()


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.model.__name__}.{case.field}")
def test_file_field_clear_and_upload_together_refused(case, client_a, society_a):
    obj = case.make(society_a)
    edit = reverse(case.edit_url, args=[obj.pk])
    client_a.post(edit, case.form_data(obj, **{case.field: uploads.upload("一.pdf", uploads.pdf_bytes())}))
    both = {case.field: uploads.upload("二.pdf", uploads.pdf_bytes()), f"{case.field}-clear": "on"}
    response = client_a.post(edit, case.form_data(obj, **both))
    obj.refresh_from_db()
    # The form comes back (with the current file still linked), nothing changed.
    assert response.status_code == 200 and getattr(obj, case.name_field) == "一.pdf"
    assert reverse(case.download_url, args=[obj.pk]) in response.content.decode()


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.model.__name__}.{case.field}")
def test_file_field_refused_save_keeps_the_stored_file(case, client_a, society_a, django_capture_on_commit_callbacks):
    """A replacement refused by validation leaves the current file in place, in storage too."""
    obj = case.make(society_a)
    edit = reverse(case.edit_url, args=[obj.pk])
    client_a.post(edit, case.form_data(obj, **{case.field: uploads.upload("一.pdf", uploads.pdf_bytes())}))
    obj.refresh_from_db()
    kept = getattr(obj, case.field)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(edit, case.form_data(obj, **{case.field: uploads.upload("x.pdf", uploads.SVG)}))
    obj.refresh_from_db()
    assert response.status_code == 200 and getattr(obj, case.field).name == kept.name and _stored(kept)


def test_photo_inputs_offer_no_clear_on_pages_with_photos(client_a, secretary_a, society_a):
    """Photos are added several at a time and deleted one by one: their input never offers "clear"."""
    from activities.services import activity_photos_add
    from societies.framework.uploads import clean_image

    activity = ActivityFactory(society=society_a)
    activity_photos_add(activity=activity, images=[clean_image(uploads.png())], user=secretary_a)
    page = client_a.get(reverse("activities:activity_update", args=[activity.pk]))
    assert page.status_code == 200 and "-clear" not in page.content.decode()

    report = BaseAnnualReportFactory(base=EducationBaseFactory(society=society_a))
    form = {
        "base": report.base_id,
        "year": report.year,
        "visitors": 1,
        "activities_held": 1,
        "online_visits": 0,
        "staff_count": 1,
        "volunteer_count": 1,
        "highlights": "科技周",
        "expected_version": report.version,
        "photos": [uploads.png()],
    }
    assert client_a.post(reverse("bases:basereport_update", args=[report.pk]), form).status_code == 302
    assert report.photos.count() == 1
    page = client_a.get(reverse("bases:basereport_update", args=[report.pk]))
    assert page.status_code == 200 and "-clear" not in page.content.decode()


# --- the admin: read-only links to the admin's download views ----------------------------------------


def _with_files(society):
    """One record of every admin-registered model that has files, each file stored."""
    from activities.services import activity_attachment_add, activity_photos_add
    from societies.framework.uploads import clean_attachment, clean_image

    secretary = society.users.first()
    activity = ActivityFactory(society=society)
    activity_photos_add(activity=activity, images=[clean_image(uploads.png())], user=secretary)
    pdf = clean_attachment(uploads.upload("a.pdf", uploads.pdf_bytes()))
    activity_attachment_add(activity=activity, file=pdf, original_name="活动方案.pdf", user=secretary)

    fund = SpecialFundFactory(society=society)
    FundingSourceFactory(fund=fund)
    expenditure = ExpenditureFactory(fund=fund, receipt_name="发票.pdf")
    expenditure.receipt.save("r.pdf", clean_attachment(uploads.upload("r.pdf", uploads.pdf_bytes())))

    report = FundReportFactory(society=society, attachment_name="决算.pdf")
    report.attachment.save("f.pdf", clean_attachment(uploads.upload("f.pdf", uploads.pdf_bytes())))

    recommendation = RecommendationFactory(base=EducationBaseFactory(society=society), material_name="申报书.pdf")
    recommendation.material.save("m.pdf", clean_attachment(uploads.upload("m.pdf", uploads.pdf_bytes())))

    base_report = BaseAnnualReportFactory(base=EducationBaseFactory(society=society))
    from bases.services import base_report_photos_add

    base_report_photos_add(report=base_report, images=[clean_image(uploads.png())], user=secretary)
    attachment = activity.attachments.get()
    return {
        "activity": (activity, ["活动方案.pdf", reverse("activities:attachment_download", args=[attachment.pk])]),
        "specialfund": (fund, ["发票.pdf", reverse("admin:funding_expenditure_receipt", args=[expenditure.pk])]),
        "fundreport": (report, ["决算.pdf", reverse("admin:funding_fundreport_attachment", args=[report.pk])]),
        "recommendation": (
            recommendation,
            ["申报书.pdf", reverse("admin:bases_recommendation_material", args=[recommendation.pk])],
        ),
        "baseannualreport": (
            base_report,
            [reverse("admin:bases_basereportphoto_image", args=[base_report.photos.get().pk])],
        ),
    }


def test_admin_change_pages_link_every_stored_file(staff_client, admin_client, secretary_a, society_a):
    for model_name, (obj, expected) in _with_files(society_a).items():
        url = reverse(f"admin:{obj._meta.app_label}_{model_name}_change", args=[obj.pk])
        for client in (staff_client, admin_client):
            page = client.get(url)
            body = page.content.decode()
            assert page.status_code == 200, (model_name, page.status_code)
            for text in expected:
                assert text in body, (model_name, text)
            links = [text for text in expected if text.startswith("/")]
            for link in links:
                assert client.get(link).status_code == 200, link


def test_every_stored_file_field_is_covered():
    """A file field is either on a secretary form covered above, or read-only (never on a form) in the admin."""
    admin_covered = {
        ("activities", "activityphoto"),
        ("activities", "activityattachment"),
        ("funding", "expenditure"),
        ("funding", "fundreport"),
        ("bases", "recommendation"),
        ("bases", "basereportphoto"),
    }
    for model in apps.get_models():
        if model._meta.app_label not in PORTAL_APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.fields:
            if isinstance(field, models.FileField):
                assert (model._meta.app_label, model._meta.model_name) in admin_covered, (model, field.name)
                if (model, field.name) not in PORTAL_FILE_FIELDS:
                    assert not _on_a_form(model, field.name), (model, field.name)
        if model in admin.site._registry:
            model_admin = admin.site._registry[model]
            for name in (f.name for f in model._meta.fields if isinstance(f, models.FileField)):
                assert name in (model_admin.exclude or []), (model, name)


def _on_a_form(model, field_name) -> bool:
    """Whether a secretary form of the portal carries ``field_name`` of ``model``."""
    from societies.framework.forms import PortalModelForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return any(
        getattr(getattr(form, "_meta", None), "model", None) is model and field_name in form.base_fields
        for form in subclasses(PortalModelForm)
    )
