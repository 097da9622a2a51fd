"""Leaving Daybook: re-authenticate, delete everything, get a last email."""

import datetime as dt
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from accounts import emails
from accounts.models import User
from accounts.tests.factories import UserFactory
from entries.models import Entry, InboundMessage
from entries.tests.factories import EntryFactory, ImportJobFactory, PromptFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def leaver():
    """Someone with a password, a journal, prompts, an import, a second address and a staff log."""
    user = UserFactory(email="leaver@example.com")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email="old@example.com", verified=True)
    EntryFactory.create_batch(3, user=user)
    PromptFactory(user=user, date=dt.date(2026, 11, 26))
    PromptFactory(user=user, date=dt.date(2026, 11, 27))
    ImportJobFactory(user=user)
    LogEntry.objects.create(user=user, action_flag=ADDITION, object_repr="x")
    # Mail of theirs never linked to the account: one still waiting to be
    # read (only its envelope names them), one rejected before it was.
    InboundMessage.objects.create(
        raw=b"Dear diary", provider="postmark", envelope_sender="Leaver@Example.com"
    )
    InboundMessage.objects.create(
        raw=b"Dear diary",
        provider="postmark",
        sender="OLD@example.com",
        state=InboundMessage.State.REJECTED,
        reason=InboundMessage.Reason.UNKNOWN_RECIPIENT,
    )
    return user


def log_in(user):
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def rows_referencing(user_pk):
    """Every row, in every table Django knows, that points at this user, by model."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)  # OneToOneField is one too
                and field.related_model is User
                and model.objects.filter(**{field.attname: user_pk}).exists()
            ):
                found.setdefault(model._meta.label, []).append(field.name)
    sessions = [
        s for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(user_pk)
    ]
    if sessions:
        found["sessions.Session"] = len(sessions)
    if User.objects.filter(pk=user_pk).exists():
        found["accounts.User"] = 1
    return found


def test_the_page_offers_an_export_first(client):
    """Before the delete button, the page counts the entries and offers a download."""
    user = UserFactory()
    EntryFactory.create_batch(2, user=user)
    client.force_login(user)
    response = client.get(reverse("entries:delete_account"))
    assert response.status_code == 200
    assert "Your journal has 2 entries." in response.text
    assert f"{reverse('entries:export')}?format=json" in response.text
    assert '<label for="id_confirm">' in response.text


def test_deleting_asks_to_prove_it_is_you_first(leaver):
    """Without a recent re-authentication, the delete is held and a password asked for."""
    client = Client()
    client.force_login(leaver)
    response = client.post(reverse("entries:delete_account"), {"confirm": "on"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=leaver.pk).exists()


def test_after_reauthenticating_everything_of_theirs_is_deleted(
    leaver, mailoutbox, django_capture_on_commit_callbacks
):
    """Re-authenticate, and the held delete goes through: no row of theirs is left anywhere."""
    other_browser = log_in(leaver)
    bystander = EntryFactory(date=dt.date(2026, 1, 1))
    strangers_mail = InboundMessage.objects.create(
        raw=b"Not theirs", provider="postmark", sender="stranger@example.com"
    )
    assert set(rows_referencing(leaver.pk)) >= {
        "entries.Entry",
        "entries.Prompt",
        "entries.ImportJob",
        "account.EmailAddress",
        "admin.LogEntry",
        "sessions.Session",
    }
    client = Client()
    client.force_login(leaver)
    held = client.post(reverse("entries:delete_account"), {"confirm": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            held.url, {"password": PASSWORD, "next": reverse("entries:delete_account")}, follow=True
        )
    assert response.redirect_chain[-1][0] == reverse("landing")
    assert "Your account and your journal are deleted" in response.text

    assert rows_referencing(leaver.pk) == {}
    assert list(Entry.objects.all()) == [bystander]
    assert list(InboundMessage.objects.all()) == [strangers_mail]
    assert other_browser.get(reverse("entries:journal")).status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["leaver@example.com"]
    assert message.subject == "Daybook: your account is deleted"
    assert "leaver@example.com" in message.body
    assert "leaver@example.com" in message.alternatives[0].content


def test_a_failing_mail_provider_does_not_undo_the_goodbye(
    leaver, mailoutbox, django_capture_on_commit_callbacks
):
    """If the goodbye email cannot be sent, the person still sees their account deleted."""
    client = log_in(leaver)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    down = mock.patch.object(
        emails, "send_account_deleted", side_effect=ConnectionError("provider down")
    )
    with down as send, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("entries:delete_account"), {"confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("landing")
    assert "Your account and your journal are deleted" in response.text
    assert not User.objects.filter(pk=leaver.pk).exists()
    send.assert_called_once_with("leaver@example.com")
    assert mailoutbox == []
    retry = HUEY.scheduled()
    HUEY.storage.flush_schedule()  # the in-memory queue outlives this test
    assert [(task.name, task.args) for task in retry] == [
        ("send_account_deleted", ("leaver@example.com",))
    ]


def test_deleting_needs_the_box_ticked(leaver):
    """Without the confirmation tick, nothing is deleted and the page says why."""
    client = log_in(leaver)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("entries:delete_account"), {})
    assert response.status_code == 200
    assert "Tick the box to confirm." in response.text
    assert User.objects.filter(pk=leaver.pk).exists()


def test_deleting_a_user_leaves_other_peoples_sessions(leaver, django_capture_on_commit_callbacks):
    """Only the leaver's sessions go; someone else stays logged in."""
    stayer = UserFactory()
    stayer.set_password(PASSWORD)
    stayer.save()
    stayer_browser = log_in(stayer)
    with django_capture_on_commit_callbacks(execute=True):
        leaver.delete_with_everything()
    assert stayer_browser.get(reverse("entries:journal")).status_code == 200


def test_sessions_are_swept_after_the_deletion_commits(leaver, django_capture_on_commit_callbacks):
    """The request only deletes the account; the worker then deletes the leaver's sessions."""
    log_in(leaver)
    leaver_pk = leaver.pk
    with django_capture_on_commit_callbacks() as queued:
        leaver.delete_with_everything()
    assert rows_referencing(leaver_pk) == {"sessions.Session": 1}
    for callback in queued:
        callback()
    assert rows_referencing(leaver_pk) == {}
