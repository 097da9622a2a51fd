"""Which part of a reply holds what the person typed, read however the message was sent.

A reply normally has a text/plain part, often an HTML copy. Mail from the wild breaks the
rules: a multipart message whose boundary never appears in the body (or is not the one
declared), parts with no charset or the wrong one, a transfer encoding that is not what it
says. Such a message still becomes its text: the body is read as plain text, and the
charset found from the bytes (see :func:`entries.mail.mime.decoded_text`).

When the HTML marks its quote in a client's container (Gmail's ``gmail_quote``, Outlook's
``divRplyFwdMsg``...), that is the surest sign of where the new text ends, so a text part
that disagrees (one that copied the prompt without quote marks) gives way to the HTML.
"""

import itertools
import re
from email import policy
from email.parser import BytesParser

from entries.html_text import read_html
from entries.mail import mime
from entries.mail.replies import extract_reply, unflow

# A boundary line as a client writes one: "--" and up to 70 characters (RFC 2046).
_BOUNDARY_LINE = re.compile(r"^--([^\s]{1,70})\s*$", re.MULTILINE)
_MAX_BOUNDARY_TRIES = 3
_MAX_PARTS = 100


def new_text(email) -> str:
    """Only the new text of the reply: plain text if there is any, else the HTML."""
    email = _repaired(email)
    plain = email.get_body(preferencelist=("plain",))
    html = email.get_body(preferencelist=("html",))
    if plain is None and html is None and email.get_content_maintype() != "multipart":
        plain = email  # a message that is only a body, whatever its type says
    text = _plain_text(plain) if plain is not None else ""
    if html is None:
        return extract_reply(text).strip()
    markup = mime.decoded_text(html)
    if not text.strip():
        return extract_reply(None, markup).strip()
    from_text = extract_reply(text).strip()
    visible, quote_marked = read_html(markup)
    if quote_marked:
        from_html = extract_reply(visible).strip()
        if from_html:
            return _cut_like(from_text, from_html)
    return from_text


def _plain_text(part) -> str:
    text = mime.decoded_text(part)
    if part.get_param("format", "").lower() == "flowed":
        text = unflow(text, delsp=part.get_param("delsp", "").lower() == "yes")
    return text


def _cut_like(text: str, html: str) -> str:
    """The text part's reply, ended where the HTML's ends.

    The HTML is sure where the quote starts; a text part that copied the prompt without
    quote marks runs on past it. The text part's lines are kept as they are (its "- "
    bullets, its line breaks) up to the line where the HTML's words are all seen, in
    order. A text part that lacks some of the HTML's words is not the same reply: the
    HTML's is taken whole.
    """
    wanted = html.split()
    found = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        for word in line.split():
            if found < len(wanted) and word == wanted[found]:
                found += 1
        if found == len(wanted):
            return "\n".join(lines[: index + 1]).strip()
    return html


def _repaired(email):
    """The message, with a multipart body whose boundary was lost made readable again."""
    if email.get_content_maintype() != "multipart" or not isinstance(email.get_payload(), str):
        return email
    # The parser found no part: the declared boundary is not in the body.
    body = email._payload  # the body as parsed, undecoded
    # The real boundary opens the first part; a few tries find it, and bound the work.
    candidates = _BOUNDARY_LINE.finditer(body, 0, mime.MAX_ENCODED_BODY)
    tried = set()
    for match in itertools.islice(candidates, _MAX_BOUNDARY_TRIES):
        boundary = match[1].removesuffix("--")
        if boundary in tried:
            continue
        tried.add(boundary)
        # A reply has a few parts; thousands of "boundaries" are text, and would cost a
        # message object each.
        parts = body.count(f"--{boundary}", match.end(), mime.MAX_ENCODED_BODY)
        if 0 < parts <= _MAX_PARTS:
            head = f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
            raw = head.encode() + body.encode("ascii", "surrogateescape")
            repaired = BytesParser(_class=mime.Message, policy=policy.compat32).parsebytes(raw)
            # Real parts say what they hold; "--" lines in typed text do not.
            if any(part.get("Content-Type") for part in repaired.walk() if part is not repaired):
                return repaired
    # No parts at all: the body is the text.
    single = mime.Message(policy=policy.compat32)
    single["Content-Type"] = "text/plain"
    if charset := email.get_param("charset"):
        single.set_param("charset", charset)
    single.set_payload(body)
    return single
