"""Which past entry the prompt quotes, and how long ago it is said to be."""

import datetime as dt

import pytest

from accounts.tests.factories import UserFactory
from entries.prompts.memories import how_long_ago, memory_for
from entries.tests.factories import EntryFactory

FRIDAY = dt.date(2026, 11, 27)


@pytest.mark.django_db
def test_the_same_date_in_an_earlier_year_comes_first():
    """An entry from this date two years ago beats any other older entry."""
    user = UserFactory()
    EntryFactory(user=user, date=dt.date(2026, 1, 5))
    anniversary = EntryFactory(user=user, date=dt.date(2024, 11, 27))
    memory = memory_for(user, FRIDAY)
    assert memory.entry == anniversary
    assert memory.date == dt.date(2024, 11, 27)
    assert memory.ago == "2 years ago"


@pytest.mark.django_db
def test_otherwise_a_random_entry_older_than_a_week():
    """Without an anniversary, the memory is an older entry, never one from the last week."""
    user = UserFactory()
    old = EntryFactory(user=user, date=dt.date(2026, 10, 1))
    for day in range(20, 27):
        EntryFactory(user=user, date=dt.date(2026, 11, day))
    for _ in range(20):
        assert memory_for(user, FRIDAY).entry == old


@pytest.mark.django_db
def test_a_deleted_entry_never_comes_back_as_a_memory():
    """An entry in the bin is not emailed back as "a year ago, you wrote"."""
    user = UserFactory()
    EntryFactory(
        user=user,
        date=dt.date(2025, 11, 27),
        deleted_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
    )
    assert memory_for(user, dt.date(2026, 11, 27)) is None


@pytest.mark.django_db
def test_only_the_persons_own_entries():
    """Someone else's anniversary is never quoted."""
    EntryFactory(date=dt.date(2025, 11, 27))
    assert memory_for(UserFactory(), FRIDAY) is None


@pytest.mark.django_db
def test_a_leap_day_comes_back_on_the_28th():
    """An entry from 29 February returns on 28 February in a year without one."""
    user = UserFactory()
    leap = EntryFactory(user=user, date=dt.date(2024, 2, 29))
    memory = memory_for(user, dt.date(2025, 2, 28))
    assert (memory.entry, memory.ago) == (leap, "a year ago")


@pytest.mark.parametrize(
    ("then", "words"),
    [
        (dt.date(2025, 11, 27), "a year ago"),
        (dt.date(2023, 11, 28), "2 years ago"),
        (dt.date(2025, 12, 1), "11 months ago"),
        (dt.date(2026, 10, 27), "a month ago"),
        (dt.date(2026, 10, 28), "4 weeks ago"),
        (dt.date(2026, 11, 20), "a week ago"),
        (dt.date(2026, 11, 24), "3 days ago"),
        (dt.date(2026, 11, 26), "yesterday"),
    ],
)
def test_how_long_ago_in_words(then, words):
    """Ages read as a person would say them."""
    assert how_long_ago(then, FRIDAY) == words
