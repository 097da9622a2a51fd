import io
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from entries.mail import pipeline
from entries.management.commands import receive_email
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


def test_forged_reply_through_the_pipe_is_held_not_appended(monkeypatch, capsys):
    """A From with no evidence behind it, piped in, is held for review (exit 0), not appended."""
    prompt = PromptFactory()
    raw = replies.gmail(prompt, "Forged.", authenticated=False)
    code, line = receive(raw, "--sender", prompt.user.email, monkeypatch=monkeypatch, capsys=capsys)
    pk = InboundMessage.objects.get().pk
    assert (code, line) == (0, f"message {pk} held: no proof it was sent from its from address")
    assert not Entry.objects.exists()


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
    monkeypatch.setattr(pipeline, "extract", _raise(OperationalError("database gone")))
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


REPOSITORY = Path(__file__).resolve().parents[2]
SYSEXITS = {0, 65, 67, 75}


@pytest.mark.parametrize(
    "where",
    [
        "entries.management.commands.receive_email._read_limited",
        "entries.mail.pipeline.keep",
        "entries.mail.pipeline.process",
        "entries.management.commands.receive_email._summary",
    ],
)
def test_an_exception_anywhere_exits_75_with_one_line(where, monkeypatch, capsys, caplog):
    """Whatever fails while delivering, the mail server is told to retry, in one line."""
    monkeypatch.setattr(where, _raise(RuntimeError("journal text that must not be printed")))
    code, output = receive(b"From: a@example.com\r\n\r\nHi", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 75
    assert output.startswith("temporary failure")
    assert len(output.splitlines()) == 1
    assert "journal text" not in output + caplog.text


def test_failures_before_handling_exit_75(monkeypatch, capsys):
    """A mistyped argument or a failure around the command still exits 75, in one line."""
    monkeypatch.setattr(receive_email, "_log_away_from_the_pipe", lambda: None)
    command = receive_email.Command()
    with pytest.raises(SystemExit) as exit_:
        command.run_from_argv(["manage.py", "receive_email", "--recipeint", "x@example.com"])
    assert exit_.value.code == 75
    monkeypatch.setattr(receive_email.Command, "execute", _raise(MemoryError()))
    with pytest.raises(SystemExit) as exit_:
        command.run_from_argv(["manage.py", "receive_email"])
    assert exit_.value.code == 75
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == ["temporary failure: Daybook could not take the message now"] * 2


def test_sysexits_pass_through_run_from_argv(monkeypatch):
    """The command's own exit statuses reach the mail server unchanged."""
    monkeypatch.setattr(receive_email, "_log_away_from_the_pipe", lambda: None)
    monkeypatch.setattr(receive_email.Command, "execute", _raise(SystemExit(67)))
    with pytest.raises(SystemExit) as exit_:
        receive_email.Command().run_from_argv(["manage.py", "receive_email"])
    assert exit_.value.code == 67


def test_an_empty_envelope_sender_is_a_bounce(monkeypatch, capsys):
    """Postfix's empty ${sender} is the null sender: the bounce is ignored, exit 0."""
    prompt = PromptFactory()
    raw = replies.gmail(prompt, "Undeliverable.")
    code, _ = receive(raw, "--sender", "", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    message = InboundMessage.objects.get()
    assert (message.envelope_sender, message.reason) == ("<>", InboundMessage.Reason.AUTOMATIC)


def test_an_unwritable_pipe_is_not_an_error(monkeypatch):
    """If the mail server closed the pipe, the line is dropped rather than failing the exit."""

    class Closed(io.StringIO):
        def write(self, text):
            raise BrokenPipeError

    monkeypatch.setattr(sys, "stdout", sys.stdout)
    monkeypatch.setattr(sys, "stderr", sys.stderr)
    receive_email._say(Closed(), "message 1 accepted")
    assert sys.stdout.name == os.devnull
    sys.stdout.close()


def test_log_lines_go_to_the_system_log_not_the_pipe(monkeypatch, tmp_path):
    """Run by a mail server, the command logs to syslog, or a file, never to its output."""
    saved = {name: list(each.handlers) for name, each in _loggers().items()}
    try:
        monkeypatch.setattr(receive_email, "SYSLOG", str(tmp_path / "no-such-socket"))
        monkeypatch.setattr("django.conf.settings.VAR_DIR", tmp_path)
        receive_email._log_away_from_the_pipe()
        logging.getLogger("entries.mail.pipeline").error("a detail")
        assert "a detail" in (tmp_path / "receive_email.log").read_text()
        logging.getLogger().handlers[0].close()
        monkeypatch.setattr("django.conf.settings.VAR_DIR", tmp_path / "missing")
        receive_email._log_away_from_the_pipe()
        assert isinstance(logging.getLogger().handlers[0], logging.NullHandler)
        (tmp_path / "log").touch()
        monkeypatch.setattr(receive_email, "SYSLOG", str(tmp_path / "log"))
        receive_email._log_away_from_the_pipe()
        assert isinstance(logging.getLogger().handlers[0], logging.handlers.SysLogHandler)
        logging.getLogger().handlers[0].close()
    finally:
        for name, handlers in saved.items():
            _loggers()[name].handlers = handlers
        monkeypatch.setattr(logging, "raiseExceptions", True)


def _loggers():
    found = {"": logging.getLogger()}
    found.update(
        (name, each)
        for name, each in logging.Logger.manager.loggerDict.items()
        if isinstance(each, logging.Logger)
    )
    return found


def _run_manage(environment, raw):
    """Run manage.py receive_email as Postfix does: a new process, bytes on stdin."""
    env = {**os.environ, **environment}
    return subprocess.run(
        [sys.executable, "manage.py", "receive_email", "--recipient", "x@reply.localhost"],
        cwd=REPOSITORY,
        env=env,
        input=raw,
        capture_output=True,
        check=False,
        timeout=60,
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a SQLite lock")
def test_a_locked_sqlite_database_exits_75_in_one_line(tmp_path):
    """While another process holds a write transaction, the pipe exits 75, not 1: a retry."""
    path = tmp_path / "daybook.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    target.executescript("\n".join(connection.connection.iterdump()))  # the tables and all
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = _run_manage(
            {"DEBUG": "true", "DATABASE_URL": f"sqlite:///{path}?timeout=0.2"},
            b"From: a@example.com\r\nTo: x@reply.localhost\r\n\r\nHi\r\n",
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    output = (result.stdout + result.stderr).decode()
    assert result.returncode == 75, output
    assert output.splitlines() == ["temporary failure: the message could not be stored"]


def test_settings_that_do_not_load_exit_75_in_one_line():
    """Even Daybook failing to start is a temporary failure, not a bounce."""
    result = _run_manage({"DEBUG": "maybe"}, b"From: a@example.com\r\n\r\nHi")
    output = (result.stdout + result.stderr).decode()
    assert result.returncode == 75
    assert len(output.splitlines()) == 1
    assert output.startswith("temporary failure: Daybook could not start (ImproperlyConfigured")


def _raise(error):
    def fail(*args, **kwargs):
        raise error

    return fail
