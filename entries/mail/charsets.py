"""Decode the bytes of a text part when its declared charset is missing, unknown or wrong.

Valid UTF-8 is taken as UTF-8 whatever the label says: clients that label UTF-8 as
"iso-8859-1" or "us-ascii" are common, and legacy text almost never forms valid UTF-8 by
chance. A declared charset that decodes the bytes is trusted. Otherwise the charset is
found from the bytes with charset-normalizer, among the charsets mail is written in, and a
candidate that turns letters into symbols ("Dzi¶", "By³") loses to one that does not.
"""

import codecs
import unicodedata

from charset_normalizer import from_bytes

# Enough bytes to tell a charset; detection never reads more.
SAMPLE = 64 * 1024

# The charsets mail is written in (charset-normalizer's names); nothing exotic.
MAIL_CHARSETS = [
    "utf_8", "cp1252", "iso8859_15", "iso8859_2", "cp1250", "cp1254", "iso8859_9", "cp1251",
    "koi8_r", "koi8_u", "iso8859_5", "iso8859_7", "cp1253", "cp1255", "iso8859_8", "cp1256",
    "iso8859_6", "cp1257", "iso8859_13", "cp932", "euc_jp", "iso2022_jp", "cp949", "gb18030",
    "big5", "cp874", "cp1258",
]  # fmt: skip
_SINGLE_BYTE = frozenset(MAIL_CHARSETS) - {
    "utf_8", "cp932", "euc_jp", "iso2022_jp", "cp949", "gb18030", "big5",
}  # fmt: skip
# The charsets each language's mail is written in, where a language has its own.
_CENTRAL = ("cp1250", "iso8859_2")
_NATIVE = {
    "Turkish": ("cp1254", "iso8859_9"),
    "Hebrew": ("cp1255", "iso8859_8"),
    "Greek": ("cp1253", "iso8859_7"),
    "Russian": ("cp1251", "koi8_r", "iso8859_5"),
    "Ukrainian": ("koi8_u", "cp1251"),
    "Arabic": ("cp1256", "iso8859_6"),
    "Farsi": ("cp1256", "iso8859_6"),
    **dict.fromkeys(("Polish", "Czech", "Slovak", "Hungarian", "Romanian", "Croatian"), _CENTRAL),
}
# Labels that are often put on UTF-8 by mistake.
_WEAK_LABELS = frozenset(
    {"", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252"}
)


def decode(payload: bytes, declared: str, final: bool = True) -> str:
    """``payload`` as text; ``final`` is False when it was cut and may end mid-character."""
    if payload.isascii():
        if b"\x1b$" in payload or b"\x1b(" in payload:  # ISO-2022-JP is 7-bit
            text = _try(payload, "iso2022_jp", final)
            if text is not None:
                return text
        return payload.decode("ascii")
    utf8 = _try(payload, "utf-8", final)
    if utf8 is not None and (declared in _WEAK_LABELS or _is_utf8(declared)):
        return utf8
    if declared and not _is_utf8(declared):
        text = _try(payload, declared, final)
        if text is not None:
            return text
    if utf8 is not None:
        return utf8
    return _detected(payload)


def _is_utf8(label: str) -> bool:
    return label.replace("_", "-") in {"utf-8", "utf8"}


def _try(payload: bytes, charset: str, final: bool) -> str | None:
    try:
        return codecs.getincrementaldecoder(charset)().decode(payload, final=final)
    except (LookupError, UnicodeError, ValueError):
        return None


def _detected(payload: bytes) -> str:
    # Only the lines that hold non-ASCII bytes tell charsets apart; a long ASCII quote
    # would drown them.
    sample = b"\n".join(line for line in payload[:SAMPLE].splitlines() if not line.isascii())
    matches = list(from_bytes(sample, cp_isolation=MAIL_CHARSETS))
    if not matches:
        return payload.decode("cp1252", errors="replace")
    best = matches[0].encoding
    # The words may tell the language before the bytes tell its charset (Turkish read as
    # Central European): then the language's own charset wins.
    native = _NATIVE.get(matches[0].language, ())
    if native and best not in native:
        best = next((match.encoding for match in matches if match.encoding in native), best)
    if best in _SINGLE_BYTE:
        # Short text fools the statistics: of the one-byte charsets, prefer the first that
        # reads as words ("Dziś", not "Dzi¶").
        others = [match.encoding for match in matches[:8] if match.encoding in _SINGLE_BYTE]
        best = min(
            [best, *others],  # on a tie, the choice so far stands
            key=lambda charset: _implausible(sample.decode(charset, errors="replace")),
        )
    return payload.decode(best, errors="replace")


def _implausible(text: str) -> int:
    """How many characters of ``text`` a person would not have typed: symbols inside words,
    replacement characters, and letters of another script than the rest of their word."""
    score = 0
    for word in text.split():
        if word.isascii():
            continue
        scripts = set()
        for char in word:
            if char.isascii():
                if char.isalpha():
                    scripts.add("LATIN")
                continue
            category = unicodedata.category(char)
            if char == "\ufffd" or category[0] not in "LM":
                score += 1 if category[0] == "P" else 2
            elif category[0] == "L":
                scripts.add(unicodedata.name(char, "?").split(" ")[0])
        score += 2 * (len(scripts) - 1) if len(scripts) > 1 else 0
    return score
