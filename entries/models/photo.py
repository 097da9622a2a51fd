"""Photos and other files kept on a day of someone's journal."""

import datetime as dt
import hashlib
import io
import itertools
import mimetypes
import uuid
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver
from django.urls import reverse

from entries.models.entry import RESTORE_DAYS, Entry
from entries.models.inbound import InboundMessage

# Formats the worker turns into derivatives, as Pillow names them, with the
# content type each is served as.
PHOTO_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
}
# What the browser and a mail client say an image is: an attachment with one
# of these types is taken for a photo and read by the worker.
IMAGE_TYPES = {"image/jpeg", "image/pjpeg", "image/png", "image/gif", "image/webp"} | {
    "image/heic",
    "image/heif",
    "image/heic-sequence",
    "image/heif-sequence",
}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif"}
# Types a browser may render from a download without harm; anything else
# (HTML, SVG, scripts) is served as plain bytes to save.
SAFE_FILE_TYPES = ("application/pdf", "audio/", "video/", "text/plain", *PHOTO_FORMATS.values())
# Sent with photo_id= once a new photo has committed; its derivatives are to be made.
photo_kept = Signal()
CAPTION_LENGTH = 500
NAME_LENGTH = 255


def looks_like_image(name, content_type):
    """Whether an upload or attachment claims to be a photo; the worker checks the claim."""
    return (content_type or "").lower() in IMAGE_TYPES or (
        PurePath(name or "").suffix.lower() in IMAGE_SUFFIXES
    )


def content_hash(chunks):
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def _key(photo, kind):
    # Keys name the owner's id and a random id, never the file's own name
    # (which may say what it shows) and never anything guessable on its own.
    return f"journal/{photo.user_id}/{photo.key.hex}/{kind}"


def original_key(photo, filename):
    suffix = PurePath(filename or "").suffix.lower()[:10]
    return _key(photo, "original" + (suffix if suffix.isascii() else ""))


def derivative_key(photo, filename):
    return _key(photo, filename)


class PhotoQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def visible(self):
        """Not deleted, and on a day that is not deleted either."""
        return self.filter(deleted_at__isnull=True, entry__deleted_at__isnull=True)

    def photos(self):
        return self.filter(kind=Photo.Kind.PHOTO)

    def files(self):
        return self.filter(kind=Photo.Kind.FILE)

    def shown(self):
        """Photos a page can show: read by the worker, not deleted, on a living day."""
        return self.visible().photos().filter(state=Photo.State.READY)

    def recently_deleted(self, now):
        return self.filter(
            deleted_at__gt=now - dt.timedelta(days=RESTORE_DAYS), entry__deleted_at__isnull=True
        )

    def purgeable(self, now):
        return self.filter(deleted_at__lte=now - dt.timedelta(days=RESTORE_DAYS))

    def of_day(self, entry):
        """A day's photos and other files, in the order they came, from one query."""
        kept = list(self.filter(entry=entry, deleted_at__isnull=True).order_by("position", "pk"))
        photos = [item for item in kept if item.is_photo]
        for number, photo in enumerate(photos, 1):
            photo.alt = photo.alt_text(number, len(photos))
        return photos, [item for item in kept if not item.is_photo]

    def with_covers(self, entries):
        """Entries with each one's first photo (`cover`, a key) and `photo_count`, in the query."""
        # The entries are alive already: no join back to them, just the
        # (entry, position) index.
        shown = self.filter(
            entry=OuterRef("pk"),
            deleted_at__isnull=True,
            kind=Photo.Kind.PHOTO,
            state=Photo.State.READY,
        ).order_by()
        count = shown.values("entry").annotate(count=Count("pk")).values("count")
        return entries.annotate(
            cover=Subquery(shown.order_by("position", "pk").values("key")[:1]),
            photo_count=Coalesce(Subquery(count), 0),
        )

    def add_imported(self, user, days, data):
        """Keep the photos and files an imported zip brings, on their days (already saved).

        Bytes already on a day are skipped, which is what makes importing
        the same archive twice change nothing. Returns how many were added.
        """
        added = 0
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for batch in itertools.batched([day for day in days if day.attachments], 500):
                living = Entry.objects.for_user(user).alive()
                entries = {e.date: e for e in living.filter(date__in=[d.date for d in batch])}
                for day in batch:
                    for item in day.attachments:
                        upload = ContentFile(archive.read(item.path), name=item.name)
                        kept = self.add(
                            entries[day.date],
                            upload,
                            content_type=item.content_type,
                            caption=item.caption,
                            source="import",
                        )
                        added += kept is not None
        return added

    def attached(self, entries, batch=500):
        """The entries again, each with `attachments`: its photos and files, in order.

        Reads them for `batch` entries at a time, so an export streams.
        """
        for chunk in itertools.batched(entries, batch):
            kept = self.filter(entry__in=chunk, deleted_at__isnull=True).order_by(
                "entry", "position", "pk"
            )
            found = {}
            for photo in kept:
                found.setdefault(photo.entry_id, []).append(photo)
            for entry in chunk:
                entry.attachments = found.get(entry.pk, [])
                yield entry

    def stored_bytes(self, user):
        """What a person's photos and files take up in storage, derivatives included."""
        return self.filter(user=user).aggregate(total=Sum("stored_bytes"))["total"] or 0

    def add(self, entry, upload, *, name=None, content_type="", caption="", source="web"):
        """Keep an uploaded or attached file on the entry's day, or return None for a duplicate.

        `upload` is a Django File (an upload, or a ContentFile of an
        attachment's bytes). Images are queued for the worker, which makes
        their derivatives; the same bytes on the same day are kept once.
        """
        name = (name or getattr(upload, "name", "") or "file")[:NAME_LENGTH]
        digest = content_hash(upload.chunks())
        if self.filter(entry=entry, sha256=digest).exists():
            return None
        is_image = looks_like_image(name, content_type)
        guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
        photo = self.model(
            user_id=entry.user_id,
            entry=entry,
            date=entry.date,
            kind=Photo.Kind.PHOTO if is_image else Photo.Kind.FILE,
            state=Photo.State.PENDING if is_image else Photo.State.READY,
            name=name,
            content_type=(content_type or guessed)[:100],
            size=upload.size,
            stored_bytes=upload.size,
            sha256=digest,
            caption=caption.strip()[:CAPTION_LENGTH],
            source=source,
            position=self.filter(entry=entry).count(),
        )
        upload.seek(0)
        photo.original.save(name, upload, save=False)
        try:
            with transaction.atomic():
                photo.save()
        except IntegrityError:
            # The same bytes arrived a moment ago (a double submit, a retry).
            photo.original.storage.delete(photo.original.name)
            return None
        if is_image:
            # entries/receivers.py queues the worker's darkroom for it.
            transaction.on_commit(lambda: photo_kept.send(Photo, photo_id=photo.pk))
        return photo


