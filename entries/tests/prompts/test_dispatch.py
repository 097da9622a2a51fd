"""The dispatcher: who is due, one prompt per person per day, catch-up and sending."""

import datetime as dt

import pytest
import time_machine
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import schedule
from accounts.models import User
from accounts.tests.factories import UserFactory
from entries.models import Prompt
from entries.prompts import dispatch
from entries.tests.factories import QueuedPromptFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def utc(*args):
    return dt.datetime(*args, tzinfo=UTC)


def person(now, **fields):
    """A verified person whose next prompt was scheduled as of now."""
    user = UserFactory(**fields)
    user.schedule_next_prompt(now)
    user.save()
    return user


def claim(now, **options):
    return [prompt_id for batch in dispatch.claim_due(now, **options) for prompt_id in batch]


def test_a_due_person_gets_one_prompt_for_their_local_day():
    """At 20:00 in Paris a Parisian's prompt for that day is created and their next moves on."""
    user = person(utc(2026, 11, 27, 12), timezone="Europe/Paris")
    ids = claim(utc(2026, 11, 27, 19, 0))
    prompt = Prompt.objects.get(pk__in=ids)
    assert (prompt.user, prompt.date, prompt.status) == (user, dt.date(2026, 11, 27), "queued")
    user.refresh_from_db()
    assert user.next_prompt_at == utc(2026, 11, 28, 19, 0)


def test_nobody_is_prompted_before_their_time():
    """Five minutes before their time, nothing happens."""
    person(utc(2026, 11, 27, 12), timezone="Europe/Paris")
    assert claim(utc(2026, 11, 27, 18, 55)) == []


def test_a_second_pass_at_the_same_instant_creates_nothing():
    """Running the dispatcher twice never gives anyone a second prompt."""
    person(utc(2026, 11, 27, 12), timezone="Europe/Paris")
    assert len(claim(utc(2026, 11, 27, 19, 0))) == 1
    assert claim(utc(2026, 11, 27, 19, 0)) == []
    assert Prompt.objects.count() == 1


def test_an_existing_prompt_for_the_day_is_not_queued_again():
    """If that day's prompt already exists (a racing pass made it), it is not queued twice."""
    user = person(utc(2026, 11, 27, 12), timezone="UTC")
    QueuedPromptFactory(user=user, date=dt.date(2026, 11, 27))
    assert claim(utc(2026, 11, 27, 20, 0)) == []
    assert Prompt.objects.count() == 1
    user.refresh_from_db()
    assert user.next_prompt_at == utc(2026, 11, 28, 20, 0)


def test_batches_cover_everyone_due():
    """Many due people are claimed in several batches, each exactly once."""
    for _ in range(5):
        person(utc(2026, 11, 27, 12), timezone="UTC")
    ids = claim(utc(2026, 11, 27, 20, 0), batch_size=2)
    assert len(ids) == len(set(ids)) == 5
    assert set(Prompt.objects.values_list("user", flat=True)) == set(
        User.objects.values_list("pk", flat=True)
    )


def test_claiming_a_pass_costs_the_same_few_queries_for_ten_or_a_hundred_people():
    """Claiming 100 due people costs the queries of 10 (sending, a task each, is not counted)."""
    scheduled, now = utc(2026, 11, 27, 12), utc(2026, 11, 27, 20, 0)

    def queries_to_claim(people):
        for _ in range(people):
            person(scheduled, timezone="UTC")
        with CaptureQueriesContext(connection) as queries:
            assert len(claim(now, batch_size=1000)) == people
        return len(queries)

    # The ten claimed first are due again only tomorrow, so the second pass
    # claims just the hundred.
    assert queries_to_claim(10) == queries_to_claim(100)


def test_people_across_the_date_line_get_their_own_date():
    """At one UTC instant, Tonga asks about the 28th and Samoa (American) about the 27th."""
    now = utc(2026, 11, 27, 7, 0)
    earlier = now - dt.timedelta(hours=1)
    tonga = person(earlier, timezone="Pacific/Tongatapu")
    samoa = person(earlier, timezone="Pacific/Pago_Pago")
    claim(now)
    assert Prompt.objects.get(user=tonga).date == dt.date(2026, 11, 27)
    assert Prompt.objects.get(user=samoa).date == dt.date(2026, 11, 26)


def test_kathmandu_quarter_hour_offset():
    """+05:45: a 20:00 prompt goes at 14:15 UTC, not at 14:00."""
    user = person(utc(2026, 11, 27, 12), timezone="Asia/Kathmandu")
    assert claim(utc(2026, 11, 27, 14, 10)) == []
    claim(utc(2026, 11, 27, 14, 15))
    assert Prompt.objects.get(user=user).date == dt.date(2026, 11, 27)


