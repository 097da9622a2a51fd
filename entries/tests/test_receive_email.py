import io
import sys

import pytest
from django.core.management import call_command
from django.db import OperationalError

from entries.mail import pipeline
from entries.models import Entry, InboundMessage
from entries.tests import replies
from entries.tests.factories import PromptFactory

pytestmark = pytest.mark.django_db


def receive(raw, *args, monkeypatch, capsys):
    """Run the command as a mail server's pipe would; its exit code and one line of output."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    with pytest.raises(SystemExit) as exit_:
        call_command("receive_email", *args)
    out, err = capsys.readouterr()
    return exit_.value.code, (out + err).strip()


def test_reply_on_standard_input_becomes_the_entry(monkeypatch, capsys):
    """A reply piped in by the mail server is added to the entry, exit 0, one line of output."""
    prompt = PromptFactory()
    raw = replies.apple_mail(prompt, "Piped in.")
    code, line = receive(
        raw, "--recipient", prompt.reply_address, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0
    assert "accepted" in line
    assert "\n" not in line
    assert Entry.objects.get().body == "Piped in."
    assert bytes(InboundMessage.objects.get().raw) == raw


def test_held_reply_exits_0(monkeypatch, capsys):
    """A reply held for review is delivered as far as the mail server is concerned."""
    prompt = PromptFactory()
    raw = replies.gmail(prompt, "Held.", sender="stranger@example.net")
    code, line = receive(raw, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert "held" in line


def test_unknown_recipient_exits_67(monkeypatch, capsys):
    """Mail for an address with no prompt exits 67 (no such user), so the server bounces it."""
    prompt = PromptFactory(message_id="")
    raw = replies.gmail(prompt, "Who?", to="nobody@reply.localhost")
    code, line = receive(
        raw, "--recipient", "nobody@reply.localhost", monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 67
    assert "unknown recipient" in line.lower() or "no prompt" in line.lower()


def test_unparseable_input_exits_65(monkeypatch, capsys):
    """Input that is not an email exits 65 (data error), and is still recorded."""
    code, line = receive(b"\x00garbage", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 65
    assert "rejected" in line
    assert InboundMessage.objects.get().reason == InboundMessage.Reason.UNPARSEABLE


def test_huge_message_exits_65_and_is_recorded_without_body(monkeypatch, capsys):
    """A message over the size limit is refused with a clear line and recorded without its body."""
    monkeypatch.setattr(pipeline, "MAX_MESSAGE_BYTES", 1000)
    code, line = receive(b"x" * 5000, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 65
    assert "larger than the size limit" in line
    message = InboundMessage.objects.get()
    assert (message.raw, message.size) == (None, 5000)


def test_database_down_exits_75(monkeypatch, capsys):
    """When the database is unreachable the command exits 75, so the mail server retries."""
    monkeypatch.setattr(pipeline, "keep", _raise(OperationalError("connection refused")))
    code, line = receive(b"From: a@example.com\r\n\r\nHi", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 75
    assert "temporary failure" in line


def test_processing_failure_exits_75_with_the_message_kept(monkeypatch, capsys):
    """If processing fails after the message is stored, the command still asks for a retry."""
    prompt = PromptFactory()
    monkeypatch.setattr(pipeline, "extract", _raise(RuntimeError("bug")))
    code, line = receive(replies.gmail(prompt, "Later."), monkeypatch=monkeypatch, capsys=capsys)
    assert "kept, not yet processed" in line
    assert code == 75
    assert InboundMessage.objects.get().state == InboundMessage.State.RECEIVED


def test_real_client_messages_from_the_corpus_end_in_a_recorded_state(corpus, monkeypatch, capsys):
    """Real .eml replies from many clients are each stored and answered with a sysexits code."""
    files = sorted((corpus / "replies").rglob("*.eml"))
    assert files
    for path in files:
        code, _ = receive(path.read_bytes(), monkeypatch=monkeypatch, capsys=capsys)
        assert code in {0, 65, 67}
    assert InboundMessage.objects.filter(state=InboundMessage.State.RECEIVED).count() == 0
    assert InboundMessage.objects.count() == len(files)


def _raise(error):
    def fail(*args, **kwargs):
        raise error

    return fail
