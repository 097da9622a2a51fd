"""One line ending and one word count, whichever way the text came in and went out."""

import datetime as dt
import importlib
import io
import re
import zipfile

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from entries.models import Draft, Entry
from entries.tests.factories import EntryFactory
from entries.text import count_words, with_lf

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
# Dashes, an apostrophe, numbers and a hyphenated word: str.split() counts
# this differently from the journal's word rule.
TRICKY = "Well-being — don't stop. 3 - 4 cups of tea… and 'quotes' / slashes."


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def client(user):
    client = Client()
    client.force_login(user)
    return client


def test_with_lf_makes_every_line_ending_a_newline():
    """CRLF (browsers), CR (old files) and LF (email) all become LF."""
    assert with_lf("a\r\nb\rc\nd") == "a\nb\nc\nd"


def test_text_from_the_web_is_stored_with_lf(client, user):
    """The write and edit forms store "\\n", though browsers send "\\r\\n"."""
    client.post(reverse("entries:write"), {"date": "2026-11-27", "body": "One.\r\n\r\nTwo."})
    entry = Entry.objects.get()
    assert entry.body == "One.\n\nTwo."
    client.post(
        reverse("entries:edit", args=[2026, 11, 27]),
        {"body": "One.\r\nTwo.\r\n\r\nThree.", "version": entry.version},
    )
    assert Entry.objects.get().body == "One.\nTwo.\n\nThree."


def test_a_draft_is_kept_with_lf(client, user):
    """Drafts, sent from the same textarea, are kept with "\\n" too."""
    client.post(
        reverse("entries:save_draft"), {"date": "2026-11-27", "form": "write", "body": "a\r\nb"}
    )
    assert Draft.objects.get().body == "a\nb"


def test_every_save_stores_lf(user):
    """Text appended by a reply or written by any other way in is stored with "\\n"."""
    entry = Entry.objects.add_to_day(user, dt.date(2026, 11, 27), "From the web.\r\nLine.")
    entry.append("From somewhere else.\rOld Mac line.")
    assert "\r" not in Entry.objects.get().body


def test_the_migration_turns_stored_crlf_into_lf(user):
    """Rows stored with "\\r\\n" get "\\n" from the data migration, and keep their word count."""
    crlf = EntryFactory(user=user, date=dt.date(2026, 11, 20))
    lf = EntryFactory(user=user, date=dt.date(2026, 11, 21), body="Already\nfine.")
    Entry.objects.filter(pk=crlf.pk).update(body="One.\r\n\r\nTwo.\rThree.")
    Draft.objects.create(user=user, date=dt.date(2026, 11, 27), form="write", body="x\r\ny")
    words = Entry.objects.get(pk=crlf.pk).words
    migration = importlib.import_module("entries.migrations.0015_entry_bodies_with_lf")
    migration.forwards(apps, None)
    assert Entry.objects.get(pk=crlf.pk).body == "One.\n\nTwo.\nThree."
    assert Entry.objects.get(pk=crlf.pk).words == words
    assert Entry.objects.get(pk=lf.pk).body == "Already\nfine."
    assert Draft.objects.get().body == "x\ny"


def test_exports_hold_one_line_ending(client, user):
    """An entry written on the web and one by email export with the same "\\n" endings."""
    client.post(reverse("entries:write"), {"date": "2026-11-26", "body": "Web.\r\n\r\nText."})
    Entry.objects.add_to_day(user, dt.date(2026, 11, 27), "Mail.\n\nText.")
    for format in ("json", "markdown", "text"):
        response = client.get(reverse("entries:export"), {"format": format})
        assert b"\r" not in b"".join(response.streaming_content)


def test_one_word_count_on_the_page_the_year_and_the_export(client, user):
    """The day page, the year's total and the Markdown front matter give the same count."""
    entry = Entry.objects.add_to_day(user, dt.date(2026, 11, 27), TRICKY)
    expected = count_words(TRICKY)
    assert expected != len(TRICKY.split())
    assert entry.words == expected
    day = client.get(reverse("entries:day", args=[2026, 11, 27])).content.decode()
    assert f"{expected} words" in day
    year = client.get(reverse("entries:year", args=[2026]))
    assert year.context["words_count"] == expected
    response = client.get(reverse("entries:export"), {"format": "markdown-zip"})
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        front_matter = archive.read("2026/2026-11-27.md").decode()
    assert re.search(r"^words: (\d+)$", front_matter, re.M)[1] == str(expected)
