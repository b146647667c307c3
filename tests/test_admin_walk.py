"""The admin walked as a city reviewer (Liuzhou): every admin URL, filled with rows outside the
reviewer's scope, must refuse them — and no page may show them.

Out of scope, for a Liuzhou reviewer: a region-level society of Nanning, a region-level society of
Liuzhou itself (same city, but not city-level), and a city-level society of Guilin. Each is named
with ``MARKER`` and owns one row of every kind (the makers of the portal's URL walk, plus a
commendation), and the marker must appear on no admin page, in no export, in no autocomplete
answer. A positive control checks the walk would see an in-scope row.
"""

import datetime
import io
import re
import zipfile

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from kepu_portal.models import ReminderLog
from societies.choices import City, SocietyLevel
from tests.factories import CommendationFactory, SecretaryFactory, SocietyFactory, VolunteerFactory
from tests.portal.factories import DeadlineFactory
from tests.test_url_walk import ADMIN, OWNED_OBJECTS, kwarg_names, snapshot
from tests.walk import MARKER

pytestmark = pytest.mark.django_db

OUT_OF_SCOPE = [
    ("nanning-region", City.NANNING, SocietyLevel.REGION),
    ("liuzhou-region", City.LIUZHOU, SocietyLevel.REGION),
    ("guilin-city", City.GUILIN, SocietyLevel.CITY),
]


def _rows_of(society) -> dict[type, object]:
    """One row of every kind owned by ``society``, each carrying the marker; keyed by model."""
    rows = {type(society): society}
    for maker in OWNED_OBJECTS.values():
        obj, _kwargs = maker(society)
        rows.setdefault(type(obj), obj)
    for extra in (
        CommendationFactory(society=society, citation=MARKER, honoree=MARKER),
        SecretaryFactory(society=society, username="outsider_secretary", last_name=MARKER),
        ReminderLog.objects.create(
            deadline=DeadlineFactory(), society=society, stage=MARKER, reminded_on=datetime.date(2026, 3, 1)
        ),
    ):
        rows[type(extra)] = extra
    return rows


def _owned(model) -> bool:
    """Rows that belong to a society: the society itself, or a row with a path to one."""
    return model._meta.model_name == "society" or any(f.name in ("society", "fund") for f in model._meta.fields)


@pytest.fixture(params=OUT_OF_SCOPE, ids=[name for name, _city, _level in OUT_OF_SCOPE])
def outsider_rows(request):
    _name, city, level = request.param
    society = SocietyFactory(name=f"{MARKER}学会", city=city, level=level, contact_phone="0771-0000000")
    return _rows_of(society)


def _model_of(url_name: str):
    """The model behind ``admin:<app>_<model>_<view>``, when it is a society's rows."""
    for model in filter(_owned, admin.site._registry):
        if url_name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def _admin_url(name, pattern, obj):
    """The URL with ``obj``'s id (and its latest history row, for the history-detail page)."""
    groups = pattern.pattern.regex.groups
    named = kwarg_names(pattern)
    if named == {"object_id"}:
        return reverse(name, kwargs={"object_id": obj.pk})
    if named == {"pk"}:
        return reverse(name, kwargs={"pk": obj.pk})
    if not named and groups == 2:  # django-simple-history's /<object_id>/history/<history_id>/
        return reverse(name, args=[obj.pk, obj.history.latest("history_date").history_id])
    return None


