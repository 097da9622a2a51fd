"""Sending the write or edit form twice saves it once, and an expired session keeps its text."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from entries.models import Entry, Photo, SentForm, new_form_token, writer_of
from entries.tests import images

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
WRITE = reverse("entries:write")
EDIT = reverse("entries:edit", args=[2026, 11, 27])
CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def user():
    return UserFactory(email="ann@example.com", password="a long passphrase 42")


@pytest.fixture
def client(user):
    client = Client()
    client.force_login(user)
    return client


def token_in(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]


def test_a_write_form_sent_twice_saves_once(client, user):
    """The same form twice (a retry, "resend form") adds the text once and answers the same way."""
    token = token_in(client.get(WRITE))
    data = {"date": "2026-11-27", "body": "Only once.", "token": token}
    first = client.post(WRITE, data)
    second = client.post(WRITE, data, follow=True)
    assert Entry.objects.get().body == "Only once."
    assert second.redirect_chain[0][0] == first.url
    assert "That form was sent twice; it was saved once." in second.content.decode()


def test_two_forms_on_one_day_each_save(client, user):
    """Two different write forms are two texts: both are added."""
    for text in ("Morning.", "Evening."):
        data = {"date": "2026-11-27", "body": text, "token": token_in(client.get(WRITE))}
        client.post(WRITE, data)
    assert Entry.objects.get().body == "Morning.\n\nEvening."


def test_an_edit_form_sent_twice_changes_nothing_the_second_time(client, user):
    """A repeated edit does not overwrite a change made in between (a reply, say)."""
    client.post(WRITE, {"date": "2026-11-27", "body": "Draft."})
    page = client.get(EDIT)
    data = {"body": "Final.", "version": Entry.objects.get().version, "token": token_in(page)}
    client.post(EDIT, data)
    Entry.objects.get().append("Reply by email.")
    response = client.post(EDIT, data)
    assert response.status_code == 302
    assert Entry.objects.get().body == "Final.\n\nReply by email."


def test_a_form_that_failed_can_be_sent_again(client, user):
    """A form refused (too long for the day's entry) keeps its token unused, so fixing it saves."""
    client.post(WRITE, {"date": "2026-11-27", "body": "x" * 99_999})
    token = token_in(client.get(WRITE))
    refused = client.post(WRITE, {"date": "2026-11-27", "body": "more words", "token": token})
    assert refused.status_code == 200
    assert not SentForm.objects.exists()


def test_tokens_belong_to_their_writer(user):
    """A token names the user it was made for; a forged or foreign one names nobody."""
    assert writer_of(new_form_token(user)) == user.pk
    assert writer_of("1:forged") is None
    assert writer_of("") is None


def test_old_tokens_are_forgotten(client, user):
    """The nightly tidy-up forgets tokens older than two days."""
    from entries.tasks import forget_sent_forms

    client.post(WRITE, {"date": "2026-11-27", "body": "x", "token": token_in(client.get(WRITE))})
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        assert forget_sent_forms.call_local() == 1
    assert not SentForm.objects.exists()


# An expired session


def expire(client):
    client.cookies["sessionid"] = "expired-session-key-that-no-longer-exists"


def test_text_sent_after_the_session_expired_comes_back_after_logging_in(client, user):
    """Save with an expired session: log in with the password, and the form holds the text again."""
    token = token_in(client.get(WRITE))
    expire(client)
    data = {"date": "2026-11-26", "body": "Words typed for an hour.", "token": token}
    response = client.post(WRITE, data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Entry.objects.exists()
    logged_in = client.post(
        reverse("account_login"),
        {"login": "ann@example.com", "password": "a long passphrase 42", "next": WRITE},
        follow=True,
    )
    html = logged_in.content.decode()
    assert "Words typed for an hour.</textarea>" in html
    assert 'value="2026-11-26"' in html
    client.post(WRITE, {**data, "token": token_in(logged_in)})
    assert Entry.objects.get().body == "Words typed for an hour."
    again = client.get(WRITE).content.decode()
    assert "Words typed for an hour." not in again


def test_an_edit_comes_back_after_logging_in_by_code(client, user, mailoutbox):
    """An edit comes back after logging in by emailed code, with the version it started from."""
    client.post(WRITE, {"date": "2026-11-27", "body": "Before."})
    page = client.get(EDIT)
    expire(client)
    data = {"body": "After.", "version": Entry.objects.get().version, "token": token_in(page)}
    login = client.post(EDIT, data).url
    client.get(login)
    sent = client.post(
        reverse("account_request_login_code"), {"email": "ann@example.com", "next": EDIT}
    )
    code = CODE.search(mailoutbox[-1].body)[0]
    response = client.post(sent.url, {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == EDIT
    assert "After.</textarea>" in response.content.decode()
    assert Entry.objects.get().body == "Before."


def test_someone_else_logging_in_next_does_not_get_the_text(client, user):
    """On a shared computer, the next person to log in is not handed another's words."""
    token = token_in(client.get(WRITE))
    expire(client)
    client.post(WRITE, {"date": "2026-11-27", "body": "Not yours.", "token": token})
    client.force_login(UserFactory())
    assert "Not yours." not in client.get(WRITE).content.decode()


def test_a_logged_out_form_without_a_token_keeps_nothing():
    """A form not made by Daybook (no valid token) is not stored while logged out."""
    anonymous = Client()
    anonymous.post(WRITE, {"date": "2026-11-27", "body": "Spam.", "token": "forged"})
    assert "unsent_form" not in anonymous.session


# With photos and the preview


def test_photos_sent_twice_with_one_form_are_added_once(client, user):
    """A write form with a photo, sent again (a retry), adds the entry and the photo once."""
    token = token_in(client.get(WRITE))
    for _ in range(2):
        photo = SimpleUploadedFile("a.jpg", images.jpeg(), content_type="image/jpeg")
        data = {"date": "2026-11-27", "body": "With a photo.", "token": token, "photos": [photo]}
        client.post(WRITE, data)
    assert Entry.objects.get().body == "With a photo."
    assert Photo.objects.count() == 1


def test_an_edit_conflict_keeps_the_photos_once_and_the_text_for_the_writer(client, user):
    """Photos sent with an edit that conflicts are kept once; the text comes back to send again."""
    client.post(WRITE, {"date": "2026-11-27", "body": "Before."})
    page = client.get(EDIT)
    version = Entry.objects.get().version
    Entry.objects.get().append("By email meanwhile.")
    photo = SimpleUploadedFile("a.jpg", images.jpeg(), content_type="image/jpeg")
    data = {"body": "Mine.", "version": version, "token": token_in(page), "photos": [photo]}
    conflict = client.post(EDIT, data)
    assert conflict.status_code == 409
    assert Photo.objects.count() == 1
    assert token_in(conflict) != data["token"]
    resent = {"body": "Mine.", "version": Entry.objects.get().version, "token": token_in(conflict)}
    client.post(EDIT, resent)
    assert Entry.objects.get().body == "Mine."
    assert Photo.objects.count() == 1


def test_the_preview_keeps_the_forms_token_and_text(client, user):
    """Previewing shows the same one-time token, so saving after a preview still saves once."""
    token = token_in(client.get(WRITE))
    data = {"date": "2026-11-27", "body": "*Soon* saved.", "token": token}
    html = client.post(reverse("entries:preview"), data).content.decode()
    assert "<em>Soon</em> saved." in html
    assert f'name="token" value="{token}"' in html
    client.post(WRITE, data)
    client.post(WRITE, data)
    assert Entry.objects.get().body == "*Soon* saved."


def test_text_previewed_after_the_session_expired_waits_on_the_write_page(client, user):
    """Preview with an expired session: after logging in, the write page holds the text."""
    token = token_in(client.get(WRITE))
    expire(client)
    data = {"date": "2026-11-26", "body": "Previewed too late.", "token": token}
    response = client.post(reverse("entries:preview"), data)
    assert response.url == f"{reverse('account_login')}?next={WRITE}"
    logged_in = client.post(
        reverse("account_login"),
        {"login": "ann@example.com", "password": "a long passphrase 42", "next": WRITE},
        follow=True,
    )
    assert "Previewed too late.</textarea>" in logged_in.content.decode()


def test_an_edit_previewed_after_the_session_expired_waits_on_the_edit_page(client, user):
    """An edit previewed with an expired session comes back on that day's edit page."""
    client.post(WRITE, {"date": "2026-11-27", "body": "Before."})
    page = client.get(EDIT)
    expire(client)
    data = {"body": "After.", "version": "1", "token": token_in(page), "editing": "2026-11-27"}
    response = client.post(reverse("entries:preview"), data)
    assert response.url == f"{reverse('account_login')}?next={EDIT}"
