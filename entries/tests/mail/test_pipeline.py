import datetime as dt
from email import message_from_bytes, policy
from unittest import mock

import pytest
import time_machine
from allauth.account.models import EmailAddress
from anymail.inbound import AnymailInboundMessage
from django.core import mail as outbox
from django.db import DataError, OperationalError

from accounts.tests.factories import UserFactory
from entries.mail import pipeline
from entries.models import Entry, InboundMessage
from entries.tests import replies
from entries.tests.factories import EntryFactory, PromptFactory

pytestmark = pytest.mark.django_db

State = InboundMessage.State
Reason = InboundMessage.Reason
NOW = dt.datetime(2026, 11, 27, 21, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def deliver(raw, **kwargs):
    kwargs.setdefault("provider", "test")
    return pipeline.process(pipeline.keep(raw, **kwargs))


@pytest.mark.parametrize("client", [replies.gmail, replies.outlook, replies.apple_mail])
def test_reply_from_any_client_becomes_the_entry_with_only_the_new_text(client):
    """A reply from Gmail, Outlook or Apple Mail becomes that day's entry, without the quote."""
    prompt = PromptFactory()
    message = deliver(client(prompt, "Long walk by the river.\n\nSaw a heron."))
    assert (message.state, message.reason) == (State.ACCEPTED, Reason.APPENDED)
    entry = Entry.objects.get(user=prompt.user, date=prompt.date)
    assert entry.body == "Long walk by the river.\n\nSaw a heron."
    assert message.entry == entry
    assert message.text == ""


def test_second_reply_is_added_below_the_first():
    """A second reply the same day adds a paragraph; it never replaces what is there."""
    prompt = PromptFactory()
    deliver(replies.gmail(prompt, "Morning: coffee.", message_id="<a@x>"))
    deliver(replies.gmail(prompt, "Evening: a film.", message_id="<b@x>"))
    assert Entry.objects.get().body == "Morning: coffee.\n\nEvening: a film."


def test_reply_is_added_to_an_entry_written_on_the_web():
    """A reply to a day already written on the website is added after the text there."""
    prompt = PromptFactory()
    EntryFactory(user=prompt.user, date=prompt.date, body="Written on the web.\n")
    deliver(replies.outlook(prompt, "And by email."))
    assert Entry.objects.get().body == "Written on the web.\n\nAnd by email."


def test_same_reply_delivered_twice_is_stored_once():
    """The same reply delivered twice (same Message-ID) appears once in the entry."""
    prompt = PromptFactory()
    first = deliver(replies.gmail(prompt, "Only once."))
    second = deliver(replies.gmail(prompt, "Only once."))
    assert first.state == State.ACCEPTED
    assert (second.state, second.reason) == (State.IGNORED, Reason.DUPLICATE)
    assert Entry.objects.get().body == "Only once."


def test_a_stale_copy_of_a_message_cannot_add_it_twice():
    """Two holders of one message (a retry's task and the sweep) add the reply once."""
    prompt = PromptFactory()
    kept = pipeline.keep(replies.gmail(prompt, "Walked by the sea."), provider="test")
    stale = InboundMessage.objects.get(pk=kept.pk)
    pipeline.process(kept)
    pipeline.process(stale)
    assert Entry.objects.get().body == "Walked by the sea."
    assert stale.state == State.ACCEPTED


def test_provider_retry_of_the_same_event_is_kept_once():
    """A provider retrying an event it already delivered does not create a second record."""
    prompt = PromptFactory()
    raw = replies.gmail(prompt, "Retried.")
    first = deliver(raw, provider="postmark", event_id="evt-1")
    again = deliver(raw, provider="postmark", event_id="evt-1")
    assert first.pk == again.pk
    assert InboundMessage.objects.count() == 1
    assert Entry.objects.get().body == "Retried."


def test_message_without_message_id_is_deduplicated_by_its_content():
    """A reply with no Message-ID delivered twice is still stored once."""
    prompt = PromptFactory()
    raw = replies.message(prompt, "No id.", message_id=None)
    deliver(raw)
    second = deliver(raw)
    assert second.reason == Reason.DUPLICATE
    assert Entry.objects.get().body == "No id."


def test_late_reply_lands_on_the_prompts_day():
    """A reply that arrives three days late is added to the day the prompt asked about."""
    prompt = PromptFactory(date=dt.date(2026, 11, 24))
    deliver(replies.gmail(prompt, "Catching up on Tuesday."))
    assert Entry.objects.get().date == dt.date(2026, 11, 24)


def test_reply_found_by_thread_headers_when_the_address_is_unknown():
    """A reply sent to an unexpected address still finds its prompt through In-Reply-To."""
    prompt = PromptFactory()
    message = deliver(replies.gmail(prompt, "Via thread.", to="someone@elsewhere.example"))
    assert message.prompt == prompt
    assert Entry.objects.get().body == "Via thread."


def test_thread_header_without_angle_brackets_in_the_stored_id_still_matches():
    """A prompt whose Message-ID was stored without brackets is still found."""
    prompt = PromptFactory(message_id="bare-id@daybook.test")
    raw = replies.message(
        prompt, "Hi", to="x@elsewhere.example", headers={"In-Reply-To": "<bare-id@daybook.test>"}
    )
    assert deliver(raw).prompt == prompt


def test_reply_to_an_unknown_address_is_rejected_and_kept():
    """Mail for a token no prompt has is rejected, and the record says why."""
    prompt = PromptFactory(message_id="")
    raw = replies.gmail(prompt, "Hello?", to="nosuchtoken@reply.localhost")
    message = deliver(raw, recipient="nosuchtoken@reply.localhost")
    assert (message.state, message.reason) == (State.REJECTED, Reason.UNKNOWN_RECIPIENT)
    assert message.raw is not None
    assert not Entry.objects.exists()


def test_token_is_read_case_insensitively_and_without_a_plus_tag():
    """An address whose case was changed, or with a +tag, still finds the prompt."""
    prompt = PromptFactory(message_id="")
    address = f"{prompt.token.upper()}+tag@REPLY.localhost"
    message = deliver(replies.gmail(prompt, "Shouting.", to=address), recipient=address)
    assert message.state == State.ACCEPTED


def test_token_of_a_deleted_account_is_rejected():
    """Mail for the prompt of a person who deleted their account is rejected and kept."""
    prompt = PromptFactory(message_id="")
    raw = replies.gmail(prompt, "Still here?")
    prompt.user.delete()
    message = deliver(raw)
    assert (message.state, message.reason) == (State.REJECTED, Reason.UNKNOWN_RECIPIENT)


def test_reply_for_a_deactivated_account_is_rejected():
    """Mail for a deactivated account does not reach its journal."""
    prompt = PromptFactory()
    prompt.user.is_active = False
    prompt.user.save()
    message = deliver(replies.gmail(prompt, "Hi"))
    assert (message.state, message.reason) == (State.REJECTED, Reason.ACCOUNT_CLOSED)


def test_forged_sender_is_held_not_posted():
    """A reply from an address that is not the owner's is held for review, not posted."""
    prompt = PromptFactory()
    message = deliver(replies.gmail(prompt, "I am not who I say.", sender="forger@evil.example"))
    assert (message.state, message.reason) == (State.HELD, Reason.UNVERIFIED_SENDER)
    assert message.text == "I am not who I say."
    assert not Entry.objects.exists()


def test_unverified_address_of_the_owner_is_held():
    """An address the owner added but never verified does not post directly."""
    prompt = PromptFactory()
    EmailAddress.objects.create(user=prompt.user, email="second@example.com", verified=False)
    message = deliver(replies.gmail(prompt, "From my other box.", sender="second@example.com"))
    assert message.reason == Reason.UNVERIFIED_SENDER


def test_second_verified_address_posts():
    """Any of the owner's verified addresses may reply, whatever its capitalisation."""
    prompt = PromptFactory()
    EmailAddress.objects.create(user=prompt.user, email="work@example.com", verified=True)
    message = deliver(replies.gmail(prompt, "From work.", sender="Work@Example.com"))
    assert message.state == State.ACCEPTED


def test_another_users_address_cannot_write_into_this_journal():
    """A verified user of Daybook cannot post into someone else's journal."""
    prompt = PromptFactory()
    other = UserFactory()
    message = deliver(replies.gmail(prompt, "Intruding.", sender=other.email))
    assert message.state == State.HELD
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    "results",
    [
        f"{replies.TRUSTED_SERVER}; dmarc=fail (p=reject) header.from=example.com",
        f"{replies.TRUSTED_SERVER}; spf=fail smtp.mailfrom=example.com; dkim=pass",
        f"{replies.TRUSTED_SERVER}; dkim=fail header.d=example.com",
    ],
)
def test_failed_dmarc_spf_or_dkim_is_held(results):
    """A reply whose DMARC, SPF or DKIM check failed is held for review."""
    prompt = PromptFactory()
    raw = replies.gmail(prompt, "Spoofed?", headers={"Authentication-Results": results})
    message = deliver(raw)
    assert (message.state, message.reason) == (State.HELD, Reason.AUTHENTICATION_FAILED)


