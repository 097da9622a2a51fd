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


@time_machine.travel(dt.datetime(2026, 11, 27, 19, tzinfo=dt.UTC), tick=False)
def test_a_memory_renders_markdown_in_html_and_stays_plain_in_text(sent):
    """The memory's formatting shows in the HTML part; the text part is the text as written."""
    user = UserFactory()
    body = "A **warm** day.\n\n- soup\n- bread\n\n#home <script>alert(1)</script>"
    body += " <img src=x onerror=alert(1)> [x](javascript:alert(1))"
    EntryFactory(user=user, date=dt.date(2025, 11, 27), body=body)
    message = sent(QueuedPromptFactory(user=user, date=FRIDAY))
    html = message.alternatives[0][0]
    assert "<strong>warm</strong>" in html
    assert "<li>soup</li>" in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript' not in html
    assert "A **warm** day.\n\n- soup\n- bread" in message.body


@time_machine.travel(dt.datetime(2026, 11, 27, 19, tzinfo=dt.UTC), tick=False)
def test_a_long_memory_is_cut_after_150_words_keeping_paragraphs(sent):
    """A long memory stops after 150 words with an ellipsis, its paragraphs intact."""
    user = UserFactory()
    body = "First paragraph.\n\n" + "word " * 200
    EntryFactory(user=user, date=dt.date(2025, 11, 27), body=body)
    message = sent(QueuedPromptFactory(user=user, date=FRIDAY))
    assert "First paragraph.\n\nword word" in message.body
    assert message.body.count("word") == 148
    assert "word …" in message.body


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


@time_machine.travel(dt.datetime(2026, 11, 27, 19, tzinfo=dt.UTC), tick=False)
def test_a_memory_carries_its_first_photo_inline(sent):
    """The memory's first photo is an inline image under 150 KB, shown by the HTML by cid."""
    from anymail.utils import Attachment

    from entries.tests import images
    from entries.tests.factories import make_photo

    user = UserFactory()
    entry = EntryFactory(user=user, date=dt.date(2025, 11, 27), body="Snow.")
    make_photo(entry, images.jpeg((1600, 1200)), caption="The hill")
    make_photo(entry)
    message = sent(QueuedPromptFactory(user=user, date=FRIDAY))
    raw = message.message()
    (part,) = [part for part in raw.walk() if part.get_content_type() == "image/jpeg"]
    cid = part["Content-ID"].strip("<>")
    assert len(part.get_payload(decode=True)) < emails.INLINE_PHOTO_BYTES
    assert part.get_content_disposition() == "inline"
    assert f'src="cid:{cid}"' in message.alternatives[0][0]
    assert 'alt="The hill"' in message.alternatives[0][0]
    # anymail reads it as an inline image, the way each provider sends one.
    (attachment,) = [Attachment(item) for item in message.attachments]
    assert attachment.inline
    assert attachment.cid == cid


def test_a_large_memory_photo_is_shrunk_under_the_limit():
    """A derivative too big for mail is re-encoded smaller until it fits."""
    from entries import darkroom
    from entries.tests import images

    data, size = darkroom.small_jpeg(images.image_bytes((400, 400), "PNG"), 2000)
    assert len(data) <= 2000
    assert max(size) < 400


@time_machine.travel(dt.datetime(2026, 11, 27, 19, tzinfo=dt.UTC), tick=False)
def test_a_memory_without_photos_has_no_image(sent):
    """No photo on the remembered day: no image part and no img tag."""
    user = UserFactory()
    EntryFactory(user=user, date=dt.date(2025, 11, 27), body="Words only.")
    message = sent(QueuedPromptFactory(user=user, date=FRIDAY))
    assert "cid:" not in message.alternatives[0][0]
    assert "image/jpeg" not in message.message().as_string()
