"""Reading in a browser: long entries, searches in two tabs, and what a phone shows first."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from entries.models import Entry
from entries.tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def reader(page, live_server):
    user = UserFactory()
    log_in(page, live_server, user)
    return user


def test_a_long_entry_is_an_excerpt_until_opened(page, reader):
    """The journal shows the start of a long entry; "Read the whole entry" opens all of it."""
    body = "It began at the station.\n\n" + "We talked for hours. " * 300 + "And then we slept."
    Entry.objects.create(user=reader, date=dt.date(2026, 11, 20), body=body)
    page.goto("/journal/")
    expect(page.get_by_text("It began at the station.")).to_be_visible()
    expect(page.get_by_text("And then we slept.")).to_have_count(0)
    page.get_by_role("link", name=re.compile("^Read the whole entry")).click()
    expect(page.get_by_text("And then we slept.")).to_be_visible()
    assert page.url.endswith("/journal/2026/11/20/")


def test_two_tabs_keep_their_own_searches(page, reader):
    """Each tab pages through its own search, at an address with a key and no words."""
    Entry.objects.bulk_create(
        Entry(user=reader, date=dt.date(2026, 11, 20) - dt.timedelta(days=n), body=f"Heron {n}.")
        for n in range(25)
    )
    Entry.objects.create(user=reader, date=dt.date(2020, 1, 1), body="A canal walk.")

    def search(tab, words):
        tab.goto("/journal/search/")
        tab.get_by_label("Search your journal").fill(words)
        tab.get_by_role("button", name="Search", exact=True).click()

    search(page, "heron")
    other = page.context.new_page()
    search(other, "canal")
    expect(other.get_by_text("1 entry found")).to_be_visible()
    page.get_by_role("link", name=re.compile("Next")).click()
    expect(page.get_by_text("25 entries found")).to_be_visible()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    for tab in (page, other):
        assert re.search(r"/journal/search/\?s=[\w-]+", tab.url)
        assert "heron" not in tab.url
        assert "canal" not in tab.url
    other.close()


def test_a_phone_opens_the_year_at_its_latest_months(page, reader):
    """At 360 px the heat map shows the end of the year first; January is a swipe away."""
    page.set_viewport_size(PHONE)
    page.goto("/journal/2026/")
    heat = page.locator("figure.heat")
    box = heat.bounding_box()
    december = page.locator(".heat-label", has_text="Dec").bounding_box()
    january = page.locator(".heat-label", has_text="Jan").bounding_box()
    assert box["x"] <= december["x"] <= box["x"] + box["width"]
    assert january["x"] < box["x"]
    expect(page.locator("figcaption")).to_have_css("direction", "ltr")


def test_the_journal_sections_take_one_row_on_a_phone(page, reader):
    """The ten journal links sit on one line that scrolls, not several lines, on a phone."""
    page.set_viewport_size(PHONE)
    for path in ("/journal/", "/journal/write/", "/journal/deleted/"):
        page.goto(path)
        tops = page.locator(".journal-nav li").evaluate_all(
            "(items) => items.map((item) => Math.round(item.getBoundingClientRect().top))"
        )
        assert len(tops) == 10
        assert len(set(tops)) == 1, f"{path}: the links wrap onto {len(set(tops))} lines"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        # The current page's link is scrolled into sight, even the last one.
        expect(page.locator('.journal-nav [aria-current="page"]')).to_be_in_viewport(ratio=0.95)
