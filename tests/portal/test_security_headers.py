"""Every page carries a Content-Security-Policy (scripts from the portal itself or with the
page's nonce, never inline otherwise) and a Permissions-Policy."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.activities.factories import ActivityAttachmentFactory, ActivityFactory
from tests.factories import UserFactory


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _assert_strict(response) -> dict[str, list[str]]:
    policy = _policy(response)
    scripts = policy["script-src"]
    assert "'self'" in scripts
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "*" not in scripts and not any(source.startswith(("http:", "https:", "data:")) for source in scripts)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    return policy


def _assert_nonce_matches(response, *, every_tag=True) -> None:
    """The header's nonce is the one on the page's script tags; every inline script has it (and,
    on the portal's own pages, every script tag)."""
    policy = _policy(response)
    nonces = [source for source in policy["script-src"] if source.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    html = response.content.decode()
    tags = re.findall(r"<script\b[^>]*>", html)
    executable = [tag for tag in tags if 'type="application/json"' not in tag]
    assert any(f'nonce="{nonce}"' in tag for tag in executable), executable
    must_carry = executable if every_tag else [tag for tag in executable if " src=" not in tag]
    assert all(f'nonce="{nonce}"' in tag for tag in must_carry), must_carry


@pytest.mark.parametrize("url", ["/public/activities/", "/public/bases/", "/public/honours/", "/accounts/login/"])
def test_public_pages_have_the_policy_with_a_nonce(db, url):
    response = Client().get(url)
    assert response.status_code == 200
    _assert_strict(response)
    _assert_nonce_matches(response)


@pytest.mark.parametrize("url", ["/", "/activities/", "/society/", "/volunteers/", "/accounts/password/"])
def test_portal_pages_have_the_policy_with_a_nonce(client_a, url):
    response = client_a.get(url)
    assert response.status_code == 200
    _assert_strict(response)
    _assert_nonce_matches(response)


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/activities/activity/", "/admin/societies/society/", "/admin/login/"]
)
def test_admin_pages_have_the_policy(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code in (200, 302)
    _assert_strict(response)
    assert "<script>" not in response.content.decode()  # no inline script without a nonce


def test_statistics_page_scripts_carry_the_nonce(staff_client):
    response = staff_client.get("/admin/statistics/")
    _assert_strict(response)
    _assert_nonce_matches(response, every_tag=False)
    assert 'src="/static/js/statistics.js" nonce="' in response.content.decode()


def test_celery_beat_inline_script_gets_the_nonce(db):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    response = client.get("/admin/django_celery_beat/periodictask/add/")
    assert response.status_code == 200
    assert 'id="periodic-task-overrides" nonce="' in response.content.decode()
    _assert_nonce_matches(response, every_tag=False)


def test_permissions_policy_on_every_page(client_a, staff_client):
    for response in (Client().get("/public/activities/"), client_a.get("/"), staff_client.get("/admin/")):
        header = response.headers["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert feature in header


def test_uploaded_files_keep_their_own_stricter_policy(client_a, society_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = ActivityAttachmentFactory(activity=ActivityFactory(society=society_a))
    response = client_a.get(reverse("activities:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_cookies_are_not_readable_by_scripts(db):
    """The session and CSRF cookies are HttpOnly: no script of the portal reads them (a scanner
    flagged the CSRF cookie)."""
    from django.test import Client

    response = Client().get(reverse("login"))
    assert response.cookies["csrftoken"]["httponly"] is True
