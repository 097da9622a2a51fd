import datetime as dt

import pytest

from accounts.tests.factories import UserFactory
from entries import steering

NOW = dt.datetime(2026, 11, 27, 21, tzinfo=dt.UTC)  # Friday, 22:00 in Paris
PROMPT_DAY = dt.date(2026, 11, 27)


@pytest.fixture
def user(db):
    return UserFactory()


def test_yesterday_files_the_reply_on_the_day_before(user):
    """ "yesterday" files the reply on the day before the author's today, and says so."""
    outcome = steering.follow(user, "yesterday\nA long day.", day=PROMPT_DAY, now=NOW)
    assert (outcome.day, outcome.text) == (dt.date(2026, 11, 26), "A long day.")
    assert outcome.confirmations == ["Filed this reply on Thursday 26 November 2026."]


def test_a_date_beyond_400_days_keeps_its_line_and_says_why(user):
    """A date too far back is not followed: the line stays in the text and the reply stays put."""
    outcome = steering.follow(user, "date: 2020-01-01\nOld times.", day=PROMPT_DAY, now=NOW)
    assert (outcome.day, outcome.text) == (PROMPT_DAY, "date: 2020-01-01\nOld times.")
    assert "not within the last 400 days" in outcome.confirmations[0]


def test_pause_for_days_pauses_and_confirms(user):
    """ "pause 7 days" pauses until the eighth day, and the confirmation names it."""
    outcome = steering.follow(user, "pause 7 days", day=PROMPT_DAY, now=NOW)
    user.refresh_from_db()
    assert user.prompts_paused
    assert user.paused_until == dt.date(2026, 12, 5)
    assert outcome.text == ""
    assert outcome.confirmations == [
        "Paused until Saturday 5 December 2026. Reply “resume” to start again."
    ]


def test_pause_with_no_end_and_resume(user):
    """ "pause" stops prompts until "resume" starts them again."""
    assert steering.follow(user, "pause", day=PROMPT_DAY, now=NOW).confirmations == [
        "Paused. Reply “resume” to start again."
    ]
    user.refresh_from_db()
    assert user.next_prompt_at is None
    said = steering.follow(user, "Resume", day=PROMPT_DAY, now=NOW).confirmations
    assert said == [
        "Prompts are back on. The next one arrives Saturday 28 November at 20:00, Europe/Paris."
    ]


def test_a_pause_into_the_past_is_text(user):
    """A pause that would end before tomorrow is not followed and the line is kept."""
    outcome = steering.follow(user, "pause until 2026-11-01\nHi", day=PROMPT_DAY, now=NOW)
    user.refresh_from_db()
    assert not user.prompts_paused
    assert outcome.text == "pause until 2026-11-01\nHi"
    assert "prompts go on as before" in outcome.confirmations[0]


def test_skip_moves_the_next_prompt(user):
    """ "skip" means no prompt tomorrow."""
    outcome = steering.follow(user, "skip", day=PROMPT_DAY, now=NOW)
    user.refresh_from_db()
    assert user.local_date(user.next_prompt_at) == dt.date(2026, 11, 29)
    assert outcome.confirmations == [
        "No prompts until Sunday 29 November 2026. Reply “resume” to start again sooner."
    ]
