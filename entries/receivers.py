"""What the journal does when other parts of the site report something.

Connected in entries/apps.py. Each receiver is a thin adapter: the work
itself is done by the wings (entries/mail/, entries/prompts/) and queued
through entries/tasks.py, which is why the receivers sit here beside
tasks.py and not inside a wing (a wing never queues its own tasks, so no
wing and tasks.py import each other). Mail from providers has its own way
in, entries/webhooks.py, for the same reason beside tasks.py too.
"""

from django.db import transaction
from django.utils import timezone

from entries import tasks
from entries.models import InboundMessage
from entries.prompts import dispatch


def send_first_prompt(sender, request, email_address, **kwargs):
    """A new person's first prompt leaves as soon as their address is proved (allauth)."""
    user = email_address.user
    if not email_address.primary or not user.is_active:
        return
    prompt_id = dispatch.first_prompt(user, timezone.now())
    if prompt_id:
        transaction.on_commit(lambda: tasks.send_prompt(prompt_id))


def forget_unlinked_mail(sender, user, **kwargs):
    """An account being deleted takes the mail of theirs that never reached it (accounts)."""
    InboundMessage.objects.unlinked_from(user).delete()


def tell_owner_of_held_reply(sender, user_id, **kwargs):
    """A reply waits for review: email its owner (the pipeline limits it to once a day)."""
    tasks.send_held_reply_notice(user_id)


def develop_photo(sender, photo_id, **kwargs):
    """A new photo is kept: the worker makes its thumbnail and large view."""
    tasks.process_photo(photo_id)


def process_another_email(sender, message_id, **kwargs):
    """A webhook request held several emails: each further one is processed on its own."""
    tasks.process_inbound(message_id)
