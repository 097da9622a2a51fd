"""Monthly and yearly recaps: the email on the first morning, exactly once."""

import datetime as dt

import pytest
import time_machine
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from entries import tasks
from entries.models import Recap
from entries.prompts import recaps
from entries.tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# 08:00 in Paris on the first of December, and a minute after.
DECEMBER_MORNING = dt.datetime(2026, 12, 1, 7, 1, tzinfo=UTC)


def person(**fields):
    """A Parisian whose next recap was scheduled in mid-November."""
    user = UserFactory(**fields)
    user.schedule_next_recap(dt.datetime(2026, 11, 15, tzinfo=UTC))
    user.save()
    return user


def run_pass(moment):
    with time_machine.travel(moment, tick=False):
        tasks.dispatch_recaps.call_local()


def write(user, *days, body="Walked to the river with Maya."):
    for day in days:
        EntryFactory(user=user, date=day, body=body)


def test_the_monthly_recap_tells_the_month(mailoutbox):
    """On 1 December: entries, words, longest streak, the heat map and two Novembers past."""
    user = person()
    write(
        user,
        dt.date(2026, 11, 2),
        dt.date(2026, 11, 3),
        dt.date(2026, 11, 4),
        dt.date(2026, 11, 20),
    )
    write(user, dt.date(2024, 11, 5), dt.date(2025, 11, 9), body="An older November.")
    write(user, dt.date(2025, 10, 9), body="Not a November.")
    run_pass(DECEMBER_MORNING)
    (message,) = mailoutbox
    assert message.to == [user.email]
    assert message.subject == "Daybook: your November 2026"
    assert "4 entries, 24 words." in message.body
    assert "Longest streak: 3 days in a row." in message.body
    assert message.body.count("An older November.") == 2
    assert "Not a November" not in message.body
    html = message.alternatives[0].content
    assert 'src="cid:heat-map@daybook"' in html
    (image,) = message.attachments
    assert image.get_content_type() == "image/png"
    assert image["Content-ID"] == "<heat-map@daybook>"
    assert image.get_content().startswith(b"\x89PNG")
    assert Recap.objects.get().status == Recap.Status.SENT
    user.refresh_from_db()
    assert user.next_recap_at == dt.datetime(2027, 1, 1, 7, tzinfo=UTC)


def test_nothing_is_sent_before_the_morning_or_twice(mailoutbox):
    """Before 08:00 nothing goes; two passes and a repeated task still mean one email."""
    user = person()
    write(user, dt.date(2026, 11, 2))
    run_pass(DECEMBER_MORNING - dt.timedelta(minutes=5))
    assert mailoutbox == []
    run_pass(DECEMBER_MORNING)
    run_pass(DECEMBER_MORNING + dt.timedelta(minutes=5))
    recaps.deliver(Recap.objects.get().pk)
    assert len(mailoutbox) == 1


def test_january_brings_the_month_and_the_year(mailoutbox):
    """On 1 January the December recap and the year's recap both arrive."""
    user = person()
    user.schedule_next_recap(dt.datetime(2026, 12, 15, tzinfo=UTC))
    user.save()
    write(user, dt.date(2026, 3, 1), dt.date(2026, 12, 24))
    run_pass(dt.datetime(2027, 1, 1, 7, 1, tzinfo=UTC))
    assert sorted(message.subject for message in mailoutbox) == [
        "Daybook: your 2026",
        "Daybook: your December 2026",
    ]
    year = next(message for message in mailoutbox if message.subject == "Daybook: your 2026")
    assert "2 entries" in year.body


def test_each_recap_has_its_switch(mailoutbox):
    """With monthly recaps off, January brings only the year's; with both off, nothing."""
    only_yearly = person(monthly_recaps=False)
    write(only_yearly, dt.date(2026, 12, 24))
    run_pass(DECEMBER_MORNING)
    assert mailoutbox == []
    run_pass(dt.datetime(2027, 1, 1, 7, 1, tzinfo=UTC))
    assert [message.subject for message in mailoutbox] == ["Daybook: your 2026"]
    none = person(monthly_recaps=False, yearly_recaps=False)
    assert none.next_recap_at is None


