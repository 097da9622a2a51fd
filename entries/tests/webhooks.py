"""Replaying the shared corpus of provider webhook requests against Daybook's real URLs.

Without the whole corpus, the one request per provider bundled in
entries/tests/samples/corpus/ is replayed instead.

The corpus records the exact requests django-anymail's own tests post, with
the provider-API responses those tests fake. Where the recorded signature was
made with a key thrown away after the recording (Postal) or expires within
minutes (Resend's Svix timestamps) or did not survive the recording (Mandrill's),
the body is signed afresh here with a key
the test configures, so every request is still checked end to end.
"""

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
from pathlib import Path
from unittest import mock

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from svix.webhooks import Webhook

from entries.tests.corpus import SAMPLED

BASIC_AUTH = "username:password"
MAILGUN_KEY = "TEST_WEBHOOK_SIGNING_KEY"
MANDRILL_KEY = "TEST_WEBHOOK_KEY"
MANDRILL_URL = "http://testserver/anymail/mandrill/"
MAILERSEND_SECRET = "TEST_WEBHOOK_SIGNING_SECRET"
RESEND_SECRET = "whsec_" + base64.b64encode(b"daybook-test-resend-secret").decode()
POSTAL_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)

# Cases where anymail itself refuses the request (a provider set up wrongly, an
# S3 object it may not read): nothing reaches Daybook, and nothing is stored.
REFUSED_BY_ANYMAIL = ("misconfigured", "incorrect_tracking_event", "s3_failure")


def anymail_settings():
    public = POSTAL_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    postal_key = "".join(public.decode().strip().splitlines()[1:-1])
    return {
        "WEBHOOK_SECRET": [BASIC_AUTH],
        "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY,
        "MANDRILL_WEBHOOK_KEY": MANDRILL_KEY,
        "MANDRILL_WEBHOOK_URL": MANDRILL_URL,
        "MAILERSEND_INBOUND_SECRET": MAILERSEND_SECRET,
        "RESEND_INBOUND_SECRET": RESEND_SECRET,
        "RESEND_API_KEY": "test-resend-key",
        "BREVO_API_KEY": "test-brevo-key",
        "MAILTRAP_API_TOKEN": "test-mailtrap-token",
        "POSTAL_WEBHOOK_KEY": postal_key,
    }


def cases():
    folder = SAMPLED / "webhooks" / "anymail_inbound"
    return sorted(folder.glob("*/*.request.json"))


class Case:
    """One recorded request: where it goes, its bytes, and the fakes it needs."""

    def __init__(self, request_file: Path):
        self.file = request_file
        self.esp = request_file.parent.name
        self.name = request_file.name.removesuffix(".request.json")
        self.request = json.loads(request_file.read_text())
        self.body = (request_file.parent / self.request["body_file"]).read_bytes()

    @property
    def id(self):
        return f"{self.esp}/{self.name}"

    @property
    def refused_by_anymail(self):
        return any(word in self.name for word in REFUSED_BY_ANYMAIL)

    @property
    def path(self):
        return self.request["path"].removeprefix("http://testserver")

    def headers(self, *, authenticated=True):
        """The request's headers, re-signed where needed, as Django test-client keywords."""
        headers = {name: str(value) for name, value in self.request["headers"].items()}
        if self.esp == "resend":
            headers.update(_svix_headers(self.body))
        if self.esp == "mandrill":
            headers["X-Mandrill-Signature"] = self._mandrill_signature()
        if self.esp == "postal":
            headers["X-Postal-Signature"] = _postal_signature(self.body)
        if authenticated:
            token = base64.b64encode(BASIC_AUTH.encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        return {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}

    def _mandrill_signature(self):
        # Mandrill signs its webhook URL followed by every form field, sorted by name.
        parser = MultiPartParser(
            {
                "CONTENT_TYPE": self.request["content_type"],
                "CONTENT_LENGTH": str(len(self.body)),
            },
            io.BytesIO(self.body),
            [MemoryFileUploadHandler()],
        )
        fields, _ = parser.parse()
        signed = MANDRILL_URL + "".join(key + fields[key] for key in sorted(fields))
        digest = hmac.new(MANDRILL_KEY.encode(), signed.encode(), hashlib.sha1).digest()
        return base64.b64encode(digest).decode()

    def post(self, client, *, authenticated=True):
        with self.fakes():
            return client.generic(
                "POST",
                self.path,
                data=self.body,
                content_type=self.request["content_type"],
                **self.headers(authenticated=authenticated),
            )

    def fakes(self):
        """Stand-ins for the provider APIs anymail calls (Brevo, Resend, S3)."""
        stack = mock.patch("requests.get", side_effect=self._fake_get)
        if self.esp == "amazon_ses":
            from anymail.webhooks.amazon_ses import AmazonSESInboundWebhookView

            return _Both(
                stack,
                mock.patch.object(
                    AmazonSESInboundWebhookView, "get_boto_client", side_effect=self._fake_boto
                ),
            )
        return stack

    def _api_mocks(self):
        for path in sorted(self.file.parent.glob(f"{self.name}.esp_api_mock_*.json")):
            recorded = json.loads(path.read_text())
            if "body_file" in recorded:
                content = (path.parent / recorded["body_file"]).read_bytes()
            else:
                content = json.dumps(recorded.get("body_json")).encode()
            yield recorded, content

    def _fake_get(self, url, *args, **kwargs):
        for recorded, content in self._api_mocks():
            if recorded["url"] == url:
                return _FakeResponse(content, recorded)
        raise AssertionError(f"unexpected request to {url}")

    def _fake_boto(self, service_name, **kwargs):
        from botocore.exceptions import ClientError

        client = mock.Mock()
        if "failure" in self.name:
            error = {"Error": {"Code": "403", "Message": "Forbidden"}}
            client.get_object.side_effect = ClientError(error, "HeadObject")
        else:
            eml = (self.file.parent / "TEST_MIME_MESSAGE.eml").read_bytes()
            body = mock.Mock()
            body.iter_chunks.return_value = [eml]
            client.get_object.return_value = {"Body": body}
        return client


class _Both:
    def __init__(self, *patches):
        self.patches = patches

    def __enter__(self):
        for patch in self.patches:
            patch.__enter__()

    def __exit__(self, *exc):
        for patch in reversed(self.patches):
            patch.__exit__(*exc)


class _FakeResponse:
    status_code = 200

    def __init__(self, content, recorded):
        self.content = content
        self.headers = {**recorded.get("headers", {})}
        if recorded.get("content_type"):
            self.headers["Content-Type"] = recorded["content_type"]

    def json(self):
        return json.loads(self.content)

    def raise_for_status(self):
        pass

    def iter_content(self, chunk_size=None):
        yield self.content

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _svix_headers(body):
    msg_id = "msg_daybook_test"
    now = dt.datetime.now(dt.UTC)
    signature = Webhook(RESEND_SECRET).sign(msg_id, now, body.decode())
    return {
        "svix-id": msg_id,
        "svix-timestamp": str(int(now.timestamp())),
        "svix-signature": signature,
    }


def _postal_signature(body):
    signature = POSTAL_KEY.sign(body, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    return base64.b64encode(signature).decode()


def mailgun_signature(timestamp, token):
    return hmac.new(
        MAILGUN_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
