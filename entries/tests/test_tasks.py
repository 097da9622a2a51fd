"""The worker's share: prompts, imports, the bin, and inbound mail nobody else processed."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from anymail.exceptions import AnymailAPIError
from django.db import OperationalError
from huey.contrib.djhuey import HUEY

from accounts.tests.factories import UserFactory
from entries import tasks
from entries.mail import pipeline
from entries.models import Entry, EntryQuerySet, ImportJob, InboundMessage, Prompt
from entries.tests import replies
from entries.tests.factories import (
    EntryFactory,
    ImportJobFactory,
    PromptFactory,
    QueuedPromptFactory,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 27, 3, 17, tzinfo=dt.UTC)
EVENING = dt.datetime(2026, 11, 27, 21, 0, tzinfo=dt.UTC)


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


def test_a_failed_import_logs_where_it_broke_but_not_what_the_file_said(monkeypatch, caplog):
    """An error quoting the upload's text is logged by its type and frames, never its message."""
    job = ImportJobFactory(status=ImportJob.Status.CHECKING)

    def choke(job, journal):
        raise ValueError(f"unexpected line: {bytes(job.data).decode()!r}")

    monkeypatch.setattr(ImportJob, "check_file", choke)
    tasks.check_import(job.pk)
    assert f"Import {job.pk} for user {job.user_id} failed: ValueError" in caplog.text
    assert "in choke" in caplog.text
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


def test_stranded_messages_are_processed_by_the_sweep():
    """A kept message whose task was lost is processed by the periodic sweep."""
    prompt = PromptFactory()
    with time_machine.travel(EVENING - dt.timedelta(minutes=30), tick=False):
        pipeline.keep(replies.gmail(prompt, "Found later."), provider="postmark", event_id="lost")
    with time_machine.travel(EVENING, tick=False):
        tasks.process_stranded_inbound.call_local()
    assert Entry.objects.get().body == "Found later."


def test_sweep_leaves_fresh_messages_to_their_task():
    """A message kept moments ago is left for its own task, not processed twice."""
    prompt = PromptFactory()
    with time_machine.travel(EVENING, tick=False):
        pipeline.keep(replies.gmail(prompt, "Just in."), provider="postmark", event_id="new")
        tasks.process_stranded_inbound.call_local()
    assert InboundMessage.objects.get().state == InboundMessage.State.RECEIVED


def test_sweep_carries_on_past_a_message_that_still_fails(caplog):
    """One message that keeps failing does not stop the sweep, and is logged by id."""
    prompt = PromptFactory()
    with time_machine.travel(EVENING - dt.timedelta(hours=1), tick=False):
        kept = pipeline.keep(replies.gmail(prompt, "Broken."), provider="test")
    with (
        time_machine.travel(EVENING, tick=False),
        mock.patch.object(pipeline, "extract", side_effect=OperationalError("down")),
    ):
        tasks.process_stranded_inbound.call_local()
    assert f"Stranded inbound message {kept.pk} still fails" in caplog.text


def test_task_for_a_message_deleted_meanwhile_does_nothing():
    """A queued task whose message is gone (its owner left) ends quietly."""
    tasks.process_inbound.call_local(123456)
    assert not InboundMessage.objects.exists()


def test_raw_messages_are_forgotten_after_the_retention_period(settings):
    """Whole raw replies are deleted once the retention period has passed; the record stays."""
    settings.INBOUND_RETENTION_DAYS = 30
    prompt = PromptFactory(date=(EVENING - dt.timedelta(days=31)).date())
    with time_machine.travel(EVENING - dt.timedelta(days=31), tick=False):
        old = pipeline.process(pipeline.keep(replies.gmail(prompt, "Old."), provider="test"))
    recent = pipeline.process(
        pipeline.keep(replies.gmail(prompt, "New.", message_id="<n@x>"), provider="test")
    )
    with time_machine.travel(EVENING, tick=False):
        tasks.forget_old_raw_messages.call_local()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.raw is None
    assert old.state == InboundMessage.State.ACCEPTED
    assert recent.raw is not None


def test_dispatcher_runs_every_five_minutes_utc():
    """The periodic dispatcher fires at :00, :05 ... and not in between."""
    validate = tasks.dispatch_prompts.task_class().validate_datetime
    assert validate(huey_time(2026, 11, 27, 19, 55))
    assert validate(huey_time(2026, 11, 27, 20, 0))
    assert not validate(huey_time(2026, 11, 27, 20, 3))


def test_the_periodic_pass_sends_due_prompts(mailoutbox):
    """A tick at 20:00 in Paris sends the Parisian's prompt and nothing else."""
    with time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False):
        due = UserFactory(timezone="Europe/Paris")
        later = UserFactory(timezone="America/New_York")
        for user in (due, later):
            user.schedule_next_prompt(dt.datetime.now(dt.UTC))
            user.save()
    with time_machine.travel(dt.datetime(2026, 11, 27, 19, 0, tzinfo=dt.UTC), tick=False):
        tasks.dispatch_prompts.call_local()
    assert [message.to for message in mailoutbox] == [[due.email]]
    assert Prompt.objects.get().status == "sent"


