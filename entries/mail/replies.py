"""Find the new text in an emailed reply: the words the person typed for their journal.

Daybook mails a prompt; the person presses Reply, and their mail client adds the prompt
back as a quote, a header such as "On Mon, ... wrote:", and perhaps a signature. The entry
is only what the person typed. Where the public test suites we check against disagree,
Daybook's rule is:

* Keep every line the person typed, in order: sign-offs such as "Thanks, Alex" or "-Alex",
  lists, indentation, emoji, hard line breaks and blank-line paragraphs.
* Drop what a client added: quoted lines ("> ...") with the header that introduces them;
  everything from an unquoted reply header onwards (Outlook "From:/Sent:" blocks in every
  language mail-parser-reply knows, "-----Original Message-----", an "On ... wrote:" above
  unquoted text); forwarded messages; mailing-list footers; "-- " signatures; mobile and
  app signatures ("Sent from my iPhone", "Von meinem iPhone gesendet", "Get Outlook for
  iOS"); a trailing contact card (name, e-mail, phone, web address).
* Text typed between or below quoted blocks (an inline or bottom-posted answer) is kept.
* A reply with nothing new returns "", and the caller holds it for review.

Line breaks are kept unless the part is format=flowed: plain text gives no reliable way to
tell a wrapped line from a deliberate one (a poem, an address), so callers that know the
part is flowed pass it through :func:`unflow` first.
"""

import re
import warnings

from mailparser_reply import EmailMessage
from mailparser_reply.constants import MAIL_LANGUAGES

from entries.html_text import html_to_text
from entries.mail.signatures import without_signature
from entries.text import REPLY_MARKER

# Every language the library has header patterns for: a Daybook user may run their mail
# client in any of them, and a missed header leaks the whole prompt into the journal.
_LANGUAGES = sorted(MAIL_LANGUAGES)

# A client's "On <date>, <name> wrote:", in one to three lines, in the languages we have
# seen: it ends with a colon and names a time, a year or an address, which a sentence a
# person types before a colon seldom does.
_WROTE = (
    r"wrote|writes|sent|schrieb|a écrit|escribió|escreveu|ha scritto|написала?|написав|пише"
    r"|napisał|napsal|skrev|schreef|geschreven|kirjoitti|đã viết|写道|寫道"
)
_COLON = r"[:\uff1a]"  # or the full-width colon of Chinese and Japanese clients
_WROTE_HEADER = re.compile(
    rf"(?=.*(?:\d{{1,2}}:\d\d|@|\d{{4}}))(?=.*(?:\b(?:{_WROTE})\b|<\s*\S+@\S+>\s*{_COLON}\s*$))"
    rf".*{_COLON}\s*",
    re.I,
)
# How such a header starts, when it wraps: "On", "Am", "Le", "El", ... or a date.
_HEADER_OPENER = re.compile(r"(?:on|am|le|el|em|il|op|den|dne|dnia|w dniu|på|vào|at)\s|\d", re.I)
# Gmail in some locales: "2016-03-03 17:21 GMT+01:00 Name" or "2011/4/7 Name <a@b.c>".
_GMAIL_DATE_LINE = re.compile(r"\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b.{0,120}(?:GMT[+-]\d.*|<\S+@\S+>:?)")
# The first line of an Outlook-style header block, in languages the library lacks too.
_FROM_LINE = re.compile(
    r"\s*\*?(?:from|von|de|da|van|fra|från|od|от|lähettäjä|feladó|kimden|发件人|差出人)\*?\s?:",
    re.I,
)
# "> text", and "AB> text", the initials some older clients quote with.
_QUOTED = re.compile(r"\s*(?:[A-Z]{1,3})?>")

# Lines after which nothing is the person's: forwards, original-message rulers, the
# underscores Outlook and mailing lists put above quoted mail and footers.
_SEPARATOR = re.compile(
    r"\s*\*?(?:_{20,}"
    r"|-{2,}\s*(?:forwarded message|original message|reply message|ursprüngliche nachricht"
    r"|antwort nachricht|weitergeleitete nachricht|oprindelig meddelelse|message transféré"
    r"|message d'origine|mensaje (?:original|reenviado)|messaggio (?:originale|inoltrato)"
    r"|oorspronkelijk bericht|doorgestuurd bericht|ursprungligt meddelande|opprinnelig melding"
    r"|wiadomość oryginalna|původní zpráva|исходное сообщение|пересылаемое сообщение)\s*-{2,}"
    r"|-{2,}.{0,100}\bwrote\b\s*-{2,}"
    r"|begin forwarded message:|anfang der weitergeleiteten nachricht:"
    r"|début du message réexpédié\s?:|inicio del mensaje reenviado:)\*?\s*",
    re.I,
)

