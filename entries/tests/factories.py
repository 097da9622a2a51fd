import datetime as dt

import factory

from accounts.tests.factories import UserFactory
from entries.models import Entry


class EntryFactory(factory.django.DjangoModelFactory):
    """A day someone wrote about."""

    class Meta:
        model = Entry

    user = factory.SubFactory(UserFactory)
    date = factory.Sequence(lambda n: dt.date(2026, 11, 20) - dt.timedelta(days=n))
    body = "Walked to the river with Maya.\n\nThe water was high after the rain."
