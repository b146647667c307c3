"""Browser flows: Playwright for Python driving Debian's Chromium against pytest-django's live server.

They run whenever /usr/bin/chromium exists and must run in CI (``CI=true``): there a missing
browser is an error, not a skip. Screenshots go to ``test-output/`` (gitignored).
"""

import os
from pathlib import Path

import pytest
from django.test import override_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session", autouse=True)
def _live_server_with_media_url(request):
    """The portal sets ``MEDIA_URL = None`` (uploads only through access-checked views), but the
    live server's media handler needs a string prefix when it starts. Start it with one that no
    page links to, then put the setting back."""
    with override_settings(MEDIA_URL="/__media-not-served__/"):
        request.getfixturevalue("live_server")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser flows (install Debian's chromium).")
        pytest.skip(f"{CHROMIUM} is not installed; install Debian's chromium to run the browser flows.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, so Django would refuse the test
    # body's (synchronous, safe) ORM calls. Allowed only while Playwright runs, then put back, so
    # that the rest of the session (and its subprocesses) keeps Django's guard.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh context (own cookies), Chinese locale, explicit timeouts."""
    contexts = []

    def make():
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
