"""Steering by email: commands at the top of a reply, what they do, and the emails that answer."""

import base64
import datetime as dt
import io
import sys

import pytest
import time_machine
from django.core.management import call_command
from huey.contrib.djhuey import HUEY

from accounts.tests.factories import UserFactory
from entries import steering, tasks
from entries.mail import payloads
from entries.models import Entry, InboundMessage
from entries.tests import replies
from entries.tests.factories import PromptFactory
from entries.tests.webhooks import BASIC_AUTH, anymail_settings, mailgun_signature

NOW = dt.datetime(2026, 11, 27, 21, tzinfo=dt.UTC)  # Friday, 22:00 in Paris
PROMPT_DAY = dt.date(2026, 11, 27)


@pytest.fixture
def user(db):
    return UserFactory()


def test_yesterday_files_the_reply_on_the_day_before(user):
    """ "yesterday" files the reply on the day before the author's today, and says so."""
    outcome = steering.follow(user, "yesterday\nA long day.", day=PROMPT_DAY, now=NOW)
    assert (outcome.day, outcome.text) == (dt.date(2026, 11, 26), "A long day.")
    assert outcome.confirmations == ["Filed this reply on Thursday 26 November 2026."]


def test_a_date_beyond_400_days_keeps_its_line_and_says_why(user):
    """A date too far back is not followed: the line stays in the text and the reply stays put."""
    outcome = steering.follow(user, "date: 2020-01-01\nOld times.", day=PROMPT_DAY, now=NOW)
    assert (outcome.day, outcome.text) == (PROMPT_DAY, "date: 2020-01-01\nOld times.")
    assert "not within the last 400 days" in outcome.confirmations[0]


def test_pause_for_days_pauses_and_confirms(user):
    """ "pause 7 days" pauses until the eighth day, and the confirmation names it."""
    outcome = steering.follow(user, "pause 7 days", day=PROMPT_DAY, now=NOW)
    user.refresh_from_db()
    assert user.prompts_paused
    assert user.paused_until == dt.date(2026, 12, 5)
    assert outcome.text == ""
    assert outcome.confirmations == [
        "Paused until Saturday 5 December 2026. Reply “resume” to start again."
    ]


def test_pause_with_no_end_and_resume(user):
    """ "pause" stops prompts until "resume" starts them again."""
    assert steering.follow(user, "pause", day=PROMPT_DAY, now=NOW).confirmations == [
        "Paused. Reply “resume” to start again."
    ]
    user.refresh_from_db()
    assert user.next_prompt_at is None
    said = steering.follow(user, "Resume", day=PROMPT_DAY, now=NOW).confirmations
    assert said == [
        "Prompts are back on. The next one arrives Saturday 28 November at 20:00, Europe/Paris."
    ]


def test_a_pause_into_the_past_is_text(user):
    """A pause that would end before tomorrow is not followed and the line is kept."""
    outcome = steering.follow(user, "pause until 2026-11-01\nHi", day=PROMPT_DAY, now=NOW)
    user.refresh_from_db()
    assert not user.prompts_paused
    assert outcome.text == "pause until 2026-11-01\nHi"
    assert "prompts go on as before" in outcome.confirmations[0]


def test_skip_moves_the_next_prompt(user):
    """ "skip" means no prompt tomorrow."""
    outcome = steering.follow(user, "skip", day=PROMPT_DAY, now=NOW)
    user.refresh_from_db()
    assert user.local_date(user.next_prompt_at) == dt.date(2026, 11, 29)
    assert outcome.confirmations == [
        "No prompts until Sunday 29 November 2026. Reply “resume” to start again sooner."
    ]


# Through the whole loop, as the person sees it: a reply goes in, emails come out

AUTH = "Basic " + base64.b64encode(BASIC_AUTH.encode()).decode()


class Loop:
    """Replies sent in as a provider or a mail server would; work queued on commit runs."""

    def __init__(self, client, after_commit):
        self.client, self.after_commit = client, after_commit

    def mailgun(self, prompt, text, message_id="<reply-1@mail.example.com>", **options):
        """Post a reply the way Mailgun does: raw MIME, signed."""
        raw = replies.gmail(prompt, text, message_id=message_id, **options)
        timestamp, token = "1795742388", message_id.strip("<>").ljust(50, "a")
        form = {
            "timestamp": timestamp,
            "token": token,
            "signature": mailgun_signature(timestamp, token),
            "recipient": prompt.reply_address,
            "sender": prompt.user.email,
            "body-mime": raw.decode(),
        }
        with self.after_commit(execute=True):
            response = self.client.post(
                "/anymail/mailgun/inbound_mime/", form, HTTP_AUTHORIZATION=AUTH
            )
        assert response.status_code == 200

    def pipe(self, prompt, text, monkeypatch):
        """Pipe a reply into receive_email, as the mail server does."""
        raw = replies.apple_mail(prompt, text, message_id="<reply-1@mail.example.com>")
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
        with self.after_commit(execute=True), pytest.raises(SystemExit):
            call_command("receive_email", "--recipient", prompt.reply_address)

    def accept(self, message):
        """Accept a held reply on the review page, as its owner."""
        self.client.force_login(message.user)
        with self.after_commit(execute=True):
            self.client.post(f"/journal/review/{message.pk}/accept/")


@pytest.fixture
def loop(settings, db, client, django_capture_on_commit_callbacks):
    """Friday 27 November, 22:00 in Paris, with the webhooks configured."""
    settings.ANYMAIL = anymail_settings()
    settings.INBOUND_PROVIDERS = list(payloads.VIEWS)
    with time_machine.travel(NOW, tick=False):
        yield Loop(client, django_capture_on_commit_callbacks)


