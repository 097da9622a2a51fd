"""The rough edges of signing up and logging in, each as a person meets it."""

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


def sign_up(client, email="ann@example.com"):
    return client.post(reverse("account_signup"), {"email": email, "timezone": "Europe/Paris"})


def test_signing_up_again_while_the_first_code_waits_sends_a_code_that_works(client, mailoutbox):
    """A second sign-up with a waiting address hands over to log-in by code, and says so."""
    sign_up(client)
    fresh = Client()  # the person gave up on the first tab
    response = sign_up(fresh)
    assert response.status_code == 302
    assert response.url == reverse("account_confirm_login_code")
    assert User.objects.count() == 1
    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject == "Daybook: your code to log in"

    page = fresh.get(response.url).text
    assert "already has a Daybook account" in page

    response = fresh.post(response.url, {"code": code_in(mailoutbox[1])})
    assert response.status_code == 302
    assert response.url == reverse("entries:journal")
    # The code proved the address, as the first one would have.
    assert User.objects.get().emailaddress_set.get().verified


def test_signing_up_again_in_the_same_browser_leads_to_a_fresh_code(client, mailoutbox):
    """Signing up again in one browser returns to the code page, where a new code works."""
    with time_machine.travel("2026-11-27 10:00Z", tick=False) as traveller:
        sign_up(client)
        response = sign_up(client)
        assert response.url == reverse("account_email_verification_sent")
        page = client.get(response.url).text
        assert "Send a new code" in page
        traveller.shift(11)  # one code per address every ten seconds
        client.post(response.url, {"action": "resend"})
        assert len(mailoutbox) == 2
        response = client.post(response.url, {"code": code_in(mailoutbox[-1])})
    assert response.url == reverse("entries:journal")


def test_signing_up_again_too_often_explains_instead_of_429(client, mailoutbox):
    """The fourth sign-up in a minute with one existing address says to wait, on the form."""
    UserFactory(email="bea@example.com")
    for _ in range(3):
        assert sign_up(Client(), "bea@example.com").url == reverse("account_confirm_login_code")
    response = sign_up(client, "bea@example.com")
    assert response.url == reverse("account_signup")
    assert "Wait a minute, then try again" in client.get(response.url).text
    assert len(mailoutbox) == 3


def test_asking_for_a_code_for_an_unknown_address_does_not_pretend_one_was_sent(client, mailoutbox):
    """No account: the page says "if an account uses this address", the email offers sign-up."""
    response = client.post(reverse("account_login"), {"login": "nobody@example.com"})
    assert response.url == reverse("account_confirm_login_code")
    page = client.get(response.url).text
    assert "If an account uses <strong>nobody@example.com</strong>, a code" in page
    assert reverse("account_signup") in page
    assert "has been sent" not in page

    [message] = mailoutbox
    assert message.subject == "Daybook: there is no account for this address"
    assert "/accounts/signup/" in message.body
    assert not CODE.search(message.body)


def test_the_login_code_email_is_daybooks_own_in_text_and_html(client, mailoutbox):
    """The code email is Daybook's, in plain text and HTML, with the code large and selectable."""
    UserFactory(email="cy@example.com")
    client.post(reverse("account_request_login_code"), {"email": "cy@example.com"})
    [message] = mailoutbox
    code = code_in(message)
    assert "Hello from" not in message.body
    assert "Daybook" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert f'user-select:all;">{code}</p>' in html
    assert "font-size:32px" in html
    assert "127.0.0.1:8000!" not in html


def test_deleting_the_account_asks_to_confirm_it_is_you_to_delete_it(client, mailoutbox):
    """Re-authentication before deleting names the deletion, on the page and in the email."""
    user = UserFactory(email="dee@example.com")
    with time_machine.travel("2026-11-27 10:00Z", tick=False) as traveller:
        client.force_login(user)
        traveller.shift(3600)  # logged in an hour ago: long enough to ask again
        _delete_after_proving_it_is_you(client, mailoutbox)


