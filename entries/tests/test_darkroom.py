"""The darkroom: derivatives upright, small and free of metadata; bad files fail clearly."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from entries import darkroom
from entries.models import Photo
from entries.tests import images
from entries.tests.factories import EntryFactory


def opened(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (images.jpeg((2400, 1800)), "JPEG"),
        (images.png((900, 600), alpha=True), "PNG"),
        (images.gif((320, 240)), "GIF"),
        (images.webp((800, 600)), "WEBP"),
        (images.heic((1000, 750)), "HEIF"),
    ],
)
def test_every_format_gets_a_large_view_and_a_thumbnail(data, kind):
    """JPEG, PNG, GIF, WebP and HEIC each become a JPEG large view and thumbnail."""
    developed = darkroom.develop(data)
    large, thumbnail = opened(developed.large), opened(developed.thumbnail)
    assert developed.format == kind
    assert large.format == thumbnail.format == "JPEG"
    assert max(large.size) <= darkroom.LARGE
    assert max(thumbnail.size) <= darkroom.THUMBNAIL
    assert large.mode == "RGB"


def test_a_big_photo_is_scaled_to_about_1600_and_400_px():
    """A 12-megapixel photo's large view is 1600 px on its long side, its thumbnail 400."""
    developed = darkroom.develop(images.jpeg((4000, 3000)))
    assert opened(developed.large).size == (1600, 1200)
    assert opened(developed.thumbnail).size == (400, 300)
    assert (developed.width, developed.height) == (4000, 3000)


def test_a_small_photo_is_never_enlarged():
    """A photo smaller than the large view keeps its own size."""
    assert opened(darkroom.develop(images.jpeg((640, 480))).large).size == (640, 480)


def test_the_photo_is_turned_upright_from_its_exif():
    """A phone photo stored sideways (orientation 6) is shown upright, portrait."""
    developed = darkroom.develop(images.jpeg((640, 480), exif=images.camera_exif(orientation=6)))
    large = opened(developed.large)
    assert large.size == (480, 640)
    assert (developed.width, developed.height) == (480, 640)
    # The stripe painted at the stored top-left is now at the top-right.
    assert large.getpixel((470, 5))[2] > 150
    assert large.getpixel((5, 5))[2] < 100


def test_derivatives_carry_no_metadata():
    """No EXIF (so no GPS), no ICC profile, no XMP or comment survives in the derivatives."""
    data = images.jpeg(
        exif=images.camera_exif(), icc_profile=b"profile", comment=b"Home", xmp=b"<x:xmpmeta/>"
    )
    assert opened(data).getexif()  # the original has it all
    developed = darkroom.develop(data)
    for derivative in (developed.large, developed.thumbnail):
        image = opened(derivative)
        assert not image.getexif()
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)
        assert b"Exif" not in derivative
        assert b"Test Phone" not in derivative


def test_the_capture_time_comes_from_exif_with_its_offset():
    """EXIF's DateTimeOriginal and its offset give the moment the photo was taken."""
    exif = images.camera_exif(taken="2026:11:27 09:30:00", offset="+09:00")
    developed = darkroom.develop(images.jpeg(exif=exif))
    assert developed.taken == dt.datetime(2026, 11, 27, 0, 30, tzinfo=dt.UTC)


def test_a_capture_time_without_offset_is_in_the_owners_timezone():
    """Without an offset, the capture time is read in the photo owner's timezone."""
    exif = images.camera_exif(taken="2026:07:01 12:00:00")
    developed = darkroom.develop(images.jpeg(exif=exif), zone="Europe/London")
    assert developed.taken == dt.datetime(2026, 7, 1, 11, 0, tzinfo=dt.UTC)


def test_a_nonsense_capture_time_is_left_out():
    """A broken EXIF date is not a reason to fail the photo; it just has no capture time."""
    for taken in ("0000:00:00 00:00:00", "yesterday"):
        assert darkroom.develop(images.jpeg(exif=images.camera_exif(taken=taken))).taken is None
    assert darkroom.develop(images.jpeg()).taken is None


def test_a_bad_offset_falls_back_to_the_owners_timezone():
    """An offset that is not one is ignored, not trusted."""
    exif = images.camera_exif(taken="2026:07:01 12:00:00", offset="+99:99")
    assert darkroom.develop(images.jpeg(exif=exif)).taken.tzinfo is not None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<html><script>alert(1)</script></html>", "not an image"),
        (images.jpeg((800, 600))[:2000], "damaged"),
        (images.png((800, 600), color=(9, 9, 9))[:200], "damaged"),
        (b"GIF89a" + b"\x00" * 20, "not an image"),
        (b"\xff\xd8\xff\xe0 not a real jpeg", "damaged"),
    ],
)
def test_bad_input_is_unreadable_with_a_reason(data, reason):
    """Not an image, or a truncated one: Unreadable, saying which."""
    with pytest.raises(darkroom.Unreadable, match=reason):
        darkroom.develop(data)


def test_a_decompression_bomb_is_refused(monkeypatch):
    """An image with more pixels than Pillow's limit is refused before it is decoded."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(darkroom.Unreadable, match="too many pixels"):
        darkroom.develop(images.png((100, 100)))
    with pytest.raises(darkroom.Unreadable, match="too many pixels"):
        darkroom.develop(images.png((60, 60)))


def test_the_header_gives_the_size_or_none():
    """image_size reads the dimensions without decoding, and None for anything else."""
    assert darkroom.image_size(images.png((120, 80))) == (120, 80)
    assert darkroom.image_size(b"%PDF-1.4") is None


@pytest.mark.django_db
def test_a_bad_photo_fails_alone_and_keeps_its_original(django_capture_on_commit_callbacks):
    """A corrupt photo is recorded as failed with its reason; the day's other photo is fine."""
    entry = EntryFactory()
    good = images.jpeg()
    with django_capture_on_commit_callbacks(execute=True):
        bad = Photo.objects.add(entry, ContentFile(b"\xff\xd8\xff garbage", name="bad.jpg"))
        fine = Photo.objects.add(entry, ContentFile(good, name="fine.jpg"))
    bad.refresh_from_db()
    fine.refresh_from_db()
    assert bad.state == Photo.State.FAILED
    assert "not an image" in bad.failure
    with bad.original.open("rb") as original:
        assert original.read() == b"\xff\xd8\xff garbage"
    assert fine.state == Photo.State.READY
    entry.refresh_from_db()
    assert entry.body.startswith("Walked to the river")


@pytest.mark.django_db
def test_processing_again_replaces_the_derivatives(django_capture_on_commit_callbacks):
    """Reprocessing a photo (a newer darkroom) replaces its derivatives, leaving no strays."""
    entry = EntryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        photo = Photo.objects.add(entry, ContentFile(images.jpeg(), name="a.jpg"))
    photo.refresh_from_db()
    storage = photo.large.storage
    folder = photo.original.name.rsplit("/", 1)[0]
    darkroom.process(photo)
    assert sorted(storage.listdir(folder)[1]) == ["large.jpg", "original.jpg", "thumbnail.jpg"]
    assert photo.state == Photo.State.READY
