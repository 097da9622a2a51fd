"""Reading a provider's webhook request, kept as it came, with anymail's own parser.

The webhook view only authenticates a request and keeps its body (see
entries/webhooks.py): parsing is the slow and fragile part, so it happens
here, in the worker. The kept body is put back into a Django request and
handed to the same anymail view that would have parsed it in the web
process, so every provider's format is read exactly as anymail reads it.

What comes out is one RFC 5322 message per email in the request, generated
with the compat32 policy: it writes header values back as they were (the
default policy re-folds every header, which takes minutes on a From: of a
hundred thousand encoded words).
"""

import io
import sys
import time
from dataclasses import dataclass
from email import policy

from anymail.webhooks.amazon_ses import AmazonSESInboundWebhookView
from anymail.webhooks.brevo import BrevoInboundWebhookView
from anymail.webhooks.mailersend import MailerSendInboundWebhookView
from anymail.webhooks.mailgun import MailgunInboundWebhookView
from anymail.webhooks.mailjet import MailjetInboundWebhookView
from anymail.webhooks.mailtrap import MailtrapInboundWebhookView
from anymail.webhooks.mandrill import MandrillCombinedWebhookView
from anymail.webhooks.postal import PostalInboundWebhookView
from anymail.webhooks.postmark import PostmarkInboundWebhookView
from anymail.webhooks.resend import ResendInboundWebhookView
from anymail.webhooks.sendgrid import SendGridInboundWebhookView
from anymail.webhooks.sparkpost import SparkPostInboundWebhookView
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, QueryDict
from django.http.multipartparser import (
    FIELD,
    FILE,
    ChunkIter,
    LazyStream,
    MultiPartParser,
    Parser,
    exhaust,
)
from django.utils.datastructures import MultiValueDict

from entries.mail import authentication, mime

# The anymail view that reads each provider's inbound requests.
VIEWS = {
    "amazon_ses": AmazonSESInboundWebhookView,
    "brevo": BrevoInboundWebhookView,
    "mailersend": MailerSendInboundWebhookView,
    "mailgun": MailgunInboundWebhookView,
    "mailjet": MailjetInboundWebhookView,
    "mailtrap": MailtrapInboundWebhookView,
    "mandrill": MandrillCombinedWebhookView,
    "postal": PostalInboundWebhookView,
    "postmark": PostmarkInboundWebhookView,
    "resend": ResendInboundWebhookView,
    "sendgrid": SendGridInboundWebhookView,
    "sparkpost": SparkPostInboundWebhookView,
}

# Processor time allowed to read one request: a second, plus a fifth of a
# second per megabyte. A real request takes milliseconds, a 28 MB one with
# photos about 2.5 s; a hostile one would take minutes (the standard
# library's header parser is quadratic), and is cut short. It is time spent
# computing, not waiting, so fetching a message the provider only announces
# (Mailtrap, Resend, Amazon S3) may take longer on a slow link.
READ_SECONDS = 1.0
READ_SECONDS_PER_MB = 0.2
# Watching the clock triples the cost of reading a typical request, and a
# body this small cannot hold a header that takes long (one of 8 KB, the
# worst kind, takes about a tenth of a second), so small ones go unwatched.
UNWATCHED_BYTES = 8 * 1024

# Headers anymail may read; the secrets (basic auth, cookies) are never kept.
_UNKEPT_HEADERS = {"HTTP_AUTHORIZATION", "HTTP_COOKIE"}
# Writes header values as they came, only folding long lines (at 78
# characters: folding them at a larger width takes time quadratic in length).
_AS_RECEIVED = policy.compat32


class Unreadable(Exception):
    """The request cannot be read as the provider's inbound format."""


@dataclass
class Email:
    """One email read from a provider's request, ready for the pipeline."""

    raw: bytes
    event_id: str
    recipient: str
    envelope_sender: str
    verdict: str


def request_headers(meta):
    """What of a request's META the worker needs to read its body again."""
    kept = {
        name: value
        for name, value in meta.items()
        if name.startswith("HTTP_") and name not in _UNKEPT_HEADERS and isinstance(value, str)
    }
    kept["CONTENT_TYPE"] = meta.get("CONTENT_TYPE", "")
    return kept


