"""Daybook's own replies, posted the way Postmark, Mailgun and Mailtrap post them."""

import base64
import json
from email import message_from_bytes, policy
from unittest import mock

import pytest
from django.db import OperationalError

from entries import tasks, webhooks
from entries.mail import payloads, pipeline
from entries.models import Entry, InboundMessage
from entries.tests import replies
from entries.tests.factories import PromptFactory
from entries.tests.webhooks import BASIC_AUTH, anymail_settings, mailgun_signature

pytestmark = pytest.mark.django_db
AUTH = "Basic " + base64.b64encode(BASIC_AUTH.encode()).decode()


@pytest.fixture(autouse=True)
def _webhook_keys(settings):
    settings.ANYMAIL = anymail_settings()
    settings.INBOUND_PROVIDERS = list(payloads.VIEWS)


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
    payload = postmark_payload(prompt, replies.gmail(prompt, "Through Postmark."))
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
    payload = postmark_payload(prompt, replies.gmail(prompt, "Once."))
    post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    assert InboundMessage.objects.count() == 1
    assert Entry.objects.get().body == "Once."


def test_postmark_spam_verdict_is_held(client):
    """A reply Postmark marks as spam is held for review."""
    prompt = PromptFactory()
    payload = postmark_payload(prompt, replies.gmail(prompt, "Spammy?"), spam="Yes")
    post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    message = InboundMessage.objects.get()
    assert (message.state, message.reason) == (
        InboundMessage.State.HELD,
        InboundMessage.Reason.SPAM,
    )


def test_webhook_without_or_with_a_wrong_secret_stores_nothing(client):
    """A request without the webhook secret, or with an old wrong one, is refused."""
    prompt = PromptFactory()
    payload = postmark_payload(prompt, replies.gmail(prompt, "Forged post."))
    wrong = "Basic " + base64.b64encode(b"username:guess").decode()
    assert post_json(client, "postmark", payload).status_code == 400
    assert post_json(client, "postmark", payload, HTTP_AUTHORIZATION=wrong).status_code == 400
    assert not InboundMessage.objects.exists()


def test_rotated_secrets_both_work(client, settings):
    """During a rotation both the old and the new webhook secret are accepted."""
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": ["old:secret", BASIC_AUTH]}
    prompt = PromptFactory()
    old = "Basic " + base64.b64encode(b"old:secret").decode()
    payload = postmark_payload(prompt, replies.gmail(prompt, "Rotating."))
    assert post_json(client, "postmark", payload, HTTP_AUTHORIZATION=old).status_code == 200


def test_database_down_answers_5xx_so_the_provider_retries(client):
    """If the reply cannot be stored the webhook answers 5xx, and the provider will retry."""
    prompt = PromptFactory()
    payload = postmark_payload(prompt, replies.gmail(prompt, "Not yet."))
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
    raw = replies.outlook(prompt, "Through Mailgun, Grüße 🎉.")
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
            "body-mime": replies.gmail(prompt, "x").decode(),
        },
        HTTP_AUTHORIZATION=AUTH,
    )
    assert response.status_code == 400
    assert not InboundMessage.objects.exists()


def test_postmark_message_over_the_size_limit_is_recorded_as_rejected(client, monkeypatch):
    """A message over the size limit is answered 200 and recorded as too large, without its body."""
    monkeypatch.setattr(pipeline, "MAX_MESSAGE_BYTES", 1000)
    prompt = PromptFactory()
    payload = postmark_payload(prompt, replies.gmail(prompt, "A long day. " * 200))
    response = post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    assert response.status_code == 200
    message = InboundMessage.objects.get()
    assert (message.state, message.reason) == (
        InboundMessage.State.REJECTED,
        InboundMessage.Reason.TOO_LARGE,
    )
    assert message.raw is None
    assert not Entry.objects.exists()


def test_a_message_just_over_the_size_limit_fits_the_webhook_limit():
    """A message just over 25 MB, base64-encoded in JSON, still reaches Daybook to be recorded."""
    base64_size = (pipeline.MAX_MESSAGE_BYTES + 1) * 4 // 3
    assert base64_size < webhooks.MAX_BODY_BYTES


def test_a_request_over_the_webhook_limit_is_recorded_unread(client, monkeypatch):
    """A request larger than any message is answered 200 and recorded as too large, unread."""
    monkeypatch.setattr(webhooks, "MAX_BODY_BYTES", 1000)
    prompt = PromptFactory()
    payload = postmark_payload(prompt, replies.gmail(prompt, "A long day. " * 200))
    assert post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH).status_code == 200
    message = InboundMessage.objects.get()
    assert (message.state, message.reason, message.payload) == (
        InboundMessage.State.REJECTED,
        InboundMessage.Reason.TOO_LARGE,
        None,
    )


