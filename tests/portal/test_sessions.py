"""Sessions: idle timeout per role, an absolute lifetime, a new key at sign-in and at password
change, and every other session ended by a password change."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from societies.accounts import LAST_SEEN_AT, SIGNED_IN_AT

PASSWORD = "pw-test-123"


def _age(client, *, idle_minutes=0, signed_in_hours=0):
    """Make the client's session look idle for so long, and signed in so long ago."""
    session = client.session
    now = int(timezone.now().timestamp())
    session[LAST_SEEN_AT] = now - idle_minutes * 60
    session[SIGNED_IN_AT] = now - signed_in_hours * 3600 - idle_minutes * 60
    session.save()


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_staff_signed_out_after_30_idle_minutes(staff_client):
    _age(staff_client, idle_minutes=29)
    assert staff_client.get("/admin/").status_code == 200
    _age(staff_client, idle_minutes=31)
    response = staff_client.get("/admin/")
    assert response.status_code == 302 and not _signed_in(staff_client)
    page = staff_client.get(response["Location"], follow=True).content.decode()
    assert "30 分钟未操作" in page


def test_city_reviewer_has_the_staff_timeout(reviewer_client):
    _age(reviewer_client, idle_minutes=31)
    reviewer_client.get("/admin/")
    assert not _signed_in(reviewer_client)


def test_secretary_keeps_a_working_day(client_a):
    _age(client_a, idle_minutes=4 * 60)
    assert client_a.get("/").status_code == 200 and _signed_in(client_a)
    _age(client_a, idle_minutes=settings.SESSION_IDLE_MINUTES_SECRETARY + 1)
    response = client_a.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not _signed_in(client_a)


def test_idle_limits_are_configurable(settings, client_a):
    settings.SESSION_IDLE_MINUTES_SECRETARY = 10
    _age(client_a, idle_minutes=11)
    client_a.get("/")
    assert not _signed_in(client_a)


def test_absolute_lifetime_ends_even_a_busy_session(client_a):
    _age(client_a, idle_minutes=1, signed_in_hours=settings.SESSION_ABSOLUTE_HOURS)
    response = client_a.get("/")
    assert response.status_code == 302 and not _signed_in(client_a)
    assert "登录已满" in client_a.get(response["Location"], follow=True).content.decode()


def test_last_seen_is_written_at_most_once_a_minute(client_a):
    _age(client_a, idle_minutes=0)
    seen = client_a.session[LAST_SEEN_AT]
    client_a.get("/")
    assert client_a.session[LAST_SEEN_AT] == seen  # no write for a request within the minute
    _age(client_a, idle_minutes=2)
    client_a.get("/")
    assert client_a.session[LAST_SEEN_AT] >= int(timezone.now().timestamp()) - 5


def test_session_key_rotated_at_sign_in(secretary_a):
    client = Client()
    session = client.session
    session["before"] = "anonymous"
    session.save()
    before = session.session_key
    response = client.post("/accounts/login/", {"username": "sec_a", "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before and not Session.objects.filter(session_key=before).exists()
    assert client.session[SIGNED_IN_AT] == client.session[LAST_SEEN_AT]


def test_password_change_rotates_the_key_and_ends_other_sessions(secretary_a):
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        client.post("/accounts/login/", {"username": "sec_a", "password": PASSWORD})
        assert client.get("/").status_code == 200
    before = here.cookies[settings.SESSION_COOKIE_NAME].value
    response = here.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Neue-Kennwort-2026", "new_password2": "Neue-Kennwort-2026"},
    )
    assert response.status_code == 302
    assert here.cookies[settings.SESSION_COOKIE_NAME].value != before
    assert here.get("/").status_code == 200  # still signed in here
    response = elsewhere.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", ["/public/activities/", "/accounts/login/"])
def test_anonymous_pages_unaffected(url, db):
    assert Client().get(url).status_code == 200
