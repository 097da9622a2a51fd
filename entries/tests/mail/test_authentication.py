"""Only a reply with evidence that its From address sent it reaches the journal unreviewed."""

import base64
import datetime as dt
import re
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from entries.mail import authentication, pipeline
from entries.models import Entry, InboundMessage
from entries.tests import dkim, replies, webhooks
from entries.tests.factories import PromptFactory

pytestmark = pytest.mark.django_db
State = InboundMessage.State
Reason = InboundMessage.Reason
TRUSTED = replies.TRUSTED_SERVER


@pytest.fixture
def dns(monkeypatch):
    """Public keys a test publishes, served without the network."""
    fake = dkim.FakeDNS()
    monkeypatch.setattr(authentication, "lookup_txt", fake)
    return fake


def deliver(raw, **kwargs):
    kwargs.setdefault("provider", "pipe")
    return pipeline.process(pipeline.keep(raw, **kwargs))


def forged(prompt, text="Not really me.", **kwargs):
    """A reply with the owner's From and nothing that proves it."""
    return replies.gmail(prompt, text, authenticated=False, **kwargs)


def test_forged_from_without_authentication_headers_is_held():
    """A From that anyone could have written, with no evidence at all, is held."""
    prompt = PromptFactory()
    message = deliver(forged(prompt))
    assert (message.state, message.reason) == (State.HELD, Reason.UNAUTHENTICATED)
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Mailgun-Spf": "Pass", "X-Mailgun-Dkim-Check-Result": "Pass"},
        {"Received-SPF": "Pass (sender SPF authorized)"},
        {"ARC-Authentication-Results": f"i=1; {TRUSTED}; dmarc=pass; dkim=pass; spf=pass"},
        {"Authentication-Results": "mx.evil.example; dmarc=pass header.from=example.com"},
        {"X-Spam-Status": "No"},
    ],
    ids=["mailgun-headers-through-the-pipe", "received-spf", "arc", "untrusted-id", "spam-no"],
)
def test_headers_anyone_can_write_are_not_evidence(headers):
    """Passing verdicts from no trusted server (or in ARC sets) do not let a reply through."""
    prompt = PromptFactory()
    message = deliver(forged(prompt, headers=headers))
    assert (message.state, message.reason) == (State.HELD, Reason.UNAUTHENTICATED)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Mailgun-Spf": "Fail"},
        {"ARC-Authentication-Results": "i=1; mx.microsoft.example; spf=softfail"},
        {"Authentication-Results": f"{TRUSTED}; dkim=none; spf=none; dmarc=none"},
        {"Authentication-Results": f"{TRUSTED}; spf=neutral smtp.mailfrom=example.com"},
    ],
    ids=["x-mailgun-spf-fail", "arc-spf-softfail", "all-none", "spf-neutral"],
)
def test_no_positive_evidence_is_held(headers):
    """Fail, softfail, none or neutral in any header leaves the reply unproven: held."""
    prompt = PromptFactory()
    message = deliver(forged(prompt, headers=headers))
    assert (message.state, message.reason) == (State.HELD, Reason.UNAUTHENTICATED)


@pytest.mark.parametrize("result", ["spf=softfail", "spf=fail", "dkim=fail", "dmarc=fail"])
def test_a_trusted_servers_failing_check_holds_the_reply(result):
    """The trusted server's failing check holds a reply even beside a passing one."""
    prompt = PromptFactory()
    raw = replies.gmail(prompt, "Hm.", headers={"Authentication-Results": f"{TRUSTED}; {result}"})
    assert deliver(raw).reason == Reason.AUTHENTICATION_FAILED


def test_a_trusted_dmarc_pass_is_accepted():
    """The trusted mail server's DMARC pass for the From's domain lets the reply through."""
    prompt = PromptFactory()
    assert deliver(replies.gmail(prompt, "Fine day.")).state == State.ACCEPTED


