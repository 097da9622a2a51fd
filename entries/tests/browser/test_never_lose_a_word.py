"""No words lost in a browser: drafts, an expired session, a form sent twice, the date field."""

import datetime as dt
import re
import time

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from entries.models import Draft, Entry
from entries.tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

TEXT = "The train was late, so I read the whole of the second chapter on the platform."


def eventually(check, seconds=10):
    """Wait for something the page does in the background (the draft is sent every 3 s)."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "it never happened"
        time.sleep(0.2)


@pytest.fixture
def writer(page, live_server):
    user = UserFactory(email="ruth@example.com", password="a long passphrase 42")
    log_in(page, live_server, user)
    return user


def test_a_draft_is_kept_while_typing_and_offered_on_another_device(
    page, browser, live_server, writer
):
    """Typing keeps a draft on the server; another browser offers it back, and saving clears it."""
    page.goto("/journal/write/")
    page.get_by_label("What happened?").fill(TEXT)
    eventually(lambda: Draft.objects.filter(user=writer, body=TEXT).exists())
    assert not Entry.objects.exists()

    other = browser.new_context(base_url=live_server.url)
    phone = other.new_page()
    log_in(phone, live_server, writer)
    phone.goto("/journal/write/")
    offer = phone.get_by_text(re.compile(r"You have an unsaved draft from \d\d:\d\d"))
    expect(offer).to_be_visible()
    phone.get_by_role("link", name="Restore it").click()
    expect(phone.get_by_label("What happened?")).to_have_value(TEXT)
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("Saved your entry")).to_be_visible()
    other.close()
    assert Entry.objects.get().body == TEXT
    assert not Draft.objects.exists()


def test_the_browsers_own_copy_is_offered_when_the_server_never_got_it(page, writer):
    """When the server has no draft (it never arrived), a reload offers this browser's copy."""
    page.goto("/journal/write/")
    page.get_by_label("What happened?").fill(TEXT)
    page.reload()  # sends what was typed as the page goes
    eventually(lambda: Draft.objects.filter(body=TEXT).exists())
    time.sleep(0.5)  # a send still on its way
    Draft.objects.all().delete()  # as if the connection had dropped every send
    page.reload()
    expect(page.get_by_label("What happened?")).to_have_value("")
    expect(page.get_by_text(re.compile("unsaved draft from .* in this browser"))).to_be_visible()
    page.get_by_role("button", name="Restore it").click()
    expect(page.get_by_label("What happened?")).to_have_value(TEXT)


def test_an_expired_session_keeps_the_text_through_logging_in(page, writer):
    """Save after the session expired: log in, and the form holds the text; one press saves it."""
    page.goto("/journal/write/")
    page.get_by_label("What happened?").fill(TEXT)
    Session.objects.all().delete()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Use my password instead").click()
    page.get_by_label("Email").fill("ruth@example.com")
    page.get_by_label("Password").fill("a long passphrase 42")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_label("What happened?")).to_have_value(TEXT)
    assert not Entry.objects.exists()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved your entry")).to_be_visible()
    assert Entry.objects.get().body == TEXT


def test_a_form_sent_twice_saves_once(page, writer):
    """Two identical sends (a retry), or Back and Save again, add the text once."""
    page.goto("/journal/write/")
    page.get_by_label("What happened?").fill(TEXT)
    statuses = page.evaluate(
        """async () => {
          const form = document.querySelector("form.write-form");
          const send = () => fetch(form.action, {method: "POST", body: new FormData(form)});
          const first = await send();
          const again = await send();  // a retry of the very same request
          return [first.status, again.status];
        }"""
    )
    assert statuses == [200, 200]
    assert Entry.objects.get().body == TEXT
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("That form was sent twice; it was saved once.")).to_be_visible()
    assert Entry.objects.get().body == TEXT


def test_the_already_written_notice_follows_the_date(page, writer):
    """Changing the date shows whether that day has an entry, and for which day."""
    Entry.objects.create(user=writer, date=dt.date(2026, 11, 2), body="Earlier words.")
    page.goto("/journal/write/?date=2026-11-03")
    notice = page.get_by_text("You already wrote on")
    expect(notice).to_have_count(0)
    page.get_by_label("Date").fill("2026-11-02")
    expect(notice).to_be_visible()
    expect(page.get_by_role("link", name="Monday 2 November 2026")).to_be_visible()
    page.get_by_label("Date").fill("2026-11-04")
    expect(notice).to_have_count(0)
