"""Signing in safely: lockout by username and address, password reset by email (through the
outbox), and the set-password email of accounts that staff make."""

import re
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.test import Client
from django.utils import timezone

from societies.choices import Role
from societies.framework.outbox import SECRET_REMOVED, OutboxEmail, outbox_email_deliver
from societies.models import User
from tests.factories import UserFactory

PASSWORD = "pw-test-123"  # tests.factories.UserFactory
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def _fail(client, url, username, times, **extra):
    response = None
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong-password"}, **extra)
    return response


# --- lockout -------------------------------------------------------------------------------------


def test_lockout_after_failures_names_when_to_try_again(secretary_a):
    client = Client()
    response = _fail(client, LOGIN, "sec_a", settings.AXES_FAILURE_LIMIT - 1)
    assert response.status_code == 200  # wrong password, not yet locked
    response = _fail(client, LOGIN, "sec_a", 1)
    assert response.status_code == 429
    text = response.content.decode()
    until = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    assert "登录失败次数过多" in text
    assert until.strftime("%H:%M") in text or (until - timedelta(minutes=1)).strftime("%H:%M") in text
    assert 'name="username"' in text  # the login page itself, with its form

    # Even the right password is refused now, from here.
    response = client.post(LOGIN, {"username": "sec_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_spares_other_users_and_the_same_user_elsewhere(secretary_a, secretary_b):
    _fail(Client(), LOGIN, "sec_a", settings.AXES_FAILURE_LIMIT)

    other_user = Client()
    response = other_user.post(LOGIN, {"username": "sec_b", "password": PASSWORD})
    assert response.status_code == 302 and other_user.session["_auth_user_id"] == str(secretary_b.pk)

    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    response = elsewhere.post(LOGIN, {"username": "sec_a", "password": PASSWORD})
    assert response.status_code == 302 and elsewhere.session["_auth_user_id"] == str(secretary_a.pk)


def test_lockout_on_the_admin_login_too(staff):
    client = Client()
    response = _fail(client, ADMIN_LOGIN, "kx_staff", settings.AXES_FAILURE_LIMIT)
    assert response.status_code == 429
    text = response.content.decode()
    assert "登录失败次数过多" in text and 'id="login-form"' in text  # the admin's own login page
    response = client.post(ADMIN_LOGIN, {"username": "kx_staff", "password": PASSWORD})
    assert response.status_code == 429


def test_behind_the_proxy_the_forwarded_address_counts(secretary_a, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    # The client may prepend anything; the address the proxy appended (the last) is the one counted.
    _fail(client, LOGIN, "sec_a", settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    response = client.post(
        LOGIN, {"username": "sec_a", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert response.status_code == 302


def test_failures_and_sign_ins_are_logged(secretary_a):
    client = Client()
    _fail(client, LOGIN, "sec_a", 2)
    client.post(LOGIN, {"username": "sec_a", "password": PASSWORD})
    failures = AccessFailureLog.objects.filter(username="sec_a")
    assert failures.count() == 2 and {f.ip_address for f in failures} == {"127.0.0.1"}
    assert AccessLog.objects.filter(username="sec_a", ip_address="127.0.0.1").count() == 1
    assert not AccessAttempt.objects.filter(username="sec_a").exists()  # a success clears the count


def test_staff_unlock_in_the_admin(secretary_a, staff_client):
    _fail(Client(), LOGIN, "sec_a", settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="sec_a")
    changelist = "/admin/axes/accessattempt/"
    assert "sec_a" in staff_client.get(changelist).content.decode()
    response = staff_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    client = Client()
    response = client.post(LOGIN, {"username": "sec_a", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(secretary_a.pk)


def test_test_client_login_and_force_login_still_work(secretary_a):
    client = Client()
    assert client.login(username="sec_a", password=PASSWORD)
    assert client.get("/").status_code == 200
    other = Client()
    other.force_login(secretary_a)
    assert other.get("/").status_code == 200


# --- password reset ------------------------------------------------------------------------------


def _link(email: OutboxEmail) -> str:
    return re.search(r"http://[^\s]+/accounts/password/reset/[^\s]+/", email.body).group(0).split("8000", 1)[1]


def test_reset_email_goes_through_the_outbox_and_the_link_works_once(secretary_a, django_capture_on_commit_callbacks):
    client = Client()
    page = client.get("/accounts/password/reset/")
    assert "重置密码" in page.content.decode()
    response = client.post("/accounts/password/reset/", {"email": "SEC_A@example.org"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    email = OutboxEmail.objects.get(kind="password_reset")
    assert email.to == ["sec_a@example.org"] and "密码" in email.subject and "sec_a" in email.body
    link = _link(email)

    form = client.get(link, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "Neue-Kennwort-2026", "new_password2": "Neue-Kennwort-2026"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/complete/"
    secretary_a.refresh_from_db()
    assert secretary_a.check_password("Neue-Kennwort-2026")

    again = Client().get(link, follow=True)
    assert again.status_code == 404 and 'name="new_password1"' not in again.content.decode()
    assert "已经使用过，或者已过期" in again.content.decode()


def _without_secrets(content: bytes) -> bytes:
    """A page less what differs on every request anyway: the CSP nonce and the CSRF token."""
    return re.sub(rb'(nonce|value)="[A-Za-z0-9+/=]{16,}"', b"", content)


def test_reset_unknown_address_answers_the_same_and_sends_nothing(secretary_a):
    known = Client().post("/accounts/password/reset/", {"email": "sec_a@example.org"}, follow=True)
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert _without_secrets(known.content) == _without_secrets(unknown.content)
    assert OutboxEmail.objects.filter(kind="password_reset").count() == 1


def test_reset_inactive_account_gets_no_email(secretary_a):
    secretary_a.is_active = False
    secretary_a.save()
    Client().post("/accounts/password/reset/", {"email": "sec_a@example.org"})
    assert not OutboxEmail.objects.exists()


def test_reset_link_expires(secretary_a, monkeypatch):
    Client().post("/accounts/password/reset/", {"email": "sec_a@example.org"})
    link = _link(OutboxEmail.objects.get())
    later = PasswordResetTokenGenerator()._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    response = Client().get(link, follow=True)
    assert 'name="new_password1"' not in response.content.decode()
    assert "已过期" in response.content.decode()


def test_reset_ends_every_other_session_and_lifts_the_lockout(secretary_a):
    signed_in = Client()
    signed_in.force_login(secretary_a)
    assert signed_in.get("/").status_code == 200
    _fail(Client(), LOGIN, "sec_a", settings.AXES_FAILURE_LIMIT)

    client = Client()
    client.post("/accounts/password/reset/", {"email": "sec_a@example.org"})
    form = client.get(_link(OutboxEmail.objects.get()), follow=True)
    new = "Neue-Kennwort-2026"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})

    response = signed_in.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert not AccessAttempt.objects.filter(username="sec_a").exists()
    assert Client().post(LOGIN, {"username": "sec_a", "password": "Neue-Kennwort-2026"}).status_code == 302


def test_password_email_hidden_in_the_admin_and_blanked_once_sent(secretary_a, staff_client):
    Client().post("/accounts/password/reset/", {"email": "sec_a@example.org"})
    email = OutboxEmail.objects.get()
    link = _link(email)
    page = staff_client.get(f"/admin/societies/outboxemail/{email.pk}/change/").content.decode()
    assert link not in page and "/accounts/password/reset/" not in page

    assert outbox_email_deliver(email_id=email.pk) == ("sent", None)
    assert link in mail.outbox[0].body  # the user got it
    email.refresh_from_db()
    assert email.body == SECRET_REMOVED and email.html == ""


# --- accounts made by staff ----------------------------------------------------------------------


def test_staff_made_account_gets_a_set_password_email(staff_client, society_a):
    page = staff_client.get("/admin/societies/user/add/").content.decode()
    assert 'name="password1"' not in page and 'name="usable_password"' not in page
    response = staff_client.post(
        "/admin/societies/user/add/",
        {"username": "new_sec", "email": "new_sec@example.org", "role": Role.SECRETARY, "society": society_a.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new_sec")
    assert not user.has_usable_password() and user.society == society_a
    email = OutboxEmail.objects.get(kind="account_created")
    assert email.to == ["new_sec@example.org"] and "new_sec" in email.body

    client = Client()
    form = client.get(_link(email), follow=True)
    first = "Erstes-Kennwort-26"
    client.post(form.redirect_chain[-1][0], {"new_password1": first, "new_password2": first})
    assert client.post(LOGIN, {"username": "new_sec", "password": "Erstes-Kennwort-26"}).status_code == 302


def test_staff_made_account_needs_an_email(staff_client, society_a):
    response = staff_client.post(
        "/admin/societies/user/add/", {"username": "no_mail", "role": Role.SECRETARY, "society": society_a.pk}
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="no_mail").exists()
    assert not OutboxEmail.objects.exists()


def test_new_account_whose_link_expired_can_ask_again(db):
    user = UserFactory(username="fresh", email="fresh@example.org")
    user.set_unusable_password()
    user.save()
    Client().post("/accounts/password/reset/", {"email": "fresh@example.org"})
    assert OutboxEmail.objects.get().to == ["fresh@example.org"]
