"""The front door: what Daybook is, and the sign-up form."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_landing_page_says_what_daybook_is_and_offers_sign_up(client):
    """A visitor sees the two-sentence pitch and a sign-up form with a timezone."""
    response = client.get("/")
    assert response.status_code == 200
    assert "Every evening Daybook emails you one question" in response.text
    assert f'action="{reverse("account_signup")}"' in response.text
    assert 'name="timezone"' in response.text


def test_the_landing_page_sends_people_with_a_journal_to_it(client):
    """Someone logged in goes straight to their journal."""
    client.force_login(UserFactory())
    assert client.get("/").url == reverse("entries:journal")