def test_received_spf_fail_is_held():
    """A reply whose Received-SPF says fail is held for review."""
    prompt = PromptFactory()
    raw = replies.gmail(
        prompt, "Hm.", headers={"Received-SPF": "Fail (mx: domain does not designate)"}
    )
    assert deliver(raw).reason == Reason.AUTHENTICATION_FAILED


def test_passing_authentication_results_post():
    """A reply whose checks all passed goes straight into the entry."""
    prompt = PromptFactory()
    results = "mx.example.net; dmarc=pass; spf=pass; dkim=pass"
    raw = replies.gmail(prompt, "All good.", headers={"Authentication-Results": results})
    assert deliver(raw).state == State.ACCEPTED


@pytest.mark.parametrize(
    "headers", [{"X-Spam-Flag": "YES"}, {"X-Spam-Status": "Yes, score=9.1 required=5.0"}]
)
def test_spam_flag_is_held(headers):
    """A reply the spam filter flagged is held for review."""
    prompt = PromptFactory()
    message = deliver(replies.gmail(prompt, "Buy now", headers=headers))
    assert (message.state, message.reason) == (State.HELD, Reason.SPAM)


def test_provider_verdict_is_held():
    """A reply the provider itself judged as spam is held for review."""
    prompt = PromptFactory()
    message = deliver(replies.gmail(prompt, "Hmm"), verdict=Reason.SPAM)
    assert (message.state, message.reason) == (State.HELD, Reason.SPAM)


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"Auto-Submitted": "auto-replied"}, Reason.AUTOMATIC),
        ({"X-Autoreply": "yes"}, Reason.AUTOMATIC),
        ({"Precedence": "auto_reply"}, Reason.AUTOMATIC),
        ({"Precedence": "bulk"}, Reason.AUTOMATIC),
        ({"Return-Path": "<>"}, Reason.AUTOMATIC),
        ({"List-Id": "Friends <friends.lists.example.com>"}, Reason.MAILING_LIST),
        ({"Precedence": "list"}, Reason.MAILING_LIST),
    ],
)
def test_auto_replies_bounces_and_list_mail_are_ignored(headers, reason):
    """Out-of-office replies, bounces and list mail never become entries."""
    prompt = PromptFactory()
    message = deliver(replies.gmail(prompt, "I am out of the office.", headers=headers))
    assert (message.state, message.reason) == (State.IGNORED, reason)
    assert not Entry.objects.exists()


