"""The sign-up form preselects the browser's timezone from a list of canonical zones."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "Europe/Kyiv", "America/New_York"])
def test_the_browsers_zone_is_preselected_even_under_an_old_name(browser, live_server, zone):
    """Chromium names some zones by old aliases (Asia/Calcutta); the list still preselects it."""
    context = browser.new_context(base_url=live_server.url, timezone_id=zone)
    page = context.new_page()
    page.goto("/accounts/signup/")
    select = page.get_by_label("Timezone")
    expect(select).to_have_value(zone)
    assert page.locator('select[name="timezone"] option[value="GB-Eire"]').count() == 0
    groups = page.locator('select[name="timezone"] optgroup').evaluate_all(
        "(groups) => groups.map((group) => group.label)"
    )
    assert groups[:3] == ["Africa", "America", "Antarctica"]
    context.close()
