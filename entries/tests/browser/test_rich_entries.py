"""Writing with Markdown and tags in a real browser, then wandering by tag and by calendar."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from entries.tests.browser.conftest import log_in
from entries.tests.browser.test_layout import PHONE, assert_fits_a_phone

pytestmark = pytest.mark.browser

TEXT = (
    "A *slow* Sunday with #Maya.\n\n"
    "- bread from the market\n"
    "- a walk by the river\n\n"
    "The recipe: [Ana's bread](https://example.com/bread). #baking"
)


def test_write_markdown_follow_a_tag_and_open_the_calendar_on_a_phone(page, live_server):
    """An entry with a list, a link and two tags renders; its tag leads to the day; the
    month calendar fits a phone and links the day."""
    log_in(page, live_server, UserFactory())
    page.goto("/journal/write/")
    expect(page.get_by_text("Markdown works")).to_be_visible()
    page.get_by_label("What happened?").fill(TEXT)

    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("em", has_text="slow")).to_be_visible()
    expect(page.get_by_label("What happened?")).to_have_value(TEXT)

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved your entry")).to_be_visible()
    entry = page.get_by_role("article", name="Your entry")
    expect(entry.locator("li")).to_have_count(2)
    expect(entry.get_by_role("link", name="Ana's bread")).to_have_attribute(
        "rel", "nofollow noopener"
    )
    expect(entry.get_by_text("*slow*")).to_have_count(0)
    day_url = page.url

    entry.get_by_role("link", name="#Maya").click()
    expect(page.get_by_role("heading", name="#maya")).to_be_visible()
    expect(page.locator("mark", has_text="#Maya")).to_be_visible()
    page.get_by_role("navigation", name="Journal").get_by_role("link", name="Tags").click()
    expect(page.get_by_role("link", name="#baking")).to_be_visible()

    page.set_viewport_size(PHONE)
    page.get_by_role("navigation", name="Journal").get_by_role("link", name="Calendar").click()
    expect(page.locator("table.calendar")).to_be_visible()
    assert_fits_a_phone(page)
    page.get_by_role("link", name=re.compile(r": \d+ words$")).click()
    assert page.url == day_url
