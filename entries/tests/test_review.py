import datetime as dt
from unittest import mock

import pytest
from django.template import Context, Template
from django.urls import reverse

from accounts.tests.factories import UserFactory
from entries.mail import pipeline
from entries.models import Entry, InboundMessage
from entries.tests import replies
from entries.tests.factories import EntryFactory, PromptFactory

pytestmark = pytest.mark.django_db
State = InboundMessage.State


def held(prompt, text="Written from my work address.", **kwargs):
    kwargs.setdefault("sender", "work@example.net")
    raw = replies.gmail(prompt, text, **kwargs)
    return pipeline.process(pipeline.keep(raw, provider="test"))


def test_review_lists_held_replies_with_reason_and_text(client):
    """The review page shows each held reply, why it was held, and its text."""
    prompt = PromptFactory()
    held(prompt)
    client.force_login(prompt.user)
    response = client.get(reverse("entries:review"))
    page = response.content.decode()
    assert "Written from my work address." in page
    assert "sender is not a verified address" in page
    assert "Add to my entry" in page


def test_nav_shows_review_only_when_something_is_held(client):
    """The navigation offers Review only while replies wait for review."""
    prompt = PromptFactory()
    client.force_login(prompt.user)
    assert "Review" not in client.get(reverse("entries:review")).content.decode().split("<main")[0]
    held(prompt)
    header = client.get(reverse("entries:review")).content.decode().split("<main")[0]
    assert 'href="/journal/review/"' in header


def test_accepting_appends_to_the_days_entry(client):
    """Accepting a held reply adds it below what the entry already says."""
    prompt = PromptFactory()
    EntryFactory(user=prompt.user, date=prompt.date, body="Morning.")
    message = held(prompt, "Evening, from work.")
    client.force_login(prompt.user)
    response = client.post(reverse("entries:review_accept", args=[message.pk]))
    assert response.status_code == 302
    assert Entry.objects.get().body == "Morning.\n\nEvening, from work."
    message.refresh_from_db()
    assert (message.state, message.reason, message.text) == (
        State.ACCEPTED,
        InboundMessage.Reason.ACCEPTED_ON_REVIEW,
        "",
    )


def test_empty_reply_cannot_be_accepted_only_discarded(client):
    """A held reply with no text offers only Discard, and accepting it adds nothing."""
    prompt = PromptFactory()
    message = held(prompt, "", sender=prompt.user.email)
    client.force_login(prompt.user)
    page = client.get(reverse("entries:review")).content.decode()
    assert "no new text" in page
    assert "Add to my entry" not in page
    client.post(reverse("entries:review_accept", args=[message.pk]))
    assert not Entry.objects.exists()
    message.refresh_from_db()
    assert message.state == State.HELD


def test_discarding_removes_the_reply_and_its_text(client):
    """Discarding a held reply removes it from the list and forgets its text."""
    prompt = PromptFactory()
    message = held(prompt)
    client.force_login(prompt.user)
    client.post(reverse("entries:review_discard", args=[message.pk]))
    message.refresh_from_db()
    assert (message.state, message.reason, message.text) == (
        State.IGNORED,
        InboundMessage.Reason.DISCARDED,
        "",
    )
    assert "Nothing to review" in client.get(reverse("entries:review")).content.decode()


def test_accepting_a_duplicate_of_a_posted_reply_adds_nothing(client):
    """If the same reply already reached the entry, accepting the held copy adds nothing."""
    prompt = PromptFactory()
    message = held(prompt, "Same words.")
    InboundMessage.objects.create(
        provider="test",
        user=prompt.user,
        message_id=message.message_id,
        state=State.ACCEPTED,
    )
    client.force_login(prompt.user)
    client.post(reverse("entries:review_accept", args=[message.pk]))
    message.refresh_from_db()
    assert message.reason == InboundMessage.Reason.DUPLICATE
    assert not Entry.objects.exists()