def _shown(response) -> str:
    """What a response shows, xlsx exports unzipped."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            return "".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xml"))
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _refused(response) -> bool:
    if response.status_code == 302:
        return response.url.startswith(reverse("admin:index"))
    return response.status_code in (403, 404, 405)


OBJECT_PATTERNS = [(n, p) for n, p in ADMIN if _model_of(n) is not None and (kwarg_names(p) or p.pattern.regex.groups)]
OBJECT_PATTERNS += [("scorecard", None)]


@pytest.mark.parametrize(("name", "pattern"), OBJECT_PATTERNS, ids=[n for n, _p in OBJECT_PATTERNS])
def test_reviewer_refused_every_out_of_scope_object(name, pattern, reviewer_client, outsider_rows):
    if name == "scorecard":
        society = next(obj for model, obj in outsider_rows.items() if model._meta.model_name == "society")
        url, obj = reverse("scorecard", args=[society.pk]), society
    else:
        model = _model_of(name)
        obj = outsider_rows.get(model)
        assert obj is not None, f"The admin walk has no {model.__name__} to try on {name}: add a maker"
        url = _admin_url(name, pattern, obj)
        assert url is not None, f"The admin walk cannot fill {name} ({pattern.pattern})"
    before = snapshot(obj)
    response = reviewer_client.get(url)
    assert _refused(response), f"GET {url} answered {response.status_code} to a reviewer of another city"
    assert MARKER not in _shown(response)
    followed = reviewer_client.get(url, follow=True)
    assert MARKER not in _shown(followed), f"GET {url} (followed) shows an out-of-scope row"
    response = reviewer_client.post(url, {"name": "篡改", "post": "yes", "_decision": "approve"})
    assert _refused(response) or response.status_code == 200 and MARKER not in _shown(response)
    assert snapshot(obj) == before, f"POST {url} changed an out-of-scope row"


LIST_PATTERNS = [(n, p) for n, p in ADMIN if n.endswith("_changelist")]


@pytest.mark.parametrize(("name", "pattern"), LIST_PATTERNS, ids=[n for n, _p in LIST_PATTERNS])
def test_reviewer_lists_and_searches_show_nothing_out_of_scope(name, pattern, reviewer_client, outsider_rows):
    url = reverse(name)
    for query in ({}, {"q": MARKER[2:4]}, {"q": "学会"}):  # a part of the marker: the box echoes the query
        response = reviewer_client.get(url, query)
        assert response.status_code in (200, 403), f"{url} answered {response.status_code}"
        assert MARKER not in _shown(response), f"{url} {query} shows an out-of-scope row"


def _action_names(model_admin, request):
    return [name for name in model_admin.get_actions(request) if name != "delete_selected"]


def test_reviewer_actions_and_exports_skip_out_of_scope_rows(reviewer_client, city_reviewer, outsider_rows, rf):
    request = rf.get("/")
    request.user = city_reviewer
    tried = 0
    for model, model_admin in admin.site._registry.items():
        obj = outsider_rows.get(model)
        if obj is None or not model_admin.has_view_permission(request):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        before = snapshot(obj)
        for action in _action_names(model_admin, request):
            response = reviewer_client.post(
                url, {"action": action, "_selected_action": [obj.pk], "index": 0, "apply": "1", "comment": "x"}
            )
            tried += 1
            assert response.status_code < 500
            assert MARKER not in _shown(response), f"{action} on {model.__name__} shows an out-of-scope row"
        assert snapshot(obj) == before
    assert tried >= 10


def test_reviewer_autocomplete_offers_nothing_out_of_scope(reviewer_client, outsider_rows, city_reviewer, rf):
    request = rf.get("/")
    request.user = city_reviewer
    tried = 0
    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.get_autocomplete_fields(request):
            query = {
                "app_label": model._meta.app_label,
                "model_name": model._meta.model_name,
                "field_name": field_name,
                "term": MARKER[:2],
            }
            response = reviewer_client.get(reverse("admin:autocomplete"), query)
            tried += 1
            assert response.status_code in (200, 403), f"{query}: {response.status_code}"
            assert MARKER not in response.content.decode("unicode_escape"), f"autocomplete {query}"
    assert tried >= 5


def test_reviewer_statistics_and_exports_count_nothing_out_of_scope(reviewer_client, outsider_rows):
    for query in ({}, {"format": "xlsx"}):
        response = reviewer_client.get(reverse("statistics"), query)
        assert response.status_code == 200
        assert MARKER not in _shown(response)


def test_walk_would_see_an_in_scope_row(reviewer_client, staff_client, society_b, outsider_rows):
    """Positive control: the same kind of row, in the reviewer's scope, is on the page; the staff
    member sees the out-of-scope one."""
    VolunteerFactory(society=society_b, name="柳州志愿者", phone="13900000000")
    page = reviewer_client.get(reverse("admin:societies_volunteer_changelist")).content.decode()
    assert "柳州志愿者" in page
    assert MARKER in staff_client.get(reverse("admin:societies_volunteer_changelist")).content.decode()


def test_reviewer_sees_names_but_not_phone_numbers_of_in_scope_volunteers(reviewer_client, staff_client, society_b):
    volunteer = VolunteerFactory(society=society_b, name="柳州志愿者", phone="13912345678", email="v@example.org")
    for url in (
        reverse("admin:societies_volunteer_change", args=[volunteer.pk]),
        reverse("admin:societies_society_change", args=[society_b.pk]),
        reverse("admin:societies_volunteer_changelist") + "?q=柳州",
    ):
        page = reviewer_client.get(url).content.decode()
        assert "13912345678" not in page and "v@example.org" not in page, url
    change = reverse("admin:societies_volunteer_change", args=[volunteer.pk])
    assert "柳州志愿者" in reviewer_client.get(change).content.decode()
    assert "13912345678" in staff_client.get(change).content.decode()
    history = reviewer_client.get(reverse("admin:societies_volunteer_history", args=[volunteer.pk]))
    assert history.status_code == 403


def test_reviewer_may_read_history_of_in_scope_filing(reviewer_client, society_b):
    from tests.factories import OutreachPlanFactory

    plan = OutreachPlanFactory(society=society_b)
    response = reviewer_client.get(reverse("admin:activities_outreachplan_history", args=[plan.pk]))
    assert response.status_code == 200
    detail = reverse("admin:activities_outreachplan_simple_history", args=[plan.pk, plan.history.first().history_id])
    assert reviewer_client.get(detail).status_code == 200


def test_every_admin_of_society_rows_is_scoped():
    """A new admin class of rows that belong to a society must start from the scope."""
    from societies.framework.scoped_admin import ScopedAdmin
    from societies.models import Brand, Commendation, Society, Volunteer

    for model, model_admin in admin.site._registry.items():
        if _owned(model) and model._meta.app_label in ("activities", "funding", "bases") or model in (
            Society,
            Volunteer,
            Brand,
            Commendation,
        ):
            assert isinstance(model_admin, ScopedAdmin), f"{type(model_admin).__name__} does not start from the scope"


def test_anonymous_client_is_sent_to_login_everywhere(outsider_rows):
    client = Client()
    for name, pattern in OBJECT_PATTERNS[:-1]:
        obj = outsider_rows.get(_model_of(name))
        url = _admin_url(name, pattern, obj)
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url, url
    assert re.search(r"login", client.get(reverse("statistics")).url)
