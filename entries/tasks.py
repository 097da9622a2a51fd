"""Background work for the journal."""

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from entries.models import Entry

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="3", minute="17"))
def purge_deleted_entries():
    """Deleted entries are restorable for 30 days; after that they are gone for good."""
    count, _ = Entry.objects.purgeable(timezone.now()).delete()
    if count:
        logger.info("Purged %d deleted entries", count)
    return count
