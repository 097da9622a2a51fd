"""Evidence that a reply was sent by the address in its From header.

Anyone can write any From. A reply reaches the journal only with positive
evidence that the From address's domain sent it; anything less (a failing
check, a neutral one, or no check at all) holds it for its owner's review:

- a DMARC pass, which already means the domain vouched for the From;
- a DKIM pass by a signature of the From's domain (aligned: the same domain,
  or one a subdomain of the other), checked by Daybook itself with dkimpy,
  by a trusted mail server (its Authentication-Results, INBOUND_AUTHSERV_IDS)
  or by the provider;
- the provider's SPF pass, when the envelope sender is of the From's domain.

Authentication-Results headers are only read when written by a server named
in INBOUND_AUTHSERV_IDS: anyone else's, the sender's included, could say
anything. The provider's verdicts come from its webhook payload, read by
:func:`provider_verdict` when the message arrives.
"""

import re

import dkim
from django.conf import settings

from entries.mail import mime

# How a provider's verdict is stored on the message: "method=result" words,
# e.g. "spf=pass dkim=pass dmarc=pass", with "@domain" where the provider
# names the DKIM signer, and "spam" when the provider flagged it.
SPAM = "spam"
_FAILING = {"fail", "softfail", "permerror"}

# Bounds on what is parsed: headers past these sizes are not evidence.
_MAX_RESULTS_HEADER = 4000
_MAX_SIGNATURES = 3
DNS_TIMEOUT = 3


def lookup_txt(name, timeout=DNS_TIMEOUT):
    """A DNS TXT lookup for dkimpy; tests replace it with a dict (no network)."""
    return dkim.dnsplug.get_txt(name, timeout=timeout)


class Evidence:
    """What is known about one message's sender: each source's results per method."""

    def __init__(self, email, *, provider_verdict="", envelope_sender="", raw=b""):
        self.email = email
        self.raw = raw
        self.from_domain = _domain(mime.sender(email))
        self.envelope_domain = _domain(envelope_sender)
        self.provider = _parse_verdict(provider_verdict)
        self.trusted = list(_trusted_results(email))

    @property
    def spam(self):
        return SPAM in self.provider

    @property
    def failed(self):
        """A check failed: the provider's, a trusted mail server's, or Received-SPF's.

        Received-SPF has no server name to trust, but a forger gains nothing
        by adding a failing one.
        """
        results = [*self.provider.values(), *(r.result for r in self.trusted)]
        results += [_first_word(value) for value in mime.all_headers(self.email, "Received-SPF")]
        return any(result in _FAILING for result in results)

    @property
    def envelope_mismatch(self):
        """The envelope sender (the return path) is of another domain than the From."""
        if not self.envelope_domain:
            return False
        return not _aligned(self.envelope_domain, self.from_domain)

    @property
    def passed(self):
        """Positive evidence that the From's domain sent this message.

        Only for a message with one From of one address: with two, a
        signature can cover one (the forger's own, at a shared domain such as
        gmail.com) while Daybook reads the other.
        """
        if not self.from_domain or not _single_author(self.email):
            return False
        return self._provider_passed() or self._trusted_passed() or self._dkim_verified()

    def _provider_passed(self):
        if self.provider.get("dmarc") == "pass":
            return True
        if self.provider.get("spf") == "pass" and self.envelope_domain:
            # envelope_mismatch is checked first: here the domains are aligned.
            return True
        dkim_result = self.provider.get("dkim", "")
        result, _, signer = dkim_result.partition("@")
        if result != "pass":
            return False
        # Where the provider does not name the signer, every signature must be
        # the From's domain's, so that the one that passed is one of them.
        signers = [signer] if signer else _signing_domains(self.email)
        return bool(signers) and all(_aligned(d, self.from_domain) for d in signers)

    def _trusted_passed(self):
        """A trusted server's DMARC pass, or its DKIM pass for the From's domain.

        Every trusted result for the method must agree: if someone slipped in a
        header in the trusted server's name, the server's own result differs.
        """
        by_method = {}
        for result in self.trusted:
            by_method.setdefault(result.method, []).append(result)
        dmarc = by_method.get("dmarc", [])
        if dmarc and all(result.result == "pass" for result in dmarc):
            return True
        dkim_results = by_method.get("dkim", [])
        return (
            bool(dkim_results)
            and all(result.result == "pass" for result in dkim_results)
            and any(_aligned(result.signer, self.from_domain) for result in dkim_results)
        )

    def _dkim_verified(self):
        """Daybook's own check: a valid DKIM signature by the From's domain."""
        # Reading a large message for dkimpy costs time: only when the
        # message has a signature worth checking at all.
        if not self.raw or not any(map(self._worth_checking, _signatures(self.email))):
            return False
        try:
            verifier = dkim.DKIM(bytes(self.raw), timeout=DNS_TIMEOUT)
            # Numbered as dkimpy reads them, which is what verify(idx) uses.
            signatures = [
                _tags(value)
                for name, value in verifier.headers
                if name.lower() == b"dkim-signature"
            ]
        except Exception:  # not a message dkimpy can read: no evidence
            return False
        return any(
            _verifies(verifier, index)
            for index, tags in enumerate(signatures[:_MAX_SIGNATURES])
            if self._worth_checking(tags)
        )

    def _worth_checking(self, tags):
        # l= signs only the first part of the body: text added after it would
        # pass as the sender's. Other domains' signatures prove nothing here.
        return b"l" not in tags and _aligned(_text(tags.get(b"d", b"")), self.from_domain)