def test_auto_submitted_no_is_a_person():
    """'Auto-Submitted: no' marks mail a person sent, which is posted."""
    prompt = PromptFactory()
    raw = replies.gmail(prompt, "Typed by me.", headers={"Auto-Submitted": "no"})
    assert deliver(raw).state == State.ACCEPTED


def test_null_envelope_sender_is_a_bounce():
    """A message from the null sender (a bounce) is ignored."""
    prompt = PromptFactory()
    message = deliver(replies.gmail(prompt, "Undeliverable"), envelope_sender="<>")
    assert message.reason == Reason.AUTOMATIC


def test_mailer_daemon_is_a_bounce():
    """A message from MAILER-DAEMON is ignored."""
    prompt = PromptFactory()
    raw = replies.gmail(prompt, "Delivery failed", sender="MAILER-DAEMON@mx.example.com")
    assert deliver(raw).reason == Reason.AUTOMATIC


def test_mail_to_the_unsubscribe_address_pauses_prompts():
    """Mail to a prompt's one-click mailto unsubscribe address pauses that person's prompts."""
    prompt = PromptFactory(message_id="")
    user = prompt.user
    address = f"unsubscribe+{user.unsubscribe_token}@reply.localhost"
    message = deliver(replies.message(prompt, "unsubscribe", to=address), recipient=address)
    assert (message.state, message.reason) == (State.IGNORED, Reason.UNSUBSCRIBE)
    assert message.user == user
    user.refresh_from_db()
    assert user.prompts_paused
    assert user.next_prompt_at is None
    assert not Entry.objects.exists()


