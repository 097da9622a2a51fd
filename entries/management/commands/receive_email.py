"""Take one email on standard input, as a mail server's pipe transport delivers it.

For self-hosting without an email provider, e.g. in Postfix's master.cf:

    daybook unix - n n - - pipe
      user=daybook argv=/app/.venv/bin/python /app/manage.py receive_email --recipient ${recipient}

The exit status tells the mail server what to do (sysexits.h): 0 delivered
(accepted, held for review, or deliberately ignored), 65 bounce it (not a
usable message), 67 bounce it (no such reply address), 75 try again later.
"""

import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from entries.mail import pipeline
from entries.models import InboundMessage

EX_OK = 0
EX_DATAERR = 65
EX_NOUSER = 67
EX_TEMPFAIL = 75

Reason = InboundMessage.Reason
_NO_SUCH_USER = {Reason.UNKNOWN_RECIPIENT, Reason.ACCOUNT_CLOSED}


class Command(BaseCommand):
    help = "Store one RFC 5322 message from standard input and turn it into a journal entry."

    def add_arguments(self, parser):
        parser.add_argument(
            "--recipient", default="", help="The envelope recipient, as the mail server saw it."
        )

    def handle(self, *args, recipient, **options):
        raw, size = _read_limited(sys.stdin.buffer, pipeline.MAX_MESSAGE_BYTES)
        try:
            message = pipeline.keep(raw, provider="pipe", recipient=recipient, size=size)
        except DatabaseError:
            return self._exit(EX_TEMPFAIL, "temporary failure: the database is unavailable")
        try:
            pipeline.process(message)
        except Exception:
            return self._exit(
                EX_TEMPFAIL, f"temporary failure: message {message.pk} kept, not yet processed"
            )
        return self._exit(_exit_code(message), _summary(message))

    def _exit(self, code, line):
        (self.stdout if code == EX_OK else self.stderr).write(line)
        sys.exit(code)


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
