"""Signing test replies with DKIM, and a DNS that answers from a dict.

A test key is made once per run; its public half is served as the TXT record
<selector>._domainkey.<domain> by :class:`FakeDNS`, so Daybook's own DKIM
check runs end to end without the network.
"""

import base64

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

SELECTOR = "daybook"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PRIVATE_PEM = KEY.private_bytes(
    serialization.Encoding.PEM,
    serialization.PrivateFormat.TraditionalOpenSSL,
    serialization.NoEncryption(),
)
PUBLIC_DER = KEY.public_key().public_bytes(
    serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
)
TXT_RECORD = b"v=DKIM1; k=rsa; p=" + base64.b64encode(PUBLIC_DER)


def sign(raw, domain, *, length=False):
    """The message with a DKIM-Signature of `domain` prepended, as its mail server would."""
    signature = dkim.sign(
        raw,
        SELECTOR.encode(),
        domain.encode(),
        PRIVATE_PEM,
        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"],
        length=length,
    )
    return signature + raw


class FakeDNS:
    """TXT records from a dict: the public key of each domain a test publishes."""

    def __init__(self):
        self.records = {}
        self.asked = []

    def publish(self, domain, record=TXT_RECORD):
        self.records[f"{SELECTOR}._domainkey.{domain}."] = record

    def __call__(self, name, timeout=0):
        name = name.decode() if isinstance(name, bytes) else name
        self.asked.append(name)
        return self.records.get(name)
