from email import message_from_bytes
from email.message import EmailMessage
from unittest import mock

from entries.mail import mime, pipeline


def test_unreadable_header_counts_as_absent():
    """A header the parser cannot model is treated as missing, not as a crash."""
    email = mock.Mock()
    email.get.side_effect = ValueError("malformed")
    email.get_all.side_effect = ValueError("malformed")
    assert mime.header(email, "Subject") == ""
    assert mime.all_headers(email, "To") == []


def test_delivery_report_is_a_bounce():
    """A multipart/report (a delivery status notification) counts as automatic mail."""
    email = EmailMessage()
    email["From"] = "someone@example.com"
    email.set_content("report")
    email.make_mixed()
    email.replace_header("Content-Type", "multipart/report; report-type=delivery-status")
    assert mime.is_automatic(email)


def test_parser_failure_means_unparseable():
    """Bytes the parser chokes on are reported as not an email."""
    with mock.patch.object(pipeline.BytesParser, "parsebytes", side_effect=TypeError("boom")):
        assert pipeline.parse(b"anything") is None


def test_a_from_header_far_too_long_for_a_person_has_no_sender():
    """A From: of thousands of encoded words is not read (it would take seconds): no sender."""
    flood = " ".join("=?utf-8?q?a=C3=A9?=" for _ in range(1000))
    email = message_from_bytes(f"From: {flood} <ann@example.com>\n\nHi\n".encode())
    assert mime.sender(email) == ""
    assert mime.sender(message_from_bytes(b"From: Ann <ann@example.com>\n\nHi\n")) == (
        "ann@example.com"
    )
