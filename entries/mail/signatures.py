"""Remove what a mail client appends below the text the person typed.

Only the end of a reply is looked at, and only what a program writes the same way every
time: the block after a "-- " line, a phone or app line such as "Sent from my iPhone" (in
the languages Daybook's users write), and a contact card of name, e-mail, phone and web
lines. A sign-off the person typed ("Thanks,\nAnn", "-Ann") is their writing and stays.
"""

import re

from entries.mail.quote_headers import MAX_LINE
from entries.mail.signature_words import APP_SIGNATURE, DEVICE, DISCLAIMER, FOOTER_STARTS, SIGN_OFFS

# Apps append a line or two (test suites stack dozens); a name may sit above. No more is read.
_MAX_APP_LINES = 50
# A contact card: name, title, company, phones, addresses, in a few short paragraphs.
_MAX_CARD_LINES = 40

# RFC 3676's "-- "; many clients, and people, drop the trailing space.
_DELIMITER = re.compile(r"--\s*")
# Rulers and marks left at the end: "___", "***", "~~~", and "ᐧ", which mail trackers add.
_DECORATION = re.compile(r"[\s\-_=*#~+ᐧ]*")

_NAME = re.compile(r"[^\W\d_][\w'.-]*(?: [^\W\d_][\w'.-]*){0,2}")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_PHONE = re.compile(r"\+?\(?\d[\d\s()./-]{6,}\d")


def without_signature(lines: list[str]) -> list[str]:
    """``lines`` without the signature, app lines and contact card at their end."""
    for index, line in enumerate(lines):
        if line.startswith("--") and _DELIMITER.fullmatch(line):
            lines = lines[:index]
            break
    lines = _without_footer(lines)
    lines = _without_app_signature(lines)
    lines = _without_client_block(lines)
    lines = _without_contact_card(lines)
    end = len(lines)
    while end and _DECORATION.fullmatch(lines[end - 1]):
        end -= 1
    return lines[:end]


def _without_app_signature(lines: list[str]) -> list[str]:
    end = len(lines)
    for _ in range(_MAX_APP_LINES):
        while end and not lines[end - 1].strip():
            end -= 1
        if not (end and _is_app_signature(lines[end - 1])):
            return lines[:end]
        end -= 1
        # A bare name right above it ("Stavros Xxxxxx / via mobile") is part of the same
        # signature; a sentence or a lower-case line ("love you") is not.
        if end > 1 and _is_name(lines[end - 1]) and not lines[end - 2].strip():
            end -= 1
    return lines[:end]


def _without_footer(lines: list[str]) -> list[str]:
    """Cut at the footer a mailing list or provider appends ("You received this message...")."""
    for index in range(max(0, len(lines) - _MAX_CARD_LINES), len(lines)):
        if lines[index].strip().lower()[:80].startswith(FOOTER_STARTS):
            return lines[:index]
    return lines


def is_device_signature(line: str) -> bool:
    """An app line that names a phone or a mail app: "Sent from my iPhone", "iPhoneから送信"."""
    return bool(DEVICE.search(line)) and _is_app_signature(line)


def _is_app_signature(line: str) -> bool:
    if len(line) > MAX_LINE:
        return False
    # Some apps wrap the line: "<<sent by galaxy>>", "(Sent from mobile device)".
    return bool(APP_SIGNATURE.fullmatch(line.strip().strip("<>()[]").strip()))


def _is_name(line: str) -> bool:
    return bool(_NAME.fullmatch(line.strip())) and all(word[0].isupper() for word in line.split())


def is_sign_off(line: str) -> bool:
    """ "Regards,", "Viele Grüße", "Thanks, Jan": a closing the person typed."""
    words = line.strip().rstrip(",.!").lower()
    if len(words) > 40:
        return False
    head, _, name = words.partition(",")
    return words in SIGN_OFFS or (head in SIGN_OFFS and 0 < len(name.split()) <= 2)


def _without_client_block(lines: list[str]) -> list[str]:
    """The block a client appends under a typed sign-off and name: title, company, phone, web.

    "Regards,\nJan" (or "Regards, Jan") is the person's; what follows the name goes when it
    is a few short lines and names a phone, an address or a web site.
    """
    end = len(lines)
    for index in range(end - 1, max(-1, end - _MAX_CARD_LINES), -1):
        if len(lines[index]) <= MAX_LINE and is_sign_off(lines[index]):
            break
    else:
        return lines
    name = index
    if "," not in lines[index].strip().rstrip(",") and index + 1 < end:
        name = index + 1  # the name is on the next line
        if not _is_name(lines[name]):
            return lines
    block = [line.strip() for line in lines[name + 1 :] if line.strip()]
    if block and block[0].lower().startswith(("p.s", "ps:", "ps ", "pps")):
        return lines  # a postscript is typed
    # Typed lines are longer; a company's confidentiality notice may be long too.
    short = all(len(line) <= 80 or DISCLAIMER.search(line[:MAX_LINE]) for line in block)
    if block and short and any(map(_has_contact, block)):
        return lines[: name + 1]
    return lines


def _has_contact(line: str) -> bool:
    return bool(_EMAIL.search(line) or _URL.search(line) or _PHONE.search(line))


def _without_contact_card(lines: list[str]) -> list[str]:
    """Remove a trailing card of name, e-mail, phone and web lines (an Outlook signature)."""
    paragraphs: list[range] = []
    # A card is a few short paragraphs at the very end: only those lines are read.
    first = max(0, len(lines) - _MAX_CARD_LINES)
    while first and lines[first - 1].strip():
        first -= 1
        if len(lines) - first > 2 * _MAX_CARD_LINES:  # one long paragraph: not a card
            return lines
    for index, line in enumerate(lines[first:], start=first):
        if not line.strip():
            continue
        if paragraphs and paragraphs[-1].stop == index:
            paragraphs[-1] = range(paragraphs[-1].start, index + 1)
        else:
            paragraphs.append(range(index, index + 1))
    # A card is short lines at the end; it never reaches the first paragraph, the entry.
    card: list[range] = []
    for paragraph in reversed(paragraphs[1:] if first == 0 else paragraphs):
        if len(paragraph) > 6 or any(len(lines[i].strip()) > 60 for i in paragraph):
            break
        card.append(paragraph)
    card.reverse()
    contacts = [i for paragraph in card for i in paragraph if _is_contact(lines[i])]
    # Two contact lines, one of them an address, tell a card from a typed phone number.
    if len(contacts) < 2 or not any(
        _EMAIL.search(lines[i]) or _URL.search(lines[i]) for i in contacts
    ):
        return lines
    rulers = [
        paragraph.start for paragraph in card if _DECORATION.fullmatch(lines[paragraph.start])
    ]
    start = rulers[0] if rulers else next(p.start for p in card if contacts[0] in p)
    return lines[:start]


def _is_contact(line: str) -> bool:
    rest = _PHONE.sub("", _URL.sub("", _EMAIL.sub("", line))).strip()
    # Besides the contact itself, a card line holds at most a label: "t.", "Tel:", "Mobil:".
    return rest != line.strip() and (not rest or (len(rest) <= 8 and not rest.isalpha()))
