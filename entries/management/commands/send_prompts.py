import argparse
import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from entries import tasks
from entries.prompts import dispatch


class Command(BaseCommand):
    help = (
        "Run one prompt dispatch pass now (or as of --now) and send the due prompts "
        "synchronously. Prompts the provider refuses for now are left to the worker's retries."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            type=parse_instant,
            help="The instant to dispatch as of, ISO 8601 with an offset, e.g. 2026-11-27T19:00Z.",
        )

    def handle(self, *args, now=None, **options):
        now = now or timezone.now()
        sent = retrying = 0
        for batch in dispatch.claim_due(now):
            for prompt_id in batch:
                try:
                    sent += dispatch.deliver(prompt_id, final_attempt=False)
                except Exception:
                    tasks.send_prompt(prompt_id)
                    retrying += 1
        self.stdout.write(f"Sent {sent} prompt{'' if sent == 1 else 's'}.")
        if retrying:
            self.stdout.write(f"{retrying} could not be sent now and were queued for retry.")


def parse_instant(value):
    # argparse turns ArgumentTypeError into a usage error: the message and
    # exit status 2 from a shell, CommandError from call_command. Anything
    # else raised here escapes argparse as a traceback.
    try:
        instant = dt.datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be an ISO 8601 instant such as 2026-11-27T19:00Z, not {value!r}."
        ) from None
    if instant.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} has no offset; add one (Z for UTC, or e.g. +01:00)."
        )
    return instant