def test_the_periodic_pass_requeues_a_lost_prompt(mailoutbox):
    """A prompt whose task was lost is sent by a later tick."""
    with time_machine.travel(dt.datetime(2026, 11, 27, 19, 0, tzinfo=dt.UTC), tick=False):
        prompt = QueuedPromptFactory()
    with time_machine.travel(dt.datetime(2026, 11, 27, 19, 30, tzinfo=dt.UTC), tick=False):
        tasks.dispatch_prompts.call_local()
    prompt.refresh_from_db()
    assert prompt.status == "sent"
    assert len(mailoutbox) == 1


def test_the_worker_closes_prompts_a_stopped_worker_left_sending():
    """A periodic task fails prompts stuck in sending, so none stays there for ever."""
    with time_machine.travel(dt.datetime(2026, 11, 27, 19, 0, tzinfo=dt.UTC), tick=False):
        prompt = QueuedPromptFactory(status=Prompt.Status.SENDING, attempts=1)
    with time_machine.travel(dt.datetime(2026, 11, 27, 19, 45, tzinfo=dt.UTC), tick=False):
        tasks.fail_interrupted_prompts.call_local()
    prompt.refresh_from_db()
    assert prompt.status == Prompt.Status.FAILED


def test_provider_errors_are_retried_with_backoff_then_recorded(monkeypatch):
    """Each failure schedules a retry further out; after the last the prompt fails with reason."""
    prompt = QueuedPromptFactory()
    monkeypatch.setattr(
        "entries.prompts.emails.send_prompt",
        fail_with(AnymailAPIError("provider is down")),
    )
    tasks.send_prompt(prompt.pk)
    delays = []
    while scheduled := HUEY.scheduled():
        retry = scheduled[0]
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        delays.append(round((retry.eta - now).total_seconds()))
        HUEY.storage.flush_schedule()
        HUEY.execute(retry, timestamp=retry.eta)
    assert delays == [60, 120, 240, 480]
    assert max(delays) == tasks.dispatch.LONGEST_RETRY_DELAY.total_seconds()
    prompt.refresh_from_db()
    assert prompt.status == "failed"
    assert prompt.attempts == tasks.SEND_RETRIES + 1
    assert prompt.failure_reason == "AnymailAPIError: provider is down"


def test_a_retry_that_succeeds_sends_once(monkeypatch, mailoutbox):
    """One failure then success: exactly one email, marked sent after two attempts."""
    prompt = QueuedPromptFactory()
    real_send = tasks.dispatch.emails.send_prompt
    outcomes = [AnymailAPIError("blip")]

    def flaky(prompt):
        if outcomes:
            raise outcomes.pop()
        real_send(prompt)

    monkeypatch.setattr("entries.prompts.emails.send_prompt", flaky)
    tasks.send_prompt(prompt.pk)
    (retry,) = HUEY.scheduled()
    HUEY.storage.flush_schedule()
    HUEY.execute(retry, timestamp=retry.eta)
    prompt.refresh_from_db()
    assert (prompt.status, prompt.attempts) == ("sent", 2)
    assert len(mailoutbox) == 1


def test_one_failing_address_does_not_stop_the_others(monkeypatch, mailoutbox):
    """A provider error for one person still lets everyone else's prompt go."""
    broken, fine = QueuedPromptFactory(), QueuedPromptFactory()
    real_send = tasks.dispatch.emails.send_prompt

    def send(prompt):
        if prompt.pk == broken.pk:
            raise AnymailAPIError("mailbox unavailable")
        real_send(prompt)

    monkeypatch.setattr("entries.prompts.emails.send_prompt", send)
    tasks.send_prompt(broken.pk)
    tasks.send_prompt(fine.pk)
    assert [message.to for message in mailoutbox] == [[fine.user.email]]


def huey_time(*args):
    # huey keeps its clock in naive dt.UTC datetimes.
    return dt.datetime(*args, tzinfo=dt.UTC).replace(tzinfo=None)


def fail_with(error):
    def send(prompt):
        raise error

    return send


def test_retention_covers_messages_never_processed(settings):
    """A message still "received" after the retention period is closed and its text forgotten."""
    settings.INBOUND_RETENTION_DAYS = 30
    prompt = PromptFactory()
    with time_machine.travel(EVENING - dt.timedelta(days=31), tick=False):
        stuck = pipeline.keep(replies.gmail(prompt, "Stuck."), provider="test")
        payload = pipeline.keep_payload(b"{}", provider="postmark", headers={})
    fresh = pipeline.keep(replies.gmail(prompt, "Fresh.", message_id="<f@x>"), provider="test")
    with time_machine.travel(EVENING, tick=False):
        tasks.forget_old_raw_messages.call_local()
    for message in (stuck, payload):
        message.refresh_from_db()
        assert (message.raw, message.payload) == (None, None)
        assert (message.state, message.reason) == (
            InboundMessage.State.REJECTED,
            InboundMessage.Reason.EXPIRED,
        )
    fresh.refresh_from_db()
    assert fresh.raw is not None
    assert fresh.state == InboundMessage.State.RECEIVED
