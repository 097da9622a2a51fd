"""What the daily prompt email contains."""

import datetime as dt

import pytest
import time_machine

from accounts.tests.factories import UserFactory
from entries.prompts import emails
from entries.tests.factories import EntryFactory, QueuedPromptFactory

pytestmark = pytest.mark.django_db


FRIDAY = dt.date(2026, 11, 27)


@pytest.fixture
def sent(mailoutbox):
    def send(prompt):
        emails.send_prompt(prompt)
        (message,) = mailoutbox
        return message

    return send


def test_subject_names_the_persons_local_day(sent):
    """The subject reads like "It's Friday, Nov 27. How was your day?"."""
    message = sent(QueuedPromptFactory(date=FRIDAY))
    assert message.subject == "It's Friday, Nov 27. How was your day?"


def test_replies_go_to_the_prompts_own_address(sent):
    """Reply-To is <token>@INBOUND_EMAIL_DOMAIN, unique to this prompt."""
    prompt = QueuedPromptFactory()
    message = sent(prompt)
    assert message.reply_to == [f"{prompt.token}@reply.localhost"]
    assert len(prompt.token) >= 26  # 128 bits in base32


def test_message_id_is_set_and_kept(sent):
    """The Message-ID header is the one recorded on the prompt."""
    prompt = QueuedPromptFactory()
    message = sent(prompt)
    assert message.message()["Message-ID"] == prompt.message_id
    assert prompt.message_id.startswith("<prompt.")


def test_both_parts_carry_the_marker_and_links(sent):
    """Plain text and HTML both start with the reply marker and link to journal and settings."""
    message = sent(QueuedPromptFactory(date=FRIDAY))
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert message.body.startswith("## Reply above this line ##\n")
    assert "## Reply above this line ##" in html
    for part in (message.body, html):
        assert "http://127.0.0.1:8000/journal/" in part
        assert "http://127.0.0.1:8000/settings/" in part
        assert "http://127.0.0.1:8000/unsubscribe/" in part
        assert "Friday 27 November 2026" in part


def test_one_click_unsubscribe_headers(sent):
    """List-Unsubscribe has an HTTPS-style link and a mailto; List-Unsubscribe-Post is one-click."""
    prompt = QueuedPromptFactory()
    message = sent(prompt)
    token = prompt.user.unsubscribe_token
    assert message.extra_headers["List-Unsubscribe"] == (
        f"<http://127.0.0.1:8000/unsubscribe/{token}/>, "
        f"<mailto:unsubscribe+{token}@reply.localhost>"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


@pytest.mark.parametrize("user_id", [7, 987654])
def test_unsubscribe_addresses_stay_readable_when_folded(sent, settings, user_id):
    """Serialised, List-Unsubscribe keeps plain addresses, never RFC 2047 encoded words."""
    settings.SITE_URL = "https://daybook.example.com"
    settings.INBOUND_EMAIL_DOMAIN = "reply.daybook.example.com"
    message = sent(QueuedPromptFactory(user=UserFactory(pk=user_id)))
    raw = message.message().as_bytes().decode()
    header = raw.split("List-Unsubscribe:")[1].split("List-Unsubscribe-Post")[0]
    assert "=?" not in header
    assert "<mailto:unsubscribe+" in header


@time_machine.travel(dt.datetime(2026, 11, 27, 19, tzinfo=dt.UTC), tick=False)
def test_a_memory_from_this_day_a_year_ago(sent):
    """The entry from this date last year is quoted with its real date and "a year ago"."""
    user = UserFactory()
    EntryFactory(user=user, date=dt.date(2025, 11, 27), body="Snow & <b>soup</b>.")
    EntryFactory(user=user, date=dt.date(2026, 3, 1), body="Spring.")
    message = sent(QueuedPromptFactory(user=user, date=FRIDAY))
    html = message.alternatives[0][0]
    assert "Thursday 27 November 2025, a year ago, you wrote:" in message.body
    assert "Snow & <b>soup</b>." in message.body
    assert "Snow &amp; &lt;b&gt;soup&lt;/b&gt;." in html


def test_no_memory_when_turned_off(sent):
    """Someone who turned memories off sees no past entry."""
    user = UserFactory(memories_enabled=False)
    EntryFactory(user=user, date=dt.date(2025, 11, 27), body="Private.")
    message = sent(QueuedPromptFactory(user=user, date=FRIDAY))
    assert "Private." not in message.body
    assert "you wrote" not in message.body


def test_no_memory_when_the_journal_is_new(sent):
    """With only this week's entries, nothing is quoted."""
    user = UserFactory()
    EntryFactory(user=user, date=dt.date(2026, 11, 25), body="Fresh.")
    message = sent(QueuedPromptFactory(user=user, date=FRIDAY))
    assert "Fresh." not in message.body
