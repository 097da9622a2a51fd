"""A reply to a real prompt, posted by the mail provider, read back in the journal."""

import base64
import datetime as dt
import http.client
import json
from email import message_from_bytes, policy
from html import escape
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from entries.models import Entry, InboundMessage, Prompt
from entries.tests import replies
from entries.tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

# 08:00 on Saturday 28 November in Auckland is still Friday 27 November in
# UTC: the prompt's day is not the UTC day. It is replies.SENT, the instant the
# mail helper dates its replies an hour after.
AUCKLAND_MORNING = replies.SENT
WEBHOOK_SECRET = "postmark:browser-test"
TYPED = "Kayaked round the harbour before work.\n\nThe water was glass."
SIGNATURE = "-- \nRuth Park\nruth@example.com"


def gmail_reply(prompt, sent, typed):
    """A reply as Gmail sends it: the typed text, then the prompt that was sent, quoted."""
    attribution = f"On Sat, Nov 28, 2026 at 8:00\u202fAM {sent.from_email} wrote:"
    quoted = "\n".join(f"> {line}".rstrip() for line in sent.body.splitlines())
    # Gmail quotes what was inside the prompt's <body>, not the whole document.
    prompt_html = sent.alternatives[0].content.split("<body", 1)[1].split(">", 1)[1]
    prompt_html = prompt_html.rsplit("</body>", 1)[0]
    paragraphs = "".join(f"<div>{line or '<br>'}</div>" for line in typed.split("\n"))
    html = (
        f'<div dir="ltr">{paragraphs}</div><br><div class="gmail_quote"><div dir="ltr" '
        f'class="gmail_attr">{escape(attribution)}<br></div>'
        f'<blockquote class="gmail_quote">{prompt_html}</blockquote></div>'
    )
    raw = replies.message(prompt, f"{typed}\n\n{attribution}\n\n{quoted}\n", html=html)
    reply = message_from_bytes(raw, policy=policy.default)
    reply.replace_header("From", f"Ruth Park <{prompt.user.email}>")
    reply.replace_header("Subject", f"Re: {sent.subject}")
    return reply.as_bytes()


def post_to_postmark_webhook(live_server, prompt, raw):
    """Post raw the way Postmark's inbound webhook does, with "Include raw email" on."""
    payload = {
        "FromFull": {"Email": prompt.user.email, "Name": "Ruth Park", "MailboxHash": ""},
        "ToFull": [{"Email": prompt.reply_address, "Name": "", "MailboxHash": ""}],
        "OriginalRecipient": prompt.reply_address,
        "MessageID": "0b9f2b52-browser-test",
        "Headers": [{"Name": "Return-Path", "Value": f"<{prompt.user.email}>"}],
        "RawEmail": raw.decode("ascii"),
    }
    token = base64.b64encode(WEBHOOK_SECRET.encode()).decode()
    connection = http.client.HTTPConnection(urlsplit(live_server.url).netloc)
    connection.request(
        "POST",
        "/anymail/postmark/inbound/",
        body=json.dumps(payload),
        headers={"Content-Type": "application/json", "Authorization": f"Basic {token}"},
    )
    status = connection.getresponse().status
    connection.close()
    return status


def test_reply_posted_by_the_provider_shows_on_the_prompts_day(
    page, live_server, settings, mailoutbox
):
    """A Gmail reply to Saturday's prompt in Auckland reads as Saturday's entry, text only."""
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": [WEBHOOK_SECRET]}
    settings.INBOUND_PROVIDERS = ["postmark"]
    with time_machine.travel(AUCKLAND_MORNING - dt.timedelta(hours=1), tick=False) as clock:
        user = UserFactory(
            email="ruth@example.com", timezone="Pacific/Auckland", prompt_time=dt.time(8, 0)
        )
        user.schedule_next_prompt(dt.datetime.now(dt.UTC))
        user.save()

        clock.move_to(AUCKLAND_MORNING)
        call_command("send_prompts", "--now", AUCKLAND_MORNING.isoformat())
        prompt = Prompt.objects.get(user=user)
        assert (prompt.status, prompt.date) == (Prompt.Status.SENT, dt.date(2026, 11, 28))
        [sent] = mailoutbox
        assert sent.subject == "It's Saturday, Nov 28. How was your day?"
        assert prompt.sent_at.date() == dt.date(2026, 11, 27)

        clock.move_to(AUCKLAND_MORNING + dt.timedelta(hours=1))
        raw = gmail_reply(prompt, sent, f"{TYPED}\n\n{SIGNATURE}")
        assert post_to_postmark_webhook(live_server, prompt, raw) == 200
        inbound = InboundMessage.objects.get()
        assert (inbound.provider, inbound.state) == ("postmark", InboundMessage.State.ACCEPTED)
        assert Entry.objects.get(user=user, date=dt.date(2026, 11, 28)).body == TYPED

        log_in(page, live_server, user)
        page.goto("/journal/")
        card = page.get_by_role("article").filter(has_text="Kayaked")
        card.get_by_role("link", name="Saturday 28 November").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Saturday 28 November 2026")
        day = page.get_by_role("article", name="Your entry")
        expect(day.locator(".entry-body p")).to_have_text(
            ["Kayaked round the harbour before work.", "The water was glass."]
        )
        for left_out in ("Reply above this line", "How was your day", "wrote:", "Ruth Park"):
            expect(day).not_to_contain_text(left_out)

        page.goto("/journal/2026/11/27/")
        expect(page.get_by_text("Nothing written on this day.")).to_be_visible()
