"""The admin's second factor: enrolment with a QR code, a code per session, recovery codes that
work once; asked only when ADMIN_MFA is on."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from societies.mfa import mfa_recovery_codes_issue

PASSWORD = "pw-test-123"


@pytest.fixture
def mfa_on(settings):
    settings.ADMIN_MFA = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_admin_refuses_unverified_staff_and_sends_them_to_enrol(mfa_on, staff):
    client = _client(staff)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/mfa/?next=%2Fadmin%2F"
    assert "设置两步验证" in response.content.decode()
    for url in ["/admin/activities/activity/", "/admin/statistics/", "/admin/societies/user/"]:
        assert client.get(url).status_code == 302, url


def test_enrol_with_qr_code_then_the_admin_opens(mfa_on, staff):
    client = _client(staff)
    page = client.get("/accounts/mfa/?next=/admin/")
    text = page.content.decode()
    assert 'src="data:image/svg+xml' in text
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert re.sub(r"\s", "", re.search(r'user-select-all">([A-Z2-7 ]+)<', text).group(1)) in device.config_url

    wrong = client.post("/accounts/mfa/", {"token": "000000" if _code(device) != "000000" else "111111"})
    assert "验证码不匹配" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and device.throttling_failure_count == 1
    device.throttle_reset()  # django-otp makes the next try wait a second; the user has taken longer

    key_before = client.cookies["sessionid"].value
    response = client.post("/accounts/mfa/", {"token": _code(device), "next": "/admin/"})
    codes = re.findall(r"<li>([a-z0-9]{10})</li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.cookies["sessionid"].value != key_before  # a new key for the session that gained a privilege
    assert client.get("/admin/").status_code == 200


def test_new_session_asks_for_a_code_and_accepts_the_right_one(mfa_on, staff):
    device = _enrolled(staff)
    client = _client(staff)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/mfa/verify/?next=%2Fadmin%2F"

    response = client.post("/accounts/mfa/verify/", {"token": "12345x", "next": "/admin/"})
    assert response.status_code == 200 and "不正确" in response.content.decode()
    assert client.get("/admin/").status_code == 302

    response = client.post("/accounts/mfa/verify/", {"token": _code(device), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_verify_refuses_a_foreign_next(mfa_on, staff):
    device = _enrolled(staff)
    client = _client(staff)
    response = client.post("/accounts/mfa/verify/", {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_recovery_code_works_once(mfa_on, staff):
    _enrolled(staff)
    codes = mfa_recovery_codes_issue(user=staff)
    first = _client(staff)
    response = first.post("/accounts/mfa/verify/", {"token": codes[0].upper(), "next": "/admin/"})
    assert response.status_code == 302
    assert first.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=staff).count() == 9

    second = _client(staff)
    response = second.post("/accounts/mfa/verify/", {"token": codes[0], "next": "/admin/"})
    assert response.status_code == 200
    assert second.get("/admin/").status_code == 302


def test_new_recovery_codes_replace_the_old(mfa_on, staff):
    device = _enrolled(staff)
    old = mfa_recovery_codes_issue(user=staff)
    client = _client(staff)
    client.post("/accounts/mfa/verify/", {"token": _code(device)})
    assert "还剩 10 个恢复码" in client.get("/accounts/mfa/").content.decode()
    response = client.post("/accounts/mfa/recovery-codes/")
    new = re.findall(r"<li>([a-z0-9]{10})</li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_managing_an_enrolled_factor_needs_the_factor(mfa_on, staff):
    _enrolled(staff)
    client = _client(staff)
    assert client.get("/accounts/mfa/")["Location"].startswith("/accounts/mfa/verify/")
    assert client.post("/accounts/mfa/recovery-codes/")["Location"] == "/accounts/mfa/"
    assert not StaticToken.objects.exists()


def test_sign_in_through_the_portal_leads_to_the_code(mfa_on, staff):
    _enrolled(staff)
    client = Client()
    response = client.post("/accounts/login/", {"username": "kx_staff", "password": PASSWORD})
    assert response["Location"] == "/accounts/mfa/verify/?next=%2F"


def test_sign_in_through_the_admin_leads_to_the_code(mfa_on, staff):
    _enrolled(staff)
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": "kx_staff", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/mfa/verify/?next=%2Fadmin%2F"


def test_superuser_must_enrol_too(mfa_on, db):
    from tests.factories import UserFactory

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    response = _client(admin).get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/mfa/?")


def test_city_reviewer_may_enrol_and_is_then_asked(mfa_on, city_reviewer):
    assert _client(city_reviewer).get("/admin/").status_code == 200  # not required of reviewers
    page = _client(city_reviewer).get("/accounts/mfa/")
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    _enrolled(city_reviewer)
    assert _client(city_reviewer).get("/admin/").status_code == 302


def test_secretaries_have_no_second_factor_pages(mfa_on, client_a):
    assert client_a.get("/accounts/mfa/").status_code == 404
    assert client_a.get("/accounts/mfa/verify/").status_code == 404


def test_admin_mfa_off_asks_nothing(settings, staff):
    settings.ADMIN_MFA = False
    _enrolled(staff)
    client = _client(staff)
    assert client.get("/admin/").status_code == 200
    response = Client().post("/accounts/login/", {"username": "kx_staff", "password": PASSWORD})
    assert response["Location"] == "/"


SHOW_ADMIN_MFA = "import django; django.setup(); from django.conf import settings; print(settings.ADMIN_MFA)"


@pytest.mark.parametrize(
    ("env", "expected"),
    [({"DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "h"}, "True"), ({"DEBUG": "1"}, "False")],
)
def test_admin_mfa_default_follows_debug(env, expected):
    import os
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "ADMIN_MFA", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    result = subprocess.run(
        [sys.executable, "-c", SHOW_ADMIN_MFA],
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "kepu_portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
    off = subprocess.run(
        [sys.executable, "-c", SHOW_ADMIN_MFA],
        env={**clean, **env, "ADMIN_MFA": "false", "DJANGO_SETTINGS_MODULE": "kepu_portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert off.stdout.strip().splitlines()[-1] == "False"


def test_reviewer_devices_looked_up_once_a_page(settings, reviewer_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for mfa in (False, True):
        settings.ADMIN_MFA = mfa
        with CaptureQueriesContext(connection) as queries:
            assert reviewer_client.get("/admin/activities/activity/").status_code == 200
        counts[mfa] = len(queries)
    assert counts[True] - counts[False] == 2  # one look at each kind of device (authenticator, codes)
