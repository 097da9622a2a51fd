"""Where you're logged in: allauth's usersessions, and keeping "last active" current cheaply."""

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from accounts.tests.logins import log_in_by_code

pytestmark = pytest.mark.django_db
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
)


def test_the_sessions_page_lists_each_browser_with_device_time_and_ip(mailoutbox):
    """Two browsers logged in: both listed by device and IP, this one marked."""
    user = UserFactory(email="jo@example.com")
    phone = Client(HTTP_USER_AGENT=SAFARI, REMOTE_ADDR="203.0.113.9")
    laptop = Client(HTTP_USER_AGENT=FIREFOX)
    log_in_by_code(phone, user.email, mailoutbox)
    log_in_by_code(laptop, user.email, mailoutbox)
    page = laptop.get(reverse("usersessions_list")).text
    assert "Where you're logged in" in page
    assert "Safari on iPhone" in page
    assert "203.0.113.9" in page
    assert 'Firefox on Windows <span class="badge">this browser</span>' in page
    assert "Sign out everywhere else" in page


def test_signing_out_everywhere_else_ends_the_other_sessions_only(mailoutbox):
    """ "Sign out everywhere else" logs the phone out and keeps this browser in."""
    user = UserFactory(email="kit@example.com")
    phone, laptop = Client(), Client()
    log_in_by_code(phone, user.email, mailoutbox)
    log_in_by_code(laptop, user.email, mailoutbox)
    response = laptop.post(reverse("usersessions_list"))
    assert response.status_code == 302
    page = laptop.get(reverse("entries:journal"))
    assert page.status_code == 200
    assert "You are signed out everywhere else." in page.text
    assert phone.get(reverse("entries:journal")).status_code == 302
    assert UserSession.objects.filter(user=user).count() == 1


def test_one_browser_alone_is_told_so(client):
    """With one session there is nothing else to sign out."""
    client.force_login(UserFactory())
    page = client.get(reverse("usersessions_list")).text
    assert "This browser is the only one logged in." in page
    assert "Sign out everywhere else" not in page


def test_last_active_is_written_at_most_every_five_minutes(client):
    """A session's "last active" moves on after five minutes, not on every request."""
    client.force_login(UserFactory())
    with time_machine.travel("2026-11-27 10:00Z", tick=False) as traveller:
        client.get(reverse("entries:journal"))
        first = UserSession.objects.get().last_seen_at
        traveller.shift(60)
        client.get(reverse("entries:journal"))
        assert UserSession.objects.get().last_seen_at == first
        traveller.shift(5 * 60)
        client.get(reverse("entries:journal"))
        assert UserSession.objects.get().last_seen_at > first


def test_anonymous_requests_record_nothing(client):
    """Someone not logged in leaves no session row."""
    client.get(reverse("landing"))
    assert not UserSession.objects.exists()