def test_a_forged_unsubscribe_address_pauses_nobody():
    """An unsubscribe address with a made-up signature is rejected and changes nothing."""
    prompt = PromptFactory(message_id="")
    address = f"unsubscribe+{prompt.user.pk}-0123456789abcdef0123@reply.localhost"
    message = deliver(replies.message(prompt, "unsubscribe", to=address), recipient=address)
    assert (message.state, message.reason) == (State.REJECTED, Reason.UNKNOWN_RECIPIENT)
    prompt.user.refresh_from_db()
    assert not prompt.user.prompts_paused


def test_reply_with_nothing_new_is_held_as_empty():
    """A reply that only quotes the prompt is held as empty, never stored as an empty entry."""
    prompt = PromptFactory()
    message = deliver(replies.gmail(prompt, ""))
    assert (message.state, message.reason) == (State.HELD, Reason.EMPTY)
    assert not Entry.objects.exists()


def test_message_without_a_body_is_held_as_empty():
    """A reply with no text part at all is held as empty."""
    prompt = PromptFactory()
    assert deliver(replies.message(prompt, None)).reason == Reason.EMPTY


def test_html_only_reply_is_converted_to_text():
    """A reply with only an HTML part becomes plain text, without the quote."""
    prompt = PromptFactory()
    html = (
        "<div>Dinner with <b>Ana</b>.</div><div><br></div><div>Bed early.</div>"
        '<blockquote class="gmail_quote"><p>## Reply above this line ##</p></blockquote>'
    )
    message = deliver(replies.message(prompt, None, html=html))
    assert message.state == State.ACCEPTED
    body = Entry.objects.get().body
    assert "Dinner with Ana." in body
    assert "Bed early." in body
    assert "Reply above" not in body


@pytest.mark.parametrize(
    ("charset", "typed"),
    [
        ("iso-8859-1", "Très bien, un café à Genève."),
        ("shift_jis", "今日は雨でした。散歩しました。"),
        ("utf-8", "Great day 🎉 with the kids 👨‍👩‍👧"),
        ("windows-1252", "Smart “quotes” \u2013 and a dash"),
    ],
)
def test_every_charset_is_decoded(charset, typed):
    """Replies in ISO-8859-1, Shift_JIS, UTF-8 with emoji and Windows-1252 read correctly."""
    prompt = PromptFactory()
    deliver(replies.outlook(prompt, typed, charset=charset))
    assert Entry.objects.get().body == typed


