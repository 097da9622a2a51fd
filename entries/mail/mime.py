"""Reading what an email says about itself: who sent it, to whom, in reply to what.

Small, forgiving readers over the standard library's EmailMessage. Mail from
the wild breaks every rule, so a header that cannot be read counts as absent
rather than failing the whole message.
"""

import base64
import copy
import re
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import getaddresses

from entries.mail import charsets

# Headers through which mail systems say a message was sent by a machine.
_AUTOMATIC_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Reply")
_AUTOMATIC_PRECEDENCE = {"bulk", "junk", "auto_reply"}
_DAEMON = re.compile(r"^(?:mailer-daemon|postmaster)@", re.IGNORECASE)
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
# What a base64 body looks like: lines of its alphabet (the start is enough to tell).
_BASE64_LINES = re.compile(r"[A-Za-z0-9+/=\s]*")


class Message(EmailMessage):
    """An EmailMessage that works under the fast compat32 policy (see pipeline.parse)."""

    def is_attachment(self):
        # The stock method expects the default policy's parsed header objects.
        return self.get_content_disposition() == "attachment"


def header(email, name):
    """One header as text ("" when absent or unreadable)."""
    try:
        value = email.get(name)
    except Exception:  # a malformed header the parser could not model
        return ""
    return str(value).strip() if value is not None else ""


def decoded_header(email, name):
    """One header with its encoded words decoded (as it came when they cannot be)."""
    value = header(email, name)
    try:
        return str(make_header(decode_header(value)))
    except Exception:  # an unknown charset, a malformed encoded word
        return value


def all_headers(email, name):
    try:
        return [str(value) for value in email.get_all(name, [])]
    except Exception:
        return []


# Reading addresses takes time in proportion to the text: a second for a
# 2 MB From: of encoded words. A person's From: is a few dozen characters; a
# To: with hundreds of recipients still fits in this.
_MAX_ADDRESS_HEADER = 64 * 1024
_MAX_FROM_HEADER = 2048


def addresses(email, *names):
    values = [value[:_MAX_ADDRESS_HEADER] for name in names for value in all_headers(email, name)]
    return [address for _, address in getaddresses(values) if "@" in address]


def sender(email):
    """The From address, or "" when there is none (or it is far too long to be one)."""
    values = all_headers(email, "From")
    if not values or len(values[0]) > _MAX_FROM_HEADER:
        return ""
    found = [address for _, address in getaddresses(values[:1]) if "@" in address]
    return found[0].strip() if found else ""


def recipients(email):
    return addresses(email, "To", "Cc", "Delivered-To", "X-Original-To")


def message_id(email):
    found = _MESSAGE_ID.findall(header(email, "Message-ID"))
    return found[0] if found else ""


def thread_ids(email):
    """Message-IDs this message replies to, with and without their angle brackets."""
    values = all_headers(email, "In-Reply-To") + all_headers(email, "References")
    # Some clients drop the brackets; an id is anything with an @ in it.
    bare = {word.strip("<>,") for value in values for word in value.split() if "@" in word}
    return sorted(bare | {f"<{value}>" for value in bare})


def is_automatic(email, envelope_sender=""):
    """Auto-replies, out-of-office notes and bounces (RFC 3834 and common practice)."""
    auto_submitted = header(email, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if any(header(email, name) for name in _AUTOMATIC_HEADERS):
        return True
    if header(email, "Precedence").lower() in _AUTOMATIC_PRECEDENCE:
        return True
    if envelope_sender == "<>" or header(email, "Return-Path") == "<>":
        return True
    if email.get_content_type() == "multipart/report":
        return True
    return bool(_DAEMON.match(sender(email)))


def is_list_mail(email):
    return bool(header(email, "List-Id")) or header(email, "Precedence").lower() == "list"


def is_flagged_as_spam(email):
    if header(email, "X-Spam-Flag").lower() == "yes":
        return True
    return header(email, "X-Spam-Status").lower().startswith("yes")


# Reply extraction reads at most a million characters (entries.mail.replies.MAX_TEXT): four
# million bytes at most in UTF-8, which base64 or quoted-printable write in fewer than
# six million characters. Decoding more of a 25 MB part would be work thrown away.
MAX_ENCODED_BODY = 6_000_000


def decoded_text(part):
    """A text part's content as str, whatever charset it claims or really uses.

    Mail often declares one charset and uses another, declares none, or names one Python
    does not know. Valid UTF-8 is taken for what it is (legacy charsets seldom form it by
    chance); otherwise a declared charset that decodes is trusted, and failing that the
    charset is found from the bytes (:mod:`entries.mail.charsets`). Only the first
    :data:`MAX_ENCODED_BODY` characters of a part are decoded.
    """
    bounded = _bounded(part)
    payload = _payload_bytes(bounded)
    # A cut body may end inside a character: an incremental decoder leaves it out.
    final = bounded is part
    declared = (part.get_content_charset() or "").strip().lower()
    text = charsets.decode(payload, declared, final=final)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def encode_binary_parts(email):
    """Give every part that holds raw bytes a base64 transfer encoding, in place.

    anymail rebuilds a JSON or form-posted message (Postmark, Mailgun and
    others) with each attachment's bytes as its payload and no
    Content-Transfer-Encoding; serialised like that, the generator rewrites
    their line endings, and a photo loses a byte at every CR LF. Base64 is
    what a mail program would have sent.
    """
    for part in email.walk():
        if part.is_multipart() or part.get_content_maintype() in {"text", "message"}:
            continue
        if part.get("Content-Transfer-Encoding") is not None:
            continue
        # The bytes were stored as text with surrogates; this gives them back.
        data = part.get_payload(decode=True)
        if data is None:  # nothing there to damage
            continue
        part.set_payload(base64.encodebytes(data).decode("ascii"))
        part["Content-Transfer-Encoding"] = "base64"
    return email


def _payload_bytes(part):
    """The part's bytes, undoing its transfer encoding only when it really is one."""
    cte = header(part, "Content-Transfer-Encoding").lower()
    body = part._payload  # as parsed; get_payload() would decode an 8-bit body to text
    if cte == "base64" and isinstance(body, str) and not _BASE64_LINES.fullmatch(body[:4096]):
        # "base64" over plain text: a client's mistake; the text is the text.
        return body.encode("ascii", "surrogateescape")
    return part.get_payload(decode=True) or b""


def _bounded(part):
    """``part``, or a copy holding only as much of its encoded body as can be read."""
    body = part._payload  # as parsed; get_payload() would decode an 8-bit body to text
    limit = MAX_ENCODED_BODY
    if not isinstance(body, str) or len(body) <= limit:
        return part
    # Cut at a line end, so no base64 quantum or quoted-printable escape is split.
    cut = body.rfind("\n", 0, limit)
    bounded = copy.copy(part)
    bounded.set_payload(body[: cut if cut > 0 else limit])
    return bounded