def test_spring_forward_day_still_gets_its_prompt():
    """In New York, a 02:30 prompt on 8 March 2026 (clocks skip 02:00-03:00) is sent once."""
    user = person(utc(2026, 3, 7, 12), timezone="America/New_York", prompt_time=dt.time(2, 30))
    claim(utc(2026, 3, 8, 7, 30))
    assert list(Prompt.objects.filter(user=user).values_list("date", flat=True)) == [
        dt.date(2026, 3, 8)
    ]


def test_fall_back_day_gets_one_prompt():
    """In Paris on 25 October 2026 01:30 happens twice; passes through both give one prompt."""
    user = person(utc(2026, 10, 24, 12), timezone="Europe/Paris", prompt_time=dt.time(1, 30))
    for minutes in range(0, 150, 5):
        claim(utc(2026, 10, 24, 23, 0) + dt.timedelta(minutes=minutes))
    assert list(Prompt.objects.filter(user=user).values_list("date", flat=True)) == [
        dt.date(2026, 10, 25)
    ]


def test_only_chosen_weekdays_are_prompted():
    """Someone who chose Mondays gets nothing on Friday, Saturday or Sunday."""
    user = person(utc(2026, 11, 27, 12), timezone="UTC", prompt_weekdays=schedule.weekday_bit(0))
    for day in (27, 28, 29):
        claim(utc(2026, 11, day, 20, 0))
    assert not Prompt.objects.exists()
    claim(utc(2026, 11, 30, 20, 0))
    assert Prompt.objects.get(user=user).date == dt.date(2026, 11, 30)


def test_unverified_people_get_no_prompt():
    """Until someone proves their address, no prompt goes to it."""
    user = person(utc(2026, 11, 27, 12), timezone="UTC", verified=False)
    assert claim(utc(2026, 11, 27, 20, 0)) == []
    assert User.objects.due_for_prompt(utc(2026, 11, 27, 20, 0)).count() == 0
    user.refresh_from_db()
    assert user.next_prompt_at == utc(2026, 11, 27, 20, 0)


def test_deactivated_people_get_no_prompt():
    """A deactivated account is never prompted."""
    person(utc(2026, 11, 27, 12), timezone="UTC", is_active=False)
    assert claim(utc(2026, 11, 27, 20, 0)) == []


def test_paused_people_get_no_prompt():
    """A pause with no end date means no prompts at all."""
    user = UserFactory(timezone="UTC", prompts_paused=True)
    user.schedule_next_prompt(utc(2026, 11, 27, 12))
    user.save()
    assert user.next_prompt_at is None
    assert claim(utc(2026, 11, 30, 20, 0)) == []


def test_a_pause_until_a_date_ends_by_itself():
    """Paused until 1 December: nothing before, a prompt that evening, and the pause is over."""
    user = UserFactory(timezone="UTC", prompts_paused=True, paused_until=dt.date(2026, 12, 1))
    user.schedule_next_prompt(utc(2026, 11, 27, 12))
    user.save()
    for day in (27, 28, 29, 30):
        assert claim(utc(2026, 11, day, 20, 0)) == []
    claim(utc(2026, 12, 1, 20, 0))
    assert Prompt.objects.get(user=user).date == dt.date(2026, 12, 1)
    user.refresh_from_db()
    assert (user.prompts_paused, user.paused_until) == (False, None)
    assert user.next_prompt_at == utc(2026, 12, 2, 20, 0)


def test_after_downtime_only_todays_prompt_is_sent_late():
    """Down from Monday to Wednesday 21:00: one prompt, Wednesday's, late; no backlog."""
    user = person(utc(2026, 11, 23, 12), timezone="UTC")  # Monday
    claim(utc(2026, 11, 25, 21, 0))  # Wednesday, an hour after 20:00
    assert list(Prompt.objects.filter(user=user).values_list("date", flat=True)) == [
        dt.date(2026, 11, 25)
    ]
    user.refresh_from_db()
    assert user.next_prompt_at == utc(2026, 11, 26, 20, 0)


def test_after_downtime_a_prompt_from_an_earlier_day_is_skipped():
    """Back on Wednesday morning: Tuesday evening's prompt is not sent; Wednesday's is next."""
    user = person(utc(2026, 11, 24, 12), timezone="UTC")
    assert claim(utc(2026, 11, 25, 9, 0)) == []
    assert not Prompt.objects.exists()
    user.refresh_from_db()
    assert user.next_prompt_at == utc(2026, 11, 25, 20, 0)


