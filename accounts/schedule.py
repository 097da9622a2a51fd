"""When someone's next daily prompt is due.

Each person picks a local time, the days of the week, and may pause. The
next prompt is the first chosen day, from today on, whose local send time is
still ahead, turned into a UTC instant so the dispatcher can compare one
indexed column against the clock.

Daylight saving needs two decisions. When the clocks spring forward past the
send time (02:30 on a day that skips from 02:00 to 03:00), the prompt goes at
the instant 02:30 would have been on the old offset, which is 03:30 on the
new one: late by the hour the clocks skipped, but sent. When they fall back
and 01:30 happens twice, the prompt goes at the first 01:30. Either way the
day gets exactly one prompt.

The dispatcher also needs to look back: after the worker has been down, the
latest send instant that has already passed (last_prompt_at) tells it which
day's prompt is owed, so it can send that one, late, and skip the rest.
"""

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EVERY_DAY = 0b1111111


@cache
def zone_named(name):
    """The ZoneInfo for an IANA name, kept for the life of the process.

    zoneinfo holds only a handful of zones strongly and rereads the others
    from disk once they are collected; a dispatch pass touches hundreds.
    """
    return ZoneInfo(name)


def weekday_bit(weekday):
    """The bit for a weekday, Monday being 0 as in date.weekday()."""
    return 1 << weekday


def send_instant(day, send_time, zone):
    """The UTC instant of send_time on day in zone (fold=0: see above)."""
    local = dt.datetime.combine(day, send_time, tzinfo=zone)
    return local.astimezone(dt.UTC)


def next_prompt_at(now, *, timezone, send_time, weekdays, resume_on=None):
    """The first send instant after now, or None when no weekday is chosen.

    resume_on is the first local date prompts may go out again after a
    pause; None means not paused.
    """
    if not weekdays & EVERY_DAY:
        return None
    zone = zone_named(timezone)
    day = now.astimezone(zone).date()
    if resume_on and resume_on > day:
        day = resume_on
    # Eight days always reach a chosen weekday whose time is still ahead.
    for _ in range(8):
        if weekdays & weekday_bit(day.weekday()):
            instant = send_instant(day, send_time, zone)
            if instant > now:
                return instant
        day += dt.timedelta(days=1)
    raise AssertionError("unreachable: a chosen weekday falls within eight days")


def last_prompt_at(now, *, timezone, send_time, weekdays):
    """The latest send instant at or before now, or None when no weekday is chosen."""
    if not weekdays & EVERY_DAY:
        return None
    zone = zone_named(timezone)
    day = now.astimezone(zone).date()
    for _ in range(8):
        if weekdays & weekday_bit(day.weekday()):
            instant = send_instant(day, send_time, zone)
            if instant <= now:
                return instant
        day -= dt.timedelta(days=1)
    raise AssertionError("unreachable: a chosen weekday falls within eight days")


def describe_weekdays(weekdays):
    """The chosen days in words: "every day", "weekdays", "Monday and Friday"."""
    names = [name for number, name in enumerate(WEEKDAYS) if weekdays & weekday_bit(number)]
    if len(names) == 7:
        return "every day"
    if weekdays & EVERY_DAY == 0b0011111:
        return "weekdays"
    if weekdays & EVERY_DAY == 0b1100000:
        return "weekends"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


# Recaps go out on the first morning of a month, at this local time.
RECAP_TIME = dt.time(8, 0)


def next_recap_at(now, *, timezone, monthly, yearly):
    """The next first-of-the-month morning after now that has a recap, or None.

    Monthly recaps come on every 1st; yearly ones on 1 January (the
    January recap tells the year as well as December).
    """
    if not (monthly or yearly):
        return None
    zone = zone_named(timezone)
    first = now.astimezone(zone).date().replace(day=1)
    for _ in range(14):
        if monthly or first.month == 1:
            instant = send_instant(first, RECAP_TIME, zone)
            if instant > now:
                return instant
        first = (first + dt.timedelta(days=32)).replace(day=1)
    raise AssertionError("unreachable: a January falls within fourteen months")
