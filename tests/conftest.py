"""The fixed cast every test can use.

- ``society_a`` (region level, Nanning) and its secretary ``secretary_a`` — the user under test;
- ``society_b`` (city level, Liuzhou) and ``secretary_b`` — the outsider whose data A must never reach;
- ``city_reviewer`` — Liuzhou city association, first reviewer of society B;
- ``staff`` — association staff in the admin group.
"""

import importlib

import pytest
from django.core.cache import cache
from django.test import Client

from societies.choices import City, Role, SocietyLevel
from societies.services import role_groups_ensure
from tests.factories import SecretaryFactory, SocietyFactory, UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the suite's own locmem cache: settings.TESTING)."""
    cache.clear()


@pytest.fixture
def society_a(db):
    return SocietyFactory(name="广西物理学会", level=SocietyLevel.REGION, city=City.NANNING)


@pytest.fixture
def society_b(db):
    return SocietyFactory(name="柳州市医学会", level=SocietyLevel.CITY, city=City.LIUZHOU)


@pytest.fixture
def secretary_a(society_a):
    return SecretaryFactory(username="sec_a", society=society_a)


@pytest.fixture
def secretary_b(society_b):
    return SecretaryFactory(username="sec_b", society=society_b)


@pytest.fixture
def city_reviewer(db):
    _, reviewers = role_groups_ensure()
    user = UserFactory(username="lz_reviewer", role=Role.CITY_REVIEWER, city=City.LIUZHOU, is_staff=True)
    user.groups.add(reviewers)
    return user


@pytest.fixture
def staff(db):
    association, _ = role_groups_ensure()
    user = UserFactory(username="kx_staff", role=Role.ASSOCIATION, is_staff=True)
    user.groups.add(association)
    return user


@pytest.fixture
def counting_year(society_a, society_b):
    """A year of records counted by hand (``tests/counting.py``): the figures every page must agree on."""
    from tests.counting import make_counting_year

    return make_counting_year(society_a, society_b)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_a(secretary_a):
    return _client_for(secretary_a)


@pytest.fixture
def client_b(secretary_b):
    return _client_for(secretary_b)


@pytest.fixture
def staff_client(staff):
    return _client_for(staff)


@pytest.fixture
def reviewer_client(city_reviewer):
    return _client_for(city_reviewer)


# Rows that data migrations seed (themes, campaigns, base categories). A transactional test flushes
# the whole database, these included; Django's serialized_rollback would restore them but clashes
# with the content types that the flush's post_migrate recreates, so they are put back here.
SEEDING_MIGRATIONS = ["activities.migrations.0004_seed_themes_campaigns", "bases.migrations.0002_seed_categories"]


@pytest.fixture(autouse=True)
def _migration_seeded_rows(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    for module in SEEDING_MIGRATIONS:
        importlib.import_module(module).seed(apps, None)
