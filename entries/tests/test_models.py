import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from entries.models import EditConflict, Entry, count_words, join_paragraphs
from entries.tests.factories import EntryFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def test_words_are_counted_on_save():
    """An entry knows how many words it has, contractions counted once."""
    entry = EntryFactory(body="Don't stop: it\u2019s a well-known walk.\n\nTwice")
    assert entry.words == count_words(entry.body) == 7


def test_append_adds_a_paragraph_and_keeps_the_text():
    """More text for a day reads as a new paragraph after what was there."""
    entry = EntryFactory(body="Morning: rain.")
    entry.append("  Evening: sun.  ")
    entry.refresh_from_db()
    assert entry.body == "Morning: rain.\n\nEvening: sun."
    assert entry.words == 4


def test_append_builds_on_a_write_it_did_not_see():
    """Two appends from stale copies both survive: the second reads the saved text."""
    entry = EntryFactory(body="One.")
    stale = Entry.objects.get(pk=entry.pk)
    entry.append("Two.")
    stale.append("Three.")
    assert Entry.objects.get(pk=entry.pk).body == "One.\n\nTwo.\n\nThree."


def test_join_paragraphs_skips_blank_texts():
    """Joining texts drops empty ones instead of leaving stray blank lines."""
    assert join_paragraphs("A", "  ", "", "B\n") == "A\n\nB"


def test_add_to_day_creates_then_appends():
    """Writing twice on a day gives one entry with both texts."""
    user = UserFactory()
    first = Entry.objects.add_to_day(user, dt.date(2026, 11, 27), "First.")
    second = Entry.objects.add_to_day(user, dt.date(2026, 11, 27), "Second.")
    assert first.pk == second.pk
    assert Entry.objects.get(pk=first.pk).body == "First.\n\nSecond."


def test_add_to_day_joins_an_entry_created_at_the_same_moment():
    """If another writer creates the day's entry first, the text is added to theirs."""
    user = UserFactory()
    date = dt.date(2026, 11, 27)
    theirs = EntryFactory(user=user, date=date, body="Theirs.")
    with (
        mock.patch.object(Entry.objects, "create", side_effect=IntegrityError("race")),
        mock.patch("entries.models.EntryQuerySet.first", return_value=None),
    ):
        entry = Entry.objects.add_to_day(user, date, "Mine.")
    assert entry.pk == theirs.pk
    assert Entry.objects.get(pk=theirs.pk).body == "Theirs.\n\nMine."


def test_revise_saves_when_nothing_changed_meanwhile():
    """An edit based on the saved version replaces the text."""
    entry = EntryFactory(body="Old.")
    entry.revise(" New. ", entry.version)
    assert Entry.objects.get(pk=entry.pk).body == "New."


def test_revise_refuses_to_overwrite_a_newer_text():
    """An edit from a stale tab raises a conflict carrying the saved text, and changes nothing."""
    entry = EntryFactory(body="Old.")
    seen = entry.version
    Entry.objects.get(pk=entry.pk).append("Added by a reply.")
    with pytest.raises(EditConflict) as conflict:
        entry.revise("My edit.", seen)
    assert conflict.value.current.body == "Old.\n\nAdded by a reply."
    assert Entry.objects.get(pk=entry.pk).body == "Old.\n\nAdded by a reply."


def test_soft_delete_hides_and_restore_brings_back():
    """A deleted entry leaves the journal and comes back as it was."""
    entry = EntryFactory()
    entry.soft_delete(NOW)
    assert not Entry.objects.alive().exists()
    restored = entry.restore()
    assert restored.pk == entry.pk
    assert Entry.objects.alive().get().body == entry.body


def test_a_deleted_day_can_be_written_again_and_restoring_merges():
    """After deleting a day you can write it anew; restoring the old text joins it."""
    user = UserFactory()
    old = EntryFactory(user=user, date=dt.date(2026, 11, 1), body="Old text.")
    old.soft_delete(NOW)
    new = Entry.objects.add_to_day(user, dt.date(2026, 11, 1), "New text.")
    assert new.pk != old.pk
    restored = old.restore()
    assert restored.pk == new.pk
    assert Entry.objects.get(pk=new.pk).body == "Old text.\n\nNew text."
    assert not Entry.objects.filter(pk=old.pk).exists()


def test_only_one_living_entry_per_day():
    """The database refuses a second living entry for the same person and day."""
    entry = EntryFactory()
    with pytest.raises(IntegrityError):
        Entry.objects.create(user=entry.user, date=entry.date, body="Again")


def test_recently_deleted_and_purgeable_split_at_thirty_days():
    """Deleted entries are restorable for 30 days, then due for purging."""
    fresh = EntryFactory(deleted_at=NOW - dt.timedelta(days=29))
    stale = EntryFactory(deleted_at=NOW - dt.timedelta(days=31))
    assert list(Entry.objects.recently_deleted(NOW)) == [fresh]
    assert list(Entry.objects.purgeable(NOW)) == [stale]


def test_on_this_day_finds_earlier_years_only():
    """On this day lists the same date in earlier years, not today or other dates."""
    user = UserFactory()
    for date in ["2024-11-27", "2025-11-27", "2026-11-27", "2025-11-26"]:
        EntryFactory(user=user, date=dt.date.fromisoformat(date))
    found = Entry.objects.for_user(user).on_this_day(dt.date(2026, 11, 27))
    assert [entry.date.year for entry in found] == [2025, 2024]


def test_on_this_day_remembers_leap_days_on_the_28th():
    """In a year with no 29 February, the 28th also shows leap-day entries."""
    user = UserFactory()
    EntryFactory(user=user, date=dt.date(2024, 2, 29))
    assert Entry.objects.for_user(user).on_this_day(dt.date(2026, 2, 28)).count() == 1
    assert Entry.objects.for_user(user).on_this_day(dt.date(2028, 2, 28)).count() == 0


def test_in_year_and_str_keep_text_private():
    """Entries filter by year, and their name shows the day, never the text."""
    entry = EntryFactory(date=dt.date(2025, 3, 4), body="secret")
    assert list(Entry.objects.in_year(2025)) == [entry]
    assert "secret" not in str(entry)
    assert str(entry).endswith("2025-03-04")


@time_machine.travel(NOW, tick=False)
def test_save_with_update_fields_keeps_count_and_time_current():
    """Saving only some fields still refreshes the word count and the edit time."""
    entry = EntryFactory(body="one two")
    entry.body = "one two three"
    entry.save(update_fields=["body"])
    entry.refresh_from_db()
    assert entry.words == 3
    assert entry.updated == timezone.now()


def test_runs_are_found_by_the_database():
    """Runs of consecutive living entries come back oldest first, across month ends."""
    user = UserFactory()
    for date in ["2026-01-30", "2026-01-31", "2026-02-01", "2026-02-05", "2026-02-06"]:
        EntryFactory(user=user, date=dt.date.fromisoformat(date))
    EntryFactory(user=user, date=dt.date(2026, 2, 7), deleted_at=NOW)
    EntryFactory(date=dt.date(2026, 2, 2))  # someone else's day does not join the run
    assert Entry.objects.for_user(user).alive().runs() == [
        (dt.date(2026, 1, 30), dt.date(2026, 2, 1), 3),
        (dt.date(2026, 2, 5), dt.date(2026, 2, 6), 2),
    ]