def _verifies(verifier, index):
    try:
        return bool(verifier.verify(idx=index, dnsfunc=_dnsfunc))
    except Exception:  # a malformed signature, a missing key, DNS down: proves nothing
        return False


def authenticate(email, *, provider_verdict="", envelope_sender="", raw=b""):
    """The evidence about this message's sender (see :class:`Evidence`)."""
    return Evidence(
        email, provider_verdict=provider_verdict, envelope_sender=envelope_sender, raw=raw
    )


# Providers' verdicts, read from their webhook payloads


def provider_verdict(esp_name, event):
    """What the provider says it checked, as stored with the message ("" for nothing)."""
    message = event.message
    if message.spam_detected:
        return SPAM
    read = _PROVIDERS.get(esp_name.lower().replace(" ", "_"))
    results = read(event) if read else {}
    return " ".join(f"{method}={result}" for method, result in results.items() if result)[:100]


def _amazon_ses(event):
    receipt = event.esp_event.get("receipt", {}) if isinstance(event.esp_event, dict) else {}
    return {
        method: str(receipt.get(f"{method}Verdict", {}).get("status", "")).lower()
        for method in ("spf", "dkim", "dmarc")
    }


def _mailgun(event):
    # Mailgun adds its results as headers; a sender's own copy of them would
    # sit beside Mailgun's, so the worst result of each counts.
    return {
        "spf": _worst(mime.all_headers(event.message, "X-Mailgun-Spf")),
        "dkim": _worst(mime.all_headers(event.message, "X-Mailgun-Dkim-Check-Result")),
    }


def _sendgrid(event):
    form = getattr(event.esp_event, "POST", {})
    results = {"spf": _worst([form.get("SPF", "")])}
    # "{@example.org : pass, @other.example : fail}": a result per signing domain.
    signed = re.findall(r"@([\w.-]+)\s*:\s*(\w+)", form.get("dkim", "")[:1000])
    passed = [domain for domain, result in signed if result.lower() == "pass"]
    if any(result.lower() in _FAILING for _, result in signed):
        results["dkim"] = "fail"
    elif passed:
        results["dkim"] = "pass@" + passed[0].lower()
    return results


def _mailersend(event):
    data = event.esp_event.get("data", {}) if isinstance(event.esp_event, dict) else {}
    spf = {"+": "pass", "-": "fail", "~": "softfail"}.get((data.get("spf_check") or {}).get("code"))
    return {"spf": spf or "", "dkim": "pass" if data.get("dkim_check") is True else ""}


