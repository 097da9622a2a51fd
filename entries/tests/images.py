"""Images made on the spot for the photo tests: no binary samples to keep in git."""

import io

import pillow_heif
from PIL import Image

pillow_heif.register_heif_opener()

ORIENTATION = 0x0112
EXIF_IFD = 0x8769
GPS_IFD = 0x8825


def image_bytes(size=(640, 480), fmt="JPEG", color=(200, 120, 40), exif=None, **options):
    """An image of one colour (a stripe marks its top-left), in the given format."""
    mode = "RGBA" if fmt in {"PNG", "WEBP"} and options.pop("alpha", False) else "RGB"
    image = Image.new(mode, size, color)
    image.paste((20, 20, 200), (0, 0, max(1, size[0] // 4), max(1, size[1] // 8)))
    out = io.BytesIO()
    if exif is not None:
        options["exif"] = exif
    image.save(out, fmt, **options)
    return out.getvalue()


def camera_exif(orientation=6, taken="2026:11:27 09:30:00", offset=None):
    """EXIF as a phone writes it: orientation, capture time, GPS and a camera model."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x0110] = "Test Phone 12"
    ifd = exif.get_ifd(EXIF_IFD)
    ifd[0x9003] = taken
    if offset:
        ifd[0x9011] = offset
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 0.0)
    return exif


def jpeg(size=(640, 480), **kwargs):
    return image_bytes(size, "JPEG", **kwargs)


def png(size=(640, 480), **kwargs):
    return image_bytes(size, "PNG", **kwargs)


def heic(size=(640, 480), **kwargs):
    return image_bytes(size, "HEIF", quality=60, **kwargs)


def gif(size=(320, 240)):
    """A two-frame GIF: the thumbnail comes from the first."""
    frames = [Image.new("P", size, 1), Image.new("P", size, 2)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)
    return out.getvalue()


def webp(size=(640, 480), **kwargs):
    return image_bytes(size, "WEBP", **kwargs)
