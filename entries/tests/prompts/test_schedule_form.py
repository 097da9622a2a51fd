"""The schedule form: what the settings page promises about the next prompt."""

import datetime as dt

import pytest
import time_machine

from accounts.forms import ScheduleForm
from accounts.tests.factories import UserFactory
from entries.tests.factories import PromptFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 27, 19, 30, tzinfo=UTC)  # Friday, 20:30 in Paris


def save_schedule(user, prompt_time):
    form = ScheduleForm(
        {"timezone": "Europe/Paris", "prompt_time": prompt_time, "weekdays": list(range(7))},
        instance=user,
    )
    assert form.is_valid(), form.errors
    return form.save()


@time_machine.travel(NOW, tick=False)
def test_moving_the_time_later_after_todays_prompt_promises_tomorrow():
    """Today's prompt went at 20:00; moving the time to 21:30 promises tomorrow, not tonight."""
    user = UserFactory(timezone="Europe/Paris")
    PromptFactory(user=user, date=dt.date(2026, 11, 27))
    user = save_schedule(user, "21:30")
    assert user.next_prompt_at == dt.datetime(2026, 11, 28, 20, 30, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_moving_the_time_later_before_any_prompt_today_promises_tonight():
    """With no prompt yet today, moving the time to 21:30 brings one tonight."""
    user = UserFactory(timezone="Europe/Paris")
    PromptFactory(user=user, date=dt.date(2026, 11, 26))
    user = save_schedule(user, "21:30")
    assert user.next_prompt_at == dt.datetime(2026, 11, 27, 20, 30, tzinfo=UTC)
