"""The daily prompt email (built and sent by project/emails.py)."""

from django.conf import settings

from entries.prompts.memories import memory_for
from entries.text import REPLY_MARKER
from project import emails


def send_prompt(prompt):
    """The daily question, with a memory; records the Message-ID on prompt."""
    user = prompt.user
    day = prompt.date
    token = user.unsubscribe_token
    unsubscribe_url = emails.absolute_url("accounts:unsubscribe", token)
    unsubscribe_mailto = f"mailto:unsubscribe+{token}@{settings.INBOUND_EMAIL_DOMAIN}"
    # Derived from the token, so a retried send carries the same Message-ID
    # and a mail program that receives both shows one.
    prompt.message_id = f"<prompt.{prompt.token}@{settings.INBOUND_EMAIL_DOMAIN}>"
    context = {
        "day": day,
        "marker": REPLY_MARKER,
        "memory": memory_for(user, day) if user.memories_enabled else None,
        "journal_url": emails.absolute_url("entries:journal"),
        "settings_url": emails.absolute_url("accounts:settings"),
        "unsubscribe_url": unsubscribe_url,
    }
    emails.send(
        "prompt",
        context,
        subject=prompt.question,
        to=[user.email],
        reply_to=[prompt.reply_address],
        headers={
            "Message-ID": prompt.message_id,
            "List-Unsubscribe": f"<{unsubscribe_url}>, <{unsubscribe_mailto}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Out-of-office robots should not answer: their reply would
            # land in the journal.
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "OOF, AutoReply",
        },
    )
