"""``pk_url`` and ``fixed_url`` give what ``reverse`` gives, for every page the portal links to that way."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import clear_script_prefix, clear_url_caches, resolve, reverse, set_script_prefix

from kepu_portal.context_processors import PUBLIC_NAV
from societies.framework.links import fixed_url, pk_url
from societies.services import PORTAL_APPS

PK_VIEWS = [
    "activities:plan_detail",
    "activities:activity_detail",
    "activities:summary_detail",
    "funding:fund_detail",
    "funding:fundreport_detail",
    "bases:base_detail",
    "bases:basereport_detail",
    "bases:recommendation_detail",
    "societies:volunteer_update",
    "societies:brand_update",
]


@pytest.mark.parametrize("viewname", PK_VIEWS)
@pytest.mark.parametrize("pk", [1, 42, 987654321])
def test_same_as_reverse(viewname, pk):
    assert pk_url(viewname, pk) == reverse(viewname, args=[pk])


def test_follows_the_script_prefix():
    set_script_prefix("/kepu/")
    try:
        assert pk_url("activities:activity_detail", 5) == reverse("activities:activity_detail", args=[5])
        assert pk_url("activities:activity_detail", 5).startswith("/kepu/")
    finally:
        clear_script_prefix()
    assert not pk_url("activities:activity_detail", 5).startswith("/kepu/")


def test_forgets_when_the_urlconf_changes():
    before = pk_url("activities:activity_detail", 5)
    with override_settings(ROOT_URLCONF="tests.societies.urls_moved"):
        moved = reverse("activities:activity_detail", args=[5])
        assert moved.startswith("/moved/")
        assert pk_url("activities:activity_detail", 5) == moved
    assert pk_url("activities:activity_detail", 5) == before


def test_refuses_a_view_without_a_pk():
    with pytest.raises(Exception):  # noqa: B017, PT011  NoReverseMatch: the view takes no argument
        pk_url("activities:activity_list", 5)


def test_refuses_a_pk_that_is_not_a_number():
    with pytest.raises(ValueError):  # noqa: PT011
        pk_url("activities:activity_detail", "5/../../admin")


def _models_with_pages():
    for config in apps.get_app_configs():
        if config.name in PORTAL_APPS:
            yield from (m for m in config.get_models() if "get_absolute_url" in vars(m))


@pytest.mark.parametrize("model", list(_models_with_pages()), ids=lambda m: m._meta.label)
def test_every_object_link_resolves_to_its_object(model):
    match = resolve(model(pk=31).get_absolute_url())
    assert match.kwargs == {"pk": 31}
    assert match.app_name == model._meta.app_label


def test_a_view_whose_pk_is_not_a_plain_segment_is_refused():
    with override_settings(ROOT_URLCONF="tests.societies.urls_moved"), pytest.raises(ImproperlyConfigured):
        pk_url("odd", 5)


MENU_VIEWS = [
    "home",
    "logout",
    "password_change",
    "set_language",
    "login",
    "admin:index",
    "societies:society_detail",
    "societies:volunteer_list",
    "societies:brand_list",
    *(name for config in apps.get_app_configs() for name, _label, _prefix in getattr(config, "nav_items", ())),
    *(name for name, _label, _prefix in PUBLIC_NAV),
]


@pytest.mark.parametrize("viewname", MENU_VIEWS)
def test_menu_link_same_as_reverse(viewname):
    assert fixed_url(viewname) == reverse(viewname)


def test_menu_link_follows_the_script_prefix_and_the_urlconf():
    fixed_url("activities:activity_list")
    set_script_prefix("/kepu/")
    try:
        assert fixed_url("activities:activity_list") == "/kepu/activities/"
    finally:
        clear_script_prefix()
    with override_settings(ROOT_URLCONF="tests.societies.urls_moved"):
        assert fixed_url("activities:activity_list") == reverse("activities:activity_list")
        assert fixed_url("activities:activity_list").startswith("/moved/")
    assert fixed_url("activities:activity_list") == reverse("activities:activity_list")


def test_follows_a_urlconf_set_without_the_setting_changed_signal():
    # As pytest-django's urls mark does it: the setting assigned, the resolver caches cleared.
    before_detail, before_list = pk_url("activities:activity_detail", 5), fixed_url("activities:activity_list")
    original = settings.ROOT_URLCONF
    settings.ROOT_URLCONF = "tests.societies.urls_moved"
    clear_url_caches()
    try:
        assert pk_url("activities:activity_detail", 5) == reverse("activities:activity_detail", args=[5])
        assert fixed_url("activities:activity_list") == reverse("activities:activity_list")
        assert fixed_url("activities:activity_list").startswith("/moved/")
    finally:
        settings.ROOT_URLCONF = original
        clear_url_caches()
    assert pk_url("activities:activity_detail", 5) == before_detail
    assert fixed_url("activities:activity_list") == before_list
