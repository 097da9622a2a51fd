"""The worker's tasks: the five-minute dispatcher and retried sending."""

import datetime as dt

import pytest
import time_machine
from anymail.exceptions import AnymailAPIError
from huey.contrib.djhuey import HUEY

from accounts.tests.factories import UserFactory
from entries import tasks
from entries.models import Prompt
from entries.tests.factories import PromptFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def test_dispatcher_runs_every_five_minutes_utc():
    """The periodic dispatcher fires at :00, :05 ... and not in between."""
    validate = tasks.dispatch_prompts.task_class().validate_datetime
    assert validate(huey_time(2026, 11, 27, 19, 55))
    assert validate(huey_time(2026, 11, 27, 20, 0))
    assert not validate(huey_time(2026, 11, 27, 20, 3))


def test_the_periodic_pass_sends_due_prompts(mailoutbox):
    """A tick at 20:00 in Paris sends the Parisian's prompt and nothing else."""
    with time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=UTC), tick=False):
        due = UserFactory(timezone="Europe/Paris")
        later = UserFactory(timezone="America/New_York")
        for user in (due, later):
            user.schedule_next_prompt(dt.datetime.now(UTC))
            user.save()
    with time_machine.travel(dt.datetime(2026, 11, 27, 19, 0, tzinfo=UTC), tick=False):
        tasks.dispatch_prompts.call_local()
    assert [message.to for message in mailoutbox] == [[due.email]]
    assert Prompt.objects.get().status == "sent"


def test_the_periodic_pass_requeues_a_lost_prompt(mailoutbox):
    """A prompt whose task was lost is sent by a later tick."""
    with time_machine.travel(dt.datetime(2026, 11, 27, 19, 0, tzinfo=UTC), tick=False):
        prompt = PromptFactory()
    with time_machine.travel(dt.datetime(2026, 11, 27, 19, 30, tzinfo=UTC), tick=False):
        tasks.dispatch_prompts.call_local()
    prompt.refresh_from_db()
    assert prompt.status == "sent"
    assert len(mailoutbox) == 1


def test_provider_errors_are_retried_with_backoff_then_recorded(monkeypatch):
    """Each failure schedules a retry further out; after the last the prompt fails with reason."""
    prompt = PromptFactory()
    monkeypatch.setattr(
        "entries.prompts.emails.send_prompt", fail_with(AnymailAPIError("provider is down"))
    )
    tasks.send_prompt(prompt.pk)
    delays = []
    while scheduled := HUEY.scheduled():
        retry = scheduled[0]
        now = dt.datetime.now(UTC).replace(tzinfo=None)
        delays.append(round((retry.eta - now).total_seconds()))
        HUEY.storage.flush_schedule()
        HUEY.execute(retry, timestamp=retry.eta)
    assert delays == [60, 120, 240, 480]
    prompt.refresh_from_db()
    assert prompt.status == "failed"
    assert prompt.attempts == tasks.SEND_RETRIES + 1
    assert prompt.failure_reason == "AnymailAPIError: provider is down"


def test_a_retry_that_succeeds_sends_once(monkeypatch, mailoutbox):
    """One failure then success: exactly one email, marked sent after two attempts."""
    prompt = PromptFactory()
    real_send = tasks.prompts.emails.send_prompt
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
    broken, fine = PromptFactory(), PromptFactory()
    real_send = tasks.prompts.emails.send_prompt

    def send(prompt):
        if prompt.pk == broken.pk:
            raise AnymailAPIError("mailbox unavailable")
        real_send(prompt)

    monkeypatch.setattr("entries.prompts.emails.send_prompt", send)
    tasks.send_prompt(broken.pk)
    tasks.send_prompt(fine.pk)
    assert [message.to for message in mailoutbox] == [[fine.user.email]]


def huey_time(*args):
    # huey keeps its clock in naive UTC datetimes.
    return dt.datetime(*args, tzinfo=UTC).replace(tzinfo=None)


def fail_with(error):
    def send(prompt):
        raise error

    return send
