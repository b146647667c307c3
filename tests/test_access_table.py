"""One table for who may do what: every role × every kind of record × every action, with the
expected answer — checked against the access module, the secretary's pages and the admin.

The records belong to a city-level society of Liuzhou, so that the city reviewer of Liuzhou has
a part to play and the one of Guilin has none. Secretaries act through the portal pages; staff,
superusers and city reviewers through the admin; an anonymous visitor through neither.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from societies.choices import City, Role, SocietyLevel
from societies.framework.access import Action, may
from societies.framework.registry import filing_type_for, filing_types
from societies.framework.workflow import FilingStatus
from societies.services import role_groups_ensure
from tests.bases.factories import EducationBaseFactory
from tests.factories import BrandFactory, SecretaryFactory, SocietyFactory, UserFactory, VolunteerFactory
from tests.test_query_counts import FACTORIES

pytestmark = pytest.mark.django_db

ROLES = ("secretary", "other_secretary", "reviewer", "other_reviewer", "staff", "superuser", "anonymous")
Y, N = True, False

# (action, the record's status) → expected answer per role, in the order of ROLES.
FILING_TABLE = {
    (Action.VIEW, FilingStatus.DRAFT): (Y, N, Y, N, Y, Y, N),
    (Action.EDIT, FilingStatus.DRAFT): (Y, N, N, N, Y, Y, N),
    (Action.EDIT, FilingStatus.SUBMITTED): (N, N, N, N, Y, Y, N),  # staff may correct until approved
    (Action.EDIT, FilingStatus.APPROVED): (N, N, N, N, N, N, N),
    (Action.SUBMIT, FilingStatus.DRAFT): (Y, N, N, N, N, N, N),
    (Action.WITHDRAW, FilingStatus.SUBMITTED): (Y, N, N, N, N, N, N),
    (Action.WITHDRAW, FilingStatus.CITY_REVIEWED): (N, N, N, N, N, N, N),  # a reviewer has acted
    (Action.DECIDE, FilingStatus.SUBMITTED): (N, N, Y, N, Y, Y, N),  # the city reviews first; staff may return
    (Action.DECIDE, FilingStatus.CITY_REVIEWED): (N, N, N, N, Y, Y, N),
}
# Rows that are not filings: the roster and the bases.
ROW_TABLE = {
    Action.VIEW: (Y, N, Y, N, Y, Y, N),
    Action.EDIT: (Y, N, N, N, Y, Y, N),
    Action.SUBMIT: (N,) * 7,
    Action.WITHDRAW: (N,) * 7,
    Action.DECIDE: (N,) * 7,
}

FILING_MODELS = [t.model for t in filing_types()]
ROW_MAKERS = {
    "volunteer": lambda society: VolunteerFactory(society=society),
    "brand": lambda society: BrandFactory(society=society),
    "educationbase": lambda society: EducationBaseFactory(society=society),
}


@pytest.fixture
def society():
    return SocietyFactory(name="柳州市科普学会", level=SocietyLevel.CITY, city=City.LIUZHOU)


@pytest.fixture
def users(society):
    association, reviewers = role_groups_ensure()
    other = SocietyFactory(name="柳州市另一学会", level=SocietyLevel.CITY, city=City.LIUZHOU)

    def reviewer(name, city):
        user = UserFactory(username=name, role=Role.CITY_REVIEWER, city=city, is_staff=True)
        user.groups.add(reviewers)
        return user

    staff = UserFactory(username="staff", role=Role.ASSOCIATION, is_staff=True)
    staff.groups.add(association)
    return {
        "secretary": SecretaryFactory(username="own", society=society),
        "other_secretary": SecretaryFactory(username="other", society=other),
        "reviewer": reviewer("lz", City.LIUZHOU),
        "other_reviewer": reviewer("gl", City.GUILIN),
        "staff": staff,
        "superuser": UserFactory(username="root", role=Role.ASSOCIATION, is_staff=True, is_superuser=True),
    }


def _user(users, role):
    if role == "anonymous":
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    return users[role]


def _filing(model, society, status):
    """A record of ``model`` of ``society`` in ``status`` (a base report or recommendation through
    a base of the society: their society is the base's)."""
    owner = {"base__society": society} if any(f.name == "base" for f in model._meta.fields) else {"society": society}
    filing = FACTORIES[model].create(**owner)
    model.objects.filter(pk=filing.pk).update(status=status)
    filing.refresh_from_db()
    return filing


CASES = [
    (model, action, status, role, expected[index])
    for model in FILING_MODELS
    for (action, status), expected in FILING_TABLE.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(
    ("model", "action", "status", "role", "expected"),
    CASES,
    ids=[f"{m._meta.model_name}-{a}-{s}-{r}" for m, a, s, r, _e in CASES],
)
def test_filing_table_in_access_and_pages(model, action, status, role, expected, society, users):
    filing = _filing(model, society, status)
    user = _user(users, role)
    assert may(user, action, filing) is expected, "the access module disagrees with the table"
    client = Client()
    if role != "anonymous":
        client.force_login(user)
    reached = _try(client, role, action, filing)
    assert reached is expected, f"{role} {action} on a {status} {model.__name__}: the pages disagree with the table"


ROW_CASES = [
    (kind, action, role, expected[index])
    for kind in ROW_MAKERS
    for action, expected in ROW_TABLE.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(
    ("kind", "action", "role", "expected"), ROW_CASES, ids=["-".join(map(str, c[:3])) for c in ROW_CASES]
)
def test_row_table_in_access(kind, action, role, expected, society, users):
    row = ROW_MAKERS[kind](society)
    assert may(_user(users, role), action, row) is expected


# --- trying an action the way each role would, through its own pages ---------------------------------


def _admin(filing, view):
    opts = filing._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[filing.pk] if view == "change" else [])


def _portal(filing, page):
    return reverse(filing_type_for(filing).url_name(page), args=[filing.pk])


def _try(client, role, action, filing) -> bool:
    """Did ``role`` get ``action`` done (or the page shown) through the pages it uses?"""
    before = type(filing).objects.get(pk=filing.pk)
    if role == "anonymous":
        portal = client.get(_portal(filing, "detail"))
        admin = client.get(_admin(filing, "change"))
        return portal.status_code == 200 or admin.status_code == 200
    if role in ("secretary", "other_secretary"):
        return _try_portal(client, action, filing, before)
    return _try_admin(client, action, filing, before)


def _try_portal(client, action, filing, before) -> bool:
    if action == Action.VIEW:
        return client.get(_portal(filing, "detail")).status_code == 200
    if action == Action.EDIT:
        response = client.get(_portal(filing, "update"))
        return response.status_code == 200 and "<form" in response.content.decode()  # else 404 or sent back
    if action == Action.DECIDE:
        return False  # secretaries have no page that decides
    page = "submit" if action == Action.SUBMIT else "withdraw"
    response = client.post(_portal(filing, page), {"expected_version": before.version})
    if response.status_code != 302:
        return False
    after = type(filing).objects.get(pk=filing.pk)
    if action == Action.SUBMIT and before.submission_problems():
        return True  # reached, and told what is missing: allowed, but not ready
    return after.status != before.status


def _try_admin(client, action, filing, before) -> bool:
    if action == Action.VIEW:
        return client.get(_admin(filing, "change")).status_code == 200
    if action == Action.EDIT:
        response = client.get(_admin(filing, "change"))
        return response.status_code == 200 and 'name="_save"' in response.content.decode()
    if action in (Action.SUBMIT, Action.WITHDRAW):
        return False  # the admin has no submit or withdraw: those are the society's
    for name, extra in (("city_approve_selected", {}), ("return_selected", {"apply": "1", "comment": "请补充"})):
        client.post(_admin(filing, "changelist"), {"action": name, ACTION_CHECKBOX_NAME: [filing.pk], **extra})
        if type(filing).objects.get(pk=filing.pk).status != before.status:
            return True
    return False