def test_a_late_evening_prompt_survives_midnight_by_a_few_minutes():
    """A 23:58 prompt picked up by the 00:00 pass is still sent, for the day it belongs to."""
    user = person(utc(2026, 11, 27, 12), timezone="UTC", prompt_time=dt.time(23, 58))
    claim(utc(2026, 11, 28, 0, 0))
    assert Prompt.objects.get(user=user).date == dt.date(2026, 11, 27)
    user.refresh_from_db()
    assert user.next_prompt_at == utc(2026, 11, 28, 23, 58)


def test_a_schedule_edited_behind_the_dispatchers_back_still_sends_once():
    """If the stored instant is later than the schedule says, the stored instant wins."""
    user = person(utc(2026, 11, 27, 12), timezone="UTC")
    User.objects.filter(pk=user.pk).update(prompt_weekdays=schedule.weekday_bit(0))
    claim(utc(2026, 11, 27, 20, 0))
    assert Prompt.objects.get(user=user).date == dt.date(2026, 11, 27)


@time_machine.travel(utc(2026, 11, 27, 20, 1), tick=False)
def test_deliver_sends_and_records(mailoutbox):
    """Delivering a queued prompt sends one email and marks the prompt sent."""
    prompt = QueuedPromptFactory()
    assert dispatch.deliver(prompt.pk) is True
    prompt.refresh_from_db()
    assert (prompt.status, prompt.attempts, prompt.sent_at) == (
        "sent",
        1,
        utc(2026, 11, 27, 20, 1),
    )
    assert prompt.message_id == f"<prompt.{prompt.token}@reply.localhost>"
    assert len(mailoutbox) == 1


def test_delivering_twice_sends_once(mailoutbox):
    """A duplicated task finds the prompt already sent and sends nothing."""
    prompt = QueuedPromptFactory()
    assert dispatch.deliver(prompt.pk) is True
    assert dispatch.deliver(prompt.pk) is False
    assert len(mailoutbox) == 1


def test_a_provider_error_requeues_for_retry(mailoutbox, monkeypatch):
    """A temporary provider error puts the prompt back in the queue and raises for a retry."""
    prompt = QueuedPromptFactory()
    monkeypatch.setattr(dispatch.emails, "send_prompt", failing(AnymailAPIError("busy")))
    with pytest.raises(AnymailAPIError):
        dispatch.deliver(prompt.pk, final_attempt=False)
    prompt.refresh_from_db()
    assert (prompt.status, prompt.attempts, prompt.failure_reason) == ("queued", 1, "")


def test_the_final_provider_error_is_recorded(monkeypatch):
    """On the last attempt the prompt is marked failed, with the reason, and not raised."""
    prompt = QueuedPromptFactory()
    monkeypatch.setattr(dispatch.emails, "send_prompt", failing(AnymailAPIError("quota exceeded")))
    assert dispatch.deliver(prompt.pk, final_attempt=True) is False
    prompt.refresh_from_db()
    assert prompt.status == "failed"
    assert prompt.failure_reason == "AnymailAPIError: quota exceeded"


def test_a_refused_address_fails_at_once(monkeypatch):
    """A recipient the provider refuses is not retried: it fails on the first attempt."""
    prompt = QueuedPromptFactory()
    monkeypatch.setattr(
        dispatch.emails, "send_prompt", failing(AnymailRecipientsRefused("bounced"))
    )
    assert dispatch.deliver(prompt.pk, final_attempt=False) is False
    prompt.refresh_from_db()
    assert prompt.status == "failed"
    assert "AnymailRecipientsRefused" in prompt.failure_reason


def test_a_prompt_for_someone_who_paused_meanwhile_is_skipped(mailoutbox):
    """Pausing between the claim and the send stops that prompt too."""
    prompt = QueuedPromptFactory(user__prompts_paused=True)
    assert dispatch.deliver(prompt.pk) is False
    prompt.refresh_from_db()
    assert prompt.status == "skipped"
    assert mailoutbox == []


def test_a_prompt_on_the_resume_day_is_sent(mailoutbox):
    """A pause that ends on the prompt's day does not stop it."""
    resume_on = dt.date(2026, 11, 27)
    prompt = QueuedPromptFactory(user__prompts_paused=True, user__paused_until=resume_on)
    assert dispatch.deliver(prompt.pk) is True


def test_a_prompt_for_a_deactivated_account_is_skipped(mailoutbox):
    """An account deactivated after the claim gets no email."""
    prompt = QueuedPromptFactory(user__is_active=False)
    assert dispatch.deliver(prompt.pk) is False
    prompt.refresh_from_db()
    assert prompt.status == "skipped"
    assert mailoutbox == []


