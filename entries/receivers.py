"""The provider webhooks' way in: anymail parses and authenticates, we keep and process.

anymail answers 200 when this receiver returns and 500 when it raises, and
providers retry on 5xx. So the receiver does only what must succeed before
the provider may forget the message: keep it (committed to the database),
and queue its processing. If either fails the error goes up and the provider
tries again later. Processing runs in the worker; a message whose task is
lost is found by the periodic sweep in entries/tasks.py.
"""

from anymail.signals import inbound
from django.dispatch import receiver

from entries import authentication, tasks
from entries import inbound as pipeline


@receiver(inbound, dispatch_uid="entries.keep_inbound_email")
def keep_inbound_email(sender, event, esp_name, **kwargs):
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
