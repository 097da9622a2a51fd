"""The two rules every way into the journal keeps: which days it holds, and how long an entry is.

One module owns both, so the web forms, the importers, the reply pipeline and
the models cannot drift apart. It is plain Python (no Django), because the
importers, which are plain Python too, check every entry of a file against it
and say which line or entry broke the rule.

Days run from 1 January 1900 to tomorrow where the person lives. Tomorrow,
not today: someone travelling ahead of the zone in their settings, or
replying just after their midnight to a prompt sent just before it, writes
about a day their settings' clock has not reached yet. Anything later is a
typo or a broken file (a year 2200 or 9999), and such a day would break
what reads the journal back (a zip's timestamps end in 2107).

An entry holds up to 100,000 characters: about 15,000 words, far more than
anyone writes in a day, and small enough that a day page renders in a blink.
An import of a 104 MB "entry" once took a day page 8.7 s and 1.1 GB.
"""

import datetime as dt
from zoneinfo import ZoneInfo

EARLIEST_DAY = dt.date(1900, 1, 1)
MAX_ENTRY_CHARS = 100_000


class OutOfRange(ValueError):
    """A day the journal does not hold: before 1900, or after tomorrow."""

    def __init__(self, day: dt.date, latest: dt.date) -> None:
        super().__init__(day, latest)
        self.day, self.latest = day, latest

    def __str__(self) -> str:
        return day_problem(self.day, self.latest)


class TooLong(ValueError):
    """Text that would make an entry longer than MAX_ENTRY_CHARS."""

    def __init__(self, length: int, day: dt.date | None = None) -> None:
        super().__init__(length, day)
        self.length, self.day = length, day

    def __str__(self) -> str:
        return length_problem(self.length)


def latest_day(zone: str, moment: dt.datetime | None = None) -> dt.date:
    """Tomorrow in the named time zone: the latest day a journal there may hold."""
    moment = moment or dt.datetime.now(dt.UTC)
    return moment.astimezone(ZoneInfo(zone)).date() + dt.timedelta(days=1)


def in_range(day: dt.date, latest: dt.date) -> bool:
    return EARLIEST_DAY <= day <= latest


def day_problem(day: dt.date, latest: dt.date) -> str:
    """Why the day cannot be in the journal, in words for its owner ("" when it can)."""
    if day < EARLIEST_DAY:
        return f"{day.isoformat()} is before 1900; a journal starts on 1900-01-01 at the earliest"
    if day > latest:
        return (
            f"{day.isoformat()} has not happened yet; the latest day a journal holds is "
            f"{latest.isoformat()}"
        )
    return ""


def check_day(day: dt.date, latest: dt.date) -> None:
    if not in_range(day, latest):
        raise OutOfRange(day, latest)


def length_problem(length: int) -> str:
    return (
        f"an entry can hold up to {MAX_ENTRY_CHARS:,} characters, and this one would have "
        f"{length:,}"
    )


def check_length(text: str, day: dt.date | None = None) -> None:
    if len(text) > MAX_ENTRY_CHARS:
        raise TooLong(len(text), day)
