"""The provider webhooks' way in: authenticate, keep the body, answer.

A provider retries on any 5xx or timeout and gives up after a while, so the
view does only what must succeed before the provider may forget the message:
check the request is the provider's (HTTP basic auth, then the provider's
own signature, both anymail's checks), and keep its body as it came,
committed to the database, with its processing queued. Everything slow or
fragile (parsing, fetching, deciding) happens in the worker, which reads
the kept body with anymail's own parser (entries/mail/payloads.py). So any
authenticated request is answered at once whatever it holds, and nothing in
it can be lost to a parsing error.

Only the configured providers' inbound URLs answer (INBOUND_PROVIDERS);
every other address under /anymail/ is a 404.
"""

import tempfile

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.webhooks.amazon_ses import AmazonSESBaseWebhookView
from anymail.webhooks.base import AnymailBasicAuthMixin
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from entries import tasks
from entries.mail import payloads, pipeline

# Providers post whole messages, attachments and all, base64-encoded in JSON
# or form fields, a third larger than the message. This lets through a
# message well past Daybook's own 25 MB limit, which is then recorded as
# rejected ("too large") rather than refused, so the provider stops retrying.
# Only these views read that much, and only once the request is authenticated;
# every other page keeps Django's 2.5 MB DATA_UPLOAD_MAX_MEMORY_SIZE.
MAX_BODY_BYTES = 64 * 1024 * 1024
# Bodies up to this size are read in memory, larger ones go through a file.
_SPOOL_BYTES = 1024 * 1024
_CHUNK_BYTES = 64 * 1024
# Mailgun signs three small form fields; its message is a large one beside them.
_LARGEST_SIGNED_FIELD = 4096


@csrf_exempt
@require_http_methods(["POST", "HEAD"])
def receive(request, provider):
    """Keep an authenticated provider request for the worker, and answer 200."""
    if provider not in settings.INBOUND_PROVIDERS:
        raise Http404("No inbound webhook for this provider.")
    view = payloads.VIEWS[provider]()
    if request.method == "HEAD":
        # Some providers check the address with a HEAD request when it is set up.
        return HttpResponse()
    if isinstance(view, AmazonSESBaseWebhookView) and _asks_for_credentials(view, request):
        # Amazon SNS sends the basic auth credentials only after a 401.
        response = HttpResponse(status=401)
        response["WWW-Authenticate"] = 'Basic realm="Anymail WEBHOOK_SECRET"'
        return response
    # Basic auth first: it needs only the headers, so a stranger's body is never read.
    AnymailBasicAuthMixin.validate_request(view, request)
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    headers = payloads.request_headers(request.META)
    if size > MAX_BODY_BYTES:
        # Recorded as rejected, unread: no signature can be checked without the body,
        # but basic auth says it came through the provider.
        pipeline.keep_payload(None, provider=provider, headers=headers, size=size)
        return HttpResponse()
    request._body = _read_body(request, size)
    _check_signature(view, request)
    message = pipeline.keep_payload(request._body, provider=provider, headers=headers)
    if not message.is_final:
        tasks.process_inbound(message.pk)
    return HttpResponse()


def _asks_for_credentials(view, request):
    return bool(view.basic_auth) and not request.META.get("HTTP_AUTHORIZATION")


def _read_body(request, size):
    """The body as one bytes object, held in memory once (larger ones go through a file).

    Collecting chunks and joining them would hold the body twice at the peak.
    """
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
        left = size
        while left > 0:
            chunk = request.read(min(_CHUNK_BYTES, left))
            if not chunk:
                break
            spool.write(chunk)
            left -= len(chunk)
        spool.seek(0)
        return spool.read()


def _check_signature(view, request):
    """The provider's own checks (signatures, matching ids), on the body just read."""
    try:
        if request.content_type == "multipart/form-data":
            # The signature fields, without decoding the message beside them.
            request._post, request._files = payloads.form_data(
                request._body, request.META["CONTENT_TYPE"], largest=_LARGEST_SIGNED_FIELD
            )
        view.run_validators(request)
    except (AnymailWebhookValidationFailure, ImproperlyConfigured):
        raise
    except Exception as error:
        # A body the checks cannot even read is not the provider's.
        raise AnymailWebhookValidationFailure(type(error).__name__) from error


urlpatterns = [
    # Mailgun posts the raw message when its URL contains "mime" (inbound_mime).
    re_path(r"^mailgun/inbound(?:_mime)?/$", receive, {"provider": "mailgun"}),
    # The old name of Brevo.
    path("sendinblue/inbound/", receive, {"provider": "brevo"}),
    # Mandrill has one address for everything it posts.
    path("mandrill/", receive, {"provider": "mandrill"}),
    path("<slug:provider>/inbound/", receive),
]
