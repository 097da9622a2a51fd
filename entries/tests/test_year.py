import datetime as dt

from entries.year import heat_map, streaks


def test_heat_map_has_every_day_in_week_columns():
    """A year's map has a square per day, Mondays on the top row, months labelled."""
    year = heat_map(2026, {dt.date(2026, 1, 5): 300})
    assert len(year.days) == 365
    monday = next(day for day in year.days if day.date == dt.date(2026, 1, 5))
    assert monday.y == year.days[0].y - 3 * 13  # 1 January 2026 is a Thursday
    assert monday.level == 3
    assert monday.written
    assert [name for _, name in year.months][:2] == ["Jan", "Feb"]
    assert year.width > 52 * 13


def test_darker_squares_mean_more_words():
    """Levels go from nothing written to a long entry."""
    year = heat_map(2024, {dt.date(2024, 2, 29): 1, dt.date(2024, 3, 1): 1000})
    levels = {day.date: day.level for day in year.days}
    assert len(year.days) == 366
    assert levels[dt.date(2024, 1, 1)] == 0
    assert levels[dt.date(2024, 2, 29)] == 1
    assert levels[dt.date(2024, 3, 1)] == 4


def test_streaks_count_runs_of_days():
    """The longest run is found, and the current one lasts until a day is missed."""
    days = [dt.date(2026, 11, day) for day in (1, 2, 3, 4, 10, 25, 26)]
    assert streaks(days, dt.date(2026, 11, 26)) == (2, 4)
    assert streaks(days, dt.date(2026, 11, 27)) == (2, 4)  # today is not over yet
    assert streaks(days, dt.date(2026, 11, 28)) == (0, 4)
    assert streaks([], dt.date(2026, 11, 28)) == (0, 0)
