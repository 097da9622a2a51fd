import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from entries import limits
from entries.models import (
    EditConflict,
    Entry,
    EntryQuerySet,
    ImportJob,
    Prompt,
    add_imported,
    merged_body,
    new_reply_token,
)
from entries.models import import_job as import_job_module
from entries.tests.factories import EntryFactory, ImportJobFactory
from entries.text import count_words, join_paragraphs
from entries.transfer import jobs
from entries.transfer.importers import ImportedEntry

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


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


# Importing into the journal -------------------------------------------------


def days(*pairs):
    return [ImportedEntry(date, body) for date, body in pairs]


JAN1, JAN2, JAN3 = dt.date(2026, 1, 1), dt.date(2026, 1, 2), dt.date(2026, 1, 3)


@pytest.mark.parametrize(
    ("existing", "imported", "expected"),
    [
        ("Mine.", "Theirs.", "Mine.\n\nTheirs."),
        ("Mine.  \r\n", "Theirs.", "Mine.\n\nTheirs."),
        ("Mine.\n\nTheirs.", "Theirs.", None),
        ("Theirs.\r\n\r\n\r\nMine.", "Theirs.", None),
        ("I'm ok today.", "ok", "I'm ok today.\n\nok"),
        ("", "Theirs.", "Theirs."),
    ],
)
def test_imported_text_is_added_below_unless_already_there(existing, imported, expected):
    """Imported text goes below the day's own as a paragraph, unless that paragraph exists."""
    assert merged_body(existing, imported) == expected


def test_counting_an_import_writes_nothing():
    """Checking a file counts new, merged and unchanged days without touching the journal."""
    user = UserFactory()
    EntryFactory(user=user, date=JAN1, body="Same.")
    EntryFactory(user=user, date=JAN2, body="Mine.")
    counts = add_imported(
        user, days((JAN1, "Same."), (JAN2, "Theirs."), (JAN3, "New.")), save=False
    )
    assert counts == {"added": 1, "merged": 1, "unchanged": 1}
    assert sorted(Entry.objects.for_user(user).values_list("body", flat=True)) == [
        "Mine.",
        "Same.",
    ]


def test_importing_twice_changes_nothing():
    """The same file imported again adds nothing and changes no entry."""
    user = UserFactory()
    EntryFactory(user=user, date=JAN1, body="Mine.")
    EntryFactory(user=UserFactory(), date=JAN1, body="Someone else's.")
    imported = days((JAN1, "Theirs."), (JAN2, "New."))
    first = add_imported(user, imported, save=True)
    journal = list(Entry.objects.for_user(user).order_by("date").values("date", "body", "updated"))
    second = add_imported(user, imported, save=True)
    assert first == {"added": 1, "merged": 1, "unchanged": 0}
    assert second == {"added": 0, "merged": 0, "unchanged": 2}
    assert journal == list(
        Entry.objects.for_user(user).order_by("date").values("date", "body", "updated")
    )
    assert journal[0]["body"] == "Mine.\n\nTheirs."


