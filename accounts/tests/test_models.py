import datetime as dt

import pytest
from django.db import IntegrityError

from accounts.models import User
from accounts.tests.factories import UserFactory

UTC = dt.UTC


@pytest.mark.django_db
def test_email_is_the_identifier_and_is_stored_in_lower_case():
    """A user is created from an address alone, kept in lower case, with no username."""
    user = User.objects.create_user(" Ann@Example.COM ")
    assert user.email == "ann@example.com"
    assert not hasattr(user, "username")
    assert not user.has_usable_password()
    assert str(user) == "ann@example.com"


@pytest.mark.django_db
def test_addresses_are_unique_whatever_their_case():
    """Two accounts can never share an address, even typed differently."""
    User.objects.create_user("ann@example.com")
    with pytest.raises(IntegrityError):
        User.objects.create(email="ANN@example.com")


@pytest.mark.django_db
def test_looking_up_by_address_ignores_case():
    """Logging in as ANN@example.com finds ann@example.com."""
    user = User.objects.create_user("ann@example.com", password="correct horse battery")
    assert User.objects.get_by_natural_key("ANN@Example.com") == user


def test_a_user_needs_an_address():
    """Creating a user without an address is refused."""
    with pytest.raises(ValueError, match="needs an email address"):
        User.objects.create_user("")


@pytest.mark.django_db
def test_superusers_are_staff():
    """createsuperuser makes someone who can use the admin."""
    admin = User.objects.create_superuser("boss@example.com", password="long enough pass 1")
    assert admin.is_staff
    assert admin.is_superuser
    assert admin.check_password("long enough pass 1")


def test_cleaning_normalises_the_address():
    """Forms that clean a user (the admin) store the address in lower case."""
    user = User(email="Bob@Example.com", timezone="UTC")
    user.clean()
    assert user.email == "bob@example.com"


def test_an_indefinite_pause_means_no_next_prompt():
    """Pausing without an end date stops prompts until the person resumes."""
    user = User(email="p@example.com", timezone="UTC", prompts_paused=True)
    user.schedule_next_prompt(dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC))
    assert user.next_prompt_at is None


def test_a_pause_until_a_date_resumes_on_it():
    """Pausing until 1 December means the next prompt is on 1 December."""
    user = User(
        email="p@example.com",
        timezone="UTC",
        prompts_paused=True,
        paused_until=dt.date(2026, 12, 1),
    )
    user.schedule_next_prompt(dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC))
    assert user.next_prompt_at == dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC)


"""People: who is due a prompt, unsubscribe tokens, and the next prompt in words."""


@pytest.mark.django_db
def test_due_for_prompt_needs_a_verified_active_person_whose_time_has_come():
    """Only verified, active people whose next prompt is at or before now are due."""
    now = dt.datetime(2026, 11, 27, 19, tzinfo=UTC)
    due = UserFactory(next_prompt_at=now)
    UserFactory(next_prompt_at=now + dt.timedelta(minutes=1))
    UserFactory(next_prompt_at=now, verified=False)
    UserFactory(next_prompt_at=now, is_active=False)
    UserFactory(next_prompt_at=None)
    assert list(User.objects.due_for_prompt(now)) == [due]


@pytest.mark.django_db
def test_an_unsubscribe_token_finds_its_person():
    """The token made for someone leads back to them."""
    user = UserFactory()
    assert User.objects.from_unsubscribe_token(user.unsubscribe_token) == user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token", ["", "nonsense", "12", "x-abc", "1-0000000000000000000000000000000"]
)
def test_a_forged_unsubscribe_token_finds_nobody(token):
    """Anything but a genuine token finds nobody."""
    UserFactory()
    assert User.objects.from_unsubscribe_token(token) is None


@pytest.mark.django_db
def test_a_token_for_one_person_does_not_work_for_another():
    """Changing the id in a token breaks its signature."""
    first, second = UserFactory(), UserFactory()
    signature = first.unsubscribe_token.partition("-")[2]
    assert User.objects.from_unsubscribe_token(f"{second.pk}-{signature}") is None


@pytest.mark.django_db
def test_tokens_survive_a_secret_key_rotation(settings):
    """Links in old emails keep working while the old key is a fallback."""
    user = UserFactory()
    token = user.unsubscribe_token
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-secret-key-for-this-test-only-0123456789"
    assert User.objects.from_unsubscribe_token(token) == user


@pytest.mark.django_db
def test_next_prompt_in_words():
    """The next prompt reads like "Saturday 28 November at 20:00, Europe/Paris"."""
    user = UserFactory(timezone="Europe/Paris")
    user.schedule_next_prompt(dt.datetime(2026, 11, 27, 19, 30, tzinfo=UTC))
    assert user.next_prompt_in_words() == "Saturday 28 November at 20:00, Europe/Paris"
    user.pause_prompts()
    assert user.next_prompt_in_words() is None


