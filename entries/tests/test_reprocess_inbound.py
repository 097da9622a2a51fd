import datetime as dt

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db import OperationalError

from entries.mail import pipeline
from entries.models import Entry, InboundMessage
from entries.tests import replies
from entries.tests.factories import PromptFactory

pytestmark = pytest.mark.django_db
State = InboundMessage.State


def held_reply(prompt, text="Held text.", **kwargs):
    raw = replies.gmail(prompt, text, sender="other@example.net", **kwargs)
    return pipeline.process(pipeline.keep(raw, provider="test"))


def test_reprocessing_posts_replies_that_can_now_be_trusted(capsys):
    """After the owner verifies the address, reprocessing adds the held reply, once."""
    prompt = PromptFactory()
    held_reply(prompt)
    EmailAddress.objects.create(user=prompt.user, email="other@example.net", verified=True)
    call_command("reprocess_inbound")
    call_command("reprocess_inbound")
    assert Entry.objects.get().body == "Held text."
    assert "held -> accepted: 1" in capsys.readouterr().out


def test_reprocessing_filters_by_state_and_date(capsys):
    """--state and --since narrow what is processed again."""
    prompt = PromptFactory()
    with time_machine.travel(dt.datetime(2026, 11, 1, tzinfo=dt.UTC)):
        held_reply(prompt, message_id="<old@x>")
    held_reply(prompt, "Newer.", message_id="<new@x>")
    call_command("reprocess_inbound", "--since", "2026-11-20", "--state", "held")
    assert "Reprocessed 1 messages" in capsys.readouterr().out
    call_command("reprocess_inbound", "--state", "rejected")
    assert "Reprocessed 0 messages" in capsys.readouterr().out


def test_reprocessing_leaves_discarded_replies_alone():
    """A reply its owner discarded is never brought back."""
    prompt = PromptFactory()
    held_reply(prompt).discard()
    EmailAddress.objects.create(user=prompt.user, email="other@example.net", verified=True)
    call_command("reprocess_inbound")
    assert not Entry.objects.exists()


def test_reprocessing_counts_failures_and_carries_on(monkeypatch, capsys):
    """A message that fails again is counted and the rest still run."""
    prompt = PromptFactory()
    held_reply(prompt)

    def fail(*args, **kwargs):
        raise OperationalError("database still gone")

    monkeypatch.setattr(pipeline, "extract", fail)
    call_command("reprocess_inbound")
    assert "failed: 1" in capsys.readouterr().out


def test_bad_since_date_is_a_clear_error():
    """A --since value that is not a date says what it expects."""
    with pytest.raises(CommandError, match="must be a date"):
        call_command("reprocess_inbound", "--since", "last week")


def test_reprocessing_never_pauses_someone_again_who_resumed(capsys):
    """An old unsubscribe email run again does not pause a person who has since resumed."""
    prompt = PromptFactory()
    user = prompt.user
    address = f"unsubscribe+{user.unsubscribe_token}@reply.localhost"
    raw = replies.message(prompt, "unsubscribe", to=address)
    pipeline.process(pipeline.keep(raw, provider="test", recipient=address))
    user.refresh_from_db()
    user.prompts_paused = False
    user.save()
    call_command("reprocess_inbound")
    user.refresh_from_db()
    assert not user.prompts_paused