def test_checking_a_job_fills_in_its_preview():
    """Checking an upload records the counts, date range and first dates, and keeps the file."""
    job = ImportJobFactory()
    EntryFactory(user=job.user, date=JAN2, body="Mine.")
    jobs.check(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    assert (job.total, job.done, job.added, job.merged, job.unchanged) == (2, 2, 1, 1, 0)
    assert (job.first_date, job.last_date, job.first_dates) == (
        JAN1,
        JAN2,
        ["2026-01-01", "2026-01-02"],
    )
    assert job.data is not None
    assert Entry.objects.for_user(job.user).count() == 1


def test_checking_reports_progress_batch_by_batch(monkeypatch):
    """While a large file is checked, `done` climbs by a batch at a time for the progress page."""
    data = "".join(f"2026-01-{day:02d}\n\nDay {day}.\n\n" for day in range(1, 8)).encode()
    job = ImportJobFactory(data=data)
    monkeypatch.setattr(ImportJob, "BATCH", 3)
    seen = []

    def spy(user, batch, *, save):
        seen.append(ImportJob.objects.values_list("total", "done").get(pk=job.pk))
        return add_imported(user, batch, save=save)

    monkeypatch.setattr(import_job_module, "add_imported", spy)
    jobs.check(job)
    assert seen == [(7, 0), (7, 3), (7, 6)]
    assert job.progress() == {"status": "ready", "total": 7, "done": 7}


def test_a_broken_file_fails_its_job_and_is_dropped():
    """A file with a bad date imports nothing, says where, and is not kept."""
    job = ImportJobFactory(data=b"2026-01-01\n\nfine\n\n2026-02-30\n\nno such day\n")
    jobs.check(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == "Line 5: 30 February 2026 isn't a date (found '2026-02-30')"
    assert job.data is None
    assert not Entry.objects.exists()


def test_saving_a_job_writes_the_journal_and_drops_the_file():
    """Confirming writes every day, records the summary and forgets the upload."""
    job = ImportJobFactory()
    jobs.check(job)
    jobs.save(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.added, job.merged, job.skipped) == (2, 0, 0)
    assert job.data is None
    assert job.finished is not None
    assert list(
        Entry.objects.for_user(job.user).order_by("date").values_list("body", flat=True)
    ) == [
        "New year.",
        "Second day.",
    ]
    assert str(job) == f"Import {job.pk} (done)"


def test_saving_a_job_whose_file_turns_out_broken_writes_nothing():
    """Saving re-reads the file; a file that fails then imports nothing."""
    job = ImportJobFactory(data=b"not a journal")
    jobs.save(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert not Entry.objects.exists()


def test_an_import_that_would_make_a_days_entry_too_long_fails_and_says_which_day():
    """A day whose entry plus the imported text would pass the limit fails the job, names it."""
    job = ImportJobFactory()
    EntryFactory(user=job.user, date=dt.date(2026, 1, 2), body="w" * 99_995)
    jobs.check(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == (
        "2026-01-02: with the entry already in your journal that day, an entry can hold up to "
        "100,000 characters, and this one would have 100,008"
    )
    assert Entry.objects.get(date=dt.date(2026, 1, 2)).body == "w" * 99_995


def test_saving_an_import_that_became_too_long_since_the_preview_writes_nothing():
    """If a reply grew a day past room for the import after the preview, nothing is written."""
    job = ImportJobFactory()
    jobs.check(job)
    EntryFactory(user=job.user, date=dt.date(2026, 1, 2), body="w" * 99_995)
    jobs.save(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error.startswith("2026-01-02: with the entry already in your journal that day")
    assert not Entry.objects.filter(date=dt.date(2026, 1, 1)).exists()


def test_an_import_job_refuses_days_after_the_owners_tomorrow():
    """The job checks its file against its owner's own tomorrow and names the line."""
    job = ImportJobFactory(data=b"2200-01-01\n\nFar ahead.\n")
    jobs.check(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error.startswith("Line 1: 2200-01-01 has not happened yet")


def test_entry_save_refuses_a_text_over_the_limit():
    """The model keeps the limit whatever view or task saves: nothing over it is stored."""
    entry = EntryFactory(body="Short.")
    entry.body = "x" * 100_001
    with pytest.raises(limits.TooLong):
        entry.save()
    assert Entry.objects.get(pk=entry.pk).body == "Short."


def test_add_to_day_refuses_days_outside_the_journal():
    """No code path creates an entry before 1900 or after tomorrow."""
    user = UserFactory()
    with pytest.raises(limits.OutOfRange):
        Entry.objects.add_to_day(user, dt.date(9999, 12, 31), "Planted.")
    with pytest.raises(limits.OutOfRange):
        Entry.objects.add_to_day(user, dt.date(1899, 12, 31), "Planted.")
    assert not Entry.objects.exists()


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


def test_a_reply_to_an_entry_deleted_meanwhile_is_not_lost_in_the_bin():
    """If the day's entry is deleted just as a reply arrives, the reply starts the day anew."""
    user = UserFactory()
    date = dt.date(2026, 11, 27)
    binned = EntryFactory(user=user, date=date, body="Deleted.")
    real_first = EntryQuerySet.first
    deleted = []

    def first_then_deleted(queryset):
        found = real_first(queryset)
        if found is not None and not deleted:
            Entry.objects.get(pk=found.pk).soft_delete(NOW)
            deleted.append(found.pk)
        return found

    with mock.patch.object(EntryQuerySet, "first", first_then_deleted):
        entry = Entry.objects.add_to_day(user, date, "Reply.")
    assert deleted == [binned.pk]
    assert entry.pk != binned.pk
    assert Entry.objects.alive().get(user=user, date=date).body == "Reply."
    assert Entry.objects.get(pk=binned.pk).body == "Deleted."


def test_appending_to_a_deleted_entry_adds_to_the_days_living_one():
    """Text for an entry deleted since it was read goes to the entry written that day since."""
    old = EntryFactory(body="Old.")
    stale = Entry.objects.get(pk=old.pk)
    old.soft_delete(NOW)
    new = EntryFactory(user=old.user, date=old.date, body="New.")
    assert stale.append("Reply.").pk == new.pk
    assert Entry.objects.get(pk=new.pk).body == "New.\n\nReply."
    assert Entry.objects.get(pk=old.pk).body == "Old."


def test_restoring_into_a_living_entry_locks_it_first():
    """Restoring onto a rewritten day locks that day's entry, so a reply saved meanwhile stays."""
    old = EntryFactory(body="Old.")
    old.soft_delete(NOW)
    new = EntryFactory(user=old.user, date=old.date, body="New.")
    locked = []
    real_select_for_update = EntryQuerySet.select_for_update

    def spy(queryset, *args, **kwargs):
        locked.append(queryset.model)
        return real_select_for_update(queryset, *args, **kwargs)

    with mock.patch.object(EntryQuerySet, "select_for_update", spy):
        restored = old.restore()
    assert restored.pk == new.pk
    assert locked == [Entry]
    assert Entry.objects.get(pk=new.pk).body == "Old.\n\nNew."


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


def test_imported_days_count_their_words_and_skip_the_bin():
    """Imported text gets a word count, and a deleted entry on that day is left in the bin."""
    user = UserFactory()
    binned = EntryFactory(user=user, date=dt.date(2026, 1, 1), body="Old words", deleted_at=NOW)
    merged = EntryFactory(user=user, date=dt.date(2026, 1, 2), body="Morning.")
    imported = [
        ImportedEntry(dt.date(2026, 1, 1), "Three new words"),
        ImportedEntry(dt.date(2026, 1, 2), "Evening walk."),
    ]
    counts = add_imported(user, imported, save=True)
    assert counts == {"added": 1, "merged": 1, "unchanged": 0}
    fresh = Entry.objects.alive().get(user=user, date=dt.date(2026, 1, 1))
    assert fresh.pk != binned.pk
    assert fresh.words == 3
    merged.refresh_from_db()
    assert merged.body == "Morning.\n\nEvening walk."
    assert merged.words == 3
    assert merged.revision == 2
