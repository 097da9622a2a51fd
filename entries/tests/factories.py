import datetime as dt

import factory

from accounts.tests.factories import UserFactory
from entries.models import Entry, Prompt


class EntryFactory(factory.django.DjangoModelFactory):
    """A day someone wrote about."""

    class Meta:
        model = Entry

    user = factory.SubFactory(UserFactory)
    date = factory.Sequence(lambda n: dt.date(2025, 1, 1) + dt.timedelta(days=n))
    body = factory.Faker("paragraph")


class PromptFactory(factory.django.DjangoModelFactory):
    """A prompt that has been queued for sending."""

    class Meta:
        model = Prompt

    user = factory.SubFactory(UserFactory)
    date = dt.date(2026, 11, 27)
