"""Choosing when the daily prompt arrives, through a real browser, by mouse and by keyboard."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from accounts import schedule
from accounts.tests.factories import UserFactory
from entries.tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

# Friday 27 November 2026, late morning in Paris, where the person starts out.
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)
# Enough Tabs to walk the header and the whole schedule form.
MAX_TABS = 40


def tab_to(page, locator):
    """Press Tab until locator has the focus, failing if the keyboard never reaches it."""
    for _ in range(MAX_TABS):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {locator}")


@time_machine.travel(NOW, tick=False)
def test_schedule_is_saved_and_described_in_words(page, live_server):
    """Moving to New York, 07:30 on weekdays but Wednesday, paused to 2 Dec: next is Thu 3 Dec."""
    user = UserFactory(email="ruth@example.com")
    log_in(page, live_server, user)
    page.goto("/journal/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Your daily prompt")).to_be_visible()

    page.get_by_label("Timezone").select_option("America/New_York")
    page.get_by_label("Time", exact=True).fill("07:30")
    for day in ("Wednesday", "Saturday", "Sunday"):
        page.get_by_label(day).uncheck()
    page.get_by_label("Pause prompts").check()
    page.get_by_label("Resume on").fill("2026-12-02")
    page.get_by_role("button", name="Save").click()

    # Wednesday 2 December is not a chosen day, so prompts resume on the Thursday.
    when = "Thursday 3 December at 07:30, America/New_York"
    expect(page.get_by_role("status")).to_have_text(f"Saved. Your next prompt arrives {when}.")
    expect(page.locator(".next-prompt")).to_have_text(f"Your next prompt arrives {when}.")

    page.reload()
    expect(page.get_by_label("Timezone")).to_have_value("America/New_York")
    expect(page.get_by_label("Time", exact=True)).to_have_value("07:30")
    for day in ("Monday", "Tuesday", "Thursday", "Friday"):
        expect(page.get_by_label(day)).to_be_checked()
    for day in ("Wednesday", "Saturday", "Sunday"):
        expect(page.get_by_label(day)).not_to_be_checked()
    expect(page.get_by_label("Pause prompts")).to_be_checked()
    expect(page.get_by_label("Resume on")).to_have_value("2026-12-02")
    expect(page.locator(".next-prompt")).to_have_text(f"Your next prompt arrives {when}.")

    user.refresh_from_db()
    assert user.next_prompt_at == dt.datetime(2026, 12, 3, 12, 30, tzinfo=dt.UTC)
    assert (
        schedule.describe_weekdays(user.prompt_weekdays) == "Monday, Tuesday, Thursday and Friday"
    )


@time_machine.travel(NOW, tick=False)
def test_schedule_can_be_changed_with_the_keyboard_alone(page, live_server):
    """Tab reaches the time and the days, typing sets the time, Space ticks a day, Enter saves."""
    user = UserFactory(email="keys@example.com", prompt_weekdays=0b0011111)
    log_in(page, live_server, user)
    page.goto("/settings/")

    tab_to(page, page.get_by_label("Time", exact=True))
    # Debian's Chromium ships no language packs, so whatever the page's
    # locale it lays times out as "hh:mm AM/PM": the A picks the morning.
    page.keyboard.type("0615A")
    tab_to(page, page.get_by_label("Saturday"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Save"))
    page.keyboard.press("Enter")

    # Saturday 28 November is the first chosen day with 06:15 still ahead in Paris.
    when = "Saturday 28 November at 06:15, Europe/Paris"
    expect(page.locator(".next-prompt")).to_have_text(f"Your next prompt arrives {when}.")
    expect(page.get_by_label("Saturday")).to_be_checked()
    user.refresh_from_db()
    assert user.prompt_time == dt.time(6, 15)
    assert (
        schedule.describe_weekdays(user.prompt_weekdays)
        == "Monday, Tuesday, Wednesday, Thursday, Friday and Saturday"
    )
