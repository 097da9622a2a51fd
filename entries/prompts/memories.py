"""Memories: something a person wrote long enough ago to be worth rereading.

The daily prompt quotes one entry from the past. The best is the same date
in an earlier year ("a year ago today you wrote..."); failing that, any
entry at least a week old, picked at random so that the whole journal
comes back over time, not only its anniversaries. The last week is left out
because it is still fresh in mind and would read as an echo.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Exists, OuterRef, When

from entries.models import EARLIEST_YEAR, Entry, Photo

FRESH = dt.timedelta(days=7)


@dataclass(frozen=True)
class Memory:
    entry: Entry
    ago: str

    @property
    def date(self):
        return self.entry.date


def memory_for(user, day):
    """A Memory to show in the prompt for day, or None when there is none.

    One query: every entry old enough, anniversaries ordered first, each
    group shuffled by the database, one row taken. The database keeps only
    the best row as it reads (a top-1 sort), so the cost follows the
    journal's length the way counting it did, without a second round trip.
    """
    # An entry in the bin was taken back; it must not come back by email.
    # Every anniversary is at least a year old, so older than FRESH too.
    entry = (
        Entry.objects.for_user(user)
        .alive()
        .filter(date__lt=day - FRESH)
        # Whether it has a photo to show, so a memory without one costs no second query.
        .annotate(has_photo=Exists(Photo.objects.shown().filter(entry=OuterRef("pk"))))
        .order_by(
            Case(When(date__in=_same_date_in_earlier_years(day), then=0), default=1),
            "?",
        )
        .first()
    )
    if entry is None:
        return None
    return Memory(entry=entry, ago=how_long_ago(entry.date, day))


def _same_date_in_earlier_years(day):
    """The same date in every earlier year the journal can hold, as dates (the index reads them)."""
    dates = []
    for year in range(EARLIEST_YEAR, day.year):
        if (day.month, day.day) == (2, 29) and not calendar.isleap(year):
            continue
        dates.append(day.replace(year=year))
        # In a year without 29 February, its entries come back on the 28th.
        leap_day_comes_back = (day.month, day.day) == (2, 28) and not calendar.isleap(day.year)
        if leap_day_comes_back and calendar.isleap(year):
            dates.append(dt.date(year, 2, 29))
    return dates


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