def _mandrill(event):
    msg = event.esp_event.get("msg", {}) if isinstance(event.esp_event, dict) else {}
    valid = (msg.get("dkim") or {}).get("valid")
    return {"dkim": {True: "pass", False: ""}.get(valid, "")}


_PROVIDERS = {
    "amazon_ses": _amazon_ses,
    "mailgun": _mailgun,
    "sendgrid": _sendgrid,
    "mailersend": _mailersend,
    "mandrill": _mandrill,
}


def _first_word(value):
    words = value.split(None, 1)
    return words[0].lower() if words else ""


def _worst(values):
    results = [_first_word(value) for value in values if value.strip()]
    if not results:
        return ""
    return next((result for result in results if result != "pass"), "pass")


def _parse_verdict(verdict):
    words = verdict.split()
    parsed = {word: word for word in words if "=" not in word}
    parsed.update(word.split("=", 1) for word in words if "=" in word)
    # Verdicts stored before these words existed were a reason's value.
    if verdict == "authentication failed":
        parsed = {"provider": "fail"}
    return parsed


# Authentication-Results (RFC 8601) from trusted servers


class Result:
    def __init__(self, method, result, properties):
        self.method, self.result = method, result
        identity = properties.get("header.i", "").rpartition("@")[2]
        self.signer = properties.get("header.d") or identity


_COMMENT = re.compile(r"\([^()]*\)")
_RESULT = re.compile(r"^\s*([a-z0-9_-]+)\s*=\s*([a-z]+)")
_PROPERTY = re.compile(r"\b([a-z]+\.[a-z0-9_-]+)\s*=\s*\"?([^\s\";]+)")


def _trusted_results(email):
    trusted = {name.lower() for name in settings.INBOUND_AUTHSERV_IDS}
    if not trusted:
        return
    for value in mime.all_headers(email, "Authentication-Results"):
        text = " ".join(value[:_MAX_RESULTS_HEADER].split()).lower()
        # Comments, nested a few deep at most in practice; each pass is linear.
        for _ in range(3):
            text = _COMMENT.sub(" ", text)
        authserv_id, *resinfos = text.split(";")
        words = authserv_id.split()
        if not words or words[0] not in trusted:
            continue
        for resinfo in resinfos:
            match = _RESULT.match(resinfo)
            if match:
                properties = dict(_PROPERTY.findall(resinfo[match.end() :]))
                yield Result(match[1], match[2], properties)


# Domains


def _single_author(email):
    values = mime.all_headers(email, "From")
    return len(values) == 1 and len(mime.addresses(email, "From")) == 1


def _domain(address):
    return address.strip().strip("<>").rpartition("@")[2].rstrip(".").lower()


def _aligned(domain, from_domain):
    """The same domain, or one a subdomain of the other (DMARC's relaxed alignment, roughly).

    Without the public suffix list two sibling subdomains do not count: the
    reply is held, never wrongly accepted.
    """
    domain = domain.strip().rstrip(".").lower()
    if not domain or not from_domain:
        return False
    return (
        domain == from_domain
        or domain.endswith("." + from_domain)
        or from_domain.endswith("." + domain)
    )


def _signatures(email):
    """Each DKIM-Signature's tags, in the order dkimpy numbers them."""
    return [
        _tags(value.encode("utf-8", "replace"))
        for value in mime.all_headers(email, "DKIM-Signature")
    ]


def _signing_domains(email):
    return [_text(tags.get(b"d", b"")) for tags in _signatures(email)]


def _tags(value):
    try:
        return dkim.util.parse_tag_value(value)
    except Exception:  # not a tag list: no domain
        return {}


def _text(value):
    return value.decode("ascii", "replace").strip().lower()


def _dnsfunc(name, timeout=DNS_TIMEOUT):
    return lookup_txt(name, timeout=timeout)
