import datetime as dt
import itertools

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from entries.models import Entry, ImportJob, Prompt


class EntryFactory(factory.django.DjangoModelFactory):
    """A day someone wrote about; each new one a day earlier than the last."""

    class Meta:
        model = Entry

    user = factory.SubFactory(UserFactory)
    date = factory.Sequence(lambda n: dt.date(2026, 11, 20) - dt.timedelta(days=n))
    body = "Walked to the river with Maya.\n\nThe water was high after the rain."


class PromptFactory(factory.django.DjangoModelFactory):
    """A prompt that went out, as the sender stores it."""

    class Meta:
        model = Prompt

    user = factory.SubFactory(UserFactory)
    date = dt.date(2026, 11, 27)
    status = Prompt.Status.SENT
    message_id = factory.Sequence(lambda n: f"<prompt-{n}@daybook.test>")
    # Sent just now: a reply address expires (REPLY_TOKEN_DAYS), and a fixed
    # date would make every reply in the tests late one day.
    sent_at = factory.LazyFunction(timezone.now)


class ImportJobFactory(factory.django.DjangoModelFactory):
    """An upload waiting to be checked, holding a small OhLife export."""

    class Meta:
        model = ImportJob

    user = factory.SubFactory(UserFactory)
    filename = "export.txt"
    data = b"2026-01-01\n\nNew year.\n\n2026-01-02\n\nSecond day.\n"
    size = factory.LazyAttribute(lambda job: len(job.data or b""))


class QueuedPromptFactory(PromptFactory):
    """A prompt the dispatcher has created and queued, not yet sent."""

    status = Prompt.Status.QUEUED
    message_id = ""
    sent_at = None


_shades = itertools.count(1)


def make_photo(entry, data=None, *, name="photo.jpg", content_type="image/jpeg", **kwargs):
    """A photo on the entry's day, developed as the worker would (a file if it is not an image)."""
    from django.core.files.base import ContentFile

    from entries import darkroom
    from entries.models import Photo
    from entries.tests import images

    if data is None:
        # A different picture each time: the same bytes on one day are kept once.
        shade = next(_shades)
        color = ((shade * 37) % 256, (shade * 91) % 256, 90)
        data = images.jpeg((480, 360), color=color, comment=str(shade).encode())
    photo = Photo.objects.add(
        entry, ContentFile(data, name=name), content_type=content_type, **kwargs
    )
    if photo is not None and photo.is_photo:
        darkroom.process(photo)
    return photo
