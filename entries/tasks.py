"""Background work for the journal, run by huey's worker."""

from django.contrib.auth import get_user_model
from huey.contrib.djhuey import db_task

from project import emails


@db_task(retries=3, retry_delay=60)
def send_held_reply_notice(user_id):
    """Email the owner that a reply waits for their review (the caller limits it to once a day)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        emails.send_held_reply_notice(user)
