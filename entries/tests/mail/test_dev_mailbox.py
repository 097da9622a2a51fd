import pytest
from django.urls import reverse

from entries.models import Entry, InboundMessage
from entries.tests.factories import PromptFactory

pytestmark = pytest.mark.django_db


def test_dev_mailbox_does_not_exist_outside_development(client):
    """Without DEBUG the dev mailbox is a 404, for GET and POST alike."""
    PromptFactory()
    assert client.get(reverse("entries:dev_mailbox")).status_code == 404
    assert client.post(reverse("entries:dev_mailbox")).status_code == 404


def test_dev_mailbox_lists_prompts_with_a_reply_form(client, settings):
    """In development the mailbox lists prompts sent locally, each with a reply form."""
    settings.DEBUG = True
    prompt = PromptFactory()
    page = client.get(reverse("entries:dev_mailbox")).content.decode()
    assert prompt.reply_address in page
    assert f'value="{prompt.user.email}"' in page
    assert "<label" in page


def test_dev_mailbox_reply_goes_through_the_pipeline(client, settings):
    """A reply sent from the dev mailbox becomes the entry, quote and all removed."""
    settings.DEBUG = True
    prompt = PromptFactory()
    response = client.post(
        reverse("entries:dev_mailbox"),
        {
            "prompt": prompt.pk,
            f"p{prompt.pk}-sender": prompt.user.email,
            f"p{prompt.pk}-body": "Dev day.",
        },
        follow=True,
    )
    assert "Reply accepted" in response.content.decode()
    assert Entry.objects.get().body == "Dev day."
    assert InboundMessage.objects.get().provider == "dev_mailbox"


def test_dev_mailbox_forged_sender_is_held(client, settings):
    """A reply from another address in the dev mailbox is held, as it would be by email."""
    settings.DEBUG = True
    prompt = PromptFactory(message_id="")
    client.post(
        reverse("entries:dev_mailbox"),
        {
            "prompt": prompt.pk,
            f"p{prompt.pk}-sender": "forger@example.net",
            f"p{prompt.pk}-body": "Hi",
        },
    )
    assert InboundMessage.objects.get().state == InboundMessage.State.HELD


def test_dev_mailbox_invalid_form_shows_errors(client, settings):
    """A reply without text is shown again with an error, and nothing is sent."""
    settings.DEBUG = True
    prompt = PromptFactory()
    response = client.post(
        reverse("entries:dev_mailbox"),
        {"prompt": prompt.pk, f"p{prompt.pk}-sender": "not-an-address", f"p{prompt.pk}-body": ""},
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not InboundMessage.objects.exists()


def test_dev_mailbox_reply_to_a_malformed_prompt_is_not_found(client, settings):
    """A reply naming no real prompt gets a 404, not an error page."""
    settings.DEBUG = True
    response = client.post(reverse("entries:dev_mailbox"), {"prompt": "abc"})
    assert response.status_code == 404
