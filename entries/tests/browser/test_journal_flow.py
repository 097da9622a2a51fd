"""A person's first visit, through a real browser: sign up, write, find, edit, delete, restore."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from entries.models import Entry
from entries.tests.browser.conftest import code_from

pytestmark = pytest.mark.browser


def sign_up(page, mailoutbox, email="ruth@example.com"):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name=re.compile("Sign up", re.IGNORECASE)).click()
    page.get_by_label("Code").fill(code_from(mailoutbox))
    page.get_by_role("button", name="Finish signing up").click()
    expect(page.get_by_role("heading", name="Your journal")).to_be_visible()


def test_sign_up_write_search_edit_delete_and_restore(page, mailoutbox):
    """The whole journal works in a browser, from the sign-up code to restoring a deleted entry."""
    sign_up(page, mailoutbox)
    expect(page.get_by_text("Your journal is empty.")).to_be_visible()

    page.get_by_role("link", name=re.compile("^Write today")).click()
    page.get_by_label("What happened?").fill(
        "Walked along the canal with Ruth.\n\nSaw a heron: https://example.com/heron"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved your entry")).to_be_visible()
    expect(page.get_by_role("link", name="https://example.com/heron")).to_be_visible()

    page.get_by_role("navigation", name="Journal").get_by_role("link", name="Search").click()
    page.get_by_label("Search your journal").fill('heron "the canal"')
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("1 entry found")).to_be_visible()
    expect(page.locator("mark", has_text="heron").first).to_be_visible()
    assert "heron" not in page.url

    page.locator(".result .entry-date a").click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Your entry").fill("Walked along the canal with Ruth and Sam.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved your changes")).to_be_visible()
    expect(page.get_by_text("with Ruth and Sam.")).to_be_visible()

    page.get_by_role("link", name="Delete…").click()
    expect(page.get_by_role("heading", name=re.compile("^Delete your entry"))).to_be_visible()
    page.get_by_role("button", name="Delete entry").click()
    expect(page.get_by_text("You can restore it from Recently deleted")).to_be_visible()
    assert not Entry.objects.alive().exists()

    page.get_by_role("link", name="Recently deleted").click()
    page.get_by_role("button", name=re.compile("^Restore")).click()
    expect(page.get_by_text("Restored your entry")).to_be_visible()
    expect(page.get_by_text("with Ruth and Sam.")).to_be_visible()
    assert Entry.objects.alive().get().body == "Walked along the canal with Ruth and Sam."


def test_two_tabs_editing_one_entry_show_both_texts(page, mailoutbox):
    """Saving a stale tab shows the newer text beside yours instead of losing either."""
    sign_up(page, mailoutbox, email="tabs@example.com")
    page.goto("/journal/write/")
    page.get_by_label("What happened?").fill("Draft.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Edit").click()
    other = page.context.new_page()
    other.goto(page.url)
    other.get_by_label("Your entry").fill("Written in the other tab.")
    other.get_by_role("button", name="Save changes").click()
    page.get_by_label("Your entry").fill("Written in this tab.")
    page.get_by_role("button", name="Save changes").click()
    expect(
        page.get_by_role("heading", name=re.compile("changed while you were editing"))
    ).to_be_visible()
    expect(page.get_by_label("The entry as saved now")).to_have_value("Written in the other tab.")
    expect(page.get_by_label("Your version")).to_have_value("Written in this tab.")
    page.get_by_label("Your version").fill("Written in the other tab. And in this one.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved your changes")).to_be_visible()


def test_the_journal_works_without_javascript(browser, live_server, transactional_db):
    """With JavaScript off, reading, writing and searching still work."""
    user = UserFactory(email="nojs@example.com")
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto("/journal/write/")
    page.get_by_label("What happened?").fill("No scripts needed.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("No scripts needed.")).to_be_visible()
    page.goto("/journal/")
    page.get_by_label("Search your journal").fill("scripts")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("mark", has_text="scripts")).to_be_visible()
    page.goto("/journal/year/")
    expect(page.get_by_role("img", name=re.compile("Each square is a day"))).to_be_visible()
    context.close()
