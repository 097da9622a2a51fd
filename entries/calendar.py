"""A month of a journal as a calendar: a row per week, Monday first."""

import calendar
import datetime as dt
from dataclasses import dataclass

from entries.year import LEVELS

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Day:
    date: dt.date
    words: int

    @property
    def level(self):
        """0 for nothing written, then 1-4 as on the year's heat map: a line to a long page."""
        return sum(self.words >= threshold for threshold in LEVELS)

    @property
    def label(self):
        """What a screen reader says for a written day's link."""
        return f"{self.date:%A %-d %B}: {self.words} word{'s' if self.words != 1 else ''}"


def weeks(year, month, words_by_date):
    """[[Day or None] * 7] for each week of the month; None pads days of other months."""
    return [
        [Day(date, words_by_date.get(date, 0)) if date.month == month else None for date in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


def first_of_month(year, month):
    return dt.date(year, month, 1)


def month_before(first):
    return (first - dt.timedelta(days=1)).replace(day=1)


def month_after(first):
    return (first + dt.timedelta(days=32)).replace(day=1)