def test_pause_by_webhook_pauses_and_confirms_without_an_entry(loop, mailoutbox):
    """A reply that says only "pause 7 days" pauses, files nothing, and is confirmed by email."""
    prompt = PromptFactory(date=PROMPT_DAY)
    loop.mailgun(prompt, "pause 7 days")
    prompt.user.refresh_from_db()
    assert prompt.user.paused_until == dt.date(2026, 12, 5)
    assert not Entry.objects.exists()
    message = InboundMessage.objects.get()
    assert (message.state, message.reason) == ("accepted", "command")
    (confirmation,) = mailoutbox
    assert confirmation.to == [prompt.user.email]
    assert confirmation.subject == "Daybook: Paused until Saturday 5 December 2026"
    assert "Reply “resume” to start again." in confirmation.body


def test_yesterday_through_the_pipe_files_the_reply_with_its_question(
    loop, monkeypatch, mailoutbox
):
    """ "yesterday" on top files the rest on Thursday with the prompt's question, line left out."""
    prompt = PromptFactory(date=PROMPT_DAY, question="Three good things")
    loop.pipe(prompt, "Yesterday\n\nThe bakery, the rain, the call.", monkeypatch)
    entry = Entry.objects.get()
    assert (entry.date, entry.body, entry.question) == (
        dt.date(2026, 11, 26),
        "The bakery, the rain, the call.",
        "Three good things",
    )
    assert [message.subject for message in mailoutbox] == [
        "Daybook: Filed this reply on Thursday 26 November 2026"
    ]


def test_an_unknown_word_on_the_command_line_is_text(loop, mailoutbox):
    """ "Skip the gym" is not a command: it is the entry, and no confirmation goes out."""
    prompt = PromptFactory(date=PROMPT_DAY)
    loop.mailgun(prompt, "Skip the gym, said my knee.")
    assert Entry.objects.get().body == "Skip the gym, said my knee."
    assert mailoutbox == []


def test_commands_in_a_held_reply_wait_for_its_owner(loop, mailoutbox):
    """A reply held for review changes nothing; accepting it follows its commands then."""
    prompt = PromptFactory(date=PROMPT_DAY)
    loop.mailgun(prompt, "pause\nA quiet week ahead.", authenticated=False)
    message = InboundMessage.objects.get()
    assert message.state == "held"
    prompt.user.refresh_from_db()
    assert not prompt.user.prompts_paused
    mailoutbox.clear()  # the held-reply notice
    loop.accept(message)
    prompt.user.refresh_from_db()
    assert prompt.user.prompts_paused
    assert Entry.objects.get().body == "A quiet week ahead."
    assert [m.subject for m in mailoutbox] == ["Daybook: Paused"]


def test_a_reply_ends_a_slow_down(loop):
    """Someone slowed to weekly who replies is back on their own schedule."""
    prompt = PromptFactory(date=PROMPT_DAY)
    user = prompt.user
    user.prompt_pace, user.unanswered_prompts, user.slowed_on = "weekly", 16, dt.date(2026, 11, 20)
    user.save()
    loop.mailgun(prompt, "Back again.")
    user.refresh_from_db()
    assert (user.prompt_pace, user.unanswered_prompts) == ("own", 0)


def test_receipts_once_a_day_grouping_the_days_saved(loop, mailoutbox):
    """With receipts on, the day's replies get one receipt naming each day, with links."""
    prompt = PromptFactory(date=PROMPT_DAY)
    prompt.user.receipts_enabled = True
    prompt.user.save()
    loop.mailgun(prompt, "First.")
    loop.mailgun(prompt, "yesterday\nSecond.", message_id="<reply-2@mail.example.com>")
    assert mailoutbox == [m for m in mailoutbox if "Filed" in m.subject]
    # One receipt, ten minutes on, for both replies; run it as the worker would then.
    (scheduled,) = HUEY.scheduled()
    assert scheduled.eta == (NOW + dt.timedelta(minutes=10)).replace(tzinfo=None)
    tasks.send_receipt.call_local(*scheduled.args)
    receipt = mailoutbox[-1]
    assert receipt.subject == "Daybook: saved to Thursday 26 November and 1 more day"
    assert "Saved to Friday 27 November 2026: 1 word in that day's entry now." in receipt.body
    assert "/journal/2026/11/26/edit/" in receipt.body


def test_no_receipts_unless_asked(loop, mailoutbox):
    """Receipts are off by default: a reply sends nothing back."""
    loop.mailgun(PromptFactory(date=PROMPT_DAY), "Quiet.")
    assert HUEY.scheduled() == []
    assert mailoutbox == []


def test_no_receipt_or_confirmation_for_someone_who_left_or_wrote_nothing(db, mailoutbox):
    """A receipt or confirmation for a deactivated account, or with nothing saved, sends nothing."""
    gone = UserFactory(is_active=False)
    tasks.send_command_confirmation.call_local(gone.pk, ["Paused."])
    tasks.send_receipt.call_local(gone.pk, NOW.isoformat())
    tasks.send_receipt.call_local(UserFactory().pk, NOW.isoformat())
    assert mailoutbox == []


def test_a_day_command_alone_files_nothing_and_says_nothing(user):
    """ "yesterday" with no text after it has nothing to file, so nothing is confirmed."""
    outcome = steering.follow(user, "yesterday", day=PROMPT_DAY, now=NOW)
    assert (outcome.text, outcome.confirmations) == ("", [])
