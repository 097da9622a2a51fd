"""Background work for the journal, run by huey's worker.

The worker's clock runs in UTC (HUEY["utc"]); each person's local time is
already folded into their next_prompt_at, so one dispatch tick every five
minutes serves every timezone.
"""

import datetime as dt
import logging
import traceback

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.timezone import now
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from entries.mail import emails, pipeline
from entries.models import Entry, ImportJob, InboundMessage, Photo, SentForm, form_token
from entries.prompts import dispatch, recaps
from entries.transfer import jobs

logger = logging.getLogger(__name__)

# How long a kept message may wait for its task before the sweep takes it.
INBOUND_STRANDED_AFTER = dt.timedelta(minutes=10)
# Five tries over about a quarter of an hour (1, 2, 4 and 8 minutes apart)
# ride out a provider's short outage without sending a prompt the next morning.
SEND_RETRIES = 4
SEND_RETRY_DELAY = 60
SORRY = "Something went wrong on our side and nothing was imported. Please try again."


@db_task()
def check_import(job_id):
    """Read a large upload and compare it with the journal, for the preview."""
    _run(job_id, ImportJob.Status.CHECKING, jobs.check)


@db_task()
def save_import(job_id):
    """Write a large confirmed import into the journal, in one transaction."""
    _run(job_id, ImportJob.Status.SAVING, jobs.save)


