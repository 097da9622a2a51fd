"""The first prompt, sent as soon as a new person proves their address."""

import datetime as dt

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.urls import reverse

from accounts.tests.factories import UserFactory
from entries.models import Prompt

pytestmark = pytest.mark.django_db

UTC = dt.UTC
MORNING = dt.datetime(2026, 11, 27, 8, tzinfo=UTC)  # 09:00 in Paris


def confirm(user):
    address = EmailAddress.objects.get(user=user)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)


@time_machine.travel(MORNING, tick=False)
def test_first_prompt_goes_right_after_verification(mailoutbox, django_capture_on_commit_callbacks):
    """Verifying at 09:00 brings today's prompt at once; the next is tomorrow evening."""
    user = UserFactory(timezone="Europe/Paris")
    with django_capture_on_commit_callbacks(execute=True):
        confirm(user)
    assert [message.to for message in mailoutbox] == [[user.email]]
    assert Prompt.objects.get(user=user).date == dt.date(2026, 11, 27)
    user.refresh_from_db()
    assert user.next_prompt_at == dt.datetime(2026, 11, 28, 19, tzinfo=UTC)


@time_machine.travel(MORNING, tick=False)
def test_verifying_another_address_later_sends_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    """Someone who already has prompts gets no extra one when they verify another address."""
    user = UserFactory(timezone="Europe/Paris")
    Prompt.objects.create(user=user, date=dt.date(2026, 11, 20))
    with django_capture_on_commit_callbacks(execute=True):
        confirm(user)
    assert mailoutbox == []


@time_machine.travel(MORNING, tick=False)
def test_no_first_prompt_for_a_secondary_address_or_a_paused_person(mailoutbox):
    """A non-primary address, or someone who paused straight away, gets no first prompt."""
    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(primary=False)
    confirm(user)
    paused = UserFactory(prompts_paused=True)
    confirm(paused)
    assert mailoutbox == []
    assert not Prompt.objects.exists()


def test_changing_the_main_address_tells_the_old_and_the_new_one(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Making another address the main one emails a security notice to both addresses."""
    user = UserFactory(email="lou@example.com")
    EmailAddress.objects.create(user=user, email="lou@work.example", verified=True)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_email"),
            {"action_primary": "", "email": "lou@work.example"},
            HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Firefox/140.0",
        )
    assert sorted(message.to[0] for message in mailoutbox) == [
        "lou@example.com",
        "lou@work.example",
    ]
    notice = mailoutbox[0]
    assert notice.subject == "Daybook: your email address changed"
    assert "from lou@example.com to lou@work.example" in notice.body
    assert "Firefox on Linux, IP address 127.0.0.1" in notice.body
    assert "Hello from" not in notice.body


def test_setting_a_password_sends_a_notice(client, mailoutbox, django_capture_on_commit_callbacks):
    """Someone who sets a password hears about it, in case it was not them."""
    user = UserFactory(email="max@example.com")
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_set_password"),
            {"password1": "a long and good password", "password2": "a long and good password"},
        )
    assert [message.subject for message in mailoutbox] == ["Daybook: a password was set"]


def test_changing_and_resetting_a_password_send_notices(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """A changed or reset password each bring their own notice."""
    from allauth.account.signals import password_reset

    user = UserFactory(email="ned@example.com")
    user.set_password("the old long password")
    user.save()
    client.force_login(user)
    new = "a new long and good password"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_change_password"),
            {"oldpassword": "the old long password", "password1": new, "password2": new},
        )
        password_reset.send(sender=user.__class__, request=None, user=user)
    assert [message.subject for message in mailoutbox] == [
        "Daybook: your password changed",
        "Daybook: your password was reset",
    ]
    assert "From: an unknown device" in mailoutbox[1].body
