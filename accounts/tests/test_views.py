"""Settings: the prompt schedule and one-click unsubscribe."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The daily prompt's schedule and the way out of prompt emails.

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 27, 19, 30, tzinfo=UTC)  # Friday, 20:30 in Paris
SETTINGS = reverse("accounts:settings")


@pytest.fixture
def friday_evening():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def member(client, friday_evening):
    user = UserFactory(timezone="Europe/Paris")
    user.schedule_next_prompt(NOW)
    user.save()
    client.force_login(user)
    return user


def form_data(**changes):
    data = {
        "timezone": "Europe/Paris",
        "prompt_time": "20:00",
        "weekdays": [str(day) for day in range(7)],
        "memories_enabled": "on",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def test_settings_needs_a_login(client):
    """Someone logged out is sent to log in."""
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_settings_says_when_the_next_prompt_arrives(client, member):
    """The page says, in words, when the next prompt comes, and links to sign-in settings."""
    response = client.get(SETTINGS)
    content = response.content.decode()
    assert "Saturday 28 November at 20:00, Europe/Paris" in content
    assert reverse("account_email") in content
    assert reverse("account_change_password") in content
    for page in ("entries:export", "entries:import", "entries:delete_account"):
        assert reverse(page) in content
    assert 'aria-current="page"' in content


def test_saving_a_new_schedule_recomputes_the_next_prompt(client, member):
    """Moving to Tokyo at 07:15 on weekdays moves the next prompt to Monday morning there."""
    response = client.post(
        SETTINGS,
        form_data(timezone="Asia/Tokyo", prompt_time="07:15", weekdays=["0", "1", "2", "3", "4"]),
        follow=True,
    )
    member.refresh_from_db()
    assert member.timezone == "Asia/Tokyo"
    assert member.prompt_time == dt.time(7, 15)
    assert member.prompt_weekdays == 0b0011111
    assert member.next_prompt_at == dt.datetime(2026, 11, 29, 22, 15, tzinfo=UTC)
    assert "Monday 30 November at 07:15, Asia/Tokyo" in response.content.decode()


def test_at_least_one_day_is_required(client, member):
    """Unticking every day is refused with a clear message, and nothing changes."""
    response = client.post(SETTINGS, form_data(weekdays=None, timezone="Asia/Tokyo"))
    assert response.status_code == 200
    assert "Choose at least one day" in response.content.decode()
    assert "Saturday 28 November at 20:00, Europe/Paris" in response.content.decode()
    member.refresh_from_db()
    assert member.timezone == "Europe/Paris"


def test_an_unknown_timezone_is_refused(client, member):
    """A timezone that does not exist is an error on the field."""
    response = client.post(SETTINGS, form_data(timezone="Mars/Olympus_Mons"))
    assert response.status_code == 200
    assert response.context["form"].errors["timezone"]


def test_pausing_stops_prompts(client, member):
    """Pausing with no date means no next prompt, and the page says prompts are paused."""
    response = client.post(SETTINGS, form_data(prompts_paused="on"), follow=True)
    member.refresh_from_db()
    assert member.prompts_paused
    assert member.next_prompt_at is None
    assert "Your prompts are paused" in response.content.decode()


def test_pausing_until_a_date_resumes_then(client, member):
    """Paused until 5 December, the next prompt is that evening."""
    client.post(SETTINGS, form_data(prompts_paused="on", paused_until="2026-12-05"))
    member.refresh_from_db()
    assert member.paused_until == dt.date(2026, 12, 5)
    assert member.next_prompt_at == dt.datetime(2026, 12, 5, 19, tzinfo=UTC)


def test_a_resume_date_alone_pauses_until_then(client, member):
    """A date in "Resume on" without ticking "Pause prompts" pauses until that day."""
    response = client.post(SETTINGS, form_data(paused_until="2026-12-05"), follow=True)
    member.refresh_from_db()
    assert (member.prompts_paused, member.paused_until) == (True, dt.date(2026, 12, 5))
    assert member.next_prompt_at == dt.datetime(2026, 12, 5, 19, tzinfo=UTC)
    assert "paused" in response.content.decode()


def test_a_past_resume_date_alone_is_refused(client, member):
    """A date already gone, without the tick, is an error, not silently dropped."""
    response = client.post(SETTINGS, form_data(paused_until="2026-11-20"))
    assert "Choose a day after today" in response.content.decode()
    member.refresh_from_db()
    assert not member.prompts_paused


def test_a_resume_date_in_the_past_is_refused(client, member):
    """Resuming today or earlier makes no sense and is refused."""
    response = client.post(SETTINGS, form_data(prompts_paused="on", paused_until="2026-11-27"))
    assert "Choose a day after today" in response.content.decode()


def test_unpausing_clears_the_resume_date(client, member):
    """Unticking pause resumes prompts at once and forgets the date."""
    member.prompts_paused, member.paused_until = True, dt.date(2026, 12, 5)
    member.save()
    client.post(SETTINGS, form_data(paused_until="2026-12-05"))
    member.refresh_from_db()
    assert (member.prompts_paused, member.paused_until) == (False, None)
    assert member.next_prompt_at == dt.datetime(2026, 11, 28, 19, tzinfo=UTC)


def test_memories_can_be_turned_off(client, member):
    """Unticking memories saves it."""
    client.post(SETTINGS, form_data(memories_enabled=None))
    member.refresh_from_db()
    assert member.memories_enabled is False


def test_unsubscribe_page_asks_before_pausing(client):
    """Following the link shows a page with a button, and pauses nothing yet."""
    user = UserFactory()
    user.schedule_next_prompt(NOW)
    user.save()
    response = client.get(reverse("accounts:unsubscribe", args=[user.unsubscribe_token]))
    assert response.status_code == 200
    assert "Pause my prompts" in response.content.decode()
    user.refresh_from_db()
    assert not user.prompts_paused


def test_one_click_unsubscribe_pauses_without_login(client):
    """A POST to the link (what mail providers send) pauses prompts and says so."""
    client.handler.enforce_csrf_checks = True
    user = UserFactory()
    user.schedule_next_prompt(NOW)
    user.save()
    response = client.post(
        reverse("accounts:unsubscribe", args=[user.unsubscribe_token]),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    assert "Your prompts are paused" in response.content.decode()
    user.refresh_from_db()
    assert (user.prompts_paused, user.next_prompt_at) == (True, None)


def test_unsubscribe_page_when_already_paused(client):
    """Someone already paused is told so, with no button."""
    user = UserFactory(prompts_paused=True)
    response = client.get(reverse("accounts:unsubscribe", args=[user.unsubscribe_token]))
    assert "already paused" in response.content.decode()
    assert "Pause my prompts" not in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_unsubscribe_token_is_a_clear_400(client, method):
    """A tampered link gets a 400 page that explains, and pauses nobody."""
    user = UserFactory()
    response = getattr(client, method)(
        reverse("accounts:unsubscribe", args=[user.unsubscribe_token[:-1] + "x"])
    )
    assert response.status_code == 400
    assert "does not work" in response.content.decode()
    user.refresh_from_db()
    assert not user.prompts_paused


def test_back_to_daily_asks_then_restores_the_schedule(client):
    """The link in the slowing prompt shows a button; pressing it brings back daily prompts."""
    user = UserFactory(prompt_pace="weekly", unanswered_prompts=15, slowed_on=dt.date(2026, 11, 20))
    url = reverse("accounts:back_to_daily", args=[user.back_to_daily_token])
    with time_machine.travel(NOW, tick=False):
        assert "Back to daily" in client.get(url).content.decode()
        user.refresh_from_db()
        assert user.prompt_pace == "weekly"
        response = client.post(url)
    assert "back on your own schedule" in response.content.decode()
    user.refresh_from_db()
    assert (user.prompt_pace, user.unanswered_prompts) == ("own", 0)
    assert user.next_prompt_at is not None


def test_back_to_daily_when_already_daily_and_with_a_bad_token(client):
    """Already daily, the page says so; a broken link is a clear 400 that changes nothing."""
    user = UserFactory()
    page = client.get(reverse("accounts:back_to_daily", args=[user.back_to_daily_token]))
    assert "already follow your own schedule" in page.content.decode()
    bad = client.post(reverse("accounts:back_to_daily", args=[user.unsubscribe_token]))
    assert bad.status_code == 400


def test_questions_and_how_to_ask_them_are_saved(client, member):
    """A list of questions and an order are saved, and the page shows them back."""
    response = client.post(
        SETTINGS,
        form_data(
            questions="What did I learn today?\r\nSunday: Review the week", question_order="weekday"
        ),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.questions == "What did I learn today?\r\nSunday: Review the week"
    assert member.question_order == "weekday"
    assert "Review the week" in client.get(SETTINGS).content.decode()


def test_a_question_too_long_is_refused_and_kept_in_the_box(client, member):
    """A question over 200 characters is an error next to the box, and nothing is saved."""
    response = client.post(SETTINGS, form_data(questions="x" * 201))
    assert response.status_code == 200
    assert "under 200 characters" in response.content.decode()
    member.refresh_from_db()
    assert member.questions == ""


def test_recaps_and_receipts_have_their_switches(client, member):
    """Recaps are on and receipts off until changed; both are saved, and recaps rescheduled."""
    assert (member.monthly_recaps, member.yearly_recaps, member.receipts_enabled) == (
        True,
        True,
        False,
    )
    client.post(SETTINGS, form_data(monthly_recaps="on", receipts_enabled="on"))
    member.refresh_from_db()
    assert (member.monthly_recaps, member.yearly_recaps, member.receipts_enabled) == (
        True,
        False,
        True,
    )
    assert member.next_recap_at is not None
    client.post(SETTINGS, form_data())
    member.refresh_from_db()
    assert member.next_recap_at is None
