"""Remove what a mail client appends below the text the person typed.

Only the end of a reply is looked at, and only what a program writes the same way every
time: the block after a "-- " line, a phone or app line such as "Sent from my iPhone" (in
the languages Daybook's users write), and a contact card of name, e-mail, phone and web
lines. A sign-off the person typed ("Thanks,\nAnn", "-Ann") is their writing and stays.
"""

import re

# RFC 3676's "-- "; many clients, and people, drop the trailing space.
_DELIMITER = re.compile(r"--\s*")
# Rulers and marks left at the end: "___", "***", "~~~", and "ᐧ", which mail trackers add.
_DECORATION = re.compile(r"[\s\-_=*#~+ᐧ]*")

# What a phone or mail app appends. Each pattern must match a whole line, and only lines at
# the very end are removed, so "Sent from my desk, it was quieter" inside an entry survives.
_WORDS = r"[^\s,]+(?: [^\s,]+){0,5}"
_APP_SIGNATURE = re.compile(
    "|".join(
        (
            rf"(?:sent|posted) (?:from|with|via|using|by|on) (?:my |a |an )?{_WORDS}[.,!]?"
            r"(?:\s+please excuse.*)?",
            r"get (?:the )?\[?outlook\b.*",
            r"from my (?:iphone|ipad|android|mobile|phone|blackberry|galaxy|samsung)\b.{0,20}",
            r"(?:\S+ )?(?:from|via) (?:my )?mobile(?: device| phone)?",
            r"von meinem .{1,60} gesendet\.?",
            rf"gesendet (?:von|mit|vom) (?:meinem |meiner )?{_WORDS}",
            r"diese nachricht wurde (?:von|mit) .{1,80} gesendet\.?",
            rf"envoy[ée] (?:depuis|de|avec|à partir de) (?:mon |ma |un |une )?{_WORDS}",
            rf"enviado (?:desde|con|do|de|por) (?:mi |meu |o |el )?{_WORDS}",
            rf"inviato (?:da|dal|con) (?:mio )?{_WORDS}",
            rf"(?:verzonden|verstuurd) (?:vanaf|met|van) (?:mijn )?{_WORDS}",
            rf"(?:sendt|skickat) (?:fra|från|med) (?:min |mitt )?{_WORDS}",
            rf"wysłane? (?:z|ze|przez) (?:mojego |mojej )?{_WORDS}",
            rf"odesláno z (?:mého )?{_WORDS}",
            rf"отправлено (?:с|из|со) {_WORDS}",  # noqa: RUF001 (Russian words, not look-alikes)
            r"(?:從|从)我的.{1,30}(?:傳送|发送)|发自我的.{1,30}",
            r".{1,30}から送信|내 .{1,30}에서 보냄",
        )
    ),
    re.I,
)
_NAME = re.compile(r"[^\W\d_][\w'.-]*(?: [^\W\d_][\w'.-]*){0,2}")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_PHONE = re.compile(r"\+?\(?\d[\d\s()./-]{6,}\d")


def without_signature(lines: list[str]) -> list[str]:
    """``lines`` without the signature, app lines and contact card at their end."""
    for index, line in enumerate(lines):
        if _DELIMITER.fullmatch(line):
            lines = lines[:index]
            break
    lines = _without_app_signature(lines)
    lines = _without_contact_card(lines)
    end = len(lines)
    while end and _DECORATION.fullmatch(lines[end - 1]):
        end -= 1
    return lines[:end]


def _without_app_signature(lines: list[str]) -> list[str]:
    end = len(lines)
    while True:
        while end and not lines[end - 1].strip():
            end -= 1
        if not (end and _is_app_signature(lines[end - 1])):
            return lines[:end]
        end -= 1
        # A bare name right above it ("Stavros Xxxxxx / via mobile") is part of the same
        # signature; a sentence or a lower-case line ("love you") is not.
        if end > 1 and _is_name(lines[end - 1]) and not lines[end - 2].strip():
            end -= 1


def _is_app_signature(line: str) -> bool:
    # Some apps wrap the line: "<<sent by galaxy>>", "(Sent from mobile device)".
    return bool(_APP_SIGNATURE.fullmatch(line.strip().strip("<>()[]").strip()))


def _is_name(line: str) -> bool:
    return bool(_NAME.fullmatch(line.strip())) and all(word[0].isupper() for word in line.split())


def _without_contact_card(lines: list[str]) -> list[str]:
    """Remove a trailing card of name, e-mail, phone and web lines (an Outlook signature)."""
    paragraphs: list[range] = []
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if paragraphs and paragraphs[-1].stop == index:
            paragraphs[-1] = range(paragraphs[-1].start, index + 1)
        else:
            paragraphs.append(range(index, index + 1))
    # A card is short lines at the end; it never reaches the first paragraph, the entry.
    card: list[range] = []
    for paragraph in reversed(paragraphs[1:]):
        if len(paragraph) > 6 or any(len(lines[i].strip()) > 60 for i in paragraph):
            break
        card.insert(0, paragraph)
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
