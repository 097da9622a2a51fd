"""The daily prompt email (built and sent by project/emails.py)."""

import email.policy
from dataclasses import dataclass
from email.message import MIMEPart

from django.conf import settings

from entries import darkroom
from entries.models import Photo
from entries.prompts.memories import memory_for
from entries.text import REPLY_MARKER
from project import emails

# A memory's photo travels inside the prompt; mail stays small whatever the photo.
INLINE_PHOTO_BYTES = 150 * 1024


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
    memory = memory_for(user, day) if user.memories_enabled else None
    photo = memory_photo(memory)
    context = {
        "day": day,
        "marker": REPLY_MARKER,
        "memory": memory,
        "memory_photo": photo,
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
        # An inline part with a Content-ID, which the HTML shows by cid: URL;
        # anymail hands it to each provider as an inline image, and SMTP
        # sends it as one.
        attachments=[photo.part()] if photo else [],
    )


@dataclass(frozen=True)
class InlinePhoto:
    data: bytes
    cid: str
    width: int
    height: int
    alt: str

    def part(self):
        part = MIMEPart(policy=email.policy.default)
        part.set_content(
            self.data,
            "image",
            "jpeg",
            disposition="inline",
            filename="memory.jpg",
            cid=f"<{self.cid}>",
        )
        return part


def memory_photo(memory):
    """The memory's first photo as a small inline image (under INLINE_PHOTO_BYTES), or None."""
    if memory is None:
        return None
    photo = Photo.objects.shown().filter(entry=memory.entry).order_by("position", "pk").first()
    if photo is None:
        return None
    with photo.thumbnail.open("rb") as thumbnail:
        data, (width, height) = darkroom.small_jpeg(thumbnail.read(), INLINE_PHOTO_BYTES)
    cid = f"memory.{photo.key.hex}@{settings.INBOUND_EMAIL_DOMAIN}"
    return InlinePhoto(data, cid, width, height, photo.alt_text(1, 1))
