"""What accounts do when allauth reports something about a person."""

from django.db import transaction
from django.utils import timezone


def send_first_prompt(sender, request, email_address, **kwargs):
    """A new person's first prompt leaves as soon as their address is proved."""
    # Imported here: entries depends on accounts, not the other way round.
    from entries import tasks
    from entries.prompts import dispatch as prompts

    user = email_address.user
    if not email_address.primary or not user.is_active:
        return
    prompt_id = prompts.first_prompt(user, timezone.now())
    if prompt_id:
        transaction.on_commit(lambda: tasks.send_prompt(prompt_id))
