"""Kind 7: broken MIME that must still become the text the person typed.

A multipart message whose boundary never appears (or is not the one declared), a part with
no charset or the wrong one, and a part whose transfer encoding is not what it says.
"""

import base64

from entries.tests.mail.reply_cases import PROMPT, TYPED, Case

HEAD = (
    "From: Ann <ann@example.com>\r\nTo: {addr}\r\nSubject: Re: 27 November\r\n"
    "Date: Fri, 27 Nov 2026 21:00:00 +0000\r\nMessage-ID: <broken-%d@mail.example.com>\r\n"
    "MIME-Version: 1.0\r\n"
)
HEADER = "On Fri, Nov 27, 2026 at 8:00 PM Daybook <{addr}> wrote:"
QUOTE = "\n".join(f"> {line}".rstrip() for line in PROMPT.split("\n"))


def _body(language: str) -> str:
    return f"{TYPED[language]}\n\n{HEADER}\n\n{QUOTE}\n".replace("\n", "\r\n")


def _raw(number: int, headers: str, body: bytes) -> bytes:
    return (HEAD % number + headers).encode() + b"\r\n" + body


def _case(number, language, client, headers, body, typed=""):
    return Case("mime", language, client, "", raw=_raw(number, headers, body), typed=typed)


# Languages and the legacy charsets their mail still arrives in without saying so.
LEGACY = [
    ("de", "cp1252"),
    ("fr", "cp1252"),
    ("es", "iso-8859-1"),
    ("pt", "iso-8859-15"),
    ("pl", "iso-8859-2"),
    ("cs", "windows-1250"),
    ("hu", "iso-8859-2"),
    ("ru", "koi8-r"),
    ("ru", "windows-1251"),
    ("uk", "koi8-u"),
    ("tr", "iso-8859-9"),
    ("el", "iso-8859-7"),
    ("he", "windows-1255"),
    ("ar", "windows-1256"),
    ("ja", "shift_jis"),
    ("ja", "iso-2022-jp"),
    ("ko", "euc-kr"),
    ("zh-hans", "gb2312"),
    ("zh-hant", "big5"),
]

CASES = []
number = 0


def _add(*args, **kwargs):
    global number
    number += 1
    CASES.append(_case(number, *args, **kwargs))


for language, charset in LEGACY:
    encoded = _body(language).encode(charset)
    # No charset at all: the bytes say what they are.
    _add(
        language,
        f"{charset}, no charset",
        "Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n",
        encoded,
    )
    # A charset that lies: the client says UTF-8 and sends its legacy charset.
    _add(
        language,
        f"{charset}, says utf-8",
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n",
        encoded,
    )

for language in ("de", "fr", "pl", "ru", "el", "ja", "zh-hans", "ko", "ar", "tr"):
    utf8 = _body(language).encode()
    # UTF-8 bytes labelled as Latin-1, or as a charset nobody knows.
    _add(
        language,
        "utf-8, says latin-1",
        "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n",
        utf8,
    )
    _add(
        language,
        "utf-8, says undefined",
        "Content-Type: text/plain; charset=undefined\r\nContent-Transfer-Encoding: 8bit\r\n",
        utf8,
    )
    # Declared base64, sent as plain text.
    _add(
        language,
        "says base64, is plain",
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
        utf8,
    )
    # An encoding Python does not know ("8bits").
    _add(
        language,
        "unknown encoding",
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bits\r\n",
        utf8,
    )
    # Multipart without its boundary anywhere in the body: the body is the text.
    _add(
        language,
        "multipart, no boundary",
        'Content-Type: multipart/alternative; boundary="0000000000001234"\r\n',
        utf8,
    )
    # Multipart whose parts use another boundary than the one declared.
    part = (
        b"--real-boundary\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(utf8).replace(b"\n", b"\r\n")
        + b"--real-boundary\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<div>HTML copy</div>\r\n--real-boundary--\r\n"
    )
    _add(
        language,
        "multipart, other boundary",
        'Content-Type: multipart/alternative; boundary="declared-boundary"\r\n',
        part,
    )
    # Base64 with its padding lost, and a stray character in it.
    damaged = base64.encodebytes(utf8).replace(b"\n", b"\r\n").rstrip(b"=\r\n") + b"\r\n"
    _add(
        language,
        "base64 without padding",
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
        damaged,
    )

# Quoted-printable with stray "=" signs the client never escaped.
_add(
    "en",
    "bad quoted-printable",
    "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n",
    b"2+2=4 and x=y today.\r\nCost =EUR 5.\r\n\r\n" + _body("en").encode(),
    typed="2+2=4 and x=y today.\nCost =EUR 5.\n\n" + TYPED["en"],
)
