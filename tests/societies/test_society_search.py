"""The co-organiser picker: a secretary-only JSON search over active societies other than one's
own, and a form widget that prints only the chosen societies (not all of them)."""

import pytest
from django.urls import reverse

from activities.forms import ActivityForm
from tests.factories import SocietyFactory

pytestmark = pytest.mark.django_db
URL = reverse("societies:society_search")


def names(response):
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_search_finds_active_others_not_own(client_a, society_a, society_b):
    SocietyFactory(name="广西物理教育研究会", is_active=False)
    SocietyFactory(name="广西光学学会", short_name="光学会")
    assert names(client_a.get(URL, {"q": "物理"})) == []  # own society and an inactive one
    assert names(client_a.get(URL, {"q": "光学会"})) == ["广西光学学会"]  # by short name
    assert "柳州市医学会" in names(client_a.get(URL, {"q": "医学"}))
    found = names(client_a.get(URL))
    assert society_a.name not in found and "广西光学学会" in found


def test_search_returns_at_most_twenty(client_a):
    SocietyFactory.create_batch(25)
    assert len(names(client_a.get(URL, {"q": "测试学会"}))) == 20


def test_search_is_for_secretaries_only(staff_client, client):
    assert staff_client.get(URL).status_code == 403
    assert client.get(URL).status_code == 302  # to the login page
    assert client.post(URL).status_code in (302, 405)


def test_form_prints_only_the_chosen_societies(society_a, society_b):
    SocietyFactory.create_batch(5)
    form = ActivityForm(society=society_a, initial={"co_organisers": [society_b.pk]})
    html = str(form["co_organisers"])
    assert html.count("<option") == 1 and "柳州市医学会" in html
    assert 'data-search-url="/societies/search/"' in html
    assert society_a.name not in html


def test_form_refuses_own_or_inactive_society(society_a):
    inactive = SocietyFactory(is_active=False)
    for pk in (society_a.pk, inactive.pk):
        form = ActivityForm(society=society_a, data={"co_organisers": [pk]})
        form.is_valid()
        assert "co_organisers" in form.errors
