"""Daybook's own replies, posted the way Postmark, Mailgun and Mailtrap post them."""

import base64
import json
from email import message_from_bytes, policy
from unittest import mock

import pytest
from django.db import OperationalError

from entries import inbound
from entries.models import Entry, InboundMessage
from entries.tests import mail
from entries.tests.factories import PromptFactory
from entries.tests.webhooks import BASIC_AUTH, anymail_settings, mailgun_signature

pytestmark = pytest.mark.django_db
AUTH = "Basic " + base64.b64encode(BASIC_AUTH.encode()).decode()


@pytest.fixture(autouse=True)
def _webhook_keys(settings):
    settings.ANYMAIL = anymail_settings()


def postmark_payload(prompt, raw, message_id="pm-1", spam="No"):
    email = message_from_bytes(raw, policy=policy.default)
    return {
        "FromFull": {"Email": prompt.user.email, "Name": "Person", "MailboxHash": ""},
        "ToFull": [{"Email": prompt.reply_address, "Name": "", "MailboxHash": ""}],
        "OriginalRecipient": prompt.reply_address,
        "Subject": "Re: It's Friday",
        "MessageID": message_id,
        "TextBody": email.get_body(("plain",)).get_content(),
        "HtmlBody": "",
        "Headers": [
            {"Name": "Message-ID", "Value": email["Message-ID"]},
            {"Name": "X-Spam-Status", "Value": spam},
            # The trusted server's DMARC pass (Postmark's JSON gives no verdict of its own).
            {"Name": "Authentication-Results", "Value": email["Authentication-Results"]},
        ],
    }


def post_json(client, provider, payload, **extra):
    """Post a provider's JSON payload to its inbound webhook, as the provider would."""
    return client.post(
        f"/anymail/{provider}/inbound/",
        data=json.dumps(payload),
        content_type="application/json",
        **extra,
    )


def test_postmark_reply_becomes_the_entry(client):
    """A reply posted by Postmark becomes that day's entry with only the new text."""
    prompt = PromptFactory()
    payload = postmark_payload(prompt, mail.gmail(prompt, "Through Postmark."))
    response = post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    assert response.status_code == 200
    assert Entry.objects.get().body == "Through Postmark."
    message = InboundMessage.objects.get()
    assert (message.provider, message.event_id, message.recipient) == (
        "postmark",
        "pm-1",
        prompt.reply_address,
    )


def test_postmark_retry_is_stored_once(client):
    """Postmark retrying the same event adds nothing and keeps one record."""
    prompt = PromptFactory()
    payload = postmark_payload(prompt, mail.gmail(prompt, "Once."))
    post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    assert InboundMessage.objects.count() == 1
    assert Entry.objects.get().body == "Once."


def test_postmark_spam_verdict_is_held(client):
    """A reply Postmark marks as spam is held for review."""
    prompt = PromptFactory()
    payload = postmark_payload(prompt, mail.gmail(prompt, "Spammy?"), spam="Yes")
    post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    message = InboundMessage.objects.get()
    assert (message.state, message.reason) == (
        InboundMessage.State.HELD,
        InboundMessage.Reason.SPAM,
    )


def test_webhook_without_or_with_a_wrong_secret_stores_nothing(client):
    """A request without the webhook secret, or with an old wrong one, is refused."""
    prompt = PromptFactory()
    payload = postmark_payload(prompt, mail.gmail(prompt, "Forged post."))
    wrong = "Basic " + base64.b64encode(b"username:guess").decode()
    assert post_json(client, "postmark", payload).status_code == 400
    assert post_json(client, "postmark", payload, HTTP_AUTHORIZATION=wrong).status_code == 400
    assert not InboundMessage.objects.exists()


def test_rotated_secrets_both_work(client, settings):
    """During a rotation both the old and the new webhook secret are accepted."""
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": ["old:secret", BASIC_AUTH]}
    prompt = PromptFactory()
    old = "Basic " + base64.b64encode(b"old:secret").decode()
    payload = postmark_payload(prompt, mail.gmail(prompt, "Rotating."))
    assert post_json(client, "postmark", payload, HTTP_AUTHORIZATION=old).status_code == 200


def test_database_down_answers_5xx_so_the_provider_retries(client):
    """If the reply cannot be stored the webhook answers 5xx, and the provider will retry."""
    prompt = PromptFactory()
    payload = postmark_payload(prompt, mail.gmail(prompt, "Not yet."))
    client.raise_request_exception = False
    with mock.patch.object(
        InboundMessage.objects, "create", side_effect=OperationalError("server closed")
    ):
        response = post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    assert response.status_code == 500
    assert not InboundMessage.objects.exists()
    assert post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH).status_code == 200
    assert Entry.objects.get().body == "Not yet."


