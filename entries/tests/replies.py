"""Replies written for Daybook's tests, built the way real mail clients build them.

Each function returns the raw bytes a mail server would hand over. The
quoting follows what Gmail, Outlook and Apple Mail actually send.
"""

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime

# The mail server the tests trust (settings.INBOUND_AUTHSERV_IDS in conftest.py).
TRUSTED_SERVER = "mx.daybook.test"

PROMPT_LINES = ["## Reply above this line ##", "It's Friday, Nov 27. How was your day?"]
SENT = dt.datetime(2026, 11, 27, 19, 0, tzinfo=dt.UTC)


def message(
    prompt,
    text=None,
    *,
    sender=None,
    html=None,
    headers=None,
    charset="utf-8",
    message_id="<reply-1@mail.example.com>",
    to=None,
    flowed=False,
    authenticated=True,
):
    """A reply to the prompt with exactly the given body parts and headers.

    Authenticated (the default), it carries the trusted mail server's DMARC
    pass for its From domain, as a real reply from the account's owner would.
    """
    email = EmailMessage()
    if authenticated:
        domain = (sender or prompt.user.email).rpartition("@")[2]
        email["Authentication-Results"] = (
            f"{TRUSTED_SERVER}; dmarc=pass (p=reject) header.from={domain}"
        )
    email["From"] = f"Person <{sender or prompt.user.email}>"
    email["To"] = to or prompt.reply_address
    email["Subject"] = "Re: It's Friday, Nov 27"
    email["Date"] = format_datetime(SENT + dt.timedelta(hours=1))
    if message_id:
        email["Message-ID"] = message_id
    if prompt.message_id:
        email["In-Reply-To"] = prompt.message_id
        email["References"] = prompt.message_id
    for name, value in (headers or {}).items():
        email[name] = value
    if text is not None:
        params = {"format": "flowed"} if flowed else {}
        email.set_content(
            text,
            charset=charset,
            cte="quoted-printable" if charset == "utf-8" else None,
            params=params,
        )
    if html is not None:
        if text is None:
            email.set_content(html, subtype="html")
        else:
            email.add_alternative(html, subtype="html")
    return email.as_bytes()


def gmail(prompt, typed, **kwargs):
    quote = "\n".join(f"> {line}" for line in PROMPT_LINES)
    text = (
        f"{typed}\n\nOn Fri, Nov 27, 2026 at 8:00\u202fPM Daybook <{prompt.reply_address}>"
        f" wrote:\n\n{quote}\n"
    )
    paragraphs = "".join(f"<div>{line}</div>" for line in typed.split("\n"))
    html = (
        f'<div dir="ltr">{paragraphs}</div><br><div class="gmail_quote"><div dir="ltr" '
        f'class="gmail_attr">On Fri, Nov 27, 2026 at 8:00 PM Daybook &lt;{prompt.reply_address}'
        f'&gt; wrote:<br></div><blockquote class="gmail_quote"><p>{PROMPT_LINES[0]}</p>'
        f"<p>{PROMPT_LINES[1]}</p></blockquote></div>"
    )
    return message(prompt, text, html=html, **kwargs)


def outlook(prompt, typed, **kwargs):
    text = (
        f"{typed}\n\n________________________________\n"
        f"From: Daybook <{prompt.reply_address}>\nSent: Friday, November 27, 2026 8:00 PM\n"
        f"To: {prompt.user.email}\nSubject: It's Friday, Nov 27\n\n"
        + "\n".join(PROMPT_LINES)
        + "\n"
    )
    return message(prompt, text, **kwargs)


def apple_mail(prompt, typed, **kwargs):
    quote = "\n".join(f"> {line}" for line in PROMPT_LINES)
    text = (
        f"{typed}\n\nSent from my iPhone\n\n"
        f"> On 27 Nov 2026, at 20:00, Daybook <{prompt.reply_address}> wrote:\n>\n{quote}\n"
    )
    return message(prompt, text, **kwargs)