# Unquoted text sharing a line with the header of the quote below it ("reply On ... wrote:").
_SHARED_HEADER = re.compile(r"(?!On\s)(?P<text>.*?\S)[\s-]*On\s.{5,}?\swrote:\s*")


def extract_reply(text: str | None, html: str | None = None) -> str:
    """Return the new text of a reply, or "" when the person added nothing.

    ``text`` is the text/plain part; ``html`` is used only when there is no plain text.
    """
    if not (text and text.strip()):
        text = html_to_text(html, skip_quoted=True) if html else ""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _above_marker(lines)
    lines = _without_quotes(lines)
    lines = without_signature(lines)
    return _tidy(lines)


def unflow(text: str, delsp: bool = False) -> str:
    """Join the soft line breaks of a format=flowed part (RFC 3676), keeping its quotes."""
    out: list[str] = []
    pending: tuple[int, str] | None = None  # a flowed line waiting for its continuation
    for raw in text.replace("\r\n", "\n").split("\n"):
        body = raw.lstrip(">")
        depth = len(raw) - len(body)
        body = body.removeprefix(" ")  # space-stuffing, added by the sender's client
        if pending is not None:
            if pending[0] == depth:
                body = pending[1] + body
            else:  # the quote level changed, so the flowed line really ended there
                out.append(_requote(pending[0], pending[1].rstrip(" ")))
            pending = None
        if body.endswith(" ") and body != "-- ":
            pending = (depth, body[:-1] if delsp else body)
        else:
            out.append(_requote(depth, body))
    if pending is not None:
        out.append(_requote(*pending))
    return "\n".join(out)


def _requote(depth: int, body: str) -> str:
    return f"{'>' * depth} {body}" if depth else body


def _above_marker(lines: list[str]) -> list[str]:
    """Cut at Daybook's own marker: a cheap, certain first pass for most replies."""
    for index, line in enumerate(lines):
        if REPLY_MARKER in line:
            kept = lines[:index]
            while kept and not kept[-1].strip(" \t>"):
                kept.pop()
            # The client's "On ..., Daybook wrote:" sits right above the quoted marker.
            top = _header_start(kept, len(kept) - 1) if kept else None
            return kept if top is None else kept[:top]
    return lines


def _is_quoted(line: str) -> bool:
    # ">>> http://example.com <<<" is decoration around a link, not a quote.
    return bool(_QUOTED.match(line)) and not line.rstrip().endswith("<<")


def _without_quotes(lines: list[str]) -> list[str]:
    """Remove quoted mail, keeping anything the person typed between or after quotes."""
    quoted = [_is_quoted(line) for line in lines]
    # A client that wraps a long quoted line can leave the tail without its ">": a line
    # squeezed between quoted lines belongs to the quote. Answers come in own paragraphs.
    for i in range(1, len(lines) - 1):
        if quoted[i - 1] and quoted[i + 1] and lines[i].strip():
            quoted[i] = True
    dropped = list(quoted)
    end = next((i for i, line in enumerate(lines) if _SEPARATOR.fullmatch(line)), len(lines))
    _split_shared_headers(lines, quoted, end)
    done = typed = 0  # typed: the first line the person typed, as far as we know yet
    for start, stop in _headers(lines[:end], quoted[:end]):
        if start < done:
            continue
        while typed < start and (dropped[typed] or not lines[typed].strip()):
            typed += 1
        following = next((i for i in range(stop, end) if lines[i].strip()), None)
        if following is None or quoted[following] or typed >= start:
            # A header above a quote, at the very end, or with nothing typed above it
            # separates nothing: only the header itself goes.
            dropped[start:stop] = [True] * (stop - start)
            done = stop
        else:
            end = start  # the original mail follows unquoted: nothing below is new
            break
    kept: list[str] = []
    previous_dropped = False
    for line, drop in zip(lines[:end], dropped[:end], strict=True):
        # A removed quote takes the blank lines after it too, so the text around it closes up.
        if drop or (previous_dropped and not line.strip()):
            previous_dropped = previous_dropped or drop
            continue
        previous_dropped = False
        kept.append(line)
    return kept


