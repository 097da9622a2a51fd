import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from project import emails

pytestmark = pytest.mark.django_db


def test_held_reply_notice_links_to_the_review_page():
    """The held-reply email links to the review page, in text and HTML."""
    user = UserFactory()
    emails.send_held_reply_notice(user)
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert "review" in message.subject
    assert "http://127.0.0.1:8000/journal/review/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert 'href="http://127.0.0.1:8000/journal/review/"' in html


def test_account_deleted_email_confirms_to_the_address(mailoutbox, settings):
    """The last email names the deleted address, in plain text and HTML."""
    settings.SITE_URL = "https://daybook.example.com"
    emails.send_account_deleted("ann@example.com")
    (message,) = mailoutbox
    assert message.to == ["ann@example.com"]
    assert message.subject == "Daybook: your account is deleted"
    assert "Your Daybook account for ann@example.com is deleted." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>ann@example.com</strong>" in html
    assert "https://daybook.example.com" in html
