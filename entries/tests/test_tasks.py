import datetime as dt

import pytest
import time_machine

from entries.models import Entry
from entries.tasks import purge_deleted_entries
from entries.tests.factories import EntryFactory

NOW = dt.datetime(2026, 11, 27, 3, 17, tzinfo=dt.UTC)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_purge_removes_entries_deleted_over_thirty_days_ago():
    """After 30 days in Recently deleted an entry is gone; newer and living ones stay."""
    living = EntryFactory()
    recent = EntryFactory(deleted_at=NOW - dt.timedelta(days=3))
    EntryFactory(deleted_at=NOW - dt.timedelta(days=30, seconds=1))
    assert purge_deleted_entries.call_local() == 1
    assert set(Entry.objects.all()) == {living, recent}
    assert purge_deleted_entries.call_local() == 0
