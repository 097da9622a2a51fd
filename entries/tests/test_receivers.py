from unittest import mock

import pytest
from anymail.inbound import AnymailInboundMessage
from anymail.signals import AnymailInboundEvent, EventType, inbound
from django.template import Context, Template

from entries import receivers
from entries.models import Entry, InboundMessage
from entries.tests import replies
from entries.tests.factories import PromptFactory

pytestmark = pytest.mark.django_db
Reason = InboundMessage.Reason


def send(message, esp_event=None, event_id="e-1"):
    event = AnymailInboundEvent(
        event_type=EventType.INBOUND, message=message, event_id=event_id, esp_event=esp_event
    )
    inbound.send(sender=object, event=event, esp_name="Amazon SES")
    return InboundMessage.objects.get()


def test_signal_keeps_and_processes_the_message():
    """A message anymail hands over is stored with its provider and becomes the entry."""
    prompt = PromptFactory()
    message = AnymailInboundMessage.parse_raw_mime_bytes(replies.gmail(prompt, "Via SES."))
    message.envelope_recipient = prompt.reply_address
    stored = send(message)
    assert (stored.provider, stored.recipient) == ("amazon_ses", prompt.reply_address)
    assert Entry.objects.get().body == "Via SES."


def test_provider_authentication_verdict_holds_the_reply():
    """A reply Amazon SES says failed DMARC is held for review."""
    prompt = PromptFactory()
    message = AnymailInboundMessage.parse_raw_mime_bytes(replies.gmail(prompt, "Hmm."))
    receipt = {"receipt": {"dmarcVerdict": {"status": "FAIL"}, "spfVerdict": {"status": "PASS"}}}
    stored = send(message, esp_event=receipt)
    assert (stored.state, stored.reason) == (
        InboundMessage.State.HELD,
        Reason.AUTHENTICATION_FAILED,
    )


def test_empty_envelope_sender_is_a_bounce():
    """A message whose envelope sender is empty (a bounce) is ignored."""
    prompt = PromptFactory()
    message = AnymailInboundMessage.parse_raw_mime_bytes(replies.gmail(prompt, "Bounced."))
    message.envelope_sender = ""
    assert send(message).reason == Reason.AUTOMATIC


def test_message_the_strict_generator_refuses_is_still_kept():
    """A message whose headers cannot be re-encoded strictly is still stored, not lost."""
    prompt = PromptFactory()
    message = AnymailInboundMessage.parse_raw_mime_bytes(replies.gmail(prompt, "Odd headers."))
    with mock.patch.object(AnymailInboundMessage, "as_bytes", side_effect=ValueError("bad")):
        raw = receivers._as_bytes(message)
    assert b"Odd headers." in raw


def test_held_reply_count_is_zero_for_visitors():
    """Someone not logged in is never offered a review link."""
    anonymous = mock.Mock(is_authenticated=False)
    template = Template("{% load review %}{% held_reply_count user %}")
    assert template.render(Context({"user": anonymous})) == "0"