def _headers(lines: list[str], quoted: list[bool]) -> list[tuple[int, int]]:
    """Line spans [start, stop) of the reply headers in ``lines``, in order."""
    spans = set()
    start = 0
    # Quoted lines are blanked for the library: their headers are quoted too, and a long
    # quote would cost it seconds.
    unquoted = "\n".join(
        "" if is_quoted else line for line, is_quoted in zip(lines, quoted, strict=True)
    )
    for header in _library_headers(unquoted):
        first = header.split("\n", 1)[0].strip()
        index = next((i for i in range(start, len(lines)) if lines[i].strip() == first), None)
        if index is not None and not quoted[index]:
            start = index + header.count("\n") + 1
            spans.add((index, start))
    for last, line in enumerate(lines):
        if _FROM_LINE.match(line) and not quoted[last]:
            stop = last + 1
            while stop < len(lines) and lines[stop].strip() and stop - last < 8:
                stop += 1
            if stop - last > 1:  # "From:" alone is a sentence; a header has more lines
                spans.add((last, stop))
        elif _GMAIL_DATE_LINE.fullmatch(line.strip()) and not quoted[last]:
            spans.add((last, last + 1))
        elif (first := _header_start(lines, last)) is not None and not quoted[first]:
            spans.add((first, last + 1))
    # Of two spans from one line, the longer is the whole header.
    return sorted(spans, key=lambda span: (span[0], -span[1]))


def _header_start(lines: list[str], last: int) -> int | None:
    """First line of an "On <date>, <name> wrote:" style header ending on line ``last``."""
    if not re.search(rf"{_COLON}\s*$", lines[last]):
        return None
    # Polymail alone puts blank lines inside its header, and then "wrote:" stands alone.
    may_gap = bool(re.fullmatch(rf"(?:{_WROTE})\s*{_COLON}\s*", lines[last].strip(" \t>")))
    fallback = None
    for top in range(last, max(last - 6, -1), -1):
        block = [line.strip(" \t>") for line in lines[top : last + 1]]
        if not block[0] or ("" in block and not may_gap):
            continue
        if not _WROTE_HEADER.fullmatch(" ".join(part for part in block if part)):
            continue
        # Prefer the line that opens with "On", "Am", "Le", a date...: the header may wrap.
        if _HEADER_OPENER.match(block[0]) and re.search(r"\d", block[0]):
            return top
        if fallback is None:
            fallback = top
    return fallback


def _library_headers(text: str) -> list[str]:
    """Reply headers that mail-parser-reply's patterns find, in order.

    Only its header pattern is used: ``EmailReplyParser.read()`` re-scans the text once per
    header (seconds for a long thread), and its ``.body`` cuts a signature at any line that
    starts like "Thanks," or "Tak" or "- ", which in a journal is the person's own writing.
    """
    with warnings.catch_warnings():
        # mail-parser-reply 1.36 passes re.sub's count positionally, which Python 3.13
        # deprecates; the call still works, so the warning is noise for Daybook.
        warnings.filterwarnings("ignore", "'count' is passed", DeprecationWarning)
        message = EmailMessage(text=text, languages=list(_LANGUAGES))
    headers = (match.group().strip() for match in message.HEADER_REGEX.finditer(message.text))
    # A lone "Do: call mum" matches the library's Polish "Do:" header; a real header is
    # a block of lines, a line ending in a colon, or an original-message ruler.
    return [h for h in headers if "\n" in h or h.endswith(":") or _SEPARATOR.fullmatch(h)]


def _split_shared_headers(lines: list[str], quoted: list[bool], end: int) -> None:
    """Keep the text of "reply On <date>, X wrote:" when it shares a line with the header."""
    for i in range(1, end):
        if quoted[i] and not quoted[i - 1] and (shared := _SHARED_HEADER.fullmatch(lines[i - 1])):
            lines[i - 1] = shared["text"].rstrip(" -")


def _tidy(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    # Three or more blank lines become one; one or two are the writer's spacing.
    text = re.sub(r"\n{4,}", "\n\n", text)
    return text.strip("\n")
