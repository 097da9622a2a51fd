"""Find the new text in an emailed reply: the words the person typed for their journal.

Daybook mails a prompt; the person presses Reply, and their mail client adds the prompt
back as a quote, a header such as "On Mon, ... wrote:", and perhaps a signature. The entry
is only what the person typed. Where the public test suites we check against disagree,
Daybook's rule is:

* Keep every line the person typed, in order: sign-offs such as "Thanks, Alex" or "-Alex",
  lists, indentation, emoji, hard line breaks and blank-line paragraphs.
* Drop what a client added: quoted lines ("> ...") with the header that introduces them;
  everything from an unquoted reply header onwards (Outlook "From:/Sent:" blocks and
  "On ... wrote:" headers in the 27 languages of :mod:`entries.mail.quote_words`,
  "-----Original Message-----" and its translations); everything below a phone's
  "Sent from my iPhone" when the original follows it without quote marks; forwarded
  messages; mailing-list and provider footers; "-- " signatures; mobile and app lines
  ("Von meinem iPhone gesendet", "Get Outlook for iOS"); the block a client appends under
  a typed sign-off (title, company, phone, web); a trailing contact card.
* Text typed between or below quoted blocks (an inline or bottom-posted answer) is kept.
* Text that only looks like a header stays: with nothing typed above it, a "header" goes
  only when it names an address or a clock time, as clients' headers do.
* A reply with nothing new returns "", and the caller holds it for review.

Every rule looks at one line, or a handful of short lines, at a time, and no rule looks
at a line longer than a client would write, so the time is linear in the reply: a reply
built to make regular expressions backtrack is read as fast as any other.

Line breaks are kept unless the part is format=flowed: plain text gives no reliable way to
tell a wrapped line from a deliberate one (a poem, an address), so callers that know the
part is flowed pass it through :func:`unflow` first.
"""

import re

from entries.html_text import html_to_text
from entries.mail import quote_headers, signatures
from entries.mail.quote_headers import MAX_LINE
from entries.text import REPLY_MARKER

# Ten times the longest entry Daybook keeps: every entry fits, and a 25 MB message costs
# no more than this. What lies beyond is a quoted thread, or too long to be an entry.
MAX_TEXT = 1_000_000

# A phone's signature sits right under the typed text; an entry is at most this many lines.
_MAX_SIGNATURE_SEARCH = 5000
# "> text", and "AB> text", the initials some older clients quote with.
_INITIALS = re.compile(r"[A-Z]{1,3}>")
# Blank lines beyond three say nothing more (see _tidy); fewer lines, less work.
_BLANK_RUN = re.compile(r"\n{5,}")


def extract_reply(text: str | None, html: str | None = None) -> str:
    """Return the new text of a reply, or "" when the person added nothing.

    ``text`` is the text/plain part; ``html`` is used only when there is no plain text.
    """
    if not (text and not text.isspace()):
        text = html_to_text(html, skip_quoted=True) if html else ""
    text = text[:MAX_TEXT].replace("\r\n", "\n").replace("\r", "\n")
    lines = _BLANK_RUN.sub("\n\n\n\n", text).split("\n")
    if REPLY_MARKER in text:
        lines = _above_marker(lines)
    lines = _above_app_signature(lines)
    lines = _without_quotes(lines)
    lines = signatures.without_signature(lines)
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
            top = _header_start(kept, len(kept) - 1, strict=False) if kept else None
            return kept if top is None else kept[:top]
    return lines  # pragma: no cover (the caller checked that the marker is there)


def _above_app_signature(lines: list[str]) -> list[str]:
    """Cut at a phone's "Sent from my iPhone" when the original follows it without marks.

    The line must name a device or app, and the person must have typed something above it.
    It sits right below what was typed, so only the first lines are searched.
    """
    typed = False
    for index, line in enumerate(lines[:_MAX_SIGNATURE_SEARCH]):
        if not line.strip():
            continue
        if typed and len(line) <= 80 and signatures.is_device_signature(line):
            following = next((later for later in lines[index + 1 :] if later.strip()), None)
            if following is not None and not _is_quoted(following):
                return lines[:index]
            return lines
        typed = typed or not _is_quoted(line)
    return lines


def _is_quoted(line: str) -> bool:
    head = line.lstrip()[:4]
    if not head or (head[0] != ">" and not _INITIALS.match(head)):
        return False
    # ">>> http://example.com <<<" is decoration around a link, not a quote.
    return not line.rstrip().endswith("<<")


def _without_quotes(lines: list[str]) -> list[str]:
    """Remove quoted mail, keeping anything the person typed between or after quotes."""
    quoted = [_is_quoted(line) for line in lines]
    # A client that wraps a long quoted line can leave the tail without its ">": a line
    # squeezed between quoted lines belongs to the quote. Answers come in own paragraphs.
    for i in range(1, len(lines) - 1):
        if quoted[i - 1] and quoted[i + 1] and not quoted[i] and lines[i].strip():
            quoted[i] = True
    dropped = list(quoted)
    _split_shared_headers(lines, quoted)
    spans, end = _headers(lines, quoted)
    done = typed = 0  # typed: the first line the person typed, as far as we know yet
    for start, stop, strict in spans:
        if start < done:
            continue
        while typed < start and (dropped[typed] or not lines[typed].strip()):
            typed += 1
        following = next((i for i in range(stop, end) if lines[i].strip()), None)
        above_quote = following is not None and quoted[following]
        if typed >= start and not above_quote:
            # Nothing typed above: a client's header on top of the text goes, but only one
            # that names an address or a time; "Date: the 27th" is the person's writing.
            if quote_headers.names_address_or_time(" ".join(lines[start:stop])):
                dropped[start:stop] = [True] * (stop - start)
                done = stop
        elif following is None or above_quote:
            # A header above a quote, or at the very end, separates nothing: only it goes.
            dropped[start:stop] = [True] * (stop - start)
            done = stop
        elif strict:
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


