"""The Content-Security-Policy breaks nothing: Chromium walks the main portal pages, the public
pages, the admin (index, changelist, change form, user add form, periodic task form with its
inline script) and the statistics page, and must report no violation — neither a
``securitypolicyviolation`` event nor a console message — while the charts still draw."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Theme
from societies.framework.workflow import FilingStatus
from tests.activities.factories import ActivityPhotoFactory, ReviewedActivityFactory
from tests.browser.helpers import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class Watch:
    """Collects what the browser says about the policy on every page of one tab."""

    def __init__(self, page):
        self.page = page
        self.found = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.found.append(f"console: {message.text}")

    def visit(self, url):
        response = self.page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        self.page.wait_for_load_state("load")
        self.collect(url)

    def collect(self, where):
        for violation in self.page.evaluate("window.__cspViolations || []"):
            self.found.append(f"{where}: {violation}")
        self.page.evaluate("window.__cspViolations = []")


@pytest.fixture
def records(society_a):
    today = timezone.localdate()
    activity = ReviewedActivityFactory(
        society=society_a, status=FilingStatus.APPROVED, title="公开的科普进校园", start_date=today.replace(day=1)
    )
    activity.themes.add(Theme.objects.get(name="双碳"))
    ActivityPhotoFactory(activity=activity)
    return activity


def test_portal_and_public_pages_report_no_violation(live_server, new_page, secretary_a, records):
    page = new_page()
    watch = Watch(page)
    for path in ["/public/activities/", f"/public/activities/{records.pk}/", "/public/bases/", "/public/honours/"]:
        watch.visit(live_server.url + path)
    watch.visit(f"{live_server.url}/accounts/password/reset/")
    sign_in(page, f"{live_server.url}/accounts/login/", secretary_a.username)
    watch.collect("sign-in")
    for path in [
        "/",
        "/plans/",
        "/plans/new/",
        "/activities/",
        records.get_absolute_url(),
        "/activities/new/",
        "/funds/",
        "/funds/new/",
        "/fund-reports/",
        "/bases/",
        "/recommendations/",
        "/society/",
        "/society/edit/",
        "/volunteers/",
        "/brands/",
        "/accounts/password/",
    ]:
        watch.visit(live_server.url + path)
    # The menu's dropdown is Bootstrap's script at work.
    page.locator("nav .dropdown-toggle", has_text="本学会").click()
    expect(page.get_by_role("link", name="学会信息")).to_be_visible()
    watch.collect("dropdown")
    assert watch.found == []


def test_admin_and_statistics_report_no_violation(live_server, new_page, staff, records):
    page = new_page()
    watch = Watch(page)
    sign_in(page, f"{live_server.url}/accounts/login/", staff.username)
    watch.collect("sign-in")
    for path in [
        "/admin/",
        "/admin/activities/activity/",
        f"/admin/activities/activity/{records.pk}/change/",
        "/admin/societies/society/",
        "/admin/societies/user/add/",
        "/accounts/mfa/",
    ]:
        watch.visit(live_server.url + path)
    watch.visit(f"{live_server.url}/admin/statistics/")
    assert page.evaluate("typeof Chart") == "function"
    assert page.evaluate("Chart.getChart('chart-city') !== undefined && Chart.getChart('chart-theme') !== undefined")
    watch.collect("charts")
    assert watch.found == []


def test_periodic_task_form_inline_script_runs_with_its_nonce(live_server, new_page, db):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    page = new_page()
    watch = Watch(page)
    sign_in(page, f"{live_server.url}/admin/login/", "root")
    watch.visit(f"{live_server.url}/admin/django_celery_beat/periodictask/add/")
    # The inline script hides the translation row: it ran.
    expect(page.locator(".field-crontab_translation")).to_be_hidden()
    assert watch.found == []


def test_the_watch_sees_a_violation(live_server, new_page, db):
    """The check above can fail: an inline script without the nonce is blocked and reported."""
    page = new_page()
    watch = Watch(page)
    watch.visit(f"{live_server.url}/public/activities/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    watch.collect("injected")
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in found for found in watch.found), watch.found
