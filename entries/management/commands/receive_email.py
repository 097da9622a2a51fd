"""Take one email on standard input, as a mail server's pipe transport delivers it.

The exit status tells the mail server what to do (sysexits.h): 0 delivered
(accepted, held for review, or deliberately ignored), 65 bounce it (not a
usable message), 67 bounce it (no such reply address), 75 try again later.
Any other status is a bounce to the mail server, so nothing else ever comes
out: every unexpected failure is 75, and the message waits in the mail
server's queue until Daybook can take it. The README shows the Postfix and
Exim lines that run this command.

Output is one short line (the mail server puts it in its log, or in the
bounce). Details go to the system log, never journal text.
"""

import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from entries.mail import pipeline
from entries.models import InboundMessage

EX_OK = 0
EX_DATAERR = 65
EX_NOUSER = 67
EX_TEMPFAIL = 75
EXIT_CODES = {EX_OK, EX_DATAERR, EX_NOUSER, EX_TEMPFAIL}

SYSLOG = "/dev/log"

Reason = InboundMessage.Reason
_NO_SUCH_USER = {Reason.UNKNOWN_RECIPIENT, Reason.ACCOUNT_CLOSED}

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Store one RFC 5322 message from standard input and turn it into a journal entry."

    # The checks query the database (the JSON-support check): on a locked
    # SQLite database they fail before the message is even read, with exit 1.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--recipient", default="", help="The envelope recipient, as the mail server saw it."
        )
        parser.add_argument(
            "--sender",
            default=None,
            help="The envelope sender (Postfix's ${sender}); empty for bounces.",
        )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # A mistyped argument raises (see below) instead of printing the usage into the pipe.
        parser.called_from_command_line = False
        return parser

    def run_from_argv(self, argv):
        """As a mail server runs it: logs to syslog, and no exit status outside sysexits."""
        _log_away_from_the_pipe()
        try:
            super().run_from_argv(argv)
        except SystemExit as exit_:
            if exit_.code not in EXIT_CODES:  # e.g. 2 from a mistyped argument
                _fail(exit_)
            raise
        except BaseException as error:  # any other status is a bounce
            _fail(error)

    def handle(self, *args, recipient, sender, **options):
        try:
            code, line = _deliver(sys.stdin.buffer, recipient, sender)
        except Exception as error:
            _fail(error)
        _say(sys.stdout if code == EX_OK else sys.stderr, line)
        sys.exit(code)


def _deliver(stream, recipient, sender):
    """The exit status and the line to print for the message on `stream`."""
    raw, size = _read_limited(stream, pipeline.MAX_MESSAGE_BYTES)
    try:
        message = pipeline.keep(
            raw,
            provider="pipe",
            recipient=recipient,
            # An empty envelope sender is the null sender of bounces.
            envelope_sender="" if sender is None else sender.strip() or "<>",
            size=size,
        )
    except Exception as error:
        _log(error)
        return EX_TEMPFAIL, "temporary failure: the message could not be stored"
    try:
        pipeline.process(message)
    except Exception:  # process() has logged why, without the text
        return EX_TEMPFAIL, f"temporary failure: message {message.pk} kept, not yet processed"
    return _exit_code(message), _summary(message)


def _fail(error):
    """Log the error, print one line, and ask the mail server to try again later."""
    _log(error)
    _say(sys.stderr, "temporary failure: Daybook could not take the message now")
    sys.exit(EX_TEMPFAIL)


def _say(stream, line):
    """Print the one line; if the mail server has closed the pipe, print nothing.

    Python exits 120 when it cannot flush its output at exit, and the mail
    server would take that for a bounce.
    """
    try:
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError):
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - open until exit


def _log(error):
    # The error's type and where it happened, not its message: that can quote
    # the message being delivered.
    where = "".join(traceback.format_tb(error.__traceback__))
    logger.error("receive_email failed: %s\n%s", type(error).__name__, where)


def _log_away_from_the_pipe():
    """Send log lines to the system log (the mail log), not to the mail server's pipe.

    Where there is no syslog socket they go to var/receive_email.log, or
    nowhere if that cannot be written: the one line printed still says what
    happened.
    """
    # A log line that cannot be written is dropped, not printed to the pipe.
    logging.raiseExceptions = False
    if Path(SYSLOG).exists():
        handler = logging.handlers.SysLogHandler(
            SYSLOG, facility=logging.handlers.SysLogHandler.LOG_MAIL
        )
        handler.ident = "daybook-receive_email: "
    else:
        try:
            handler = logging.FileHandler(Path(settings.VAR_DIR) / "receive_email.log")
        except OSError:
            handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("{levelname} {name} {message}", style="{"))
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for each in loggers:
        if isinstance(each, logging.Logger) and each.handlers:
            each.handlers = [handler]


def _read_limited(stream, limit):
    """The message's bytes and size; past the limit, only the size (the rest is drained)."""
    raw = stream.read(limit + 1)
    if len(raw) <= limit:
        return raw, len(raw)
    size = len(raw)
    while chunk := stream.read(1024 * 1024):
        size += len(chunk)
    return b"", size


def _exit_code(message):
    if message.state != InboundMessage.State.REJECTED:
        return EX_OK
    return EX_NOUSER if message.reason in _NO_SUCH_USER else EX_DATAERR


def _summary(message):
    return f"message {message.pk} {message.state}: {message.get_reason_display().lower()}"
