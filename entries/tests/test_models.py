import datetime as dt

import pytest
from django.db import IntegrityError

from accounts.tests.factories import UserFactory
from entries.models import Entry, Prompt, new_reply_token

pytestmark = pytest.mark.django_db


def test_reply_tokens_are_long_random_and_case_proof():
    """A reply token carries 128 random bits in lower-case letters and digits."""
    tokens = {new_reply_token() for _ in range(100)}
    assert len(tokens) == 100
    for token in tokens:
        assert len(token) == 26  # 128 bits in base32
        assert token == token.lower()
        assert token.isalnum()


def test_a_prompt_replies_to_its_own_address(settings):
    """Each prompt's Reply-To is its token at the inbound domain."""
    settings.INBOUND_EMAIL_DOMAIN = "reply.daybook.example.com"
    prompt = Prompt.objects.create(user=UserFactory(), date=dt.date(2026, 11, 27))
    assert prompt.reply_address == f"{prompt.token}@reply.daybook.example.com"
    assert str(prompt) == f"Prompt {prompt.pk} for 2026-11-27"


def test_one_prompt_per_person_per_day():
    """The database refuses a second prompt for the same person and day."""
    user = UserFactory()
    Prompt.objects.create(user=user, date=dt.date(2026, 11, 27))
    with pytest.raises(IntegrityError):
        Prompt.objects.create(user=user, date=dt.date(2026, 11, 27))


def test_one_entry_per_person_per_day_and_its_name_hides_the_text():
    """An entry is named by its day, never its text, and a day has one entry."""
    user = UserFactory()
    entry = Entry.objects.create(user=user, date=dt.date(2026, 11, 27), body="Dear diary")
    assert "Dear diary" not in str(entry)
    assert list(Entry.objects.for_user(user)) == [entry]
    with pytest.raises(IntegrityError):
        Entry.objects.create(user=user, date=dt.date(2026, 11, 27), body="Again")
