"""The worker's share of imports: checking, saving, and tidying up after itself."""

import datetime as dt

import pytest
import time_machine

from entries import tasks
from entries.models import Entry, EntryQuerySet, ImportJob
from entries.tests.factories import EntryFactory, ImportJobFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 27, 3, 17, tzinfo=dt.UTC)


def test_the_worker_checks_then_saves_an_import():
    """Queued checking leads to a preview; queued saving to a summary."""
    job = ImportJobFactory()
    tasks.check_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.SAVING)
    tasks.save_import(job.pk)
    job.refresh_from_db()
    assert (job.status, job.added) == (ImportJob.Status.DONE, 2)


def test_a_task_for_a_cancelled_job_does_nothing():
    """A job cancelled or no longer in that stage is left alone."""
    job = ImportJobFactory(status=ImportJob.Status.READY)
    tasks.save_import(job.pk)
    tasks.check_import(job.pk + 1)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    assert not Entry.objects.exists()


def test_a_failure_while_saving_imports_nothing_and_says_so(monkeypatch, caplog):
    """If saving breaks half-way, the transaction rolls back and the page says to try again."""
    job = ImportJobFactory(status=ImportJob.Status.SAVING)
    original = EntryQuerySet.bulk_create

    def create_then_break(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(EntryQuerySet, "bulk_create", create_then_break)
    tasks.save_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == tasks.SORRY
    assert not Entry.objects.exists()
    assert f"Import {job.pk} for user {job.user_id} failed" in caplog.text
    assert "New year." not in caplog.text


def test_tidying_drops_abandoned_uploads_and_closes_interrupted_jobs():
    """Unconfirmed uploads go after a day; jobs no worker finished are marked failed."""
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC), tick=False):
        abandoned = ImportJobFactory(status=ImportJob.Status.READY)
        interrupted = ImportJobFactory(status=ImportJob.Status.SAVING)
    with time_machine.travel(dt.datetime(2026, 11, 27, 11, 30, tzinfo=dt.UTC), tick=False):
        waiting = ImportJobFactory(status=ImportJob.Status.READY)
        working = ImportJobFactory(status=ImportJob.Status.CHECKING)
    with time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False):
        tasks.tidy_imports.call_local()
    assert not ImportJob.objects.filter(pk=abandoned.pk).exists()
    interrupted.refresh_from_db()
    assert interrupted.status == ImportJob.Status.FAILED
    assert "interrupted and nothing was imported" in interrupted.error
    assert interrupted.data is None
    assert set(ImportJob.objects.filter(status__in=["ready", "checking"])) == {waiting, working}


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_purge_removes_entries_deleted_over_thirty_days_ago():
    """After 30 days in Recently deleted an entry is gone; newer and living ones stay."""
    living = EntryFactory()
    recent = EntryFactory(deleted_at=NOW - dt.timedelta(days=3))
    EntryFactory(deleted_at=NOW - dt.timedelta(days=30, seconds=1))
    assert tasks.purge_deleted_entries.call_local() == 1
    assert set(Entry.objects.all()) == {living, recent}
    assert tasks.purge_deleted_entries.call_local() == 0
