import datetime as dt

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
