import datetime as dt

from accounts import schedule

EVERY_DAY = schedule.EVERY_DAY
EIGHT_PM = dt.time(20, 0)


def utc(*args):
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_the_next_prompt_is_today_when_the_time_is_still_ahead():
    """At 15:00 in Paris, a 20:00 prompt is due this evening (19:00 UTC in winter)."""
    now = utc(2026, 11, 27, 14, 0)
    assert schedule.next_prompt_at(
        now, timezone="Europe/Paris", send_time=EIGHT_PM, weekdays=EVERY_DAY
    ) == utc(2026, 11, 27, 19, 0)


def test_the_next_prompt_is_tomorrow_once_the_time_has_passed():
    """At 21:00 in Paris, the next 20:00 prompt is tomorrow's."""
    now = utc(2026, 11, 27, 20, 0)
    assert schedule.next_prompt_at(
        now, timezone="Europe/Paris", send_time=EIGHT_PM, weekdays=EVERY_DAY
    ) == utc(2026, 11, 28, 19, 0)


def test_only_chosen_weekdays_get_prompts():
    """With Mondays only, a Friday's next prompt is the coming Monday."""
    monday = schedule.weekday_bit(0)
    now = utc(2026, 11, 27, 12, 0)  # a Friday
    assert schedule.next_prompt_at(now, timezone="UTC", send_time=EIGHT_PM, weekdays=monday) == utc(
        2026, 11, 30, 20, 0
    )


def test_no_weekday_means_no_prompt():
    """Unticking every day leaves no next prompt at all."""
    now = utc(2026, 11, 27, 12, 0)
    assert schedule.next_prompt_at(now, timezone="UTC", send_time=EIGHT_PM, weekdays=0) is None


def test_a_pause_until_a_date_resumes_on_that_date():
    """Paused until 1 December, the next prompt is on the evening of 1 December."""
    now = utc(2026, 11, 27, 12, 0)
    resume = dt.date(2026, 12, 1)
    assert schedule.next_prompt_at(
        now, timezone="UTC", send_time=EIGHT_PM, weekdays=EVERY_DAY, resume_on=resume
    ) == utc(2026, 12, 1, 20, 0)


def test_spring_forward_gap_still_sends_that_day():
    """A 02:30 prompt on the day New York skips 02:00-03:00 goes at 03:30 local, once."""
    now = utc(2026, 3, 8, 5, 0)  # 00:00 EST on the day clocks spring forward
    instant = schedule.next_prompt_at(
        now, timezone="America/New_York", send_time=dt.time(2, 30), weekdays=EVERY_DAY
    )
    assert instant == utc(2026, 3, 8, 7, 30)


def test_fall_back_sends_at_the_first_of_the_two_times():
    """When 01:30 happens twice in London, the prompt goes at the first one."""
    now = utc(2026, 10, 25, 0, 0)  # 01:00 BST, the night clocks go back
    instant = schedule.next_prompt_at(
        now, timezone="Europe/London", send_time=dt.time(1, 30), weekdays=EVERY_DAY
    )
    assert instant == utc(2026, 10, 25, 0, 30)
