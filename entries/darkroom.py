"""The darkroom: turns a stored original into the pictures a browser is shown.

Runs in the worker, never in a request. From one decode it makes a large
view (about 1600 px) and a thumbnail (about 400 px), turned upright from
the EXIF orientation and saved as new JPEG files that carry no metadata at
all: no EXIF, no GPS, no XMP, no comment. A JPEG is decoded in draft mode,
at the smallest of 1/1, 1/2, 1/4 or 1/8 scale that still covers the large
view, which is most of the speed. A file that is not the image it claims to
be, a decompression bomb or a truncated image marks the photo failed with
its reason; the original stays stored, to be read again by a later version.
"""

import datetime as dt
import io
import logging
import warnings
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pillow_heif
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from entries.models.photo import PHOTO_FORMATS, Photo

logger = logging.getLogger(__name__)

pillow_heif.register_heif_opener()

LARGE = 1600
THUMBNAIL = 400
QUALITY = 82
# Pillow's own limit (about 89 megapixels, twice a 48-MP phone photo) is
# where an image stops being a photo and starts being an attack: past it,
# decoding would take gigabytes. Its warning is turned into a failure.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS
# Signature logos and tracking pixels in mail are smaller than this.
MIN_PHOTO_SIDE = 100

EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 0x9003
OFFSET_TIME_ORIGINAL = 0x9011
DATE_TIME = 0x0132


class Unreadable(Exception):
    """The file is not an image Daybook can read; the message says why, for its owner."""


@dataclass
class Developed:
    large: bytes
    thumbnail: bytes
    width: int
    height: int
    thumbnail_size: tuple[int, int]
    taken: dt.datetime | None
    format: str


def open_image(data):
    """Open bytes as one of the photo formats, or raise Unreadable."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data), formats=list(PHOTO_FORMATS))
        except UnidentifiedImageError:
            raise Unreadable("not an image in a format Daybook reads") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise Unreadable("too many pixels to be a photo") from None
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            # A header that starts right and then breaks off ("Truncated File Read").
            raise Unreadable(f"the image data is damaged ({_reason(error)})") from None


def image_size(data):
    """(width, height) from the header alone, or None when it is not a readable image."""
    try:
        with open_image(data) as image:
            return image.size
    except (Unreadable, OSError, ValueError, SyntaxError):
        return None


def develop(data, *, zone="UTC"):
    """Make the large view and thumbnail of an image's bytes (see the module's docstring)."""
    image = open_image(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _develop(image, zone)
    except Unreadable:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Unreadable("too many pixels to be a photo") from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        # Pillow says "image file is truncated", "broken data stream" and the like.
        raise Unreadable(f"the image data is damaged ({_reason(error)})") from None
    finally:
        image.close()


def _develop(image, zone):
    width, height = image.size
    kind = image.format
    exif = image.getexif()
    taken = capture_time(exif, zone)
    if image.format == "JPEG":
        # Scale the decode itself: no need to build 12 million pixels for 2.
        target = _fit((width, height), LARGE)
        image.draft("RGB", target)
    orientation = exif.get(0x0112)
    image = _upright(image, orientation)
    image = _flatten(image)
    # Bicubic after draft decoding: a fifth faster than Lanczos, and at these
    # ratios (at most 2:1 left after the draft) not visibly different.
    image.thumbnail((LARGE, LARGE), Image.Resampling.BICUBIC, reducing_gap=2.0)
    large = _jpeg(image)
    small = image.copy()
    small.thumbnail((THUMBNAIL, THUMBNAIL), Image.Resampling.LANCZOS, reducing_gap=2.0)
    thumbnail = _jpeg(small)
    if orientation in {5, 6, 7, 8}:
        width, height = height, width
    return Developed(large, thumbnail, width, height, small.size, taken, kind)


def _fit(size, box):
    width, height = size
    scale = min(box / width, box / height, 1)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _upright(image, orientation):
    # exif_transpose on the loaded pixels; the orientation was read above.
    image.load()
    method = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation)
    return image.transpose(method) if method else image


def _flatten(image):
    """RGB on white: the first frame of a GIF, a transparent PNG, a CMYK JPEG alike."""
    if image.mode in {"RGBA", "LA", "P", "PA"}:
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


def _jpeg(image):
    # With its info emptied, nothing of the original's EXIF, ICC profile,
    # XMP or comments can be written by accident.
    image.info = {}
    out = io.BytesIO()
    # Baseline, not progressive: a quarter of the encoding time, and
    # derivatives this small load at once anyway.
    image.save(out, "JPEG", quality=QUALITY)
    return out.getvalue()


def small_jpeg(data, limit):
    """A JPEG of at most `limit` bytes from a derivative, and its size: smaller until it fits."""
    with open_image(data) as image:
        image.load()
        if len(data) <= limit and image.format == "JPEG":
            return data, image.size
        picture = _flatten(image)
        side, quality = THUMBNAIL, QUALITY
        while True:
            smaller = picture.copy()
            smaller.thumbnail((side, side), Image.Resampling.BICUBIC)
            out = io.BytesIO()
            smaller.save(out, "JPEG", quality=quality)
            if out.tell() <= limit or side <= 64:
                return out.getvalue(), smaller.size
            side, quality = side * 3 // 4, max(40, quality - 10)


def capture_time(exif, zone="UTC"):
    """When the photo was taken, from EXIF: aware, in its own offset or else the owner's zone."""
    ifd = exif.get_ifd(EXIF_IFD)
    raw = ifd.get(DATE_TIME_ORIGINAL) or exif.get(DATE_TIME)
    if not isinstance(raw, str):
        return None
    try:
        moment = dt.datetime.strptime(raw.strip()[:19], "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007
    except ValueError:
        return None
    offset = ifd.get(OFFSET_TIME_ORIGINAL)
    if isinstance(offset, str):
        try:
            return moment.replace(tzinfo=dt.datetime.strptime(offset.strip(), "%z").tzinfo)
        except ValueError:
            pass
    return timezone.make_aware(moment, ZoneInfo(zone))


def _reason(error):
    # Pillow's messages name the problem, never the pixels; keep them short.
    return str(error).strip().rstrip(".")[:120] or type(error).__name__


def process(photo):
    """Develop a stored photo and save its derivatives, or record why it could not be read."""
    with photo.original.open("rb") as original:
        data = original.read()
    zone = getattr(photo.user, "timezone", "UTC") or "UTC"
    try:
        developed = develop(data, zone=zone)
    except Unreadable as error:
        photo.state, photo.failure = Photo.State.FAILED, str(error)[:200]
        photo.save(update_fields=["state", "failure"])
        logger.info("Photo %s could not be read: %s", photo.pk, photo.failure)
        return photo
    for field in (photo.thumbnail, photo.large):
        if field:
            field.delete(save=False)
    photo.large.save("large.jpg", ContentFile(developed.large), save=False)
    photo.thumbnail.save("thumbnail.jpg", ContentFile(developed.thumbnail), save=False)
    photo.width, photo.height = developed.width, developed.height
    photo.thumbnail_width, photo.thumbnail_height = developed.thumbnail_size
    photo.taken_at = developed.taken
    photo.content_type = PHOTO_FORMATS.get(developed.format, photo.content_type)
    photo.derivative_type = "image/jpeg"
    photo.stored_bytes = photo.size + len(developed.large) + len(developed.thumbnail)
    photo.state, photo.failure = Photo.State.READY, ""
    photo.save()
    return photo
