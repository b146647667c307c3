"""The co-organiser picker in Chromium: typing finds other societies through the search endpoint,
a choice lands in the form's select, the page reports no CSP violation and passes axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.factories import SocietyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_finds_and_chooses_a_co_organiser(live_server, new_page, secretary_a, society_b):
    SocietyFactory(name="广西光学学会")
    page = new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, f"{live_server.url}/accounts/login/", secretary_a.username)
    page.goto(f"{live_server.url}/activities/new/")
    box = page.locator("#id_co_organisers-ts-control")
    box.click()
    box.fill("光学")
    option = page.locator(".ts-dropdown .option", has_text="广西光学学会")
    expect(option).to_be_visible()
    expect(page.locator(".ts-dropdown .option", has_text=secretary_a.society.name)).to_have_count(0)
    option.click()
    chosen = page.evaluate("Array.from(document.querySelector('#id_co_organisers').selectedOptions).map(o => o.text)")
    assert chosen == ["广西光学学会"]
    assert blocked == []
    found = axe_violations(page)
    assert found == [], found
