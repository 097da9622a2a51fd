"""Background work for the journal, run by huey's worker."""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from entries import inbound
from entries.models import InboundMessage
from project import emails

logger = logging.getLogger(__name__)

# How long a kept message may wait for its task before the sweep takes it.
STRANDED_AFTER = dt.timedelta(minutes=10)


@db_task(retries=3, retry_delay=30)
def process_inbound(message_pk):
    """Take a kept message through the pipeline (the webhook only keeps it, to answer fast)."""
    message = InboundMessage.objects.filter(pk=message_pk).first()
    if message is not None:
        inbound.process(message)


@db_periodic_task(crontab(minute="*/10"))
def process_stranded_inbound():
    """Process messages whose task was lost (Redis restarted, a worker killed mid-task)."""
    stranded = InboundMessage.objects.filter(
        state=InboundMessage.State.RECEIVED, received__lt=timezone.now() - STRANDED_AFTER
    ).exclude(raw=None)
    for message in stranded.iterator(chunk_size=100):
        try:
            inbound.process(message)
        except Exception:
            # process() logged why; the next sweep tries again.
            logger.warning("Stranded inbound message %s still fails", message.pk)


@db_periodic_task(crontab(hour="3", minute="17"))
def forget_old_raw_messages():
    """Raw messages hold whole replies; keep them only INBOUND_RETENTION_DAYS after processing."""
    cutoff = timezone.now() - dt.timedelta(days=settings.INBOUND_RETENTION_DAYS)
    forgotten = InboundMessage.objects.forget_raw(processed_before=cutoff)
    logger.info("Forgot the raw text of %s inbound messages", forgotten)


@db_task(retries=3, retry_delay=60)
def send_held_reply_notice(user_id):
    """Email the owner that a reply waits for their review (the caller limits it to once a day)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        emails.send_held_reply_notice(user)
