import pytest

from accounts.tests.factories import UserFactory
from entries.mail import mime, payloads, pipeline
from entries.models import InboundMessage
from entries.tests.factories import PromptFactory
from entries.tests.webhooks import Case, anymail_settings, cases

pytestmark = [
    pytest.mark.django_db,
    # anymail warns that it no longer supports SendGrid inbound; Daybook still accepts it.
    pytest.mark.filterwarnings("ignore::anymail.exceptions.AnymailNotSupportedWarning"),
]

State = InboundMessage.State
Reason = InboundMessage.Reason

CASES = [Case(path) for path in cases()]
ACCEPTED_CASES = [case for case in CASES if not case.refused_by_anymail]
# Payloads whose provider vouches for the sender: SES's DMARC verdict, Mailgun's
# and SendGrid's DKIM and SPF results, MailerSend's SPF check, each aligned with
# the From (see entries/mail/authentication.py). The rest carry no verdict.
AUTHENTICATED_BY_PROVIDER = {
    "amazon_ses/test_inbound_sns_utf8",
    "mailersend/test_inbound",
    "mailgun/test_inbound_basics",
    "sendgrid/test_inbound_basics",
    "sendgrid/test_inbound_mime",
}


def params(found):
    assert found, "no recorded requests: entries/tests/samples/corpus/ is missing"
    return [pytest.param(case, id=case.id) for case in found]


@pytest.fixture(autouse=True)
def _webhook_keys(settings):
    settings.ANYMAIL = anymail_settings()
    settings.INBOUND_PROVIDERS = list(payloads.VIEWS)


@pytest.mark.parametrize("case", params(ACCEPTED_CASES))
def test_every_provider_payload_is_kept_and_processed(client, case):
    """Each provider's real inbound request is answered 200 and its message kept and processed."""
    response = case.post(client)
    assert response.status_code == 200, response.content
    message = InboundMessage.objects.get()
    assert message.provider == case.esp.replace("sendinblue", "brevo")
    assert message.is_final
    assert message.raw or message.reason == InboundMessage.Reason.TOO_LARGE


@pytest.mark.parametrize("case", params(ACCEPTED_CASES))
def test_every_provider_payload_reaches_the_journal_of_its_owner(client, case):
    """Once its sender owns the reply address, each provider's message reaches their journal.

    Straight in where the provider authenticated the sender; otherwise held for review.
    """
    case.post(client)
    message = InboundMessage.objects.get()
    recipient = _recipient(message)
    if not (message.sender and recipient):
        # Some payloads are fragments (an attachment and little else): nobody to post for.
        assert message.state == State.REJECTED
        assert message.reason in {Reason.NO_SENDER, Reason.UNKNOWN_RECIPIENT, Reason.UNPARSEABLE}
        return
    owner = UserFactory(email=message.sender.lower())
    local_part, domain = recipient.split("@")
    PromptFactory(user=owner, token=local_part.split("+")[0].lower(), message_id="")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.INBOUND_EMAIL_DOMAIN", domain)
        pipeline.process(message, again=True)
    if case.id in AUTHENTICATED_BY_PROVIDER:
        assert message.state == State.ACCEPTED, message.reason
        # Words, or photos and files alone (a reply of attachments is a reply).
        assert message.entry.body.strip() or message.entry.photos.exists()
    else:
        # No verdict in the payload (or a spam flag): held for one click, not lost.
        assert message.state == State.HELD
        assert message.reason in {Reason.UNAUTHENTICATED, Reason.SPAM}


@pytest.mark.parametrize("case", params(CASES))
def test_every_provider_payload_is_refused_without_authentication(client, case):
    """Without the webhook secret, each provider's request is refused and nothing is stored."""
    response = case.post(client, authenticated=False)
    # Amazon SNS only sends credentials after a 401 that asks for them.
    assert response.status_code == (401 if case.esp == "amazon_ses" else 400)
    assert not InboundMessage.objects.exists()


@pytest.mark.parametrize("case", params([c for c in CASES if c.refused_by_anymail]))
def test_misdirected_provider_requests_are_kept_and_rejected(client, case):
    """A request anymail cannot read as an inbound email is kept, with the reason, for staff."""
    response = case.post(client)
    assert response.status_code == 200
    message = InboundMessage.objects.get()
    assert (message.state, message.reason) == (State.REJECTED, Reason.UNREADABLE_PAYLOAD)
    assert message.payload


def _recipient(message):
    if message.recipient:
        return message.recipient
    found = mime.recipients(pipeline.parse(bytes(message.raw)))
    return found[0] if found else ""


@pytest.mark.parametrize(
    "path",
    [
        "/anymail/postmark/inbound/",
        "/anymail/postmark/tracking/",
        "/anymail/unisender_go/tracking/",
        "/anymail/mandrill/",
        "/anymail/nonsense/inbound/",
    ],
)
def test_only_the_configured_providers_inbound_url_answers(client, settings, path):
    """Addresses of providers Daybook is not set up for are a plain 404, not a 500."""
    settings.INBOUND_PROVIDERS = ["mailgun"]
    client.raise_request_exception = False
    assert client.post(path, data=b"{}", content_type="application/json").status_code == 404
    assert not InboundMessage.objects.exists()


def test_the_configured_provider_answers_a_head_check(client, settings):
    """A provider checking the address with HEAD when it is set up gets a 200."""
    settings.INBOUND_PROVIDERS = ["mandrill"]
    assert client.head("/anymail/mandrill/").status_code == 200