def test_stranded_prompts_are_found():
    """A prompt queued long ago and never attempted is found for requeueing; others are not."""
    with time_machine.travel(utc(2026, 11, 27, 19, 0), tick=False):
        lost = QueuedPromptFactory()
        sent = QueuedPromptFactory(status="sent")
    with time_machine.travel(utc(2026, 11, 27, 19, 45), tick=False):
        retrying = QueuedPromptFactory(attempts=2)
    with time_machine.travel(utc(2026, 11, 27, 19, 50), tick=False):
        fresh = QueuedPromptFactory()
    with time_machine.travel(utc(2026, 11, 25, 19, 0), tick=False):
        old = QueuedPromptFactory()
    found = dispatch.stranded(utc(2026, 11, 27, 20, 0))
    assert found == [lost.pk]
    assert {retrying.pk, sent.pk, fresh.pk, old.pk}.isdisjoint(found)


def test_a_requeued_prompt_waits_its_turn_before_the_next_sweep():
    """On a busy evening a prompt still waiting is requeued once, not on every pass."""
    with time_machine.travel(utc(2026, 11, 27, 19, 0), tick=False):
        waiting = QueuedPromptFactory()
    assert dispatch.stranded(utc(2026, 11, 27, 19, 20)) == [waiting.pk]
    assert dispatch.stranded(utc(2026, 11, 27, 19, 25)) == []
    assert dispatch.stranded(utc(2026, 11, 27, 19, 40)) == [waiting.pk]


def test_a_sweep_requeues_at_most_one_batch_longest_waiting_first():
    """However many prompts lost their task, one pass queues a bounded batch, oldest first."""
    for minute in (10, 0, 5):
        with time_machine.travel(utc(2026, 11, 27, 19, minute), tick=False):
            QueuedPromptFactory(date=dt.date(2026, 11, 20 + minute // 5))
    found = dispatch.stranded(utc(2026, 11, 27, 20, 0), batch_size=2)
    dates = Prompt.objects.filter(pk__in=found).values_list("date", flat=True)
    assert sorted(dates) == [dt.date(2026, 11, 20), dt.date(2026, 11, 21)]
    assert dispatch.stranded(utc(2026, 11, 27, 20, 0), batch_size=2) == [
        Prompt.objects.get(date=dt.date(2026, 11, 22)).pk
    ]


def test_a_prompt_whose_retry_was_lost_is_requeued_after_the_retry_delay():
    """A prompt waiting for a retry is left to it, then requeued once the retry is long overdue."""
    with time_machine.travel(utc(2026, 11, 27, 19, 0), tick=False):
        retrying = QueuedPromptFactory(attempts=1)
    assert dispatch.stranded(utc(2026, 11, 27, 19, 20)) == []
    assert dispatch.stranded(utc(2026, 11, 27, 19, 25)) == [retrying.pk]


def test_a_failed_try_stamps_the_prompt_as_queued_again(monkeypatch):
    """A prompt put back for a retry counts its wait from the failure, not from its creation."""
    with time_machine.travel(utc(2026, 11, 27, 19, 0), tick=False):
        prompt = QueuedPromptFactory()
    monkeypatch.setattr("entries.prompts.emails.send_prompt", failing(AnymailAPIError("down")))
    with (
        time_machine.travel(utc(2026, 11, 27, 19, 40), tick=False),
        pytest.raises(AnymailAPIError),
    ):
        dispatch.deliver(prompt.pk, final_attempt=False)
    prompt.refresh_from_db()
    assert (prompt.status, prompt.queued_at) == ("queued", utc(2026, 11, 27, 19, 40))


def test_a_prompt_left_sending_by_a_stopped_worker_is_failed_not_resent(mailoutbox):
    """Half an hour after a worker stopped mid-send the prompt is failed, with why; never resent."""
    with time_machine.travel(utc(2026, 11, 27, 19, 0), tick=False):
        stuck = QueuedPromptFactory(status="sending", attempts=1)
    with time_machine.travel(utc(2026, 11, 27, 19, 25), tick=False):
        busy = QueuedPromptFactory(status="sending", attempts=1)
    assert dispatch.fail_interrupted(utc(2026, 11, 27, 19, 35)) == 1
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.status == "failed"
    assert stuck.failure_reason == dispatch.INTERRUPTED
    assert "not retried, to avoid sending twice" in stuck.failure_reason
    assert busy.status == "sending"
    assert dispatch.stranded(utc(2026, 11, 27, 20, 0)) == []
    assert mailoutbox == []


def test_no_first_prompt_while_paused_until_a_later_day():
    """Someone who paused until a later day gets no first prompt before then."""
    now = utc(2026, 11, 27, 8)
    user = UserFactory(prompts_paused=True, paused_until=dt.date(2026, 12, 5))
    assert dispatch.first_prompt(user, now) is None
    assert not Prompt.objects.exists()


def failing(error):
    def send(prompt):
        raise error

    return send