@pytest.mark.django_db
def test_the_day_after_a_prompt_is_where_scheduling_resumes():
    """After today's prompt went early, the next is tomorrow's, not tonight's."""
    user = UserFactory(timezone="UTC")
    morning = dt.datetime(2026, 11, 27, 9, tzinfo=UTC)
    user.schedule_next_prompt(morning, after_day=dt.date(2026, 11, 27))
    assert user.next_prompt_at == dt.datetime(2026, 11, 28, 20, tzinfo=UTC)


@pytest.mark.django_db
def test_a_later_pause_end_wins_over_the_day_after():
    """Paused until next week, the next prompt waits for the pause to end."""
    user = UserFactory(timezone="UTC", prompts_paused=True, paused_until=dt.date(2026, 12, 3))
    user.schedule_next_prompt(
        dt.datetime(2026, 11, 27, 9, tzinfo=UTC), after_day=dt.date(2026, 11, 27)
    )
    assert user.next_prompt_at == dt.datetime(2026, 12, 3, 20, tzinfo=UTC)


# Considerate reminders and steering by email

NOW = dt.datetime(2026, 11, 27, 21, tzinfo=UTC)  # 22:00 in Paris, after the prompt


@pytest.mark.django_db
def test_fourteen_unanswered_prompts_slow_down_to_weekly_and_say_so():
    """The 15th prompt in a row with no reply says it slows down; the next is a week on."""
    user = UserFactory(unanswered_prompts=14)
    day = dt.date(2026, 11, 27)
    assert user.note_prompt(day) == "slowed"
    user.schedule_next_prompt(NOW, after_day=day)
    assert user.prompt_pace == "weekly"
    assert user.local_date(user.next_prompt_at) == dt.date(2026, 12, 4)


@pytest.mark.django_db
def test_eight_weeks_at_weekly_pause_and_say_so():
    """After eight weeks at weekly with no reply, the next prompt is the last and says so."""
    user = UserFactory(unanswered_prompts=20, prompt_pace="weekly", slowed_on=dt.date(2026, 10, 2))
    assert user.note_prompt(dt.date(2026, 11, 20)) == ""
    assert user.note_prompt(dt.date(2026, 11, 27)) == "resting"
    user.schedule_next_prompt(NOW, after_day=dt.date(2026, 11, 27))
    assert user.prompts_paused
    assert user.next_prompt_at is None


@pytest.mark.django_db
def test_writing_brings_back_the_own_schedule():
    """A reply or web entry after a rest unpauses, goes back to daily and counts from zero."""
    user = UserFactory(unanswered_prompts=30, prompt_pace="resting", prompts_paused=True)
    assert user.note_writing(NOW)
    user.refresh_from_db()
    assert (user.prompt_pace, user.unanswered_prompts, user.prompts_paused) == ("own", 0, False)
    assert user.local_date(user.next_prompt_at) == dt.date(2026, 11, 28)


@pytest.mark.django_db
def test_writing_on_the_own_schedule_changes_nothing(django_assert_num_queries):
    """Someone who already replies is left alone, without a write."""
    user = UserFactory()
    with django_assert_num_queries(0):
        assert not user.note_writing(NOW)


@pytest.mark.django_db
def test_skip_days_moves_the_next_prompt_past_them():
    """Skipping three days means the next prompt comes on the fourth day from now."""
    user = UserFactory()
    assert user.skip_days(3, NOW) == dt.date(2026, 12, 1)
    user.refresh_from_db()
    assert user.local_date(user.next_prompt_at) == dt.date(2026, 12, 1)


@pytest.mark.django_db
def test_pause_until_a_day_and_resume():
    """A pause until a day resumes on it; resuming brings the next prompt back at once."""
    user = UserFactory()
    user.pause_until_day(dt.date(2027, 1, 10), NOW)
    user.refresh_from_db()
    assert user.prompts_paused
    assert user.local_date(user.next_prompt_at) == dt.date(2027, 1, 10)
    user.resume_prompts(NOW)
    user.refresh_from_db()
    assert not user.prompts_paused
    assert user.local_date(user.next_prompt_at) == dt.date(2026, 11, 28)


@pytest.mark.django_db
@pytest.mark.parametrize("day", [dt.date(2026, 11, 27), dt.date(2028, 1, 2)])
def test_a_pause_must_end_between_tomorrow_and_400_days(day):
    """Pausing until today, the past, or more than 400 days ahead is refused."""
    with pytest.raises(ValueError, match="between tomorrow and 400 days"):
        UserFactory().pause_until_day(day, NOW)


@pytest.mark.django_db
def test_a_back_to_daily_token_finds_its_person_and_only_for_that():
    """The back-to-daily token leads back to its person and is no unsubscribe token."""
    user = UserFactory()
    assert User.objects.from_back_to_daily_token(user.back_to_daily_token) == user
    assert User.objects.from_unsubscribe_token(user.back_to_daily_token) is None
