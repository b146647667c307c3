import pytest
from django.urls import reverse

from societies.framework.registry import filing_types
from societies.framework.workflow import FilingStatus
from tests.activities.factories import ActivityFactory
from tests.factories import BrandFactory, OutreachPlanFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def test_home_anonymous_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_login_page_is_chinese(client):
    body = client.get(reverse("login")).content.decode()
    assert 'lang="zh-hans"' in body
    assert "登录" in body


def test_secretary_signs_in_with_password(client, secretary_a):
    response = client.post(reverse("login"), {"username": "sec_a", "password": "pw-test-123"})
    assert response.status_code == 302 and response.url == reverse("home")


def test_home_secretary_sees_society_and_counts(client_a, society_a, society_b):
    VolunteerFactory.create_batch(2, society=society_a, is_expert=True)
    OutreachPlanFactory(society=society_a, status=FilingStatus.RETURNED)
    OutreachPlanFactory(society=society_b, status=FilingStatus.APPROVED)
    response = client_a.get("/")
    assert response.status_code == 200
    assert society_a.name in response.content.decode()
    plans = response.context["filing_counts"][0]
    assert {value: n for _label, value, n in plans["counts"]}["returned"] == 1
    assert plans["total"] == 1
    assert response.context["expert_count"] == 2


def _orm_counts(society) -> dict:
    counts = {}
    for model in [t.model for t in filing_types()]:
        for status in FilingStatus:
            counts[(str(model._meta.verbose_name_plural), status.value)] = model.objects.filter(
                society=society, status=status
            ).count()
    return counts


def _page_counts(response) -> dict:
    return {
        (str(row["label"]), value): n for row in response.context["filing_counts"] for _label, value, n in row["counts"]
    }


def test_home_counts_are_each_societys_own(client_a, client_b, society_a, society_b):
    """The counting query is compiled once per process; each request must still count its own society."""
    ActivityFactory.create_batch(3, society=society_a)
    ActivityFactory(society=society_a, status=FilingStatus.SUBMITTED)
    ActivityFactory.create_batch(2, society=society_b, status=FilingStatus.APPROVED)
    OutreachPlanFactory(society=society_b, status=FilingStatus.RETURNED)
    VolunteerFactory.create_batch(3, society=society_a, is_expert=False)
    VolunteerFactory(society=society_a, is_expert=True)
    VolunteerFactory.create_batch(2, society=society_b, is_expert=True)
    BrandFactory.create_batch(2, society=society_b)
    for client, society, roster in (
        (client_a, society_a, (4, 1, 0)),
        (client_b, society_b, (2, 2, 2)),
        (client_a, society_a, (4, 1, 0)),
    ):
        response = client.get("/")
        assert _page_counts(response) == _orm_counts(society)
        context = response.context
        assert (context["volunteer_count"], context["expert_count"], context["brand_count"]) == roster


def test_home_staff_goes_to_admin(staff_client):
    response = staff_client.get("/")
    assert response.status_code == 302 and response.url == reverse("admin:index")


def test_home_user_without_role_told_to_ask(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get("/")
    assert response.status_code == 403


def test_logout_is_post_only(client_a):
    assert client_a.get(reverse("logout")).status_code == 405
    assert client_a.post(reverse("logout")).status_code == 302


def test_english_browser_still_gets_chinese(client):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in body


def test_language_switch_gives_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    body = client.get(reverse("login")).content.decode()
    assert "Sign in" in body and 'lang="en"' in body


def test_footer_names_each_language_in_itself(client):
    body = client.get(reverse("login")).content.decode()
    assert ">简体中文</button>" in body and ">English</button>" in body


def test_seed_demo_deadlines_shows_on_home_and_is_idempotent(client_a):
    from django.core.management import call_command

    from kepu_portal.models import Deadline

    call_command("seed_demo_deadlines", stdout=None)
    call_command("seed_demo_deadlines", stdout=None)
    assert Deadline.objects.count() == 2
    rows = client_a.get("/").context["deadlines"]
    assert [row["is_overdue"] for row in rows] == [True, False]


def test_menu_names_each_page_as_its_own_app_translates_it(client_a):
    """A label translated differently elsewhere must not rename the menu (scripts/check-messages
    refuses such clashes; this is the one that happened: 'Activities' as a statistics column)."""
    body = client_a.get("/").content.decode()
    for label in ("年度计划", "科普活动", "年度总结"):
        assert f">{label}</a>" in body


def test_home_volunteer_share_is_not_rounded_away(client_a, society_a):
    """4 on the roster of 1,000 members is 0.4 %, not 0 %; and no 20 % yardstick the notice does not give."""
    society_a.member_count = 1000
    society_a.save(update_fields=["member_count"])
    VolunteerFactory.create_batch(3, society=society_a)
    VolunteerFactory(society=society_a, is_expert=True)
    response = client_a.get("/")
    body = response.content.decode()
    assert str(response.context["volunteer_ratio"]) == "0.4"
    assert "志愿者占会员的 0.4%" in body and "20%" not in body
    assert "加强科技志愿者队伍建设" in body
