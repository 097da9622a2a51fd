"""What the commands at the top of an accepted reply do (entries/email_commands.py reads them).

Schedule commands act through the person's own methods (accounts), the one
owner of a schedule; the day commands only choose where the reply is filed.
Each command that did something gives a sentence for the confirmation email.
A command that cannot be followed (a date outside the journal, a pause that
ends in the past) is put back into the text, where nothing is lost, and the
confirmation says why.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.dispatch import Signal
from django.utils import dateformat

from entries import email_commands, limits

# Sent by EntryQuerySet.file_reply when an accepted reply has been filed
# (or was only commands), inside the transaction: user, entry (None for
# commands alone), confirmations. entries/receivers.py queues the emails
# that answer it.
reply_filed = Signal()

# How far back "date:" may file a reply: far enough for a trip without
# email, near enough that a typo in the year is caught.
LONGEST_BACKDATE = dt.timedelta(days=400)


@dataclass
class Outcome:
    """Where the reply goes, what is left of it, and what to tell its author."""

    day: dt.date
    text: str
    confirmations: list[str] = field(default_factory=list)


def follow(user, text, *, day, now, written=None):
    """Follow the commands at the top of text for user; the Outcome.

    day is where the reply goes without a day command; now is when the
    commands take effect, written when the reply was written ("yesterday"
    and the 400 days count from it; now if not given).
    """
    steering = email_commands.read(text)
    outcome = Outcome(day=day, text=steering.text)
    kept = []
    for command in steering.commands:
        said = _follow_one(user, command, outcome, now, written or now)
        if said is None:
            kept.append(command.line)
        elif command.kind in ("date", "yesterday") and not steering.text:
            # A day for a reply with nothing else in it files nothing: say nothing of it.
            continue
        else:
            outcome.confirmations.append(said)
    if kept:
        outcome.text = "\n".join([*kept, outcome.text]).strip()
    return outcome


def _follow_one(user, command, outcome, now, written):
    today = user.local_date(now)
    if command.kind in ("date", "yesterday"):
        that_day = user.local_date(written)
        wanted = that_day - dt.timedelta(days=1) if command.kind == "yesterday" else command.day
        latest = limits.latest_day(user.timezone, written)
        if not (limits.in_range(wanted, latest) and that_day - wanted <= LONGEST_BACKDATE):
            outcome.confirmations.append(
                f"{wanted.isoformat()} is not within the last 400 days, so this reply was "
                f"filed on {_day(outcome.day)}, with the line “{command.line}” kept in it."
            )
            return None
        outcome.day = wanted
        return f"Filed this reply on {_day(wanted)}."
    if command.kind == "skip":
        first = user.skip_days(command.days or 1, now)
        return f"No prompts until {_day(first)}. Reply “resume” to start again sooner."
    if command.kind == "resume":
        user.resume_prompts(now)
        return f"Prompts are back on. The next one arrives {user.next_prompt_in_words()}."
    # pause
    until = command.day
    if command.days:
        until = today + dt.timedelta(days=command.days + 1)
    try:
        user.pause_until_day(until, now)
    except ValueError:
        outcome.confirmations.append(
            f"Daybook can pause until a day between tomorrow and 400 days from now, "
            f"and {until.isoformat()} is not, so prompts go on as before."
        )
        return None
    if until is None:
        return "Paused. Reply “resume” to start again."
    return f"Paused until {_day(until)}. Reply “resume” to start again."


def _day(day):
    return dateformat.format(day, "l j F Y")
