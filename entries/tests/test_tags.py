"""Tags stay in step with the text, whichever way the text changes."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from entries.mail import pipeline
from entries.models import Entry, Tag, add_imported
from entries.tests import replies
from entries.tests.factories import EntryFactory, PromptFactory
from entries.tests.test_models import days

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 20)


def names(entry):
    return set(entry.tags.values_list("name", flat=True))


def test_saving_an_entry_tags_it():
    """A new entry carries the tags in its text, one row per tag however often it appears."""
    entry = EntryFactory(body="Lunch with #Maya. #maya again, and #garden.")
    assert names(entry) == {"maya", "garden"}
    assert Tag.objects.count() == 2


def test_editing_changes_the_tags():
    """Taking a tag out of the text untags the day; adding one tags it."""
    entry = EntryFactory(body="#maya #garden")
    entry.revise("#garden #river", entry.version)
    assert names(entry) == {"garden", "river"}


def test_appending_adds_tags():
    """More text for a day (another reply, "Add more") brings its tags."""
    entry = EntryFactory(body="#maya")
    Entry.objects.add_to_day(entry.user, entry.date, "Later: #river")
    assert names(entry) == {"maya", "river"}


def test_each_person_has_their_own_tags():
    """Two people's #maya are two tags; neither sees the other's."""
    first, second = EntryFactory(body="#maya"), EntryFactory(body="#maya")
    assert first.tags.get() != second.tags.get()


def test_deleting_untags_and_restoring_tags_again():
    """A deleted entry leaves its tags; restoring it brings them back."""
    entry = EntryFactory(body="#maya")
    entry.soft_delete(timezone.now())
    assert names(entry) == set()
    entry.restore()
    assert names(entry) == {"maya"}


def test_restoring_into_a_newer_entry_joins_the_tags():
    """Restoring onto a day written again since gives the joined entry both texts' tags."""
    old = EntryFactory(body="#maya", date=DAY)
    old.soft_delete(timezone.now())
    new = EntryFactory(user=old.user, body="#river", date=DAY)
    joined = old.restore()
    assert joined.pk == new.pk
    assert names(joined) == {"maya", "river"}
    assert Entry.tags.through.objects.filter(entry_id=old.pk).count() == 0


def test_importing_tags_new_and_merged_days():
    """Imported days, new or added to an existing entry, carry their tags."""
    user = UserFactory()
    existing = EntryFactory(user=user, date=dt.date(2026, 1, 2), body="#old")
    imported = days((dt.date(2026, 1, 1), "New year with #Maya."), (existing.date, "More #river."))
    add_imported(user, imported, save=True)
    assert names(Entry.objects.get(date=dt.date(2026, 1, 1))) == {"maya"}
    assert names(existing) == {"old", "river"}


def test_a_reply_tags_the_day():
    """A reply by email that mentions #maya tags that day."""
    prompt = PromptFactory()
    pipeline.process(pipeline.keep(replies.gmail(prompt, "Park with #Maya."), provider="test"))
    assert names(Entry.objects.get()) == {"maya"}


def test_unchanged_tags_cost_one_query(django_assert_num_queries):
    """Saving text whose tags did not change only reads them."""
    entry = EntryFactory(body="#maya")
    entry.body = "#maya, more words"
    with django_assert_num_queries(2):  # the UPDATE, and reading the tags
        entry.save()


def test_tag_names_are_never_shown_as_the_object():
    """A tag is journal text: its str() is only its number."""
    entry = EntryFactory(body="#secret")
    assert str(entry.tags.get()) == f"Tag {entry.tags.get().pk}"
