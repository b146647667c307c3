"""WCAG 2.1 AA as axe-core checks it, on every page this test visits: public pages, sign-in, the
secretary's pages, the print page, and the admin (index, changelists, change forms, statistics,
scorecard). Any serious or critical violation fails the test, with the page and the elements."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.models import Theme
from societies.framework.notifications import Notification
from societies.framework.workflow import FilingStatus
from tests.activities.factories import ActivityPhotoFactory, ReviewedActivityFactory
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import sign_in
from tests.factories import CommendationFactory, OutreachPlanFactory, VolunteerFactory
from tests.funding.factories import FundingSourceFactory, SpecialFundFactory
from tests.imports import filled_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class AxeWalk:
    """Visits pages in one tab and runs axe-core on each; collects what it reports."""

    def __init__(self, page, base):
        self.page, self.base, self.found, self.visited = page, base, [], []

    def visit(self, path):
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, (path, response and response.status)
        self.page.wait_for_load_state("load")
        self.check(path)

    def check(self, where):
        self.visited.append(where)
        self.found += describe(where, axe_violations(self.page))


@pytest.fixture
def records(society_a, secretary_a):
    today = timezone.localdate()
    activity = ReviewedActivityFactory(
        society=society_a, status=FilingStatus.APPROVED, title="公开的科普进校园", start_date=today.replace(day=1)
    )
    activity.themes.add(Theme.objects.get(name="双碳"))
    ActivityPhotoFactory(activity=activity)
    VolunteerFactory(society=society_a, name="李雷", phone="13800000000")
    CommendationFactory(society=society_a, year=today.year)
    plan = OutreachPlanFactory(society=society_a, year=today.year)
    Notification.objects.create(user=secretary_a, kind="approved", message="已审核通过", url=plan.get_absolute_url())
    return {"activity": activity, "plan": plan}


def test_public_and_secretary_pages_meet_wcag_aa(
    live_server, new_page, shot, secretary_a, records, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = new_page()
    walk = AxeWalk(page, live_server.url)
    activity, plan = records["activity"], records["plan"]
    for path in ["/public/activities/", f"/public/activities/{activity.pk}/", "/public/bases/", "/public/honours/"]:
        walk.visit(path)
    walk.visit("/accounts/login/")
    walk.visit("/accounts/password/reset/")
    sign_in(page, f"{live_server.url}/accounts/login/", secretary_a.username)
    for path in [
        "/",
        "/plans/",
        plan.get_absolute_url(),
        "/plans/new/",
        "/activities/",
        activity.get_absolute_url(),
        "/activities/new/",
        reverse("activities:activity_import"),
        "/summaries/",
        "/funds/",
        "/funds/new/",
        "/fund-reports/",
        "/bases/",
        "/base-reports/",
        "/recommendations/",
        "/society/",
        "/society/edit/",
        "/volunteers/",
        reverse("societies:volunteer_import"),
        "/brands/",
        reverse("societies:notification_list"),
        reverse("activities:plan_print", args=[plan.pk]),
        "/accounts/password/",
    ]:
        walk.visit(path)
    page.goto(live_server.url + "/")
    shot(page, "home-with-bell")
    # The import preview, with a problem to show.
    client = Client()
    client.force_login(secretary_a)
    data = filled_template(client, reverse("societies:volunteer_import_template"), [{"姓名": "甲", "加入日期": "明天"}])
    xlsx = tmp_path / "roster.xlsx"
    xlsx.write_bytes(data)
    page.goto(live_server.url + reverse("societies:volunteer_import"))
    page.set_input_files("input[type=file]", str(xlsx))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    assert "第 2 行 加入日期" in page.content()
    walk.check("import preview")
    shot(page, "import-preview")
    assert len(walk.visited) > 25
    assert walk.found == [], "\n".join(walk.found)


def test_admin_pages_meet_wcag_aa(live_server, new_page, staff, society_a, records):
    page = new_page()
    walk = AxeWalk(page, live_server.url)
    sign_in(page, f"{live_server.url}/accounts/login/", staff.username)
    activity, plan = records["activity"], records["plan"]
    fund = SpecialFundFactory(society=society_a)
    FundingSourceFactory(fund=fund)
    for path in [
        "/admin/",
        "/admin/activities/activity/",
        f"/admin/activities/activity/{activity.pk}/change/",
        "/admin/activities/outreachplan/",
        f"/admin/activities/outreachplan/{plan.pk}/change/",
        "/admin/societies/society/",
        f"/admin/societies/society/{society_a.pk}/change/",
        reverse("admin:societies_society_import"),
        "/admin/funding/specialfund/",
        f"/admin/funding/specialfund/{fund.pk}/change/",
        "/admin/societies/user/",
        "/admin/societies/user/add/",
        "/admin/bases/educationbase/",
        "/admin/kepu_portal/deadline/",
        "/admin/statistics/",
        f"/admin/scorecard/{society_a.pk}/",
    ]:
        walk.visit(path)
    assert walk.found == [], "\n".join(walk.found)


def test_axe_finds_a_violation(live_server, new_page, db):
    """The check can fail: a low-contrast text put into a page is reported as serious."""
    page = new_page()
    page.goto(f"{live_server.url}/public/activities/")
    page.evaluate(
        "() => { const p = document.createElement('p'); p.textContent = '看不清的字';"
        " p.style.color = '#bbbbbb'; p.style.background = '#ffffff'; document.querySelector('main').appendChild(p); }"
    )
    found = axe_violations(page)
    assert any(v["id"] == "color-contrast" for v in found), found
