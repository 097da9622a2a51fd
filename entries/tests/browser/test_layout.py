"""Every page on a small phone: nothing scrolls sideways, every control has a name,
and every button can be read.

360 px is the narrowest common phone screen. A control without a name is
announced by a screen reader as just "edit text" or "combo box", so each
visible one needs a <label>, or aria-label / aria-labelledby. A button whose
text has (nearly) the colour of its own background is there but unseen, as
"Remove" on the email addresses page once was.
"""

import datetime as dt

import pytest

from accounts.tests.factories import UserFactory
from entries.tests.browser.conftest import code_from, log_in
from entries.tests.factories import EntryFactory, PromptFactory
from entries.tests.test_review import held

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DAY = dt.date(2026, 11, 20)
# A long link is the usual thing that pushes a page wider than a phone.
BODY = (
    "Walked along the canal with Ruth and read about it later at "
    "https://example.com/a/very/long/address/that/has/nowhere/to/break/on/a/small/phone\n\n"
    "Saw a heron. #birds #a-very-long-tag-that-someone-made-up-for-their-walks-by-the-canal"
)

# Visible form controls (not hidden fields or buttons) that have no
# accessible name from a label, aria-label or aria-labelledby.
UNNAMED_CONTROLS = """() => [...document.querySelectorAll("input, select, textarea")]
  .filter((control) => !["hidden", "submit", "button", "reset", "image"].includes(control.type))
  .filter((control) => control.checkVisibility())
  .filter((control) => {
    const labelled = [...control.labels].some((label) => label.textContent.trim());
    const ariaLabel = (control.getAttribute("aria-label") || "").trim();
    const labelledBy = (control.getAttribute("aria-labelledby") || "").split(/\\s+/)
      .some((id) => id && document.getElementById(id)?.textContent.trim());
    return !(labelled || ariaLabel || labelledBy);
  })
  .map((control) => control.outerHTML)"""

# Visible buttons (and links styled as buttons) whose text is not readable on
# their own background: a contrast ratio under 3:1 (WCAG's minimum for bold
# text). A transparent button is read against the page, which the contrast
# test of the palette already covers.
UNREADABLE_BUTTONS = """() => {
  const rgb = (colour) => colour.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  return [...document.querySelectorAll("button, .button")]
    .filter((button) => button.checkVisibility())
    .filter((button) => {
      const style = getComputedStyle(button);
      const background = rgb(style.backgroundColor);
      if (background.length === 4 && background[3] === 0) return false;
      const [a, b] = [luminance(rgb(style.color)), luminance(background)];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) < 3;
    })
    .map((button) => button.outerHTML);
}"""

# What sticks out past the right edge, to say what to fix when a page is too wide.
TOO_WIDE = """(width) => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > width)
  .map((element) => element.tagName.toLowerCase() + "." + element.className)
  .slice(0, 5)"""


def assert_fits_a_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide: {page.evaluate(TOO_WIDE, 360)}"
    assert page.evaluate(UNNAMED_CONTROLS) == [], f"controls without a name on {page.url}"
    assert page.evaluate(UNREADABLE_BUTTONS) == [], f"buttons that cannot be read on {page.url}"


@pytest.fixture
def journal(page, live_server):
    """A logged-in person with entries and a reply held for review, on a phone-sized tab."""
    user = UserFactory()
    EntryFactory(user=user, date=DAY, body=BODY)
    EntryFactory(user=user, date=DAY - dt.timedelta(days=1))
    held(PromptFactory(user=user), "Written from my work address.")
    log_in(page, live_server, user)
    page.set_viewport_size(PHONE)
    return page


@pytest.mark.parametrize(
    "path",
    [
        "/journal/",
        f"/journal/{DAY:%Y/%m/%d}/",
        "/journal/write/",
        "/journal/search/",
        "/settings/",
        "/journal/review/",
        "/journal/calendar/",
        "/journal/tags/",
        "/accounts/email/",
        "/accounts/password/set/",
        "/accounts/2fa/",
        "/accounts/sessions/",
        "/accounts/reauthenticate/code/?next=/settings/delete/",
    ],
)
def test_logged_in_pages_fit_a_phone_and_name_every_control(journal, path):
    """At 360 px each page scrolls only downwards, and every field has a label."""
    journal.goto(path)
    assert_fits_a_phone(journal)


def test_search_results_fit_a_phone_and_name_every_control(journal):
    """Search results, with their long passages, fit 360 px and every field has a label."""
    journal.goto("/journal/search/")
    journal.get_by_label("Search your journal").fill("heron")
    journal.get_by_role("button", name="Search", exact=True).click()
    journal.get_by_text("1 entry found").wait_for()
    assert_fits_a_phone(journal)


def test_the_landing_page_fits_a_phone_and_names_every_control(page):
    """Logged out, the front page and its sign-up form fit 360 px, every field labelled."""
    page.set_viewport_size(PHONE)
    page.goto("/")
    assert_fits_a_phone(page)


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/login/?password",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ],
)
def test_account_pages_fit_a_phone_and_name_every_control(page, path):
    """Logged out, log in, sign up and password reset fit 360 px, every field labelled."""
    page.set_viewport_size(PHONE)
    page.goto(path)
    assert_fits_a_phone(page)


def test_the_code_page_fits_a_phone_and_names_every_control(page, mailoutbox):
    """The page that takes an emailed code fits 360 px, its field labelled."""
    UserFactory(email="code@example.com")
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("code@example.com")
    page.get_by_role("button", name="Email me a code").click()
    page.get_by_label("Code").wait_for()
    assert_fits_a_phone(page)


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/2fa/totp/activate/",
        "/accounts/2fa/webauthn/add/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/webauthn/",
    ],
)
def test_second_factor_pages_fit_a_phone_and_name_every_control(journal, mailoutbox, path):
    """The pages behind "confirm it's you" fit 360 px, with the QR code and codes."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from accounts.models import User

    RecoveryCodes.activate(User.objects.get())
    journal.goto(path)
    if "/reauthenticate/" in journal.url:
        # Prove it is you, as most of these pages ask, then land on the page itself.
        journal.get_by_role("button", name="Email me a code").click()
        journal.get_by_label("Code").fill(code_from(mailoutbox))
        journal.get_by_role("button", name="Confirm").click()
        journal.wait_for_url(f"**{path}")
    assert_fits_a_phone(journal)
