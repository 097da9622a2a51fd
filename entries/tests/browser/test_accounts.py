"""Accounts in a real browser: codes, an authenticator app, recovery codes, sessions, passkeys.

Passkeys use Chromium's virtual authenticator (the DevTools protocol's
WebAuthn domain), which stands in for a phone or security key and says yes
to every fingerprint check.
"""

import re

import pyotp
import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from entries.tests.browser.conftest import code_from, log_in

pytestmark = pytest.mark.browser
JOURNAL = re.compile(r"/journal/$")


def log_in_by_code(page, email, mailoutbox):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_role("heading", name="Type the code we emailed you")).to_be_visible()
    page.get_by_label("Code").fill(code_from(mailoutbox))
    page.get_by_role("button", name="Log in").click()


def confirm_it_is_you(page, mailoutbox):
    """On a "Confirm it's you" page: have a code emailed and type it."""
    expect(page.get_by_role("heading", name=re.compile("^Confirm it's you"))).to_be_visible()
    page.get_by_role("button", name="Email me a code").click()
    page.get_by_label("Code").fill(code_from(mailoutbox))
    page.get_by_role("button", name="Confirm").click()


def test_signing_up_twice_with_one_address_ends_with_the_second_code(page, mailoutbox):
    """Sign up, lose the tab, sign up again elsewhere: the second code logs you in."""
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("wren@example.com")
    page.get_by_role("button", name="Sign up with email").click()
    expect(page.get_by_role("heading", name="Type the code we emailed you")).to_be_visible()

    other = page.context.browser.new_context(base_url=page.url.split("/accounts")[0])
    again = other.new_page()
    again.goto("/accounts/signup/")
    again.get_by_label("Email").fill("wren@example.com")
    again.get_by_role("button", name="Sign up with email").click()
    expect(again.get_by_text("already has a Daybook account")).to_be_visible()
    assert len(mailoutbox) == 2
    again.get_by_label("Code").fill(code_from(mailoutbox))
    again.get_by_role("button", name="Log in").click()
    expect(again).to_have_url(JOURNAL)
    expect(again.get_by_text("Your journal is empty.")).to_be_visible()
    other.close()


def test_logging_in_by_code(page, mailoutbox):
    """Log in asks for an address, emails a code, and the code logs in."""
    UserFactory(email="xan@example.com")
    log_in_by_code(page, "xan@example.com", mailoutbox)
    expect(page).to_have_url(JOURNAL)


def test_an_authenticator_app_and_a_recovery_code(page, mailoutbox):
    """Set up an app from settings, log in with its code, then once with a recovery code."""
    UserFactory(email="yara@example.com")
    log_in_by_code(page, "yara@example.com", mailoutbox)
    page.goto("/settings/")
    page.get_by_role("link", name="Second factor and passkeys").click()
    page.get_by_role("link", name="Set up an authenticator app").click()
    confirm_it_is_you(page, mailoutbox)

    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    secret = page.locator("#authenticator_secret").inner_text()
    page.get_by_label("Authenticator code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    recovery_codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(recovery_codes) == 10
    assert mailoutbox[-1].subject == "Daybook: an authenticator app was set up"

    # Each app code works once: forget that this one was used, rather than
    # wait up to 30 seconds for the next.
    cache.clear()
    page.get_by_role("button", name="Log out").click()
    log_in_by_code(page, "yara@example.com", mailoutbox)
    expect(page.get_by_role("heading", name="One more step")).to_be_visible()
    page.get_by_label("Code from your app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(JOURNAL)

    page.get_by_role("button", name="Log out").click()
    log_in_by_code(page, "yara@example.com", mailoutbox)
    page.get_by_label("Code from your app").fill(recovery_codes[0])
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(JOURNAL)


def test_signing_out_another_session(page, live_server):
    """From the sessions page, "Sign out everywhere else" logs the other browser out."""
    user = UserFactory()
    other = page.context.browser.new_context(base_url=live_server.url)
    phone = other.new_page()
    log_in(phone, live_server, user)
    phone.goto("/journal/")
    log_in(page, live_server, user)
    page.goto("/settings/")
    page.get_by_role("link", name="Where you're logged in").click()
    expect(page.locator(".sessions .card")).to_have_count(2)
    page.get_by_role("button", name="Sign out everywhere else").click()
    expect(page.get_by_text("You are signed out everywhere else.")).to_be_visible()
    expect(page.locator(".sessions .card")).to_have_count(1)
    phone.goto("/journal/")
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))
    other.close()


def test_a_passkey_logs_in_on_its_own_and_as_a_second_factor(page, mailoutbox):
    """Add a passkey (Chromium's virtual authenticator); it logs in alone, or after a code."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    UserFactory(email="zed@example.com")
    log_in_by_code(page, "zed@example.com", mailoutbox)
    page.goto("/accounts/2fa/")
    page.get_by_role("link", name="Add a passkey").click()
    confirm_it_is_you(page, mailoutbox)
    page.get_by_label("Name").fill("Test phone")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text("Passkey added.")).to_be_visible()
    assert mailoutbox[-1].subject == "Daybook: a passkey was added"
    page.goto("/accounts/2fa/webauthn/")
    expect(page.get_by_role("heading", name="Test phone")).to_be_visible()
    expect(page.get_by_text("Logs in on its own.")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Log in with a passkey").click()
    expect(page).to_have_url(JOURNAL)

    # Logging in by code now asks for the second factor, which the passkey gives.
    page.get_by_role("button", name="Log out").click()
    log_in_by_code(page, "zed@example.com", mailoutbox)
    expect(page.get_by_role("heading", name="One more step")).to_be_visible()
    page.get_by_role("button", name="Use a passkey").click()
    expect(page).to_have_url(JOURNAL)
