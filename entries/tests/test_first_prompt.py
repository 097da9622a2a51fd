"""The first prompt, sent as soon as a new person proves their address."""

import datetime as dt

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed

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
