"""Browser flows: a visitor reads the public pages; staff read the statistics with their charts.

Checks what only a browser shows: the pages' assets load from the portal itself (Bootstrap,
Chart.js), the public photo renders, the charts draw.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Theme
from societies.framework.workflow import FilingStatus
from tests.activities.factories import ActivityPhotoFactory, ReviewedActivityFactory
from tests.browser.helpers import sign_in
from tests.factories import CommendationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def approved_with_photo(society_a):
    today = timezone.localdate()
    activity = ReviewedActivityFactory(
        society=society_a, status=FilingStatus.APPROVED, title="公开的科普进校园", start_date=today.replace(day=1)
    )
    activity.themes.add(Theme.objects.get(name="双碳"))
    ActivityPhotoFactory(activity=activity)
    ReviewedActivityFactory(
        society=society_a, status=FilingStatus.SUBMITTED, title="尚在审核的活动", start_date=today.replace(day=1)
    )
    CommendationFactory(society=society_a, year=today.year - 1, honoree="物理科普团队")
    return activity


def test_visitor_reads_the_calendar_an_activity_and_the_honour_roll(live_server, new_page, shot, approved_with_photo):
    page = new_page()
    local_failures = []
    page.on("requestfailed", lambda request: local_failures.append(request.url))
    page.goto(f"{live_server.url}/public/activities/")
    expect(page.locator("h1")).to_contain_text("科普活动日历")
    expect(page.get_by_text("尚在审核的活动")).to_have_count(0)
    page.get_by_role("link", name="公开的科普进校园").click()
    expect(page.locator("h1")).to_contain_text("公开的科普进校园")
    photo = page.locator(".activity-photos img").first
    expect(photo).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", photo.element_handle()), "the photo renders"
    shot(page, "public-activity")
    page.get_by_role("link", name="表彰名单").click()
    expect(page.get_by_text("物理科普团队")).to_be_visible()
    # A <nav> is display:block by itself; Bootstrap's .navbar makes it a flex box.
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex", "Bootstrap loaded"
    assert not local_failures, local_failures
    assert "/accounts/login/" not in page.url


def test_staff_reads_the_statistics_with_charts(live_server, new_page, shot, staff, approved_with_photo):
    page = new_page()
    sign_in(page, f"{live_server.url}/accounts/login/", staff.username)
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role(
        "link", name="按年度查看科普活动、填报事项、科普专项和科普教育基地的统计，含图表和 Excel 下载"
    ).click()
    expect(page.locator("#content h1")).to_contain_text("统计")
    # The heading shows while the scripts at the end of the body may still be loading.
    page.wait_for_load_state("load")
    assert page.evaluate("typeof Chart") == "function", "Chart.js is served by the portal"
    drawn = page.evaluate("Chart.getChart('chart-city') !== undefined && Chart.getChart('chart-theme') !== undefined")
    assert drawn, "both charts are drawn"
    shot(page, "statistics")
    year = timezone.localdate().year
    download = page.request.get(f"{live_server.url}/admin/statistics/?year={year}&format=xlsx")
    assert download.ok and download.headers["content-type"].startswith("application/vnd.openxmlformats")