def _delete_after_proving_it_is_you(client, mailoutbox):
    response = client.post(reverse("entries:delete_account"), {"confirm": "on"})
    assert response.status_code == 302
    page = client.get(response.url, follow=True)
    assert "Confirm it's you to delete your account" in page.text
    assert "Confirm Access" not in page.text

    next_url = reverse("entries:delete_account")
    response = client.post(
        reverse("account_request_reauthentication_code") + f"?next={next_url}",
        {"recipient": "dee@example.com", "next": next_url},
    )
    [message] = mailoutbox
    assert message.subject == "Daybook: your code to delete your account"
    assert "Sign-In Code" not in message.subject
    assert "Your code to delete your account" in message.body

    response = client.get(response.url)
    assert "Confirm it's you to delete your account" in response.text
    response = client.post(
        reverse("account_confirm_reauthentication_code") + f"?next={next_url}",
        {"code": code_in(message), "next": next_url},
    )
    # allauth resumes the deletion that was asked for before the code.
    assert response.url == reverse("landing")
    assert not User.objects.filter(email="dee@example.com").exists()


def test_re_authenticating_without_a_purpose_says_confirm_its_you(client, mailoutbox):
    """Asked directly, re-authentication just says "Confirm it's you", in Daybook's words."""
    client.force_login(UserFactory(email="eve@example.com"))
    page = client.get(reverse("account_request_reauthentication_code")).text
    assert "<h1>Confirm it's you</h1>" in page
    client.post(reverse("account_request_reauthentication_code"), {"recipient": "eve@example.com"})
    assert mailoutbox[0].subject == "Daybook: your code to confirm it's you"
    assert "Your code to confirm it's you" in mailoutbox[0].body


def test_the_remove_button_on_the_email_page_is_a_filled_danger_button(client):
    """ "Remove" is a filled danger button, which the stylesheet gives a readable colour."""
    client.force_login(UserFactory())
    page = client.get(reverse("account_email")).text
    assert (
        '<button class="button danger" type="submit" name="action_remove">Remove</button>' in page
    )


def test_adding_an_address_sends_daybooks_confirmation_code(client, mailoutbox):
    """A new address gets Daybook's "confirm this address" email with a code."""
    client.force_login(UserFactory(email="fin@example.com"))
    client.post(reverse("account_email"), {"action_add": "", "email": "fin@work.example"})
    [message] = mailoutbox
    assert message.subject == "Daybook: confirm this address"
    assert code_in(message)


def test_resetting_a_password_sends_daybooks_code_email(client, mailoutbox):
    """The password reset code comes in Daybook's words."""
    UserFactory(email="gil@example.com")
    client.post(reverse("account_reset_password"), {"email": "gil@example.com"})
    [message] = mailoutbox
    assert message.subject == "Daybook: your code to reset your password"
    assert code_in(message)


def test_every_account_page_is_in_sentence_case(client):
    """No allauth title-case words ("Sign In", "Email Addresses") on the account pages."""
    user = UserFactory()
    pages = [reverse("account_login"), reverse("account_signup"), reverse("account_reset_password")]
    logged_in = [
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
        reverse("usersessions_list"),
        reverse("account_request_reauthentication_code"),
    ]
    texts = [client.get(url, follow=True).text for url in pages]
    client.force_login(user)
    texts += [client.get(url, follow=True).text for url in logged_in]
    for text in texts:
        for allauth_words in ["Sign In", "Sign Up", "Email Addresses", "Confirm Access", "Sign in"]:
            assert allauth_words not in text


def test_the_account_already_exists_email_points_at_log_in(rf, mailoutbox):
    """Should allauth send its "account exists" email, it is Daybook's, pointing at log in."""
    from allauth.account.adapter import get_adapter
    from allauth.core import context

    with context.request_context(rf.get("/")):
        get_adapter().send_account_already_exists_mail("hal@example.com")
    [message] = mailoutbox
    assert message.subject == "Daybook: you already have an account"
    assert "/accounts/login/" in message.body


def test_allauths_own_email_templates_no_longer_greet_from_the_host(rf):
    """Should allauth render one of its own emails, there is no "Hello from 127.0.0.1:8000!"."""
    from django.template.loader import render_to_string

    text = render_to_string("account/email/password_changed_message.txt", {"ip": "192.0.2.1"})
    assert "Hello from" not in text
    assert text.rstrip().endswith("Daybook")
