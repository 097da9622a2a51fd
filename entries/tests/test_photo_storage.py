"""Photos kept on a day: stored once, untouched, where the settings say, gone with their owner."""

import datetime as dt
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from entries.models import Entry, Photo
from entries.tests import images
from entries.tests.factories import EntryFactory

pytestmark = pytest.mark.django_db(transaction=False)


def add(entry, data, name="IMG_0001.jpg", content_type="image/jpeg", **kwargs):
    upload = ContentFile(data, name=name)
    return Photo.objects.add(entry, upload, content_type=content_type, **kwargs)


def test_the_original_is_stored_byte_for_byte(django_capture_on_commit_callbacks):
    """The original is kept untouched, and the worker adds a thumbnail and a large view."""
    entry = EntryFactory()
    data = images.jpeg(exif=images.camera_exif())
    with django_capture_on_commit_callbacks(execute=True):
        photo = add(entry, data)
    photo.refresh_from_db()
    with photo.original.open("rb") as original:
        assert original.read() == data
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert photo.state == Photo.State.READY
    assert photo.thumbnail
    assert photo.large
    assert photo.stored_bytes > photo.size == len(data)
    assert photo.date == entry.date
    assert "IMG_0001" not in photo.original.name  # the key never carries the file's name


def test_the_same_bytes_on_the_same_day_are_kept_once():
    """A photo sent twice on one day is one photo; on another day it is another."""
    entry, other_day = EntryFactory(), EntryFactory()
    data = images.jpeg()
    assert add(entry, data) is not None
    assert add(entry, data, name="again.jpg") is None
    assert add(other_day, data) is not None
    assert Photo.objects.filter(entry=entry).count() == 1


def test_other_files_are_kept_as_files():
    """A PDF is a file on the day, with its name, type and size, and nothing for the worker."""
    entry = EntryFactory()
    kept = add(entry, b"%PDF-1.4 minutes", name="minutes.pdf", content_type="application/pdf")
    assert kept.kind == Photo.Kind.FILE
    assert kept.state == Photo.State.READY
    assert (kept.name, kept.content_type, kept.size) == ("minutes.pdf", "application/pdf", 16)


def test_photos_keep_their_order_on_the_day():
    """Each new photo of a day comes after the ones already there."""
    entry = EntryFactory()
    first = add(entry, images.jpeg(color=(1, 2, 3)))
    second = add(entry, images.jpeg(color=(4, 5, 6)))
    assert (first.position, second.position) == (0, 1)


def test_deleting_the_account_deletes_every_file(django_capture_on_commit_callbacks):
    """Once an account is deleted, none of its originals or derivatives is left in storage."""
    entry = EntryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        photo = add(entry, images.jpeg())
        add(entry, b"notes", name="notes.txt", content_type="text/plain")
    photo.refresh_from_db()
    names = [field.name for field in photo.files()]
    assert len(names) == 3
    with django_capture_on_commit_callbacks(execute=True):
        entry.user.delete_with_everything()
    assert not any(default_storage.exists(name) for name in names)
    assert not Photo.objects.exists()


def test_purging_a_deleted_day_deletes_its_files(django_capture_on_commit_callbacks):
    """When the bin is emptied after 30 days, the day's photos leave storage too."""
    from entries.tasks import purge_deleted_entries

    entry = EntryFactory()
    photo = add(entry, b"%PDF", name="a.pdf", content_type="application/pdf")
    entry.soft_delete(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        purge_deleted_entries.call_local()
    assert not default_storage.exists(photo.original.name)


def test_restoring_a_day_into_a_new_entry_brings_its_photos(django_capture_on_commit_callbacks):
    """A deleted day restored into a newer entry of that day keeps its photos there."""
    entry = EntryFactory()
    photo = add(entry, b"%PDF", name="a.pdf", content_type="application/pdf")
    entry.soft_delete(dt.datetime(2026, 11, 21, tzinfo=dt.UTC))
    newer = Entry.objects.add_to_day(entry.user, entry.date, "Written again.")
    add(newer, b"%PDF", name="same.pdf", content_type="application/pdf")
    add(newer, b"other", name="b.txt", content_type="text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        living = entry.restore()
    assert living.pk == newer.pk
    # The same bytes were already there: kept once; the rest moved across.
    assert living.photos.count() == 2
    assert not Photo.objects.filter(pk=photo.pk).exists()


def test_object_storage_keeps_originals_and_derivatives_private(
    s3_storage, django_capture_on_commit_callbacks
):
    """With a bucket (moto's S3 server) photos are private objects, and deleting removes them."""
    entry = EntryFactory()
    data = images.heic()
    with django_capture_on_commit_callbacks(execute=True):
        photo = add(entry, data, name="IMG_0002.HEIC", content_type="image/heic")
    photo.refresh_from_db()
    assert photo.state == Photo.State.READY
    listing = s3_storage.list_objects_v2(Bucket=s3_storage.bucket)["Contents"]
    keys = {item["Key"] for item in listing}
    assert keys == {field.name for field in photo.files()}
    stored = s3_storage.get_object(Bucket=s3_storage.bucket, Key=photo.original.name)
    assert stored["Body"].read() == data
    acl = s3_storage.get_object_acl(Bucket=s3_storage.bucket, Key=photo.original.name)
    assert not [grant for grant in acl["Grants"] if "URI" in grant["Grantee"]]  # no AllUsers
    with django_capture_on_commit_callbacks(execute=True):
        entry.user.delete_with_everything()
    assert s3_storage.list_objects_v2(Bucket=s3_storage.bucket)["KeyCount"] == 0