def test_mailgun_raw_mime_reply_becomes_the_entry(client):
    """A reply Mailgun posts as raw MIME, correctly signed, becomes the entry."""
    prompt = PromptFactory()
    raw = mail.outlook(prompt, "Through Mailgun, Grüße 🎉.")
    timestamp, token = "1795742388", "a" * 50
    response = client.post(
        "/anymail/mailgun/inbound_mime/",
        {
            "timestamp": timestamp,
            "token": token,
            "signature": mailgun_signature(timestamp, token),
            "recipient": prompt.reply_address,
            "sender": prompt.user.email,
            "body-mime": raw.decode(),
        },
        HTTP_AUTHORIZATION=AUTH,
    )
    assert response.status_code == 200
    assert Entry.objects.get().body == "Through Mailgun, Grüße 🎉."


def test_mailgun_with_a_bad_signature_stores_nothing(client):
    """A Mailgun post whose signature does not match is refused even with the secret."""
    prompt = PromptFactory()
    response = client.post(
        "/anymail/mailgun/inbound_mime/",
        {
            "timestamp": "1",
            "token": "t",
            "signature": "0" * 64,
            "body-mime": mail.gmail(prompt, "x").decode(),
        },
        HTTP_AUTHORIZATION=AUTH,
    )
    assert response.status_code == 400
    assert not InboundMessage.objects.exists()


def test_postmark_message_over_the_size_limit_is_recorded_as_rejected(client, monkeypatch):
    """A message over the size limit is answered 200 and recorded as too large, without its body."""
    monkeypatch.setattr(inbound, "MAX_MESSAGE_BYTES", 1000)
    prompt = PromptFactory()
    payload = postmark_payload(prompt, mail.gmail(prompt, "A long day. " * 200))
    response = post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    assert response.status_code == 200
    message = InboundMessage.objects.get()
    assert (message.state, message.reason) == (
        InboundMessage.State.REJECTED,
        InboundMessage.Reason.TOO_LARGE,
    )
    assert message.raw is None
    assert not Entry.objects.exists()


def test_a_message_just_over_the_size_limit_fits_django_upload_limit(settings):
    """A message just over 25 MB, base64-encoded in JSON, still reaches Daybook to be recorded."""
    base64_size = (inbound.MAX_MESSAGE_BYTES + 1) * 4 // 3
    assert base64_size < settings.DATA_UPLOAD_MAX_MEMORY_SIZE


# Mailtrap's inbound webhook only announces a message: anymail fetches its
# details from Mailtrap's API, then the raw message from a signed S3 URL.
MAILTRAP_INBOX = 4016
MAILTRAP_MESSAGE = "0194b0c4-7f3e-7d1a-9c52-3f6a1e8b2d47"
MAILTRAP_API = (
    f"https://mailtrap.io/api/inbound/inboxes/{MAILTRAP_INBOX}/messages/{MAILTRAP_MESSAGE}"
)
MAILTRAP_RAW = (
    f"https://mailtrap-inbound.s3.amazonaws.com/{MAILTRAP_MESSAGE}.eml?X-Amz-Signature=f00d"
)


def mailtrap_payload(prompt):
    return {
        "events": [
            {
                "event": "inbound.message_received",
                "event_id": "b7d8a2c4-58e1-4f0a-9f3c-2d6e1a7c9b05",
                "timestamp": 1795748400000,
                "inbox_id": MAILTRAP_INBOX,
                "message_id": MAILTRAP_MESSAGE,
                "from": prompt.user.email,
            }
        ]
    }


def mailtrap_api(raw):
    """Stand-ins for Mailtrap's message API and the S3 download of the raw message."""
    details = mock.Mock(status_code=200)
    details.json.return_value = {
        "id": MAILTRAP_MESSAGE,
        "raw_message_url": MAILTRAP_RAW,
        "raw_message_expires_at": "2026-11-27T20:15:00Z",
    }
    download = mock.MagicMock(status_code=200)
    download.__enter__.return_value = download
    download.iter_content.return_value = [raw]
    responses = {MAILTRAP_API: details, MAILTRAP_RAW: download}
    return mock.patch("requests.get", side_effect=lambda url, **kwargs: responses[url])


def test_mailtrap_reply_becomes_the_entry(client):
    """A reply Mailtrap announces is fetched and becomes that day's entry with only the new text."""
    prompt = PromptFactory()
    with mailtrap_api(mail.gmail(prompt, "Through Mailtrap.")) as get:
        response = post_json(client, "mailtrap", mailtrap_payload(prompt), HTTP_AUTHORIZATION=AUTH)
    assert response.status_code == 200
    assert Entry.objects.get().body == "Through Mailtrap."
    message = InboundMessage.objects.get()
    assert (message.provider, message.event_id) == (
        "mailtrap",
        f"{MAILTRAP_INBOX}/{MAILTRAP_MESSAGE}",
    )
    assert get.call_args_list[0].kwargs["headers"] == {
        "Authorization": "Bearer test-mailtrap-token"
    }


def test_mailtrap_post_without_the_secret_stores_nothing(client):
    """A Mailtrap post without the webhook secret is refused and nothing is stored."""
    prompt = PromptFactory()
    with mailtrap_api(mail.gmail(prompt, "Forged.")) as get:
        response = post_json(client, "mailtrap", mailtrap_payload(prompt))
    assert response.status_code == 400
    assert not get.called
    assert not InboundMessage.objects.exists()
