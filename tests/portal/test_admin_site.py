"""The admin site builds its app list only for the pages that show it (index, app pages)."""

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from kepu_portal.admin_site import PortalAdminSite
from societies.models import User


@pytest.fixture
def app_list_builds(monkeypatch):
    calls = []
    build = PortalAdminSite._build_app_dict

    def counting(self, request, label=None):
        calls.append(label)
        return build(self, request, label)

    monkeypatch.setattr(PortalAdminSite, "_build_app_dict", counting)
    return calls


def test_the_default_site_is_the_portals():
    assert isinstance(admin.site, PortalAdminSite)
    assert admin.site.enable_nav_sidebar is False


@pytest.mark.parametrize(
    "url", ["admin:activities_activity_changelist", "admin:societies_society_changelist", "statistics"]
)
def test_pages_without_the_list_never_build_it(staff_client, app_list_builds, url):
    response = staff_client.get(reverse(url))
    assert response.status_code == 200
    assert app_list_builds == []


def test_the_index_and_an_app_page_show_it(staff_client, app_list_builds):
    index = staff_client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse("admin:activities_activity_changelist") in index.content.decode()
    app_page = staff_client.get(reverse("admin:app_list", args=["activities"]))
    assert app_page.status_code == 200
    assert reverse("admin:activities_activity_changelist") in app_page.content.decode()
    assert app_list_builds == [None, "activities"]


def test_an_app_page_with_nothing_the_user_may_see_is_still_404(reviewer_client):
    # The lazy list is empty for a city reviewer on the reminders app: Django's "if not app_list".
    assert reviewer_client.get(reverse("admin:app_list", args=["django_celery_beat"])).status_code == 404
    assert reviewer_client.get(reverse("admin:app_list", args=["activities"])).status_code == 200


def _url_fields():
    for model, model_admin in admin.site._registry.items():
        for field in model._meta.get_fields():
            if isinstance(field, models.URLField):
                yield pytest.param(model_admin, field, id=f"{model._meta.label}.{field.name}")


@pytest.mark.parametrize(("model_admin", "field"), list(_url_fields()))
def test_every_admin_reads_a_link_typed_without_a_scheme_as_https(rf, model_admin, field):
    request = rf.get("/")
    request.user = User(is_superuser=True, is_staff=True)
    assert model_admin.formfield_for_dbfield(field, request).clean("kepu.example.org") == "https://kepu.example.org"
