"""The issue's flow in a real browser: a secretary files the plan and an activity with photos and
a passed content review; staff return the activity with a comment in the admin; the secretary
fixes and resubmits; staff approve."""

import re

import pytest
from playwright.sync_api import expect

from activities.models import Activity, OutreachPlan, Theme
from societies.framework.workflow import FilingStatus
from societies.models import Volunteer
from tests.browser.helpers import sign_in
from tests.uploads import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _admin_action(page, live_server, activity, action):
    page.goto(f"{live_server.url}/admin/activities/activity/")
    page.check(f"input[name=_selected_action][value='{activity.pk}']")
    page.select_option("select[name=action]", action)
    page.locator("button[name=index]").click()


def test_secretary_files_staff_return_secretary_fixes_staff_approve(
    live_server, new_page, shot, tmp_path, secretary_a, society_a, staff
):
    photos = []
    for n, colour in enumerate([(200, 60, 40), (40, 120, 200)], start=1):
        path = tmp_path / f"现场照片{n}.jpg"
        path.write_bytes(image_bytes("JPEG", size=(800, 600), colour=colour))
        photos.append(str(path))

    secretary = new_page()
    sign_in(secretary, f"{live_server.url}/accounts/login/", secretary_a.username)
    expect(secretary.locator("nav")).to_contain_text("科普活动")

    # An expert volunteer, who will review the activity's content.
    secretary.goto(f"{live_server.url}/volunteers/new/")
    secretary.fill("input[name=name]", "李明")
    secretary.check("input[name=is_expert]")
    secretary.fill("input[name=expertise]", "物理学")
    secretary.locator("main button.btn-primary[type=submit]").click()
    expect(secretary.locator("body")).to_contain_text("李明")
    assert Volunteer.objects.get(name="李明").is_expert

    # The yearly plan, saved then submitted.
    secretary.goto(f"{live_server.url}/plans/new/")
    secretary.fill("input[name=year]", "2026")
    secretary.fill("textarea[name=goals]", "面向青少年开展科普进校园活动，全年不少于 12 场。")
    secretary.fill("input[name=planned_activity_count]", "12")
    secretary.fill("input[name=planned_participants]", "3000")
    secretary.fill("input[name=planned_budget]", "50000.00")
    secretary.locator("main button.btn-primary[type=submit]").click()
    expect(secretary.locator("h1")).to_contain_text("2026")
    secretary.get_by_role("button", name="提交审核").click()
    expect(secretary.locator(".alert-success")).to_be_visible()
    shot(secretary, "01-plan-submitted")
    assert OutreachPlan.objects.get().status == FilingStatus.SUBMITTED

    # An activity with two photos and a passed content review.
    secretary.goto(f"{live_server.url}/activities/new/")
    secretary.fill("input[name=title]", "趣味物理进校园")
    secretary.fill("textarea[name=description]", "为初中生演示趣味物理实验。")
    secretary.fill("input[name=start_date]", "2026-05-20")
    secretary.fill("input[name=end_date]", "2026-05-20")
    secretary.fill("input[name=place]", "南宁市第三中学")
    secretary.select_option("select[name=city]", "nanning")
    secretary.select_option("select[name=setting]", "school")
    secretary.check(f"input[name=themes][value='{Theme.objects.get(name='科学家精神').pk}']")
    secretary.fill("input[name=offline_sessions]", "2")
    secretary.fill("input[name=offline_attendance]", "320")
    secretary.fill("input[name=volunteer_count]", "6")
    secretary.select_option("select[name=content_reviewer]", label="李明")
    secretary.check("input[name=political_review_passed]")
    secretary.check("input[name=scientific_review_passed]")
    secretary.fill("input[name=content_reviewed_on]", "2026-05-15")
    secretary.set_input_files("input[name=new_photos]", photos)
    shot(secretary, "02-activity-form")
    secretary.get_by_role("button", name="保存草稿").click()
    expect(secretary.locator(".activity-photos img")).to_have_count(2)
    expect(secretary.locator("#content-review")).to_contain_text("已通过")
    shot(secretary, "03-activity-detail")
    activity = Activity.objects.get()
    assert activity.photos.count() == 2 and activity.society == society_a
    secretary.get_by_role("button", name="提交审核").click()
    expect(secretary.locator(".alert-success")).to_be_visible()
    activity.refresh_from_db()
    assert activity.status == FilingStatus.SUBMITTED

    # Staff return the activity with a comment.
    admin = new_page()
    sign_in(admin, f"{live_server.url}/admin/login/", staff.username)
    _admin_action(admin, live_server, activity, "return_selected")
    admin.fill("textarea[name=comment]", "请补充活动的新闻报道链接。")
    shot(admin, "04-admin-return-comment")
    admin.locator("input[type=submit]").click()
    expect(admin.locator(".messagelist")).to_contain_text("1")
    shot(admin, "05-admin-review-queue")
    activity.refresh_from_db()
    assert activity.status == FilingStatus.RETURNED

    # The secretary sees the comment, fixes the activity and submits it again.
    secretary.goto(f"{live_server.url}/activities/{activity.pk}/")
    expect(secretary.locator(".alert-danger")).to_contain_text("请补充活动的新闻报道链接")
    shot(secretary, "06-activity-returned")
    secretary.get_by_role("link", name=re.compile("修改|编辑")).first.click()
    expect(secretary.locator(".alert-danger")).to_contain_text("请补充活动的新闻报道链接")
    secretary.fill("input[name=news_url]", "https://www.gxast.org.cn/news/2026/0520.html")
    secretary.get_by_role("button", name="保存草稿").click()
    expect(secretary.get_by_role("link", name="新闻报道")).to_be_visible()
    secretary.get_by_role("button", name="提交审核").click()
    expect(secretary.locator(".alert-success")).to_be_visible()
    activity.refresh_from_db()
    assert activity.status == FilingStatus.SUBMITTED and activity.news_url.endswith("0520.html")

    # Staff approve it (a region-level society: no city review).
    _admin_action(admin, live_server, activity, "approve_selected")
    expect(admin.locator(".messagelist")).to_be_visible()
    activity.refresh_from_db()
    assert activity.status == FilingStatus.APPROVED

    secretary.goto(f"{live_server.url}/activities/{activity.pk}/")
    expect(secretary.locator(".alert-success")).to_contain_text("已通过")
    shot(secretary, "07-activity-approved")
    secretary.goto(f"{live_server.url}/activities/")
    shot(secretary, "08-activity-list")

    # The yearly summary shows the year's figures live, then frozen once submitted.
    secretary.goto(f"{live_server.url}/summaries/new/")
    secretary.fill("input[name=year]", "2026")
    secretary.fill("textarea[name=narrative]", "全年开展科普进校园活动，带动科技志愿者参与。")
    secretary.get_by_role("button", name="保存草稿").click()
    expect(secretary.locator("[data-figure=activities]")).to_have_text("1")
    expect(secretary.locator("[data-figure=attendance]")).to_have_text("320")
    expect(secretary.locator("#plan-vs-actual")).to_contain_text("12")
    shot(secretary, "09-summary-live-figures")
    secretary.get_by_role("button", name="提交审核").click()
    expect(secretary.locator(".alert-success")).to_be_visible()
    expect(secretary.locator("#figures")).to_contain_text("提交时固定保存")
    shot(secretary, "10-summary-submitted")