def test_a_trusted_dkim_pass_must_be_the_from_domains():
    """A DKIM pass counts only for a signature of the From's domain (or its parent)."""
    prompt = PromptFactory()
    aligned = f"{TRUSTED}; dkim=pass header.d=mail.example.com header.s=x"
    other = f"{TRUSTED}; dkim=pass header.i=@evil.example"
    ok = deliver(forged(prompt, "One.", headers={"Authentication-Results": aligned}))
    assert ok.state == State.ACCEPTED
    message = deliver(
        forged(prompt, "Two.", headers={"Authentication-Results": other}, message_id="<2@x>")
    )
    assert message.reason == Reason.UNAUTHENTICATED


def test_a_slipped_in_header_in_the_trusted_servers_name_does_not_pass():
    """A forger's copy of the trusted server's header disagrees with the real one: held."""
    prompt = PromptFactory()
    raw = forged(prompt)
    # The trusted server adds its own header on top of the forger's.
    raw = (
        f"Authentication-Results: {TRUSTED}; dkim=none; dmarc=none\r\n"
        f"Authentication-Results: {TRUSTED}; dkim=pass header.d=example.com; dmarc=pass\r\n"
    ).encode() + raw
    assert deliver(raw).reason == Reason.UNAUTHENTICATED


def test_trusted_names_are_read_from_settings(settings):
    """Without INBOUND_AUTHSERV_IDS no Authentication-Results header is believed."""
    settings.INBOUND_AUTHSERV_IDS = []
    prompt = PromptFactory()
    assert deliver(replies.gmail(prompt, "Fine day.")).reason == Reason.UNAUTHENTICATED


def test_an_envelope_sender_of_another_domain_is_held():
    """A return path at another domain than the From (evil@evil.example) is held."""
    prompt = PromptFactory()
    message = deliver(replies.gmail(prompt, "Hi."), envelope_sender="evil@evil.example")
    assert (message.state, message.reason) == (State.HELD, Reason.ENVELOPE_MISMATCH)


def test_an_envelope_sender_of_the_from_domain_is_fine():
    """A bounce address at the From's own domain or a subdomain of it is not a mismatch."""
    prompt = PromptFactory()
    message = deliver(replies.gmail(prompt, "Hi."), envelope_sender="bounces@mail.example.com")
    assert message.state == State.ACCEPTED


# Daybook's own DKIM check


def test_a_valid_dkim_signature_of_the_from_domain_is_accepted(dns):
    """A reply signed by the From's domain, checked against its published key, goes in."""
    prompt = PromptFactory()
    dns.publish("example.com")
    message = deliver(dkim.sign(forged(prompt, "Signed."), "example.com"))
    assert (message.state, message.reason) == (State.ACCEPTED, Reason.APPENDED)
    assert dns.asked == ["daybook._domainkey.example.com."]


def test_a_bad_dkim_signature_is_held(dns):
    """A signature that does not match the message (altered on the way) proves nothing."""
    prompt = PromptFactory()
    dns.publish("example.com")
    signed = dkim.sign(forged(prompt, "Original."), "example.com")
    tampered = signed.replace(b"Original.", b"Changed!!")
    assert deliver(tampered).reason == Reason.UNAUTHENTICATED


def test_a_dkim_signature_without_a_published_key_is_held(dns):
    """No key in DNS (or DNS down): no evidence, held, and no error."""
    prompt = PromptFactory()
    message = deliver(dkim.sign(forged(prompt), "example.com"))
    assert message.reason == Reason.UNAUTHENTICATED


def test_a_valid_signature_of_another_domain_is_held(dns):
    """evil.example can sign its own mail, not vouch for example.com's From."""
    prompt = PromptFactory()
    dns.publish("evil.example")
    assert deliver(dkim.sign(forged(prompt), "evil.example")).reason == Reason.UNAUTHENTICATED
    assert dns.asked == []  # not even looked up


def test_a_signature_over_part_of_the_body_is_held(dns):
    """l= signs only the first part of the body; what follows could be anyone's."""
    prompt = PromptFactory()
    dns.publish("example.com")
    raw = dkim.sign(forged(prompt), "example.com", length=True)
    assert deliver(raw).reason == Reason.UNAUTHENTICATED


