"""What the email about a held reply contains."""

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from entries.mail import emails

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
