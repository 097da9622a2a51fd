"""A year at a glance: the calendar heat map, and streaks of days written."""

import datetime as dt
from dataclasses import dataclass

CELL = 13  # pixels per day square, gap included
GUTTER = 30  # room for weekday names on the left
HEADER = 18  # room for month names on top
# Word counts that make a day darker: a line, a paragraph, a page, more.
LEVELS = (1, 60, 200, 450)
WEEKDAYS = {0: "Mon", 2: "Wed", 4: "Fri"}


@dataclass
class Day:
    date: dt.date
    words: int
    x: int
    y: int

    @property
    def written(self):
        return self.words > 0

    @property
    def level(self):
        return sum(self.words >= threshold for threshold in LEVELS)


@dataclass
class HeatMap:
    """Every day of a year as a square in a column per week, Monday on top."""

    year: int
    days: list
    months: list  # (x, "Jan")
    weekdays: list  # (y, "Mon")
    width: int
    height: int


def heat_map(year, words_by_date):
    first = dt.date(year, 1, 1)
    offset = first.weekday()
    days, months = [], []
    date = first
    while date.year == year:
        column, row = divmod((date - first).days + offset, 7)
        x, y = GUTTER + column * CELL, HEADER + row * CELL
        days.append(Day(date, words_by_date.get(date, 0), x, y))
        if date.day == 1:
            months.append((x, date.strftime("%b")))
        date += dt.timedelta(days=1)
    weekdays = [(HEADER + row * CELL + CELL - 3, name) for row, name in WEEKDAYS.items()]
    columns = (days[-1].x - GUTTER) // CELL + 1
    return HeatMap(year, days, months, weekdays, GUTTER + columns * CELL, HEADER + 7 * CELL)


def streaks(dates, today):
    """(current, longest): runs of consecutive days with an entry, in sorted dates.

    The current streak still counts if today is not written yet but yesterday was:
    the day is not over.
    """
    longest = run = 0
    previous = None
    for date in dates:
        run = run + 1 if previous and date - previous == dt.timedelta(days=1) else 1
        longest = max(longest, run)
        previous = date
    alive = previous is not None and (today - previous).days <= 1
    return (run if alive else 0), longest