def test_a_signature_of_the_parent_domain_is_aligned(dns):
    """A signature by example.com vouches for a From at mail.example.com."""
    prompt = PromptFactory(user__email="person@mail.example.com")
    dns.publish("example.com")
    assert deliver(dkim.sign(forged(prompt), "example.com")).state == State.ACCEPTED


# Expired reply addresses


def test_a_reply_after_the_address_expired_is_held_with_its_reason(client, settings):
    """A reply 46 days late is held, says why on the review page, and one click adds it."""
    settings.REPLY_TOKEN_DAYS = 45
    sent = dt.datetime(2026, 11, 27, 19, 0, tzinfo=dt.UTC)
    prompt = PromptFactory(sent_at=sent)
    with time_machine.travel(sent + dt.timedelta(days=46), tick=False):
        message = deliver(replies.gmail(prompt, "Better late."))
    assert (message.state, message.reason) == (State.HELD, Reason.LATE_REPLY)
    client.force_login(prompt.user)
    page = client.get(reverse("entries:review")).content.decode()
    assert "it came after its reply address had expired" in page
    assert "Better late." in page
    client.post(reverse("entries:review_accept", args=[message.pk]))
    assert Entry.objects.get().body == "Better late."


def test_a_reply_within_the_lifetime_is_taken(settings):
    """A reply on the 45th day is still in time."""
    settings.REPLY_TOKEN_DAYS = 45
    sent = dt.datetime(2026, 11, 27, 19, 0, tzinfo=dt.UTC)
    prompt = PromptFactory(sent_at=sent)
    with time_machine.travel(sent + dt.timedelta(days=45), tick=False):
        assert deliver(replies.gmail(prompt, "Just in time.")).state == State.ACCEPTED


def test_a_prompt_never_sent_counts_from_its_creation(settings):
    """Without a send time the lifetime runs from when the prompt was made."""
    prompt = PromptFactory(sent_at=None)
    assert prompt.expects_replies_at(timezone.now())
    late = prompt.created + dt.timedelta(days=settings.REPLY_TOKEN_DAYS + 1)
    assert not prompt.expects_replies_at(late)


# Providers' verdicts


def event(esp_event=None, **message_fields):
    """An anymail inbound event carrying only what provider_verdict reads."""
    message = mail_message(**message_fields)
    return SimpleNamespace(message=message, esp_event=esp_event or {})


def mail_message(headers=(), spam_detected=None):
    from anymail.inbound import AnymailInboundMessage

    message = AnymailInboundMessage()
    for name, value in headers:
        message[name] = value
    message.spam_detected = spam_detected
    return message


@pytest.mark.parametrize(
    ("esp_name", "payload", "expected"),
    [
        (
            "Amazon SES",
            {
                "receipt": {
                    n: {"status": "PASS"} for n in ("spfVerdict", "dkimVerdict", "dmarcVerdict")
                }
            },
            "spf=pass dkim=pass dmarc=pass",
        ),
        ("Amazon SES", {"receipt": {"dmarcVerdict": {"status": "GRAY"}}}, "dmarc=gray"),
        (
            "MailerSend",
            {"data": {"spf_check": {"code": "+"}, "dkim_check": True}},
            "spf=pass dkim=pass",
        ),
        ("MailerSend", {"data": {"spf_check": {"code": "~"}, "dkim_check": False}}, "spf=softfail"),
        ("Mandrill", {"msg": {"dkim": {"signed": True, "valid": True}}}, "dkim=pass"),
        ("Postmark", {}, ""),
    ],
)
def test_provider_verdicts_are_read_from_the_payload(esp_name, payload, expected):
    """Each provider's own checks are stored as method=result words."""
    assert authentication.provider_verdict(esp_name, event(payload)) == expected


def test_mailgun_verdicts_come_from_its_headers_worst_first():
    """Mailgun's result headers count, and a sender's own 'Pass' copy cannot hide a Fail."""
    headers = [
        ("X-Mailgun-Spf", "Pass"),
        ("X-Mailgun-Spf", "Fail"),
        ("X-Mailgun-Dkim-Check-Result", "Pass"),
    ]
    assert (
        authentication.provider_verdict("Mailgun", event(headers=headers)) == "spf=fail dkim=pass"
    )


