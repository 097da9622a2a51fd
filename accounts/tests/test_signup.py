"""Signing up, proving the address, and logging in, through allauth's real views."""

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory

CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")
pytestmark = pytest.mark.django_db


def code_in(message):
    return CODE.search(message.body).group()


def sign_up(client, email="ann@example.com", timezone="Asia/Kathmandu"):
    return client.post(reverse("account_signup"), {"email": email, "timezone": timezone})


@time_machine.travel("2026-11-27 10:00Z", tick=False)
def test_signing_up_sends_a_code_that_logs_you_in(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Sign up, type the emailed code, get a first prompt at once and an empty journal."""
    response = sign_up(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ann@example.com"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_email_verification_sent"), {"code": code_in(mailoutbox[0])}
        )
    assert response.status_code == 302
    assert response.url == reverse("entries:journal")
    # The first prompt goes straight away, for Friday in Kathmandu.
    assert mailoutbox[1].subject == "It's Friday, Nov 27. How was your day?"

    page = client.get(response.url)
    assert "Your journal is empty." in page.text
    assert "Today's prompt is in your inbox" in page.text
    # So the next is 20:00 in Kathmandu (+05:45) the day after.
    assert "Saturday 28 November at 20:00" in page.text
    assert "Asia/Kathmandu" in page.text


def test_sign_up_stores_the_chosen_timezone(client, mailoutbox):
    """The timezone picked (or detected) at sign-up is saved on the account."""
    sign_up(client, timezone="America/Sao_Paulo")
    user = User.objects.get(email="ann@example.com")
    assert user.timezone == "America/Sao_Paulo"
    assert user.next_prompt_at is not None
    assert not user.has_usable_password()


def test_an_unknown_timezone_is_refused_with_a_message(client, mailoutbox):
    """A timezone that is not a real place is rejected on the form, and nobody is created."""
    response = sign_up(client, timezone="Mars/Olympus_Mons")
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not User.objects.exists()
    assert mailoutbox == []


def test_a_wrong_code_does_not_log_you_in(client, mailoutbox):
    """Typing the wrong code shows an error and keeps you logged out."""
    sign_up(client)
    response = client.post(reverse("account_email_verification_sent"), {"code": "AAAA-AAAA"})
    assert response.status_code == 200
    assert "Incorrect code" in response.text
    assert client.get(reverse("entries:journal")).status_code == 302


def test_signing_up_twice_with_one_address_creates_one_account(client, mailoutbox):
    """The same address in another case does not make a second account."""
    sign_up(client, email="ann@example.com")
    client.logout()
    sign_up(client, email="ANN@example.com")
    assert User.objects.count() == 1


def test_logging_in_by_code(client, mailoutbox):
    """Ask for a code, type it, and you are in, without a password."""
    UserFactory(email="bob@example.com")
    response = client.post(reverse("account_request_login_code"), {"email": "BOB@example.com"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    response = client.post(reverse("account_confirm_login_code"), {"code": code_in(mailoutbox[0])})
    assert response.status_code == 302
    assert response.url == reverse("entries:journal")
    assert client.get(reverse("entries:journal")).status_code == 200


def test_the_login_page_asks_for_an_address_and_offers_a_password_on_request(client):
    """Log in asks only for an address (a code comes); the password form is a link away."""
    page = client.get(reverse("account_login")).text
    assert 'name="login"' in page
    assert 'name="password"' not in page
    assert "Email me a code" in page
    assert "Use my password instead" in page
    assert "Log in with a passkey" in page

    page = client.get(reverse("account_login") + "?password").text
    assert 'name="password"' in page
    assert "Email me a code instead" in page


def test_logging_in_from_the_login_page_without_a_password_sends_a_code(client, mailoutbox):
    """The log-in page's own form emails a code and shows where to type it."""
    UserFactory(email="gus@example.com")
    response = client.post(reverse("account_login"), {"login": "gus@example.com"})
    assert response.status_code == 302
    assert response.url == reverse("account_confirm_login_code")
    assert mailoutbox[0].subject == "Daybook: your code to log in"


def test_logging_in_with_a_password_for_those_who_set_one(client):
    """Someone who chose a password can log in with it."""
    user = UserFactory(email="carol@example.com")
    user.set_password("a long and good password")
    user.save()
    response = client.post(
        reverse("account_login") + "?password",
        {"login": "carol@example.com", "password": "a long and good password"},
    )
    assert response.status_code == 302
    assert response.url == reverse("entries:journal")


def test_resetting_a_password_by_code(client, mailoutbox):
    """A forgotten password is reset with a code sent to the address."""
    UserFactory(email="dan@example.com")
    response = client.post(reverse("account_reset_password"), {"email": "dan@example.com"})
    assert response.status_code == 302
    assert CODE.search(mailoutbox[0].body)


def test_logging_out(client):
    """Log out ends the session and returns to the front page."""
    client.force_login(UserFactory())
    response = client.post(reverse("account_logout"))
    assert response.url == reverse("landing")
    assert client.get(reverse("entries:journal")).status_code == 302


def test_adding_a_second_address_sends_a_code(client, mailoutbox):
    """A new address must be proved with a code before it counts."""
    user = UserFactory(email="erin@example.com")
    client.force_login(user)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "erin@work.example"}
    )
    assert response.status_code == 302
    assert mailoutbox[0].to == ["erin@work.example"]
    assert not user.emailaddress_set.filter(email="erin@work.example").exists()

    client.post(response.url, {"code": code_in(mailoutbox[0])})
    assert user.emailaddress_set.get(email="erin@work.example").verified


def test_asking_for_codes_too_often_is_rate_limited(mailoutbox):
    """After three code requests a minute for one address, the fourth is refused."""
    UserFactory(email="fay@example.com")
    url = reverse("account_request_login_code")

    def ask():
        # A fresh browser each time, as an attacker's script would be.
        return Client().post(url, {"email": "fay@example.com"})

    assert [ask().status_code for _ in range(3)] == [302, 302, 302]
    response = ask()
    assert response.status_code == 200
    assert "Too many tries. Wait a few minutes, then try again." in response.text
    assert len(mailoutbox) == 3


def test_too_many_sign_ups_from_one_address_get_429(client, settings, mailoutbox):
    """A flood of sign-ups from one IP address is answered with the 429 page."""
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}
    sign_up(client, email="one@example.com")
    client.logout()
    sign_up(client, email="two@example.com")
    client.logout()
    response = sign_up(client, email="three@example.com")
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert not User.objects.filter(email="three@example.com").exists()
