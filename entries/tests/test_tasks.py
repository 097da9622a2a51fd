import datetime as dt
from unittest import mock

import pytest
import time_machine

from entries import inbound, tasks
from entries.models import Entry, InboundMessage
from entries.tests import mail
from entries.tests.factories import PromptFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 27, 21, 0, tzinfo=dt.UTC)


def test_stranded_messages_are_processed_by_the_sweep():
    """A kept message whose task was lost is processed by the periodic sweep."""
    prompt = PromptFactory()
    with time_machine.travel(NOW - dt.timedelta(minutes=30), tick=False):
        inbound.keep(mail.gmail(prompt, "Found later."), provider="postmark", event_id="lost")
    with time_machine.travel(NOW, tick=False):
        tasks.process_stranded_inbound.call_local()
    assert Entry.objects.get().body == "Found later."


def test_sweep_leaves_fresh_messages_to_their_task():
    """A message kept moments ago is left for its own task, not processed twice."""
    prompt = PromptFactory()
    with time_machine.travel(NOW, tick=False):
        inbound.keep(mail.gmail(prompt, "Just in."), provider="postmark", event_id="new")
        tasks.process_stranded_inbound.call_local()
    assert InboundMessage.objects.get().state == InboundMessage.State.RECEIVED


def test_sweep_carries_on_past_a_message_that_still_fails(caplog):
    """One message that keeps failing does not stop the sweep, and is logged by id."""
    prompt = PromptFactory()
    with time_machine.travel(NOW - dt.timedelta(hours=1), tick=False):
        kept = inbound.keep(mail.gmail(prompt, "Broken."), provider="test")
    with (
        time_machine.travel(NOW, tick=False),
        mock.patch.object(inbound, "extract", side_effect=RuntimeError("bug")),
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
    prompt = PromptFactory()
    with time_machine.travel(NOW - dt.timedelta(days=31), tick=False):
        old = inbound.process(inbound.keep(mail.gmail(prompt, "Old."), provider="test"))
    recent = inbound.process(
        inbound.keep(mail.gmail(prompt, "New.", message_id="<n@x>"), provider="test")
    )
    with time_machine.travel(NOW, tick=False):
        tasks.forget_old_raw_messages.call_local()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.raw is None
    assert old.state == InboundMessage.State.ACCEPTED
    assert recent.raw is not None
