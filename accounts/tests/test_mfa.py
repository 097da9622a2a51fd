"""A second factor: authenticator apps, recovery codes and passkeys, through allauth's mfa."""

import datetime as dt

import pyotp
import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from accounts.tests.logins import log_in_by_code, reauthenticate_by_code, set_up_totp

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC)


@pytest.fixture
def traveller():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def person(client, mailoutbox, traveller):
    """Someone logged in by code who has just proved it is them again, as changes ask."""
    user = UserFactory(email="ida@example.com")
    log_in_by_code(client, user.email, mailoutbox)
    reauthenticate_by_code(client, user.email, mailoutbox)
    mailoutbox.clear()
    return user


def test_the_second_factor_page_offers_an_app_and_passkeys(client, person):
    """The page says what a second factor is for and offers both kinds."""
    page = client.get(reverse("mfa_index")).text
    assert "Second factor and passkeys" in page
    assert "Set up an authenticator app" in page
    assert "Add a passkey" in page


def test_setting_up_an_authenticator_app_shows_a_qr_code_and_its_key(client, person):
    """The setup page has a QR code (a data: image, which the CSP allows) and the key as text."""
    page = client.get(reverse("mfa_activate_totp")).text
    assert 'class="qr" src="data:image/svg+xml;base64,' in page
    assert 'id="authenticator_secret"' in page


def test_turning_on_an_app_emails_a_notice_and_makes_recovery_codes(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    """With the app on: a security email (one, not one per authenticator) and recovery codes."""
    with django_capture_on_commit_callbacks(execute=True):
        set_up_totp(client)
    types = set(Authenticator.objects.filter(user=person).values_list("type", flat=True))
    assert types == {"totp", "recovery_codes"}
    [notice] = mailoutbox
    assert notice.subject == "Daybook: an authenticator app was set up"
    assert "sign out everywhere else" in notice.body
    assert notice.alternatives[0][1] == "text/html"


def test_a_wrong_app_code_does_not_turn_it_on(client, person):
    """A mistyped code leaves the app off and says why."""
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code" in response.text
    assert not Authenticator.objects.filter(user=person).exists()


def test_logging_in_then_asks_for_the_apps_code(client, person, mailoutbox, traveller):
    """After the emailed code, an account with an app needs the app's code too."""
    secret = set_up_totp(client)
    client.post(reverse("account_logout"))
    traveller.shift(60)  # a fresh code; each one works once
    response = log_in_by_code(client, person.email, mailoutbox)
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("entries:journal")).status_code == 302

    page = client.get(response.url).text
    assert "One more step" in page
    response = client.post(response.url, {"code": pyotp.TOTP(secret).now()})
    assert response.url == reverse("entries:journal")


def test_a_recovery_code_logs_in_once(client, person, mailoutbox, traveller):
    """A recovery code stands in for the app, and cannot be used twice."""
    set_up_totp(client)
    codes = Authenticator.objects.get(user=person, type="recovery_codes").wrap().get_unused_codes()
    client.post(reverse("account_logout"))
    log_in_by_code(client, person.email, mailoutbox)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.url == reverse("entries:journal")

    other = Client()
    traveller.shift(60)
    log_in_by_code(other, person.email, mailoutbox)
    response = other.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 200
    assert "Incorrect code" in response.text


def test_recovery_codes_can_be_seen_downloaded_and_printed(client, person):
    """The recovery codes page lists them, downloads them as a file, and has a print button."""
    set_up_totp(client)
    codes = Authenticator.objects.get(user=person, type="recovery_codes").wrap().get_unused_codes()
    page = client.get(reverse("mfa_view_recovery_codes")).text
    assert all(f"<code>{code}</code>" in page for code in codes)
    assert "data-print" in page
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download["Content-Disposition"] == 'attachment; filename="recovery-codes.txt"'
    assert codes[0] in download.text
    assert "Daybook recovery codes for ida@example.com" in download.text


def test_new_recovery_codes_send_a_notice(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    """Making new recovery codes voids the old ones and emails the owner."""
    set_up_totp(client)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_generate_recovery_codes"))
    assert [message.subject for message in mailoutbox] == ["Daybook: new recovery codes were made"]


def test_turning_the_app_off_sends_a_notice(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    """Removing the app removes its recovery codes too, with one notice."""
    set_up_totp(client)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=person).exists()
    assert [message.subject for message in mailoutbox] == [
        "Daybook: your authenticator app was removed"
    ]


def test_changing_a_second_factor_asks_to_confirm_it_is_you_first(client, person, traveller):
    """Ten minutes after logging in, setting up an app first asks to prove it is you."""
    traveller.shift(600)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    page = client.get(response.url, follow=True).text
    assert "Confirm it's you to change how you log in" in page


def test_removing_a_passkey_sends_a_notice(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    """A passkey taken off the account is named in a security email."""
    passkey = Authenticator.objects.create(
        user=person, type=Authenticator.Type.WEBAUTHN, data={"name": "My phone", "credential": {}}
    )
    page = client.get(reverse("mfa_remove_webauthn", kwargs={"pk": passkey.pk})).text
    assert "Remove “My phone”?" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_remove_webauthn", kwargs={"pk": passkey.pk}))
    assert not Authenticator.objects.filter(pk=passkey.pk).exists()
    assert [message.subject for message in mailoutbox] == ["Daybook: a passkey was removed"]


def test_the_add_passkey_page_offers_passwordless_log_in_by_default(client, person):
    """Adding a passkey: a name, "log in on its own" ticked, and allauth's static script."""
    page = client.get(reverse("mfa_add_webauthn")).text
    assert "Let it log in on its own" in page
    assert 'aria-describedby="id_passwordless_helptext" id="id_passwordless" checked' in page
    assert "/static/mfa/js/webauthn.js" in page
    assert 'value="Passkey 1"' in page


def test_the_second_step_offers_a_passkey_only_to_those_who_have_one(client, person, mailoutbox):
    """With only an app, the second step asks for its code and offers no passkey."""
    set_up_totp(client)
    client.post(reverse("account_logout"))
    log_in_by_code(client, person.email, mailoutbox)
    page = client.get(reverse("mfa_authenticate")).text
    assert "Code from your app, or a recovery code" in page
    assert "Use a passkey" not in page


def test_someone_with_only_recovery_codes_is_asked_for_one(person):
    """Without an app (passkeys only), the code field asks for a recovery code."""
    from accounts.forms import AuthenticateForm

    assert AuthenticateForm(user=person).fields["code"].label == "Recovery code"
