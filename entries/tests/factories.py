import datetime as dt

import factory

from accounts.tests.factories import UserFactory
from entries.models import Entry, Prompt


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    user = factory.SubFactory(UserFactory)
    date = dt.date(2026, 11, 27)
    body = "Walked to the market in the rain."


class PromptFactory(factory.django.DjangoModelFactory):
    """A prompt that went out, as the sender stores it."""

    class Meta:
        model = Prompt

    user = factory.SubFactory(UserFactory)
    date = dt.date(2026, 11, 27)
    status = Prompt.Status.SENT
    message_id = factory.Sequence(lambda n: f"<prompt-{n}@daybook.test>")
    sent_at = dt.datetime(2026, 11, 27, 19, 0, tzinfo=dt.UTC)