def test_nobody_else_can_accept_or_see_my_held_replies(client):
    """Another person cannot see, accept or discard my held replies."""
    prompt = PromptFactory()
    message = held(prompt, "Private words.")
    client.force_login(UserFactory())
    assert "Private words." not in client.get(reverse("entries:review")).content.decode()
    assert client.post(reverse("entries:review_accept", args=[message.pk])).status_code == 404
    assert client.post(reverse("entries:review_discard", args=[message.pk])).status_code == 404
    assert not Entry.objects.exists()


def test_review_actions_need_post_and_login(client):
    """Accept and discard only answer POST, and only to someone logged in."""
    prompt = PromptFactory()
    message = held(prompt)
    url = reverse("entries:review_accept", args=[message.pk])
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(prompt.user)
    assert client.get(url).status_code == 405
    assert client.get(reverse("entries:review")).status_code == 200


def test_accepting_a_stale_copy_twice_adds_the_reply_once():
    """Accepting a held reply from two stale copies (two clicks, two tabs) adds it once."""
    prompt = PromptFactory()
    first = held(prompt, "Only once.")
    second = InboundMessage.objects.get(pk=first.pk)
    assert first.accept()
    assert second.accept()
    assert Entry.objects.get().body == "Only once."
    assert second.state == State.ACCEPTED


def test_held_reply_count_is_zero_for_visitors():
    """Someone not logged in is never offered a review link."""
    anonymous = mock.Mock(is_authenticated=False)
    template = Template("{% load review %}{% held_reply_count user %}")
    assert template.render(Context({"user": anonymous})) == "0"


def test_a_reply_held_as_too_long_is_added_once_the_entry_has_room(client):
    """Accepting a too-long reply says why it cannot be added; after shortening the entry, it is."""
    prompt = PromptFactory()
    entry = EntryFactory(user=prompt.user, date=prompt.date, body="w" * 99_990)
    message = pipeline.process(
        pipeline.keep(replies.gmail(prompt, "Twenty more letters!"), provider="test")
    )
    assert message.reason == InboundMessage.Reason.TOO_LONG
    client.force_login(prompt.user)
    page = client.get(reverse("entries:review")).content.decode()
    assert "longer than 100,000 characters" in page
    response = client.post(reverse("entries:review_accept", args=[message.pk]), follow=True)
    assert "Not added: an entry can hold up to 100,000 characters" in response.content.decode()
    message.refresh_from_db()
    assert message.state == State.HELD
    entry.body = "Shorter."
    entry.save()
    client.post(reverse("entries:review_accept", args=[message.pk]))
    assert Entry.objects.get().body == "Shorter.\n\nTwenty more letters!"


def test_review_shows_an_entrys_worth_of_a_very_long_reply(client):
    """A reply far over the limit shows its first 100,000 characters and counts the rest."""
    prompt = PromptFactory()
    message = pipeline.process(
        pipeline.keep(replies.gmail(prompt, "a" * 100_000 + "b" * 2_500), provider="test")
    )
    client.force_login(prompt.user)
    page = client.get(reverse("entries:review")).content.decode()
    assert "a" * 100_000 in page
    assert "b" not in page.split("held-text")[1].split("</blockquote>")[0]
    assert "The next 2,500 characters of this reply are" in page
    assert message.text.endswith("b" * 2_500)


def test_a_reply_held_for_a_day_outside_the_journal_explains_on_accept(client):
    """Accepting a reply for a day after tomorrow says why, and keeps it held."""
    prompt = PromptFactory(date=dt.date(2030, 1, 1))
    message = held(prompt, "Early.", sender=prompt.user.email)
    client.force_login(prompt.user)
    response = client.post(reverse("entries:review_accept", args=[message.pk]), follow=True)
    assert "Not added: 2030-01-01 has not happened yet" in response.content.decode()
    assert InboundMessage.objects.get(pk=message.pk).state == State.HELD
