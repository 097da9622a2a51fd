"""Every code and factor has a limit on guesses and requests (allauth's, kept in the cache)."""

import datetime as dt

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from accounts.tests.logins import log_in_by_code, reauthenticate_by_code, set_up_totp

pytestmark = pytest.mark.django_db
TOO_MANY = "Too many tries. Wait a few minutes, then try again."


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC), tick=False) as t:
        yield t


def test_guessing_a_login_code_ends_after_three_tries(client, mailoutbox):
    """Three wrong log-in codes throw the code away; the right one no longer works."""
    UserFactory(email="oz@example.com")
    client.post(reverse("account_request_login_code"), {"email": "oz@example.com"})
    url = reverse("account_confirm_login_code")
    assert client.post(url, {"code": "AAAA-AAAA"}).status_code == 200
    assert client.post(url, {"code": "AAAA-AAAA"}).status_code == 200
    response = client.post(url, {"code": "AAAA-AAAA"})
    assert response.url == reverse("account_request_login_code")
    assert TOO_MANY in client.get(response.url).text


def test_guessing_a_sign_up_code_ends_after_three_tries(client, mailoutbox):
    """Three wrong sign-up codes end the attempt; the page no longer takes codes."""
    client.post(reverse("account_signup"), {"email": "pia@example.com", "timezone": "UTC"})
    url = reverse("account_email_verification_sent")
    for _ in range(3):
        client.post(url, {"code": "AAAA-AAAA"})
    assert client.get(url).status_code == 302


def test_asking_for_password_reset_codes_is_limited_per_address(mailoutbox):
    """Five reset codes a minute for one address; the sixth request is refused with 429."""
    UserFactory(email="quin@example.com")
    url = reverse("account_reset_password")
    statuses = [Client().post(url, {"email": "quin@example.com"}).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert len(mailoutbox) == 5


def test_guessing_a_password_reset_code_ends_after_three_tries(client, mailoutbox):
    """Three wrong reset codes throw the code away."""
    UserFactory(email="rae@example.com")
    client.post(reverse("account_reset_password"), {"email": "rae@example.com"})
    url = reverse("account_confirm_password_reset_code")
    for _ in range(3):
        response = client.post(url, {"code": "AAAA-AAAA"})
    assert response.status_code == 302
    assert client.get(url).status_code == 302


def test_asking_for_re_authentication_codes_is_limited(client, mailoutbox):
    """A fourth re-authentication code within a minute is refused."""
    client.force_login(UserFactory(email="sam@example.com"))
    url = reverse("account_request_reauthentication_code")
    for _ in range(3):
        assert client.post(url, {"recipient": "sam@example.com"}).status_code == 302
    response = client.post(url, {"recipient": "sam@example.com"})
    assert response.status_code == 200
    assert len(mailoutbox) == 3


def test_re_authenticating_is_limited_per_person(client, settings):
    """Re-authentication attempts past the limit answer 429."""
    user = UserFactory(email="tam@example.com")
    user.set_password("the right long password")
    user.save()
    client.force_login(user)
    url = reverse("account_reauthenticate")
    statuses = [client.post(url, {"password": "wrong"}).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


@pytest.fixture
def with_totp(client, mailoutbox):
    """Someone with an authenticator app, logged out, with a fresh code-by-email log-in pending."""
    user = UserFactory(email="uma@example.com")
    log_in_by_code(client, user.email, mailoutbox)
    reauthenticate_by_code(client, user.email, mailoutbox)
    set_up_totp(client)
    client.post(reverse("account_logout"))
    log_in_by_code(client, user.email, mailoutbox)
    return user


def test_guessing_the_apps_code_at_log_in_is_limited(client, with_totp):
    """After five wrong app codes, even a right one is refused for a while."""
    url = reverse("mfa_authenticate")
    for _ in range(5):
        assert "Incorrect code" in client.post(url, {"code": "000000"}).text
    assert TOO_MANY in client.post(url, {"code": "000000"}).text


def test_guessing_recovery_codes_is_limited(client, with_totp):
    """Recovery codes count against the same limit: a right one is refused after five misses."""
    codes = Authenticator.objects.get(user=with_totp, type="recovery_codes").wrap()
    url = reverse("mfa_authenticate")
    for _ in range(5):
        client.post(url, {"code": "00000000"})
    response = client.post(url, {"code": codes.get_unused_codes()[0]})
    assert TOO_MANY in response.text


def test_guessing_codes_while_setting_up_an_app_is_limited(client, mailoutbox):
    """Setting up an app: after five wrong codes the form says to wait."""
    user = UserFactory(email="val@example.com")
    log_in_by_code(client, user.email, mailoutbox)
    reauthenticate_by_code(client, user.email, mailoutbox)
    client.get(reverse("mfa_activate_totp"))
    url = reverse("mfa_activate_totp")
    for _ in range(5):
        assert "Incorrect code" in client.post(url, {"code": "000000"}).text
    assert "Too many tries in a short time" in client.post(url, {"code": "000000"}).text


# The shape of a browser's passkey answer, with nothing right in it.
FAKE_PASSKEY = (
    '{"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": '
    '{"clientDataJSON": "AAAA", "authenticatorData": "AAAA", "signature": "AAAA"}}'
)


def test_passkey_log_ins_are_limited_per_ip_address(client):
    """Passkey log-in attempts from one IP address: ten a minute, then 429."""
    url = reverse("mfa_login_webauthn")
    statuses = [client.post(url, {"credential": FAKE_PASSKEY}).status_code for _ in range(11)]
    # Each failure goes back to the log-in page with an error, until the limit.
    assert statuses == [302] * 10 + [429]


def test_a_made_up_passkey_at_the_second_step_is_refused(client, with_totp):
    """A forged passkey answer does not pass the second step.

    A well-formed but wrong one counts against the same per-person limit as
    a wrong app code (allauth checks it before verifying the signature).
    """
    response = client.post(reverse("mfa_authenticate"), {"credential": FAKE_PASSKEY})
    assert response.status_code == 200
    assert "Incorrect code" in response.text
    assert client.get(reverse("entries:journal")).status_code == 302
