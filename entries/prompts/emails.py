"""The emails that go out on Daybook's own schedule: the daily prompt and the recaps
(built and sent by project/emails.py)."""

import email.policy
from dataclasses import dataclass
from email.message import MIMEPart

from django.conf import settings
from django.core.mail import mailers

from accounts.models import SLOW_DOWN_AFTER
from entries import darkroom
from entries.models import Photo
from entries.prompts.heat_map_image import heat_map_png
from entries.prompts.memories import memory_for
from entries.text import REPLY_MARKER
from project import emails

HEAT_MAP_CID = "heat-map@daybook"
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
        "question": prompt.question,
        "notice": prompt.notice,
        "slow_after": SLOW_DOWN_AFTER,
        "back_to_daily_url": emails.absolute_url(
            "accounts:back_to_daily", user.back_to_daily_token
        ),
    }
    emails.send(
        "prompt",
        context,
        subject=prompt.subject,
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


def send_recap(summary):
    """A month or a year looked back on: counts, the heat map as an inline image, memories."""
    recap = summary.recap
    png, width, height = heat_map_png(recap.starts, recap.ends, summary.words_by_date)
    context = {
        "summary": summary,
        "recap": recap,
        "heat_map": {"width": width, "height": height, "cid": HEAT_MAP_CID},
        "journal_url": emails.absolute_url("entries:journal"),
        "year_url": emails.absolute_url("entries:year", recap.starts.year),
        "settings_url": emails.absolute_url("accounts:settings"),
    }
    message = emails.compose(
        "recap",
        context,
        subject=f"Daybook: your {recap.name}",
        to=[recap.user.email],
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "OOF, AutoReply"},
    )
    # Shown in the HTML by its Content-ID: mail clients block data: URLs and SVG.
    image = MIMEPart()
    image.set_content(
        png, maintype="image", subtype="png", disposition="inline", filename="heat-map.png"
    )
    image["Content-ID"] = f"<{HEAT_MAP_CID}>"
    message.attach(image)
    mailers.default.send_messages([message])


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
    if memory is None or not getattr(memory.entry, "has_photo", True):
        return None
    photo = Photo.objects.shown().filter(entry=memory.entry).order_by("position", "pk").first()
    if photo is None:
        return None
    with photo.thumbnail.open("rb") as thumbnail:
        data, (width, height) = darkroom.small_jpeg(thumbnail.read(), INLINE_PHOTO_BYTES)
    cid = f"memory.{photo.key.hex}@{settings.INBOUND_EMAIL_DOMAIN}"
    return InlinePhoto(data, cid, width, height, photo.alt_text(1, 1))