def test_a_message_larger_than_a_page_may_post_reaches_the_journal(client, settings):
    """A 3 MB reply posted as one Mailgun form field is kept, though pages refuse such posts."""
    prompt = PromptFactory()
    email = message_from_bytes(replies.gmail(prompt, "With a photo."), policy=policy.default)
    email.add_attachment(b"\xff" * 3 * 1024 * 1024, "image", "jpeg", filename="photo.jpg")
    raw = email.as_bytes()
    assert len(raw) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(
        "/anymail/mailgun/inbound_mime/",
        mailgun_form(prompt, raw),
        HTTP_AUTHORIZATION=AUTH,
    )
    assert response.status_code == 200
    assert Entry.objects.get().body == "With a photo."
    assert len(InboundMessage.objects.get().raw) == len(raw)


def test_a_large_post_without_the_secret_is_refused_unread(client):
    """A stranger's large post to a webhook is refused on its headers; the body is never read."""
    body = b"x" * (3 * 1024 * 1024)
    with mock.patch.object(webhooks, "_read_body") as read_body:
        response = client.generic(
            "POST", "/anymail/postmark/inbound/", body, content_type="application/json"
        )
    assert response.status_code == 400
    assert not read_body.called
    assert not InboundMessage.objects.exists()


def test_the_request_only_keeps_the_body_and_the_worker_parses_it(client):
    """The webhook stores the request as sent and queues it; anymail parses it in the worker."""
    prompt = PromptFactory()
    payload = postmark_payload(prompt, replies.gmail(prompt, "Parsed later."))
    with (
        mock.patch.object(tasks, "process_inbound") as queued,
        mock.patch.object(payloads, "read") as parsed,
    ):
        response = post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    assert response.status_code == 200
    message = InboundMessage.objects.get()
    assert (message.state, message.raw) == (InboundMessage.State.RECEIVED, None)
    assert json.loads(bytes(message.payload)) == payload
    assert "HTTP_AUTHORIZATION" not in message.payload_headers
    queued.assert_called_once_with(message.pk)
    assert not parsed.called
    pipeline.process(message)
    assert Entry.objects.get().body == "Parsed later."


def encoded_word_flood(words=100_000):
    return " ".join("=?utf-8?q?a=C3=A9?=" for _ in range(words))


@pytest.mark.parametrize(
    "hostile",
    [
        {"FromFull": {"Email": "a@example.com", "Name": encoded_word_flood()}},
        {"Subject": encoded_word_flood()},
        {"Headers": [{"Name": "X-Odd", "Value": "=?undefined?q?abc?="}]},
        {"Headers": [{"Name": "X-Nul", "Value": "a\x00b"}], "TextBody": "nul \x00 here"},
    ],
    ids=["from-flood", "subject-flood", "undefined-charset", "nul-bytes"],
)
def test_hostile_payloads_are_answered_and_end_in_a_final_state(client, monkeypatch, hostile):
    """A hostile but authenticated payload is answered 200 and its message ends in a final state."""
    monkeypatch.setattr(payloads, "READ_SECONDS", 0.5)
    monkeypatch.setattr(payloads, "READ_SECONDS_PER_MB", 0)
    prompt = PromptFactory()
    payload = {**postmark_payload(prompt, replies.gmail(prompt, "Odd.")), **hostile}
    with mock.patch.object(tasks, "process_inbound"):
        response = post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    assert response.status_code == 200
    message = pipeline.process(InboundMessage.objects.get())
    message.refresh_from_db()
    assert message.is_final
    assert message.payload or message.raw


def test_a_deeply_nested_raw_message_is_answered_and_finished(client):
    """A raw message nested thousands of levels deep is answered and ends in a final state."""
    prompt = PromptFactory()
    nested = b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n" * 5000
    raw = replies.gmail(prompt, "Deep.").replace(b"\n\n", b"\n" + nested, 1)
    response = client.post(
        "/anymail/mailgun/inbound_mime/", mailgun_form(prompt, raw), HTTP_AUTHORIZATION=AUTH
    )
    assert response.status_code == 200
    assert InboundMessage.objects.get().is_final


