"""What the journal does when a reply is filed: answer it by email, after the commit.

Kept apart from the code that files replies (EntryQuerySet.file_reply, used
by the mail pipeline and the review page alike) so that filing never queues
work itself: it sends steering.reply_filed, and this queues the emails.
"""

import datetime as dt

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from accounts.models import User
from entries import steering, tasks

# Replies that arrive together (a thread answered in one sitting) share one
# receipt: it goes this long after the first of the day.
RECEIPT_DELAY = dt.timedelta(minutes=10)


@receiver(steering.reply_filed)
def answer_reply(sender, *, user, entry, confirmations, **kwargs):
    if confirmations:
        transaction.on_commit(lambda: tasks.send_command_confirmation(user.pk, confirmations))
    if entry is not None and user.receipts_enabled and _first_receipt_today(user):
        transaction.on_commit(
            lambda: tasks.send_receipt.schedule(
                (user.pk, timezone.now().isoformat()), delay=RECEIPT_DELAY.total_seconds()
            )
        )


def _first_receipt_today(user):
    """Claim today's one receipt for user; False if it is already claimed."""
    today = user.local_date(timezone.now())
    return bool(
        User.objects.filter(pk=user.pk).exclude(receipt_sent_on=today).update(receipt_sent_on=today)
    )