def _run(job_id, status, step):
    job = ImportJob.objects.filter(pk=job_id, status=status).select_related("user").first()
    if job is None:  # cancelled, or the account was deleted meanwhile
        return
    try:
        step(job)
    except Exception as error:
        # The transaction rolled back, so nothing was written; say so on the
        # progress page rather than leaving it spinning. The log names the
        # job, the error's type and where it happened, not its message: that
        # can quote the file, which is journal text.
        logger.error(
            "Import %s for user %s failed: %s\n%s",
            job.pk,
            job.user_id,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        job.fail(SORRY)


@db_periodic_task(crontab(minute="23"))
def tidy_imports():
    """Drop uploads nobody confirmed, and close jobs a stopped worker left behind.

    Heroku stops the worker with SIGTERM at least once a day; huey does not
    run an interrupted task again, and its transaction was rolled back, so the
    honest thing is to tell the person it did not happen.
    """
    moment = now()
    abandoned, _ = ImportJob.objects.abandoned(moment).delete()
    interrupted = ImportJob.objects.interrupted(moment).defer("data")
    for job in interrupted:
        job.fail("The import was interrupted and nothing was imported. Please try again.")
    logger.info("Tidied imports: %s abandoned, %s interrupted", abandoned, len(interrupted))


@db_periodic_task(crontab(hour="3", minute="17"))
def purge_deleted_entries():
    """Deleted entries are restorable for 30 days; after that they are gone for good."""
    count, _ = Entry.objects.purgeable(now()).delete()
    if count:
        logger.info("Purged %d deleted entries", count)
    return count


@db_periodic_task(crontab(hour="3", minute="27"))
def forget_sent_forms():
    """A form's one-time token matters for a retry or a resend, not for days."""
    count, _ = SentForm.objects.filter(
        created__lt=now() - dt.timedelta(days=form_token.KEEP_DAYS)
    ).delete()
    return count


@db_task(retries=2, retry_delay=60)
def process_photo(photo_pk):
    """Make a photo's thumbnail and large view (never in a request: a 12-MP decode takes time)."""
    from entries import darkroom  # Pillow and libheif load only in the worker

    photo = Photo.objects.filter(pk=photo_pk).select_related("user").first()
    if photo is not None:
        darkroom.process(photo)


@db_periodic_task(crontab(hour="3", minute="29"))
def purge_deleted_photos():
    """Photos deleted on their own are restorable for 30 days, like entries; then they go."""
    count = 0
    for photo in Photo.objects.purgeable(now()).iterator(chunk_size=200):
        photo.delete()
        count += 1
    if count:
        logger.info("Purged %d deleted photos", count)
    return count


@db_task(retries=3, retry_delay=30)
def process_inbound(message_pk):
    """Take a kept message through the pipeline (the webhook only keeps it, to answer fast)."""
    message = InboundMessage.objects.filter(pk=message_pk).first()
    if message is not None:
        pipeline.process(message)


@db_periodic_task(crontab(minute="*/10"))
def process_stranded_inbound():
    """Process messages whose task was lost (Redis restarted, a worker killed mid-task)."""
    stranded = InboundMessage.objects.filter(
        state=InboundMessage.State.RECEIVED, received__lt=now() - INBOUND_STRANDED_AFTER
    ).exclude(raw=None, payload=None)
    for message in stranded.iterator(chunk_size=100):
        try:
            pipeline.process(message)
        except Exception:
            # process() logged why; the next sweep tries again.
            logger.warning("Stranded inbound message %s still fails", message.pk)


@db_periodic_task(crontab(hour="3", minute="17"))
def forget_old_raw_messages():
    """Raw messages hold whole replies: keep them INBOUND_RETENTION_DAYS, whatever their state."""
    cutoff = now() - dt.timedelta(days=settings.INBOUND_RETENTION_DAYS)
    forgotten = InboundMessage.objects.forget_raw(before=cutoff)
    logger.info("Forgot the raw text of %s inbound messages", forgotten)


@db_task(retries=3, retry_delay=60)
def send_held_reply_notice(user_id):
    """Email the owner that a reply waits for their review (the caller limits it to once a day)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        emails.send_held_reply_notice(user)


@db_periodic_task(crontab(minute="*/5"))
def dispatch_prompts():
    """Claim everyone due now and queue their prompts; requeue any lost ones."""
    moment = now()
    for prompt_id in dispatch.stranded(moment):
        send_prompt(prompt_id)
    for batch in dispatch.claim_due(moment):
        for prompt_id in batch:
            send_prompt(prompt_id)


@db_periodic_task(crontab(minute="*/15"))
def fail_interrupted_prompts():
    """Close prompts and recaps a stopped worker left sending, so none stays there for ever."""
    dispatch.fail_interrupted(now())
    recaps.fail_interrupted(now())


@db_periodic_task(crontab(minute="*/5"))
def dispatch_recaps():
    """Claim everyone whose recap morning has come and queue their recaps."""
    for batch in recaps.claim_due(now()):
        for recap_id in batch:
            send_recap(recap_id)


@db_task(retries=SEND_RETRIES, retry_delay=SEND_RETRY_DELAY, retry_backoff=2, context=True)
def send_recap(recap_id, task=None):
    """Send one recap, retrying on provider errors with growing delays."""
    recaps.deliver(recap_id, final_attempt=task is None or task.retries == 0)


@db_task(retries=SEND_RETRIES, retry_delay=SEND_RETRY_DELAY, retry_backoff=2, context=True)
def send_prompt(prompt_id, task=None):
    """Send one prompt, retrying on provider errors with growing delays."""
    dispatch.deliver(prompt_id, final_attempt=task is None or task.retries == 0)


@db_task(retries=3, retry_delay=60)
def send_command_confirmation(user_id, confirmations):
    """Tell someone what the commands in their reply did."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        emails.send_command_confirmation(user, confirmations)


@db_task(retries=3, retry_delay=60)
def send_receipt(user_id, since):
    """The day's one receipt: every entry a reply was saved to since `since` (ISO 8601)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    entries = list(
        Entry.objects.for_user(user)
        .alive()
        .filter(
            replies__state=InboundMessage.State.ACCEPTED,
            replies__processed__gte=dt.datetime.fromisoformat(since) - dt.timedelta(minutes=1),
        )
        .distinct()
        .order_by("date")
    )
    if entries:
        emails.send_receipt(user, entries)