def _headers(lines: list[str], quoted: list[bool]) -> tuple[list[tuple[int, int, bool]], int]:
    """The reply headers, as spans [start, stop) in order, and the first separator line.

    Each span says whether the header is certain enough to cut the unquoted text below it.
    Past a separator ("-----Original Message-----") nothing is the person's, so the search
    stops there.
    """
    spans = set()
    skip_to = 0  # the end of the last field block: its lines are in no other header
    for last, line in enumerate(lines):
        if last < skip_to or len(line) > MAX_LINE:
            continue  # the person's writing: no client writes a header line this long
        stripped = quote_headers.clean(line)
        # Most lines fail this cheap test: only a short line with a colon, a rule, a date,
        # an address or a verb at its end can be part of a header.
        if not quote_headers.may_be_header(stripped):
            continue
        if quoted[last]:
            # Polymail's header ends on a quoted "> wrote:"; its first line is not quoted.
            if quote_headers.may_end_header(stripped):
                first = _header_start(lines, last, strict=True)
                if first is not None and not quoted[first]:
                    spans.add((first, last + 1, True))
        elif quote_headers.is_separator(stripped):
            return sorted(spans, key=lambda span: (span[0], -span[1])), last
        elif (kind := quote_headers.field_kind(stripped)) is not None:
            stop = _field_block_end(lines, last)
            if stop is not None and kind != "to":
                spans.add((last, stop, True))
                skip_to = stop
        elif quote_headers.is_gmail_date_line(stripped):
            spans.add((last, last + 1, True))
        elif not quote_headers.may_end_header(stripped):
            continue
        elif (first := _header_start(lines, last, strict=True)) is not None:
            if not quoted[first]:
                spans.add((first, last + 1, True))
        elif (first := _header_start(lines, last, strict=False)) is not None:
            spans.add((first, last + 1, False))
    # Of two spans from one line, the longer is the whole header.
    return sorted(spans, key=lambda span: (span[0], -span[1])), len(lines)


def _field_block_end(lines: list[str], first: int) -> int | None:
    """End of an Outlook "From:/Sent:/To:/Subject:" block starting at ``first``, if it is one.

    "From:" alone is a sentence ("Do: call mum" is one in Polish); a header has a second
    field, and says who sent it or when.
    """
    kinds = set()
    stop = first
    while stop < min(len(lines), first + 8) and lines[stop].strip():
        kind = quote_headers.field_kind(quote_headers.clean(lines[stop][:MAX_LINE]))
        if kind is not None:
            kinds.add(kind)
        stop += 1
    if len(kinds) > 1 and kinds & {"from", "sent", "date"}:
        return stop
    return None


def _header_start(lines: list[str], last: int, strict: bool) -> int | None:
    """First line of an "On <date>, <name> wrote:" style header ending on line ``last``."""
    if len(lines[last]) > MAX_LINE or not quote_headers.may_end_header(
        quote_headers.clean(lines[last])
    ):
        return None
    # Polymail alone puts blank lines inside its header, and then "wrote:" stands alone.
    may_gap = len(quote_headers.clean(lines[last])) < 12
    found: dict[int, int] = {}  # the nearest first line of each opening strength
    block: list[str] = []
    for top in range(last, max(last - 6, -1), -1):
        if len(lines[top]) > MAX_LINE:
            break
        block.insert(0, quote_headers.clean(lines[top]))
        # A line that could end a header of its own is not inside this one.
        if top < last and quote_headers.may_end_header(block[0]):
            break
        if not block[0] or ("" in block and not may_gap):
            continue
        # The header may wrap: prefer the line that opens with "On", "Am", "Le"..., then
        # one that opens with a date, to a line that merely ends it. Above the nearest
        # candidate, only a line that opens a header is worth a look.
        opens = quote_headers.opens_header(block[0])
        if opens in found or (found and not opens):
            continue
        if quote_headers.is_wrote_header(" ".join(part for part in block if part), strict):
            found[opens] = top
            if opens == 2:
                break
    return found.get(2, found.get(1, found.get(0)))


def _split_shared_headers(lines: list[str], quoted: list[bool]) -> None:
    """Keep the text of "reply On <date>, X wrote:" when it shares a line with the header."""
    for i in range(1, len(lines)):
        if quoted[i] and not quoted[i - 1] and lines[i - 1].rstrip().endswith(" wrote:"):
            lines[i - 1] = _text_before_header(lines[i - 1])


def _text_before_header(line: str) -> str:
    """The text in front of an "On <date>, X wrote:" that ends ``line``; only the tail is read."""
    line = line.rstrip()
    if line.startswith("On "):
        return line
    at = line.find("On ", max(1, len(line) - MAX_LINE))
    # The header needs a few words between "On" and "wrote:"; the text, a character.
    if at < 0 or len(line) - at < len("On ") + 5 + len(" wrote:"):
        return line
    return line[:at].rstrip(" -\t")


def _tidy(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    # Three or more blank lines become one; one or two are the writer's spacing.
    text = re.sub(r"\n{4,}", "\n\n", text)
    return text.strip("\n")
