import datetime as dt

import pytest
from django.db import IntegrityError

from accounts.tests.factories import UserFactory
from entries.importers import ImportedEntry
from entries.models import Entry, EntryQuerySet, ImportJob, Prompt, merged_body, new_reply_token
from entries.tests.factories import EntryFactory, ImportJobFactory

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
    counts = Entry.objects.add_imported(
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
    first = Entry.objects.add_imported(user, imported, save=True)
    journal = list(Entry.objects.for_user(user).order_by("date").values("date", "body", "updated"))
    second = Entry.objects.add_imported(user, imported, save=True)
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
    job.check_file()
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
    add_imported = EntryQuerySet.add_imported

    def spy(self, user, batch, *, save):
        seen.append(ImportJob.objects.values_list("total", "done").get(pk=job.pk))
        return add_imported(self, user, batch, save=save)

    monkeypatch.setattr(EntryQuerySet, "add_imported", spy)
    job.check_file()
    assert seen == [(7, 0), (7, 3), (7, 6)]
    assert job.progress() == {"status": "ready", "total": 7, "done": 7}


def test_a_broken_file_fails_its_job_and_is_dropped():
    """A file with a bad date imports nothing, says where, and is not kept."""
    job = ImportJobFactory(data=b"2026-01-01\n\nfine\n\n2026-02-30\n\nno such day\n")
    job.check_file()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == "line 5: expected a date such as '2026-11-27', found '2026-02-30'"
    assert job.data is None
    assert not Entry.objects.exists()


def test_saving_a_job_writes_the_journal_and_drops_the_file():
    """Confirming writes every day, records the summary and forgets the upload."""
    job = ImportJobFactory()
    job.check_file()
    job.save_entries()
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
    job.save_entries()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert not Entry.objects.exists()
