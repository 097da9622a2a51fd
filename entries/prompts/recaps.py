"""Recaps: on the first morning of a month, a look back at the month (and in January, the year).

Dispatching works as it does for prompts (entries/prompts/dispatch.py), so a recap
is sent exactly once:

1. Claim a batch of people whose next_recap_at has come, locked with
   SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL (a second pass takes
   other people, or nobody); SQLite has one writer at a time.
2. Insert one Recap row per person and period in one statement that
   ignores conflicts: the unique (user, period, starts) constraint is the
   last guard against two.
3. Move everyone's next_recap_at to the next first morning, in one UPDATE.

After the commit one task per recap sends it; sending claims the row by a
conditional update, so a second copy of the task sends nothing. A recap
more than a week late is not sent at all: it would read as a stale echo.
"""

import datetime as dt
import logging
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from accounts.models import RECAP_STATE, User
from entries.models import Entry, Recap
from entries.prompts import emails
from entries.prompts.dispatch import PERMANENT_ERRORS
from entries.year import runs_in

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
STALE_AFTER = dt.timedelta(days=7)
INTERRUPTED_AFTER = dt.timedelta(minutes=30)
MEMORIES = 2


def claim_due(now, *, batch_size=BATCH_SIZE):
    """Claim everyone due a recap at now, batch by batch; yield each batch's new recap ids."""
    while True:
        with transaction.atomic():
            people = list(
                User.objects.due_for_recap(now)
                .select_for_update(skip_locked=True, of=("self",))
                .only("pk", "timezone", "monthly_recaps", "yearly_recaps", *RECAP_STATE)
                .order_by("next_recap_at")[:batch_size]
            )
            recaps = [recap for person in people for recap in _owed(person, now)]
            Recap.objects.bulk_create(recaps, ignore_conflicts=True)
            User.objects.save_schedules(people, RECAP_STATE)
            # Rows this pass inserted carry its instant; a row left from an
            # earlier pass does not, and is not queued a second time.
            ids = list(
                Recap.objects.filter(
                    user_id__in=[person.pk for person in people],
                    queued_at=now,
                    status=Recap.Status.QUEUED,
                    attempts=0,
                )
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        if ids:
            yield ids
        if len(people) < batch_size:
            return


def _owed(person, now):
    """The recaps person is owed at now; moves next_recap_at on either way."""
    due = person.next_recap_at
    person.schedule_next_recap(now)
    if now - due > STALE_AFTER:
        logger.info("Skipped a stale recap for user %s, due %s", person.pk, due.isoformat())
        return []
    first = person.local_date(due).replace(day=1)
    last_month = (first - dt.timedelta(days=1)).replace(day=1)
    owed = []
    if person.monthly_recaps:
        owed.append(
            Recap(user_id=person.pk, period=Recap.Period.MONTH, starts=last_month, queued_at=now)
        )
    if first.month == 1 and person.yearly_recaps:
        owed.append(
            Recap(
                user_id=person.pk,
                period=Recap.Period.YEAR,
                starts=last_month.replace(month=1),
                queued_at=now,
            )
        )
    return owed


@dataclass
class Summary:
    """What a recap says about its period."""

    recap: Recap
    entries: int
    words: int
    longest_streak: int
    words_by_date: dict
    memories: list = field(default_factory=list)
    tags: list = field(default_factory=list)


def summarize(recap):
    """The Summary of recap's period from the person's journal (entries in the bin left out)."""
    period = (
        Entry.objects.for_user(recap.user)
        .alive()
        .filter(date__gte=recap.starts, date__lt=recap.ends)
    )
    totals = period.aggregate(entries=Count("pk"), words=Sum("words"))
    words_by_date = dict(period.values_list("date", "words"))
    runs = runs_in(sorted(words_by_date))
    return Summary(
        recap=recap,
        entries=totals["entries"],
        words=totals["words"] or 0,
        longest_streak=max((days for _, _, days in runs), default=0),
        words_by_date=words_by_date,
        memories=_memories(recap),
    )


def _memories(recap):
    """Two entries from the same month in earlier years (for a year, from earlier years)."""
    earlier = Entry.objects.for_user(recap.user).alive().filter(date__lt=recap.starts)
    if recap.period == Recap.Period.MONTH:
        earlier = earlier.filter(date__month=recap.starts.month)
    # Dates only, then two rows: a journal's one month across the years is
    # a few hundred dates at most.
    dates = list(earlier.values_list("date", flat=True))
    chosen = sorted(random.sample(dates, min(MEMORIES, len(dates))))
    return list(earlier.filter(date__in=chosen).order_by("date"))


def deliver(recap_id, *, final_attempt=True):
    """Send one queued recap; True if this call sent it (see prompts.deliver)."""
    claimed = Recap.objects.filter(pk=recap_id, status=Recap.Status.QUEUED).update(
        status=Recap.Status.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    recap = Recap.objects.select_related("user").get(pk=recap_id)
    if not recap.user.is_active:
        _finish(recap, Recap.Status.SKIPPED, "The account was deactivated before sending.")
        return False
    summary = summarize(recap)
    if not summary.entries:
        _finish(recap, Recap.Status.SKIPPED, "Nothing was written in the period.")
        return False
    try:
        emails.send_recap(summary)
    except PERMANENT_ERRORS as error:
        _finish(recap, Recap.Status.FAILED, f"{type(error).__name__}: {error}"[:1000])
        return False
    except Exception as error:
        if final_attempt:
            _finish(recap, Recap.Status.FAILED, f"{type(error).__name__}: {error}"[:1000])
            return False
        Recap.objects.filter(pk=recap_id).update(status=Recap.Status.QUEUED)
        logger.warning(
            "Recap %s for user %s not sent (%s), will retry",
            recap.pk,
            recap.user_id,
            type(error).__name__,
        )
        raise
    recap.status, recap.sent_at = Recap.Status.SENT, timezone.now()
    recap.save(update_fields=["status", "sent_at"])
    logger.info("Sent recap %s to user %s", recap.pk, recap.user_id)
    return True


def fail_interrupted(now):
    """Fail recaps a stopped worker left sending: never two, as for prompts."""
    return Recap.objects.filter(
        status=Recap.Status.SENDING, queued_at__lt=now - INTERRUPTED_AFTER
    ).update(status=Recap.Status.FAILED, failure_reason="The worker stopped while sending.")


def _finish(recap, status, reason):
    recap.status, recap.failure_reason = status, reason
    recap.save(update_fields=["status", "failure_reason"])
