import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from accounts import tasks

pytestmark = pytest.mark.django_db


def test_expired_sessions_and_what_they_held_are_deleted_nightly():
    """A session past its expiry is deleted with its contents; a live one stays."""
    expired = SessionStore()
    expired["journal_search"] = "words someone searched for"
    expired.create()
    live = SessionStore()
    live.create()
    Session.objects.filter(pk=expired.session_key).update(
        expire_date=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    assert tasks.clear_expired_sessions.call_local() == 1
    assert list(Session.objects.values_list("pk", flat=True)) == [live.session_key]
