"""Photos and files that arrive inside a reply, taken out of its MIME parts.

Every attachment and every inline image (the `cid:` pictures a mail
program puts in the HTML) of an accepted reply is kept on its day, in the
order of the message. The text bodies are the reply's words, not
attachments. Two kinds of image are not photos: a signature logo or
tracking pixel smaller than 100 x 100 px, and an image whose bytes came in
three or more earlier messages from the same person (the logo of a
signature that is large enough to pass the first test). Anything else,
PDF, audio, video, is kept as a file: nothing someone sent is dropped.
"""

import logging
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser

from django.core.files.base import ContentFile

from entries.mail import mime
from entries.models import Photo
from entries.models.photo import ImageSighting, content_hash, looks_like_image

logger = logging.getLogger(__name__)

# Walking a message is bounded: no reply carries more parts than this.
MAX_PARTS = 200
MAX_ATTACHMENTS = 50
# An image seen in this many earlier messages of the person is a signature.
SIGNATURE_MESSAGES = 3


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes

    @property
    def is_image(self):
        return looks_like_image(self.name, self.content_type)


def attachments_of(email):
    """The message's attachments and inline images, in order, without its text bodies."""
    found = []
    for number, part in enumerate(email.walk()):
        if number > MAX_PARTS or len(found) >= MAX_ATTACHMENTS:
            break
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        disposition = part.get_content_disposition()
        name = part.get_filename() or ""
        is_body = content_type in {"text/plain", "text/html"} and not name
        if is_body and disposition != "attachment":
            continue
        try:
            data = part.get_payload(decode=True)
        except Exception:  # a part too broken to decode holds nothing to keep
            data = None
        if not data:
            continue
        kind = content_type.rsplit("/", 1)[-1] if content_type.startswith("image/") else "bin"
        name = name or f"attachment-{len(found) + 1}.{kind}"
        found.append(Attachment(name, content_type, data))
    return found


def keep_from(email, message, entry):
    """Keep the reply's photos and files on the entry's day; returns how many were kept.

    `message` is the InboundMessage, whose sightings make signature logos
    recognisable in later messages.
    """
    from entries import darkroom  # Pillow loads only where mail is processed

    kept = 0
    for attachment in attachments_of(email):
        if attachment.is_image:
            digest = content_hash([attachment.data])
            earlier = ImageSighting.objects.seen_before(message, digest)
            ImageSighting.objects.record(message, digest)
            size = darkroom.image_size(attachment.data)
            # An unreadable image stays, to be shown as "could not be read".
            if size is not None and min(size) < darkroom.MIN_PHOTO_SIDE:
                continue
            if earlier >= SIGNATURE_MESSAGES:
                continue
        upload = ContentFile(attachment.data, name=attachment.name)
        photo = Photo.objects.add(
            entry, upload, content_type=attachment.content_type, source="reply"
        )
        kept += photo is not None
    if kept:
        logger.info("Inbound message %s: kept %d attachments", message.pk, kept)
    return kept


def keeper(message):
    """What keeps an InboundMessage's photos and files on its entry, or None without any."""
    if message.raw is None:
        return None
    try:
        email = BytesParser(_class=mime.Message, policy=policy.compat32).parsebytes(
            bytes(message.raw)
        )
    except Exception:  # the parser is lenient; anything it raises means garbage
        return None
    if not worth_keeping(email):
        return None
    return lambda entry: keep_from(email, message, entry)


def worth_keeping(email):
    """Whether the message brings anything to keep (a reply of photos alone is a reply)."""
    from entries import darkroom

    for attachment in attachments_of(email):
        if not attachment.is_image:
            return True
        size = darkroom.image_size(attachment.data)
        if size is None or min(size) >= darkroom.MIN_PHOTO_SIDE:
            return True
    return False
