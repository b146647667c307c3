"""What the browser flows share."""

PASSWORD = "pw-test-123"  # tests.factories.UserFactory


def sign_in(page, url, username):
    page.goto(url)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form [type=submit]").first.click()
    page.wait_for_load_state("domcontentloaded")