def test_sendgrid_names_the_signing_domain():
    """SendGrid's dkim field says which domain's signature passed."""
    request = SimpleNamespace(POST={"SPF": "pass", "dkim": "{@example.org : pass}"})
    verdict = authentication.provider_verdict("SendGrid", event(request))
    assert verdict == "spf=pass dkim=pass@example.org"
    request.POST["dkim"] = "{@example.org : pass, @evil.example : fail}"
    assert "dkim=fail" in authentication.provider_verdict("SendGrid", event(request))


def test_a_provider_spam_flag_is_spam():
    """A provider's spam verdict is stored as such."""
    assert authentication.provider_verdict("Postmark", event(spam_detected=True)) == "spam"


@pytest.mark.parametrize(
    ("verdict", "envelope", "extra", "expected"),
    [
        ("dmarc=pass", "", {}, (State.ACCEPTED, Reason.APPENDED)),
        ("spf=pass", "person@example.com", {}, (State.ACCEPTED, Reason.APPENDED)),
        ("spf=pass", "", {}, (State.HELD, Reason.UNAUTHENTICATED)),
        ("spf=pass dkim=pass", "evil@evil.example", {}, (State.HELD, Reason.ENVELOPE_MISMATCH)),
        ("dkim=pass@example.com", "", {}, (State.ACCEPTED, Reason.APPENDED)),
        ("dkim=pass@evil.example", "", {}, (State.HELD, Reason.UNAUTHENTICATED)),
        (
            "dkim=pass",
            "",
            {"DKIM-Signature": "v=1; d=example.com; s=x; b=..."},
            (State.ACCEPTED, Reason.APPENDED),
        ),
        (
            "dkim=pass",
            "",
            {"DKIM-Signature": "v=1; d=evil.example; s=x; b=..."},
            (State.HELD, Reason.UNAUTHENTICATED),
        ),
        ("dkim=pass", "", {}, (State.HELD, Reason.UNAUTHENTICATED)),
        ("dmarc=gray", "", {}, (State.HELD, Reason.UNAUTHENTICATED)),
        ("spf=softfail dmarc=pass", "", {}, (State.HELD, Reason.AUTHENTICATION_FAILED)),
        ("authentication failed", "", {}, (State.HELD, Reason.AUTHENTICATION_FAILED)),
        ("spam", "", {}, (State.HELD, Reason.SPAM)),
    ],
)
def test_provider_verdicts_decide_with_the_message(verdict, envelope, extra, expected):
    """A provider's pass counts when aligned with the From; its failures and spam flags hold."""
    prompt = PromptFactory()
    raw = forged(prompt, headers=extra)
    message = deliver(raw, provider="mailgun", verdict=verdict, envelope_sender=envelope)
    assert (message.state, message.reason) == expected


# Odd inputs


REAL_LOOKUP = authentication.lookup_txt  # before conftest swaps it for each test


def test_dns_lookups_go_through_dkimpy(monkeypatch):
    """In production the TXT lookup is dkimpy's (dnspython), with a short timeout."""
    asked = []
    monkeypatch.setattr("dkim.dnsplug.get_txt", lambda name, timeout: asked.append(timeout))
    REAL_LOOKUP(b"s._domainkey.example.com.")
    assert asked == [authentication.DNS_TIMEOUT]


def test_odd_messages_are_simply_unproven(monkeypatch):
    """No From, a garbled signature, or a message dkimpy cannot read: no evidence, no error."""
    no_from = pipeline.parse(b"To: x@example.com\r\n\r\nHi")
    assert not authentication.authenticate(no_from, provider_verdict="dmarc=pass").passed
    garbled = b"From: a@example.com\r\nDKIM-Signature: garbage\r\n\r\nHi"
    assert not authentication.authenticate(pipeline.parse(garbled), raw=garbled).passed
    signed = b"From: a@example.com\r\nDKIM-Signature: v=1; d=example.com; s=s\r\n\r\nHi"
    monkeypatch.setattr("dkim.DKIM", _raise)
    assert not authentication.authenticate(pipeline.parse(signed), raw=signed).passed
    assert authentication.provider_verdict("SendGrid", event(SimpleNamespace(POST={}))) == ""


