"""Reading a kept webhook request in the worker, with anymail's parser and a deadline."""

import json
from email import policy
from email.parser import BytesParser

import pytest

from entries.mail import payloads


def postmark_body(**fields):
    event = {
        "FromFull": {"Email": "ann@example.com", "Name": "Ann"},
        "ToFull": [{"Email": "token@reply.localhost", "Name": ""}],
        "Subject": "Re: hello",
        "MessageID": "pm-1",
        "TextBody": "Hello.",
        **fields,
    }
    return json.dumps(event).encode()


JSON = {"CONTENT_TYPE": "application/json"}


def test_a_postmark_request_reads_as_one_email():
    """A kept Postmark request gives its one email, as MIME, with the event's id."""
    [email] = payloads.read("postmark", postmark_body(), JSON)
    assert email.event_id == "pm-1"
    assert b"From: Ann <ann@example.com>" in email.raw
    parsed = BytesParser(policy=policy.default).parsebytes(email.raw)
    assert parsed.get_body(("plain",)).get_content() == "Hello."


def test_a_body_that_is_not_the_providers_format_is_unreadable():
    """A body anymail cannot read raises Unreadable, naming the error's type only."""
    with pytest.raises(payloads.Unreadable, match="JSONDecodeError"):
        payloads.read("postmark", b"not json", JSON)


def test_reading_stops_at_the_deadline(monkeypatch):
    """Parsing that runs past the deadline (a quadratic header) is stopped, not waited for."""
    monkeypatch.setattr(payloads, "READ_SECONDS", 0.2)
    monkeypatch.setattr(payloads, "READ_SECONDS_PER_MB", 0)
    flood = " ".join("=?utf-8?q?a=C3=A9?=" for _ in range(100_000))
    with pytest.raises(payloads.Unreadable, match="still reading"):
        payloads.read("postmark", postmark_body(Subject=flood), JSON)


def test_the_trace_function_in_place_is_put_back():
    """A debugger's or coverage's trace function is restored after reading."""
    import sys

    before = sys.gettrace()
    body = postmark_body(TextBody="A long day.\n" * 2000)
    assert len(body) > payloads.UNWATCHED_BYTES
    [email] = payloads.read("postmark", body, JSON)
    assert email.event_id == "pm-1"
    assert sys.gettrace() is before


def test_form_data_keeps_fields_of_any_size_and_files():
    """A multipart body gives every field, however large, and its files with their types."""
    boundary = "XyZ"
    big = "m" * (3 * 1024 * 1024)
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="body-mime"\r\n\r\n'
        f"{big}\r\n"
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="attachment-1"; filename="a.txt"\r\n'
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "file text\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    post, files = payloads.form_data(body, f"multipart/form-data; boundary={boundary}")
    assert post["body-mime"] == big
    upload = files["attachment-1"]
    assert (upload.name, upload.content_type, upload.charset) == ("a.txt", "text/plain", "utf-8")
    assert upload.read() == b"file text"
    small, _ = payloads.form_data(body, f"multipart/form-data; boundary={boundary}", largest=1000)
    assert "body-mime" not in small


def test_a_multipart_body_without_a_boundary_is_unreadable():
    """A form post that names no boundary cannot be read."""
    with pytest.raises(payloads.Unreadable):
        payloads.form_data(b"x", "multipart/form-data")


def ses_body(raw, *, source="ann@example.com", dmarc="PASS", spam="PASS"):
    event = {
        "notificationType": "Received",
        "mail": {"source": source, "messageId": "ses-1", "timestamp": "2026-11-27T20:00:00Z"},
        "receipt": {
            "recipients": ["token@reply.localhost"],
            "action": {"type": "SNS", "encoding": "UTF8"},
            "dmarcVerdict": {"status": dmarc},
            "spfVerdict": {"status": "PASS"},
            "spamVerdict": {"status": spam},
        },
        "content": raw,
    }
    sns = {"Type": "Notification", "MessageId": "sns-1", "Message": json.dumps(event)}
    return json.dumps(sns).encode()


SES = {"CONTENT_TYPE": "text/plain; charset=UTF-8", "HTTP_X_AMZ_SNS_MESSAGE_TYPE": "Notification"}
RAW = "From: Ann <ann@example.com>\r\nTo: token@reply.localhost\r\nSubject: Re\r\n\r\nHi.\r\n"


def test_an_amazon_ses_request_gives_the_raw_message_and_envelope():
    """An SES notification gives the message as it came, with its envelope."""
    [email] = payloads.read("amazon_ses", ses_body(RAW), SES)
    assert email.raw.replace(b"\n", b"\r\n") == RAW.encode()
    assert (email.event_id, email.recipient, email.envelope_sender, email.verdict) == (
        "ses-1",
        "token@reply.localhost",
        "ann@example.com",
        "spf=pass dmarc=pass",
    )


@pytest.mark.parametrize(
    ("options", "verdict"),
    [({"dmarc": "FAIL"}, "spf=pass dmarc=fail"), ({"spam": "FAIL"}, "spam")],
)
def test_the_providers_own_verdict_is_kept(options, verdict):
    """The provider's checks (here a failed DMARC) or its spam verdict travel with the message."""
    [email] = payloads.read("amazon_ses", ses_body(RAW, **options), SES)
    assert email.verdict == verdict


def test_an_empty_envelope_sender_is_the_null_sender():
    """An empty envelope sender (a bounce) is recorded as <>."""
    [email] = payloads.read("amazon_ses", ses_body(RAW, source=""), SES)
    assert email.envelope_sender == "<>"
