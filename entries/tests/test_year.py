import datetime as dt

from entries.year import heat_map, runs_in, streaks, svg_days


def test_heat_map_has_every_day_in_week_columns():
    """A year's map has a square per day, Mondays on the top row, months labelled."""
    year = heat_map(
        2026, {dt.date(2026, 1, 5): 300}, today=dt.date(2026, 11, 27), year_url="/j/2026/"
    )
    assert len(year.days) == 365
    monday = next(day for day in year.days if day.date == dt.date(2026, 1, 5))
    assert monday.y == year.days[0].y - 3 * 13  # 1 January 2026 is a Thursday
    assert monday.level == 3
    assert monday.written
    assert [name for _, name in year.months][:2] == ["Jan", "Feb"]
    assert year.width > 52 * 13


def test_darker_squares_mean_more_words():
    """Levels go from nothing written to a long entry."""
    year = heat_map(
        2024,
        {dt.date(2024, 2, 29): 1, dt.date(2024, 3, 1): 1000},
        today=dt.date(2026, 1, 1),
        year_url="/",
    )
    levels = {day.date: day.level for day in year.days}
    assert len(year.days) == 366
    assert levels[dt.date(2024, 1, 1)] == 0
    assert levels[dt.date(2024, 2, 29)] == 1
    assert year.days[59].label == "Thu 29 Feb: 1 word"
    assert levels[dt.date(2024, 3, 1)] == 4


def test_streaks_count_runs_of_days():
    """The longest run is found, and the current one lasts until a day is missed."""
    runs = runs_in([dt.date(2026, 11, day) for day in (1, 2, 3, 4, 10, 25, 26)])
    assert runs[0] == (dt.date(2026, 11, 1), dt.date(2026, 11, 4), 4)
    assert streaks(runs, dt.date(2026, 11, 26)) == (2, 4)
    assert streaks(runs, dt.date(2026, 11, 27)) == (2, 4)  # today is not over yet
    assert streaks(runs, dt.date(2026, 11, 28)) == (0, 4)
    assert streaks([], dt.date(2026, 11, 28)) == (0, 0)


def test_svg_days_links_written_days_only():
    """Written days link to their page; empty and future days are plain squares."""
    year = heat_map(2026, {dt.date(2026, 1, 1): 5}, today=dt.date(2026, 1, 2), year_url="/y/")
    svg = svg_days(year)
    assert svg.count("<rect") == 365
    assert svg.count("<a href=") == 1
    assert '<a href="/y/01/01/"><rect' in svg
    assert svg.count(" future") == 363