def test_wrong_charset_label_falls_back_to_utf8():
    """A reply that claims ASCII but is UTF-8 is still read correctly."""
    prompt = PromptFactory()
    raw = (
        f"From: {prompt.user.email}\r\nTo: {prompt.reply_address}\r\nMessage-ID: <c@x>\r\n"
        f"Authentication-Results: {replies.TRUSTED_SERVER}; dmarc=pass header.from=example.com\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "Crème brûlée.\r\n"
    ).encode()
    deliver(raw)
    assert Entry.objects.get().body == "Crème brûlée."


def test_unknown_charset_still_gives_text():
    """A reply in a charset nobody knows is still stored, as best it can be read."""
    prompt = PromptFactory()
    raw = (
        f"From: {prompt.user.email}\r\nTo: {prompt.reply_address}\r\nMessage-ID: <d@x>\r\n"
        f"Authentication-Results: {replies.TRUSTED_SERVER}; dmarc=pass header.from=example.com\r\n"
        "Content-Type: text/plain; charset=x-martian\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode() + b"Caf\xe9 \xff\r\n"
    message = deliver(raw)
    assert message.state == State.ACCEPTED
    assert Entry.objects.get().body.startswith("Café")


def test_format_flowed_is_unwrapped():
    """A format=flowed reply becomes whole paragraphs, not lines cut at 72 characters."""
    prompt = PromptFactory()
    typed = "This line was wrapped by the mail client \nand continues here.\n\nNew paragraph."
    deliver(replies.message(prompt, typed, flowed=True, charset="us-ascii"))
    assert Entry.objects.get().body == (
        "This line was wrapped by the mail client and continues here.\n\nNew paragraph."
    )


def test_message_without_a_from_header_is_rejected():
    """A message without a From address is rejected with that reason."""
    prompt = PromptFactory()
    raw = f"To: {prompt.reply_address}\r\nSubject: hi\r\n\r\nHello\r\n".encode()
    message = deliver(raw)
    assert (message.state, message.reason) == (State.REJECTED, Reason.NO_SENDER)


@pytest.mark.parametrize("raw", [b"", b"\x00\x01\x02 not an email", b"\r\n\r\njust a body"])
def test_garbage_is_rejected_as_unparseable_and_kept(raw):
    """Input that is not an email is recorded as unparseable, never a crash."""
    message = deliver(raw)
    assert (message.state, message.reason) == (State.REJECTED, Reason.UNPARSEABLE)


def test_malformed_headers_do_not_break_the_pipeline():
    """A message with broken headers still ends in a clear recorded state."""
    prompt = PromptFactory()
    raw = (
        f"From: =?x-unknown?q?broken?= <{prompt.user.email}>\r\n"
        f"To: {prompt.reply_address}\r\nMessage-ID: not-an-id\r\n"
        "Date: yesterday-ish\r\nContent-Type: multipart/alternative\r\n\r\nno boundary\r\n"
    ).encode()
    message = deliver(raw)
    assert message.is_final
    assert message.state != State.RECEIVED


def test_huge_message_is_rejected_and_kept_without_its_body():
    """A message over 25 MB is rejected with that reason; the record stays, the body does not."""
    message = deliver(b"x" * 10, size=pipeline.MAX_MESSAGE_BYTES + 1)
    assert (message.state, message.reason) == (State.REJECTED, Reason.TOO_LARGE)
    assert message.raw is None
    assert message.size == pipeline.MAX_MESSAGE_BYTES + 1


def test_attachments_stay_in_the_stored_message():
    """A reply with a photo keeps the photo in the stored raw message."""
    prompt = PromptFactory()
    email = message_from_bytes(replies.gmail(prompt, "Photo attached."), policy=policy.default)
    email.add_attachment(b"\x89PNG fake", maintype="image", subtype="png", filename="sea.png")
    message = deliver(email.as_bytes())
    assert Entry.objects.get().body == "Photo attached."
    assert b"sea.png" in bytes(message.raw)


def test_failure_while_processing_keeps_the_message_for_retry():
    """If the database fails part way, the message stays stored and can be processed later."""
    prompt = PromptFactory()
    kept = pipeline.keep(replies.gmail(prompt, "Try again."), provider="test")
    with (
        mock.patch.object(pipeline, "extract", side_effect=OperationalError("gone")),
        pytest.raises(OperationalError),
    ):
        pipeline.process(kept)
    kept.refresh_from_db()
    assert (kept.state, kept.reason) == (State.RECEIVED, Reason.PROCESSING_FAILED)
    pipeline.process(kept)
    assert Entry.objects.get().body == "Try again."


def test_concurrent_duplicate_is_ignored_by_the_database_constraint():
    """Two copies racing past the duplicate check still add the text once."""
    prompt = PromptFactory()
    deliver(replies.gmail(prompt, "Raced."))
    with mock.patch.object(InboundMessage, "is_duplicate", return_value=False):
        second = deliver(replies.gmail(prompt, "Raced."))
    assert (second.state, second.reason) == (State.IGNORED, Reason.DUPLICATE)
    assert Entry.objects.get().body == "Raced."


def test_finished_message_is_left_alone_unless_asked():
    """Processing a finished message again changes nothing unless reprocessing is asked for."""
    prompt = PromptFactory()
    message = deliver(replies.gmail(prompt, "Hi", sender="else@example.com"))
    EmailAddress.objects.create(user=prompt.user, email="else@example.com", verified=True)
    assert pipeline.process(message).state == State.HELD
    assert pipeline.process(message, again=True).state == State.ACCEPTED
    assert pipeline.process(message, again=True).state == State.ACCEPTED
    assert Entry.objects.get().body == "Hi"


def test_held_reply_notifies_the_owner_once_a_day(django_capture_on_commit_callbacks):
    """The owner gets one email about held replies per day, however many are held."""
    prompt = PromptFactory()
    with django_capture_on_commit_callbacks(execute=True):
        deliver(replies.gmail(prompt, "One", sender="x@example.net", message_id="<1@x>"))
        deliver(replies.gmail(prompt, "Two", sender="x@example.net", message_id="<2@x>"))
    assert len(outbox.outbox) == 1
    notice = outbox.outbox[0]
    assert notice.to == [prompt.user.email]
    assert "/journal/review/" in notice.body
    assert "One" not in notice.body
    with (
        time_machine.travel(NOW + dt.timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        deliver(replies.gmail(prompt, "Three", sender="x@example.net", message_id="<3@x>"))
    assert len(outbox.outbox) == 2


def test_no_notice_for_a_deactivated_owner():
    """A held reply for someone who closed their account sends nothing."""
    from entries import tasks

    user = UserFactory(is_active=False)
    tasks.send_held_reply_notice.call_local(user.pk)
    assert outbox.outbox == []


def test_journal_text_never_reaches_the_log(caplog):
    """Log lines about replies carry ids and states, never what was written or who sent it."""
    prompt = PromptFactory()
    with caplog.at_level("INFO"):
        deliver(replies.gmail(prompt, "A very private sentence."))
        deliver(
            replies.gmail(prompt, "Another secret", sender="spy@evil.example", message_id="<s@x>")
        )
    logged = caplog.text
    assert "private" not in logged
    assert "secret" not in logged
    assert prompt.user.email not in logged
    assert "spy@evil.example" not in logged
    assert "accepted" in logged


def test_keeping_fails_loudly_when_the_database_is_down():
    """When the message cannot be stored, keep() raises so the sender retries later."""
    with (
        mock.patch.object(
            InboundMessage.objects, "create", side_effect=OperationalError("database down")
        ),
        pytest.raises(OperationalError),
    ):
        pipeline.keep(b"From: a@b.c\r\n\r\nhi", provider="test")


def test_held_reply_delivered_twice_is_held_once():
    """The same doubtful reply delivered twice waits for review only once."""
    prompt = PromptFactory()
    deliver(replies.gmail(prompt, "Twice.", sender="x@example.net"))
    second = deliver(replies.gmail(prompt, "Twice.", sender="x@example.net"))
    assert (second.state, second.reason) == (State.IGNORED, Reason.DUPLICATE)
    assert InboundMessage.objects.filter(state=State.HELD).count() == 1


def test_processing_failure_is_logged_without_the_error_message(caplog):
    """A failure is logged by type and place, never with a message that could quote the reply."""
    prompt = PromptFactory()
    kept = pipeline.keep(replies.gmail(prompt, "Secret words."), provider="test")
    with mock.patch.object(pipeline, "extract", side_effect=ValueError("Secret words.")):
        pipeline.process(kept)
    assert "ValueError" in caplog.text
    assert "Secret words" not in caplog.text


@pytest.mark.parametrize(
    ("headers", "typed"),
    [
        ({"X-Whatever": "ok"}, "Nul \x00 in the text."),
        ({"Message-ID": "<" + "m" * 1200 + "@example.com>"}, "A very long id."),
        ({"X-Nul": "a\x00b", "Message-ID": "<nul\x00id@example.com>"}, "Nul in a header."),
    ],
    ids=["nul-in-text", "message-id-over-998", "nul-in-headers"],
)
def test_values_the_database_refuses_are_cleaned_before_saving(headers, typed):
    """NUL bytes and over-long ids are cleaned, so the reply is stored (PostgreSQL refuses them)."""
    prompt = PromptFactory()
    raw = replies.message(prompt, typed, headers=headers, message_id=None)
    message = deliver(raw)
    message.refresh_from_db()
    assert message.state == State.ACCEPTED
    assert "\x00" not in Entry.objects.get().body
    assert len(message.message_id) <= 998


def test_nul_in_the_from_address_is_cleaned():
    """A From address with a NUL byte in it is stored without it."""
    prompt = PromptFactory()
    raw = replies.gmail(prompt, "Hi.").replace(b"From: Person <", b"From: Pers\x00on <", 1)
    message = deliver(raw)
    message.refresh_from_db()
    assert message.is_final
    assert "\x00" not in message.sender


def test_an_undefined_charset_still_gives_text():
    """A part labelled with Python's 'undefined' codec is read as text, not a crash."""
    prompt = PromptFactory()
    raw = replies.message(prompt, "Odd label.").replace(b'charset="utf-8"', b'charset="undefined"')
    assert b"undefined" in raw
    message = deliver(raw)
    assert message.state == State.ACCEPTED
    assert Entry.objects.get().body == "Odd label."


def test_a_message_that_breaks_the_pipeline_is_rejected_with_its_reason(caplog):
    """A message the pipeline cannot handle ends rejected, kept for staff, not retried forever."""
    prompt = PromptFactory()
    kept = pipeline.keep(replies.gmail(prompt, "Breaks."), provider="test")
    with mock.patch.object(pipeline, "extract", side_effect=RecursionError("deep")):
        message = pipeline.process(kept)
    message.refresh_from_db()
    assert (message.state, message.reason) == (State.REJECTED, Reason.UNPROCESSABLE)
    assert message.raw
    assert f"Inbound message {kept.pk} could not be processed: RecursionError" in caplog.text


def test_a_value_the_database_refuses_ends_the_message_instead_of_failing_again():
    """If saving the outcome is refused for a value, the message ends rejected, not stuck."""
    prompt = PromptFactory()
    kept = pipeline.keep(replies.gmail(prompt, "Refused."), provider="test")
    original_finish = InboundMessage.finish
    calls = []

    def refuse_once(message, *args):
        calls.append(args)
        if len(calls) == 1:
            raise DataError("value refused")
        original_finish(message, *args)

    with mock.patch.object(InboundMessage, "finish", autospec=True, side_effect=refuse_once):
        message = pipeline.process(kept)
    message.refresh_from_db()
    assert (message.state, message.reason) == (State.REJECTED, Reason.UNPROCESSABLE)


def test_the_same_reply_without_message_id_by_webhook_and_pipe_is_stored_once():
    """A reply without Message-ID, rebuilt from a provider's JSON and raw, is added once."""
    prompt = PromptFactory()
    raw = replies.message(prompt, "Both ways.", message_id=None)
    parsed = message_from_bytes(raw, policy=policy.default)
    rebuilt = AnymailInboundMessage.construct(
        from_email=parsed["From"],
        to=parsed["To"],
        subject=parsed["Subject"],
        headers=[(name, parsed[name]) for name in ("Date", "Authentication-Results")],
        text=parsed.get_body(("plain",)).get_content(),
    ).as_bytes(policy=policy.compat32)
    first = deliver(rebuilt, provider="postmark", recipient=prompt.reply_address)
    second = deliver(raw, provider="pipe")
    assert first.message_id == second.message_id
    assert (first.state, second.reason) == (State.ACCEPTED, Reason.DUPLICATE)
    assert Entry.objects.get().body == "Both ways."


def test_fingerprint_ignores_the_mime_boundaries():
    """Two encodings of one reply (different boundaries) have the same fingerprint."""
    prompt = PromptFactory()
    one = replies.message(prompt, "Same.", html="<p>Same.</p>", message_id=None)
    two = one.replace(b"===============", b"=====other=====")
    assert one != two
    assert pipeline.fingerprint(pipeline.parse(one)) == pipeline.fingerprint(pipeline.parse(two))


# The entry's limits


def test_reply_that_would_make_the_entry_too_long_is_held_whole(
    django_capture_on_commit_callbacks,
):
    """A reply pushing the day's entry past 100,000 characters is held with all its text."""
    prompt = PromptFactory()
    EntryFactory(user=prompt.user, date=prompt.date, body="w" * 99_000)
    typed = "A long evening. " * 100
    with django_capture_on_commit_callbacks(execute=True):
        message = deliver(replies.gmail(prompt, typed))
    assert (message.state, message.reason) == (State.HELD, Reason.TOO_LONG)
    assert message.text == typed.strip()
    assert Entry.objects.get().body == "w" * 99_000
    assert len(outbox.outbox) == 1  # the owner is told a reply waits for review


def test_reply_longer_than_the_limit_by_itself_is_held_whole():
    """A reply that alone passes the limit creates no entry and keeps every character."""
    prompt = PromptFactory()
    typed = "x" * 100_001
    message = deliver(replies.gmail(prompt, typed))
    assert (message.state, message.reason) == (State.HELD, Reason.TOO_LONG)
    assert message.text == typed
    assert not Entry.objects.exists()


def test_second_copy_of_a_reply_held_as_too_long_is_a_duplicate():
    """Delivered twice, a too-long reply waits for review once."""
    prompt = PromptFactory()
    typed = "x" * 100_001
    deliver(replies.gmail(prompt, typed, message_id="<long@x>"))
    again = deliver(replies.gmail(prompt, typed, message_id="<long@x>"))
    assert (again.state, again.reason) == (State.IGNORED, Reason.DUPLICATE)


def test_reply_to_a_prompt_for_a_day_outside_the_journal_is_held():
    """A reply whose prompt's day is after tomorrow is held, never written to that day."""
    prompt = PromptFactory(date=dt.date(2026, 12, 25))
    message = deliver(replies.gmail(prompt, "Too early."))
    assert (message.state, message.reason) == (State.HELD, Reason.OUT_OF_RANGE)
    assert message.text == "Too early."
    assert not Entry.objects.exists()