def _raise(*args, **kwargs):
    raise ValueError("unreadable")


# Through a provider's webhook, end to end


def post_to_mailgun(client, prompt, raw, sender):
    """Post a reply the way Mailgun's inbound_mime route does, correctly signed."""
    timestamp, token = "1795742388", "b" * 50
    return client.post(
        "/anymail/mailgun/inbound_mime/",
        {
            "timestamp": timestamp,
            "token": token,
            "signature": webhooks.mailgun_signature(timestamp, token),
            "recipient": prompt.reply_address,
            "sender": sender,
            "body-mime": raw.decode(),
        },
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(webhooks.BASIC_AUTH.encode()).decode(),
    )


@pytest.fixture
def mailgun(settings):
    settings.ANYMAIL = webhooks.anymail_settings()
    settings.INBOUND_PROVIDERS = ["mailgun"]


MAILGUN_PASS = {"X-Mailgun-Spf": "Pass", "X-Mailgun-Dkim-Check-Result": "Pass"}


def test_mailgun_pass_for_the_from_domain_is_accepted(client, mailgun):
    """Mailgun's SPF pass for a return path at the From's domain lets the reply in."""
    prompt = PromptFactory()
    raw = forged(prompt, "Via Mailgun.", headers=MAILGUN_PASS)
    assert post_to_mailgun(client, prompt, raw, prompt.user.email).status_code == 200
    assert Entry.objects.get().body == "Via Mailgun."


def test_mailgun_with_a_foreign_envelope_sender_is_held(client, mailgun):
    """Through Mailgun, a forged From with envelope sender evil@evil.example is held."""
    prompt = PromptFactory()
    raw = forged(prompt, headers=MAILGUN_PASS)
    post_to_mailgun(client, prompt, raw, "evil@evil.example")
    message = InboundMessage.objects.get()
    assert (message.state, message.reason) == (State.HELD, Reason.ENVELOPE_MISMATCH)


def test_mailgun_spf_fail_is_held(client, mailgun):
    """X-Mailgun-Spf: Fail through Mailgun holds the reply as failed authentication."""
    prompt = PromptFactory()
    raw = forged(prompt, headers={"X-Mailgun-Spf": "Fail"})
    post_to_mailgun(client, prompt, raw, prompt.user.email)
    message = InboundMessage.objects.get()
    assert (message.state, message.reason) == (State.HELD, Reason.AUTHENTICATION_FAILED)


def test_a_second_from_header_defeats_a_valid_signature(dns):
    """The forger's own signed message (a shared domain) with the owner's From on top: held."""
    prompt = PromptFactory()
    dns.publish("example.com")
    signed = dkim.sign(forged(prompt, sender="forger@example.com"), "example.com")
    raw = f"From: {prompt.user.email}\r\n".encode() + signed
    assert deliver(raw).reason == Reason.UNAUTHENTICATED


def test_a_from_with_two_addresses_is_not_proven():
    """Evidence for a From naming two authors cannot say which one sent it: held."""
    prompt = PromptFactory()
    raw = replies.gmail(prompt, "Two of us.")
    raw = raw.replace(b">\nTo:", b">, other@evil.example\nTo:", 1)
    assert deliver(raw).reason == Reason.UNAUTHENTICATED


def test_thousands_of_recipients_still_find_the_prompt(django_assert_max_num_queries):
    """A message to 40,000 reply addresses looks up a bounded number of them, in one query."""
    prompt = PromptFactory(message_id="")
    junk = ", ".join(f"x{n}@reply.localhost" for n in range(40000))
    raw = f"From: {prompt.user.email}\r\nTo: {prompt.reply_address}, {junk}\r\n\r\nHi.\r\n"
    email = pipeline.parse(raw.encode())
    with django_assert_max_num_queries(1) as queries:
        assert pipeline.identify(email, "") == prompt
    assert len(re.findall(r"'x\d+'", queries[0]["sql"])) < 100