def read(provider, body, headers):
    """Every email in a kept request, as anymail reads it. Raises Unreadable."""
    view = VIEWS[provider]()
    try:
        if len(body) <= UNWATCHED_BYTES:
            return _read(provider, view, body, headers)
        budget = READ_SECONDS + READ_SECONDS_PER_MB * len(body) / 1_000_000
        return _within(budget, _read, provider, view, body, headers)
    except Unreadable:
        raise
    except Exception as error:
        # Anything anymail raises means this body is not what the provider
        # sends when set up right (or the message it names is gone).
        raise Unreadable(type(error).__name__) from error


def _read(provider, view, body, headers):
    events = view.parse_events(_rebuild(body, headers))
    return [_email(provider, event) for event in events if event.event_type == "inbound"]


def form_data(body, content_type, *, largest=None):
    """A multipart/form-data body as (POST, FILES), with fields of any size.

    Django's own parser refuses fields over DATA_UPLOAD_MAX_MEMORY_SIZE, which
    stays at its default for every page; a provider posts the whole message
    as one field (Mailgun's body-mime, SendGrid's email). With `largest`,
    bigger fields are skipped, for checking a signature before reading them.
    """
    boundary = _boundary(content_type)
    post, files = QueryDict(mutable=True), MultiValueDict()
    stream = LazyStream(ChunkIter(io.BytesIO(body), 64 * 1024))
    for item_type, meta, field_stream in Parser(stream, boundary):
        try:
            disposition = meta["content-disposition"][1]
            name = _text(disposition["name"]).strip()
        except (KeyError, IndexError, AttributeError):
            continue
        data = field_stream.read(largest + 1 if largest is not None else None)
        if largest is not None and len(data) > largest:
            exhaust(field_stream)
            continue
        if item_type == FIELD:
            post.appendlist(name, _text(data))
        elif item_type == FILE:
            # Django's own cleaning; a file it finds no name in is skipped, as Django does.
            filename = MultiPartParser.sanitize_file_name(
                None, _text(disposition.get("filename", b""))
            )
            if not filename:
                continue
            content_type, params = meta.get("content-type", ("", {}))
            upload = SimpleUploadedFile(filename, data, content_type)
            upload.charset = _text(params["charset"]) if "charset" in params else None
            files.appendlist(name, upload)
    post._mutable = False
    return post, files


def _text(value):
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value


def _boundary(content_type):
    _, _, params = content_type.partition(";")
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "boundary" and value:
            return value.strip('"').encode("ascii", errors="replace")
    raise Unreadable("no multipart boundary")


def _rebuild(body, headers):
    request = HttpRequest()
    request.method = "POST"
    request.META = {**headers, "CONTENT_LENGTH": str(len(body))}
    request._body = body
    content_type = headers.get("CONTENT_TYPE", "")
    if content_type.startswith("multipart/form-data"):
        request.POST, request.FILES = form_data(body, content_type)
    elif content_type.startswith("application/x-www-form-urlencoded"):
        request.POST = QueryDict(body)
    return request


def _email(provider, event):
    message = event.message
    # anymail rebuilds JSON and form posts with raw-bytes attachments that
    # would lose a byte at every CR LF once serialised; base64 them first.
    mime.encode_binary_parts(message)
    raw = message.as_bytes(policy=_AS_RECEIVED)
    return Email(
        raw=raw,
        event_id=str(event.event_id or ""),
        recipient=message.envelope_recipient or "",
        envelope_sender=_envelope_sender(message.envelope_sender),
        verdict=authentication.provider_verdict(provider, event),
    )


def _envelope_sender(value):
    if value is None:
        return ""
    # An empty envelope sender is the "null sender" of bounces.
    return value.strip() or "<>"


def _within(seconds, function, *args):
    """Run function, stopping it with Unreadable once it has computed for `seconds`.

    The standard library's header parser takes time quadratic in a header's
    length (minutes for one 1 MB From:), and anymail parses every header it
    builds a message from. A thread cannot be interrupted from outside, but a
    trace function runs at each Python call and may raise there; returning
    None from it keeps line-by-line tracing off, so the cost is one check per
    call. The clock is the thread's processor time, so waiting on the network
    does not count. The previous trace function (a debugger, coverage) is put back.
    """
    deadline = time.thread_time() + seconds
    calls = 0

    def check(frame, event, arg):
        nonlocal calls
        calls += 1
        # Reading the clock is a system call: once every few hundred calls is enough.
        if not calls % 512 and time.thread_time() > deadline:
            raise Unreadable(f"still reading after {seconds:.1f} s")

    previous = sys.gettrace()
    sys.settrace(check)
    try:
        return function(*args)
    finally:
        sys.settrace(previous)
