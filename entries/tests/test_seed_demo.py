import datetime as dt
import io

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from accounts.models import User
from entries import demo
from entries.models import Entry


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False)
def test_seed_demo_writes_years_of_entries_for_a_verified_account():
    """The demo account can log in by code and has a varied journal up to yesterday."""
    call_command("seed_demo", "Demo@Example.com", "--years", "2", stdout=io.StringIO())
    entries = Entry.objects.filter(user__email="demo@example.com")
    assert 550 < entries.count() < 731
    assert entries.first().date == dt.date(2026, 11, 26)
    assert len({entry.words for entry in entries}) > 50
    assert all(entry.words > 0 for entry in entries)
    assert EmailAddress.objects.get(email="demo@example.com").verified


@pytest.mark.django_db
def test_seed_demo_refuses_to_overwrite_a_journal_unless_asked():
    """An account with entries is left alone without --replace, and reseeded with it."""
    call_command("seed_demo", "demo@example.com", "--years", "1", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--replace"):
        call_command("seed_demo", "demo@example.com", "--years", "1")
    call_command("seed_demo", "demo@example.com", "--years", "1", "--replace", stdout=io.StringIO())
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_demo", "demo@example.com", "--years", "0")


def test_the_same_seed_writes_the_same_journal():
    """A seed makes the demo journal reproducible; another seed makes another."""
    day = dt.date(2026, 1, 1)
    assert list(demo.journal(day, 30, seed=1)) == list(demo.journal(day, 30, seed=1))
    assert list(demo.journal(day, 30, seed=1)) != list(demo.journal(day, 30, seed=2))


@pytest.mark.django_db
def test_a_new_demo_account_has_its_next_prompt_scheduled():
    """The demo account gets daily prompts like anyone who signed up."""
    call_command("seed_demo", "fresh@example.com", "--years", "1", verbosity=0)
    assert User.objects.get(email="fresh@example.com").next_prompt_at is not None
