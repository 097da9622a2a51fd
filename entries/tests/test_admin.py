import pytest
from django.urls import reverse

from accounts.models import User
from entries import inbound
from entries.models import Entry
from entries.tests import mail
from entries.tests.factories import PromptFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("staff@example.com", "pw"))
    return client


def test_admin_lists_states_and_reasons_without_journal_text(staff_client):
    """Staff see each inbound message's state and reason, never what it says."""
    prompt = PromptFactory()
    raw = mail.gmail(prompt, "Very private words.", sender="x@example.net")
    message = inbound.process(inbound.keep(raw, provider="postmark"))
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
    raw = mail.gmail(prompt, "Try me again.", sender="x@example.net")
    message = inbound.process(inbound.keep(raw, provider="postmark"))
    prompt.user.emailaddress_set.create(email="x@example.net", verified=True)
    staff_client.post(
        reverse("admin:entries_inboundmessage_changelist"),
        {"action": "reprocess", "_selected_action": [message.pk]},
    )
    assert Entry.objects.get().body == "Try me again."
