"""Run stored inbound messages through the pipeline again.

For after a fix, such as a better reply extractor: held and rejected
messages get another chance. Accepted replies are never added twice, and
replies their owner discarded stay discarded, so running it twice is safe.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from entries.mail import pipeline
from entries.models import InboundMessage

State = InboundMessage.State


class Command(BaseCommand):
    help = "Process stored inbound messages again (all but accepted ones, unless filtered)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", help="Only messages received on or after this date (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--state",
            choices=[state for state in State.values if state != State.ACCEPTED],
            help="Only messages in this state.",
        )

    def handle(self, *args, since=None, state=None, **options):
        messages = InboundMessage.objects.reprocessable().order_by("received")
        if since:
            messages = messages.filter(received__gte=_start_of(since))
        if state:
            messages = messages.filter(state=state)
        counts = {}
        for message in messages.iterator(chunk_size=100):
            before = message.state
            try:
                pipeline.process(message, again=True)
            except Exception:
                counts["failed"] = counts.get("failed", 0) + 1
                continue
            change = f"{before} -> {message.state}" if before != message.state else message.state
            counts[change] = counts.get(change, 0) + 1
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
        self.stdout.write(f"Reprocessed {sum(counts.values())} messages. {summary}".strip())


def _start_of(value):
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since must be a date like 2026-11-27, not {value!r}.") from None
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
