"""The next send instant, across daylight saving, odd offsets and the date line."""

import datetime as dt

import pytest

from accounts import schedule

EVERY_DAY = schedule.EVERY_DAY
EIGHT_PM = dt.time(20, 0)
UTC = dt.UTC


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


def next_at(now, timezone, send_time=EIGHT_PM, weekdays=schedule.EVERY_DAY, resume_on=None):
    return schedule.next_prompt_at(
        now, timezone=timezone, send_time=send_time, weekdays=weekdays, resume_on=resume_on
    )


@pytest.mark.parametrize(
    ("timezone", "day", "expected"),
    [
        # Europe springs forward on 29 March 2026: 02:00 becomes 03:00.
        ("Europe/Paris", dt.date(2026, 3, 29), utc(2026, 3, 29, 1, 30)),
        # The US springs forward on 8 March 2026.
        ("America/New_York", dt.date(2026, 3, 8), utc(2026, 3, 8, 7, 30)),
    ],
)
def test_a_send_time_the_clocks_skip_still_sends_that_day(timezone, day, expected):
    """A 02:30 prompt on a spring-forward day goes an hour late, on the same day."""
    day_before = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(12), tzinfo=UTC)
    instant = next_at(day_before, timezone, dt.time(2, 30))
    assert instant == expected
    assert instant.astimezone(schedule.ZoneInfo(timezone)).date() == day
    assert instant.astimezone(schedule.ZoneInfo(timezone)).time() == dt.time(3, 30)


@pytest.mark.parametrize(
    ("timezone", "first", "second"),
    [
        # Europe falls back on 25 October 2026: 01:30 happens at 23:30 and 00:30 UTC.
        ("Europe/London", utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)),
        # The US falls back on 1 November 2026: 01:30 at 05:30 and 06:30 UTC.
        ("America/Chicago", utc(2026, 11, 1, 6, 30), utc(2026, 11, 1, 7, 30)),
    ],
)
def test_a_send_time_that_happens_twice_sends_once(timezone, first, second):
    """On a fall-back day the prompt goes at the first 01:30 and not again at the second."""
    send_time = dt.time(1, 30)
    assert next_at(first - dt.timedelta(hours=3), timezone, send_time) == first
    zone = schedule.ZoneInfo(timezone)
    following = next_at(first, timezone, send_time)
    assert following > second
    assert following.astimezone(zone).date() == first.astimezone(zone).date() + dt.timedelta(1)


@pytest.mark.parametrize(
    ("timezone", "expected"),
    [
        ("Asia/Kathmandu", utc(2026, 11, 27, 14, 15)),  # +05:45
        ("Pacific/Tongatapu", utc(2026, 11, 27, 7, 0)),  # +13:00
        ("Pacific/Kiritimati", utc(2026, 11, 27, 6, 0)),  # +14:00
        ("Etc/GMT+12", utc(2026, 11, 27, 8, 0)),  # -12:00, still the 26th there
        ("Pacific/Pago_Pago", utc(2026, 11, 27, 7, 0)),  # -11:00
    ],
)
def test_odd_offsets_send_at_local_time(timezone, expected):
    """+05:45, +13:00, +14:00 and -12:00 all get 20:00 on their own clock, on their own date."""
    now = utc(2026, 11, 27, 0, 0)
    instant = next_at(now, timezone)
    assert instant == expected
    assert instant.astimezone(schedule.ZoneInfo(timezone)).time() == EIGHT_PM


def test_a_day_lost_to_the_date_line_gets_no_extra_prompt():
    """Samoa skipped 30 December 2011; the prompt after the 29th is on the 31st, once."""
    zone = schedule.ZoneInfo("Pacific/Apia")
    evening_of_29th = next_at(utc(2011, 12, 29, 7, 0), "Pacific/Apia")
    assert evening_of_29th.astimezone(zone).date() == dt.date(2011, 12, 29)
    after_29th = next_at(evening_of_29th, "Pacific/Apia")
    assert after_29th.astimezone(zone).date() == dt.date(2011, 12, 31)
    assert after_29th.astimezone(zone).time() == EIGHT_PM
    assert next_at(after_29th, "Pacific/Apia").astimezone(zone).date() == dt.date(2012, 1, 1)


def test_no_weekday_means_no_last_prompt_either():
    """With no day chosen, there is no past prompt to catch up on."""
    assert (
        schedule.last_prompt_at(utc(2026, 11, 27), timezone="UTC", send_time=EIGHT_PM, weekdays=0)
        is None
    )


def test_the_last_prompt_looks_back_to_the_latest_chosen_day():
    """The latest send instant already passed is found, skipping unchosen days."""
    mondays = schedule.weekday_bit(0)
    found = schedule.last_prompt_at(
        utc(2026, 11, 27, 12), timezone="UTC", send_time=EIGHT_PM, weekdays=mondays
    )
    assert found == utc(2026, 11, 23, 20, 0)


@pytest.mark.parametrize(
    ("weekdays", "words"),
    [
        (schedule.EVERY_DAY, "every day"),
        (0b0011111, "weekdays"),
        (0b1100000, "weekends"),
        (0b0000100, "Wednesday"),
        (0b0010001, "Monday and Friday"),
        (0b1000011, "Monday, Tuesday and Sunday"),
    ],
)
def test_chosen_days_read_as_words(weekdays, words):
    """The settings page names the chosen days the way a person would."""
    assert schedule.describe_weekdays(weekdays) == words


@pytest.mark.parametrize(
    ("now", "monthly", "yearly", "expected"),
    [
        # Late November in Paris: the December recap, 08:00 local on the 1st.
        (
            dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC),
            True,
            True,
            dt.datetime(2026, 12, 1, 7, tzinfo=dt.UTC),
        ),
        # Before the morning of the 1st: that same morning.
        (
            dt.datetime(2026, 12, 1, 5, tzinfo=dt.UTC),
            True,
            False,
            dt.datetime(2026, 12, 1, 7, tzinfo=dt.UTC),
        ),
        # Yearly only: the next 1 January.
        (
            dt.datetime(2026, 3, 5, tzinfo=dt.UTC),
            False,
            True,
            dt.datetime(2027, 1, 1, 7, tzinfo=dt.UTC),
        ),
        (dt.datetime(2026, 3, 5, tzinfo=dt.UTC), False, False, None),
    ],
)
def test_recaps_come_on_the_first_morning_of_a_month(now, monthly, yearly, expected):
    """A recap is due at 08:00 local on the next 1st (of January, for yearly only)."""
    assert (
        schedule.next_recap_at(now, timezone="Europe/Paris", monthly=monthly, yearly=yearly)
        == expected
    )