def mailgun_form(prompt, raw, token="a" * 50):
    timestamp = "1795742388"
    return {
        "timestamp": timestamp,
        "token": token,
        "signature": mailgun_signature(timestamp, token),
        "recipient": prompt.reply_address,
        "sender": prompt.user.email,
        "body-mime": raw.decode(),
    }


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
    with mailtrap_api(replies.gmail(prompt, "Through Mailtrap.")) as get:
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
    with mailtrap_api(replies.gmail(prompt, "Forged.")) as get:
        response = post_json(client, "mailtrap", mailtrap_payload(prompt))
    assert response.status_code == 400
    assert not get.called
    assert not InboundMessage.objects.exists()


def test_one_reply_without_message_id_posted_three_times_is_added_once(client):
    """One reply without Message-ID, in three different requests, is added to the entry once."""
    prompt = PromptFactory()
    payload = postmark_payload(prompt, replies.message(prompt, "Thrice.", message_id=None))
    payload["Headers"] = [header for header in payload["Headers"] if header["Value"]]
    for event_id in ("pm-1", "pm-2", "pm-3"):
        response = post_json(
            client, "postmark", {**payload, "MessageID": event_id}, HTTP_AUTHORIZATION=AUTH
        )
        assert response.status_code == 200
    assert Entry.objects.get().body == "Thrice."
    reasons = sorted(InboundMessage.objects.values_list("reason", flat=True))
    assert reasons == ["appended", "duplicate", "duplicate"]


def test_a_retried_event_in_different_bytes_is_kept_once(client):
    """A provider's retry of an event, not byte for byte the same, ends as a duplicate."""
    prompt = PromptFactory()
    payload = postmark_payload(prompt, replies.gmail(prompt, "Retried."))
    post_json(client, "postmark", payload, HTTP_AUTHORIZATION=AUTH)
    post_json(client, "postmark", {**payload, "Retry": 1}, HTTP_AUTHORIZATION=AUTH)
    first, second = InboundMessage.objects.order_by("pk")
    assert (first.event_id, first.state) == ("pm-1", InboundMessage.State.ACCEPTED)
    assert (second.reason, second.raw, second.payload) == (
        InboundMessage.Reason.DUPLICATE,
        None,
        None,
    )
    assert Entry.objects.get().body == "Retried."


def test_every_email_in_one_request_gets_its_own_record(client):
    """A request holding several emails (Mandrill, SparkPost batch them) keeps each one."""
    prompts = [PromptFactory(), PromptFactory()]
    emails = [
        payloads.Email(
            raw=replies.gmail(prompt, f"Reply {number}."),
            event_id=f"evt-{number}",
            recipient=prompt.reply_address,
            envelope_sender="",
            verdict="",
        )
        for number, prompt in enumerate(prompts)
    ]
    with mock.patch.object(payloads, "read", return_value=emails):
        post_json(client, "postmark", {"batch": True}, HTTP_AUTHORIZATION=AUTH)
    assert sorted(Entry.objects.values_list("body", flat=True)) == ["Reply 0.", "Reply 1."]
    assert sorted(InboundMessage.objects.values_list("event_id", flat=True)) == ["evt-0", "evt-1"]


def test_a_request_with_no_email_in_it_is_ignored(client):
    """A request that holds no email (a subscription check) ends ignored, saying so."""
    with mock.patch.object(payloads, "read", return_value=[]):
        post_json(client, "postmark", {"check": True}, HTTP_AUTHORIZATION=AUTH)
    message = InboundMessage.objects.get()
    assert (message.state, message.reason) == (
        InboundMessage.State.IGNORED,
        InboundMessage.Reason.NO_EMAIL,
    )


def test_a_message_over_the_limit_inside_a_request_is_rejected_unkept(client, monkeypatch):
    """A message read from the request that is over the size limit is recorded, not kept."""
    monkeypatch.setattr(pipeline, "MAX_MESSAGE_BYTES", 100)
    prompt = PromptFactory()
    post_json(
        client,
        "postmark",
        postmark_payload(prompt, replies.gmail(prompt, "Big.")),
        HTTP_AUTHORIZATION=AUTH,
    )
    message = InboundMessage.objects.get()
    assert (message.reason, message.raw, message.payload) == (
        InboundMessage.Reason.TOO_LARGE,
        None,
        None,
    )


def test_a_signed_body_the_checks_cannot_read_is_refused(client):
    """A Mailgun post whose form cannot even be parsed for its signature is refused."""
    response = client.generic(
        "POST",
        "/anymail/mailgun/inbound_mime/",
        b"--x\r\nbroken",
        content_type="multipart/form-data",
        HTTP_AUTHORIZATION=AUTH,
    )
    assert response.status_code == 400
    assert not InboundMessage.objects.exists()
