"""The portal's authentication backend loads the user's society with the user."""

import pytest
from django.contrib.auth import SESSION_KEY, get_user

from societies.backends import PortalBackend

pytestmark = pytest.mark.django_db


def test_user_and_society_in_one_query(secretary_a, society_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = PortalBackend().get_user(secretary_a.pk)
        assert user.society.name == society_a.name


def test_staff_without_society(staff):
    assert PortalBackend().get_user(staff.pk).society is None


def test_inactive_or_missing_user_is_nobody(secretary_a):
    secretary_a.is_active = False
    secretary_a.save(update_fields=["is_active"])
    assert PortalBackend().get_user(secretary_a.pk) is None
    assert PortalBackend().get_user(10**9) is None


def test_signed_in_request_reads_the_society_without_another_query(client_a, society_a, django_assert_num_queries):
    request = client_a.get("/").wsgi_request
    assert SESSION_KEY in request.session
    with django_assert_num_queries(1):  # the user row, joined with the society
        user = get_user(request)
        assert user.society.name == society_a.name
