"""Memories: something a person wrote long enough ago to be worth rereading.

The daily prompt quotes one entry from the past. The best is the same date
in an earlier year ("a year ago today you wrote..."); failing that, any
entry at least a week old, picked at random so that the whole journal
comes back over time, not only its anniversaries. The last week is left out
because it is still fresh in mind and would read as an echo.
"""

import calendar
import datetime as dt
import random
from dataclasses import dataclass

from django.db.models import Q

from entries.models import Entry

FRESH = dt.timedelta(days=7)


@dataclass(frozen=True)
class Memory:
    entry: Entry
    ago: str

    @property
    def date(self):
        return self.entry.date


def memory_for(user, day):
    """A Memory to show in the prompt for day, or None when there is none."""
    # An entry in the bin was taken back; it must not come back by email.
    entries = Entry.objects.for_user(user).alive().filter(date__lt=day)
    anniversaries = entries.filter(_same_date_in_earlier_years(day))
    entry = _pick(anniversaries) or _pick(entries.filter(date__lt=day - FRESH))
    if entry is None:
        return None
    return Memory(entry=entry, ago=how_long_ago(entry.date, day))


def _same_date_in_earlier_years(day):
    same_date = Q(date__month=day.month, date__day=day.day)
    if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
        # In a year without 29 February, its entries come back on the 28th.
        same_date |= Q(date__month=2, date__day=29)
    return same_date & Q(date__year__lt=day.year)


def _pick(entries):
    # Counting then fetching one row by offset reads two small results
    # instead of ordering a whole journal at random.
    count = entries.count()
    if not count:
        return None
    return entries.order_by("date")[random.randrange(count)]  # noqa: S311 - not security


def how_long_ago(then, today):
    """How long before today then was, as a person would say it."""
    anniversary = (then.month, then.day)
    if anniversary == (2, 29) and not calendar.isleap(today.year):
        anniversary = (2, 28)
    years = today.year - then.year - ((today.month, today.day) < anniversary)
    if years >= 1:
        return "a year ago" if years == 1 else f"{years} years ago"
    months = (today.year - then.year) * 12 + today.month - then.month
    months -= today.day < then.day
    if months >= 1:
        return "a month ago" if months == 1 else f"{months} months ago"
    weeks = (today - then).days // 7
    if weeks >= 1:
        return "a week ago" if weeks == 1 else f"{weeks} weeks ago"
    days = (today - then).days
    return "yesterday" if days == 1 else f"{days} days ago"
