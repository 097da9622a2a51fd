"""Two dispatch passes at the same moment, on two real database connections."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from accounts.tests.factories import UserFactory
from entries.models import Prompt, Recap
from entries.prompts import dispatch, recaps

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


def schedule_people(count):
    people = UserFactory.create_batch(count, timezone="UTC")
    for user in people:
        user.schedule_next_prompt(NOW - dt.timedelta(hours=1))
        user.save()
    return people


def run_together(workers, batch_size, claim_due=dispatch.claim_due, now=NOW):
    """Run a claim_due in `workers` threads at once, each on its own connection."""
    start = threading.Barrier(workers)
    claimed, errors = [], []

    def work():
        try:
            start.wait()
            claimed.append(
                [pid for batch in claim_due(now, batch_size=batch_size) for pid in batch]
            )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return claimed


only_on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one connection write at a time and its test database lives in "
    "one connection's memory, so two truly concurrent passes can only run on PostgreSQL.",
)


@only_on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_passes_at_once_give_each_person_one_prompt():
    """Two workers dispatching at the same instant never claim the same person twice."""
    people = schedule_people(60)
    claimed = run_together(workers=2, batch_size=7)
    first, second = (set(ids) for ids in claimed)
    assert first.isdisjoint(second)
    assert len(first | second) == len(people)
    assert Prompt.objects.count() == len(people)
    assert Prompt.objects.values("user").distinct().count() == len(people)


@pytest.mark.django_db
def test_a_pass_after_a_pass_finds_nobody():
    """On any database, a second pass at the same instant claims nobody."""
    schedule_people(5)
    assert sum(len(batch) for batch in dispatch.claim_due(NOW)) == 5
    assert list(dispatch.claim_due(NOW)) == []


@only_on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_recap_passes_at_once_give_each_person_one_recap():
    """Two workers dispatching recaps on the same morning queue one recap per person."""
    people = UserFactory.create_batch(60, timezone="UTC")
    for user in people:
        user.schedule_next_recap(dt.datetime(2026, 11, 15, tzinfo=UTC))
        user.save()
    morning = dt.datetime(2026, 12, 1, 8, 1, tzinfo=UTC)
    claimed = run_together(workers=2, batch_size=7, claim_due=recaps.claim_due, now=morning)
    first, second = (set(ids) for ids in claimed)
    assert first.isdisjoint(second)
    assert len(first | second) == len(people)
    assert Recap.objects.values("user").distinct().count() == Recap.objects.count() == len(people)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Two truly concurrent saves need two connections to one database: PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
def test_one_form_sent_twice_at_the_same_instant_saves_once():
    """Two requests carrying one form token at once: one saves, the other finds it claimed."""
    import datetime as dt

    from django.db import transaction

    from entries.models import AlreadySent, Entry, SentForm, new_form_token

    user = UserFactory()
    token, day = new_form_token(user), dt.date(2026, 11, 27)
    start = threading.Barrier(2)
    outcomes, errors = [], []

    def save():
        try:
            start.wait()
            with transaction.atomic():
                SentForm.objects.claim(user, token, day)
                Entry.objects.add_to_day(user, day, "Sent once, arrived twice.")
            outcomes.append("saved")
        except AlreadySent:
            outcomes.append("repeat")
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == ["repeat", "saved"]
    assert Entry.objects.get().body == "Sent once, arrived twice."