class Photo(models.Model):
    """A photo or another file someone kept on a day: a reply's attachment, an upload, an import.

    The original is stored untouched; for a photo the worker adds two
    derivatives (a thumbnail and a large view) without any of its metadata.
    It belongs to the day's entry, so it goes to the bin and comes back
    with it, and can also be deleted on its own.
    """

    class Kind(models.TextChoices):
        PHOTO = "photo", "Photo"
        FILE = "file", "File"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for the worker"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be read"

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="photos"
    )
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="photos")
    # The entry's date, kept here so the Photos page reads one table by index.
    date = models.DateField()
    position = models.PositiveIntegerField(default=0, help_text="Order on the day, from 0.")
    kind = models.CharField(max_length=5, choices=Kind, default=Kind.PHOTO)
    state = models.CharField(max_length=7, choices=State, default=State.PENDING)
    failure = models.CharField(max_length=200, blank=True, help_text="Why it could not be read.")
    source = models.CharField(max_length=10, default="web", help_text="web, reply or import.")
    name = models.CharField(max_length=NAME_LENGTH, help_text="The file's name as it arrived.")
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(help_text="Bytes of the original.")
    stored_bytes = models.PositiveBigIntegerField(default=0, help_text="Original + derivatives.")
    sha256 = models.CharField(max_length=64)
    caption = models.TextField(blank=True, max_length=CAPTION_LENGTH)
    original = models.FileField(upload_to=original_key, max_length=200)
    thumbnail = models.FileField(upload_to=derivative_key, max_length=200, blank=True)
    large = models.FileField(upload_to=derivative_key, max_length=200, blank=True)
    derivative_type = models.CharField(max_length=20, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True)
    taken_at = models.DateTimeField(null=True, blank=True, help_text="From the photo's EXIF.")
    created = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["date", "position", "pk"]
        constraints = [
            # The same bytes on the same day are one photo.
            models.UniqueConstraint(fields=["entry", "sha256"], name="one_copy_per_day"),
        ]
        indexes = [
            models.Index(fields=["user", "-date", "position", "id"], name="photo_user_date"),
            models.Index(fields=["entry", "position"], name="photo_entry_position"),
        ]

    def __str__(self):
        # Like entries: the day, never the caption or the file's name.
        return f"{self.get_kind_display()} {self.pk} on {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("entries:photo", args=[self.key])

    def file_url(self, variant):
        return reverse("entries:photo_file", args=[self.key, variant])

    @property
    def thumbnail_url(self):
        return self.file_url("thumbnail")

    @property
    def large_url(self):
        return self.file_url("large")

    @property
    def original_url(self):
        return self.file_url("original")

    @property
    def is_photo(self):
        return self.kind == self.Kind.PHOTO

    @property
    def failed(self):
        return self.state == self.State.FAILED

    def files(self):
        """The stored files behind this photo: the original and any derivatives."""
        return [field for field in (self.original, self.thumbnail, self.large) if field]

    @property
    def suffix(self):
        """The original's extension, for the name an export gives it."""
        return PurePath(self.original.name).suffix

    @property
    def exported_kind(self):
        return "photo" if self.is_photo else "file"

    def chunks(self, size=1024 * 1024):
        """The original's bytes, a piece at a time (exports stream them)."""
        with self.original.open("rb") as original:
            yield from original.chunks(size)

    def soft_delete(self, now):
        self.deleted_at = now
        self.save(update_fields=["deleted_at"])

    def restore(self):
        self.deleted_at = None
        self.save(update_fields=["deleted_at"])

    def set_caption(self, caption):
        self.caption = caption.strip()[:CAPTION_LENGTH]
        self.save(update_fields=["caption"])

    def move_to(self, entry):
        """Follow the day's text into another entry (a restored entry merging into a new one)."""
        if type(self).objects.filter(entry=entry, sha256=self.sha256).exists():
            self.delete()
            return
        self.entry = entry
        self.position += type(self).objects.filter(entry=entry).count()
        self.save(update_fields=["entry", "position"])

    def alt_text(self, number=None, count=None):
        """A caption, or where there is none, which photo of the day it is."""
        if self.caption:
            return self.caption
        day = f"{self.date.day} {self.date:%B %Y}"
        if number and count:
            return f"Photo {number} of {count}, {day}"
        return f"Photo, {day}"


class ImageSightingQuerySet(models.QuerySet):
    def seen_before(self, message, digest):
        """In how many other messages of the same person these image bytes came."""
        return self.filter(user=message.user_id, sha256=digest).exclude(message=message).count()

    def record(self, message, digest):
        self.get_or_create(user_id=message.user_id, message=message, sha256=digest)


class ImageSighting(models.Model):
    """That an image with these bytes came in a person's message: how signature logos show."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    message = models.ForeignKey(InboundMessage, on_delete=models.CASCADE)
    sha256 = models.CharField(max_length=64)

    objects = ImageSightingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "sha256"], name="one_sighting_per_message")
        ]
        indexes = [models.Index(fields=["user", "sha256"], name="sighting_user_hash")]

    def __str__(self):
        return f"Image seen in message {self.message_id}"


@receiver(post_delete, sender=Photo, dispatch_uid="entries.delete_photo_files")
def delete_photo_files(sender, instance, **kwargs):
    # The row goes with its entry, its account or on its own; the files go
    # once that has committed, so a rolled-back deletion loses nothing.
    names = [field.name for field in instance.files()]
    storage = instance.original.storage

    def delete_files():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
