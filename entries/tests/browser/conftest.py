"""Chromium, driven by Playwright, against Daybook on a live test server.

Debian's Chromium (`apt-get install chromium`, which `make test-browser`
does when it is missing) is launched from /usr/bin: nothing is downloaded.
"""

import os
import re
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import sync_playwright

from entries.tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test-browser`, which installs it with apt.")
    # Playwright's synchronous API keeps an event loop in this thread, which
    # makes Django think the test's own ORM calls are async code. They are not.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh browser tab at phone width; fails the test on any console error (CSP too)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page
    context.close()
    # An edit conflict answers 409 on purpose; Chromium reports any 4xx page load.
    assert [error for error in errors if "status of 409" not in error] == []


def code_from(mailbox):
    """The one-time code in the last email sent."""
    return CODE.search(mailbox[-1].body)[0]


def log_in(page, live_server, user):
    """Give the tab a logged-in session for user, without the emailed code.

    For tests about a page behind log-in rather than about signing up,
    which test_journal_flow.py covers end to end.
    """
    client = Client()
    client.force_login(user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    page.context.add_cookies([{**cookie, "url": live_server.url}])
