"""Dispatching daily prompts: exactly one per person per chosen day.

Every five minutes a pass looks for people whose next_prompt_at has come.
It works in batches, each in one transaction:

1. Claim a batch of due people. On PostgreSQL the rows are locked with
   SELECT ... FOR UPDATE SKIP LOCKED, so a second pass running at the same
   moment takes the next batch instead of the same one. SQLite has one
   writer at a time (Daybook opens IMMEDIATE transactions), so there the
   second pass simply waits and then finds nobody left.
2. Create one Prompt row per person for their local date, in one INSERT
   that ignores conflicts. The unique (user, date) constraint is the last
   guard: whatever races happen above it, a day gets one prompt.
3. Move each person's next_prompt_at past that day, in one UPDATE joined to
   a VALUES list, which is what makes the claim stick.

Only after the commit are the new prompts queued for sending, one task each,
so that one person's failing address never holds up anyone else.

After downtime nobody gets a backlog. The only prompt still owed is the
latest one that fell due, and only while its day is still today in the
person's timezone, or it is less than CATCH_UP_GRACE late (so a 23:58
prompt picked up by the 00:00 pass is not lost). Older ones are skipped.
"""

import datetime as dt
import logging
import smtplib

from anymail.exceptions import AnymailInvalidAddress, AnymailRecipientsRefused
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts import schedule
from accounts.models import User
from entries.models import Prompt
from entries.prompts import emails

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
CATCH_UP_GRACE = dt.timedelta(hours=1)
# A prompt queued this long ago and still waiting lost its task (a worker
# stopped between the commit and the queueing). It is longer than the
# queue takes to drain on a busy evening, so a prompt merely waiting its
# turn is rarely queued twice.
PROMPT_STRANDED_AFTER = dt.timedelta(minutes=15)
# A prompt put back in the queue after a failed try has its task come back
# only after the retry delay, which grows to this (tasks.send_prompt).
LONGEST_RETRY_DELAY = dt.timedelta(minutes=8)
# Sending takes seconds, and even a busy evening's queue is through in
# minutes, so a prompt still sending this long after it was queued had its
# worker stop mid-send.
INTERRUPTED_AFTER = dt.timedelta(minutes=30)
INTERRUPTED = "The worker stopped while sending; not retried, to avoid sending twice."
# Errors that will not go away by trying again.
PERMANENT_ERRORS = (AnymailRecipientsRefused, AnymailInvalidAddress, smtplib.SMTPRecipientsRefused)


