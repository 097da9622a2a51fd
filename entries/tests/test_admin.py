import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from entries.mail import pipeline
from entries.models import Entry, Prompt
from entries.tests import replies
from entries.tests.factories import EntryFactory, PromptFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("staff@example.com", "pw"))
    return client


def test_admin_lists_states_and_reasons_without_journal_text(staff_client):
    """Staff see each inbound message's state and reason, never what it says."""
    prompt = PromptFactory()
    raw = replies.gmail(prompt, "Very private words.", sender="x@example.net")
    message = pipeline.process(pipeline.keep(raw, provider="postmark"))
    listing = staff_client.get(reverse("admin:entries_inboundmessage_changelist")).content.decode()
    detail = staff_client.get(
        reverse("admin:entries_inboundmessage_change", args=[message.pk])
    ).content.decode()
    assert "Held for review" in listing
    assert "Very private words." not in listing
    assert "Very private words." not in detail


def test_admin_action_reprocesses_selected_messages(staff_client):
    """Staff can run selected messages through the pipeline again."""
    prompt = PromptFactory()
    raw = replies.gmail(prompt, "Try me again.", sender="x@example.net")
    message = pipeline.process(pipeline.keep(raw, provider="postmark"))
    prompt.user.emailaddress_set.create(email="x@example.net", verified=True)
    staff_client.post(
        reverse("admin:entries_inboundmessage_changelist"),
        {"action": "reprocess", "_selected_action": [message.pk]},
    )
    assert Entry.objects.get().body == "Try me again."


def test_admin_shows_why_a_prompt_failed(staff_client):
    """Staff see why a prompt finally failed: the start in the list, all of it on its page."""
    reason = "AnymailRecipientsRefused: The recipient's mailbox is full. " + "Details " * 40
    prompt = PromptFactory(status=Prompt.Status.FAILED, failure_reason=reason, sent_at=None)
    listing = staff_client.get(reverse("admin:entries_prompt_changelist")).content.decode()
    detail = staff_client.get(
        reverse("admin:entries_prompt_change", args=[prompt.pk])
    ).content.decode()
    assert "AnymailRecipientsRefused: The recipient&#x27;s mailbox is full." in listing
    assert reason.strip() not in listing
    assert escape(reason.strip()) in detail


def test_entry_admin_never_shows_journal_text(staff_client):
    """Staff can see that an entry exists, never what it says."""
    entry = EntryFactory(body="Very private words.")
    listing = staff_client.get(reverse("admin:entries_entry_changelist")).content.decode()
    detail = staff_client.get(
        reverse("admin:entries_entry_change", args=[entry.pk])
    ).content.decode()
    assert str(entry.date.year) in listing
    assert "Very private words." not in listing
    assert "Very private words." not in detail
