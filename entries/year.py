"""A year at a glance: the calendar heat map, and streaks of days written."""

import datetime as dt
from dataclasses import dataclass

from django.utils import dateformat
from django.utils.safestring import mark_safe

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
    href: str
    future: bool

    @property
    def label(self):
        if not self.words:
            return f"{dateformat.format(self.date, 'D j M')}: nothing written"
        words = f"{self.words} word{'s' if self.words != 1 else ''}"
        return f"{dateformat.format(self.date, 'D j M')}: {words}"

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


def heat_map(year, words_by_date, *, today, year_url):
    """The map for one year; year_url + "MM/DD/" is a day's page."""
    first = dt.date(year, 1, 1)
    offset = first.weekday()
    days, months = [], []
    date = first
    while date.year == year:
        column, row = divmod((date - first).days + offset, 7)
        x, y = GUTTER + column * CELL, HEADER + row * CELL
        href = f"{year_url}{date:%m/%d}/"
        days.append(Day(date, words_by_date.get(date, 0), x, y, href, date > today))
        if date.day == 1:
            months.append((x, date.strftime("%b")))
        date += dt.timedelta(days=1)
    weekdays = [(HEADER + row * CELL + CELL - 3, name) for row, name in WEEKDAYS.items()]
    columns = (days[-1].x - GUTTER) // CELL + 1
    return HeatMap(year, days, months, weekdays, GUTTER + columns * CELL, HEADER + 7 * CELL)


def svg_days(heat_map):
    """The squares of the map as SVG markup.

    Built here rather than in the template: 365 squares through the template
    engine took longer than the rest of the page together. Everything in it
    is a number or a date, never journal text.
    """
    squares = []
    for day in heat_map.days:
        shape = (
            f'<rect x="{day.x}" y="{day.y}" width="11" height="11" rx="2" '
            f'class="l{day.level}{" future" if day.future else ""}">'
            f"<title>{day.label}</title></rect>"
        )
        squares.append(f'<a href="{day.href}">{shape}</a>' if day.words else shape)
    return mark_safe("".join(squares))  # noqa: S308 - numbers and dates only


def streaks(runs, today):
    """(current, longest) from runs of consecutive days, [(first, last, days)] oldest first.

    The current streak still counts if today is not written yet but yesterday was:
    the day is not over.
    """
    if not runs:
        return 0, 0
    longest = max(days for _, _, days in runs)
    _, last, days = runs[-1]
    return (days if (today - last).days <= 1 else 0), longest


def runs_in(dates):
    """Runs of consecutive days in a sorted list of dates, as streaks() wants them."""
    runs = []
    for date in dates:
        if runs and date - runs[-1][1] == dt.timedelta(days=1):
            runs[-1] = (runs[-1][0], date, runs[-1][2] + 1)
        else:
            runs.append((date, date, 1))
    return runs
