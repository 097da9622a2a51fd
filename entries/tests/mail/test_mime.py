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
