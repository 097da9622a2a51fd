"""Whether a line is part of what a mail client writes above the message being answered.

The words, by language, are data in :mod:`entries.mail.quote_words`. The functions here
answer yes or no for one short line, or a few lines joined, and never look at more:
a line longer than :data:`MAX_LINE` is the person's writing, not a client's header. So
every check costs at most a few hundred characters, and a reply is read in linear time.
"""

import re

from entries.mail import quote_words

# No client writes a header line longer than this (a long name and address included).
MAX_LINE = 300
# A header wrapped over several lines is still short in total.
MAX_HEADER = 600

_VERBS = tuple(sorted(quote_words.words("wrote"), key=len))
_FIELD_KIND = {name: kind for kind in quote_words.FIELD_KINDS for name in quote_words.words(kind)}
# Field names are short; anything longer before the colon is a sentence.
_MAX_FIELD_NAME = max(len(name) for name in _FIELD_KIND)

_COLONS = (":", "\uff1a")  # and the full-width colon of Chinese and Japanese clients
# Right-to-left marks and similar controls that Gmail puts around names and addresses.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2068\u2069"))


def _is_word_at(text: str, start: int, end: int) -> bool:
    # CJK text has no spaces between words, so there a verb needs no boundary.
    if ord(text[start]) >= 0x3000:
        return True
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def _has_verb(text: str) -> bool:
    """Whether ``text`` (a short tail) holds a "wrote" verb of any language as a word."""
    lower = text.lower()
    for verb in _VERBS:
        at = lower.find(verb)
        while at >= 0:
            if _is_word_at(lower, at, at + len(verb)):
                return True
            at = lower.find(verb, at + 1)
    return False


def _ends_with_verb(text: str) -> bool:
    lower = text.lower()
    return lower.endswith(_VERBS) and any(
        lower.endswith(verb) and _is_word_at(lower, len(lower) - len(verb), len(lower))
        for verb in _VERBS
    )


_DIGIT = re.compile(r"\d")
# Something a header always names: a time, a year, or an address.
_DATE_OR_ADDRESS = re.compile(r"\d{1,2}[:.]\d\d|\d{4}|@")
# "<name@example.com>:" or "(<name@example.com>):" closing a header with no verb (ru, ja).
_ADDRESS_END = re.compile(r"[^\s<>@]+@[^\s<>@]+>[)\]]?\s*$")
# How a header starts: a word of :data:`quote_words` openers before a date, or the date.
_OPENERS = "|".join(
    re.escape(word) for word in sorted(quote_words.words("openers"), key=len, reverse=True)
)
_OPENER = re.compile(rf"(?:{_OPENERS})\s|\d", re.IGNORECASE)
_SEPARATOR_WORDS = "|".join(
    re.escape(word) for word in sorted(quote_words.words("separators"), key=len, reverse=True)
)
# "-----Original Message-----", "---- Name wrote ----", and the underscores that Outlook
# and mailing lists put above quotes and footers.
_SEPARATOR = re.compile(
    rf"[\s*]*(?:_{{20,}}|[-=]{{2,}}\s*(?:{_SEPARATOR_WORDS})\s*[-=]{{2,}}"
    rf"|[-=]{{2,}}[^-=]{{0,100}}\bwrote\b\s*[-=]{{2,}})[\s*]*",
    re.IGNORECASE,
)
# Gmail in some locales: "2016-03-03 17:21 GMT+01:00 Name" or "2011/4/7 Name <a@b.c>".
_GMAIL_DATE_LINE = re.compile(
    r"\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b.{0,120}(?:GMT[+-]\d.{0,120}|<[^\s<>@]+@[^\s<>]+>:?)"
)


def clean(line: str) -> str:
    """The line as a header check sees it: no quote marks, bidi controls or outer spaces."""
    if not line.isascii():
        line = line.translate(_INVISIBLE)
    return line.lstrip(" \t>*\u00a0").rstrip(" \t*\u00a0")


# Every check below takes a line already passed through clean(), no longer than MAX_LINE.


def is_separator(stripped: str) -> bool:
    """An original-message ruler, a forward marker, or the underscores above a footer."""
    return stripped.lower() in quote_words.FORWARD_LINES or bool(_SEPARATOR.fullmatch(stripped))


def field_kind(stripped: str) -> str | None:
    """ "from", "sent", "date", "to", "subject" or "cc" for an Outlook header line."""
    colon = min((i for i in map(stripped.find, _COLONS) if i > 0), default=-1)
    if colon < 0 or colon > _MAX_FIELD_NAME + 2:
        return None
    return _FIELD_KIND.get(stripped[:colon].strip(" *").lower())


def is_gmail_date_line(stripped: str) -> bool:
    return stripped[:1].isdigit() and bool(_GMAIL_DATE_LINE.fullmatch(stripped))


_HEADER_ENDS = frozenset(":\uff1a-=_*")


def may_be_header(stripped: str) -> bool:
    """A cheap first test, run on every line: could it be part of a client's header?"""
    return bool(stripped) and (
        stripped[-1] in _HEADER_ENDS
        or stripped[-1].isdigit()
        or stripped[0].isdigit()
        or (stripped[-1] == ">" and "@" in stripped)
        or ":" in stripped[: _MAX_FIELD_NAME + 4]
        or "\uff1a" in stripped[: _MAX_FIELD_NAME + 4]
        or _ends_with_verb(stripped)
    )


def may_end_header(stripped: str) -> bool:
    """Whether a line could be the last of a "wrote:" header."""
    return stripped.endswith(_COLONS) or _ends_with_verb(stripped)


def is_wrote_header(block: str, strict: bool = True) -> bool:
    """Whether ``block`` (one header, its lines joined by spaces) is a "wrote:" header.

    Strict, for a header above unquoted text where everything below is cut: it must name a
    time, a year or an address. Lenient, above a quote: "On Monday, Ann wrote:" will do.
    """
    if len(block) > MAX_HEADER:
        return False
    block = clean(block)
    colon = block.endswith(_COLONS)
    if colon:
        block = block[:-1].rstrip()
    tail = block[-160:]
    if not colon:
        # A client that drops the colon still ends with its verb, after a date.
        if not (_ends_with_verb(tail) and _OPENER.match(block)):
            return False
    elif not (_has_verb(tail) or _ADDRESS_END.search(tail)):
        return False
    if strict or not colon:
        return bool(_DATE_OR_ADDRESS.search(block))
    return bool(_OPENER.match(block) or _DATE_OR_ADDRESS.search(block))


_ADDRESS_OR_TIME = re.compile(r"@|\d{1,2}[:.]\d\d\b|\d{1,2}:\d\d")


def names_address_or_time(block: str) -> bool:
    """Whether a header names an address or a clock time, as clients' headers do."""
    return bool(_ADDRESS_OR_TIME.search(block[:MAX_HEADER]))


def opens_header(stripped: str) -> int:
    """How surely a header starts on a cleaned line: 2 "On <date>", 1 a date, 0 not."""
    if not (_OPENER.match(stripped) and _DIGIT.search(stripped)):
        return 0
    return 1 if stripped[0].isdigit() else 2