def test_a_month_with_nothing_written_sends_nothing(mailoutbox):
    """An empty month is not recapped: the row says why, and no email goes."""
    person()
    run_pass(DECEMBER_MORNING)
    assert mailoutbox == []
    assert Recap.objects.get().failure_reason == "Nothing was written in the period."


def test_a_recap_a_week_late_is_skipped(mailoutbox):
    """After a week of downtime November's recap is dropped, and January's is next."""
    user = person()
    write(user, dt.date(2026, 11, 2))
    run_pass(DECEMBER_MORNING + dt.timedelta(days=8))
    assert mailoutbox == []
    assert not Recap.objects.exists()
    user.refresh_from_db()
    assert user.next_recap_at == dt.datetime(2027, 1, 1, 7, tzinfo=UTC)


def test_deactivated_and_unverified_people_get_no_recap(mailoutbox):
    """Recaps go only to active people with a verified address."""
    write(person(is_active=False), dt.date(2026, 11, 2))
    write(person(verified=False), dt.date(2026, 11, 2))
    run_pass(DECEMBER_MORNING)
    assert mailoutbox == []


def test_a_person_deactivated_after_the_claim_is_skipped(mailoutbox):
    """Someone who left between the claim and the send gets nothing."""
    user = person()
    write(user, dt.date(2026, 11, 2))
    with time_machine.travel(DECEMBER_MORNING, tick=False):
        (ids,) = list(recaps.claim_due(DECEMBER_MORNING))
    user.is_active = False
    user.save()
    assert recaps.deliver(ids[0]) is False
    assert Recap.objects.get().status == Recap.Status.SKIPPED


def test_a_pass_costs_the_same_queries_for_ten_or_a_hundred_people():
    """Claiming recaps for 100 people costs the queries of 10 (sending is not counted)."""

    def queries_to_claim(count):
        for _ in range(count):
            person()
        with CaptureQueriesContext(connection) as queries:
            claimed = [pk for batch in recaps.claim_due(DECEMBER_MORNING) for pk in batch]
        assert len(claimed) == count
        Recap.objects.update(status=Recap.Status.SENT)
        return len(queries)

    assert queries_to_claim(10) == queries_to_claim(100)


def test_provider_errors_retry_then_fail(monkeypatch, mailoutbox):
    """A passing error puts the recap back to retry; a refused address fails it for good."""
    user = person()
    write(user, dt.date(2026, 11, 2))
    with time_machine.travel(DECEMBER_MORNING, tick=False):
        (ids,) = list(recaps.claim_due(DECEMBER_MORNING))

    def broken(summary):
        raise AnymailAPIError("provider down")

    monkeypatch.setattr(recaps.emails, "send_recap", broken)
    with pytest.raises(AnymailAPIError):
        recaps.deliver(ids[0], final_attempt=False)
    assert Recap.objects.get().status == Recap.Status.QUEUED
    assert recaps.deliver(ids[0], final_attempt=True) is False
    assert Recap.objects.get().status == Recap.Status.FAILED

    def refused(summary):
        raise AnymailRecipientsRefused("no such mailbox")

    Recap.objects.update(status=Recap.Status.QUEUED)
    monkeypatch.setattr(recaps.emails, "send_recap", refused)
    assert recaps.deliver(ids[0], final_attempt=False) is False
    assert "AnymailRecipientsRefused" in Recap.objects.get().failure_reason


def test_a_recap_left_sending_by_a_stopped_worker_is_failed():
    """A recap stuck sending for half an hour is failed, never sent twice."""
    user = person()
    Recap.objects.create(
        user=user,
        period=Recap.Period.MONTH,
        starts=dt.date(2026, 11, 1),
        status=Recap.Status.SENDING,
        queued_at=DECEMBER_MORNING,
    )
    with time_machine.travel(DECEMBER_MORNING + dt.timedelta(hours=1), tick=False):
        tasks.fail_interrupted_prompts.call_local()
    assert Recap.objects.get().status == Recap.Status.FAILED
