"""What the journal does when other parts of the site report something.

Connected in entries/apps.py. Each receiver is a thin adapter: the work
itself is done by the wings (entries/mail/, entries/prompts/) and queued
through entries/tasks.py, which is why the receivers sit here beside
tasks.py and not inside a wing (a wing never queues its own tasks, so no
wing and tasks.py import each other).

Mail from a provider's webhook: anymail parses and authenticates, we keep
and process. anymail answers 200 when keep_inbound_email returns and 500
when it raises, and providers retry on 5xx. So the receiver does only what
must succeed before the provider may forget the message: keep it (committed
to the database), and queue its processing. If either fails the error goes
up and the provider tries again later. Processing runs in the worker; a
message whose task is lost is found by the periodic sweep in
entries/tasks.py.
"""

from django.db import transaction
from django.utils import timezone

from entries import tasks
from entries.mail import authentication, pipeline
from entries.models import InboundMessage
from entries.prompts import dispatch


def keep_inbound_email(sender, event, esp_name, **kwargs):
    """Keep a provider's message and queue its processing (anymail's inbound signal)."""
    message = event.message
    kept = pipeline.keep(
        _as_bytes(message),
        provider=esp_name.lower().replace(" ", "_"),
        event_id=str(event.event_id or ""),
        recipient=message.envelope_recipient or "",
        envelope_sender=_envelope_sender(message.envelope_sender),
        verdict=authentication.provider_verdict(esp_name, event),
    )
    if not kept.is_final:
        tasks.process_inbound(kept.pk)


def _as_bytes(message):
    """The message as MIME bytes, however odd its headers (JSON-only providers are rebuilt)."""
    try:
        return message.as_bytes()
    except Exception:  # the strict generator rejects some malformed headers
        return message.as_string(policy=message.policy.clone(utf8=True)).encode(
            "utf-8", "surrogateescape"
        )


def _envelope_sender(value):
    if value is None:
        return ""
    # An empty envelope sender is the "null sender" of bounces.
    return value.strip() or "<>"


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
