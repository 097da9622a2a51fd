"""Replies as mail clients write them, one table per kind of thing a client adds.

Written for Daybook from what each client shows, in each language (not copied from
another project's fixtures). Every case says what the person typed; the reply Daybook
keeps must be exactly that. ``entries/tests/test_reply_cases.py`` runs every case through
``pipeline.extract``, and ``bench/replies.py`` through the whole pipeline as a reply to a
real prompt, printing the pass rate per kind and per language.

A case's body is a template: ``{typed}`` is what the person typed, ``{quote}`` the prompt
quoted with "> ", ``{prompt}`` the prompt as the client copied it without quote marks,
``{addr}`` the prompt's reply address, and in HTML ``{typed_html}``/``{prompt_html}``.
"""

from dataclasses import dataclass, field

# A prompt as Daybook sends it (templates/emails/prompt.txt); the bench uses a real one.
PROMPT = (
    "## Reply above this line ##\n"
    "\n"
    "It's Friday, 27 November. How was your day?\n"
    "\n"
    "Reply to this email and what you write becomes your journal entry for Friday 27 "
    "November 2026. A line or a page: whatever you like.\n"
    "\n"
    "--\n"
    "Read your journal: https://daybook.example/journal/\n"
    "Change your days, time or timezone: https://daybook.example/settings/\n"
    "Pause these emails: mailto:unsubscribe+abc@reply.daybook.example"
)
ADDRESS = "tok123@reply.daybook.example"

# What people typed, by language: short days, a list, a sign-off, blank-line paragraphs.
TYPED = {
    "en": "Walked to the lake before work.\nThe ice was thin.\n\nSoup for dinner.",
    "de": "Heute im Park gewesen.\nDie Enten waren laut.\n\nAbends Suppe.",
    "fr": "Balade au bord du lac ce matin.\n\nSoupe ce soir, puis lecture.",
    "es": "Hoy caminé hasta el lago.\nHacía frío.\n\nCena con Ana.",
    "it": "Oggi una passeggiata al lago.\n\nCena con i nonni.",
    "pt": "Hoje fui ao mercado.\nComprei laranjas.\n\nJantar tranquilo.",
    "nl": "Vandaag naar het bos gefietst.\n\nSoep gegeten met Joris.",
    "sv": "Promenad längs sjön i morse.\n\nSoppa till middag.",
    "da": "Gik en tur ved søen i morges.\n\nSuppe til aftensmad.",
    "nb": "Gikk tur langs vannet i dag.\n\nSuppe til middag.",
    "fi": "Kävin kävelyllä järven rannalla.\n\nIllalla keittoa.",
    "pl": "Dziś spacer nad jeziorem.\nBył mróz.\n\nWieczorem zupa.",
    "cs": "Dnes procházka u jezera.\n\nVečer polévka.",
    "sk": "Dnes prechádzka pri jazere.\n\nVečer polievka.",
    "hu": "Ma sétáltam a tó körül.\n\nEste leves volt.",
    "ro": "Azi am mers pe jos până la lac.\n\nSeara, supă.",
    "ru": "Сегодня гуляли у озера.\nБыло холодно.\n\nВечером суп.",
    "uk": "Сьогодні гуляли біля озера.\n\nУвечері суп.",
    "tr": "Bugün göl kenarında yürüdüm.\n\nAkşam çorba içtik.",
    "el": "Σήμερα περπάτησα στη λίμνη.\n\nΤο βράδυ σούπα.",
    "he": "היום הלכתי לאגם.\n\nבערב מרק.",
    "ar": "مشيت اليوم إلى البحيرة.\n\nحساء في المساء.",
    "ja": "今日は湖まで散歩した。\n寒かった。\n\n夜はスープ。",
    "ko": "오늘 호수까지 산책했다.\n\n저녁은 수프.",
    "zh-hans": "今天去湖边散步了。\n\n晚上喝汤。",
    "zh-hant": "今天去湖邊散步了。\n\n晚上喝湯。",
    "ca": "Avui he caminat fins al llac.\n\nSopa per sopar.",
}


@dataclass(frozen=True)
class Case:
    """One reply: what the client sent, and what the person typed."""

    kind: str
    language: str
    client: str
    body: str  # the text part's template, or "" for an HTML-only reply
    html: str = ""  # the HTML part's template, if the client sent one
    typed: str = ""  # defaults to TYPED[language]
    raw: bytes = b""  # a whole broken MIME message (kind "mime"); the templates are unused
    charset: str = "utf-8"
    notes: str = field(default="", compare=False)

    @property
    def expected(self) -> str:
        return self.typed or TYPED[self.language]

    @property
    def name(self) -> str:
        return f"{self.kind}/{self.language}/{self.client}"


def _quoted(prompt: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in prompt.split("\n"))


def _html_lines(text: str) -> str:
    return "".join(f"<div>{line or '<br>'}</div>" for line in text.split("\n"))


def render(template: str, typed: str, prompt: str = PROMPT, address: str = ADDRESS) -> str:
    """A case's template filled in for one prompt."""
    return (
        template.replace("{typed}", typed)
        .replace("{quote}", _quoted(prompt))
        .replace("{prompt}", prompt)
        .replace("{addr}", address)
        .replace("{typed_html}", _html_lines(typed))
        .replace("{prompt_html}", _html_lines(prompt))
    )


def without_marker(prompt: str) -> str:
    """The prompt as a client that trims the quote (or a person who did) leaves it."""
    return prompt.split("\n", 2)[2]


def all_cases() -> list[Case]:
    """Every case of every kind, in table order."""
    from entries.tests.mail.reply_cases import (  # the tables import this module
        footers,
        fresh,
        headers,
        html,
        lookalikes,
        mime,
        mobile,
        separators,
        signatures,
    )

    tables = (headers, separators, mobile, footers, html, signatures, mime, fresh, lookalikes)
    return [case for table in tables for case in table.CASES]


def message_bytes(case: Case, prompt: str = PROMPT, address: str = ADDRESS) -> bytes:
    """The raw message a mail server would hand over for ``case``."""
    # One Message-ID per case and prompt: the pipeline stores a message once.
    message_id = f"{abs(hash((case.name, address)))}@mail.example.com"
    if case.raw:
        raw = case.raw.replace(b"{addr}", address.encode())
        return raw.replace(b"<broken-", f"<{message_id}-broken-".encode())
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Ann <ann@example.com>"
    message["To"] = address
    message["Subject"] = "Re: 27 November"
    message["Message-ID"] = f"<{message_id}>"
    text = render(case.body, case.expected, prompt, address) if case.body else None
    html = render(case.html, case.expected, prompt, address) if case.html else None
    if text is not None:
        message.set_content(text, charset=case.charset, cte="quoted-printable")
        if html is not None:
            message.add_alternative(html, subtype="html")
    else:
        message.set_content(html or "", subtype="html")
    return message.as_bytes()