def claim_due(now, *, batch_size=BATCH_SIZE):
    """Claim everyone due at now, batch by batch; yield each batch's new prompt ids.

    Each list is yielded after its transaction has committed, so the ids
    are safe to hand to workers.
    """
    while True:
        with transaction.atomic():
            people = list(
                User.objects.due_for_prompt(now)
                .select_for_update(skip_locked=True, of=("self",))
                .only("pk", *User.SCHEDULE_STATE, *User.SCHEDULE_FIELDS)
                # The index on next_prompt_at yields rows in this order, so
                # the database stops after one batch instead of sorting
                # everyone due.
                .order_by("next_prompt_at")[:batch_size]
            )
            prompts = [prompt for person in people if (prompt := _advance(person, now))]
            Prompt.objects.bulk_create(prompts, ignore_conflicts=True)
            User.objects.save_schedules(people)
            # The tokens were made here, so rows that carry them are the ones
            # this pass inserted, not ones that already existed for that day.
            ids = list(
                Prompt.objects.filter(token__in=[prompt.token for prompt in prompts])
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        if ids:
            yield ids
        if len(people) < batch_size:
            return


def _advance(person, now):
    """The Prompt person is owed at now, if any; moves next_prompt_at on either way."""
    due = person.next_prompt_at
    latest = schedule.last_prompt_at(
        now,
        timezone=person.timezone,
        send_time=person.prompt_time,
        weekdays=person.prompt_weekdays,
    )
    if latest is None or latest < due:
        # The schedule was edited without recomputing; honour the stored instant.
        latest = due
    day = person.local_date(latest)
    if person.prompts_paused:
        # Only a pause with an end date leaves a next_prompt_at, and that
        # day has come: prompts resume by themselves.
        person.prompts_paused = False
        person.paused_until = None
    if day == person.local_date(now) or now - latest < CATCH_UP_GRACE:
        person.schedule_next_prompt(now, after_day=day)
        return Prompt(user_id=person.pk, date=day)
    logger.info("Skipped a stale prompt for user %s, due %s", person.pk, latest.isoformat())
    person.schedule_next_prompt(now)
    return None


def stranded(now, *, batch_size=BATCH_SIZE):
    """Take up to a batch of today's prompts whose task was lost; their ids, to queue again.

    Each is stamped as queued at now, so the next pass leaves it alone while
    its new task waits. Only one batch, longest waiting first, is taken per
    pass: if the worker is merely behind, a sweep must not double its queue.
    A prompt that failed a try is given its retry delay on top before it
    counts as lost. Should its retry turn up after all, the two tasks race
    for the claim in deliver() and only one sends.
    """
    never_tried = Q(attempts=0, queued_at__lt=now - PROMPT_STRANDED_AFTER)
    retry_overdue = Q(
        attempts__gt=0, queued_at__lt=now - LONGEST_RETRY_DELAY - PROMPT_STRANDED_AFTER
    )
    with transaction.atomic():
        ids = list(
            Prompt.objects.filter(
                never_tried | retry_overdue,
                status=Prompt.Status.QUEUED,
                created__gte=now - dt.timedelta(days=1),
            )
            .select_for_update(skip_locked=True)
            .order_by("queued_at")
            .values_list("pk", flat=True)[:batch_size]
        )
        Prompt.objects.filter(pk__in=ids).update(queued_at=now)
    return ids


def fail_interrupted(now):
    """Mark the prompts a stopped worker left sending as failed; how many.

    Nothing records whether the worker handed the email to the provider
    before it stopped. Sending again could mean two emails for one day, and
    Daybook puts "never two" above "never none": these prompts are failed,
    with the reason shown in the admin, and never tried again.
    """
    count = Prompt.objects.filter(
        status=Prompt.Status.SENDING, queued_at__lt=now - INTERRUPTED_AFTER
    ).update(status=Prompt.Status.FAILED, failure_reason=INTERRUPTED)
    if count:
        logger.warning("Failed %s prompts whose worker stopped while sending", count)
    return count


def first_prompt(user, now):
    """Give a newly verified person today's prompt at once; its id, or None.

    Someone who has just signed up should not wait until the evening to
    see how Daybook works. Their schedule then carries on from tomorrow.
    """
    # A pause with a resume date is still a pause: the schedule brings the
    # first prompt on that day.
    if user.prompts.exists() or user.prompts_paused:
        return None
    day = user.local_date(now)
    prompt, created = Prompt.objects.get_or_create(user=user, date=day)
    user.schedule_next_prompt(now, after_day=day)
    user.save(update_fields=["next_prompt_at"])
    return prompt.pk if created else None


def deliver(prompt_id, *, final_attempt=True):
    """Send one queued prompt; True if this call sent it.

    A provider error puts the prompt back in the queue and is raised again
    so the task can retry, unless this was the final attempt, in which case
    the prompt is marked failed with the reason.
    """
    claimed = Prompt.objects.filter(pk=prompt_id, status=Prompt.Status.QUEUED).update(
        status=Prompt.Status.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        # Sent, failed or being sent by another worker: a second copy of
        # this task must not mean a second email.
        return False
    prompt = Prompt.objects.select_related("user").get(pk=prompt_id)
    user = prompt.user
    if not user.is_active:
        _finish(prompt, Prompt.Status.SKIPPED, "The account was deactivated before sending.")
        return False
    if user.prompts_paused and not (user.paused_until and user.paused_until <= prompt.date):
        _finish(prompt, Prompt.Status.SKIPPED, "Prompts were paused before sending.")
        return False
    try:
        emails.send_prompt(prompt)
    except PERMANENT_ERRORS as error:
        _fail(prompt, error)
        return False
    except Exception as error:
        if final_attempt:
            _fail(prompt, error)
            return False
        Prompt.objects.filter(pk=prompt_id).update(
            status=Prompt.Status.QUEUED, queued_at=timezone.now()
        )
        logger.warning(
            "Prompt %s for user %s not sent (%s), will retry",
            prompt.pk,
            prompt.user_id,
            type(error).__name__,
        )
        raise
    prompt.status = Prompt.Status.SENT
    prompt.sent_at = timezone.now()
    prompt.save(update_fields=["status", "sent_at", "message_id"])
    logger.info("Sent prompt %s to user %s", prompt.pk, prompt.user_id)
    return True


def _fail(prompt, error):
    # The provider's message names what went wrong (a refused address, an
    # account problem); it never contains the email's text.
    reason = f"{type(error).__name__}: {error}"[:1000]
    _finish(prompt, Prompt.Status.FAILED, reason)
    logger.error(
        "Prompt %s for user %s failed after %s attempts (%s)",
        prompt.pk,
        prompt.user_id,
        prompt.attempts,
        type(error).__name__,
    )


def _finish(prompt, status, reason):
    prompt.status = status
    prompt.failure_reason = reason
    prompt.save(update_fields=["status", "failure_reason"])
